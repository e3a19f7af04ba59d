"""The main window and what acts for it: layout, menus, docks, the *_actions modules."""
