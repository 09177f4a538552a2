"""Load expectation suites from JSON, check that GE kept every expectation, filter by profile.

Suite files live in ``expectations/<industry>.<table>.json`` in GE 1.x ``ExpectationSuite`` format.
Every expectation carries a ``severity``: ``"critical"`` (data integrity: a failure blocks the
release gate) or ``"warning"`` (distribution: reported only).

Profiles: an expectation whose ``meta`` has ``"profiles": [...]`` applies only when the release
profile (``public`` or ``internal``) is listed; an expectation without ``profiles`` applies to all.
This is how one suite covers both releases, e.g. USCC checks on ``enterprise_id`` (internal only)
next to the ``enterprise_key`` hash checks (public only), or the two ordered column lists.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indset.errors import IndsetError

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite

PROFILES = ("public", "internal")
SEVERITIES = ("critical", "warning")
_EXPECTATION_KEYS = {"type", "kwargs", "meta", "severity", "id", "notes", "description",
                     "rendered_content", "success_on_last_run", "expectation_context"}


class SuiteError(IndsetError):
    """A suite file that is missing, malformed, or that GE could not load completely."""


def suite_path(suites_dir: Path, industry: str, table: str) -> Path:
    """Where the suite of ``table`` of ``industry`` lives."""
    return Path(suites_dir) / f"{industry}.{table}.json"


def check_profile(profile: str) -> None:
    """Raise unless ``profile`` is a known release profile."""
    if profile not in PROFILES:
        raise SuiteError(f"unknown release profile {profile!r} (known: {', '.join(PROFILES)})")


def applies(meta: dict[str, Any] | None, profile: str) -> bool:
    """True when an expectation with this ``meta`` applies to ``profile``."""
    profiles = (meta or {}).get("profiles")
    return profiles is None or profile in profiles


@contextmanager
def _captured_ge_errors() -> Iterator[list[str]]:
    """Collect (instead of printing) the log lines GE writes when it drops an expectation."""
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    log = logging.getLogger("great_expectations.core.expectation_suite")
    handler, propagate = _Collect(level=logging.WARNING), log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        yield messages
    finally:
        log.removeHandler(handler)
        log.propagate = propagate


def _check_raw(name: str, raw: list[Any]) -> None:
    """Checks GE does not do (or does silently): severity and profiles of each expectation."""
    for i, exp in enumerate(raw):
        where = f"suite {name}, expectation #{i + 1}"
        if not isinstance(exp, dict) or not isinstance(exp.get("type"), str):
            raise SuiteError(f"{where}: not an object with a 'type'")
        where += f" ({exp['type']})"
        unknown = set(exp) - _EXPECTATION_KEYS
        if unknown:
            raise SuiteError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if exp.get("severity") not in SEVERITIES:
            raise SuiteError(f"{where}: severity must be one of {', '.join(SEVERITIES)}, "
                             f"got {exp.get('severity')!r}")
        meta = exp.get("meta") or {}
        for wrong, right in (("profile", "meta.profiles"), ("severity", "severity (next to type, not in meta)")):
            if wrong in meta:
                raise SuiteError(f"{where}: meta.{wrong} is not read; did you mean {right}?")
        profiles = meta.get("profiles")
        if profiles is not None and (
            not isinstance(profiles, list) or not profiles or not set(profiles) <= set(PROFILES)
        ):
            raise SuiteError(f"{where}: meta.profiles must be a non-empty list of {', '.join(PROFILES)}")


def read_suite_file(path: Path) -> dict[str, Any]:
    """A suite file's JSON after the checks GE does not make (no GE needed: a build runs them before reading any
    source, so a steward's typo fails in a second, not after the sources): it exists and parses, no key is given
    twice, its name is the file's, each expectation's severity and profiles are known."""
    path = Path(path)
    if not path.is_file():
        raise SuiteError(f"expectation suite file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicate_keys)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        raise SuiteError(f"cannot read expectation suite {path.name}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("expectations"), list):
        raise SuiteError(f"{path.name}: not a GE ExpectationSuite (no 'expectations' list)")
    if data.get("name") != path.stem:
        raise SuiteError(f"{path.name}: suite name {data.get('name')!r} must match the file name ({path.stem!r})")
    _check_raw(data["name"], data["expectations"])
    return data


def load_suite(path: Path, profile: str = "public") -> ExpectationSuite:
    """Load a suite file, verify GE kept every expectation, return the subset for ``profile``.

    Raises :class:`SuiteError` naming the file (missing or bad JSON) or the suite and expectation
    type (an expectation GE rejected or dropped, e.g. an unregistered custom type or a bad kwarg).
    The check covers every profile, so a typo in an internal-only expectation fails public builds too.
    """
    from great_expectations.core import ExpectationSuite

    import indset.validation.custom  # noqa: F401  (registers custom types before GE parses the suite)

    check_profile(profile)
    data = read_suite_file(path)
    name, raw = data["name"], data["expectations"]

    with _captured_ge_errors() as ge_messages:
        try:
            full = ExpectationSuite(**data)
        except Exception as exc:  # GE raises pydantic/TypeErrors for bad kwargs
            raise SuiteError(f"suite {name}: GE rejected the suite: {_one_line(exc)}") from None
    if len(full.expectations) != len(raw):
        dropped = Counter(e["type"] for e in raw) - Counter(e.expectation_type for e in full.expectations)
        why = f" (GE: {_one_line(ge_messages[0].rsplit(': ', 1)[-1])})" if ge_messages else ""
        raise SuiteError(
            f"suite {name}: GE dropped {len(raw) - len(full.expectations)} of {len(raw)} expectations, "
            f"type(s) {', '.join(sorted(dropped)) or '?'}{why}; unknown or misspelled type, or its "
            "module was not imported"
        )
    kept = [e for e in full.expectations if applies(e.meta, profile)]
    try:
        return ExpectationSuite(name=name, expectations=kept, meta=full.meta, notes=full.notes)
    except Exception as exc:  # an expectation pasted in with another suite's "id"
        raise SuiteError(f"suite {name}: GE rejected the suite: {_one_line(exc)} (an expectation copied with its "
                         "'id'? remove the id)") from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (a hand merge's second `expectations` list, a pasted `type`):
    ``json`` keeps the last one silently, so expectations would vanish without a word."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"key {key!r} given twice in one object")
        seen[key] = value
    return seen


def _one_line(exc: object) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."
