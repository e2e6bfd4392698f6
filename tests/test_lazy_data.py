"""Vocabulary is loaded on first use, never when a module is imported: importing every module of
the package reads no data file."""

from __future__ import annotations

import subprocess
import sys

# In a fresh interpreter: import each module in turn and report the first import after which a
# data file has been read (that module, or one it imports, reads it at import).
_CHECK = """
import importlib, pkgutil
import notice_nlp
from notice_nlp import vocab
names = sorted(m.name for m in pkgutil.walk_packages(notice_nlp.__path__, "notice_nlp.") if not m.name.endswith("__main__"))
for name in names:
    importlib.import_module(name)
    if vocab.load_data.cache_info().currsize:
        print("loaded-by", name)
        break
print("modules", len(names))
"""


def test_importing_the_package_reads_no_data_file() -> None:
    out = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, check=True).stdout
    assert "loaded-by" not in out, out
    assert int(out.split()[-1]) > 100  # every module was imported
