"""docs/ARCHITECTURE.md holds: its example view runs, the layers import only downwards, every
module has __all__ and stays short, and the views import no other module's private names."""
import ast
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reluback"
MODULES = sorted(PACKAGE.rglob("*.py"))
LAYER = {"net": 0, "inputs": 0, "scalar": 0, "train_checks": 1, "check": 1, "train": 1, "lessons": 1, "words": 1, "notes": 1, "mistakes": 1,
         "plots": 2, "marks": 2, "autograd": 3, "graph": 3, "cost": 3, "exercises": 4, "widgets": 4}


def example_view():
    """The ```python block under "A minimal view", executed: its names."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    block = re.search(r"### A minimal view.*?```python\n(.*?)```", text, re.S).group(1)
    names = {}
    exec(compile(block, "ARCHITECTURE.md", "exec"), names)
    return names


def test_the_example_view_follows_the_pattern():
    ex = example_view()
    assert ex["relu_state"](-1.0) == (-1.0, 0.0, False)              # the state alone
    view = ex["ReluView"](pre=0.5)
    assert "on." in view.status.value
    before = view.canvas.image.value
    view.controls["pre"].value = -1.0
    assert "off, and passes no gradient back" in view.status.value
    assert view.canvas.image.value != before and view.fig.point.get_data()[1][0] == 0.0
    view.controls["pre"].value = math.nan                            # refused by View, in words
    assert view.controls["pre"].value == -1.0 and "must be a finite number" in view.status.value


def _module(path):
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_is_short_and_lists_its_names(path):
    source = path.read_text()
    assert len(source.splitlines()) <= 250
    if path.name != "__init__.py" or path.parent.name == "widgets":
        assert "__all__" in source


VIEWS = [p for p in MODULES if p.parent.name == "widgets" or p.stem in ("plots", "marks", "words", "check", "scalar", "net",
                                                                      "autograd", "graph", "cost")]


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_names_from_other_modules_and_only_downward_imports(path):
    tree = ast.parse(path.read_text())
    me = _module(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            parts = (node.module or "").split(".")
            target = parts[0] if node.level == 1 and path.parent.name != "widgets" else (
                "widgets" if node.level == 1 else parts[0])
            if path.stem not in ("plots",):       # plots' unchecked forward: see the report
                assert not [a.name for a in node.names if a.name.startswith("_")], (path, node.module)
            if target in LAYER and me in LAYER:
                assert LAYER[target] <= LAYER[me], (path, node.module)


def test_functions_are_short():
    long = []
    for path in VIEWS:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 40:
                long.append(f"{path.name}:{node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert not long


def test_pyproject_lists_every_package():
    try:
        import tomllib
    except ImportError:                      # Python 3.10
        tomllib = pytest.importorskip("tomli")
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert listed == found


def test_the_guard_keeps_the_last_good_state_and_quiet_calls_nothing():
    ex = example_view()

    class Fussy(ex["ReluView"]):
        def refresh(self):
            if self.controls["pre"].value < -1.5:
                raise ValueError("pre below −1.5 cannot be shown")
            super().refresh()

    view = Fussy(pre=0.5)
    view.controls["pre"].value = -1.0
    picture, frames = view.canvas.image.value, len(view.canvas.frame_seconds)
    view.controls["pre"].value = -1.8
    assert view.controls["pre"].value == -1.0                           # back to the last good value
    assert "could not be drawn (ValueError: pre below −1.5 cannot be shown)" in view.status.value
    assert view.canvas.image.value == picture and len(view.canvas.frame_seconds) == frames
    with view.quiet():
        view.controls["pre"].value = 1.0
    assert len(view.canvas.frame_seconds) == frames                      # quiet: no handler ran
