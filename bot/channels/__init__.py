"""Ways out to customers, chosen by the `CHANNEL` setting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.channels.base import OutputChannel, SendError, SendResult, SentRecord
from bot.channels.console import ConsoleChannel
from bot.core.settings import Settings

if TYPE_CHECKING:
    from bot.channels.twilio import TwilioChannel


def build_channel(settings: Settings) -> OutputChannel:
    if settings.channel == "twilio":
        from bot.channels.twilio import TwilioChannel

        return TwilioChannel(account_sid=settings.twilio_account_sid, auth_token=settings.twilio_token,
                             api_base=settings.twilio_api_base)
    return ConsoleChannel()


def __getattr__(name: str) -> Any:
    """`TwilioChannel` is imported when asked for: the Twilio SDK's REST client is a few hundred
    milliseconds of every start that a console-channel server or a CLI command never uses."""
    if name == "TwilioChannel":
        from bot.channels.twilio import TwilioChannel

        return TwilioChannel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ConsoleChannel", "OutputChannel", "SendError", "SendResult", "SentRecord", "TwilioChannel",
           "build_channel"]
