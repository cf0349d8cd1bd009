"""Importing a guest file: upload, preview with the bad rows and why, then import (/app/events/{id}/import).

The preview lists the first BAD_ROWS_SHOWN bad rows and counts the rest (a file of thousands of bad rows
must not make a page of thousands); every bad row can be downloaded as CSV (/import/bad-rows), with the
import's columns so the owner can fix the file and upload it again.

The preview and the import are scheduler/rsvp/guest_import.py, as for the API and the CLI. Between the
two steps the file waits under DATA_DIR/console-imports/ (named by a random id the preview page
carries), so the owner does not upload it twice; it is removed after the import or within the hour.
Only the newest PENDING_PER_EVENT files of an event wait, and the folder holds at most PENDING_FILES files
(oldest removed first): each preview wrote up to MAX_UPLOAD_BYTES for an hour, so one event owner posting
previews in a loop filled the disk at about 10 MB a second (review, fifth look). One account reads one file
at a time (a preview or an import of 20,000 rows costs about a second of CPU): a second one meanwhile is
answered 429 at once, so one event owner cannot keep a server's cores busy (review N15).
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path
from typing import Annotated

from fastapi import Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.exc import IntegrityError

from bot.console.access import event_for
from bot.console.deps import DbDep, LoginDep, WorkspaceDep, lang_of
from bot.console.import_errors import import_error
from bot.console.inputs import one_of
from bot.console.notices import notice_url
from bot.console.routing import page_router
from bot.console.templating import redirect, render
from bot.core import limits
from bot.core.keyed_locks import KeyedLocks
from bot.deps import ServicesDep
from bot.services import Services
from scheduler.rsvp.errors import RsvpError
from scheduler.rsvp.guest_export import MEDIA_TYPES, bad_rows_csv, guest_template
from scheduler.rsvp.guest_import import import_guests

router = page_router()
KEEP_SECONDS = 3600
PENDING_PER_EVENT = 2    # the preview being read, and the one before it (a second tab, a re-upload)
PENDING_FILES = 40       # at most 40 x MAX_UPLOAD_BYTES (200 MiB by default) waiting, from every event
BAD_ROWS_SHOWN = 50
_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder(services: Services) -> Path:
    folder = Path(services.settings.data_dir) / "console-imports"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.upload"):
        if time.time() - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)
    return folder


def _bound(folder: Path, event_id: int | None) -> None:
    """Keeps the newest PENDING_PER_EVENT files of this event and the newest PENDING_FILES in all; an older
    preview's import then answers 'expired' (410) and the owner uploads the file again."""
    def newest_first(pattern: str) -> list[Path]:
        found = []
        for path in folder.glob(pattern):
            try:
                found.append((path.stat().st_mtime, path))
            except FileNotFoundError:  # removed meanwhile by another request
                continue
        return [path for _, path in sorted(found, key=lambda pair: pair[0], reverse=True)]

    for old in newest_first(f"{event_id}-*.upload")[PENDING_PER_EVENT:] + newest_first("*.upload")[PENDING_FILES:]:
        old.unlink(missing_ok=True)


@router.get("/events/{event_id}/import", summary="The import page")
def import_page(request: Request, event_id: int, logged: LoginDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    return render(request, "imports/form.html", {"event": event, "error": None})


@router.get("/events/{event_id}/import/template", summary="Download the guest-list template")
def template(request: Request, event_id: int, logged: LoginDep, session: DbDep, format: str = "xlsx") -> Response:
    event_for(session, logged.user, event_id)
    fmt = one_of(format, ("xlsx", "csv"))
    return Response(guest_template(fmt, lang_of(request)), media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="guests-template.{fmt}"'})


@router.post("/events/{event_id}/import", summary="Upload a guest file: the preview")
def preview(request: Request, event_id: int, file: UploadFile, logged: LoginDep, workspace: WorkspaceDep,
            services: ServicesDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    data = file.file.read(limits.current().upload_bytes + 1)
    name = (file.filename or "upload.csv")[-100:]
    try:
        with _READING.turn(logged.user.id) as free:
            if not free:
                return render(request, "imports/form.html", {"event": event, "error": "busy"}, status_code=429)
            result, _ = import_guests(session, workspace, event, name, data, now=services.now(), dry_run=True,
                                      lang=lang_of(request))
    except RsvpError as exc:
        return render(request, "imports/form.html", {"event": event, "error": import_error(exc, lang_of(request))},
                      status_code=422)
    upload_id = secrets.token_urlsafe(24)
    suffix = ".xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else ".csv"
    folder = _folder(services)
    (folder / f"{event.id}-{upload_id}{suffix}.upload").write_bytes(data)
    _bound(folder, event.id)
    bad = result.bad_rows
    return render(request, "imports/preview.html", {"event": event, "preview": result, "counts": result.counts(),
                                                    "upload_id": upload_id, "suffix": suffix, "filename": name,
                                                    "bad_shown": bad[:BAD_ROWS_SHOWN],
                                                    "bad_more": max(0, len(bad) - BAD_ROWS_SHOWN)})


_READING = KeyedLocks()  # per account, in this process


def _upload(services: Services, event_id: int | None, upload_id: str, suffix: str) -> Path:
    """The previewed file waiting for its import (404 for an id or suffix the preview never gave)."""
    if not _ID.match(upload_id) or suffix not in (".csv", ".xlsx"):
        raise HTTPException(404, "no such upload")
    return _folder(services) / f"{event_id}-{upload_id}{suffix}.upload"


@router.get("/events/{event_id}/import/bad-rows", summary="Download every bad row of the previewed file (CSV)")
def bad_rows(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep,
             session: DbDep, upload_id: str, suffix: str = ".csv") -> Response:
    event = event_for(session, logged.user, event_id)
    path = _upload(services, event.id, upload_id, suffix)
    if not path.exists():
        return render(request, "imports/form.html", {"event": event, "error": "expired"}, status_code=410)
    lang = lang_of(request)
    try:
        result, _ = import_guests(session, workspace, event, f"upload{suffix}", path.read_bytes(),
                                  now=services.now(), dry_run=True, lang=lang)
    except RsvpError as exc:
        return render(request, "imports/form.html", {"event": event, "error": import_error(exc, lang_of(request))},
                      status_code=422)
    return Response(bad_rows_csv(result.bad_rows, lang), media_type=MEDIA_TYPES["csv"],
                    headers={"Content-Disposition": 'attachment; filename="bad-rows.csv"'})


@router.post("/events/{event_id}/import/confirm", summary="Import the good rows of the previewed file")
def confirm(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep,
            session: DbDep, upload_id: Annotated[str, Form()], suffix: Annotated[str, Form()] = ".csv") -> Response:
    event = event_for(session, logged.user, event_id)
    path = _upload(services, event.id, upload_id, suffix)
    if not path.exists():
        return render(request, "imports/form.html", {"event": event, "error": "expired"}, status_code=410)
    try:
        with _READING.turn(logged.user.id) as free:
            if not free:
                return render(request, "imports/form.html", {"event": event, "error": "busy"}, status_code=429)
            _, report = import_guests(session, workspace, event, f"upload{suffix}", path.read_bytes(),
                                      now=services.now(), lang=lang_of(request))
        session.commit()
    except (RsvpError, IntegrityError) as exc:
        session.rollback()
        message = import_error(exc, lang_of(request)) if isinstance(exc, RsvpError) else "concurrent"
        return render(request, "imports/form.html", {"event": event, "error": message}, status_code=409)
    path.unlink(missing_ok=True)
    assert report is not None
    return redirect(request, notice_url(request, f"/app/events/{event.id}/guests",
                                        imported=str(report.created + report.updated)))
