"""Reusable widgets: the record table model, the field form, small helpers."""
