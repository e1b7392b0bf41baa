"""The sample view (notebook 05): what one sample n adds to ∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b.

A unit that is off for that sample (pre ≤ 0) gets nothing from it: a zero column.

state: sample_state(params, n) — the sample's term (or the sum), which units are on, the colour scale;
figure: SampleFigure.show(state) — the four heat grids with their numbers, one blit;
controller: SampleView.
"""
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import Rectangle

from ..net import Params, check_net, example_nets, forward, g_of, xor_data
from ..plots import rounded, sub, unit_color, unit_name, xor_label
from .canvas import FigureWidget, View, as_params, new_figure, pick_net

__all__ = ["GRAD_CMAP", "contributions", "SampleState", "sample_state", "SampleFigure", "SampleView",
           "sample_view"]

GRAD_CMAP = "PRGn"          # diverging, colour-blind safe, and unlike the unit colours (blue, vermillion)


def contributions(u, w, c, v, b, f_star):
    """Each sample's term of the gradient, as a Params with a leading sample axis:

        w (N, D, H): gₙ · 1[pre_nj > 0] · v_j · u_np     c (N, H): gₙ · 1[pre_nj > 0] · v_j
        v (N, H):    gₙ · act_nj                          b (N,):   gₙ

    Summed over n they give ∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b.
    """
    u, w, c, v, b = check_net(u, w, c, v, b)
    f, cache = forward(u, w, c, v, b)
    g = g_of(f, np.asarray(f_star, dtype=float))                         # (N,)
    dpre = np.outer(g, v) * (cache.pre > 0)                              # (N, H)
    return Params(u[:, :, None] * dpre[:, None, :], dpre, g[:, None] * cache.act, g)


class SampleState(NamedTuple):
    n: object            # "all" or a sample index
    part: Params         # sample n's term of ∂J/∂θ, or the sum over samples
    pre: np.ndarray      # (N, H)
    f: np.ndarray        # (N,)
    g: np.ndarray        # (N,)
    scale: float         # the largest |term| or |sum| of this net: one colour scale for all its samples


def sample_state(params, n, u=None, f_star=None):
    """What the sample view shows for sample n (or n = "all", the sum) of the net `params`."""
    if u is None:
        u, f_star = xor_data()
    parts = contributions(u, *params, f_star)
    total = Params(*(p.sum(axis=0) for p in parts))
    scale = max(max(float(np.max(np.abs(x))) for x in (*parts, *total)), 1e-12)
    f, cache = forward(u, *params)
    part = total if n == "all" else Params(*(p[n] for p in parts))
    return SampleState(n, part, cache.pre, f, g_of(f, f_star), scale)


class SampleFigure:
    """∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b as heat grids with their numbers; hatched where a unit is off."""

    def __init__(self, u, H, width=9.5, height=3.6):
        self.u, D = u, u.shape[1]
        fig = new_figure(width, height)
        axes = fig.subplots(1, 4, width_ratios=[D, 1.05, 1.05, 0.55])
        self.axes = dict(zip("wcvb", axes))
        self.norm = TwoSlopeNorm(vcenter=0.0, vmin=-1.0, vmax=1.0)
        shapes = {"w": (D, H), "c": (H, 1), "v": (H, 1), "b": (1, 1)}
        self.images, self.texts = {}, {}
        for key, ax in self.axes.items():
            rows, cols = shapes[key]
            self.images[key] = ax.imshow(np.zeros((rows, cols)), cmap=GRAD_CMAP, norm=self.norm, aspect="equal")
            self.texts[key] = [[ax.text(q, p, "", ha="center", va="center", fontsize=11)
                                for q in range(cols)] for p in range(rows)]
            ax.set(xticks=[], yticks=[])
            ax.set_title(f"$\\partial J/\\partial {key}$", fontsize=11)   # static: the layout makes room
            for s in ax.spines.values():
                s.set_color("0.6")
        self._ticks(D, H)
        self.which = self.axes["b"].text(0.5, 2.3, "", transform=self.axes["b"].transAxes, ha="center",
                                         va="bottom", fontsize=10, fontweight="bold")
        self.unit_notes = [self.axes["w"].annotate("", (j, 0.0), xycoords=("data", "axes fraction"), xytext=(0, -4),
                                                   textcoords="offset points", ha="center", va="top", fontsize=9,
                                                   color=unit_color(j)) for j in range(H)]
        self.off = {key: [self.axes[key].add_patch(Rectangle((0, 0), 1, 1, fill=False, hatch="//", ec="0.72",
                                                             lw=0)) for _ in range(H)] for key in "wcv"}
        fig.colorbar(self.images["w"], ax=axes, shrink=0.8, pad=0.02).set_label(
            "contribution to $\\partial J/\\partial\\theta$")
        texts = [t for key in self.texts for row in self.texts[key] for t in row]
        self.canvas = FigureWidget(fig, animated=[*self.images.values(), *texts, *self.unit_notes, self.which,
                                                  *(r for key in self.off for r in self.off[key])])

    def _ticks(self, D, H):
        ax = self.axes["w"]
        ax.xaxis.tick_top()
        ax.set_xticks(range(H), [f"$j={j + 1}$ (${unit_name(j)}$)" for j in range(H)])
        ax.set_xlabel(" ", fontsize=22)          # room for the on/off notes under the grid
        ax.set_yticks(range(D), [f"$p={p + 1}$ ($u_{p + 1}$)" for p in range(D)])
        for key in "wcv":
            if key != "w":
                self.axes[key].set_yticks(range(H), [f"${key}_{j + 1}$ (${unit_name(j)}$)" for j in range(H)])
            labels = self.axes[key].get_xticklabels() if key == "w" else self.axes[key].get_yticklabels()
            for j, t in enumerate(labels):
                t.set_color(unit_color(j))

    def show(self, st):
        """Grids, numbers, the on/off notes and hatching; a new colour scale redraws the colour bar."""
        redraw = (self.norm.vmin, self.norm.vmax) != (-st.scale, st.scale)
        self.norm.vmin, self.norm.vmax = -st.scale, st.scale
        p = st.part
        for key, grid in {"w": p.w, "c": p.c[:, None], "v": p.v[:, None], "b": np.array([[p.b]])}.items():
            self.images[key].set_data(grid)
            for i, row in enumerate(self.texts[key]):
                for q, t in enumerate(row):
                    x = rounded(grid[i, q], 4)
                    t.set_text(f"{x:.4f}".rstrip("0").rstrip(".") if x else "0")
                    t.set_color("white" if abs(grid[i, q]) > 0.6 * st.scale else "black")
        n, on, D = st.n, st.pre > 0, self.u.shape[1]
        self.which.set_text("all samples:\nthe sum" if n == "all" else f"sample n = {n + 1}\nu = {xor_label(self.u[n])}")
        for j, note in enumerate(self.unit_notes):
            off = not on[:, j].any() if n == "all" else not on[n, j]
            for key in "wcv":
                self.off[key][j].set_visible(off)
                self.off[key][j].set_bounds(*((j - 0.5, -0.5, 1, D) if key == "w" else (-0.5, j - 0.5, 1, 1)))
            sym = f"{unit_name(j)}_P"
            note.set_text(f"on for {on[:, j].sum()} of {len(on)}" if n == "all" else
                          f"on: ${sym}$ = {st.pre[n, j]:.2f}" if on[n, j] else f"off: ${sym}$ = {st.pre[n, j]:.2f} ≤ 0")
        (self.canvas.redraw if redraw else self.canvas.blit)()


def _words(st, u, f_star):
    on, H, n = st.pre > 0, st.pre.shape[1], st.n
    units = lambda js: " and ".join(f"unit {j + 1} ({unit_name(j)})" for j in js)
    if n == "all":
        dead = [j for j in range(H) if not on[:, j].any()]
        return "∂J/∂θ = Σₙ (sample n's term): pick a sample to see its term alone." + (
            f" {units(dead).capitalize()} is off for every sample — a dead unit: its column of ∂J/∂w and its "
            "entries of ∂J/∂c and ∂J/∂v are 0, so gradient descent cannot revive it." if dead else "")
    text = (f"Sample n = {n + 1}, u = {xor_label(u[n])}: f = {st.f[n]:.3f}, f* = {f_star[n]:g}, "
            f"gₙ = −(2/N)(f*ₙ − fₙ) = {st.g[n]:.4f}.")
    off = [j for j in range(H) if not on[n, j]]
    if off:
        text += (f" {units(off).capitalize()} {'is' if len(off) == 1 else 'are'} off here (pre ≤ 0, "
                 f"ReLU′ = 0): {'its column' if len(off) == 1 else 'their columns'} of ∂J/∂w and "
                 f"the matching entries of ∂J/∂c, ∂J/∂v get 0 from this sample.")
    zero_rows = [p for p in range(u.shape[1]) if u[n, p] == 0]
    if zero_rows:
        text += (" " + " and ".join(sub(f"u{p + 1}") for p in zero_rows) + " = 0, so row "
                 + " and ".join(str(p + 1) for p in zero_rows) + " of ∂J/∂w is 0 too (∂f/∂w_pj has the factor u_p).")
    if st.g[n] == 0:
        text += " f = f* here, so gₙ = 0: this sample adds nothing at all."
    return text


class SampleView(View):
    """One sample's contribution to ∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b as heat grids with their numbers."""

    def __init__(self, net="skewed (no sample on a kink)", sample="all", width=9.5, height=3.6):
        super().__init__()
        self.u, self.f_star = xor_data()
        label, self.nets = pick_net(net, example_nets(), lambda p: as_params(p, "net"))
        options = [("all: the sum", "all")] + [(f"n = {n + 1}: u = {xor_label(x)}", n) for n, x in enumerate(self.u)]
        if isinstance(sample, bool) or sample not in [o[1] for o in options]:
            raise ValueError(f"sample must be 'all' or 0 … {len(self.u) - 1}; got {sample!r}")
        self.fig = SampleFigure(self.u, np.shape(self.nets[label].w)[1], width, height)
        self.canvas = self.fig.canvas
        self.controls = {
            "net": widgets.Dropdown(options=list(self.nets), value=label, description="net",
                                    layout=widgets.Layout(width="24em")),
            "sample": widgets.ToggleButtons(options=options, value=sample, description="sample",
                                            style={"button_width": "9.5em"}),
        }
        self.widget = widgets.VBox([self.controls["net"], self.controls["sample"], self.canvas.image, self.status])
        self.run(self.refresh)
        self.connect()

    @property
    def params(self):
        return self.nets[self.controls["net"].value]

    def refresh(self):
        st = sample_state(self.params, self.controls["sample"].value, self.u, self.f_star)
        self.fig.show(st)
        self.say(_words(st, self.u, self.f_star))


def sample_view(net="skewed (no sample on a kink)", sample="all"):
    """What sample n adds to ∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b; a unit that is off for n gives a zero column.

    net: a preset's name or a Params (w, c, v, b) with w of shape (2, 2); sample: "all" or 0 … 3.
    """
    return SampleView(net, sample)
