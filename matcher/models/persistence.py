"""Save and load fitted models without pickle: JSON for words, ``.npy`` arrays for numbers.

A fitted model holds derived personal data (embeddings of members, words of their
passions). Pickle or joblib files would execute code when opened and tie the file to the
classes of one code version, so they are never used. A saved model is a directory:

``model.json`` (UTF-8)
    ``{"format": "kpa-matcher-model", "class": "SimilarityModel", "format_version": 1,
    "package_version": "0.1.0", "params": {...}, "state": {...}}``, where ``params`` are
    the estimator's ``get_params()`` (numbers and strings only) and ``state`` holds the
    JSON part of the fitted state: ``n_components_``, ``package_version_``,
    ``vocabularies`` (``skill``, ``wish``, ``zone``, ``word``, ``char``: lists of terms,
    position = column) and ``idf`` (``skill``, ``wish``, ``word``, ``char``: lists of
    floats, written with Python's round-trip float repr so they reload bit for bit).

``arrays.npz``
    A zip of ``.npy`` files, each written with ``allow_pickle=False``: ``components``
    (SVD basis, float64), ``member_vectors``, ``member_service_vectors``,
    ``request_vectors`` (float64 embeddings), ``member_ids``, ``member_collectives``,
    ``request_ids``, ``request_collectives``, ``request_statuses`` (fixed-width unicode
    ``<U…`` arrays, never object arrays).

**Version policy.** ``format_version`` describes the layout and meaning of the saved
state (:data:`matcher.models.similarity.FORMAT_VERSION`); it is bumped whenever features,
blocks or arrays change. :func:`load_model` refuses a file whose ``format_version`` or
class differs from the running code (:class:`ModelVersionError`, in French): the remedy is
to fit again, never to guess. ``package_version`` (``matcher.__version__``) is recorded for
provenance; a different one is accepted unless ``strict=True``.

>>> import tempfile
>>> from matcher.domain import Dataset, Member, MemberSkill
>>> from matcher.models.similarity import SimilarityModel
>>> ds = Dataset(members=[Member("m-1", "c", "A"), Member("m-2", "c", "B")],
...              member_skills=[MemberSkill("m-1", "cuisine", 3),
...                             MemberSkill("m-2", "couture", 2)])
>>> with tempfile.TemporaryDirectory() as folder:
...     _ = save_model(SimilarityModel().fit(ds), folder)
...     load_model(folder).similar_members("m-1", k=1)[0][0]
'm-2'
"""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import numpy as np
from numpy.lib import format as npy_format

from matcher import __version__
from matcher.models.similarity import FORMAT_VERSION, SimilarityModel

__all__ = [
    "ARRAYS_FILE",
    "FILE_KIND",
    "MODEL_FILE",
    "ModelFormatError",
    "ModelVersionError",
    "load_model",
    "save_model",
]

MODEL_FILE = "model.json"
ARRAYS_FILE = "arrays.npz"
#: Marker of the JSON file, so that an unrelated ``model.json`` is recognised as such.
FILE_KIND = "kpa-matcher-model"

#: Classes that can be saved, by name, with the format version their state follows.
_REGISTRY: dict[str, tuple[type[SimilarityModel], int]] = {
    "SimilarityModel": (SimilarityModel, FORMAT_VERSION),
}


class ModelFormatError(ValueError):
    """The directory does not hold a readable saved model."""


class ModelVersionError(ModelFormatError):
    """The saved model was written by an incompatible code version or for another class."""


def _json_value(value: object, where: str) -> object:
    """``value`` if it is plain JSON (no NaN), else ModelFormatError: params stay data."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ModelFormatError(f"valeur non finie dans {where}")
        return value
    if isinstance(value, list | tuple):
        return [_json_value(item, where) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item, where) for key, item in value.items()}
    raise ModelFormatError(f"{where} : type non enregistrable {type(value).__name__}")


def save_model(model: SimilarityModel, directory: str | Path) -> Path:
    """Write a fitted model to ``directory`` (created if needed) as model.json + arrays.npz.

    Returns the directory. Raises ``NotFittedError`` for an unfitted model and
    :class:`ModelFormatError` if some state is not plain data.
    """
    name = type(model).__name__
    if name not in _REGISTRY or not isinstance(model, _REGISTRY[name][0]):
        raise ModelFormatError(f"classe de modèle non enregistrable : {name}")
    state, arrays = model.export_state()
    document = {
        "format": FILE_KIND,
        "class": name,
        "format_version": _REGISTRY[name][1],
        "package_version": __version__,
        "params": _json_value(model.get_params(deep=False), "params"),
        "state": _json_value(state, "state"),
    }
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    _write_arrays(folder / ARRAYS_FILE, arrays)
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
    (folder / MODEL_FILE).write_text(text + "\n", encoding="utf-8")
    return folder


def _write_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Like ``np.savez_compressed`` but refusing, array by array, anything needing pickle."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, value in arrays.items():
            array = np.ascontiguousarray(value)
            if array.dtype.hasobject:
                raise ModelFormatError(f"tableau {key!r} de type objet : refusé (pickle)")
            with archive.open(f"{key}.npy", "w", force_zip64=True) as stream:
                npy_format.write_array(stream, array, allow_pickle=False)


def load_model(directory: str | Path, *, strict: bool = False) -> SimilarityModel:
    """Read a model written by :func:`save_model`; never unpickles anything.

    Raises :class:`ModelVersionError` when the file's class or ``format_version`` differs
    from the running code (or, with ``strict=True``, its package version), and
    :class:`ModelFormatError` when the files are missing or inconsistent.
    """
    folder = Path(directory)
    try:
        document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelFormatError(f"pas de {MODEL_FILE} dans {folder}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelFormatError(f"{MODEL_FILE} illisible : {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FILE_KIND:
        raise ModelFormatError(f"{folder / MODEL_FILE} n'est pas un modèle KPA Matcher")
    cls = _check_versions(document, strict)
    params = document.get("params")
    known = set(cls().get_params(deep=False))
    if not isinstance(params, dict) or not set(params) <= known:
        unknown = sorted(set(params) - known) if isinstance(params, dict) else params
        raise ModelFormatError(f"paramètres inconnus dans le modèle enregistré : {unknown}")
    model = cls(**params)
    try:
        with np.load(folder / ARRAYS_FILE, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
        model.restore_state(document["state"], arrays)
    except FileNotFoundError as exc:
        raise ModelFormatError(f"pas de {ARRAYS_FILE} dans {folder}") from exc
    except (KeyError, TypeError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelFormatError(f"modèle enregistré incohérent : {exc}") from exc
    return model


def _check_versions(document: dict, strict: bool) -> type[SimilarityModel]:
    name = document.get("class")
    if name not in _REGISTRY:
        raise ModelVersionError(
            f"le fichier contient un modèle {name!r}, que ce code ne sait pas relire "
            f"(connus : {sorted(_REGISTRY)})"
        )
    cls, expected = _REGISTRY[name]
    found = document.get("format_version")
    if found != expected:
        raise ModelVersionError(
            f"modèle {name} enregistré au format {found!r}, ce code lit le format {expected} : "
            "réentraînez le modèle au lieu de le recharger"
        )
    if strict and document.get("package_version") != __version__:
        raise ModelVersionError(
            f"modèle enregistré par KPA Matcher {document.get('package_version')!r}, "
            f"version en cours {__version__} (mode strict)"
        )
    return cls
