"""The guest page's picture and colours are checked before they are kept, and the title and venue follow
the guest's language with the default as fallback (page, calendar, campaign messages)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from bot.core.models import EventImage
from bot.core.workspaces import Workspace
from scheduler.campaigns.templates import EventValues, values_for
from scheduler.rsvp.branding import (
    MAX_BYTES,
    BrandingError,
    clean_image,
    contrast,
    save_image,
    set_colours,
)
from scheduler.rsvp.event_texts import event_title, event_venue, set_localized
from scheduler.rsvp.invitation import calendar_file
from scheduler.rsvp.messages import event_name
from tests.rsvp.conftest import make_event
from tests.rsvp.images import jpeg, png

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def test_contrast_is_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_colours_must_stay_readable(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    set_colours(event, "#7A1F5C", "#FFF8E7")
    assert (event.theme_accent, event.theme_background) == ("#7a1f5c", "#fff8e7")
    with pytest.raises(BrandingError) as light:
        set_colours(event, "#f0c0d0", None)  # white text on pale pink
    assert light.value.code == "low_contrast_accent" and light.value.values["ratio"] == "1.6"
    with pytest.raises(BrandingError) as dark:
        set_colours(event, None, "#303030")  # dark text on a dark background
    assert dark.value.code == "low_contrast_background"
    for bad in ("red", "#12345", "#1234567", "#ggg000", "url(x)"):
        with pytest.raises(BrandingError):
            set_colours(event, bad, None)
    assert (event.theme_accent, event.theme_background) == ("#7a1f5c", "#fff8e7")  # a refusal changes nothing
    set_colours(event, "#2b6e4f", "#f6f4ef")  # the standard look: stored as none
    assert (event.theme_accent, event.theme_background) == (None, None)


def test_png_keeps_the_picture_and_drops_text_and_exif() -> None:
    source = png(64, 32, extra=((b"tEXt", b"Author\x00Dana Cohen"), (b"eXIf", b"GPS 32.08N 34.78E"),
                                (b"pHYs", b"\x00\x00\x0b\x13\x00\x00\x0b\x13\x01")))
    clean = clean_image(source)
    assert (clean.content_type, clean.width, clean.height) == ("image/png", 64, 32)
    assert b"Dana" not in clean.data and b"GPS" not in clean.data and b"pHYs" in clean.data
    assert clean.data.endswith(b"IEND\xae\x42\x60\x82")


def test_jpeg_loses_exif_and_comments_but_keeps_its_frame() -> None:
    clean = clean_image(jpeg(320, 200, exif=b"GPS 32.08N 34.78E Canon"))
    assert (clean.content_type, clean.width, clean.height) == ("image/jpeg", 320, 200)
    assert b"GPS" not in clean.data and b"a comment" not in clean.data and b"JFIF" in clean.data
    assert clean.data.startswith(b"\xff\xd8") and clean.data.endswith(b"\xff\xd9")


@pytest.mark.parametrize(("data", "code"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image_type"),
    (b"GIF89a" + bytes(20), "image_type"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image_type"),
    (png(8, 8)[:-20], "bad_image"),                                   # cut short
    (png(8, 8).replace(b"IDAT", b"IDAT", 1)[:40] + b"\x00" * 30, "bad_image"),
    (png(8, 8)[:33] + png(8, 8)[33:].replace(b"IEND", b"IENX"), "bad_image"),  # CRC no longer matches
    (jpeg()[:-2].replace(b"\xff\xd9", b""), "bad_image"),             # no end marker
    (png(7000, 1), "image_too_large_sides"),
    (b"\x89PNG\r\n\x1a\n" + bytes(MAX_BYTES), "image_too_big"),
])
def test_refused_pictures(data: bytes, code: str) -> None:
    with pytest.raises(BrandingError) as refused:
        clean_image(data)
    assert refused.value.code == code


def test_a_new_picture_replaces_the_old(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    save_image(session, event, png(10, 10), NOW)
    session.commit()
    save_image(session, event, jpeg(20, 30), NOW)
    session.commit()
    kept = session.get(EventImage, event.id)
    assert kept is not None and (kept.content_type, kept.width, kept.height) == ("image/jpeg", 20, 30)


def test_title_and_venue_follow_the_guests_language(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    event.title = "החתונה של דנה ואבי"
    set_localized(event, {"ru": {"title": "  Свадьба   Даны и Ави ", "venue": "Зал «Сад»"},
                          "en": {"title": "Dana & Avi's wedding", "venue": ""}, "xx": {"title": "ignored"}})
    assert event.localized == {"ru": {"title": "Свадьба Даны и Ави", "venue": "Зал «Сад»"},
                               "en": {"title": "Dana & Avi's wedding"}}
    assert (event_title(event, "ru"), event_venue(event, "ru")) == ("Свадьба Даны и Ави", "Зал «Сад»")
    assert (event_title(event, "en"), event_venue(event, "en")) == ("Dana & Avi's wedding", "Example Hall")
    assert (event_title(event, "he"), event_venue(event, None)) == ("החתונה של דנה ואבי", "Example Hall")
    assert event_name(event, "ru") == "Свадьба Даны и Ави"
    values = EventValues.of(event)
    assert values_for(values, "Anna", "l", None, "ru")["venue"] == "Зал «Сад»"
    assert values_for(values, "Anna", "l", None, "en")["event"] == "Dana & Avi's wedding"
    assert values_for(values, "Dana", "l", None, "he")["event"] == "החתונה של דנה ואבי"
    ics = calendar_file(event, event_name(event, "ru"), "uid", NOW, location=event_venue(event, "ru"))
    assert "Зал «Сад»".encode() in ics


def test_an_untitled_event_in_another_language_is_still_named_by_its_type(session: Session,
                                                                         workspace: Workspace) -> None:
    event = make_event(session, workspace)
    set_localized(event, {"ru": {"venue": "Зал"}})
    assert event_name(event, "ru") == "свадьба" or event_name(event, "ru").lower().startswith("свадьб")


def test_the_api_takes_and_shows_the_title_and_venue_per_language(client: object) -> None:
    """An extension of POST /events: `localized` is optional, and the listing shows it."""
    from tests.rsvp.test_api import AUTH, BASE, create

    made = create(client, key="loc-1", localized={"ru": {"title": "Свадьба", "venue": "Зал"}, "en": {"title": "W"}})
    assert made["localized"] == {"ru": {"title": "Свадьба", "venue": "Зал"}, "en": {"title": "W"}}
    listed = client.get(f"{BASE}/events", headers=AUTH).json()  # type: ignore[attr-defined]
    assert listed[0]["localized"]["ru"]["venue"] == "Зал"
    refused = client.post(f"{BASE}/events", headers=AUTH, json={  # type: ignore[attr-defined]
        "key": "loc-2", "starts_at": "2027-03-12T19:30:00+02:00", "venue": "Hall",
        "owner": {"name": "Dana", "phone": "+972522000001"}, "localized": {"fr": {"title": "Mariage"}}})
    assert refused.status_code == 422


@pytest.mark.parametrize(("kind", "size", "kept"), [
    ("PNG", (3000, 1200), (2000, 800)),
    ("JPEG", (2400, 3200), (1500, 2000)),
])
def test_a_big_picture_is_scaled_down_to_what_a_phone_shows(kind: str, size: tuple[int, int],
                                                             kept: tuple[int, int]) -> None:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, kind)
    clean = clean_image(out.getvalue())
    assert (clean.width, clean.height) == kept and clean.content_type == f"image/{kind.lower()}"
    with Image.open(io.BytesIO(clean.data)) as picture:  # what is stored decodes, at the size it says
        assert picture.format == kind and picture.size == kept
        assert picture.getpixel((kept[0] // 2, kept[1] // 2))[:3] == pytest.approx((200, 120, 40), abs=3)


def test_a_big_picture_whose_pixels_do_not_decode_is_refused() -> None:
    """Its chunks are well formed (the parser passes it), but the pixel data stops after 50 bytes."""
    import struct
    import zlib

    from tests.rsvp.images import _chunk

    header = struct.pack(">IIBBBBB", 3000, 10, 8, 2, 0, 0, 0)
    cut = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\x00" * 50))
           + _chunk(b"IEND", b""))
    with pytest.raises(BrandingError) as caught:
        clean_image(cut)
    assert caught.value.code == "bad_image"
