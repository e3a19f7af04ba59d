"""The main window's views, one per module, created the first time they are shown.

VIEWS lists them in menu order: (key, title, module, class name).
"""

VIEWS: tuple[tuple[str, str, str, str], ...] = (
    ("programme", "Programme", "briefing_app.gui.views.programme_view", "ProgrammeView"),
    ("timeline", "Timeline", "briefing_app.gui.views.timeline_view", "TimelineView"),
    ("brief", "Brief", "briefing_app.gui.views.brief_view", "BriefView"),
    ("people", "People", "briefing_app.gui.views.people_view", "PeopleView"),
    ("talking-points", "Talking points", "briefing_app.gui.views.points_view", "PointsView"),
    ("facts", "Facts", "briefing_app.gui.views.facts_view", "FactsView"),
    ("agreements", "Agreements", "briefing_app.gui.views.agreements_view", "AgreementsView"),
    ("search", "Search", "briefing_app.gui.views.search_view", "SearchView"),
    ("press-qa", "Press Q&&A", "briefing_app.gui.views.press_qa_view", "PressQAView"),
    ("venues", "&Venues", "briefing_app.gui.views.venues_view", "VenuesView"),
    ("seating", "Seating", "briefing_app.gui.views.seating_view", "SeatingView"),
    ("delegation", "Delegation", "briefing_app.gui.views.delegation_view", "DelegationView"),
    ("movements", "Movements", "briefing_app.gui.views.movements_view", "MovementsView"),
    ("gifts", "Gifts", "briefing_app.gui.views.gifts_view", "GiftsView"),
    ("speeches", "Speeches", "briefing_app.gui.views.speeches_view", "SpeechesView"),
)

VIEW_KEYS = tuple(v[0] for v in VIEWS)


def view_shortcut(n: int) -> str:
    """The key of the n-th view (from 1): Ctrl+1 … Ctrl+9, Ctrl+0 for the tenth, and
    Ctrl+Shift+1 … for the ones after (the digits have run out)."""
    if n <= 9:
        return f"Ctrl+{n}"
    return "Ctrl+0" if n == 10 else f"Ctrl+Shift+{n - 10}"
