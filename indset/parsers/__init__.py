"""Generic field parsers, registered by name (``parser:`` in standard.yaml)."""

from indset.parsers import basic, codes, quantity, timestamps  # noqa: F401
