"""The pictures every notebook shares, in the notes' symbols and one set of colours.

- InputPlane: f over the input plane (u₁, u₂), the kink lines s_P = 0 and r_P = 0, the XOR points.
- HiddenSpace: where the four inputs land in (s_a, r_a) — the book's Figure 6.1 — and the line f = ½.
- network_diagram: u₁, u₂ → s, r → f, each edge labelled with its weight.

Each picture is built once on an Axes and updated in place with .update(params);
.artists lists what an update changes (for blitting, see widgets/canvas.py). Beside the
colours: the one place for display rounding, subscripts and the units' names.
"""
import numpy as np
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.ticker import FormatStrFormatter, MaxNLocator

from .marks import count_marks, note_text, say_hidden, say_lines
from .net import _forward, xor_data

__all__ = ["S_COLOR", "R_COLOR", "MORE_COLORS", "F_CMAP", "F_NORM", "UNIT_NAMES", "unit_color", "unit_name",
           "xor_label", "rounded", "signed", "sub", "pretty", "tex", "line_across", "InputPlane",
           "HiddenSpace", "network_diagram"]

# Okabe–Ito: distinguishable with every common colour-vision deficiency.
S_COLOR = "#0072B2"          # unit 1: s_P, s_a, w·1, c₁, v₁   (blue)
R_COLOR = "#D55E00"          # unit 2: r_P, r_a, w·2, c₂, v₂   (vermillion)
MORE_COLORS = ["#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
F_CMAP = "PiYG"              # diverging, neutral at f = ½, colour-blind safe (ColorBrewer)
F_NORM = TwoSlopeNorm(vmin=-0.5, vcenter=0.5, vmax=1.5)
UNIT_NAMES = ["s", "r"]      # the notes' names of hidden units 1 and 2


def unit_color(j):
    """The colour of hidden unit j (0-based): s blue, r vermillion, then Okabe–Ito."""
    return [S_COLOR, R_COLOR, *MORE_COLORS][j % (2 + len(MORE_COLORS))]


def unit_name(j):
    """The notes' name of hidden unit j (0-based): s, r, then h3, h4, …"""
    return UNIT_NAMES[j] if j < 2 else f"h{j + 1}"


def xor_label(u_row):
    """(0,1) for the input u = (0, 1)."""
    return f"({u_row[0]:g},{u_row[1]:g})"


# ---- numbers and names for display ---------------------------------------------------
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def rounded(x, d=3):
    """x rounded to d decimals for display, never "-0.000"."""
    return round(float(x), d) + 0.0


def signed(x, d=4):
    """x rounded to d decimals, shortest form, with a true minus sign: −0.1234."""
    return f"{rounded(x, d):g}".replace("-", "−")


def sub(text):
    """Digits as subscripts: 'u1' → 'u₁'."""
    return text.translate(_SUB)


def pretty(name):
    """An entry's name for widgets and plain text: 'w12' → 'w₁₂'."""
    return sub(name)


def tex(name):
    """An entry's name for axes (mathtext): 'w12' → '$w_{12}$'."""
    return f"${name[0]}_{{{name[1:]}}}$" if len(name) > 1 else f"${name}$"


def line_across(a, bb, c, lo, hi):
    """Two points of the line a·x + bb·y + c = 0 spanning the box [lo, hi]² (empty when a = bb = 0)."""
    t = np.array([lo - 1.0, hi + 1.0])
    if abs(bb) >= abs(a) and bb != 0:
        return t, -(a * t + c) / bb
    if a != 0:
        return -(bb * t + c) / a, t
    return np.array([]), np.array([])


class InputPlane:
    """f(u) as a heatmap over (u₁, u₂), with each unit's kink line pre = 0 and the four XOR points."""

    def __init__(self, ax, params, lo=-0.5, hi=1.5, res=121, colorbar=True, points=True,
                 interpolation="bilinear", labels=True, legend=True):
        """labels: the "(u₁,u₂) f*=…" tags on the XOR points; legend: the kink lines' legend.
        An animation that redraws this plane every frame may turn both off (each costs draw time)
        and use interpolation="nearest" (no resampling filter)."""
        self.ax, self.lo, self.hi = ax, lo, hi
        g = np.linspace(lo, hi, res)
        self.grid = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
        self.res = res
        self.image = ax.imshow(np.zeros((res, res)), origin="lower", extent=(lo, hi, lo, hi),
                               cmap=F_CMAP, norm=F_NORM, interpolation=interpolation, aspect="equal")
        H = np.shape(params[0])[1]
        self.kinks = [ax.plot([], [], color=unit_color(j), lw=2.5,
                              label=f"${unit_name(j)}_P = 0$ (unit {j + 1} kink)")[0] for j in range(H)]
        ax.set(xlim=(lo, hi), ylim=(lo, hi), xlabel="$u_1$", ylabel="$u_2$", title="$f(u)$ over the input plane")
        marks = []          # drawn over the heatmap, so they are redrawn with it when blitting
        if points:
            u, f_star = xor_data()
            for (u1, u2), t in zip(u, f_star):
                marks += ax.plot(u1, u2, "o" if t == 0 else "s", ms=11, mfc="white" if t == 0 else "black",
                                 mec="black", mew=1.5, zorder=3)
                if labels:
                    marks.append(ax.annotate(
                        f"{xor_label((u1, u2))}  $f^*$={t:g}", (u1, u2), textcoords="offset points",
                        xytext=(0, 11), ha="center", va="bottom", fontsize=8, zorder=3,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8)))
        if colorbar:
            cb = ax.figure.colorbar(self.image, ax=ax, shrink=0.85, pad=0.02)
            cb.set_label("$f$ (white: ½)")
        if legend:
            marks.append(ax.legend(loc="lower left", fontsize=8, framealpha=0.9))
        self.legend = marks[-1] if legend else None
        self.note = note_text(ax, (0.02, 0.02), "left", "bottom")      # what the kink lines cannot show
        self.artists = [self.image, *self.kinks, *marks, self.note]
        self.update(params)

    def f_grid(self, params):
        f, _ = _forward(self.grid, *params)
        return f.reshape(self.res, self.res)

    def update(self, params):
        w, c = np.asarray(params[0]), np.asarray(params[1])
        self.image.set_data(self.f_grid(params))
        for j, line in enumerate(self.kinks):
            line.set_data(*line_across(w[0, j], w[1, j], c[j], self.lo, self.hi))   # s_P = 0, r_P = 0
        say_lines(self, w, c, [unit_name(j) for j in range(w.shape[1])])
        return self.artists


class HiddenSpace:
    """The four XOR inputs mapped to (s_a, r_a) = max{0, wᵀu + c}, and the line where f = ½.

    In this space f = v₁s_a + v₂r_a + b is linear: a straight line can separate the targets
    once the hidden layer has moved (0,1) and (1,0) together (the book's Figure 6.1).
    """

    def __init__(self, ax, params, lim=None):
        self.ax = ax
        self.u, self.f_star = xor_data()
        ax.axhline(0, color="0.6", lw=0.8)
        ax.axvline(0, color="0.6", lw=0.8)
        self.boundary, = ax.plot([], [], ls="--", color="0.25", lw=1.5, label="$f = ½$")
        self.points = [ax.plot([], [], "o" if t == 0 else "s", ms=11, mfc="white" if t == 0 else "black",
                               mec="black", mew=1.5, zorder=3)[0] for t in self.f_star]
        self.labels = [ax.annotate(xor_label(u), (0, 0), textcoords="offset points", xytext=(7, 5 - 12 * (n % 2)),
                                   fontsize=8, zorder=4) for n, u in enumerate(self.u)]
        ax.set(xlabel=r"$s_a = \max\{0, s_P\}$ (unit 1)", ylabel=r"$r_a = \max\{0, r_P\}$ (unit 2)",
               title="hidden space: where the inputs land")
        ax.xaxis.label.set_color(S_COLOR)
        ax.yaxis.label.set_color(R_COLOR)
        for axis in (ax.xaxis, ax.yaxis):    # tick labels of one width whatever the limits
            axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
            axis.set_major_formatter(FormatStrFormatter("%.1f"))
        ax.xaxis.set_label_coords(0.5, -0.11)
        ax.yaxis.set_label_coords(-0.13, 0.5)
        self.legend = ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        self.counts = [ax.annotate("", (0, 0), textcoords="offset points", xytext=(9, 7), fontsize=9, zorder=5,
                                   bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="0.6", alpha=0.9))
                       for _ in range(2)]
        self.note = note_text(ax, (0.98, 0.02), "right", "bottom")      # what is off the view
        self.artists = [self.boundary, *self.points, *self.labels, self.legend, *self.counts, self.note]
        self.lim = lim
        self.update(params, rescale=lim is None)

    def update(self, params, rescale=False, act=None):
        """Move the points to act = max{0, wᵀu + c} (computed here unless given) and the line f = ½."""
        act = _forward(self.u, *params)[1].act if act is None else act
        for n, (p, t) in enumerate(zip(self.points, self.labels)):
            p.set_data([act[n, 0]], [act[n, 1]])
            t.xy = (act[n, 0], act[n, 1])
        if rescale:
            top = max(1.0, float(act.max()) * 1.15)
            self.lim = (-0.1 * top, top)
        lo, hi = self.lim
        count_marks(self.counts, act, [xor_label(x) for x in self.u], lo, hi)   # markers that overlap
        self.ax.set(xlim=(lo, hi), ylim=(lo, hi))
        v, b = np.asarray(params[2]), float(params[3])
        self.boundary.set_data(*line_across(v[0], v[1], b - 0.5, lo, hi))   # f = ½
        say_hidden(self.note, act, v, b, [xor_label(x) for x in self.u], lo, hi)
        return self.artists

    def set_labels(self, texts):
        """One tag per point, above or below it, alternating from left to right so that neighbours'
        tags take opposite sides; clear of the markers' row (no point of that row hides a tag); on
        the point's left near the right edge."""
        lo, hi = self.lim
        rank = np.argsort(np.argsort([label.xy[0] for label in self.labels], kind="stable"), kind="stable")
        for label, text, r in zip(self.labels, texts, rank):
            label.set_text(text)
            right = label.xy[0] > lo + 0.75 * (hi - lo)
            label.set_horizontalalignment("right" if right else "left")
            label.xyann = (-8 if right else 8, 8 if r % 2 == 0 else -16)     # markers reach ±5.5 pt


def network_diagram(ax, params=None):
    """u₁, u₂ → s, r → f, edges labelled w_ij, v_j (with values when params are given)."""
    ax.set_axis_off()
    ax.set(xlim=(-0.3, 2.5), ylim=(-0.6, 1.6), aspect="equal")
    nodes = {"u1": (0, 1.2), "u2": (0, -0.2), "s": (1.1, 1.2), "r": (1.1, -0.2), "f": (2.2, 0.5)}
    text = {"u1": "$u_1$", "u2": "$u_2$", "s": "$s$", "r": "$r$", "f": "$f$"}
    edge_color = {"s": S_COLOR, "r": R_COLOR}
    R = 0.2                                         # node radius, in data units (aspect equal)
    val = (lambda x: f" = {x:g}") if params is not None else (lambda x: "")
    w, c, v, b = params if params is not None else (np.zeros((2, 2)), np.zeros(2), np.zeros(2), 0.0)
    w, c, v = np.asarray(w), np.asarray(c), np.asarray(v)

    def edge(a, z, label, color, frac):
        (x0, y0), (x1, y1) = nodes[a], nodes[z]
        dx, dy = x1 - x0, y1 - y0
        d = np.hypot(dx, dy)
        ex, ey = dx / d, dy / d                     # from circle edge to circle edge: the head stays visible
        ax.add_patch(FancyArrowPatch((x0 + R * ex, y0 + R * ey), (x1 - (R + 0.02) * ex, y1 - (R + 0.02) * ey),
                                     arrowstyle="-|>", mutation_scale=16, shrinkA=0, shrinkB=0,
                                     color=color, lw=1.6))
        x, y = x0 + frac * (x1 - x0), y0 + frac * (y1 - y0)
        ax.text(x, y, label, color=color, fontsize=10, ha="center", va="center",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))

    for i, ui in enumerate(["u1", "u2"]):
        for j, h in enumerate(["s", "r"]):
            frac = 0.5 if i == j else 0.68      # crossing edges: label between the crossing and the arrowhead
            edge(ui, h, f"$w_{{{i + 1}{j + 1}}}${val(w[i, j])}", edge_color[h], frac)
    edge("s", "f", f"$v_1${val(v[0])}", S_COLOR, 0.5)
    edge("r", "f", f"$v_2${val(v[1])}", R_COLOR, 0.5)
    for name, (x, y) in nodes.items():
        color = edge_color.get(name, "black")
        ax.add_patch(Circle((x, y), R, fc="white", ec=color, lw=2, zorder=3))
        ax.text(x, y, text[name], ha="center", va="center", fontsize=13, zorder=4)
    ax.text(1.1, 1.5, f"$+c_1${val(c[0])},  ReLU", color=S_COLOR, ha="center", fontsize=9)
    ax.text(1.1, -0.55, f"$+c_2${val(c[1])},  ReLU", color=R_COLOR, ha="center", fontsize=9)
    ax.text(2.2, 0.1, f"$+b${val(b)}", ha="center", va="top", fontsize=9)
    return ax
