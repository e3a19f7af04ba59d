"""The sections of the book, each a function `(book) -> list of flowables`."""
