"""Input checks at the public entry points: bad input gets a ValueError naming the argument.

What a caller can rely on: every array argument is taken as float64 numbers of the stated shape
(lists, ints, float32 are converted; complex numbers, text, None, dicts are refused, never
silently converted), all finite, and small enough that nothing overflows float64 on the way
through forward, loss and backward: with ‖·‖ the Frobenius norm,

    |pre| ≤ ‖u‖‖w‖ + ‖c‖ ≤ L,   |f| ≤ (‖u‖‖w‖ + ‖c‖)‖v‖ + |b| ≤ L,   ‖v‖ ≤ L,   ‖u‖‖v‖ ≤ L,   ‖f*‖ ≤ L

with L = 1e150, so that J ≤ (2L)² and every gradient entry ≤ 4L² stay below float64's 1.8e308.
Input beyond that is refused as too large for float64, naming the argument with the largest
entries. The common case (float64 arrays of the right shapes) is tested in one cheap pass.
"""
import math
import numbers

import numpy as np

__all__ = ["LIMIT", "check_net", "check_targets", "check_scale", "as_array", "need_shape", "need_finite",
           "norm", "too_large"]

LIMIT = 1e150          # L above: the largest bound on |pre|, |f|, ‖v‖, ‖u‖‖v‖, ‖f*‖ accepted
_SMALL = 64            # arrays up to this size are measured in Python (faster than numpy's call overhead)


def _kind(x):
    """What x is, in words, for a message: "text '0.5'", "a complex number", "None", "a dict"."""
    if x is None:
        return "None"
    if isinstance(x, (str, bytes)):
        return f"text {x!r:.40}"
    if isinstance(x, np.ndarray):
        return f"an array of {x.dtype}, shape {x.shape}"
    if isinstance(x, dict):
        return f"a dict (keys {', '.join(map(repr, list(x)[:4]))})"
    return f"{x!r:.60}"


def as_array(name, x, ndim, expected):
    """x as a float64 array of `ndim` dimensions, or a ValueError naming `name` in the notes' letters.
    Only real numbers are taken: complex numbers, text, None and other objects are refused."""
    try:
        a = np.asarray(x)
    except (TypeError, ValueError, OverflowError):             # ragged lists, odd objects
        raise ValueError(f"{name} must be numbers of shape {expected}; got {_kind(x)}") from None
    if a.dtype.kind == "c":
        raise ValueError(f"{name} must be real numbers of shape {expected}; got complex numbers "
                         f"({_kind(x)}): pass the real part yourself if that is what you mean")
    if a.dtype.kind == "O":                                    # Python objects: ints too big for int64, None, …
        bad = [e for e in a.ravel() if isinstance(e, bool) or not isinstance(e, numbers.Real)][:1]
        if bad:
            raise ValueError(f"{name} must be numbers of shape {expected}; got {_kind(x if a.ndim == 0 else bad[0])}")
        try:
            a = np.array([float(e) for e in a.ravel()]).reshape(a.shape)
        except OverflowError:
            big = max(a.ravel(), key=abs)
            raise ValueError(f"{name} is too large for float64: it holds an integer near "
                             f"1e{int(int(big).bit_length() * math.log10(2))}, and float64 reaches 1.8e308") from None
    elif a.dtype.kind not in "biuf":                           # text, bytes, dates, records
        raise ValueError(f"{name} must be numbers of shape {expected}, not text or other data; got {_kind(x)}")
    if a.dtype != np.float64:
        with np.errstate(over="ignore"):                       # a longdouble beyond float64 becomes inf
            wide, a = a, a.astype(np.float64)
        if not np.isfinite(a).all() and np.isfinite(wide).all():
            raise ValueError(f"{name} is too large for float64: it holds {wide.ravel()[~np.isfinite(a.ravel())][0]!r}, "
                             "and float64 reaches 1.8e308")
    if a.ndim != ndim:
        raise ValueError(f"{name} must have shape {expected} ({ndim}-D); got shape {a.shape}")
    return a


def need_shape(name, a, shape, expected, why):
    if a.shape != shape:
        raise ValueError(f"{name} must have shape {expected} = {shape} ({why}); got {a.shape}")


def need_finite(name, a):
    if np.isfinite(a).all():
        return
    bad = np.argwhere(~np.isfinite(a))[0]
    where = f"{name}[{', '.join(map(str, bad))}]" if a.ndim else name
    raise ValueError(f"{name} must be finite; got {a[tuple(bad)]} at {where}")


def norm(a):
    """‖a‖ (Frobenius) for small arrays, the bound √size · max|aᵢ| for big ones; inf when an entry
    is nan or inf (or the norm overflows). Never warns."""
    if a.size <= _SMALL:
        return math.hypot(*a.ravel().tolist())
    top = float(np.abs(a).max())                                # nan and inf carry through
    return math.sqrt(a.size) * top if math.isfinite(top) else math.inf


def check_scale(nu, nw, nc, nv, nb, nf=0.0):
    """None when the norms keep every step of forward, loss and backward inside float64; else
    (the argument names involved, the quantity that could overflow)."""
    pre = nu * nw + nc                                         # Python floats: overflow gives inf, silently
    if not pre <= LIMIT:
        return "uwc", "pre = wᵀu + c"
    if not pre * nv + nb <= LIMIT:
        return "uwcvb", "f = vᵀ max{0, pre} + b"
    if not (nv <= LIMIT and nu * nv <= LIMIT):
        return "uv", "∂J/∂w = Σₙ gₙ 1[pre > 0] v uₙ"
    if not nf <= LIMIT:
        return ("f_star",), "J = (1/N) Σ (f* − f)²"
    return None


def too_large(arrays, names, what):
    """The ValueError for input too large for float64: it names the argument with the largest entries."""
    size = {n: float(np.max(np.abs(a))) if np.size(a) else 0.0 for n, a in arrays.items() if n in names}
    name = max(size, key=size.get)
    return ValueError(f"{name} is too large for float64: its entries reach {size[name]:.3g}, so {what} could "
                      f"overflow float64 (its largest number is 1.8e308) — reluback takes inputs that keep "
                      f"|pre| and |f| below {LIMIT:.0e}; scale {name} down")


def check_net(u, w, c, v, b):
    """(u, w, c, v, b) as float64 arrays of matching shapes, finite and not too large for float64
    (see the module's docstring), or a ValueError naming the argument at fault."""
    if (type(u) is type(w) is type(c) is type(v) is np.ndarray and isinstance(b, float)
            and u.dtype == w.dtype == c.dtype == v.dtype == np.float64
            and u.ndim == 2 and c.ndim == 1 and u.size and c.size
            and w.shape == (u.shape[1], c.shape[0]) and v.shape == c.shape
            and check_scale(norm(u), norm(w), norm(c), norm(v), abs(b)) is None):
        return u, w, c, v, float(b)           # the common case, in one cheap test (nan/inf fail check_scale)
    # otherwise: convert, and say exactly what is wrong
    u = as_array("u", u, 2, "(N, D)")
    w = as_array("w", w, 2, "(D, H)")
    c = as_array("c", c, 1, "(H,)")
    v = as_array("v", v, 1, "(H,)")
    b = float(as_array("b", b, 0, "() — a scalar"))
    _need_sizes(u, w, c, v)
    for name, a in zip("uwcvb", (u, w, c, v, np.float64(b))):
        need_finite(name, a)
    problem = check_scale(norm(u), norm(w), norm(c), norm(v), abs(b))
    if problem:
        raise too_large(dict(u=u, w=w, c=c, v=v, b=b), *problem)
    return u, w, c, v, b


def _need_sizes(u, w, c, v):
    """N, D ≥ 1 from u, H ≥ 1; D: u and w agree; H: c, w and v agree (the odd one out is named)."""
    if u.shape[0] == 0:
        raise ValueError(f"u must hold at least one sample, shape (N, D) with N ≥ 1; got {u.shape}")
    if u.shape[1] == 0:
        raise ValueError(f"u must have at least one input, shape (N, D) with D ≥ 1; got {u.shape}")
    if c.shape[0] == 0:
        raise ValueError(f"c must have at least one hidden unit, shape (H,) with H ≥ 1; got {c.shape}")
    if u.shape[1] != w.shape[0]:
        raise ValueError(f"u and w disagree on D (inputs per sample): u has shape (N, D) = {u.shape}, so w must "
                         f"have shape (D, H) = ({u.shape[1]}, {w.shape[1]}); got w of shape {w.shape} (or u is the "
                         f"one that is wrong: for this w, u must have shape (N, {w.shape[0]}))")
    H = {"c": c.shape[0], "w": w.shape[1], "v": v.shape[0]}
    for odd in "cvw":
        others = {n: h for n, h in H.items() if n != odd}
        a, b = others.values()
        if a == b != H[odd]:
            shape, letters = ((w.shape[0], a), "(D, H)") if odd == "w" else ((a,), "(H,)")
            got = {"c": c, "w": w, "v": v}[odd].shape
            raise ValueError(f"{odd} must have shape {letters} = {shape} (H = {a} from {' and '.join(others)}); "
                             f"got {got}")
    if len(set(H.values())) > 1:
        raise ValueError(f"c, w and v disagree on H, the number of hidden units: c has shape (H,) = {c.shape}, "
                         f"w (D, H) = {w.shape}, v (H,) = {v.shape}")


def check_targets(f_star, N):
    """f_star as a float64 array of shape (N,), finite and ‖f*‖ ≤ LIMIT, or a ValueError."""
    f_star = as_array("f_star", f_star, 1, "(N,)")
    need_shape("f_star", f_star, (N,), "(N,)", "one target per row of u")
    if not norm(f_star) <= LIMIT:
        need_finite("f_star", f_star)
        raise too_large({"f_star": f_star}, ("f_star",), "J = (1/N) Σ (f* − f)²")
    return f_star
