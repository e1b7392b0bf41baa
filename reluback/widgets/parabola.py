"""The loss parabola (notebook 02): a slider on b; J(b) is a parabola, the tangent's slope is
∂J/∂b = Σₙ gₙ, and the notes' slope (g without the factor 2) is drawn beside it.

state: parabola_state(params, b) — J, gₙ, ∂J/∂b (backward), the notes' g, a central difference;
figure: ParabolaFigure.show(state) — the tangents, the point, the bars, one blit;
controller: LossParabola.
"""
import math
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np

from .. import notes
from ..net import J_of, backward, forward, g_of, xor_data
from ..plots import rounded, xor_label
from .canvas import FigureWidget, View, as_number, as_params, new_figure

__all__ = ["ParabolaState", "parabola_state", "ParabolaFigure", "LossParabola", "loss_parabola"]

_TANGENT, _NOTES = "#009E73", "#CC79A7"     # Okabe–Ito bluish green, reddish purple


class ParabolaState(NamedTuple):
    b: float
    J: float
    g: np.ndarray        # (N,) gₙ = −(2/N)(f*ₙ − fₙ)
    db: float            # ∂J/∂b from backward: Σₙ gₙ
    notes_g: float       # the notes' g: without the factor 2 (notes.g)
    central: float       # (J(b + h) − J(b − h)) / 2h


def parabola_state(params, b, h=1e-4, u=None, f_star=None):
    """Everything the view shows at this b, w, c, v held at params'."""
    if u is None:
        u, f_star = xor_data()
    f, cache = forward(u, *params._replace(b=float(b)))
    J_at = lambda x: float(J_of(f - b + x, f_star))                  # f = f₀ + b
    return ParabolaState(float(b), J_at(b), g_of(f, f_star), float(backward(cache, f_star).b),
                         notes.g(f, f_star), (J_at(b + h) - J_at(b - h)) / (2 * h))


class ParabolaFigure:
    """J(b) with the tangent and the notes' line; gₙ, their sum and the notes' g as bars."""

    def __init__(self, params, lo, hi):
        u, f_star = xor_data()
        N = len(f_star)
        bs = np.linspace(lo, hi, 401)
        f0, _ = forward(u, *params._replace(b=0.0))                   # f without b: f = f0 + b
        Js = J_of(f0[None, :] + bs[:, None], f_star)
        fig = new_figure(9.5, 4.0)
        ax, axg = fig.subplots(1, 2, width_ratios=[1.35, 1])
        ax.plot(bs, Js, color="black", lw=2, label="$J(b)$")
        span = Js.max() - Js.min()
        ax.set(xlim=(lo, hi), ylim=(Js.min() - 0.08 * span - 0.02, Js.max() + 0.08 * span), xlabel="$b$",
               ylabel="$J$", title="$J$ as a function of $b$ alone (w, c, v held)")
        ax.grid(alpha=0.3)
        self.tangent, = ax.plot([], [], color=_TANGENT, lw=2.2,
                                label=r"tangent: slope $\sum_n g_n = \partial J/\partial b$")
        self.notes_tangent, = ax.plot([], [], color=_NOTES, lw=2.2, ls="--", label="the notes' slope (no factor 2)")
        self.point, = ax.plot([], [], "o", ms=9, color="black", zorder=4)
        b_star = float(np.mean(f_star - f0))                          # the bottom: Σₙ gₙ = 0
        if lo <= b_star <= hi:
            ax.axvline(b_star, color="0.5", lw=1, ls=":")
            ax.annotate(r"$b^\star$: $\sum_n g_n = 0$", (b_star, ax.get_ylim()[1]), xytext=(-4, -4),
                        textcoords="offset points", ha="right", va="top", fontsize=9, color="0.3")
        legend = ax.legend(loc="upper right", fontsize=8.5, framealpha=0.95)
        names = [f"$g_{n + 1}$\n{xor_label(u[n])}" for n in range(N)] + [r"$\sum_n g_n$", "notes'\n$g$"]
        self.bars = axg.bar(range(N + 2), np.zeros(N + 2), color=["0.55"] * N + [_TANGENT, _NOTES],
                            edgecolor="black", lw=0.8)
        axg.set_xticks(range(N + 2), names, fontsize=9)
        axg.axhline(0, color="black", lw=0.8)
        ends = [parabola_state(params, x) for x in (lo, hi)]
        gmax = max(max(np.abs(s.g).max(), abs(s.db), abs(s.notes_g)) for s in ends) * 1.1 + 1e-9
        axg.set(ylim=(-gmax, gmax), ylabel=r"$g_n = \partial J / \partial f_n$",
                title=r"$g_n = -\frac{2}{N}(f^*_n - f_n)$, sample by sample")
        axg.grid(axis="y", alpha=0.3)
        self.bar_text = [axg.text(k, 0, "", ha="center", fontsize=8) for k in range(N + 2)]
        self.halfwidth = 0.25 * (hi - lo)
        self.canvas = FigureWidget(fig, animated=[self.tangent, self.notes_tangent, self.point, legend,
                                                  *self.bars, *self.bar_text])

    def show(self, st):
        b, J = st.b, st.J
        x = np.array([b - self.halfwidth, b + self.halfwidth])
        self.tangent.set_data(x, J + st.db * (x - b))
        self.notes_tangent.set_data(x, J + st.notes_g * (x - b))
        self.point.set_data([b], [J])
        lo, hi = self.bars[0].axes.get_ylim()
        for k, (bar, t, val) in enumerate(zip(self.bars, self.bar_text, [*st.g, st.db, st.notes_g])):
            bar.set_height(val)
            t.set_text(f"{rounded(val, 3):.3f}")
            t.set_position((k, val + (0.03 if val >= 0 else -0.03) * (hi - lo)))
            t.set_va("bottom" if val >= 0 else "top")
        self.canvas.blit()


class LossParabola(View):
    """A slider on b. Left: J(b) with the tangent of slope ∂J/∂b = Σₙ gₙ and the notes' half-slope.
    Right: gₙ sample by sample, their sum, and the notes' g."""

    def __init__(self, params=None, b=None, b_range=(-1.5, 1.5), step=0.01, h=1e-4):
        super().__init__()
        self.params = as_params(params)
        b0 = self.params.b if b is None else as_number("b", b)
        self.h = as_number("h", h, 1e-8, 1.0, "the central difference's step, (J(b + h) − J(b − h)) / 2h")
        lo, hi = min(b_range[0], b0), max(b_range[1], b0)
        self.fig = ParabolaFigure(self.params, lo, hi)
        self.canvas = self.fig.canvas
        self.tangent, self.notes_tangent, self.point, self.bars = (self.fig.tangent, self.fig.notes_tangent,
                                                                   self.fig.point, self.fig.bars)
        self.controls["b"] = widgets.FloatSlider(value=b0, min=lo, max=hi, step=step, description="b",
                                                 continuous_update=True, readout_format=".2f",
                                                 layout=widgets.Layout(width="420px"))
        self.widget = widgets.VBox([self.controls["b"], self.canvas.image, self.status])
        self.connect()
        self.run(self.refresh)

    def J(self, b):
        return parabola_state(self.params, b, self.h).J

    def refresh(self):
        st = parabola_state(self.params, self.controls["b"].value, self.h)
        self.fig.show(st)
        self.say(f"b = {rounded(st.b, 2):.2f}: J = {rounded(st.J, 4):.4f};  ∂J/∂b = Σₙ gₙ = {rounded(st.db, 4):.4f} "
                 f"(backward);  central difference = {rounded(st.central, 4):.4f};  the notes' g = "
                 f"{rounded(st.notes_g, 4):.4f} (half: the notes drop the 2).")


def loss_parabola(params=None, b=None, **kwargs):
    """A slider on b: J(b) is a parabola (f = f₀ + b, J = mean of (f* − f₀ − b)²); its tangent has
    slope ∂J/∂b = Σₙ gₙ; the notes' g (without the factor 2) gives a line half as steep.

    params: (w, c, v, b) — w, c, v are held; the book's solution when None. b: where the slider starts.
    """
    return LossParabola(params, b, **kwargs)
