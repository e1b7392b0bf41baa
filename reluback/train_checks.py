"""The checks of train and train_many: lr, steps, a batch of starts, a record's memory, an index.

Each returns its argument as the type the trainers use, or raises a ValueError that names the
argument, says what was expected (in the notes' letters) and what was given.
"""
import math
import numbers
import os

import numpy as np

from .inputs import LIMIT, as_array, check_scale, too_large

__all__ = ["check_lr", "check_steps", "check_params_batch", "check_scale_batch", "check_memory", "check_index"]


def check_index(name, k, n, what):
    """k as an int in −n … n − 1, or a ValueError saying the valid range."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not -n <= k < n:
        has = f"{n} states, after 0 … {n - 1} steps" if what == "steps" else f"{n} run" + "s" * (n != 1)
        raise ValueError(f"{name} must be a whole number from 0 to {n - 1} (this record has {has}), or from "
                         f"−{n} to −1 counting from the end; got {k!r:.40}")
    return int(k)


def _free_memory():
    """Bytes of memory free for a new record (MemAvailable on Linux), or None when unknown."""
    try:
        with open("/proc/meminfo") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("MemAvailable:"))
    except (OSError, StopIteration, ValueError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def check_memory(steps, need_per_step, what, instead):
    """Refuse up front a record of steps + 1 states that would not fit in half the free memory."""
    need = (steps + 1) * need_per_step
    if need <= 1 << 26:                                        # 64 MB: no need to ask the system
        return
    free = _free_memory()
    if free is not None and need > free / 2:
        fits = max(int(free / 2 / need_per_step) - 1, 0)
        raise ValueError(f"steps = {steps:,} is too many to record: {what} would need about {need / 1e9:.3g} GB, "
                         f"and this machine has {free / 1e9:.3g} GB free; take at most {fits:,} steps, or {instead}")


def check_lr(lr):
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a finite learning rate > 0; got {lr!r}")
    return float(lr)


def check_steps(steps):
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be a whole number ≥ 0; got {steps!r}")
    return int(steps)


def check_params_batch(params_batch):
    """params_batch = (w, c, v, b) with a leading run axis K: w (K, D, H), c (K, H), v (K, H), b (K,)."""
    if isinstance(params_batch, dict) or not isinstance(params_batch, (tuple, list)):
        raise ValueError(f"params_batch must be (w, c, v, b) with a leading run axis K, e.g. a Params of "
                         f"w (K, D, H), c (K, H), v (K, H), b (K,); got {params_batch!r:.60}")
    if len(params_batch) != 4:
        raise ValueError(f"params_batch must be (w, c, v, b); got {len(params_batch)} values")
    w = as_array("w", params_batch[0], 3, "(K, D, H), one (D, H) matrix per run")
    K, D, H = w.shape
    c, v = (as_array(n, p, 2, "(K, H)") for n, p in zip("cv", params_batch[1:3]))
    b = as_array("b", params_batch[3], 1, "(K,)")
    for name, p, shape, letters in (("c", c, (K, H), "(K, H)"), ("v", v, (K, H), "(K, H)"),
                                    ("b", b, (K,), "(K,)")):
        if p.shape != shape:
            raise ValueError(f"{name} must have shape {letters} = {shape} (K, D, H from w); got {p.shape}")
    for name, p in zip("wcvb", (w, c, v, b)):
        if not np.isfinite(p).all():
            raise ValueError(f"{name} must be finite; got a non-finite value in run "
                             f"{np.argwhere(~np.isfinite(p))[0][0]}")
    if K == 0:
        raise ValueError("params_batch must hold at least one run (K ≥ 1); got K = 0")
    return w, c, v, b


def check_scale_batch(u, w, c, v, b):
    """Every run's θ small enough for float64 (inputs.check_scale, with ‖x‖ ≤ √size · max|x|),
    tested for all K runs at once; the first run that is not is named."""
    top = lambda x: np.abs(x).reshape(len(x), -1).max(axis=1) * math.sqrt(x[0].size)
    nu = float(np.abs(u).max()) * math.sqrt(u.size)
    nw, nc, nv, nb = top(w), top(c), top(v), np.abs(b)
    with np.errstate(over="ignore"):                           # a product past float64 is inf: too large
        pre = nu * nw + nc
        fine = (pre <= LIMIT) & (pre * nv + nb <= LIMIT) & (nv <= LIMIT) & (nu * nv <= LIMIT)
    if fine.all():
        return
    k = int(np.argmin(fine))
    problem = check_scale(nu, float(nw[k]), float(nc[k]), float(nv[k]), float(nb[k]))
    err = too_large(dict(u=u, w=w[k], c=c[k], v=v[k], b=b[k]), *problem)
    raise ValueError(f"in run {k}: {err}") from None
