"""The yardstick of webhook_throughput.py: a bare FastAPI app on the same uvicorn, one route that
answers a POST with a constant empty TwiML. Whatever the bot does beyond this is the turn's cost."""

from __future__ import annotations

from fastapi import FastAPI, Response

app = FastAPI()
TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'


@app.post("/webhooks/twilio/messages")
async def messages() -> Response:
    return Response(TWIML, media_type="application/xml")


@app.get("/readyz")
async def ready() -> Response:
    return Response("ok")
