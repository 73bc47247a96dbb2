"""Writing or checking generated data files: shared by the scripts that build `matcher/data`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_or_check(tool: str, files: Mapping[str, bytes], out: Path, *, check: bool) -> int:
    """Write ``files`` into ``out``, or with ``check`` only report stale ones; an exit code."""
    if check:
        stale = [name for name, data in files.items() if _read(out / name) != data]
        if stale:
            print(f"{tool}: fichiers périmés dans {out} : {', '.join(stale)}")
            print(f"  relancer : python scripts/{tool}.py")
            return 1
        print(f"{tool}: {out} est à jour ({len(files)} fichiers)")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    print(f"{tool}: {len(files)} fichiers écrits dans {out}")
    return 0


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None
