"""Briefing App: prepare an official visit and print its briefing packs."""

__version__ = "0.1.0"
