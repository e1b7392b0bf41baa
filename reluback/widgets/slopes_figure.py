"""The slope explorer's figure: J along θ with the tangent (left), what θ moves (right).

set_line(line) once per (net, θ): the curve, the kinks, the axes (the next show redraws all);
show(line, state) per slider move: the point, the tangent or the two one-sided slopes, the
readout and the samples' dots, one blit.
"""
import numpy as np

from ..marks import label_curves
from ..plots import MORE_COLORS, pretty, signed, tex, unit_color, unit_name, xor_label
from .canvas import FigureWidget, new_figure

__all__ = ["SlopeFigure"]

_LEFT_COLOR, _RIGHT_COLOR = MORE_COLORS[0], MORE_COLORS[1]     # bluish green, reddish purple (Okabe–Ito)


class SlopeFigure:
    """J(θ) with its tangent and kinks; the moving unit's pre (or f) per sample beside it."""

    def __init__(self, u, width=9.5, height=4.3):
        self.u = u
        fig = new_figure(width, height)
        self.ax, self.ax_pre = ax, axp = fig.subplots(1, 2, width_ratios=[1.65, 1])
        self.curve, = ax.plot([], [], color="0.15", lw=2, label="$J$ along $\\theta$ (others fixed)")
        self.kink_marks = [ax.axvline(np.nan, color="0.55", lw=1, ls=":") for _ in range(len(u))]
        ax.plot([], [], color="0.55", lw=1, ls=":", label="kinks: some $s_P$ or $r_P$ = 0")
        self.tangent, = ax.plot([], [], lw=2.5, label="tangent, slope $\\partial J/\\partial\\theta$ (backward)")
        self.left, = ax.plot([], [], color=_LEFT_COLOR, lw=2.5, ls="--", label="left slope")
        self.right, = ax.plot([], [], color=_RIGHT_COLOR, lw=2.5, ls="--", label="right slope")
        self.point, = ax.plot([], [], "o", color="black", ms=8, zorder=5)
        self.readout = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, zorder=6,
                               bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.8", alpha=0.9))
        self.legend = ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        ax.set_ylabel("$J$")
        axp.axhline(0, color="0.3", lw=1)
        self.off_band = axp.axhspan(-1e9, 0, color="0.92", zorder=0)
        self.off_text = axp.text(0.98, 0.03, "pre ≤ 0: unit off,\nindicator 0", transform=axp.transAxes,
                                 ha="right", va="bottom", fontsize=8, color="0.35")
        styles = ["-", "--", ":", "-."]
        self.pre_lines = [axp.plot([], [], ls=styles[n % 4], lw=2, label=xor_label(un))[0]
                          for n, un in enumerate(u)]
        self.pre_dots = [axp.plot([], [], "o", ms=6, zorder=5)[0] for _ in u]
        self.pre_now = axp.axvline(np.nan, color="black", lw=1)
        self.pre_legend = axp.legend(title="sample $u$", loc="upper left", fontsize=8, title_fontsize=8)
        self.canvas = FigureWidget(fig, animated=[self.point, self.tangent, self.left, self.right,
                                                  self.readout, *self.pre_dots, self.pre_now])
        self._stale = True

    def set_line(self, line):
        """The static parts for one (net, θ): the curve, the kinks, the axes, in the unit's colour."""
        ax, axp, j = self.ax, self.ax_pre, line.unit
        lo, hi = line.xs[0], line.xs[-1]
        color = unit_color(j) if j is not None else "black"
        self.curve.set_data(line.xs, line.J)
        for x, mark in zip(line.kinks, self.kink_marks):
            mark.set_xdata([x, x])
        self.tangent.set_color(color)
        self.legend.remove()                      # made again, so its tangent has the unit's colour
        self.legend = ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        top = float(line.J.max())
        ax.set(xlim=(lo, hi), ylim=(-0.04 * top - 1e-3, 1.12 * top + 1e-3),
               xlabel=f"{tex(line.name)}   (all other parameters fixed)", title=f"$J$ along {tex(line.name)}")
        ax.xaxis.label.set_color(color)
        for n, (curve, dot) in enumerate(zip(self.pre_lines, self.pre_dots)):
            curve.set_color(color)
            dot.set_color(color)
            curve.set_data(line.xs, line.ys[:, n])
        label_curves(self.pre_lines, [xor_label(un) for un in self.u], line.same)   # lines on one another: said
        self.pre_legend.remove()                  # made again: its handles copy the lines' colour
        self.pre_legend = axp.legend(title="sample $u$", loc="upper left", fontsize=8, title_fontsize=8)
        self._right_axes(line, color)
        self._stale = True

    def _right_axes(self, line, color):
        """What θ moves: the pre-activations of its unit (w, c), or the outputs f (v, b)."""
        axp, shows_pre, lo, hi = self.ax_pre, line.dpre is not None, line.xs[0], line.xs[-1]
        self.off_band.set_visible(shows_pre)
        self.off_text.set_visible(shows_pre)
        lo_y, hi_y = float(line.ys.min()), float(line.ys.max())
        pad = 0.08 * max(hi_y - lo_y, 1.0)
        if shows_pre:
            sym = unit_name(line.unit)
            axp.set(xlim=(lo, hi), ylim=(min(lo_y, -0.5) - pad, max(hi_y, 0.5) + pad),
                    ylabel=f"${sym}_P$ of each sample (unit {line.unit + 1})", xlabel=tex(line.name),
                    title=f"what {tex(line.name)} moves: ${sym}_P$")
        else:
            axp.set(xlim=(lo, hi), ylim=(lo_y - pad, hi_y + pad), ylabel="$f$ of each sample",
                    xlabel=tex(line.name), title=f"what {tex(line.name)} moves: $f$")
        axp.yaxis.label.set_color(color)

    def show(self, line, st):
        """The point, the tangent (or the two one-sided slopes at a kink), the readout, the dots."""
        x, J, L = st["theta"], st["J"], 0.22 * (line.xs[-1] - line.xs[0])
        self.point.set_data([x], [J])
        if st["kink"]:                 # each one-sided line across both sides, so that the angle shows
            self.tangent.set_data([], [])
            self.left.set_data([x - L, x + 0.6 * L], [J - L * st["left"], J + 0.6 * L * st["left"]])
            self.right.set_data([x - 0.6 * L, x + L], [J - 0.6 * L * st["right"], J + L * st["right"]])
        else:
            self.tangent.set_data([x - L, x + L], [J - L * st["analytic"], J + L * st["analytic"]])
            self.left.set_data([], [])
            self.right.set_data([], [])
        name = pretty(line.name)           # plain text, not mathtext: this text is redrawn at every move
        lines = [f"{name} = {signed(x)}    J = {signed(J)}", f"∂J/∂{name}:  backward {signed(st['analytic'])}",
                 f"central difference {signed(st['central'])}"]
        if st["kink"]:
            lines.append(f"kink: left {signed(st['left'])}, right {signed(st['right'])}")
        self.readout.set_text("\n".join(lines))
        self.pre_now.set_xdata([x, x])
        for n, dot in enumerate(self.pre_dots):
            dot.set_data([x], [st["pre"][n, line.unit] if line.dpre is not None else st["f"][n]])
        if self._stale:
            self._stale = False
            self.canvas.redraw()
        else:
            self.canvas.blit()
