"""The `bot` command line (typer); each command group in its own module."""
