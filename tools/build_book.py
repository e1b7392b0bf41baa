"""Build the static book: the notebooks (executed, widget state stored) and README.md as one site.

    python tools/build_book.py [--force]   (or: make book)  →  build/book/index.html

Nothing is done when build/book was made from the same inputs (README, book/, docs/img,
notebooks/, reluback/); --force rebuilds anyway.

Steps, all under build/ (git-ignored):
1. npm ci --ignore-scripts of book/package.json + book/package-lock.json (pinned versions,
   integrity hashes checked by npm) into build/book-npm: MathJax, require.js, the widget
   renderer (@jupyter-widgets/html-manager) and anywidget's AMD bundle. Skipped when the lock
   file has not changed since the last install.
2. A source tree build/book-src: book/ (config, toc, pages), README.md, docs/img, and a copy of
   each notebook executed with its widget state stored (nbclient store_widget_state=True). The
   committed notebooks are never written; an executed copy is reused while its notebook and
   reluback/ are unchanged (a hash in its metadata).
3. jupyter-book build (execute_notebooks off) → build/book.
The pages then load everything from the site itself: no CDN, no kernel.
"""
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
BUILD = ROOT / "build"
SRC, NPM, EXEC, OUT = (BUILD / n for n in ("book-src", "book-npm", "book-exec", "book"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted(BOOK.glob("*.ipynb"))
# What the pages load, copied from node_modules to _static/vendor/ (source → destination).
VENDOR = {
    "mathjax/es5": "mathjax",
    "requirejs/require.js": "require.js",
    "@jupyter-widgets/html-manager/dist": "html-manager",
    "anywidget/dist/index.js": "anywidget/index.js",
}
SKIP = shutil.ignore_patterns("*.map", "embed.js", "libembed-amd.js", "*.LICENSE.txt")


def _say(text):
    print(f"[book] {text}", flush=True)


def vendor():
    """npm ci of the pinned assets (once per lock file), then copy what the pages load
    (into _vendor/, which the config adds to html_static_path)."""
    lock = (BOOK / "package-lock.json").read_bytes()
    stamp = NPM / ".lock-sha256"
    digest = hashlib.sha256(lock).hexdigest()
    if not (stamp.exists() and stamp.read_text() == digest):
        if shutil.which("npm") is None:
            sys.exit("make book needs npm to fetch the pages' JavaScript once (Debian: apt-get install npm)")
        shutil.rmtree(NPM, ignore_errors=True)
        NPM.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(BOOK / name, NPM / name)
        _say("npm ci --ignore-scripts (pinned versions, integrity checked)")
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=NPM, check=True)
        stamp.write_text(digest)
    static = SRC / "_vendor" / "vendor"       # → _static/vendor/ in the site
    for src, dst in VENDOR.items():
        src, dst = NPM / "node_modules" / src, static / dst
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree(src, dst, ignore=SKIP) if src.is_dir() else shutil.copy(src, dst))


def _fingerprint(path):
    """A hash of the notebook and of everything its outputs depend on (reluback/, its JS)."""
    h = hashlib.sha256(path.read_bytes())
    for f in sorted((ROOT / "reluback").rglob("*")):
        if f.suffix in (".py", ".js"):
            h.update(f.relative_to(ROOT).as_posix().encode() + f.read_bytes())
    return h.hexdigest()


def execute(path):
    """The notebook executed in a fresh kernel with its widget state stored; cached in build/book-exec."""
    EXEC.mkdir(parents=True, exist_ok=True)
    cached = EXEC / path.name
    key = _fingerprint(path)
    if cached.exists() and nbformat.read(cached, as_version=4).metadata.get("reluback_book_key") == key:
        return cached, None
    nb = nbformat.read(path, as_version=4)
    work = BUILD / "book-run"
    work.mkdir(parents=True, exist_ok=True)            # cwd of the kernel: anything written stays in build/
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(work)}}).execute()
    nb.metadata["reluback_book_key"] = key
    nbformat.write(nb, cached)
    return cached, time.perf_counter() - t0


def source_tree():
    """build/book-src: the book's config and pages, README.md as the front page, the pictures."""
    shutil.rmtree(SRC, ignore_errors=True)
    shutil.copytree(BOOK, SRC, ignore=shutil.ignore_patterns("package*.json", "*.ipynb", "node_modules"))
    shutil.copy(ROOT / "README.md", SRC / "README.md")
    shutil.copytree(ROOT / "docs" / "img", SRC / "docs" / "img")
    for path in NOTEBOOKS:
        executed, seconds = execute(path)
        dst = SRC / ("notebooks" if path.parent.name == "notebooks" else "") / path.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(executed, dst)
        _say(f"{path.relative_to(ROOT)}: " + ("unchanged, executed copy reused" if seconds is None
                                               else f"executed in {seconds:.1f} s, widget state stored"))


def _inputs_key():
    """A hash of everything the site is made from: unchanged → the site in build/book is current."""
    h = hashlib.sha256()
    files = [ROOT / "README.md", ROOT / "pyproject.toml", Path(__file__)]
    for folder in (BOOK, ROOT / "docs" / "img", ROOT / "notebooks", ROOT / "reluback"):
        files += [f for f in folder.rglob("*") if f.is_file() and "__pycache__" not in f.parts
                  and ".ipynb_checkpoints" not in f.parts]
    for f in sorted(files):
        h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def build(force=False):
    t0 = time.perf_counter()
    key, stamp = _inputs_key(), OUT / ".inputs-sha256"
    if not force and stamp.exists() and stamp.read_text() == key:
        _say(f"{OUT.relative_to(ROOT)} is up to date (its inputs are unchanged); --force rebuilds")
        return
    source_tree()
    vendor()
    _say("jupyter-book build")
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jb), "build", str(SRC), "--path-output", str(BUILD / "book-jb"), "--keep-going"],
                   check=True)
    shutil.rmtree(OUT, ignore_errors=True)
    shutil.copytree(BUILD / "book-jb" / "_build" / "html", OUT)
    shutil.copytree(ROOT / "docs" / "img", OUT / "docs" / "img")    # the README's <img> tags (raw HTML)
    stamp.write_text(key)
    _say(f"built {OUT.relative_to(ROOT)}/index.html in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    build(force="--force" in sys.argv[1:])
