"""An unknown field names the field it most likely meant, and a field in single braces (which every guest
would get as typed, braces and all) is refused with its two-brace form; API and CLI read the same sentence."""

from __future__ import annotations

import pytest

from scheduler.campaigns.templates import TemplateError, check_template


@pytest.mark.parametrize(("typed", "meant"), [("{{ nmae }}", "{{ name }}"), ("{{ Name }}", "{{ name }}"),
                                              ("{{ שם }}", "{{ name }}"), ("{{ место }}", "{{ venue }}"),
                                              ("{{ tabel }}", "{{ table }}")])
def test_an_unknown_field_names_what_it_meant(typed: str, meant: str) -> None:
    with pytest.raises(TemplateError) as refused:
        check_template("invitation", f"שלום {typed}")
    assert refused.value.code == "unknown_field"
    assert refused.value.values["meant"] == meant
    assert f"did you mean {meant}?" in str(refused.value)


def test_an_unknown_field_like_no_known_one_lists_the_known_ones() -> None:
    with pytest.raises(TemplateError) as refused:
        check_template("invitation", "hi {{ guest_phone_number }}")
    assert refused.value.values["meant"] == ""
    assert "{{ name }}" in refused.value.values["known"]


@pytest.mark.parametrize("typed", ["{name}", "{ venue }", "{table}"])
def test_single_braces_are_refused_with_the_two_brace_form(typed: str) -> None:
    with pytest.raises(TemplateError) as refused:
        check_template("invitation", f"שלום {typed}, נתראה")
    assert refused.value.code == "single_braces"
    assert refused.value.values["fixed"] == "{{ " + typed.strip("{} ") + " }}"


def test_two_braces_and_other_braces_pass() -> None:
    check_template("invitation", "שלום {{ name }} {{name}} {x} {{ link }}")
