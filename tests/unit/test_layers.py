"""The domain package stays free of the web framework."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_importing_matcher_loads_no_flask():
    code = (
        "import sys, matcher, matcher.services, matcher.cli, matcher.storage.repository\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'web', 'werkzeug'})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_models_and_graph_never_load_storage_or_read_shared():
    code = (
        "import pkgutil, importlib, sys, matcher.models, matcher.graph, matcher.engine\n"
        "for package in (matcher.models, matcher.graph, matcher.engine):\n"
        "    for info in pkgutil.iter_modules(package.__path__):\n"
        "        importlib.import_module(f'{package.__name__}.{info.name}')\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('matcher.storage', 'sqlalchemy',"
        " 'flask', 'web')))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    root = Path(__file__).parents[2] / "matcher"
    for folder in ("models", "graph", "engine"):
        for source in (root / folder).glob("*.py"):
            text = source.read_text(encoding="utf-8")
            assert "../shared" not in text and '"shared"' not in text, source
