"""The live weight editor (reluback/widgets/live_editor.py): its Python state, and its JavaScript maths.

The JavaScript forward pass (reluback/widgets/js/plot.js: rbForward, the one the page draws with) is run
in node, when node is installed, and held to rb.forward; the browser tests (tests/browser/
test_book.py) hold what the page shows.
"""
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import colormaps
from matplotlib.colors import to_hex

import reluback as rb
from reluback import plots
from reluback.widgets.editor import NAMES
from reluback.widgets.live_editor import LiveWeightEditor, live_weight_editor

try:
    import tomllib
except ImportError:                      # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "reluback" / "widgets" / "js"


def test_controls_mirror_the_kernel_editor():
    kernel = rb.widgets.weight_editor()
    live = live_weight_editor()
    assert set(live.controls) == set(kernel.controls)
    for name in NAMES:
        assert live.controls[name].value == kernel.controls[name].value


def test_a_control_moves_its_parameter():
    view = live_weight_editor()
    view.controls["w21"].value = 0.5
    view.controls["c2"].value = -0.25
    w, c, v, b = view.params
    assert w[1, 0] == 0.5 and c[1] == -0.25 and view.w21 == 0.5
    assert np.array_equal(w, [[1, 1], [0.5, 1]]) and np.array_equal(v, [1, -2]) and b == 0


def test_buttons():
    view = live_weight_editor(rb.Params(np.zeros((2, 2)), np.zeros(2), np.zeros(2), 0.0), seed=3)
    view.controls["random"].click()
    theta = np.array([getattr(view, n) for n in NAMES])
    assert np.all((theta >= view.lo) & (theta <= view.hi)) and np.any(theta != 0)
    assert np.allclose(theta / view.step, np.round(theta / view.step))
    view.controls["book"].click()
    for got, want in zip(view.params, rb.book_solution()):
        assert np.array_equal(got, want)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "1.0", None, True])
def test_a_bad_value_is_refused_and_changes_nothing(bad):
    view = live_weight_editor()
    with pytest.raises(ValueError, match="v1 must be a finite number"):
        view.controls["v1"].value = bad
    assert view.v1 == 1.0


def test_bad_params_change_nothing():
    view = live_weight_editor()
    before = [getattr(view, n) for n in NAMES]
    with pytest.raises(ValueError, match="params"):
        view.set_params((np.ones((2, 3)), np.zeros(3), np.zeros(3), 0.0))
    with pytest.raises(ValueError):
        view.set_params((np.ones((2, 2)), np.array([0.0, np.nan]), np.zeros(2), 0.0))
    assert [getattr(view, n) for n in NAMES] == before
    with pytest.raises(ValueError, match="lo < hi"):
        LiveWeightEditor(lo=1.0, hi=-1.0)


def test_forward_is_reluback_forward():
    rng = np.random.default_rng(0)
    params = rb.Params(rng.normal(size=(2, 2)), rng.normal(size=2), rng.normal(size=2), float(rng.normal()))
    view = live_weight_editor(params)
    J, f, cache = view.forward()
    u, f_star = rb.xor_data()
    f2, cache2 = rb.forward(u, *params)
    assert np.allclose(f, f2) and np.allclose(cache.pre, cache2.pre)
    assert J == pytest.approx(rb.loss(f2, f_star))


def test_style_is_the_sets_colours_and_colormap():
    style = live_weight_editor()._style
    assert style["s"] == plots.S_COLOR and style["r"] == plots.R_COLOR
    assert style["norm"] == [plots.F_NORM.vmin, plots.F_NORM.vcenter, plots.F_NORM.vmax]
    cmap = colormaps[plots.F_CMAP]
    assert style["cmap"][0] == to_hex(cmap(0.0)) and style["cmap"][-1] == to_hex(cmap(1.0))


def test_mimebundle_has_the_widget_and_a_png_still():
    data = live_weight_editor()._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/png"][:8] == b"\x89PNG\r\n\x1a\n"


def test_esm_is_plot_js_then_the_view_and_ships_with_the_package():
    esm = live_weight_editor()._esm
    assert esm.startswith((JS / "plot.js").read_text()) and esm.rstrip().endswith("end of weight_editor.js ----")
    assert "export default" in esm
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "js/*.js" in data["reluback.widgets"]


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_pages_forward_pass_is_reluback_forward():
    """rbForward (what the page draws) on random settings, run in node, against rb.forward."""
    rng = np.random.default_rng(1)
    u, _ = rb.xor_data()
    grid = np.vstack([u, rng.uniform(-0.5, 1.5, size=(20, 2))])
    cases = []
    for _ in range(25):
        theta = rng.normal(size=9) * 2
        cases.append(dict(zip(NAMES, theta.tolist())))
    script = (JS / "plot.js").read_text() + f"""
const cases = {json.dumps(cases)}, grid = {json.dumps(grid.tolist())};
console.log(JSON.stringify(cases.map((p) => grid.map(([a, b]) => rbForward(p, a, b)))));"""
    out = json.loads(subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout)
    for p, rows in zip(cases, out):
        w = np.array([[p["w11"], p["w12"]], [p["w21"], p["w22"]]])
        f, cache = rb.forward(grid, w, np.array([p["c1"], p["c2"]]), np.array([p["v1"], p["v2"]]), p["b"])
        got = np.array([[r["sP"], r["rP"], r["sa"], r["ra"], r["f"]] for r in rows])
        want = np.column_stack([cache.pre, cache.act, f])
        assert np.allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_pages_kink_line_lies_on_the_kink():
    """rbLineInBox (the kink lines and f = ½ the page draws): both ends on a·x + b·y + c = 0, in the box."""
    rng = np.random.default_rng(2)
    lines = rng.normal(size=(40, 3)).tolist() + [[0, 1, -0.5], [1, 0, 0], [0, 0, 1], [1, 1, 10]]
    script = (JS / "plot.js").read_text() + f"""
console.log(JSON.stringify({json.dumps(lines)}.map(([a, b, c]) => rbLineInBox(a, b, c, -0.5, 1.5))));"""
    out = json.loads(subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout)
    for (a, b, c), seg in zip(lines, out):
        ends_x, ends_y = plots.line_across(a, b, c, -0.5, 1.5)           # the kernel views' line, sampled densely
        t = np.linspace(0.0, 1.0, 401)
        xs, ys = (np.interp(t, [0, 1], ends_x), np.interp(t, [0, 1], ends_y)) if ends_x.size else (ends_x, ends_y)
        inside = (xs >= -0.5) & (xs <= 1.5) & (ys >= -0.5) & (ys <= 1.5)
        if seg is None:
            assert not inside.any() or (a == 0 and b == 0)
            continue
        for x, y in seg:
            assert abs(a * x + b * y + c) < 1e-9 and -0.5 - 1e-9 <= x <= 1.5 + 1e-9 and -0.5 - 1e-9 <= y <= 1.5 + 1e-9
        assert inside.any()
