"""SMS segment counting that agrees with what Twilio bills.

The RSVP scheduler charges a workspace's SMS balance per segment and throttles sends per segment,
so an estimate that is off by one near a boundary costs real money. The rules and every boundary
case are in shared/research/sms-segments.md; Twilio's own calculator (npm `sms-segments-calculator`,
run by tests/oracle) is the reference this module is tested against, including its quirks:

* one encoding for the whole message: GSM-7 only when every character is in the TS 23.038 default
  alphabet or its extension table, otherwise UCS-2;
* an extension character is an escape pair (2 septets) in GSM-7 but a single unit in UCS-2;
* the unit of splitting is the extended grapheme cluster (so neither escape pairs, surrogate pairs,
  emoji sequences nor letters with combining marks are ever split), except that CR LF is two units;
* a message of at most 160 septets / 70 units is one segment; otherwise every segment carries a
  6-octet concatenation header and holds at most 153 septets / 67 units.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

import regex

Encoding = Literal["GSM-7", "UCS-2"]

ESC: Final = 0x1B

# 3GPP TS 23.038 §6.2.1, the GSM 7-bit default alphabet, indexed by septet value. Position 0x1B is the
# escape to the extension table, not a character, hence None (U+001B in a text is *not* GSM).
# fmt: off
GSM7_BASIC: Final[tuple[str | None, ...]] = (
    # 0x00-0x0F
    "@", "£", "$", "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø", "ø", "\r", "Å", "å",
    # 0x10-0x1F (Greek capitals are U+0394 Δ, U+03A6 Φ, ... never the look-alike Latin letters)
    "\u0394", "_", "\u03a6", "\u0393", "\u039b", "\u03a9", "\u03a0", "\u03a8",
    "\u03a3", "\u0398", "\u039e", None, "Æ", "æ", "ß", "É",
    # 0x20-0x2F (0x24 is the currency sign ¤, not $)
    " ", "!", '"', "#", "¤", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
    # 0x30-0x3F
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
    # 0x40-0x5F (0x40 is ¡, not @)
    "¡", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
    "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Ä", "Ö", "Ñ", "Ü", "§",
    # 0x60-0x7F (0x60 is ¿, not the backtick)
    "¿", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "ä", "ö", "ñ", "ü", "à",
)
# fmt: on

# 3GPP TS 23.038 §6.2.1.1, the default extension table: septet value after ESC -> character.
# Positions 0x0D (CR2) and 0x1B (reserved) are not characters and are left out.
GSM7_EXTENSION: Final[Mapping[int, str]] = MappingProxyType(
    {
        0x0A: "\f",
        0x14: "^",
        0x28: "{",
        0x29: "}",
        0x2F: "\\",
        0x3C: "[",
        0x3D: "~",
        0x3E: "]",
        0x40: "|",
        0x65: "€",
    }
)

# Cost in septets of each GSM-7 character, derived from the two tables above so that they stay the
# single source of truth.
_SEPTETS: Final[Mapping[str, int]] = MappingProxyType(
    {
        **{char: 1 for char in GSM7_BASIC if char is not None},
        **dict.fromkeys(GSM7_EXTENSION.values(), 2),
    }
)

# One SMS carries 140 octets. A concatenated message spends 6 of them on the User Data Header in
# *every* part (TS 23.040 §9.2.3.24.1), leaving 1072 bits: 153 septets or 67 UTF-16 units.
_CAPACITY: Final[Mapping[Encoding, tuple[int, int]]] = MappingProxyType({"GSM-7": (160, 153), "UCS-2": (70, 67)})

_GRAPHEME: Final = regex.compile(r"\X")
# Characters that can join a neighbour into one grapheme cluster (UAX #29 rules GB3, GB6-GB9c, GB11-GB13):
# CR (of CR LF), Extend (combining marks, emoji modifiers, viramas), ZWJ, SpacingMark, Prepend, regional
# indicators and the Hangul jamo L, V, T. A text with none of them has one cluster per character, which a
# character-class search finds four times faster than segmenting it (most invitations are such texts).
_JOINERS: Final = regex.compile(
    r"[\r\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}\p{Grapheme_Cluster_Break=SpacingMark}"
    r"\p{Grapheme_Cluster_Break=Prepend}\p{Grapheme_Cluster_Break=Regional_Indicator}"
    r"\p{Grapheme_Cluster_Break=L}\p{Grapheme_Cluster_Break=V}\p{Grapheme_Cluster_Break=T}]")


@dataclass(frozen=True)
class SegmentCount:
    encoding: Encoding
    segments: int
    units: int  # septets for GSM-7 (an extension character is 2), UTF-16 code units for UCS-2
    segment_units: tuple[int, ...]

    def as_json(self) -> dict[str, object]:
        """The exact object `bot segments --json` prints; the contract fixes its keys."""
        return {"encoding": self.encoding, "segments": self.segments, "units": self.units}


def is_gsm7(text: str) -> bool:
    """Whether the whole message can go out as GSM-7; one foreign character makes all of it UCS-2."""
    return all(char in _SEPTETS for char in text)


def _utf16_units(text: str) -> int:
    """UTF-16 length as JavaScript and the handset see it; a lone surrogate still costs one unit."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _clusters(text: str) -> list[str]:
    """Atomic pieces of a UCS-2 message: grapheme clusters, with CR LF given back as two pieces.

    Twilio's library splits CR LF apart again after grapheme segmentation (live sends confirm each
    costs one), so a CR LF may be split across two segments.
    """
    if _JOINERS.search(text) is None:
        return list(text)
    pieces: list[str] = []
    for cluster in _GRAPHEME.findall(text):
        if cluster == "\r\n":
            pieces.extend(("\r", "\n"))
        else:
            pieces.append(cluster)
    return pieces


def _pack(costs: Iterable[int], single: int, multi: int) -> tuple[int, ...]:
    """Fill segments greedily the way Twilio's `SegmentedMessage._buildSegments` does.

    The first segment is filled to the single-message capacity; only when an atom does not fit does it
    get its header, giving back from its end whatever no longer fits in the multi-part capacity. This
    is the plain "≤ single → 1, else greedy by multi" rule, and it also reproduces the library's result
    for a cluster bigger than a whole segment (an empty first segment, oversized parts), which real
    texts do not contain but a stack of combining marks can.
    """
    costs = list(costs)
    count = len(costs)
    if sum(costs) == count:  # every atom one unit (most texts): the greedy fill is plain arithmetic
        if count <= single:
            return (count,)
        return (multi,) * (count // multi) + ((count % multi,) if count % multi else ())
    segments: list[list[int]] = [[]]
    first_has_header = False
    used = 0  # units in segments[-1]
    for cost in costs:
        capacity = multi if first_has_header else single
        if capacity - used < cost:
            carried: list[int] = []
            if not first_has_header:
                first_has_header = True
                first = segments[0]
                total = sum(first)
                while total > multi:
                    moved = first.pop()
                    total -= moved
                    carried.insert(0, moved)
            segments.append(carried)
            used = sum(carried)
        segments[-1].append(cost)
        used += cost
    return tuple(sum(segment) for segment in segments)


def count_segments(text: str) -> SegmentCount:
    """Count segments as Twilio bills them (empty text is one segment, as in Twilio's library)."""
    if is_gsm7(text):
        # Every GSM-7 character is a grapheme cluster of its own (CR LF aside, which is split anyway),
        # so the characters themselves are the atoms.
        encoding: Encoding = "GSM-7"
        costs = [_SEPTETS[char] for char in text]
    else:
        encoding = "UCS-2"
        # Most clusters are one BMP character (one unit, a lone surrogate too); encode only the rest.
        costs = [1 if len(cluster) == 1 and cluster < "\U00010000" else _utf16_units(cluster)
                 for cluster in _clusters(text)]
    single, multi = _CAPACITY[encoding]
    segment_units = _pack(costs, single, multi)
    return SegmentCount(
        encoding=encoding,
        segments=len(segment_units),
        units=sum(segment_units),
        segment_units=segment_units,
    )


def count_characters(text: str) -> int:
    """User-visible characters (extended grapheme clusters), as per-character billing policies count.

    CR LF is one cluster here: a person sees one line break, unlike the SMS encoder which sends two.
    """
    return len(text) if _JOINERS.search(text) is None else len(_GRAPHEME.findall(text))


def billing_segments(text: str, chars_per_segment: int | None) -> int:
    """Segments a workspace is charged for, under its provider's own rule when it has one.

    Some providers bill by characters rather than by encoding (the event-rsvp policy: "up to 134
    characters is one segment, each further segment uses another message"); everyone else pays
    what Twilio bills.
    """
    if chars_per_segment is None:
        return count_segments(text).segments
    if chars_per_segment <= 0:
        raise ValueError(f"chars_per_segment must be positive, got {chars_per_segment}")
    return max(1, -(-count_characters(text) // chars_per_segment))
