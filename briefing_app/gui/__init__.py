"""The desktop window (PySide6), in rooms: window/, operations/, views/, dialogs/,
widgets/, launch/ (docs/gui.md, "Where the code is").

Nothing here writes the database directly: every user action becomes one undoable
command (`operations/commands.py`) that calls one core operation, run and reported by
`operations/run_step.py`, and the views reload from the core afterwards. The modules
loaded before the first paint import the core (and so SQLAlchemy) lazily, inside
functions, so that the window paints before the database layer is loaded.
"""
