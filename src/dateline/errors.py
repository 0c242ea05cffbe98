"""Errors at the record level (BadInput: the record is skipped, the batch goes on)."""


class BadInput(ValueError):
    """A record or source that cannot be read as an article; its message is one line for the user."""
