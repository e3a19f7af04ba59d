"""The desktop window (PySide6).

Nothing here writes the database directly: every user action becomes one undoable
command (`commands.py`) that calls one core operation, and the views reload from the
core afterwards. Modules import the core (and so SQLAlchemy) lazily, inside functions,
so that the window paints before the database layer is loaded.
"""
