"""Liveness and metrics for operators and load balancers."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.core.metrics import REGISTRY
from bot.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness, with a database check")
async def healthz(services: ServicesDep) -> Response:
    def ping() -> bool:
        try:
            with services.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except OperationalError:
            return False

    ok = await run_in_threadpool(ping)
    if not ok:
        return JSONResponse({"status": "degraded", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok", "workspaces": len(services.workspaces)})


@router.get("/metrics", summary="Prometheus metrics", response_class=Response,
            responses={200: {"description": "Prometheus text format",
                             "content": {"text/plain": {"schema": {"type": "string"}}}}})
async def metrics() -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
