"""The slope explorer (notebook 03): the gradient, one entry at a time.

slope_explorer(): J along one parameter θ, the others fixed; the tangent at the current
point has slope ∂J/∂θ from backward. At a kink (some sample's pre-activation is 0) the
two one-sided slopes are drawn, and the words say which one ReLU′(0) = 0 picks.
The net presets here serve samples.py too.
"""
import ipywidgets as widgets
import numpy as np

from .canvas import FigureWidget, View, new_figure
from .check import entry_names, flatten, unflatten
from .marks import label_curves
from .net import Params, _backward, _forward, book_solution, check_params, xor_data
from .plots import MORE_COLORS, unit_color, unit_name, xor_label

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
LEFT_COLOR, RIGHT_COLOR = MORE_COLORS[0], MORE_COLORS[1]     # bluish green, reddish purple (Okabe–Ito)
YOUR_NET = "the net you passed"


def skewed_net():
    """A non-symmetric net with no XOR sample on a kink (as tests/conftest.py's `skewed`)."""
    return Params(np.array([[0.7, -1.3], [0.4, 0.9]]), np.array([-0.1, 0.3]), np.array([1.5, -0.8]), 0.25)


def presets():
    """The nets a learner can pick: name → Params."""
    w, c, v, _ = book_solution()
    rng = np.random.default_rng(1)
    sk = skewed_net()
    return {
        "skewed (no sample on a kink)": sk,
        "book's solution (J = 0)": book_solution(),
        "book's solution with b = 0.5": Params(w, c, v, 0.5),
        "a dead unit: skewed with c₂ = −2": Params(sk.w, np.array([sk.c[0], -2.0]), sk.v, sk.b),
        "random (seed 1)": Params(rng.normal(size=(2, 2)), rng.normal(size=2), rng.normal(size=2),
                                  float(rng.normal())),
    }


def _pick_net(net, options):
    """(label, options) for `net`: a preset's name, or a Params added as YOUR_NET."""
    if isinstance(net, str):
        found = [name for name in options if name.startswith(net)]    # "skewed" is enough
        if net not in options and len(found) != 1:
            raise ValueError(f"net must be one of {', '.join(map(repr, options))} (or the start of one) "
                             f"or a Params; got {net!r}")
        return (net if net in options else found[0]), options
    return YOUR_NET, {YOUR_NET: check_params(net, xor_data()[0], "net", H=2)[1], **options}


def pretty(name):
    """'w12' → 'w₁₂' (for widget labels)."""
    return name.translate(SUB)


def tex(name):
    """'w12' → '$w_{12}$' (for axes)."""
    return f"${name[0]}_{{{name[1:]}}}$" if len(name) > 1 else f"${name}$"


# ---- J along one parameter -----------------------------------------------------

def J_along(u, f_star, theta, k, values, D, H):
    """J, pre and f for θ with entry k replaced by each of `values`, all at once.

    Returns J (M,), pre (M, N, H) and f (M, N). θ in entry_names order (check.flatten).
    """
    T = np.repeat(theta[None, :], len(values), axis=0)
    T[:, k] = values
    W, C = T[:, :D * H].reshape(-1, D, H), T[:, D * H:D * H + H]
    V, B = T[:, D * H + H:D * H + 2 * H], T[:, -1]
    pre = np.einsum("nd,mdh->mnh", u, W) + C[:, None, :]      # (M, N, H)
    f = np.einsum("mnh,mh->mn", np.maximum(pre, 0.0), V) + B[:, None]
    return np.mean((f_star - f) ** 2, axis=1), pre, f


def moves_pre(u, D, H, k):
    """(unit j, dpre/dθ per sample) when θ moves unit j's pre-activations, else (j or None, None)."""
    if k < D * H:                      # w_pj: pre_nj changes by u_np per unit of θ
        p, j = divmod(k, H)
        return j, u[:, p]
    if k < D * H + H:                  # c_j: by 1
        return k - D * H, np.ones(len(u))
    if k < D * H + 2 * H:              # v_j: no pre moves
        return k - D * H - H, None
    return None, None                  # b


class SlopeExplorer(View):
    """J(θ) along one parameter, the tangent with slope ∂J/∂θ, and the one-sided slopes at a kink."""

    WINDOW = 1.5        # the slider spans the preset's value ± WINDOW
    STEP = 0.01
    M = 801             # points of the J curve

    def __init__(self, net="skewed (no sample on a kink)", parameter="w11", value=None,
                 width=9.5, height=4.3):
        super().__init__()
        self.u, self.f_star = xor_data()
        label, self.nets = _pick_net(net, presets())
        names = entry_names(2, 2)
        if parameter not in names:
            raise ValueError(f"parameter must be one of {', '.join(names)}; got {parameter!r}")

        fig = new_figure(width, height)
        self.ax, self.ax_pre = fig.subplots(1, 2, width_ratios=[1.65, 1])
        ax, axp = self.ax, self.ax_pre
        self.curve, = ax.plot([], [], color="0.15", lw=2, label="$J$ along $\\theta$ (others fixed)")
        self.kink_marks = [ax.axvline(np.nan, color="0.55", lw=1, ls=":") for _ in range(len(self.u))]
        ax.plot([], [], color="0.55", lw=1, ls=":", label="kinks: some $s_P$ or $r_P$ = 0")
        self.tangent, = ax.plot([], [], lw=2.5, label="tangent, slope $\\partial J/\\partial\\theta$ (backward)")
        self.left, = ax.plot([], [], color=LEFT_COLOR, lw=2.5, ls="--", label="left slope")
        self.right, = ax.plot([], [], color=RIGHT_COLOR, lw=2.5, ls="--", label="right slope")
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
                          for n, un in enumerate(self.u)]
        self.pre_dots = [axp.plot([], [], "o", ms=6, zorder=5)[0] for _ in self.u]
        self.pre_now = axp.axvline(np.nan, color="black", lw=1)
        self.pre_legend = axp.legend(title="sample $u$", loc="upper left", fontsize=8, title_fontsize=8)

        self.canvas = FigureWidget(fig, animated=[self.point, self.tangent, self.left, self.right,
                                                  self.readout, *self.pre_dots, self.pre_now])
        self.controls = {
            "net": widgets.Dropdown(options=list(self.nets), value=label, description="net",
                                    layout=widgets.Layout(width="22em")),
            "parameter": widgets.Dropdown(options=[(pretty(n), n) for n in names], value=parameter,
                                          description="θ =", style={"description_width": "2.5em"},
                                          layout=widgets.Layout(width="9em")),
            "value": widgets.FloatSlider(step=self.STEP, readout_format=".2f", continuous_update=True,
                                         description=pretty(parameter),
                                         layout=widgets.Layout(width="44em")),
        }
        self.widget = widgets.VBox([widgets.HBox([self.controls["net"], self.controls["parameter"]]),
                                    self.controls["value"], self.canvas.image, self.status])
        self._key, self._resetting = None, False
        self.update(value)
        self.connect()

    # -- state ------------------------------------------------------------------
    def _set_slider(self, lo, hi, value):
        s = self.controls["value"]
        self._resetting = True
        try:
            with s.hold_trait_notifications():
                s.min, s.max = min(lo, s.min), max(hi, s.max)     # widen, then place, then narrow
                s.value = value
                s.min, s.max = lo, hi
            s.description = pretty(self.name)
        finally:
            self._resetting = False

    def _new_key(self, value):
        """A new net or parameter: new window, new curve, new axes (a full redraw)."""
        self.params = self.nets[self.controls["net"].value]
        self.name = self.controls["parameter"].value
        D, H = np.shape(self.params.w)
        self.D, self.H = D, H
        self.k = entry_names(D, H).index(self.name)
        self.theta0 = flatten(self.params)
        t0 = self.theta0[self.k]
        lo, hi = t0 - self.WINDOW, t0 + self.WINDOW
        value = t0 if value is None else float(np.clip(value, lo, hi))
        self._set_slider(lo, hi, value)

        self.xs = np.linspace(lo, hi, self.M)
        J, pre, f = J_along(self.u, self.f_star, self.theta0, self.k, self.xs, D, H)
        self.unit, self.dpre = moves_pre(self.u, D, H, self.k)
        # kinks: θ where pre_nj(θ) = pre_nj(θ₀) + (θ − θ₀)·dpre_n crosses 0
        j = self.unit
        self.kinks = np.full(len(self.u), np.nan)
        if self.dpre is not None:
            pre0 = _forward(self.u, *self.params)[1].pre[:, j]
            moving = self.dpre != 0
            self.kinks[moving] = t0 - pre0[moving] / self.dpre[moving]
            self.kinks[(self.kinks < lo) | (self.kinks > hi)] = np.nan

        ax, axp = self.ax, self.ax_pre
        color = unit_color(j) if j is not None else "black"
        self.curve.set_data(self.xs, J)
        for x, line in zip(self.kinks, self.kink_marks):
            line.set_xdata([x, x])
        self.tangent.set_color(color)
        self.legend.remove()                      # made again, so its tangent has the unit's colour
        self.legend = ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        top = float(J.max())
        ax.set(xlim=(lo, hi), ylim=(-0.04 * top - 1e-3, 1.12 * top + 1e-3),
               xlabel=f"{tex(self.name)}   (all other parameters fixed)",
               title=f"$J$ along {tex(self.name)}")
        ax.xaxis.label.set_color(color)

        # the right panel: what θ moves — the pre-activations of its unit (w, c), or the outputs f (v, b)
        shows_pre = self.dpre is not None
        ys = pre[:, :, j] if shows_pre else f
        for n, (line, dot) in enumerate(zip(self.pre_lines, self.pre_dots)):
            line.set_color(color)
            dot.set_color(color)
            line.set_data(self.xs, ys[:, n])
        label_curves(self.pre_lines, [xor_label(un) for un in self.u], ys)   # lines on one another: said
        self.pre_legend.remove()                  # made again: its handles copy the lines' colour
        self.pre_legend = axp.legend(title="sample $u$", loc="upper left", fontsize=8, title_fontsize=8)
        self.off_band.set_visible(shows_pre)
        self.off_text.set_visible(shows_pre)
        lo_y, hi_y = float(ys.min()), float(ys.max())
        pad = 0.08 * max(hi_y - lo_y, 1.0)
        if shows_pre:
            sym = unit_name(j)
            axp.set(xlim=(lo, hi), ylim=(min(lo_y, -0.5) - pad, max(hi_y, 0.5) + pad),
                    ylabel=f"${sym}_P$ of each sample (unit {j + 1})", xlabel=tex(self.name),
                    title=f"what {tex(self.name)} moves: ${sym}_P$")
        else:
            axp.set(xlim=(lo, hi), ylim=(lo_y - pad, hi_y + pad), ylabel="$f$ of each sample",
                    xlabel=tex(self.name), title=f"what {tex(self.name)} moves: $f$")
        axp.yaxis.label.set_color(color)

    def state(self):
        """Everything the picture shows at the slider's value, as a dict (also for tests)."""
        theta = self.controls["value"].value
        # the slider cannot land on a kink like 1/7: within half a step of one, stand on it exactly
        near = np.abs(self.kinks - theta) <= self.STEP / 2 + 1e-12
        snapped = bool(np.any(near))
        if snapped:
            theta = float(self.kinks[near][np.argmin(np.abs(self.kinks[near] - theta))])
        t = self.theta0.copy()
        t[self.k] = theta
        D, H, k, u, f_star = self.D, self.H, self.k, self.u, self.f_star
        J, _, _ = J_along(u, f_star, t, k, np.array([theta]), D, H)
        _, cache = _forward(u, *unflatten(t, D, H))
        on_kink = np.zeros(len(u), bool)
        if snapped:
            on_kink = np.isclose(self.kinks, theta, rtol=0, atol=1e-12) & ~np.isnan(self.kinks)
            pre_exact = cache.pre.copy()
            pre_exact[on_kink, self.unit] = 0.0               # exactly on the kink, not 1e-17 beside it
            cache = cache._replace(pre=pre_exact)
        slope = lambda c: float(flatten(_backward(c, f_star))[k])
        analytic = slope(cache)                               # ReLU′(0) = 0: samples on the kink count as off
        eps = 1e-6
        Jpm, _, _ = J_along(u, f_star, t, k, np.array([theta + eps, theta - eps]), D, H)
        left = right = analytic
        if on_kink.any():
            side = lambda sign: cache._replace(pre=np.where(
                on_kink[:, None] & (np.arange(H) == self.unit), sign * self.dpre[:, None], cache.pre))
            left, right = slope(side(-1.0)), slope(side(+1.0))   # pre just left / right of the kink
        return dict(theta=theta, J=float(J[0]), analytic=analytic, central=float((Jpm[0] - Jpm[1]) / (2 * eps)),
                    kink=bool(on_kink.any()), on_kink=np.flatnonzero(on_kink), left=left, right=right,
                    snapped=snapped, pre=cache.pre, f=cache.f)

    # -- drawing ----------------------------------------------------------------
    def update(self, value=None):
        if self._resetting:
            return
        key = (self.controls["net"].value, self.controls["parameter"].value)
        new = key != self._key
        if new:
            self._key = key
            self._new_key(value)          # new window, curve and axes: a full redraw below
        st = self.state()
        x, J, lo, hi = st["theta"], st["J"], self.xs[0], self.xs[-1]
        L = 0.22 * (hi - lo)
        self.point.set_data([x], [J])
        if st["kink"]:
            self.tangent.set_data([], [])
            # each one-sided line across both sides, so that the angle between them shows
            self.left.set_data([x - L, x + 0.6 * L], [J - L * st["left"], J + 0.6 * L * st["left"]])
            self.right.set_data([x - 0.6 * L, x + L], [J - 0.6 * L * st["right"], J + L * st["right"]])
        else:
            self.tangent.set_data([x - L, x + L], [J - L * st["analytic"], J + L * st["analytic"]])
            self.left.set_data([], [])
            self.right.set_data([], [])
        r = lambda z: f"{round(z, 4) + 0.0:g}".replace("-", "−")
        name = pretty(self.name)           # plain text, not mathtext: this text is redrawn at every move
        lines = [f"{name} = {r(x)}    J = {r(J)}",
                 f"∂J/∂{name}:  backward {r(st['analytic'])}",
                 f"central difference {r(st['central'])}"]
        if st["kink"]:
            lines.append(f"kink: left {r(st['left'])}, right {r(st['right'])}")
        self.readout.set_text("\n".join(lines))
        self.pre_now.set_xdata([x, x])
        for n, dot in enumerate(self.pre_dots):
            dot.set_data([x], [st["pre"][n, self.unit] if self.dpre is not None else st["f"][n]])
        self.canvas.redraw() if new else self.canvas.blit()
        self.say(self._words(st))

    def _words(self, st):
        r = lambda z: f"{round(z, 4) + 0.0:g}".replace("-", "−")
        name = pretty(self.name)
        dead = ""
        if self.unit is not None and self.name[0] != "b" and not (st["pre"][:, self.unit] > 0).any():
            dead = (f" Unit {self.unit + 1} ({unit_name(self.unit)}) is off for every sample here (a dead unit): "
                    f"nothing flows back through it, so ∂J/∂{name} = 0.")
        if self.dpre is None:
            dead += (" b moves no pre-activation, so J has no kinks along it: every fₙ moves by the same "
                     "amount and J is a parabola." if self.unit is None else
                     f" {name} moves no pre-activation, so J has no kinks along it: each fₙ moves by "
                     f"{unit_name(self.unit)}_a,ₙ (not at all where unit {self.unit + 1} is off), and J is a "
                     "parabola — or flat, if the unit is off for every sample.")
        if not st["kink"]:
            near = "" if np.all(np.isnan(self.kinks)) else (
                f" Kinks of J along {name} (dotted): at {name} = "
                + ", ".join(r(x) for x in np.unique(self.kinks[~np.isnan(self.kinks)])) + ".")
            return (f"{name} = {r(st['theta'])}: J = {r(st['J'])}; the tangent's slope ∂J/∂{name} = "
                    f"{r(st['analytic'])} (backward), central difference {r(st['central'])}.{dead}{near}")
        j = self.unit
        who = ", ".join(xor_label(self.u[n]) for n in st["on_kink"])
        pre_sym = f"{unit_name(j)}_P"
        head = (f"<b>At a kink:</b> {name} = {r(st['theta'])} puts sample {who} exactly on {pre_sym} = 0"
                + (" (the slider is within half a step of it, so the explorer stands on it)" if st["snapped"]
                   and abs(st['theta'] - self.controls['value'].value) > 1e-12 else "") + ". ")
        if np.isclose(st["left"], st["right"], rtol=1e-9, atol=1e-12):
            return head + (f"Here both one-sided slopes are {r(st['left'])}: J bends, but its slope does "
                           "not jump, because g = 0 for every sample (J = 0 is a minimum)." if st["J"] < 1e-15
                           else f"Both one-sided slopes are {r(st['left'])}.")
        pick = ("the left one" if np.isclose(st["analytic"], st["left"], atol=1e-12)
                else "the right one" if np.isclose(st["analytic"], st["right"], atol=1e-12)
                else "neither one")
        return head + (f"J has two slopes here: left {r(st['left'])}, right {r(st['right'])}; the central "
                       f"difference {r(st['central'])} is their average. Backward uses ReLU′(0) = 0: it counts "
                       f"{who} as off, which gives {r(st['analytic'])}, {pick} — the side where "
                       f"{pre_sym} &lt; 0.")


def slope_explorer(net="skewed (no sample on a kink)", parameter="w11", value=None):
    """J along one parameter θ with the tangent of slope ∂J/∂θ; kinks show both one-sided slopes.

    net: a preset's name (see the dropdown) or a Params (w, c, v, b) with w of shape (2, 2);
    parameter: one of entry_names(2, 2), e.g. "w12"; value: where the slider starts.
    """
    return SlopeExplorer(net, parameter, value)
