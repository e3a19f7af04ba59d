"""Dialogs: event details and times, visit details, picking items, export, first run."""
