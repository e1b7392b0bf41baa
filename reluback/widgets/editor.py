"""The weight editor (notebook 01): nine sliders driving f over the input plane with the kink
lines, the hidden space (s_a, r_a) of the book's Figure 6.1, J and a per-sample table.

state: editor_state(params) — one forward pass on the four inputs, J and the words;
figure: EditorFigure.show(state) — the plane, the hidden space, the title, one blit;
controller: WeightEditor — sliders in, state, figure and words out.
"""
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np

from ..net import J_of, Params, book_solution, forward, xor_data
from ..plots import R_COLOR, S_COLOR, HiddenSpace, InputPlane, rounded, sub, unit_name, xor_label
from .canvas import FigureWidget, View, as_params, new_figure, place

__all__ = ["NAMES", "to_values", "from_values", "EditorState", "editor_state", "sample_table",
           "EditorFigure", "WeightEditor", "weight_editor"]

NAMES = ("w11", "w12", "w21", "w22", "c1", "c2", "v1", "v2", "b")
_UNIT = dict(w11=0, w21=0, c1=0, v1=0, w12=1, w22=1, c2=1, v2=1)
_SOLVED = 1e-12          # J below this counts as 0
_UNIT_WORDS = ["unit 1 (s)", "unit 2 (r)"]


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


class EditorState(NamedTuple):
    """What the weight editor shows for one setting of its nine sliders."""
    params: Params
    f: np.ndarray        # (4,)    the outputs
    pre: np.ndarray      # (4, 2)  s_P, r_P
    act: np.ndarray      # (4, 2)  s_a, r_a
    J: float
    solved: bool         # J < 1e-12
    words: list          # plain sentences: dead, linear or cut-off units


def editor_state(params, u=None, f_star=None):
    """The forward pass on the four XOR inputs (once), J and the words: a ValueError when the
    values are too large for float64 to compute f."""
    if u is None:
        u, f_star = xor_data()
    with np.errstate(all="ignore"):              # an overflow is refused below, in words
        f, cache = forward(u, *params)
        J = float(J_of(f, f_star))
    if not (np.isfinite(cache.act).all() and np.isfinite(J)):
        raise ValueError("params (w, c, v, b) are too large: f or J overflows float64")
    return EditorState(params, f, cache.pre, cache.act, J, J < _SOLVED, _words(params.v, f, cache.pre, J, f_star))


def _words(v, f, pre, J, f_star):
    """Sentences for what the learner sees: solved, dead or linear units, a unit cut off by v_j = 0."""
    words = []
    if J >= _SOLVED and np.all((f > 0.5) == (f_star > 0.5)):
        words.append("All four outputs are on the right side of ½ (J > 0, but thresholding f at ½ solves XOR).")
    dead = [j for j in range(2) if np.all(pre[:, j] <= 0)]
    linear = [j for j in range(2) if np.all(pre[:, j] > 0)]
    if len(dead) == 2:
        words.append("Both units are dead (s_P ≤ 0 and r_P ≤ 0 on all four inputs): f = b on every input, "
                     "and no gradient reaches w or c.")
    else:
        for j in dead:
            x = unit_name(j)
            words.append(f"{_UNIT_WORDS[j]} is dead: {x}_P ≤ 0 on all four inputs, so {x}_a = 0 "
                         f"and its weights w·{j + 1}, {sub(f'c{j + 1}')}, {sub(f'v{j + 1}')} get no gradient.")
    for j in linear:
        words.append(f"{_UNIT_WORDS[j]} is linear on the data: {unit_name(j)}_P > 0 on all four inputs, "
                     "so its ReLU never bends there.")
    if len(dead) + len(linear) == 2:
        words.append("No unit bends between the four inputs: f is linear on them, and no linear f solves XOR "
                     "(the best gives ½ everywhere, J = ¼).")
    for j in range(2):
        if v[j] == 0 and j not in dead:
            words.append(f"{sub(f'v{j + 1}')} = 0: {_UNIT_WORDS[j]} does not reach f.")
    return words


def sample_table(u, f_star, state):
    """An HTML table of the forward pass, one row per sample, in the notes' symbols and unit colours."""
    th = lambda text, color="black": f"<th style='color:{color};text-align:right;padding:0 0.6em'>{text}</th>"
    head = ("<tr>" + th("u") + th("s<sub>P</sub>", S_COLOR) + th("r<sub>P</sub>", R_COLOR)
            + th("s<sub>a</sub>", S_COLOR) + th("r<sub>a</sub>", R_COLOR)
            + th("f") + th("f*") + th("(f* − f)²") + "</tr>")
    rows = []
    for n in range(len(state.f)):
        cells = [xor_label(u[n]), *(f"{rounded(x):.3f}" for x in (*state.pre[n], *state.act[n], state.f[n])),
                 f"{f_star[n]:g}", f"{rounded((f_star[n] - state.f[n]) ** 2):.3f}"]
        rows.append("<tr>" + "".join(f"<td style='text-align:right;padding:0 0.6em'>{x}</td>" for x in cells)
                    + "</tr>")
    return f"<table style='font-family:monospace'>{head}{''.join(rows)}</table>"


class EditorFigure:
    """f over the input plane and the hidden space, built once; show(state) moves what changed."""

    def __init__(self, params, res=161, interpolation="bilinear"):
        self.u, _ = xor_data()
        fig = new_figure(9.5, 4.3)
        ax_in, ax_hid = fig.subplots(1, 2, width_ratios=[1.12, 1])
        self.plane = InputPlane(ax_in, params, res=res, interpolation=interpolation, legend=False)
        self.hidden = HiddenSpace(ax_hid, params)
        # the kink lines' legend sits under the plane, drawn once, not over the heatmap at every frame
        fig.legend(handles=self.plane.kinks, loc="outside lower left", ncols=2, fontsize=9, frameon=False)
        self.title = fig.suptitle("", fontsize=12)
        # the hidden space rescales while dragging; its ticks keep one decimal and its labels
        # fixed places (plots.HiddenSpace), so the first layout can be kept: a rescale ~90 ms, not ~160
        # the "f = ½" key is static (~2 ms a frame less): a point that moves under it is drawn over it
        moving = [a for a in self.hidden.artists if a is not self.hidden.legend]
        self.canvas = FigureWidget(fig, animated=[*self.plane.artists, *moving, self.title], freeze_layout=True)

    def show(self, state, full=False):
        """Draw `state`; full: fit the hidden space to the points (after a jump, not a drag)."""
        self.plane.update(state.params)
        lo, hi = self.hidden.lim
        top = float(state.act.max())
        rescale = full or top > hi or (hi > 1.0 and top < 0.5 * hi)   # points left the box, or huddle in a corner
        if rescale:       # a full redraw (new ticks) costs ~4 frames: leave room so that a drag rarely needs one
            new = max(1.0, top * (1.15 if full else 1.5))
            self.hidden.lim = (-0.1 * new, new)
        self.hidden.update(state.params, act=state.act)
        self.hidden.set_labels([f"{xor_label(self.u[n])} f={rounded(state.f[n], 2):.2f}" for n in range(4)])
        self.title.set_text(f"J = {rounded(state.J, 4):.4f}" + ("  — XOR solved" if state.solved else ""))
        (self.canvas.redraw if rescale else self.canvas.blit)()


class WeightEditor(View):
    """Nine sliders → f over the input plane, the hidden space, J and a per-sample table."""

    def __init__(self, params=None, lo=-3.0, hi=3.0, step=0.05, seed=0, res=161, interpolation="bilinear"):
        super().__init__()
        self.u, self.f_star = xor_data()
        state = editor_state(as_params(params), self.u, self.f_star)      # or a ValueError, before any widget
        params = state.params
        self.rng = np.random.default_rng(seed)
        self.home, self.step = (lo, hi), step
        self.fig = EditorFigure(params, res, interpolation)
        self.canvas = self.fig.canvas
        self.plane, self.hidden = self.fig.plane, self.fig.hidden
        self.table = widgets.HTML()
        self.widget = widgets.VBox([self._controls(to_values(params)), self.canvas.image, self.status, self.table])
        self.connect()
        self.on_click("book", lambda: self.set_params(book_solution()))
        self.on_click("random", lambda: self.set_params(self.random_params()))
        self.run(self._show, state, True)

    def _controls(self, x):
        """The nine sliders in three columns (unit 1, unit 2, output) and the two buttons."""
        lo, hi = self.home
        for name in NAMES:
            s = widgets.FloatSlider(value=x[name], min=min(lo, x[name]), max=max(hi, x[name]), step=self.step,
                                    description=sub(name), continuous_update=True, readout_format=".2f",
                                    layout=widgets.Layout(width="250px"), style={"description_width": "2.2em"})
            if name != "b":
                s.style.handle_color = (S_COLOR, R_COLOR)[_UNIT[name]]
            self.controls[name] = s
        self.controls["book"] = widgets.Button(description="book's solution", icon="book",
                                               tooltip="w = [[1, 1], [1, 1]], c = [0, −1], v = [1, −2], b = 0")
        self.controls["random"] = widgets.Button(description="random start", icon="random",
                                                 tooltip="all nine parameters drawn from N(0, 1)")
        col = lambda title, names, color: widgets.VBox(
            [widgets.HTML(f"<b style='color:{color}'>{title}</b>"), *(self.controls[n] for n in names)])
        return widgets.HBox([col("unit 1 (s)", ["w11", "w21", "c1", "v1"], S_COLOR),
                             col("unit 2 (r)", ["w12", "w22", "c2", "v2"], R_COLOR),
                             col("output", ["b", "book", "random"], "black")])   # three columns fit 848 px

    @property
    def params(self):
        """The sliders' values as a Params (w, c, v, b)."""
        return from_values({n: self.controls[n].value for n in NAMES})

    def random_params(self):
        """A random start: every entry from N(0, 1), rounded to the slider step, inside the sliders' home range."""
        theta = np.clip(np.round(self.rng.normal(size=9) / self.step) * self.step, *self.home)
        return from_values(dict(zip(NAMES, theta)))

    def refresh(self):
        self._show(editor_state(self.params, self.u, self.f_star))

    def set_params(self, params):
        """Move all nine sliders at once and draw once; a setting that cannot be drawn is refused in
        words before any slider moves. Each slider gets its home range, widened to hold its value."""
        def go():
            state = editor_state(as_params(params), self.u, self.f_star)
            with self.quiet():
                for name, x in to_values(state.params).items():
                    place(self.controls[name], x, *self.home)
            self._show(state, True)          # one frame, the hidden space fitted to the new points
        self.run(go)

    def _show(self, state, full=False):
        self.fig.show(state, full)
        if state.solved:
            self.say(" ".join([f"J = {rounded(state.J, 4):.4f}: all four outputs equal their targets.",
                               *state.words]), head="XOR solved.")
        else:
            self.say(" ".join([f"J = {rounded(state.J, 4):.4f}.", *state.words]))
        self.table.value = sample_table(self.u, self.f_star, state)


def weight_editor(params=None, **kwargs):
    """Sliders for all nine parameters of the notes' net, driving f over the input plane (with the
    kink lines wᵀu + c = 0), the hidden space (s_a, r_a), J and the forward pass sample by sample.

    params: the starting (w, c, v, b); the book's solution when None.
    Buttons: "book's solution" and "random start" set all nine at once.
    """
    return WeightEditor(params, **kwargs)
