"""Gradient checks: central differences against the analytic backward pass.

J is exactly quadratic in any one parameter while no sample crosses a kink (f is linear
in each single parameter there), so central differences agree with backward to rounding.
Where a perturbation of ±eps moves some pre across 0, the entry sits on a kink: its two
one-sided slopes differ and the report shows both instead of calling it a failure.
"""
import math
import numbers
from typing import NamedTuple

import numpy as np

from .inputs import check_scale, norm
from .net import J_of, Params, backward, check_net, check_targets, forward

__all__ = ["RTOL", "check_eps", "entry_names", "flatten", "unflatten", "numerical_gradients", "Entry",
           "GradientCheck", "gradient_check"]

RTOL = 1e-6   # relative error that still counts as agreement
EPS_MIN = 2.0 ** -40   # eps below EPS_MIN · max(1, |θ|) cannot move θ by a measurable step in float64


def check_eps(eps, u, w, c, v, b):
    """eps as a float that float64 can measure a slope with at θ = (w, c, v, b), or a ValueError.

    Too small: θ ± eps would round to θ, or move it by a step J's rounding drowns (eps below
    EPS_MIN · max(1, |θ|)). Too large: θ ± eps would take the net past float64's range (inputs.py)."""
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not math.isfinite(eps) or eps <= 0:
        raise ValueError(f"eps must be a finite step > 0 (the central difference (J(θ + eps) − J(θ − eps)) / 2eps); "
                         f"got {eps!r:.40}")
    eps = float(eps)
    top = max(1.0, float(np.abs(w).max()), float(np.abs(c).max()), float(np.abs(v).max()), abs(b))
    if eps < EPS_MIN * top:
        raise ValueError(f"eps = {eps:.3g} is too small for float64 to measure a slope: with entries of θ up to "
                         f"{top:.3g}, θ ± eps rounds to (nearly) θ; use eps ≥ {EPS_MIN * top:.1e} (1e-6 is usual)")
    grow = lambda x, n: n + eps * math.sqrt(np.size(x))             # ‖θ ± eps‖ ≤ ‖θ‖ + eps·√size
    problem = check_scale(norm(u), grow(w, norm(w)), grow(c, norm(c)), grow(v, norm(v)), abs(b) + eps)
    if problem:
        raise ValueError(f"eps = {eps:.3g} is too large for float64: at θ ± eps, {problem[1]} could overflow "
                         f"(float64's largest number is 1.8e308); use a smaller eps (1e-6 is usual)")
    return eps


def entry_names(D, H):
    """The notes' names of θ's entries, in Params order: w11 … wDH, c1 … cH, v1 … vH, b."""
    ix = lambda *k: "".join(map(str, k)) if max(k) < 10 else "[" + ",".join(map(str, k)) + "]"
    return ([f"w{ix(i + 1, j + 1)}" for i in range(D) for j in range(H)]
            + [f"c{ix(j + 1)}" for j in range(H)] + [f"v{ix(j + 1)}" for j in range(H)] + ["b"])


def flatten(params):
    """θ as one vector in entry_names order."""
    w, c, v, b = params
    return np.concatenate([np.ravel(w), np.ravel(c), np.ravel(v), [b]])


def unflatten(theta, D, H):
    """The inverse of flatten."""
    w, c, v = theta[:D * H].reshape(D, H), theta[D * H:D * H + H], theta[D * H + H:D * H + 2 * H]
    return Params(w.copy(), c.copy(), v.copy(), float(theta[-1]))


def _J_and_pattern(u, theta, f_star, D, H):
    f, cache = forward(u, *unflatten(theta, D, H))
    return float(J_of(f, f_star)), cache.pre > 0


def _central(u, w, c, v, b, f_star, eps):
    """The one central-difference loop: for each entry k of θ, (J, pattern) at θ + eps·e_k and
    θ − eps·e_k. Returns θ, then a list of ((J_up, pattern_up), (J_down, pattern_down))."""
    D, H = w.shape
    theta = flatten((w, c, v, b))
    out = []
    for k in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[k] += eps
        down[k] -= eps
        out.append((_J_and_pattern(u, up, f_star, D, H), _J_and_pattern(u, down, f_star, D, H)))
    return theta, out


def numerical_gradients(u, w, c, v, b, f_star, eps=1e-6):
    """∂J/∂θ by central differences (J(θ + eps) − J(θ − eps)) / 2eps, entry by entry, as a Params."""
    u, w, c, v, b = check_net(u, w, c, v, b)
    f_star = check_targets(f_star, u.shape[0])
    eps = check_eps(eps, u, w, c, v, b)
    _, pairs = _central(u, w, c, v, b, f_star, eps)
    grad = np.array([(J_up - J_down) / (2 * eps) for (J_up, _), (J_down, _) in pairs])
    return unflatten(grad, *w.shape)


class Entry(NamedTuple):
    name: str           # the notes' name, e.g. "w12"
    analytic: float     # from backward
    numeric: float      # central difference
    rel_error: float    # |analytic − numeric| / max(|analytic|, |numeric|, eps)
    verdict: str        # "ok", "MISMATCH", or "kink"
    left: float         # one-sided slope (J(θ) − J(θ − eps)) / eps
    right: float        # one-sided slope (J(θ + eps) − J(θ)) / eps
    kink: bool          # some sample's pre crosses 0 within ±eps of this entry

    @property
    def side(self):
        """At a kink, which one-sided slope the analytic value (ReLU′(0) = 0) equals: "left", "right" or "neither"."""
        close = lambda x: abs(self.analytic - x) <= 1e-4 * max(1.0, abs(x))   # one-sided slopes are O(eps) off
        return "left" if close(self.left) else "right" if close(self.right) else "neither"

    def describe(self):
        if not self.kink:
            return self.verdict
        return f"kink: left {_r6(self.left):.6f}, right {_r6(self.right):.6f}; analytic = {self.side}"


def _r6(x):
    """x rounded to the table's 6 decimals, without a "-0.000000"."""
    return round(x, 6) + 0.0


def _rel(x):
    """A relative error for the table: below 1e-8 its digits are rounding noise that differs
    between machines, so it prints as "< 1e-8"."""
    return "< 1e-8" if x < 1e-8 else f"{x:.1e}"


class GradientCheck:
    """A per-entry report; print it, or let Jupyter show it as a table. report["w12"] is one Entry."""

    def __init__(self, entries, eps):
        self.entries, self.eps = list(entries), eps

    @property
    def ok(self):
        """True when no entry is a MISMATCH (kinks are reported, not failed)."""
        return all(e.verdict != "MISMATCH" for e in self.entries)

    def __getitem__(self, name):
        for e in self.entries:
            if e.name == name:
                return e
        raise KeyError(f"no entry {name!r}; entries are {', '.join(e.name for e in self.entries)}")

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)

    def __str__(self):
        head = f"{'entry':>6} {'analytic':>12} {'numeric':>12} {'rel. error':>10}  verdict"
        rows = [f"{e.name:>6} {_r6(e.analytic):>12.6f} {_r6(e.numeric):>12.6f} {_rel(e.rel_error):>10}  "
                + e.describe()
                for e in self.entries]
        return "\n".join([head] + rows)

    def _repr_html_(self):
        cells = "".join(
            f"<tr><td>{e.name}</td><td>{_r6(e.analytic):.6f}</td><td>{_r6(e.numeric):.6f}</td>"
            f"<td>{_rel(e.rel_error)}</td><td>{e.describe()}</td></tr>"
            for e in self.entries)
        return ("<table><tr><th>entry</th><th>analytic ∂J/∂θ</th><th>central difference</th>"
                f"<th>relative error</th><th>verdict</th></tr>{cells}</table>")


def gradient_check(u, w, c, v, b, f_star, eps=1e-6):
    """Compare backward with central differences for every entry of θ; see GradientCheck."""
    u, w, c, v, b = check_net(u, w, c, v, b)
    f_star = check_targets(f_star, u.shape[0])
    eps = check_eps(eps, u, w, c, v, b)
    D, H = w.shape
    analytic = flatten(backward(forward(u, w, c, v, b)[1], f_star))
    theta, pairs = _central(u, w, c, v, b, f_star, eps)
    J0, pattern0 = _J_and_pattern(u, theta, f_star, D, H)
    entries = []
    for name, a, ((J_up, p_up), (J_down, p_down)) in zip(entry_names(D, H), analytic, pairs):
        numeric = (J_up - J_down) / (2 * eps)
        rel = abs(a - numeric) / max(abs(a), abs(numeric), eps)   # floor: zero gradients compare absolutely
        kink = not (np.array_equal(p_up, pattern0) and np.array_equal(p_down, pattern0))
        agree = rel <= RTOL or abs(a - numeric) <= 1e-9 * max(1.0, J0)
        verdict = "kink" if kink else ("ok" if agree else "MISMATCH")
        entries.append(Entry(name, float(a), float(numeric), float(rel), verdict,
                             (J0 - J_down) / eps, (J_up - J0) / eps, kink))
    return GradientCheck(entries, eps)
