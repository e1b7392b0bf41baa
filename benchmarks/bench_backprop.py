"""Forward + backward: reluback vs the same maths inline in numpy (vs PyTorch autograd, if installed).

    python benchmarks/bench_backprop.py        (or: make bench)

Prints the median time of one forward + backward at each size (N, D, H), and the ratios.
reluback checks its inputs at every call; the target is to stay within 1.3× of inline numpy.
"""
import statistics
import sys
import time

import numpy as np

import reluback as rb

SIZES = [(4, 2, 2), (256, 2, 16), (65536, 2, 64)]


def inline_numpy(u, w, c, v, b, f_star):
    pre = u @ w + c
    act = np.maximum(pre, 0.0)
    f = act @ v + b
    g = -2.0 / len(f) * (f_star - f)
    dpre = np.outer(g, v) * (pre > 0)
    return u.T @ dpre, dpre.sum(axis=0), act.T @ g, g.sum()


def with_reluback(u, w, c, v, b, f_star):
    _, cache = rb.forward(u, w, c, v, b)
    return rb.backward(cache, f_star)


def torch_autograd(torch):
    def run(u, w, c, v, b, f_star):
        w, c, v, b = (t.detach().requires_grad_() for t in (w, c, v, b))
        f = torch.relu(u @ w + c) @ v + b
        J = ((f_star - f) ** 2).mean()
        return torch.autograd.grad(J, (w, c, v, b))
    return run


def median_seconds(fns, args, budget=0.6, blocks=31):
    """Median time per call of each fn: blocks of repeated calls, interleaved across fns so
    that a busy moment of the machine hits all of them alike."""
    n = 1
    for fn in fns:
        fn(*args)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < budget / blocks / len(fns):
        fns[0](*args)
        n += 1
    times = [[] for _ in fns]
    for _ in range(blocks):
        for fn, ts in zip(fns, times):
            t0 = time.perf_counter()
            for _ in range(n):
                fn(*args)
            ts.append((time.perf_counter() - t0) / n)
    return [statistics.median(ts) for ts in times]


def fmt(seconds):
    return f"{seconds * 1e6:9.1f} µs" if seconds < 1e-2 else f"{seconds * 1e3:9.2f} ms"


def main():
    try:
        import torch
        torch.set_num_threads(2)
    except ImportError:
        torch = None
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}"
          + (f", torch {torch.__version__}" if torch else ", torch not installed (column skipped)"))
    head = f"{'(N, D, H)':>16} {'inline numpy':>13} {'reluback':>12} {'ratio':>6}"
    print(head + (f" {'torch autograd':>15} {'ratio':>6}" if torch else ""))
    worst = 0.0
    for N, D, H in SIZES:
        args = (rng.normal(size=(N, D)), rng.normal(size=(D, H)), rng.normal(size=H),
                rng.normal(size=H), 0.1, rng.normal(size=N))
        t_np, t_rb = median_seconds([inline_numpy, with_reluback], args)
        worst = max(worst, t_rb / t_np)
        line = f"{str((N, D, H)):>16} {fmt(t_np):>13} {fmt(t_rb):>12} {t_rb / t_np:5.2f}×"
        if torch:
            targs = [torch.tensor(a, dtype=torch.float64) for a in args]
            t_pt, = median_seconds([torch_autograd(torch)], targs)
            line += f" {fmt(t_pt):>15} {t_pt / t_np:5.2f}×"
        print(line)
    print(f"worst reluback / inline numpy: {worst:.2f}× (target ≤ 1.30×)")


if __name__ == "__main__":
    main()
