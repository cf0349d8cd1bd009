"""Ways out to customers, chosen by the `CHANNEL` setting."""

from __future__ import annotations

from bot.channels.base import OutputChannel, SendError, SendResult, SentRecord
from bot.channels.console import ConsoleChannel
from bot.channels.twilio import TwilioChannel
from bot.core.settings import Settings


def build_channel(settings: Settings) -> OutputChannel:
    if settings.channel == "twilio":
        return TwilioChannel(account_sid=settings.twilio_account_sid, auth_token=settings.twilio_token,
                             api_base=settings.twilio_api_base)
    return ConsoleChannel()


__all__ = ["ConsoleChannel", "OutputChannel", "SendError", "SendResult", "SentRecord", "TwilioChannel",
           "build_channel"]
