"""The examples in the engine's docstrings run as written."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import matcher.engine

MODULES = sorted(m.name for m in pkgutil.iter_modules(matcher.engine.__path__, "matcher.engine."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_engine_stays_pure():
    """No database, no web framework: the engine takes plain data."""
    code = (
        "import sys, matcher.engine.scoring\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'flask', 'web', 'werkzeug', 'sqlalchemy', 'matcher.storage'} "
        "or m.startswith('matcher.storage') or m == 'matcher.services')\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
