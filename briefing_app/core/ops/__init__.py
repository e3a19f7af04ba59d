"""Operations: one function per user action, each one whole transaction.

Every function takes the open `Database`, validates its input, commits the change or
nothing, and returns plain records describing what changed.
"""
