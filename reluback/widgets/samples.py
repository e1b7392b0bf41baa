"""The sample view (notebook 04): what one sample n adds to ∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b.

A unit that is off for that sample (pre ≤ 0) gets nothing from it: a zero column.
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import Rectangle

from .canvas import FigureWidget, View, new_figure
from .net import Params, _forward, check_net, xor_data
from .plots import unit_color, unit_name, xor_label
from .slopes import SUB, _pick_net, presets

GRAD_CMAP = "PRGn"          # diverging, colour-blind safe, and unlike the unit colours (blue, vermillion)


def contributions(u, w, c, v, b, f_star):
    """Each sample's term of the gradient, as a Params with a leading sample axis:

        w (N, D, H): gₙ · 1[pre_nj > 0] · v_j · u_np     c (N, H): gₙ · 1[pre_nj > 0] · v_j
        v (N, H):    gₙ · act_nj                          b (N,):   gₙ

    Summed over n they give ∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b.
    """
    u, w, c, v, b = check_net(u, w, c, v, b)
    f, cache = _forward(u, w, c, v, b)
    g = -2.0 / len(f) * (np.asarray(f_star, dtype=float) - f)          # (N,)
    dpre = np.outer(g, v) * (cache.pre > 0)                              # (N, H)
    return Params(u[:, :, None] * dpre[:, None, :], dpre, g[:, None] * cache.act, g)


class SampleView(View):
    """One sample's contribution to ∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b as heat grids with their numbers."""

    def __init__(self, net="skewed (no sample on a kink)", sample="all", width=9.5, height=3.6):
        super().__init__()
        self.u, self.f_star = xor_data()
        label, self.nets = _pick_net(net, presets())
        options = [("all: the sum", "all")] + [(f"n = {n + 1}: u = {xor_label(x)}", n)
                                              for n, x in enumerate(self.u)]
        if sample not in [o[1] for o in options]:
            raise ValueError(f"sample must be 'all' or 0 … {len(self.u) - 1}; got {sample!r}")
        H = np.shape(self.nets[label].w)[1]
        D = self.u.shape[1]

        fig = new_figure(width, height)
        axes = fig.subplots(1, 4, width_ratios=[D, 1.05, 1.05, 0.55])
        self.axes = dict(zip("wcvb", axes))
        self.images, self.texts = {}, {}
        shapes = {"w": (D, H), "c": (H, 1), "v": (H, 1), "b": (1, 1)}
        self.norm = TwoSlopeNorm(vcenter=0.0, vmin=-1.0, vmax=1.0)
        for key, ax in self.axes.items():
            rows, cols = shapes[key]
            self.images[key] = ax.imshow(np.zeros((rows, cols)), cmap=GRAD_CMAP, norm=self.norm, aspect="equal")
            self.texts[key] = [[ax.text(q, p, "", ha="center", va="center", fontsize=11)
                                for q in range(cols)] for p in range(rows)]
            ax.set_xticks([])
            ax.set_yticks([])
            for s in ax.spines.values():
                s.set_color("0.6")
        ax = self.axes["w"]
        ax.xaxis.tick_top()
        ax.set_xticks(range(H), [f"$j={j + 1}$ (${unit_name(j)}$)" for j in range(H)])
        ax.set_xlabel(" ", fontsize=22)          # room for the on/off notes under the grid
        ax.set_yticks(range(D), [f"$p={p + 1}$ ($u_{p + 1}$)" for p in range(D)])
        for j, t in enumerate(ax.get_xticklabels()):
            t.set_color(unit_color(j))
        for key in "cv":
            self.axes[key].set_yticks(range(H), [f"${key}_{j + 1}$ (${unit_name(j)}$)" for j in range(H)])
            for j, t in enumerate(self.axes[key].get_yticklabels()):
                t.set_color(unit_color(j))
        for key in "wcvb":                     # static titles, so the layout makes room for them
            self.axes[key].set_title(f"$\\partial J/\\partial {key}$", fontsize=11)
        self.which = self.axes["b"].text(0.5, 2.3, "", transform=self.axes["b"].transAxes, ha="center",
                                         va="bottom", fontsize=10, fontweight="bold")
        self.unit_notes = [ax.annotate("", (j, 1.0), xycoords=("data", "axes fraction"), xytext=(0, -4),
                                       textcoords="offset points", ha="center", va="top", fontsize=9,
                                       color=unit_color(j)) for j in range(H)]
        for j, t in enumerate(self.unit_notes):
            t.xy = (j, 0.0)
        self.off = {key: [self.axes[key].add_patch(Rectangle((0, 0), 1, 1, fill=False, hatch="//", ec="0.72",
                                                             lw=0)) for _ in range(H)] for key in "wcv"}
        self.cbar = fig.colorbar(self.images["w"], ax=axes, shrink=0.8, pad=0.02)
        self.cbar.set_label("contribution to $\\partial J/\\partial\\theta$")
        moving = [im for im in self.images.values()] + [t for key in self.texts for row in self.texts[key]
                                                         for t in row] + self.unit_notes + [self.which] \
            + [r for key in self.off for r in self.off[key]]
        self.canvas = FigureWidget(fig, animated=moving)
        self.controls = {
            "net": widgets.Dropdown(options=list(self.nets), value=label, description="net",
                                    layout=widgets.Layout(width="24em")),
            "sample": widgets.ToggleButtons(options=options, value=sample, description="sample",
                                            style={"button_width": "9.5em"}),
        }
        self.widget = widgets.VBox([self.controls["net"], self.controls["sample"], self.canvas.image, self.status])
        self._net, self._pending_redraw = None, True
        self.update()
        self.connect()

    def update(self):
        label = self.controls["net"].value
        if label != self._net:                     # a new net: new colour scale (the colour bar), full redraw
            self._net = label
            self.params = self.nets[label]
            self.parts = contributions(self.u, *self.params, self.f_star)
            # one colour scale per net, so that the samples' terms and their sum compare at a glance
            totals = [np.sum(p, axis=0) for p in self.parts]
            biggest = max(max(float(np.max(np.abs(x))) for x in (*self.parts, *totals)), 1e-12)
            self.norm.vmin, self.norm.vmax = -biggest, biggest
            self._pending_redraw = True
        n = self.controls["sample"].value
        part = (Params(*(p.sum(axis=0) for p in self.parts)) if n == "all"
                else Params(*(p[n] for p in self.parts)))
        grids = {"w": part.w, "c": part.c[:, None], "v": part.v[:, None], "b": np.array([[part.b]])}
        biggest = self.norm.vmax
        for key, grid in grids.items():
            self.images[key].set_data(grid)
            for p, row in enumerate(self.texts[key]):
                for q, t in enumerate(row):
                    x = round(float(grid[p, q]), 4) + 0.0
                    t.set_text(f"{x:.4f}".rstrip("0").rstrip(".") if x else "0")
                    t.set_color("white" if abs(grid[p, q]) > 0.6 * biggest else "black")
        self.which.set_text("all samples:\nthe sum" if n == "all"
                            else f"sample n = {n + 1}\nu = {xor_label(self.u[n])}")
        _, cache = _forward(self.u, *self.params)
        on = cache.pre > 0                                   # (N, H)
        D = self.u.shape[1]
        for j in range(len(self.unit_notes)):
            off = not on[:, j].any() if n == "all" else not on[n, j]
            for key, r in zip("wcv", (self.off[k][j] for k in "wcv")):
                r.set_visible(off)
                r.set_bounds(*((j - 0.5, -0.5, 1, D) if key == "w" else (-0.5, j - 0.5, 1, 1)))
        for j, t in enumerate(self.unit_notes):
            sym = f"{unit_name(j)}_P"
            if n == "all":
                t.set_text(f"on for {on[:, j].sum()} of {len(on)}")
            else:
                t.set_text(f"on: ${sym}$ = {cache.pre[n, j]:.2f}" if on[n, j]
                           else f"off: ${sym}$ = {cache.pre[n, j]:.2f} ≤ 0")
        if self._pending_redraw:
            self._pending_redraw = False
            self.canvas.redraw()
        else:
            self.canvas.blit()
        self.say(self._words(n, cache, on))

    def _words(self, n, cache, on):
        H = on.shape[1]
        units = lambda js: " and ".join(f"unit {j + 1} ({unit_name(j)})" for j in js)
        dead = [j for j in range(H) if not on[:, j].any()]
        if n == "all":
            text = "∂J/∂θ = Σₙ (sample n's term): pick a sample to see its term alone."
            if dead:
                text += (f" {units(dead).capitalize()} is off for every sample — a dead unit: its column of "
                         f"∂J/∂w and its entries of ∂J/∂c and ∂J/∂v are 0, so gradient descent cannot revive it.")
            return text
        f = cache.f[n]
        g = -2.0 / len(cache.f) * (self.f_star[n] - f)
        text = (f"Sample n = {n + 1}, u = {xor_label(self.u[n])}: f = {f:.3f}, f* = {self.f_star[n]:g}, "
                f"gₙ = −(2/N)(f*ₙ − fₙ) = {g:.4f}.")
        off = [j for j in range(H) if not on[n, j]]
        if off:
            text += (f" {units(off).capitalize()} {'is' if len(off) == 1 else 'are'} off here (pre ≤ 0, "
                     f"ReLU′ = 0): {'its column' if len(off) == 1 else 'their columns'} of ∂J/∂w and "
                     f"the matching entries of ∂J/∂c, ∂J/∂v get 0 from this sample.")
        zero_rows = [p for p in range(self.u.shape[1]) if self.u[n, p] == 0]
        if zero_rows:
            text += (" " + " and ".join(f"u{p + 1}".translate(SUB) for p in zero_rows)
                     + " = 0, so row " + " and ".join(str(p + 1) for p in zero_rows)
                     + " of ∂J/∂w is 0 too (∂f/∂w_pj has the factor u_p).")
        if g == 0:
            text += " f = f* here, so gₙ = 0: this sample adds nothing at all."
        return text


def sample_view(net="skewed (no sample on a kink)", sample="all"):
    """What sample n adds to ∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b; a unit that is off for n gives a zero column.

    net: a preset's name or a Params (w, c, v, b) with w of shape (2, 2); sample: "all" or 0 … 3.
    """
    return SampleView(net, sample)
