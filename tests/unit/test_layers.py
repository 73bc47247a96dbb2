"""The domain package stays free of the web framework."""

from __future__ import annotations

import subprocess
import sys


def test_importing_matcher_loads_no_flask():
    code = (
        "import sys, matcher, matcher.services, matcher.cli, matcher.storage.repository\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'web', 'werkzeug'})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
