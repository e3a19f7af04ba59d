"""Exchange formats: visit bundles between laptops and calendar (ICS) files.

- `bundle_export.export_bundle(db, visit_id, out)` writes one JSON file with the whole
  visit; `bundle_merge.import_bundle(db, path)` validates it completely and merges it
  by UUID in one transaction (see the rule in `bundle_merge`).
- `ics_export.export_ics(db, visit_id, out, person_id=None)` writes RFC 5545 with
  VTIMEZONEs; `ics_import.import_ics(db, path, visit_id)` reads events, expanding
  recurrences within the visit's dates.

Everything here treats its input as hostile (see docs/interop.md). Never imports Qt.
"""
