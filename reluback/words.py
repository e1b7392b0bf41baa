"""What a gradient-descent run is doing at step k, in words derived from the run itself.

Each sentence is a reading of the History, true whatever lr, start or step it comes from:
- the trend over the last WINDOW steps: falling, rising, oscillating (J up and down in
  alternate steps), frozen (J unchanged); or solved (J < 10⁻³), or diverged;
- stuck: frozen with ∂J/∂θ ≈ 0, named by its plateau (J = 1/8, 1/6, 1/4) and, when it has
  one, the hidden-space reason (inputs merged on one hidden point get one f: their mean f*);
- which units are dead (pre ≤ 0 on every input: their gradients are exactly 0), whether the
  two units are identical, and — every unit dead, f = b — how b − mean f* is multiplied by
  1 − 2·lr each step (so at lr > ½ b flips side, at lr = 1 it flips between two values).
tests/test_words.py sweeps the explorer's controls and checks each word with its own reading.
"""
import numpy as np

from .net import forward, xor_data
from .train import EXPLODES

__all__ = ["diagnose", "SOLVED", "WINDOW", "SMALL_LR"]

SOLVED = 1e-3      # J below this counts as solved
WINDOW = 10        # a trend is read over the last WINDOW steps (fewer at the start)
FROZEN = 1e-9      # J moved by less than FROZEN · J over the window: frozen
FLAT = 1e-3        # ‖∂J/∂θ‖ below this: a flat spot
STILL = 1e-5       # stuck: a flat spot where J moved by less than STILL · J over the window
SMALL_LR = 0.01    # the small end of the lr slider (10⁻³ … 10)
PLATEAUS = {"1/8": 1 / 8, "1/6": 1 / 6, "1/4": 1 / 4}
UNIT_PRE = ["s_P", "r_P"]


def _fmt(x):
    return f"({', '.join(f'{v:.2f}' for v in x)})"


def _trend(loss, k):
    """(kind, n): kind ∈ oscillating, frozen, rising, falling over the last n = min(k, WINDOW) steps."""
    n = min(k, WINDOW)
    J = loss[k - n:k + 1]
    d = np.diff(J)
    if abs(J[-1] - J[0]) <= FROZEN * abs(J[-1]) and np.abs(d).max() <= FROZEN * abs(J[-1]):
        return "frozen", n
    if n >= 4 and (d[1:] * d[:-1] < 0).all():
        return "oscillating", n
    return ("rising" if J[-1] > J[0] else "falling"), n


def _grad_norm(history, k):
    return float(np.sqrt(sum(np.sum(np.asarray(x[k]) ** 2) for x in history.grads)))


def _flipping(history, k):
    """θ at step k is θ at k − 2 (to rounding) but not θ at k − 1: a 2-cycle."""
    far = near = 0.0
    for p in history.params:
        p = np.asarray(p)
        size = max(float(np.abs(p[k]).max()), 1.0)
        near = max(near, float(np.abs(p[k] - p[k - 2]).max()) / size)
        far = max(far, float(np.abs(p[k] - p[k - 1]).max()) / size)
    return near <= 1e-9 and far > 1e-6


def _merged(act, u, f_star, tol=1e-9):
    """Groups (≥ 2) of inputs that land on one hidden point with different targets."""
    groups, seen = [], set()
    for n in range(len(u)):
        same = [m for m in range(len(u)) if np.abs(act[m] - act[n]).max() <= tol]
        if n not in seen and len(same) > 1 and len(set(f_star[same])) > 1:
            groups.append(same)
        seen.update(same)
    return groups


def _stuck(history, k, J, f, cache, u, f_star):
    """The words for a frozen J with ∂J/∂θ ≈ 0: which plateau, and why descent cannot leave."""
    name = next((q for q, x in PLATEAUS.items() if abs(J - x) < 1e-4), None)
    said = f"stuck at J = {J:.4f}" + (f" = {name}" if name else "") + \
        f": ∂J/∂θ ≈ 0 (‖∂J/∂θ‖ = {_grad_norm(history, k):.1e}), f = {_fmt(f)}"
    groups = _merged(cache.act, u, f_star)
    if groups:
        why = "; ".join(f"{', '.join(f'({u[m, 0]:g},{u[m, 1]:g})' for m in g)} land on one hidden point "
                        f"({cache.act[g[0], 0]:.2f}, {cache.act[g[0], 1]:.2f}), so f is one number there"
                        for g in groups)
        said += f" — {why}"
    elif (cache.pre > 0).all():
        said += " — every unit is on for every input, so f is linear in u" + \
            (": the best plane through XOR is f = ½ everywhere" if name == "1/4" else "")
    return said


def _trend_words(history, k, kind, n, f, cache, u, f_star):
    J, J0 = float(history.loss[k]), float(history.loss[k - n])
    if abs(J - J0) <= STILL * J and kind != "oscillating" and _grad_norm(history, k) < FLAT:
        return _stuck(history, k, J, f, cache, u, f_star)
    if kind == "frozen":
        said = f"frozen: J = {J:.4g} has not changed over the last {n} steps, though ∂J/∂θ ≠ 0"
        if k >= 2 and _flipping(history, k):
            said += ": the parameters flip between two states, back where they were every other step"
        return said
    if kind == "oscillating":
        said = f"oscillating: J went up and down in alternate steps over the last {n} steps (now {J:.4g})"
        if history.lr > 0.5:
            said += (f" — lr = {history.lr:g} > ½: a step along b alone multiplies mean(f − f*) by "
                     f"1 − 2·lr = {1 - 2 * history.lr:.3g}, flipping its sign")
        return said
    d = np.diff(history.loss[k - n:k + 1])
    bumpy = ", up and down on the way" if (d > 0).any() and (d < 0).any() else ""
    if kind == "rising":
        return (f"rising: J rose from {J0:.4g} to {J:.4g} over the last {n} steps{bumpy} — "
                f"with lr = {history.lr:g} a step need not go downhill")
    rate = (J0 - J) / n
    if rate >= 1e-3 * J:
        return f"falling: J fell from {J0:.4g} to {J:.4g} over the last {n} steps{bumpy}"
    if history.lr <= SMALL_LR:
        return (f"crawling: J still falls, by only {rate:.1e} a step — lr = {history.lr:g} is at the "
                "small end: the right direction, tiny steps (raise lr, or give it more steps)")
    return (f"falling slowly: by only {rate:.1e} a step over the last {n} steps, ‖∂J/∂θ‖ = "
            f"{_grad_norm(history, k):.1e}: a nearly flat stretch (more steps may leave it)")


def _unit_words(history, k, cache, u, f_star):
    """Dead units, identical units, and b's factor 1 − 2·lr when every unit is dead."""
    w, c, v, b = history.at(k)
    H = w.shape[1]
    said = []
    dead = [j for j in range(H) if (cache.pre[:, j] <= 0).all()]
    for j in dead:
        pre = UNIT_PRE[j] if j < 2 else f"pre[:, {j}]"
        said.append(f"unit {j + 1} is dead: {pre} ≤ 0 on all {len(u)} inputs, so ∂J/∂w·{j + 1} = 0, "
                    f"∂J/∂c{j + 1} = 0 and ∂J/∂v{j + 1} = 0")
    if H == 2 and np.array_equal(w[:, 0], w[:, 1]) and c[0] == c[1] and v[0] == v[1]:
        said.append("the two units are identical (equal columns of w, equal c and v): "
                    "they get identical gradients, so they stay identical")
    if len(dead) == H and k >= 1:
        m, lr = float(np.mean(f_star)), history.lr
        before, now = float(history.params.b[k - 1]) - m, b - m
        flips = before * now < 0
        said.append(f"every unit is dead, so f = b on every input and each step multiplies b − mean f* by "
                    f"1 − 2·lr = {1 - 2 * lr:.3g}" +
                    (f": b flips side each step ({before + m:.4g} → {b:.4g})" if flips else ""))
    return said


def diagnose(history, k, u=None, f_star=None):
    """What is happening at step k of a History, in one or two sentences (plain text)."""
    if u is None:
        u, f_star = xor_data()
    T = history.steps
    k = int(min(max(k, 0), T))
    J = float(history.loss[k])
    if history.diverged and k == history.diverged_at:
        return (f"diverged at step {k}: learning rate too large (lr = {history.lr:g}); "
                f"J = {J:.3g} grew past 10⁶ × max(J₀, 1) = {EXPLODES * max(history.loss[0], 1.0):.3g}")
    with np.errstate(all="ignore"):
        f, cache = forward(u, *history.at(k))
    said = _unit_words(history, k, cache, u, f_star)
    if J < SOLVED:
        said.insert(0, f"solved: J = {J:.2e} < 10⁻³, f ≈ {_fmt(f)}")
    elif k == 0:
        said.insert(0, f"the start: J = {J:.4g}, press Play")
    else:
        kind, n = _trend(history.loss, k)
        said.insert(0, _trend_words(history, k, kind, n, f, cache, u, f_star))
    if history.diverged:
        said.append(f"this run diverges at step {history.diverged_at} (lr = {history.lr:g}: its steps overshoot)")
    return "; ".join(said)
