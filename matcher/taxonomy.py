"""The packaged skill taxonomy: curated KPA skills plus the ESCO French long tail.

Both come from ``matcher/data`` (built by ``scripts/build_taxonomy.py``, see
docs/taxonomy.md) and are read through :mod:`importlib.resources`, so an installed
package works the same as a checkout and nothing outside the package is ever opened.

Curated skills (``cuisine``, ``tresses``…) are what members declare, requests require and
the UI lists. The ESCO long tail (``esco:<uuid>``, ~13 000 skills) only serves to
recognise and label less common skills, so it is loaded the first time an ``esco:`` id is
looked up, not at import. Parsing uses :mod:`csv` and :mod:`gzip` only, to keep the
import fast.

:class:`~matcher.domain.Skill` objects are shared by every caller of
:func:`load_taxonomy`: treat them as read-only.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources

from matcher.domain import Skill

#: Prefix of the ids of ESCO long-tail skills (``esco:<uuid>``).
ESCO_ID_PREFIX = "esco:"

_DATA = "data"
_SKILLS = "skills.csv"
_DOMAINS = "domains.csv"
_ESCO = "esco_skills_fr.csv.gz"
_SEP = "|"


def _split(value: str) -> list[str]:
    return [item for item in value.split(_SEP) if item] if value else []


def _skill(row: dict[str, str]) -> Skill:
    """A curated ``skills.csv`` row as a :class:`Skill` (empty cells become ``None``/``[]``)."""
    return Skill(
        id=row["id"],
        label_fr=row["label_fr"],
        label_en=row["label_en"],
        synonyms_fr=_split(row["synonyms_fr"]),
        kind=row["kind"],
        domain=row["domain"],
        parent=row["parent"] or None,
        esco_uri=row["esco_uri"] or None,
        rome_code=row["rome_code"] or None,
        hazards=_split(row["hazards"]),
        min_age=int(row["min_age"]),
    )


def _esco_skill(row: dict[str, str]) -> Skill:
    """A long-tail row as a :class:`Skill`: no domain, parent, ROME code or hazard."""
    return Skill(
        id=row["id"],
        label_fr=row["label_fr"],
        label_en=row["label_en"],
        synonyms_fr=_split(row["synonyms_fr"]),
        kind=row["kind"],
        esco_uri=row["esco_uri"] or None,
    )


def _rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a packaged CSV (gzip-compressed when the name ends in ``.gz``)."""
    data = resources.files("matcher").joinpath(_DATA, name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    yield from csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))


def _read_esco() -> dict[str, Skill]:
    return {skill.id: skill for skill in map(_esco_skill, _rows(_ESCO))}


class Taxonomy:
    """Curated skills by id, their domains, and the ESCO long tail loaded on first use."""

    def __init__(
        self,
        curated: Iterable[Skill],
        domains: dict[str, str],
        esco_loader: Callable[[], dict[str, Skill]] | None = None,
    ) -> None:
        self._curated = {skill.id: skill for skill in sorted(curated, key=lambda s: s.id)}
        self._domains = dict(domains)
        self._esco_loader = esco_loader or dict
        self._esco: dict[str, Skill] | None = None
        self._children: dict[str, list[Skill]] = {skill_id: [] for skill_id in self._curated}
        for skill in self._curated.values():
            if skill.parent in self._children:
                self._children[skill.parent].append(skill)

    def _long_tail(self) -> dict[str, Skill]:
        if self._esco is None:
            self._esco = self._esco_loader()
        return self._esco

    def get(self, skill_id: str) -> Skill:
        """The curated or ``esco:`` skill with this id; ``KeyError`` (in French) otherwise."""
        skill = self._curated.get(skill_id)
        if skill is None and isinstance(skill_id, str) and skill_id.startswith(ESCO_ID_PREFIX):
            skill = self._long_tail().get(skill_id)
        if skill is None:
            raise KeyError(f"Compétence inconnue dans la taxonomie : {skill_id!r}")
        return skill

    def __contains__(self, skill_id: object) -> bool:
        if not isinstance(skill_id, str):
            return False
        if skill_id in self._curated:
            return True
        return skill_id.startswith(ESCO_ID_PREFIX) and skill_id in self._long_tail()

    def __len__(self) -> int:
        """Number of curated skills (the long tail is not counted)."""
        return len(self._curated)

    def curated(self) -> list[Skill]:
        """Every curated skill, sorted by id (what the database and the UI use)."""
        return list(self._curated.values())

    def esco_skills(self) -> list[Skill]:
        """Every ESCO long-tail skill, sorted by id (loads the long tail)."""
        return sorted(self._long_tail().values(), key=lambda s: s.id)

    def domains(self) -> dict[str, str]:
        """Domain id → French label, sorted by id."""
        return dict(sorted(self._domains.items()))

    def children(self, skill_id: str) -> list[Skill]:
        """Direct children of a skill, sorted by id (an ``esco:`` skill has none)."""
        skill = self.get(skill_id)
        return list(self._children.get(skill.id, []))

    def label_fr(self, skill_id: str) -> str:
        """The French label of a skill, for people-facing text."""
        return self.get(skill_id).label_fr


@cache
def load_taxonomy() -> Taxonomy:
    """The packaged taxonomy, read once per process (the ESCO long tail even later)."""
    domains = {row["id"]: row["label_fr"] for row in _rows(_DOMAINS)}
    return Taxonomy(map(_skill, _rows(_SKILLS)), domains, esco_loader=_read_esco)
