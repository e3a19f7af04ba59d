"""The pack's sections, declared once: name, label, builders, default and editions.

Everything that lists sections reads them from here: the options' validation
(`options.SECTIONS`, `DEFAULT_SECTIONS`), the book's order (`builder.story`), the
editions' rules (`editions.py`), the CLI's `--sections` help and the export dialog's
check boxes. Kept free of ReportLab (the GUI and the CLI read it at start-up): builders
are named as "module.function" in `briefing_app.pdf.sections` and looked up when a
book is composed (`builder.section_builders`).
"""

from __future__ import annotations

from dataclasses import dataclass

# Edition values (options.Edition is a StrEnum: its members equal these strings).
ALL_EDITIONS = frozenset({"principal", "delegation", "press", "pocket", "person"})
_BOOKS = frozenset({"principal", "delegation"})


@dataclass(frozen=True)
class PackSection:
    name: str  # what --sections and saved export settings call it
    label: str  # its check box in the export dialog
    builders: tuple[str, ...] = ()  # "module.function", in book order; () = no pages of
    # its own (the contents are made last; `texts` adds agreement texts to other sections)
    default: bool = True  # chosen unless the user says otherwise
    editions: frozenset[str] = _BOOKS  # the editions that may print it
    help: str = ""  # what the name does not say, for the CLI help

    def __post_init__(self) -> None:
        unknown = set(self.editions) - ALL_EDITIONS
        if unknown:
            raise ValueError(f"section {self.name}: unknown editions {sorted(unknown)}")


# In book order.
PACK_SECTIONS: tuple[PackSection, ...] = (
    PackSection("contents", "Contents", editions=_BOOKS | {"press", "person"}),
    PackSection("steering", "Steering brief", ("cover.steering",)),
    PackSection("programme", "Programme", ("programme.glance", "programme.day_by_day"),
                editions=ALL_EDITIONS),
    PackSection("briefs", "Meeting briefs", ("briefs.briefs",)),
    PackSection("deliverables", "Agreements register", ("deliverables.register",),
                editions=_BOOKS | {"press"}),
    PackSection("texts", "Agreement texts", default=False, editions=_BOOKS | {"press"},
                help="agreement texts and redlines"),
    PackSection("biographies", "Biographies", ("reference.biographies",),
                editions=_BOOKS | {"press"}),
    PackSection("facts", "Facts and figures", ("reference.facts",)),
    PackSection("press", "Press lines and Q&A", ("press.press_lines_and_qa",),
                editions=_BOOKS | {"press"}, help="press lines and Q&A"),
    # The protocol office (issue 13). "protocol" is the group: each part is a function of
    # its own.
    PackSection("protocol", "Protocol office",
                ("seating.plans", "protocol_lists.delegation_list", "protocol_lists.movements",
                 "protocol_lists.gift_register"),
                help="seating plans, delegation list without passport data, car plans, rooming, gifts"),
    # Restricted: passport numbers, dates of birth and passport expiry reach no other
    # page, and only the delegation's edition may print this (pdf/editions.py).
    PackSection("passports", "Delegation list with passport data (restricted)",
                ("protocol_lists.passport_list",), default=False,
                editions=frozenset({"delegation"}),
                help="restricted, delegation edition only"),
    PackSection("badges", "Badges", ("badges.badge_sheet",), default=False,
                editions=frozenset({"delegation"}), help="a sheet of delegation badges"),
    PackSection("reading", "Speech reading copies", ("reading_copy.reading_copies",),
                default=False, help="speeches in large type"),
)
BY_NAME: dict[str, PackSection] = {s.name: s for s in PACK_SECTIONS}


def sections_of(edition: str) -> frozenset[str]:
    """The sections an edition may print."""
    return frozenset(s.name for s in PACK_SECTIONS if edition in s.editions)


def sections_help() -> str:
    """The CLI's help for --sections."""
    names = ", ".join(f"{s.name} ({s.help})" if s.help else s.name for s in PACK_SECTIONS)
    left_out = ", ".join(s.name for s in PACK_SECTIONS if not s.default)
    return f"comma-separated: {names} (default: all but {left_out})"
