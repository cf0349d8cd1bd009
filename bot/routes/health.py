"""Liveness, readiness and metrics for operators, process supervisors and load balancers."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot import readiness, spool
from bot.core.metrics import REGISTRY
from bot.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process serves requests (no database call)")
async def healthz(services: ServicesDep) -> Response:
    """For a process supervisor: restarting this process would not help while it answers here.
    Whether it should get traffic is /readyz. "degraded" (still 200) while messages acknowledged with a
    503 wait in the spool for the database: a folder listing, no database call (issue 13)."""
    spooled = await run_in_threadpool(spool.pending_count, services.settings.data_dir)
    return JSONResponse({"status": "degraded" if spooled else "ok", "workspaces": len(services.workspaces),
                         "spooled": spooled})


@router.get("/readyz", summary="Readiness: database reachable, knowledge indexes built, spool reported",
            responses={503: {"description": "Not ready yet: the same report, saying what is missing"}})
async def readyz(services: ServicesDep) -> Response:
    """For a load balancer: 503 until this process can answer a customer (see bot.readiness)."""
    ready, details = await run_in_threadpool(readiness.check, services)
    return JSONResponse(details, status_code=200 if ready else 503)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response,
            responses={200: {"description": "Prometheus text format",
                             "content": {"text/plain": {"schema": {"type": "string"}}}}})
async def metrics() -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> Response:
    """Browsers ask for it on every console and guest page; the service has no icon, so an empty answer
    they keep for a day instead of a 404 in the access log and the browser's console at each visit."""
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})
