"""Reading JSON with paths: small value parsers and a reader that collects every error.

An instance is written by people (coordinators editing a file) and by services; both need
to hear about *all* their mistakes at once, each with the JSON path where it sits
(``members[3].birth_date``), in French. Value parsers raise :class:`Bad` with the reason;
the :class:`Reader` adds the path, records the error and lets the parse go on with a
placeholder, so the caller raises once at the end.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

from matcher.engine.wording import clock, quote
from matcher.vocabulary import MAX_LEVEL, MIN_LEVEL

__all__ = [
    "EMPTY",
    "LEVEL",
    "MISSING",
    "Bad",
    "Reader",
    "boolean",
    "clock_value",
    "date_value",
    "integer",
    "number",
    "optional_text",
    "shown",
    "text",
]

EMPTY: Mapping[Any, Any] = MappingProxyType({})


class Bad(ValueError):
    """A value is wrong; the message is the French reason (the path is added by the reader)."""


T = TypeVar("T")
MISSING: Any = object()


# =======================================================================================
# Value parsers: each takes a JSON value and returns a Python value or raises Bad


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)|24:00")


def shown(value: Any) -> str:
    """A JSON value quoted for a message: a string as typed, anything else as JSON."""
    return quote(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Bad("doit être un texte non vide")
    return value.strip()


def optional_text(value: Any) -> str | None:
    return None if value is None else text(value)


def date_value(value: Any) -> date:
    if not isinstance(value, str):
        raise Bad(f"{shown(value)} n'est pas une date AAAA-MM-JJ")
    if _DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Bad(f"{quote(value)} n'est pas une date")


def clock_value(value: Any) -> int:
    if isinstance(value, str) and (match := _CLOCK_RE.fullmatch(value)):
        return 1440 if match.group(1) is None else int(match.group(1)) * 60 + int(match.group(2))
    raise Bad(f"{shown(value)} n'est pas une heure HH:MM")


def boolean(value: Any) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise Bad("doit valoir true ou false")
    return value


def number(low: float = 0.0, high: float = math.inf) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Bad("doit être un nombre")
        if not math.isfinite(value) or not low <= value <= high:
            bound = f"entre {low:g} et {high:g}" if math.isfinite(high) else f"≥ {low:g}"
            raise Bad(f"{value:g} n'est pas {bound}")
        return float(value)

    return parse


def integer(low: int = 0, high: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Bad("doit être un entier")
        if isinstance(value, float) and not value.is_integer():
            raise Bad(f"{value:g} n'est pas un entier")
        number = int(value)
        if number < low or (high is not None and number > high):
            bound = f"entre {low} et {high}" if high is not None else f"≥ {low}"
            raise Bad(f"{number} n'est pas {bound}")
        return number

    return parse


LEVEL = integer(MIN_LEVEL, MAX_LEVEL)


# =======================================================================================
# The reader: walks the JSON, records every error with its path


class Reader:
    """Collects ``(path, reason)`` errors while the parse goes on, so all are reported."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def fail(self, path: str, reason: str) -> None:
        self.errors.append((path, reason))

    def value(self, parse: Callable[[Any], T], raw: Any, path: str, default: T) -> T:
        try:
            return parse(raw)
        except Bad as bad:
            self.fail(path, str(bad))
            return default

    def field(
        self,
        obj: Mapping[str, Any],
        key: str,
        path: str,
        parse: Callable[[Any], T],
        default: T = MISSING,
    ) -> T:
        """``obj[key]`` parsed; when absent, ``default`` or an error if there is none."""
        where = f"{path}.{key}" if path else key
        if key not in obj or (obj[key] is None and default is not MISSING):
            if default is MISSING:
                self.fail(where, "champ obligatoire manquant")
                return None  # type: ignore[return-value]
            return default
        return self.value(parse, obj[key], where, default if default is not MISSING else None)

    def object(self, raw: Any, path: str) -> Mapping[str, Any] | None:
        if not isinstance(raw, dict):
            self.fail(path or "instance", "doit être un objet JSON {…}")
            return None
        return raw

    def items(
        self,
        obj: Mapping[str, Any],
        key: str,
        path: str,
        parse_item: Callable[[Any, str], T | None],
        *,
        required: bool = False,
    ) -> tuple[T, ...]:
        """A list field, each element parsed by ``parse_item(raw, path)`` (None = skipped)."""
        where = f"{path}.{key}" if path else key
        raw = obj.get(key)
        if raw is None:
            if required:
                self.fail(where, "champ obligatoire manquant")
            return ()
        if not isinstance(raw, list):
            self.fail(where, "doit être une liste […]")
            return ()
        parsed = (parse_item(item, f"{where}[{i}]") for i, item in enumerate(raw))
        return tuple(item for item in parsed if item is not None)

    def texts(self, obj: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        """A list of non-empty strings, duplicates removed, order kept."""
        values = self.items(obj, key, path, lambda raw, p: self.value(text, raw, p, None))
        return tuple(dict.fromkeys(values))

    def mapping(
        self,
        obj: Mapping[str, Any],
        key: str,
        path: str,
        parse: Callable[[Any], T],
        default: Mapping[str, T] | None = None,
    ) -> Mapping[str, T]:
        """An object of ``{text: value}``, each value parsed by ``parse``."""
        where = f"{path}.{key}" if path else key
        raw = obj.get(key)
        if raw is None:
            if default is None:
                self.fail(where, "champ obligatoire manquant")
                return EMPTY
            return default
        if not isinstance(raw, dict):
            self.fail(where, "doit être un objet JSON {…}")
            return EMPTY
        out: dict[str, T] = {}
        for name, value in raw.items():
            if not name.strip():
                self.fail(where, "une clé est vide")
                continue
            parsed = self.value(parse, value, f"{where}.{name}", MISSING)
            if parsed is not MISSING:
                out[name.strip()] = parsed
        return MappingProxyType(out)

    def interval(self, obj: Mapping[str, Any], path: str) -> tuple[int, int] | None:
        """``start``/``end`` clock times with ``end > start`` (never crossing midnight)."""
        start = self.field(obj, "start", path, clock_value)
        end = self.field(obj, "end", path, clock_value)
        if start is None or end is None:
            return None
        if end <= start:
            self.fail(
                f"{path}.end",
                f"la fin {clock(end)} n'est pas après le début {clock(start)} "
                "(un créneau ne traverse jamais minuit)",
            )
            return None
        return start, end
