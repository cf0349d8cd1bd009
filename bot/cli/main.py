"""The `bot` command: assembles each command module (also `python -m bot`)."""

from __future__ import annotations

import typer

from bot.cli import ask, campaigns, chat, customers, events, kb, segments, serve, stories

app = typer.Typer(help="Messaging back office: support bot and RSVP messenger", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
app.command("serve")(serve.serve)
app.command("migrate")(serve.migrate)
app.command("scheduler")(serve.scheduler)
app.command("chat")(chat.chat)
app.command("ask")(ask.ask)
app.command("segments")(segments.segments)
app.command("test-conversations")(stories.test_conversations)
app.add_typer(kb.app, name="kb")
app.add_typer(customers.app, name="customers")
app.add_typer(events.app, name="events")
app.add_typer(events.guests_app, name="guests")
app.add_typer(campaigns.app, name="campaigns")
app.command("retention")(campaigns.retention)
