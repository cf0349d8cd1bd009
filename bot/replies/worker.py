"""The background worker of each web process: replay the spool, answer queued jobs, sweep for orphans.

One loop, woken by the webhook when it leaves a job and otherwise polling: it stores spooled
messages as soon as the database answers again, claims due jobs (several workers and processes
share the table safely, see `jobs`), answers each through the channel's REST API in a small
thread pool, and in passing takes over claims whose lease ran out (a process that crashed between
storing and answering) and gives up on REST calls lost in flight (`unknown`, never resent).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor, wait

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bot import inbound as inbound_door
from bot import spool
from bot.core.db import write_scope
from bot.core.models import Message, ReplyState
from bot.replies import answering, jobs
from bot.replies.jobs import Claim
from bot.services import Services

log = logging.getLogger("bot.replies")
EXTRAS_KEY = "reply_worker"
CONCURRENCY = 4          # jobs answered at once per process (each may wait for the model)
POLL_SECONDS = 0.5       # how often an idle worker looks for due jobs and the spool
MAX_BACKOFF_SECONDS = 5.0
MAX_ATTEMPTS = 5         # a job whose answering keeps crashing is given up (logged, state failed)


def replay_spool(services: Services) -> int:
    """Store every spooled message (deduplicated by MessageSid), deleting each file only after its
    commit; stops at the first database error and keeps the rest. How many were stored."""
    data_dir = services.settings.data_dir
    spool.clean_stale_temporaries(data_dir)
    stored = 0
    for path in spool.pending(data_dir):
        message = spool.load(path)
        if message is not None:
            inbound_door.store(services, message, inline=False)
            stored += 1
        spool.remove(path)
    if stored:
        log.info("replayed %d spooled inbound messages", stored)
    return stored


def answer_job(services: Services, claim: Claim) -> None:
    """Answer one claimed job through the REST API."""
    try:
        with Session(services.engine) as session:
            message = session.get(Message, claim.message_id)
            inbound = answering.inbound_of(session, message) if message is not None else None
        if inbound is None or services.workspaces.by_slug(inbound.workspace) is None:
            _give_up(services, claim, "no_workspace")
            return
        outcome = answering.answer(services, inbound, claim, "rest")
        if outcome is None:
            return
        result, reply_id = outcome
        if reply_id is not None and result.reply:
            answering.deliver(services, inbound, claim, reply_id, result.reply)
        answering.after_turn(services, inbound, result)
    except OperationalError:
        log.warning("reply job %s: database unavailable, retried later", claim.job_id)
        inbound_door.give_back(services, claim)
    except Exception:
        log.exception("reply job %s failed", claim.job_id)
        if claim.attempts >= MAX_ATTEMPTS:
            _give_up(services, claim, "crashed")
        else:
            inbound_door.give_back(services, claim)


def _give_up(services: Services, claim: Claim, why: str) -> None:
    with write_scope(services.engine) as session:
        jobs.finish(session, claim, services.now(), ReplyState.failed, error=why)
    log.error("reply job %s given up: %s", claim.job_id, why)


class ReplyWorker:
    """The loop; `wake()` from the event loop when a job was just left for it."""

    def __init__(self, services: Services, concurrency: int = CONCURRENCY, poll: float = POLL_SECONDS) -> None:
        self.services = services
        self.concurrency = concurrency
        self.poll = poll
        self.lease = jobs.worker_lease(services.settings.openai_timeout_seconds)
        self._event: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._pool = ThreadPoolExecutor(concurrency, thread_name_prefix="reply")
        self._stopping = False

    def start(self) -> None:
        self._event = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="reply-worker")

    def wake(self) -> None:
        if self._event is not None:
            self._event.set()

    async def stop(self, timeout: float = 10.0) -> None:
        self._stopping = True
        self.wake()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, timeout)
            except (TimeoutError, asyncio.CancelledError):
                log.warning("reply worker still busy at shut-down; its claims run out and are swept")
        self._pool.shutdown(wait=False, cancel_futures=True)

    def tick(self) -> int:
        """One round: replay the spool, answer due jobs. How much work was done."""
        done = replay_spool(self.services) if spool.pending_count(self.services.settings.data_dir) else 0
        claims = jobs.claim_batch(self.services.engine, self.services.now(), self.concurrency, self.lease)
        wait([self._pool.submit(answer_job, self.services, claim) for claim in claims])
        return done + len(claims)

    async def _run(self) -> None:
        assert self._event is not None
        delay = self.poll
        failing = False
        while not self._stopping:
            try:
                busy = await asyncio.to_thread(self.tick)
                if failing:
                    log.info("database answers again; reply worker resumed")
                failing, delay = False, self.poll
                if busy:
                    continue
            except OperationalError:
                if not failing:
                    log.warning("database unavailable; reply worker retries (spool kept)")
                failing, delay = True, min(delay * 2, MAX_BACKOFF_SECONDS)
            except Exception:
                log.exception("reply worker round failed")
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)
            self._event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), delay)


def replay_and_answer(services: Services) -> int:
    """Synchronously: replay the spool and answer every due job (start-up, tests). Messages replayed."""
    worker = ReplyWorker(services)
    try:
        replayed = replay_spool(services)
        while worker.tick():
            pass
        return replayed
    finally:
        worker._pool.shutdown(wait=True)


def wake(services: Services) -> None:
    worker = services.extras.get(EXTRAS_KEY)
    if worker is not None:
        worker.wake()


def install(services: Services) -> None:
    """Run the worker with the web process (services.extras on_start / on_stop)."""
    if services.extras.get("reply_worker_installed"):
        return
    services.extras["reply_worker_installed"] = True

    async def start(services: Services) -> None:
        worker = ReplyWorker(services)
        services.extras[EXTRAS_KEY] = worker
        worker.start()

    async def stop(services: Services) -> None:
        worker = services.extras.pop(EXTRAS_KEY, None)
        if worker is not None:
            await worker.stop()

    services.extras.setdefault("on_start", []).append(start)
    services.extras.setdefault("on_stop", []).append(stop)
