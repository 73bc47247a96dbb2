"""One cell value: parsers that raise :class:`BadCell` with a French reason, and formatters.

Also the text rules every human cell obeys (:func:`clean_text`) and the normalisations
used to compare headers, vocabulary values and names (:func:`normalize_key`,
:func:`loose_key`). See docs/import-format.md §1.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date, time

from matcher import vocabulary as voc
from matcher.tabular import value_to_text


class BadCell(ValueError):
    """A cell value is wrong; the message is the French reason."""


def short(text: str, limit: int = 60) -> str:
    """A value as quoted in a message: one line, at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def quoted(text: str) -> str:
    return f"« {short(text)} »"


# --- Text: normalisation and the rules of every cell ---------------------------------


def normalize_key(text: str) -> str:
    """Header/vocabulary key: no accents, no case, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.casefold() if c.isalnum() and c.isascii())


def loose_key(text: str) -> str:
    """Names and titles compared without case, accents, spaces or punctuation.

    Used for the natural keys of duplicates: legal names of members, clients and titles
    of requests.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.casefold() if c.isalnum())


ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str, *, multiline: bool, max_len: int) -> str:
    """NFC text without control, bidi-override or (unless allowed) line-break characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if bad := _CONTROL.search(text.replace("\n", "").replace("\t", " ")):
        raise BadCell(f"caractère de contrôle interdit (U+{ord(bad.group()):04X})")
    if bad := _BIDI.search(text):
        raise BadCell(
            f"caractère d'inversion du sens d'écriture interdit (U+{ord(bad.group()):04X})"
        )
    if not multiline and ("\n" in text or "\t" in text):
        raise BadCell("retour à la ligne ou tabulation interdit dans cette colonne")
    if len(text) > max_len:
        raise BadCell(f"texte trop long ({len(text)} caractères ; au plus {max_len})")
    return text


def parse_id(text: str) -> str:
    if not ID_RE.fullmatch(text):
        raise BadCell(
            f"identifiant {quoted(text)} invalide (lettres sans accent, chiffres, - _ . ; "
            "64 caractères au plus)"
        )
    return text


# --- Dates and times ------------------------------------------------------------------


_DATE_FR = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


#: ``HH:MM`` or ``HH:MM:SS`` (exports), or ``9h`` / ``9h30`` / ``09h30``; nothing else.
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?|([0-9]{1,2})[hH]([0-9]{2})?")
_RANGE = re.compile(r"(.+?)\s*[-–]\s*(.+)")
_TRUE = {"oui", "yes", "1", "vrai", "true", "o", "y"}
_FALSE = {"non", "no", "0", "faux", "false", "n"}


def parse_date(text: str) -> date:
    """``JJ/MM/AAAA`` or ``AAAA-MM-JJ``; a day that does not exist is refused."""
    text = text.strip()
    if match := _DATE_FR.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _DATE_ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise BadCell(f"{short(text)} n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ)")
    try:
        return date(year, month, day)
    except ValueError:
        raise BadCell(f"{short(text)} n'est pas une date") from None


def parse_time(text: str) -> time:
    """``HH:MM``, ``9h``, ``9h30`` (``HH:MM:SS`` too, for exports)."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise BadCell(f"{short(text)} n'est pas une heure (attendu HH:MM, 9h ou 9h30)")
    colon_hour, colon_minute, second_text, h_hour, h_minute = match.groups()
    hour = int(colon_hour or h_hour)
    minute = int(colon_minute or h_minute or 0)
    second = int(second_text or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise BadCell(f"{short(text)} n'est pas une heure (de 00:00 à 23:59)")
    return time(hour, minute, second)


def parse_interval(text: str) -> tuple[time, time]:
    """``09:00-15:00``: the end must come after the start, the same day."""
    match = _RANGE.fullmatch(text.strip())
    if not match:
        raise BadCell(f"{short(text)} n'est pas une plage horaire (attendu HH:MM-HH:MM)")
    start, end = parse_time(match.group(1)), parse_time(match.group(2))
    if end <= start:
        raise BadCell(
            f"plage {short(text)} : la fin doit être après le début (une plage ne passe pas minuit)"
        )
    return start, end


# --- Numbers and yes/no -----------------------------------------------------------------


#: ``12``, ``12,5``, ``-0.25``, ``1e-05`` (exports); spaces between thousands are removed first.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")


def parse_number(text: str) -> float:
    compact = text.strip().replace(",", ".")
    for space in (" ", "\u00a0", "\u202f"):
        compact = compact.replace(space, "")
    if not _NUMBER.fullmatch(compact):
        raise BadCell(f"{short(text)} n'est pas un nombre")
    value = float(compact)
    if not math.isfinite(value):
        raise BadCell(f"{short(text)} n'est pas un nombre")
    return value


def parse_float(text: str, low: float = 0.0, high: float = 1e9) -> float:
    value = parse_number(text)
    if not low <= value <= high:
        raise BadCell(f"{short(text)} doit être compris entre {_num(low)} et {_num(high)}")
    return value


def parse_int(text: str, low: int = -(10**12), high: int = 10**12) -> int:
    stripped = text.strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,18}", stripped):
        raise BadCell(f"{short(text)} n'est pas un nombre entier")
    value = int(stripped)
    if not low <= value <= high:
        raise BadCell(f"{short(text)} doit être un entier de {low} à {high}")
    return value


def parse_bool(text: str) -> bool:
    key = normalize_key(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise BadCell(f"{short(text)} : répondre oui ou non")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


# --- Vocabularies and lists -------------------------------------------------------------


#: Normalised id/label → id, per vocabulary (the vocabulary is kept so its id stays unique).
_VOCABULARY_INDEX: dict[int, tuple[Mapping[str, str], dict[str, str]]] = {}


def _vocabulary_index(vocabulary: Mapping[str, str]) -> dict[str, str]:
    cached = _VOCABULARY_INDEX.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    index = {normalize_key(label): ident for ident, label in vocabulary.items()}
    index.update({normalize_key(ident): ident for ident in vocabulary})
    _VOCABULARY_INDEX[id(vocabulary)] = (vocabulary, index)
    return index


def parse_vocab(text: str, vocabulary: Mapping[str, str], what: str) -> str:
    """An id of ``vocabulary`` given by its id or its French label (see :func:`normalize_key`).

    ``what`` names one value with its article (``un statut``, ``une mobilité``): the
    article gives the agreement of « connu / connue ».
    """
    ident = _vocabulary_index(vocabulary).get(normalize_key(text))
    if ident is not None:
        return ident
    choices = ", ".join(vocabulary)
    known = "connue" if what.startswith("une ") else "connu"
    raise BadCell(f"{quoted(text)} n'est pas {what} {known} (valeurs possibles : {choices})")


def vocab(vocabulary: Mapping[str, str], what: str) -> Callable[[str], str]:
    return lambda text: parse_vocab(text, vocabulary, what)


def split_list(text: str) -> list[str]:
    """``a|b|c`` → items, blanks dropped."""
    return [item.strip() for item in text.split("|") if item.strip()]


def each_item(text: str, parse_item: Callable[[str], object]) -> list:
    """Parse every ``|`` item, reporting all bad items of the cell at once."""
    values, reasons = [], []
    for item in split_list(text):
        try:
            values.append(parse_item(item))
        except BadCell as bad:
            reasons.append(str(bad))
    if reasons:
        raise BadCell(" ; ".join(reasons))
    return values


def no_duplicates(values: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise BadCell(f"{what} {quoted(value)} en double")
        seen.add(value)


# --- Items of list cells, team sizes ----------------------------------------------------


_WEEKDAY_KEYS: dict[str, str] = {}
for _ident, _french in voc.WEEKDAYS_FR.items():
    _WEEKDAY_KEYS.update({_ident: _ident, normalize_key(_french): _ident, _french[:3]: _ident})
for _ident, _english in zip(
    voc.WEEKDAYS,
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    strict=True,
):
    _WEEKDAY_KEYS[_english] = _ident


def parse_weekday(text: str) -> str:
    ident = _WEEKDAY_KEYS.get(normalize_key(text))
    if ident is None:
        raise BadCell(f"{quoted(text)} n'est pas un jour (lun, mar, mer, jeu, ven, sam, dim)")
    return ident


def _split_head(text: str, what: str, example: str, *, feminine: bool = False) -> tuple[str, str]:
    """``head rest`` split on the first blank (``sam 08:00-12:00``)."""
    parts = text.strip().split(None, 1)
    if len(parts) != 2:
        incomplete = "incomplète" if feminine else "incomplet"
        raise BadCell(f"{what} {quoted(text)} {incomplete} (exemple : {example})")
    return parts[0], parts[1]


def parse_availability_item(text: str) -> tuple[str, time, time]:
    day, window = _split_head(text, "créneau", "sam 08:00-18:00")
    return (parse_weekday(day), *parse_interval(window))


def parse_absence_item(text: str) -> tuple[date, time | None, time | None]:
    parts = text.strip().split(None, 1)
    day = parse_date(parts[0])
    if len(parts) == 1:
        return day, None, None
    return (day, *parse_interval(parts[1]))


def parse_session_item(text: str) -> tuple[date, time, time]:
    day, window = _split_head(text, "séance", "12/12/2026 09:00-15:00", feminine=True)
    return (parse_date(day), *parse_interval(window))


def parse_language(text: str) -> str:
    code = text.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise BadCell(f"{quoted(text)} n'est pas un code de langue (2 ou 3 lettres : fr, ar, en…)")
    return code


def parse_team_size(text: str) -> tuple[int, int]:
    """``3-4``, ``3 à 4`` or ``3``: 1 to 50 people, min not above max."""
    match = re.fullmatch(r"([0-9]{1,9})\s*(?:(?:-|–|à|a)\s*([0-9]{1,9}))?", text.strip())
    if not match:
        hint = ""
        if _DATE_ISO.fullmatch(text.strip()):
            hint = " ; le tableur l'a pris pour une date : mettez la colonne au format Texte"
        raise BadCell(f"{short(text)} n'est pas une taille d'équipe (attendu 3-4 ou 3){hint}")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    if low > high:
        raise BadCell(f"équipe {short(text)} : le minimum ({low}) dépasse le maximum ({high})")
    if low < 1 or high > 50:
        raise BadCell(f"équipe {short(text)} : de 1 à 50 personnes")
    return low, high


# --- Formatters (the exports write what the parsers read) -------------------------------


def format_date_fr(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def format_time(moment: time | None) -> str:
    return value_to_text(moment)


def format_interval(start: time, end: time) -> str:
    return f"{format_time(start)}-{format_time(end)}"


def format_number(value: float | int | None) -> str:
    return value_to_text(value)


def format_decimal_fr(value: float | int | None) -> str:
    """A number as French spreadsheets show it (``12,5``); read back by the parsers."""
    return format_number(value).replace(".", ",")


def format_weekday_fr(weekday: str) -> str:
    return voc.WEEKDAYS_FR.get(weekday, weekday)[:3]
