"""The notes' network, forward and backward, in the notes' letters.

    f(u; w, c, v, b) = vᵀ max{0, wᵀu + c} + b        J = (1/N) Σₙ (f*ₙ − fₙ)²

Shapes: u (N, D), w (D, H), c (H,), v (H,), b scalar; w[i, j] joins input i to
hidden unit j, so `pre = u @ w + c` is wᵀu + c for every sample at once.
ReLU′(0) = 0: the indicator is `pre > 0`, as the notes write (s > 0).
"""
from typing import NamedTuple

import numpy as np

from .inputs import LIMIT, as_array, check_net, check_targets, need_finite, norm, too_large

__all__ = ["Params", "Cache", "xor_data", "book_solution", "skewed_net", "example_nets", "check_net",
           "check_params", "check_targets", "J_of", "g_of", "forward_pass", "backward_pass", "forward", "loss",
           "backward"]


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


# ---- input checks: at the public entry points only (the checks themselves: inputs.py) ----

def check_params(params, u, name="params", H=None):
    """(u, params) checked: u as float64, params = (w, c, v, b) as a Params of float64 arrays, or a
    ValueError naming `name`. H: the number of hidden units required (the views draw the notes' net, H = 2)."""
    if isinstance(params, dict):
        raise ValueError(f"{name} must be (w, c, v, b) in that order, e.g. rb.Params(w, c, v, b); got a dict "
                         f"(keys {', '.join(map(repr, list(params)[:4]))}): pass rb.Params(**{name})")
    if not isinstance(params, (tuple, list)):
        raise ValueError(f"{name} must be (w, c, v, b), e.g. rb.Params(w, c, v, b) or rb.book_solution(); "
                         f"got {params!r:.60}")
    if len(params) != 4:
        raise ValueError(f"{name} must be (w, c, v, b); got {len(params)} values")
    u, w, c, v, b = check_net(u, *params)
    if H is not None and w.shape[1] != H:
        raise ValueError(f"{name} must be the notes' net (H = {H} hidden units): w must have shape "
                         f"(D, H) = ({w.shape[0]}, {H}); got {w.shape}")
    return u, Params(w, c, v, b)


def _check_cache(cache):
    """A Cache as forward makes it, or a ValueError. forward's Cache is read-only and within the bounds
    of inputs.py; one with writable arrays (made by hand) has its entries measured against them."""
    if not isinstance(cache, Cache):
        raise ValueError(f"cache must be the Cache that forward returns; got {type(cache).__name__}")
    u, w, c, v, b, pre, act, f = cache
    if not (type(u) is type(w) is type(c) is type(v) is type(pre) is type(act) is type(f) is np.ndarray
            and u.dtype == w.dtype == c.dtype == v.dtype == pre.dtype == act.dtype == f.dtype == np.float64):
        name, a = next((n, a) for n, a in zip(Cache._fields, cache) if n != "b" and not (
            isinstance(a, np.ndarray) and a.dtype == np.float64))
        raise ValueError(f"cache must be the Cache that forward returns; its {name} is {a!r:.40}")
    N, H = f.shape[0] if f.ndim == 1 else -1, c.shape[0] if c.ndim == 1 else -1
    if not (isinstance(b, float) and u.ndim == 2 and u.shape[0] == N and w.shape == (u.shape[1], H)
            and v.shape == (H,) and pre.shape == act.shape == (N, H)):
        raise ValueError("cache must be the Cache that forward returns; its shapes disagree: "
                         + ", ".join(f"{n} {np.shape(a)}" for n, a in zip(Cache._fields, cache)))
    if u.flags.writeable or v.flags.writeable or pre.flags.writeable or f.flags.writeable:   # not forward's
        nu, nv, npre, nf = norm(u), norm(v), norm(pre), norm(f)
        if not (npre <= LIMIT and nf <= LIMIT and nv <= LIMIT and nu * nv <= LIMIT):
            raise ValueError("cache must be the Cache that forward returns: its entries are non-finite or too "
                             "large for float64 (forward never makes such a cache)")


# ---- the maths ------------------------------------------------------------------
# J and g are defined here once; every other module calls these (notes.py keeps the notes' slipped forms).

def J_of(f, f_star, axis=-1):
    """J = (1/N) Σₙ (f*ₙ − fₙ)² along `axis` (the samples); unchecked: loss() is the checked entry."""
    return np.mean((f_star - f) ** 2, axis=axis)


def g_of(f, f_star, axis=-1):
    """g = ∂J/∂f = −(2/N)(f* − f), one entry per sample (N along `axis`); unchecked."""
    return -2.0 / np.shape(f)[axis] * (f_star - f)


def forward_pass(u, w, c, v, b):
    """The forward pass itself, unchecked (forward() checks its input, copies it and calls this):
    for callers whose input is already checked, or that draw a run which diverged."""
    pre = u @ w + c                       # (N, H)  wᵀu + c, row by row
    act = np.maximum(pre, 0.0)            # (N, H)  max{0, ·}
    f = act @ v + b                       # (N,)    vᵀ act + b
    return f, Cache(u, w, c, v, b, pre, act, f)


def backward_pass(cache, f_star):
    """The backward pass itself, one chain-rule step per line, unchecked (backward() checks and calls this)."""
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
    f, cache = forward_pass(u.copy(), w.copy(), c.copy(), v.copy(), b)   # the Cache keeps what forward saw,
    for a in cache[:4] + cache[5:]:                                   # read-only: backward trusts it as made
        a.flags.writeable = False
    return f.copy(), cache                                            # f: the caller's own, writable


def loss(f, f_star):
    """J = (1/N) Σₙ (f*ₙ − fₙ)², the mean squared error (no ½, as in the book). A float."""
    f = as_array("f", f, 1, "(N,)")
    if f.shape[0] == 0:
        raise ValueError("f must hold at least one output, shape (N,) with N ≥ 1; got (0,)")
    need_finite("f", f)
    if not norm(f) <= LIMIT:
        raise too_large({"f": f}, "f", "J = (1/N) Σ (f* − f)²")
    f_star = as_array("f_star", f_star, 1, "(N,)")
    if f_star.shape != f.shape:
        raise ValueError(f"f and f_star must have the same shape (N,), one target per output; got f {f.shape}, "
                         f"f_star {f_star.shape}")
    f_star = check_targets(f_star, f.shape[0])
    return float(J_of(f, f_star))


def backward(cache, f_star):
    """The backward pass: ∂J/∂θ for J = (1/N) Σₙ (f*ₙ − fₙ)².

    Inputs:
    - cache: from forward(u, w, c, v, b)
    - f_star: targets, shape (N,)

    Returns a Params (dw, dc, dv, db), each with its parameter's shape.
    """
    _check_cache(cache)
    if not (type(f_star) is np.ndarray and f_star.dtype == np.float64 and f_star.shape == cache.f.shape
            and norm(f_star) <= LIMIT):
        f_star = check_targets(f_star, cache.f.shape[0])       # convert, or say what is wrong
    return backward_pass(cache, f_star)
