"""The descent explorer's four panels for one training run: set_run(history) once, show(k) per step.

(1) f over the input plane with the kink lines s_P = 0, r_P = 0; (2) the hidden space (s_a, r_a)
with the four points moving (the book's Figure 6.1 forming); (3) the loss curve, log scale,
current step marked; (4) the nine entries of ∂J/∂θ as bars. Why it is fast: widgets/descent.py.
"""
import numpy as np
from matplotlib import rc_context
from matplotlib.lines import Line2D

from ..net import xor_data
from ..plots import R_COLOR, S_COLOR, HiddenSpace, InputPlane
from .canvas import FigureWidget, new_figure

__all__ = ["FONT", "DescentFigure"]

FONT = {"font.size": 12, "axes.titlesize": 13, "axes.labelsize": 13, "xtick.labelsize": 11,
        "ytick.labelsize": 11, "legend.fontsize": 10}
# the nine entries of ∂J/∂θ, grouped by unit: (name, getter, colour)
_ENTRIES = ([(f"$w_{{{i + 1}{j + 1}}}$", lambda P, i=i, j=j: P[0][..., i, j], col)
            for j, col in ((0, S_COLOR), (1, R_COLOR)) for i in range(2)]
           + [(f"$c_{j + 1}$", lambda P, j=j: P[1][..., j], col) for j, col in ((0, S_COLOR), (1, R_COLOR))]
           + [(f"$v_{j + 1}$", lambda P, j=j: P[2][..., j], col) for j, col in ((0, S_COLOR), (1, R_COLOR))]
           + [("$b$", lambda P: np.asarray(P[3]), "0.45")])
_ORDER = [0, 1, 4, 6, 2, 3, 5, 7, 8]      # unit 1's four, unit 2's four, then b
_MARKERS = ["o", "s", "^", "D"]           # (0,0) (0,1) (1,0) (1,1): white for f* = 0, black for f* = 1


class DescentFigure:
    """The four panels for one training run (a History): set_run(history) once, show(k) per step."""

    def __init__(self, history, width=9.6, height=6.8, dpi=100, res=41):
        self.u, self.f_star = xor_data()
        with rc_context(FONT):
            self.figure = fig = new_figure(width, height, dpi)
            (a1, a2), (a3, a4) = fig.subplots(2, 2, gridspec_kw=dict(width_ratios=[1, 1.15]))
            self._plane_and_hidden(a1, a2, history.at(0), res)
            self._loss_and_grads(a3, a4)
            self.axes = (a1, a2, a3, a4)
        self.artists = [*self.plane.artists, *self.hidden.points, *self.hidden.counts, self.hidden.note,
                        self.hidden.boundary, self.marker, self.now, self.text, *self.bars, self.zeros]
        self.canvas = FigureWidget(fig, animated=self.artists)
        self.set_run(history)

    def _plane_and_hidden(self, a1, a2, start, res):
        self.plane = InputPlane(a1, start, res=res, colorbar=False, interpolation="nearest",
                                labels=False, legend=False)
        a1.set_title("(1) $f(u)$ and the kinks $s_P = 0$, $r_P = 0$")
        self.hidden = HiddenSpace(a2, start, lim=(-0.1, 1.0))
        a2.set_title("(2) hidden space $(s_a, r_a)$")
        for t in self.hidden.labels:      # a text costs ~1.2 ms a frame: a marker per input instead
            t.set_visible(False)
        dots = [ln for ln in self.plane.artists if isinstance(ln, Line2D) and ln not in self.plane.kinks]
        for n, (m, d) in enumerate(zip(_MARKERS, self.hidden.points)):
            d.set_marker(m)
            dots[n].set_marker(m)
        a1.legend(handles=[*self.plane.kinks, *dots],
                  labels=["$s_P = 0$", "$r_P = 0$", *(f"({x:g},{y:g}) $f^*$={t:g}"
                                                       for (x, y), t in zip(self.u, self.f_star))],
                  loc="upper left", bbox_to_anchor=(1.0, 1.02), fontsize=11, frameon=False, handlelength=1.2)
        a2.get_legend().remove()
        a2.legend(handles=[self.hidden.boundary], loc="upper right", fontsize=11)

    def _loss_and_grads(self, a3, a4):
        a3.set(yscale="log", xlabel="step", ylabel="$J$", title="(3) loss $J$ (log scale)")
        self.curve, = a3.plot([], [], color="0.2", lw=1.8)
        self.marker, = a3.plot([], [], "o", ms=9, color="#E69F00", mec="black", zorder=4)
        self.now = a3.axvline(0, color="#E69F00", lw=1.2)
        self.text = a3.text(0.98, 0.95, "", transform=a3.transAxes, ha="right", va="top", fontsize=12)
        self.bars = a4.bar(range(9), np.zeros(9), color=[_ENTRIES[i][2] for i in _ORDER], width=0.7)
        self.zeros = a4.scatter([], [], marker="x", s=70, color="black", zorder=4, lw=2, label="exactly 0")
        a4.axhline(0, color="0.3", lw=0.8)
        a4.set_xticks(range(9), [_ENTRIES[i][0] for i in _ORDER])
        for t, i in zip(a4.get_xticklabels(), _ORDER):
            t.set_color(_ENTRIES[i][2])
        # the key in the title: a legend inside would sit under the bars drawn over it
        a4.set(yscale="symlog", title=r"(4) $\partial J/\partial\theta$ at this step   (× = exactly 0)")

    def set_run(self, history):
        """The static parts that belong to a run: the loss curve, the axis limits (the next show redraws)."""
        self.canvas.set_animated(self.artists)          # the background changed: drawn anew at the next blit
        self.history = h = history
        T = h.steps
        with np.errstate(all="ignore"):
            ok = np.isfinite(h.loss) & (h.loss < 1e3)                   # before it blew up
            ks = np.flatnonzero(ok) if ok.any() else np.array([0])
            w, c = h.params.w[ks], h.params.c[ks]
            act = np.maximum(np.einsum("nd,tdh->tnh", self.u, w) + c[:, None, :], 0)
            top = float(np.clip(np.nanmax(act), 1.0, 20.0)) * 1.15
            self.hidden.lim = (-0.08 * top, top)
            self.hidden.ax.set(xlim=self.hidden.lim, ylim=self.hidden.lim)
            a3 = self.axes[2]
            J = np.clip(h.loss, 1e-16, None)
            self.curve.set_data(np.arange(T + 1), J)
            up = J[-1] > J[0]                                          # a rising curve fills the top right
            self.text.set_y(0.05 if up else 0.95)
            self.text.set_va("bottom" if up else "top")
            a3.set_xlim(-0.02 * max(T, 1), 1.02 * max(T, 1))
            a3.set_ylim(max(np.nanmin(J), 1e-16) / 3, np.nanmax(J) * 3)
            g = max(float(np.nanmax(np.abs(np.concatenate([np.ravel(x) for x in h.grads])))), 1e-3)
            a4 = self.axes[3]
            a4.set_yscale("symlog", linthresh=1e-4)
            a4.set_ylim(-2 * g, 2 * g)
            top = int(np.ceil(np.log10(2 * g)))
            every = max(1, (top + 4) // 3)
            decades = 10.0 ** np.arange(top, -5, -every)
            a4.set_yticks(np.concatenate([decades, [0.0], -decades[::-1]]))
            a4.set_ylabel("value (symlog scale)")

    def show(self, k, send=True):
        """Put the artists at step k (clamped to the run) and blit; returns the clamped k.
        send=False: draw into the canvas without encoding a PNG for the Image widget (GIF frames)."""
        h = self.history
        k = int(min(max(k, 0), h.steps))
        theta = h.at(k)
        with np.errstate(all="ignore"):
            self.plane.update(theta)
            self.hidden.update(theta)
            J = max(float(h.loss[k]), 1e-16)
            self.marker.set_data([k], [J])
            self.now.set_xdata([k, k])
            self.text.set_text(f"step {k}   J = {h.loss[k]:.3g}")   # plain text: mathtext would be re-parsed every frame (~10 ms)
            grads = [float(_ENTRIES[i][1](h.grads)[k]) for i in _ORDER]
            for bar, d in zip(self.bars, grads):
                bar.set_height(d if np.isfinite(d) else 0.0)
            zero = [x for x, d in enumerate(grads) if d == 0.0]
            self.zeros.set_offsets(np.column_stack([zero, np.zeros(len(zero))]) if zero else np.empty((0, 2)))
        self.canvas.blit(send)
        return k


