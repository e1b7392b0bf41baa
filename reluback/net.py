"""The notes' network, forward and backward, in the notes' letters.

    f(u; w, c, v, b) = vᵀ max{0, wᵀu + c} + b        J = (1/N) Σₙ (f*ₙ − fₙ)²

Shapes: u (N, D), w (D, H), c (H,), v (H,), b scalar; w[i, j] joins input i to
hidden unit j, so `pre = u @ w + c` is wᵀu + c for every sample at once.
ReLU′(0) = 0: the indicator is `pre > 0`, as the notes write (s > 0).
"""
import math
from typing import NamedTuple

import numpy as np

__all__ = ["Params", "Cache", "xor_data", "book_solution", "skewed_net", "example_nets", "check_net",
           "check_params", "check_targets", "J_of", "g_of", "forward", "loss", "backward"]


class Params(NamedTuple):
    """The four parameters θ = (w, c, v, b); gradients come back as a Params too."""
    w: np.ndarray   # (D, H)
    c: np.ndarray   # (H,)
    v: np.ndarray   # (H,)
    b: float        # ()


class Cache(NamedTuple):
    """What forward computed, kept for backward and for pictures."""
    u: np.ndarray    # (N, D)
    w: np.ndarray    # (D, H)
    c: np.ndarray    # (H,)
    v: np.ndarray    # (H,)
    b: float
    pre: np.ndarray  # (N, H)  s_P, r_P: wᵀu + c
    act: np.ndarray  # (N, H)  s_a, r_a: max{pre, 0}
    f: np.ndarray    # (N,)


def xor_data():
    """The four XOR inputs and targets: u (4, 2) = (0,0), (0,1), (1,0), (1,1); f_star (4,)."""
    u = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    f_star = np.array([0.0, 1.0, 1.0, 0.0])
    return u, f_star


def book_solution():
    """Goodfellow, Bengio & Courville §6.1: f = [0, 1, 1, 0] on the XOR inputs, J = 0."""
    return Params(w=np.array([[1.0, 1.0], [1.0, 1.0]]), c=np.array([0.0, -1.0]),
                  v=np.array([1.0, -2.0]), b=0.0)


# ---- example nets, shared by the views, the exercises and the tests ----------------

def skewed_net():
    """A non-symmetric 2-2-1 net with nonzero entries, no XOR sample on a kink, that descent solves."""
    return Params(w=np.array([[0.7, -1.3], [0.4, 0.9]]), c=np.array([-0.1, 0.3]),
                  v=np.array([1.5, -0.8]), b=0.25)


def example_nets():
    """The nets a learner can pick in the slope explorer and the sample view: name → Params."""
    w, c, v, _ = book_solution()
    sk = skewed_net()
    rng = np.random.default_rng(1)
    return {
        "skewed (no sample on a kink)": sk,
        "book's solution (J = 0)": book_solution(),
        "book's solution with b = 0.5": Params(w, c, v, 0.5),
        "a dead unit: skewed with c₂ = −2": Params(sk.w, np.array([sk.c[0], -2.0]), sk.v, sk.b),
        "random (seed 1)": Params(rng.normal(size=(2, 2)), rng.normal(size=2), rng.normal(size=2),
                                  float(rng.normal())),
    }


# ---- input checks: at the public entry points only ------------------------------

def _array(name, x, ndim, expected):
    """x as a float64 array of `ndim` dimensions, or a ValueError in the notes' letters."""
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers of shape {expected}; got {x!r:.60}") from None
    if a.ndim != ndim:
        raise ValueError(f"{name} must have shape {expected} ({ndim}-D); got shape {a.shape}")
    return a


def _need_shape(name, a, shape, expected, why):
    if a.shape != shape:
        raise ValueError(f"{name} must have shape {expected} = {shape} ({why}); got {a.shape}")


def _need_finite(name, a):
    if np.isfinite(a).all():
        return
    bad = np.argwhere(~np.isfinite(a))[0]
    where = f"{name}[{', '.join(map(str, bad))}]" if a.ndim else name
    raise ValueError(f"{name} must be finite; got {a[tuple(bad)]} at {where}")


def _all_finite(*arrays):
    """A cheap test: a nan or inf anywhere makes Σx (or x·x) non-finite. A huge finite x
    can overflow it too, so False only sends the caller to the exact check, _need_finite."""
    total, small = 0.0, []
    for a in arrays:
        a = a.ravel()
        if a.size <= 64:
            small += a.tolist()                # for tiny arrays, Python's sum beats numpy's call overhead
        else:
            total += a.dot(a)
    return math.isfinite(total + sum(small))


def check_net(u, w, c, v, b):
    """(u, w, c, v, b) as float64 arrays of matching shapes, all finite, or a ValueError naming the argument."""
    if (type(u) is type(w) is type(c) is type(v) is np.ndarray and isinstance(b, float)
            and u.dtype == w.dtype == c.dtype == v.dtype == np.float64
            and u.ndim == 2 and c.ndim == 1 and u.size and c.size
            and w.shape == (u.shape[1], c.shape[0]) and v.shape == c.shape
            and _all_finite(u, w, c, v) and math.isfinite(b)):
        return u, w, c, v, float(b)           # the common case, in one cheap test
    # otherwise: convert, and say exactly what is wrong
    u = _array("u", u, 2, "(N, D)")
    if u.shape[0] == 0:
        raise ValueError(f"u must hold at least one sample, shape (N, D) with N ≥ 1; got {u.shape}")
    if u.shape[1] == 0:
        raise ValueError(f"u must have at least one input, shape (N, D) with D ≥ 1; got {u.shape}")
    c = _array("c", c, 1, "(H,)")
    if c.shape[0] == 0:
        raise ValueError(f"c must have at least one hidden unit, shape (H,) with H ≥ 1; got {c.shape}")
    D, H = u.shape[1], c.shape[0]
    w = _array("w", w, 2, "(D, H)")
    _need_shape("w", w, (D, H), "(D, H)", "D from u, H from c")
    v = _array("v", v, 1, "(H,)")
    _need_shape("v", v, (H,), "(H,)", "H from c")
    b = float(_array("b", b, 0, "() — a scalar"))
    if not (_all_finite(u, w, c, v) and math.isfinite(b)):
        for name, a in zip("uwcvb", (u, w, c, v, np.float64(b))):
            _need_finite(name, a)
    return u, w, c, v, b


def check_params(params, u, name="params", H=None):
    """(u, params) checked: u as float64, params = (w, c, v, b) as a Params of float64 arrays, or a
    ValueError naming `name`. H: the number of hidden units required (the views draw the notes' net, H = 2)."""
    if len(params) != 4:
        raise ValueError(f"{name} must be (w, c, v, b); got {len(params)} values")
    u, w, c, v, b = check_net(u, *params)
    if H is not None and w.shape[1] != H:
        raise ValueError(f"{name} must be the notes' net (H = {H} hidden units): w must have shape "
                         f"(D, H) = ({w.shape[0]}, {H}); got {w.shape}")
    return u, Params(w, c, v, b)


def check_targets(f_star, N, finite=True):
    """f_star as a float64 array of shape (N,), finite, or a ValueError.
    finite=False leaves the finiteness to the caller (backward sees it in Σₙ gₙ for free)."""
    f_star = _array("f_star", f_star, 1, "(N,)")
    _need_shape("f_star", f_star, (N,), "(N,)", "one target per row of u")
    if finite and not _all_finite(f_star):
        _need_finite("f_star", f_star)
    return f_star


# ---- the maths ------------------------------------------------------------------
# J and g are defined here once; every other module calls these (notes.py keeps the notes' slipped forms).

def J_of(f, f_star, axis=-1):
    """J = (1/N) Σₙ (f*ₙ − fₙ)² along `axis` (the samples); unchecked: loss() is the checked entry."""
    return np.mean((f_star - f) ** 2, axis=axis)


def g_of(f, f_star, axis=-1):
    """g = ∂J/∂f = −(2/N)(f* − f), one entry per sample (N along `axis`); unchecked."""
    return -2.0 / np.shape(f)[axis] * (f_star - f)


def _forward(u, w, c, v, b):
    pre = u @ w + c                       # (N, H)  wᵀu + c, row by row
    act = np.maximum(pre, 0.0)            # (N, H)  max{0, ·}
    f = act @ v + b                       # (N,)    vᵀ act + b
    return f, Cache(u, w, c, v, b, pre, act, f)


def _backward(cache, f_star):
    u, w, c, v, b, pre, act, f = cache
    g = g_of(f, f_star)                   # (N,)    ∂J/∂f, one per sample
    dv = act.T @ g                        # (H,)    Σₙ gₙ act_nj
    db = g.sum()                          # ()      Σₙ gₙ
    dpre = np.outer(g, v) * (pre > 0)     # (N, H)  gₙ v_j 1[pre_nj > 0]; relu'(0) = 0
    dw = u.T @ dpre                       # (D, H)  Σₙ u_np dpre_nj
    dc = dpre.sum(axis=0)                 # (H,)    Σₙ dpre_nj
    return Params(dw, dc, dv, db)         # db: np.float64, a float


def forward(u, w, c, v, b):
    """The forward pass on a batch.

    Inputs:
    - u: inputs, shape (N, D); row n is one sample (the notes: u = (u₁, u₂), D = 2)
    - w: hidden weights, shape (D, H); w[i, j] is the notes' w_ij
    - c: hidden biases, shape (H,)
    - v: output weights, shape (H,)
    - b: output bias, a scalar

    Returns a tuple of:
    - f: outputs, shape (N,)
    - cache: a Cache holding pre = wᵀu + c (s_P, r_P) and act = max{0, pre} (s_a, r_a)
    """
    u, w, c, v, b = check_net(u, w, c, v, b)
    return _forward(u, w, c, v, b)


def loss(f, f_star):
    """J = (1/N) Σₙ (f*ₙ − fₙ)², the mean squared error (no ½, as in the book). A float."""
    f = _array("f", f, 1, "(N,)")
    if f.shape[0] == 0:
        raise ValueError("f must hold at least one output, shape (N,) with N ≥ 1; got (0,)")
    _need_finite("f", f)
    f_star = check_targets(f_star, f.shape[0])
    return float(J_of(f, f_star))


def backward(cache, f_star):
    """The backward pass: ∂J/∂θ for J = (1/N) Σₙ (f*ₙ − fₙ)².

    Inputs:
    - cache: from forward(u, w, c, v, b)
    - f_star: targets, shape (N,)

    Returns a Params (dw, dc, dv, db), each with its parameter's shape.
    """
    if not isinstance(cache, Cache):
        raise ValueError(f"cache must be the Cache that forward returns; got {type(cache).__name__}")
    if not (type(f_star) is np.ndarray and f_star.dtype == np.float64 and f_star.shape == cache.f.shape):
        f_star = check_targets(f_star, cache.f.shape[0], finite=False)   # convert, or say what is wrong
    grads = _backward(cache, f_star)
    if not math.isfinite(grads.b):          # db = Σₙ gₙ: a non-finite f_star shows here
        _need_finite("f_star", f_star)
    return grads
