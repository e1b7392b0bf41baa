"""The weight editor drawn in the page: a front-end view that needs no kernel to answer.

- live_weight_editor(params): nine sliders (w₁₁ w₁₂ w₂₁ w₂₂ c₁ c₂ v₁ v₂ b) whose every move is
  computed and drawn in JavaScript (reluback/widgets/js/weight_editor.js, with the shared
  reluback/widgets/js/plot.js in front): f over the input plane with the kink lines, the hidden space
  (s_a, r_a), J, the per-sample table, and a line for screen readers.

Python keeps the state: the nine parameters are traits, so a notebook, a test or nbval drives it
as it drives the kernel editor — `view.controls["w11"].value = 0.5`, `view.controls["book"].click()`,
`view.params`. A static page (make book) renders it from the stored widget state alone, and a
renderer without JavaScript (GitHub) shows the PNG still drawn by reluback.plots.

The next front-end view follows the same pattern: a class here with its state as traits,
one JS module per view in reluback/widgets/js/, the axes and colours of plot.js.
"""
import io
from pathlib import Path

import anywidget
import numpy as np
import traitlets
from matplotlib import colormaps
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from .editor import NAMES, from_values, to_values
from ..net import J_of, book_solution, check_params, forward, xor_data
from ..plots import F_CMAP, F_NORM, R_COLOR, S_COLOR, HiddenSpace, InputPlane, rounded

__all__ = ["PageView", "LiveWeightEditor", "live_weight_editor", "view_module", "Button"]

_JS = Path(__file__).with_name("js")
SOLVED = 1e-12          # J below this counts as 0, as in the kernel editor


def view_module(view):
    """The view's ES module: the shared plot.js, then the view's own file."""
    return (_JS / "plot.js").read_text() + "\n" + (_JS / f"{view}.js").read_text()


def _style():
    """What the page draws with, from reluback.plots: the units' colours and f's colormap and norm."""
    cmap = colormaps[F_CMAP].resampled(256)
    return dict(s=S_COLOR, r=R_COLOR, cmap=[to_hex(cmap(k)) for k in range(256)],
                norm=[F_NORM.vmin, F_NORM.vcenter, F_NORM.vmax], solved=SOLVED)


class _Value:
    """One parameter as a control: `.value` reads and writes the widget's trait (finite floats only)."""

    def __init__(self, view, name):
        self._view, self.name = view, name

    @property
    def value(self):
        return getattr(self._view, self.name)

    @value.setter
    def value(self, x):
        setattr(self._view, self.name, _finite(self.name, x))


class Button:
    """A button's Python side: `.click()` does what the page's button does."""

    def __init__(self, action):
        self._action = action

    def click(self):
        self._action()


def _finite(name, x):
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)) or not np.isfinite(x):
        raise ValueError(f"{name} must be a finite number; got {x!r}")
    return float(x)


class PageView(anywidget.AnyWidget):
    """A view drawn in the page; its still_png() stands in for it where no JavaScript runs (GitHub)."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if data is not None:
            data["image/png"] = self.still_png()
        return bundle


class LiveWeightEditor(PageView):
    """Nine sliders → f over the input plane, the hidden space, J and the per-sample table, in the page."""

    _esm = traitlets.Unicode(view_module("weight_editor")).tag(sync=True)
    w11, w12, w21, w22, c1, c2, v1, v2, b = (traitlets.Float(0.0).tag(sync=True) for _ in NAMES)
    lo = traitlets.Float(-3.0).tag(sync=True)
    hi = traitlets.Float(3.0).tag(sync=True)
    step = traitlets.Float(0.05).tag(sync=True)
    _style = traitlets.Dict().tag(sync=True)
    _data = traitlets.Dict().tag(sync=True)
    _book = traitlets.Dict().tag(sync=True)

    def __init__(self, params=None, lo=-3.0, hi=3.0, step=0.05, seed=0):
        lo, hi, step = (_finite(n, x) for n, x in (("lo", lo), ("hi", hi), ("step", step)))
        if not (lo < hi and 0 < step <= hi - lo):
            raise ValueError(f"need lo < hi and 0 < step ≤ hi − lo; got lo={lo}, hi={hi}, step={step}")
        u, f_star = xor_data()
        params = book_solution() if params is None else check_params(params, u, "params", H=2)[1]
        super().__init__(lo=lo, hi=hi, step=step, _style=_style(),
                         _data=dict(u=u.tolist(), f_star=f_star.tolist()),
                         _book={k: float(x) for k, x in to_values(book_solution()).items()},
                         **{k: float(x) for k, x in to_values(params).items()})
        self.rng = np.random.default_rng(seed)
        self.controls = {name: _Value(self, name) for name in NAMES}
        self.controls["book"] = Button(lambda: self.set_params(book_solution()))
        self.controls["random"] = Button(lambda: self.set_params(self.random_params()))

    @property
    def params(self):
        """The sliders' values as a Params (w, c, v, b)."""
        return from_values({n: getattr(self, n) for n in NAMES})

    def set_params(self, params):
        """All nine at once (one message to the page), checked first: nothing half-updated."""
        x = to_values(check_params(params, xor_data()[0], "params", H=2)[1])
        with self.hold_sync():
            for name in NAMES:
                setattr(self, name, float(x[name]))

    def random_params(self):
        """A random start: every entry from N(0, 1), rounded to the slider step, clipped to [lo, hi]."""
        theta = np.clip(np.round(self.rng.normal(size=9) / self.step) * self.step, self.lo, self.hi)
        return from_values(dict(zip(NAMES, theta)))

    def forward(self):
        """(J, f, cache) at the current setting, by reluback's forward pass: what the page must show."""
        u, f_star = xor_data()
        f, cache = forward(u, *self.params)
        return J_of(f, f_star), f, cache

    def still_png(self, dpi=80):
        """The current setting as a PNG, drawn by reluback.plots (for renderers that run no JavaScript)."""
        fig = Figure(figsize=(9.5, 4.3), layout="constrained")
        ax_in, ax_hid = fig.subplots(1, 2, width_ratios=[1.12, 1])
        params = self.params
        InputPlane(ax_in, params, legend=True)
        HiddenSpace(ax_hid, params)
        fig.suptitle(f"J = {rounded(self.forward()[0], 4):.4f}")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi)
        return buf.getvalue()

    def __repr__(self):                  # no memory address: stored notebooks stay stable
        return f"<live weight editor: {', '.join(f'{n} = {getattr(self, n):g}' for n in NAMES)}>"


def live_weight_editor(params=None, **kwargs):
    """The weight editor computed and drawn in the page (no kernel round trip per slider move).

    params: the starting (w, c, v, b); the book's solution when None.
    Keyword arguments: lo, hi, step (the sliders' range and step), seed (of "random start").
    view.controls[name].value for name in w11 w12 w21 w22 c1 c2 v1 v2 b; view.controls["book"]
    and view.controls["random"] have .click(); view.params is the current Params.
    """
    return LiveWeightEditor(params, **kwargs)
