"""Errors a user sees as one line."""

from __future__ import annotations


class IndsetError(Exception):
    """A failure the user can act on; printed as a single line without a traceback."""


class SourceError(IndsetError):
    """A source (file or manifest entry) that cannot be used; names the source, never its values."""

    def __init__(self, source: str, reason: str, code: str = "unreadable_file") -> None:
        self.source = source
        self.reason = reason
        self.code = code
        super().__init__(f"{source}: {reason}")
