"""What the sample generators share about planted facts (run them as `python samples/make_<industry>.py`)."""

from __future__ import annotations

from indset.standard import DEFAULT_NULL_VALUES


def placeholder_expect(expect: str, value: object) -> str:
    """A null placeholder (`--`, `N/A`, `无`: indset.standard.DEFAULT_NULL_VALUES) is no value, so in a required
    field (ts, value) it is missing, not invalid."""
    reason = expect.removeprefix("quarantined: invalid_")
    if reason in ("ts", "value") and isinstance(value, str) and value.strip() in DEFAULT_NULL_VALUES:
        return f"quarantined: missing_{reason}"
    return expect
