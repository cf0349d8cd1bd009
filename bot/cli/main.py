"""The `bot` command: assembles each command module (also `python -m bot`)."""

from __future__ import annotations

import typer

from bot.cli import ask, chat, kb, segments, serve, stories

app = typer.Typer(help="Messaging back office: support bot and RSVP messenger", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
app.command("serve")(serve.serve)
app.command("migrate")(serve.migrate)
app.command("chat")(chat.chat)
app.command("ask")(ask.ask)
app.command("segments")(segments.segments)
app.command("test-conversations")(stories.test_conversations)
app.add_typer(kb.app, name="kb")
