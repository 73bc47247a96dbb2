"""docs/vocabulary.md documents every id and label of matcher.vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher import vocabulary

DOC = (Path(__file__).parents[2] / "docs" / "vocabulary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(vocabulary.VOCABULARIES))
def test_every_id_and_label_is_documented(name):
    for key, label in vocabulary.VOCABULARIES[name].items():
        assert f"| `{key}` | {label} |" in DOC


def test_levels_are_documented_with_their_french_labels():
    for level, label in vocabulary.LEVELS.items():
        assert f"| {level} | *{label}* |" in DOC


def test_ids_are_ascii_slugs():
    for vocab in vocabulary.VOCABULARIES.values():
        for key in vocab:
            assert key.isascii() and key == key.lower() and " " not in key
