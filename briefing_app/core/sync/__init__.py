"""Offline and back (issue 11): a visit taken from the team server into a laptop's
SQLite file, and synced back. docs/team-server.md "Offline and back" says how.

- `tables`: the sync state in the local file and the server's tombstones;
- `rows`: a visit's rows as the sync sees them (the bundle's JSON of each row, by UUID);
- `offline`: taking a visit offline; `run`: a sync (pull, then push);
- `conflicts`: the fields both sides changed, and the user's choice between them.
"""
