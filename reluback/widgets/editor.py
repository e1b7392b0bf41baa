"""Two views of notebooks 01 and 02: the weight editor, and J(b) with its tangent.

- weight_editor(params): nine sliders (w₁₁ w₁₂ w₂₁ w₂₂ c₁ c₂ v₁ v₂ b) driving f over the
  input plane with the kink lines, the hidden space (s_a, r_a) of the book's Figure 6.1,
  and J with a per-sample table.
- loss_parabola(params, b): a slider on b; J(b) is a parabola, the tangent's slope is
  ∂J/∂b = Σₙ gₙ, and the notes' slope (g without the factor 2) is drawn beside it.

Both build their figure once and blit the moving artists (canvas.py); both can be driven
without a browser: set `view.controls[name].value`, or `view.controls["book"].click()`.
"""

import ipywidgets as widgets
import numpy as np

from .canvas import FigureWidget, View, new_figure
from .net import Params, _backward, _forward, book_solution, check_params, xor_data
from .plots import R_COLOR, S_COLOR, HiddenSpace, InputPlane, xor_label

NAMES = ("w11", "w12", "w21", "w22", "c1", "c2", "v1", "v2", "b")
SYMBOLS = dict(w11="w₁₁", w12="w₁₂", w21="w₂₁", w22="w₂₂", c1="c₁", c2="c₂", v1="v₁", v2="v₂", b="b")
UNIT = dict(w11=0, w21=0, c1=0, v1=0, w12=1, w22=1, c2=1, v2=1)
SOLVED = 1e-12          # J below this counts as 0
WORDS_UNIT = ["unit 1 (s)", "unit 2 (r)"]


def _check_params(params):
    """params as float64 (w, c, v, b) of the notes' 2-2-1 net, or a ValueError in the notes' letters."""
    if params is None:
        return book_solution()
    return check_params(params, xor_data()[0], "params", H=2)[1]


def to_values(params):
    """{'w11': …, …, 'b': …} from (w, c, v, b): w[i, j] is w_{i+1, j+1}."""
    w, c, v, b = params
    return dict(w11=w[0, 0], w12=w[0, 1], w21=w[1, 0], w22=w[1, 1],
                c1=c[0], c2=c[1], v1=v[0], v2=v[1], b=b)


def from_values(x):
    """The inverse of to_values: a Params of float64 arrays."""
    return Params(np.array([[x["w11"], x["w12"]], [x["w21"], x["w22"]]], dtype=float),
                  np.array([x["c1"], x["c2"]], dtype=float), np.array([x["v1"], x["v2"]], dtype=float),
                  float(x["b"]))


def _slider(name, value, lo, hi, step, color=None):
    s = widgets.FloatSlider(value=value, min=min(lo, value), max=max(hi, value), step=step,
                            description=SYMBOLS.get(name, name), continuous_update=True,
                            readout_format=".2f", layout=widgets.Layout(width="250px"),
                            style={"description_width": "2.2em"})
    if color:
        s.style.handle_color = color
    return s


def _r(x, d=3):
    """Round for display, without "-0.000"."""
    return round(float(x), d) + 0.0


def describe(params, u, f_star):
    """Words for what the learner sees: solved, dead or linear units, a unit cut off by v_j = 0."""
    f, cache = _forward(u, *params)
    J = float(np.mean((f_star - f) ** 2))
    pre = cache.pre
    words = []
    if J < SOLVED:
        words.append("<b>J = 0: XOR solved</b> — all four outputs equal their targets.")
    elif np.all((f > 0.5) == (f_star > 0.5)):
        words.append("All four outputs are on the right side of ½ (J > 0, but thresholding f at ½ solves XOR).")
    dead = [j for j in range(2) if np.all(pre[:, j] <= 0)]
    linear = [j for j in range(2) if np.all(pre[:, j] > 0)]
    letter = ["s", "r"]
    if len(dead) == 2:
        words.append("Both units are dead (s_P ≤ 0 and r_P ≤ 0 on all four inputs): f = b on every input, "
                     "and no gradient reaches w or c.")
    else:
        for j in dead:
            words.append(f"{WORDS_UNIT[j]} is dead: {letter[j]}_P ≤ 0 on all four inputs, so {letter[j]}_a = 0 "
                         f"and its weights w·{j + 1}, c{'₁₂'[j]}, v{'₁₂'[j]} get no gradient.")
    for j in linear:
        words.append(f"{WORDS_UNIT[j]} is linear on the data: {letter[j]}_P > 0 on all four inputs, "
                     "so its ReLU never bends there.")
    if len(dead) + len(linear) == 2:
        words.append("No unit bends between the four inputs: f is linear on them, and no linear f solves XOR "
                     "(the best gives ½ everywhere, J = ¼).")
    for j in range(2):
        if params.v[j] == 0 and j not in dead:
            words.append(f"v{'₁₂'[j]} = 0: {WORDS_UNIT[j]} does not reach f.")
    return J, f, cache, words


def sample_table(u, f_star, cache, f):
    """An HTML table of the forward pass, one row per sample, in the notes' symbols and unit colours."""
    th = lambda text, color="black": f"<th style='color:{color};text-align:right;padding:0 0.6em'>{text}</th>"
    head = ("<tr>" + th("u") + th("s<sub>P</sub>", S_COLOR) + th("r<sub>P</sub>", R_COLOR)
            + th("s<sub>a</sub>", S_COLOR) + th("r<sub>a</sub>", R_COLOR)
            + th("f") + th("f*") + th("(f* − f)²") + "</tr>")
    rows = []
    for n in range(len(f)):
        cells = [xor_label(u[n]), *(f"{_r(x):.3f}" for x in (*cache.pre[n], *cache.act[n], f[n])),
                 f"{f_star[n]:g}", f"{_r((f_star[n] - f[n]) ** 2):.3f}"]
        rows.append("<tr>" + "".join(f"<td style='text-align:right;padding:0 0.6em'>{x}</td>" for x in cells)
                    + "</tr>")
    return f"<table style='font-family:monospace'>{head}{''.join(rows)}</table>"


class WeightEditor(View):
    """Nine sliders → f over the input plane, the hidden space, J and a per-sample table."""

    def __init__(self, params=None, lo=-3.0, hi=3.0, step=0.05, seed=0, res=161, interpolation="bilinear"):
        super().__init__()
        params = _check_params(params)
        self.u, self.f_star = xor_data()
        self.rng = np.random.default_rng(seed)
        self.step = step
        self._holding = False

        fig = new_figure(9.5, 4.3)
        ax_in, ax_hid = fig.subplots(1, 2, width_ratios=[1.12, 1])
        self.plane = InputPlane(ax_in, params, res=res, interpolation=interpolation, legend=False)
        self.hidden = HiddenSpace(ax_hid, params)
        # the kink lines' legend sits under the plane, drawn once, not over the heatmap at every frame
        fig.legend(handles=self.plane.kinks, loc="outside lower left", ncols=2, fontsize=9, frameon=False)
        self.title = fig.suptitle("", fontsize=12)
        # the hidden space rescales while dragging; its ticks keep one decimal and its labels
        # fixed places (plots.HiddenSpace), so the first layout can be kept: a rescale ~90 ms, not ~160
        self.canvas = FigureWidget(fig, animated=[*self.plane.artists, *self.hidden.artists, self.title],
                                   freeze_layout=True)

        x = to_values(params)
        for name in NAMES:
            color = None if name == "b" else (S_COLOR, R_COLOR)[UNIT[name]]
            self.controls[name] = _slider(name, x[name], lo, hi, step, color)
        self.controls["book"] = widgets.Button(description="book's solution", icon="book",
                                               tooltip="w = [[1, 1], [1, 1]], c = [0, −1], v = [1, −2], b = 0")
        self.controls["random"] = widgets.Button(description="random start", icon="random",
                                                 tooltip="all nine parameters drawn from N(0, 1)")
        self.controls["book"].on_click(lambda _: self.set_params(book_solution()))
        self.controls["random"].on_click(lambda _: self.set_params(self.random_params()))
        self.table = widgets.HTML()

        col = lambda title, names, color: widgets.VBox(
            [widgets.HTML(f"<b style='color:{color}'>{title}</b>"), *(self.controls[n] for n in names)])
        sliders = widgets.HBox([col("unit 1 (s)", ["w11", "w21", "c1", "v1"], S_COLOR),
                                col("unit 2 (r)", ["w12", "w22", "c2", "v2"], R_COLOR),
                                col("output", ["b", "book", "random"], "black")])   # three columns fit 848 px
        self.widget = widgets.VBox([sliders, self.canvas.image, self.status, self.table])
        self.connect()
        self.update(full=True)

    # ---- state ----
    @property
    def params(self):
        """The sliders' values as a Params (w, c, v, b)."""
        return from_values({n: self.controls[n].value for n in NAMES})

    def random_params(self):
        """A random start: every entry from N(0, 1), rounded to the slider step, kept on the sliders."""
        lo, hi = self.controls["w11"].min, self.controls["w11"].max
        theta = np.clip(np.round(self.rng.normal(size=9) / self.step) * self.step, lo, hi)
        return from_values(dict(zip(NAMES, theta)))

    def set_params(self, params):
        """Move all nine sliders at once, then draw once."""
        x = to_values(_check_params(params))
        self._holding = True
        try:
            for name in NAMES:
                s = self.controls[name]
                s.min, s.max = min(s.min, x[name]), max(s.max, x[name])
                s.value = x[name]
        finally:
            self._holding = False
        try:
            self.update(full=True)           # one frame, the hidden space fitted to the new points
        except Exception as err:             # a learner sees words, never a traceback
            self.say(f"This setting could not be drawn ({type(err).__name__}: {err}).", warn=True)

    def _on_change(self, change):
        if not self._holding:
            super()._on_change(change)

    # ---- drawing ----
    def update(self, full=False):
        params = self.params
        J, f, cache, words = describe(params, self.u, self.f_star)
        self.plane.update(params)
        lo, hi = self.hidden.lim
        top = float(cache.act.max())
        rescale = full or top > hi or (hi > 1.0 and top < 0.5 * hi)   # points left the box, or huddle in a corner
        if rescale:       # a full redraw (new ticks) costs ~4 frames: leave room so that a drag rarely needs one
            new = max(1.0, top * (1.15 if full else 1.5))
            self.hidden.lim = (-0.1 * new, new)
        self.hidden.update(params)
        self.title.set_text(f"J = {_r(J, 4):.4f}" + ("  — XOR solved" if J < SOLVED else ""))
        lo, hi = self.hidden.lim
        for n, label in enumerate(self.hidden.labels):
            label.set_text(f"{xor_label(self.u[n])} f={_r(f[n], 2):.2f}")
            right = cache.act[n, 0] > lo + 0.75 * (hi - lo)      # near the right edge: label on the left
            label.set_horizontalalignment("right" if right else "left")
            label.xyann = (-8 if right else 8, label.xyann[1])
        (self.canvas.redraw if rescale else self.canvas.blit)()
        self.say(f"J = {_r(J, 4):.4f}. " + " ".join(words))
        self.table.value = sample_table(self.u, self.f_star, cache, f)


def weight_editor(params=None, **kwargs):
    """Sliders for all nine parameters of the notes' net, driving f over the input plane (with the
    kink lines wᵀu + c = 0), the hidden space (s_a, r_a), J and the forward pass sample by sample.

    params: the starting (w, c, v, b); the book's solution when None.
    Buttons: "book's solution" and "random start" set all nine at once.
    """
    return WeightEditor(params, **kwargs)


# ---- J(b), a parabola ------------------------------------------------------------

class LossParabola(View):
    """A slider on b. Left: J(b) with the tangent of slope ∂J/∂b = Σₙ gₙ and the notes' half-slope.
    Right: gₙ sample by sample, their sum, and the notes' g."""

    def __init__(self, params=None, b=None, b_range=(-1.5, 1.5), step=0.01, h=1e-4):
        super().__init__()
        params = _check_params(params)
        self.u, self.f_star = xor_data()
        self.params, self.h = params, h
        b0 = params.b if b is None else float(b)
        if not np.isfinite(b0):
            raise ValueError(f"b must be finite; got {b!r}")
        lo, hi = min(b_range[0], b0), max(b_range[1], b0)
        f0, _ = _forward(self.u, *params._replace(b=0.0))        # f without b: f = f0 + b
        self.f0 = f0
        bs = np.linspace(lo, hi, 401)
        Js = np.mean((self.f_star[None, :] - f0[None, :] - bs[:, None]) ** 2, axis=1)

        fig = new_figure(9.5, 4.0)
        ax, axg = fig.subplots(1, 2, width_ratios=[1.35, 1])
        ax.plot(bs, Js, color="black", lw=2, label="$J(b)$")
        span = Js.max() - Js.min()
        ax.set(xlim=(lo, hi), ylim=(Js.min() - 0.08 * span - 0.02, Js.max() + 0.08 * span),
               xlabel="$b$", ylabel="$J$",
               title="$J$ as a function of $b$ alone (w, c, v held)")
        ax.grid(alpha=0.3)
        self.tangent, = ax.plot([], [], color="#009E73", lw=2.2, label=r"tangent: slope $\sum_n g_n = \partial J/\partial b$")
        self.notes_tangent, = ax.plot([], [], color="#CC79A7", lw=2.2, ls="--",
                                      label="the notes' slope (no factor 2)")
        self.point, = ax.plot([], [], "o", ms=9, color="black", zorder=4)
        b_star = float(np.mean(self.f_star - f0))                    # the bottom: Σₙ gₙ = 0
        if lo <= b_star <= hi:
            ax.axvline(b_star, color="0.5", lw=1, ls=":")
            ax.annotate(r"$b^\star$: $\sum_n g_n = 0$", (b_star, ax.get_ylim()[1]), xytext=(-4, -4),
                        textcoords="offset points", ha="right", va="top", fontsize=9, color="0.3")
        legend = ax.legend(loc="upper right", fontsize=8.5, framealpha=0.95)

        N = len(self.f_star)
        names = [f"$g_{n + 1}$\n{xor_label(self.u[n])}" for n in range(N)] + [r"$\sum_n g_n$", "notes'\n$g$"]
        colors = ["0.55"] * N + ["#009E73", "#CC79A7"]
        self.bars = axg.bar(range(N + 2), np.zeros(N + 2), color=colors, edgecolor="black", lw=0.8)
        axg.set_xticks(range(N + 2), names, fontsize=9)
        axg.axhline(0, color="black", lw=0.8)
        gmax = max(abs(self._slopes(x)[k]).max() for x in (lo, hi) for k in (0, 1, 2)) * 1.1 + 1e-9
        axg.set(ylim=(-gmax, gmax), ylabel=r"$g_n = \partial J / \partial f_n$",
                title=r"$g_n = -\frac{2}{N}(f^*_n - f_n)$, sample by sample")
        axg.grid(axis="y", alpha=0.3)
        self.bar_text = [axg.text(k, 0, "", ha="center", fontsize=8) for k in range(N + 2)]
        self.canvas = FigureWidget(fig, animated=[self.tangent, self.notes_tangent, self.point, legend,
                                                  *self.bars, *self.bar_text])
        self.halfwidth = 0.25 * (hi - lo)
        self.controls["b"] = widgets.FloatSlider(value=b0, min=lo, max=hi, step=step, description="b",
                                                 continuous_update=True, readout_format=".2f",
                                                 layout=widgets.Layout(width="420px"))
        self.widget = widgets.VBox([self.controls["b"], self.canvas.image, self.status])
        self.connect()
        self.update()

    def _slopes(self, b):
        """(g per sample, Σₙ gₙ, the notes' g) at this b: gₙ = −(2/N)(f*ₙ − fₙ), and the notes' line without the 2."""
        _, cache = _forward(self.u, *self.params._replace(b=float(b)))
        g = -2.0 / len(self.f_star) * (self.f_star - cache.f)
        notes_g = np.mean(self.f_star - cache.f) * -1.0
        return g, np.array([g.sum()]), np.array([notes_g])

    def J(self, b):
        return float(np.mean((self.f_star - self.f0 - b) ** 2))

    def update(self):
        b = float(self.controls["b"].value)
        _, cache = _forward(self.u, *self.params._replace(b=b))
        db = float(_backward(cache, self.f_star).b)                 # ∂J/∂b = Σₙ gₙ
        g, _, (notes_g,) = self._slopes(b)
        J = self.J(b)
        x = np.array([b - self.halfwidth, b + self.halfwidth])
        self.tangent.set_data(x, J + db * (x - b))
        self.notes_tangent.set_data(x, J + notes_g * (x - b))
        self.point.set_data([b], [J])
        lo, hi = self.bars[0].axes.get_ylim()
        for k, (bar, t, val) in enumerate(zip(self.bars, self.bar_text, [*g, db, notes_g])):
            bar.set_height(val)
            t.set_text(f"{_r(val, 3):.3f}")
            t.set_position((k, val + (0.03 if val >= 0 else -0.03) * (hi - lo)))
            t.set_va("bottom" if val >= 0 else "top")
        self.canvas.blit()
        central = (self.J(b + self.h) - self.J(b - self.h)) / (2 * self.h)
        self.say(f"b = {_r(b, 2):.2f}: J = {_r(J, 4):.4f};  ∂J/∂b = Σₙ gₙ = {_r(db, 4):.4f} (backward);  "
                 f"central difference = {_r(central, 4):.4f};  the notes' g = {_r(notes_g, 4):.4f} "
                 f"(half: the notes drop the 2).")


def loss_parabola(params=None, b=None, **kwargs):
    """A slider on b: J(b) is a parabola (f = f₀ + b, J = mean of (f* − f₀ − b)²); its tangent has
    slope ∂J/∂b = Σₙ gₙ; the notes' g (without the factor 2) gives a line half as steep.

    params: (w, c, v, b) — w, c, v are held; the book's solution when None. b: where the slider starts.
    """
    return LossParabola(params, b, **kwargs)
