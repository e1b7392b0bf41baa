"""The slope explorer (notebook 03): the gradient, one entry at a time.

J along one parameter θ, the others fixed; the tangent at the current point has slope ∂J/∂θ
from backward. At a kink (some sample's pre-activation is 0) the two one-sided slopes are
drawn, and the words say which one ReLU′(0) = 0 picks.

state: slope_line(params, name) — the curve for one (net, θ); slope_state(line, value) — the point;
figure: SlopeFigure (slopes_figure.py); controller: SlopeExplorer.
"""
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np

from ..check import entry_names, flatten, unflatten
from ..marks import coincident_groups
from ..net import J_of, backward, example_nets, forward, xor_data
from ..plots import pretty, signed, unit_name, xor_label
from .canvas import View, as_params, pick_net, place
from .slopes_figure import SlopeFigure

__all__ = ["J_along", "moves_pre", "SlopeLine", "slope_line", "slope_state", "SlopeExplorer", "slope_explorer"]

WINDOW, STEP = 1.5, 0.01      # the slider spans the net's value ± WINDOW, in steps of STEP


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
    return J_of(f, f_star), pre, f


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


class SlopeLine(NamedTuple):
    """J along entry `name` of `params` over [lo, hi], and what it moves; kinks inside the window."""
    params: tuple
    name: str
    k: int
    theta0: np.ndarray
    xs: np.ndarray       # (M,) θ values
    J: np.ndarray        # (M,)
    ys: np.ndarray       # (M, N) the moving unit's pre per sample (w, c), else f per sample (v, b)
    unit: object         # the unit θ belongs to, or None for b
    dpre: object         # (N,) dpre/dθ of that unit, or None when θ moves no pre (v, b)
    kinks: np.ndarray    # (N,) θ where sample n's pre crosses 0, nan when outside the window or never
    same: list           # groups (≥ 2) of samples whose ys curves coincide over the window (coincident_groups)


def slope_line(params, name, window=WINDOW, M=801, u=None, f_star=None):
    """The curve J(θ) for θ = entry `name` of params, its window, and the kinks on it."""
    if u is None:
        u, f_star = xor_data()
    D, H = np.shape(params.w)
    k = entry_names(D, H).index(name)
    theta0 = flatten(params)
    t0 = theta0[k]
    xs = np.linspace(t0 - window, t0 + window, M)
    J, pre, f = J_along(u, f_star, theta0, k, xs, D, H)
    unit, dpre = moves_pre(u, D, H, k)
    kinks = np.full(len(u), np.nan)
    if dpre is not None:                # θ where pre_nj(θ₀) + (θ − θ₀)·dpre_n = 0
        pre0 = forward(u, *params)[1].pre[:, unit]
        moving = dpre != 0
        kinks[moving] = t0 - pre0[moving] / dpre[moving]
        kinks[(kinks < xs[0]) | (kinks > xs[-1])] = np.nan
    ys = pre[:, :, unit] if dpre is not None else f
    return SlopeLine(params, name, k, theta0, xs, J, ys, unit, dpre, kinks, coincident_groups(ys.T))


def slope_state(line, value, step=STEP, eps=1e-6, u=None, f_star=None):
    """Everything the picture shows at θ = value, as a dict. Within half a step of a kink (the
    slider cannot land on one like 1/7) it stands on the kink exactly."""
    if u is None:
        u, f_star = xor_data()
    D, H = np.shape(line.params.w)
    near = np.abs(line.kinks - value) <= step / 2 + 1e-12
    snapped = bool(np.any(near))
    theta = float(line.kinks[near][np.argmin(np.abs(line.kinks[near] - value))]) if snapped else float(value)
    t = line.theta0.copy()
    t[line.k] = theta
    J = J_along(u, f_star, t, line.k, np.array([theta, theta + eps, theta - eps]), D, H)[0]
    _, cache = forward(u, *unflatten(t, D, H))
    on_kink = np.zeros(len(u), bool)
    if snapped:
        on_kink = np.isclose(line.kinks, theta, rtol=0, atol=1e-12) & ~np.isnan(line.kinks)
        pre_exact = cache.pre.copy()
        pre_exact[on_kink, line.unit] = 0.0                  # exactly on the kink, not 1e-17 beside it
        cache = cache._replace(pre=pre_exact)
    slope = lambda c: float(flatten(backward(c, f_star))[line.k])
    analytic = left = right = slope(cache)                   # ReLU′(0) = 0: samples on the kink count as off
    if on_kink.any():
        side = lambda sign: cache._replace(pre=np.where(
            on_kink[:, None] & (np.arange(H) == line.unit), sign * line.dpre[:, None], cache.pre))
        left, right = slope(side(-1.0)), slope(side(+1.0))   # pre just left / right of the kink
    return dict(theta=theta, J=float(J[0]), analytic=analytic, central=float((J[1] - J[2]) / (2 * eps)),
                kink=bool(on_kink.any()), on_kink=np.flatnonzero(on_kink), left=left, right=right,
                snapped=snapped and abs(theta - value) > 1e-12, pre=cache.pre, f=cache.f)


def _words(line, st, u):
    """(bold head, plain text) for the state: the slope, a dead unit, the kinks."""
    name = pretty(line.name)
    dead = ""
    if line.unit is not None and line.name[0] != "b" and not (st["pre"][:, line.unit] > 0).any():
        dead = (f" Unit {line.unit + 1} ({unit_name(line.unit)}) is off for every sample here (a dead unit): "
                f"nothing flows back through it, so ∂J/∂{name} = 0.")
    if line.dpre is None:
        dead += (" b moves no pre-activation, so J has no kinks along it: every fₙ moves by the same "
                 "amount and J is a parabola." if line.unit is None else
                 f" {name} moves no pre-activation, so J has no kinks along it: each fₙ moves by "
                 f"{unit_name(line.unit)}_a,ₙ (not at all where unit {line.unit + 1} is off), and J is a "
                 "parabola — or flat, if the unit is off for every sample.")
    if not st["kink"]:
        kinks = line.kinks[~np.isnan(line.kinks)]
        near = "" if not kinks.size else (f" Kinks of J along {name} (dotted): at {name} = "
                                          + ", ".join(signed(x) for x in np.unique(kinks)) + ".")
        return "", (f"{name} = {signed(st['theta'])}: J = {signed(st['J'])}; the tangent's slope ∂J/∂{name} = "
                    f"{signed(st['analytic'])} (backward), central difference {signed(st['central'])}.{dead}{near}")
    return "At a kink:", _kink_words(line, st, u, name)


def _kink_words(line, st, u, name):
    who = ", ".join(xor_label(u[n]) for n in st["on_kink"])
    pre_sym = f"{unit_name(line.unit)}_P"
    head = (f"{name} = {signed(st['theta'])} puts sample {who} exactly on {pre_sym} = 0"
            + (" (the slider is within half a step of it, so the explorer stands on it)" if st["snapped"] else "")
            + ". ")
    if np.isclose(st["left"], st["right"], rtol=1e-9, atol=1e-12):
        return head + (f"Here both one-sided slopes are {signed(st['left'])}: J bends, but its slope does "
                       "not jump, because g = 0 for every sample (J = 0 is a minimum)." if st["J"] < 1e-15
                       else f"Both one-sided slopes are {signed(st['left'])}.")
    pick = ("the left one" if np.isclose(st["analytic"], st["left"], atol=1e-12)
            else "the right one" if np.isclose(st["analytic"], st["right"], atol=1e-12) else "neither one")
    return head + (f"J has two slopes here: left {signed(st['left'])}, right {signed(st['right'])}; the central "
                   f"difference {signed(st['central'])} is their average. Backward uses ReLU′(0) = 0: it counts "
                   f"{who} as off, which gives {signed(st['analytic'])}, {pick} — the side where {pre_sym} < 0.")


class SlopeExplorer(View):
    """J(θ) along one parameter, the tangent with slope ∂J/∂θ, and the one-sided slopes at a kink."""

    WINDOW, STEP = WINDOW, STEP

    def __init__(self, net="skewed (no sample on a kink)", parameter="w11", value=None, width=9.5, height=4.3):
        super().__init__()
        self.u, self.f_star = xor_data()
        label, self.nets = pick_net(net, example_nets(), lambda p: as_params(p, "net"))
        names = entry_names(2, 2)
        if parameter not in names:
            raise ValueError(f"parameter must be one of {', '.join(names)}; got {parameter!r}")
        line = slope_line(self.nets[label], parameter)
        if value is not None:
            value = _value_in("value", value, line.xs[0], line.xs[-1])
        self.fig = SlopeFigure(self.u, width, height)
        self.canvas = self.fig.canvas
        self.controls = {
            "net": widgets.Dropdown(options=list(self.nets), value=label, description="net",
                                    layout=widgets.Layout(width="22em")),
            "parameter": widgets.Dropdown(options=[(pretty(n), n) for n in names], value=parameter,
                                          description="θ =", style={"description_width": "2.5em"},
                                          layout=widgets.Layout(width="9em")),
            "value": widgets.FloatSlider(step=STEP, readout_format=".2f", continuous_update=True,
                                         layout=widgets.Layout(width="44em")),
        }
        self.widget = widgets.VBox([widgets.HBox([self.controls["net"], self.controls["parameter"]]),
                                    self.controls["value"], self.canvas.image, self.status])
        self._key = (label, parameter)
        self._new_line(line, value)
        self.run(self.refresh)
        self.connect()

    def _new_line(self, line, value=None):
        """A new net or parameter: the slider's new window, the figure's new curve (a full redraw)."""
        self.line = line
        with self.quiet():
            place(self.controls["value"], line.theta0[line.k] if value is None else value, line.xs[0], line.xs[-1])
            self.controls["value"].description = pretty(line.name)
        self.fig.set_line(line)

    def refresh(self):
        key = (self.controls["net"].value, self.controls["parameter"].value)
        if key != self._key:
            self._new_line(slope_line(self.nets[key[0]], key[1]))
            self._key = key
        st = slope_state(self.line, self.controls["value"].value)
        self.fig.show(self.line, st)
        head, text = _words(self.line, st, self.u)
        self.say(text, head=head)


def _value_in(name, x, lo, hi):
    """x as a finite float in [lo, hi], or a ValueError naming it."""
    x = float(x) if isinstance(x, (int, float, np.number)) and not isinstance(x, bool) else x
    if not (isinstance(x, float) and lo <= x <= hi):
        raise ValueError(f"{name} must be a number in the slider's window {signed(lo)} … {signed(hi)} "
                         f"(the net's entry ± {WINDOW}); got {x!r}")
    return x


def slope_explorer(net="skewed (no sample on a kink)", parameter="w11", value=None):
    """J along one parameter θ with the tangent of slope ∂J/∂θ; kinks show both one-sided slopes.

    net: a preset's name (see the dropdown) or a Params (w, c, v, b) with w of shape (2, 2);
    parameter: one of entry_names(2, 2), e.g. "w12"; value: where the slider starts.
    """
    return SlopeExplorer(net, parameter, value)
