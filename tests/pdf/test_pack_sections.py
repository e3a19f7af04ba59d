"""The pack's sections are declared once (pdf/pack_sections.py) and every list of them
(options, book order, editions, CLI help, export dialog) is read from there."""

from __future__ import annotations

import pytest

from briefing_app.cli import build_parser
from briefing_app.pdf import builder
from briefing_app.pdf.editions import PRESS_SECTIONS
from briefing_app.pdf.options import DEFAULT_SECTIONS, SECTIONS, Edition
from briefing_app.pdf.pack_sections import ALL_EDITIONS, PACK_SECTIONS, PackSection, sections_of


def test_every_builder_resolves_in_book_order():
    made = builder.section_builders()
    assert [name for name, _ in made] == [s.name for s in PACK_SECTIONS for _ in s.builders]
    assert all(callable(make) for _, make in made)
    assert {name for name, _ in made} | {"contents", "texts"} == set(SECTIONS)


def test_options_and_editions_read_the_declarations():
    assert SECTIONS == tuple(s.name for s in PACK_SECTIONS)
    # agreement texts, passport data, badges and reading copies are asked for
    assert DEFAULT_SECTIONS == frozenset(SECTIONS) - {"texts", "passports", "badges", "reading"}
    assert PRESS_SECTIONS == sections_of(Edition.PRESS)
    assert sections_of(Edition.POCKET) == {"programme"}
    assert sections_of(Edition.PERSON) == {"contents", "programme"}
    assert {e.value for e in Edition} == ALL_EDITIONS


def test_an_unknown_edition_is_refused():
    with pytest.raises(ValueError, match="unknown editions"):
        PackSection("gifts", "Gift register", editions=frozenset({"principle"}))


def test_the_cli_help_names_every_section(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for section in PACK_SECTIONS:
        assert section.name in out
    assert "texts (agreement texts and redlines)" in out
    assert "(default: all but texts, passports, badges, reading)" in out
