"""The static book's sources (book/): pinned, checked, local, and listing every notebook.

The built site itself is tested in Chromium (tests/browser/test_book.py).
"""
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"


def test_the_pages_javascript_is_pinned_and_integrity_checked():
    wanted = json.loads((BOOK / "package.json").read_text())["dependencies"]
    assert set(wanted) >= {"mathjax", "requirejs", "@jupyter-widgets/html-manager", "anywidget"}
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in wanted.values()), f"not exact versions: {wanted}"
    packages = json.loads((BOOK / "package-lock.json").read_text())["packages"]
    for name, version in wanted.items():
        assert packages[f"node_modules/{name}"]["version"] == version
    for path, entry in packages.items():
        if path:                               # "" is the project itself
            assert entry.get("integrity", "").startswith("sha512-"), f"{path} has no sha512 integrity"
            assert entry.get("resolved", "https://registry.npmjs.org/").startswith("https://registry.npmjs.org/"), path


def test_the_pages_load_local_files_only():
    config = yaml.safe_load((BOOK / "_config.yml").read_text())
    sphinx = config["sphinx"]["config"]
    assert "://" not in sphinx["mathjax_path"]
    assert not any("://" in url for url in sphinx["nb_ipywidgets_js"])
    assert config["execute"]["execute_notebooks"] == "off"          # tools/build_book.py executes them
    assert "https://" not in (BOOK / "_vendor" / "require-config.js").read_text()


def test_the_toc_lists_every_notebook():
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text())
    files = {c["file"] for c in toc["chapters"]}
    notebooks = {f"notebooks/{p.stem}" for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert notebooks <= files, f"not in book/_toc.yml: {notebooks - files}"
    pages = {p.stem for p in BOOK.glob("*.ipynb")} | {p.stem for p in BOOK.glob("*.md")}
    assert files - notebooks <= pages, files - notebooks - pages
    assert toc["root"] == "README"
