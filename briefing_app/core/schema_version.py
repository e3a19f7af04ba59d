"""The schema revisions this version of the app knows, oldest first.

Kept in plain Python so opening an up-to-date database never imports Alembic; a test
checks this list against the migration scripts in db/versions.
"""

KNOWN_REVISIONS: tuple[str, ...] = ("0001_initial", "0002_search_folding", "0003_read_indexes",
                                   "0004_press_pack", "0005_book_fields",
                                   "0006_search_book_fields", "0007_venue_country_prior_status",
                                   "0008_precedence_seating", "0008b_protocol_lists",
                                   "0009_levels", "0010_audit", "0011_sync_state",
                                   "0012_type_columns", "0013_delegate_passports",
                                   "0014_event_briefs", "0015_visit_briefs")
HEAD_REVISION = KNOWN_REVISIONS[-1]
