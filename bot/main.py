"""The ASGI entry point uvicorn imports (`bot.main:app`)."""

from bot.app import create_app

app = create_app()
