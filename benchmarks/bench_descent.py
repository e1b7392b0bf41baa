"""The descent explorer's frame time, and train_many against a loop of train.

    python benchmarks/bench_descent.py        (or: make bench)

1. Drives the explorer headless: 200 consecutive step changes; each time is from setting
   controls["step"].value to the new PNG bytes in the Image widget (drawn and encoded).
   Targets: median ≤ 30 ms, 95th percentile ≤ 60 ms.
2. train_many on 10,000 random starts × 2,000 steps (target ≤ 10 s), against train in a
   loop over seeds (timed on 100 seeds, scaled to 10,000).
"""
import os
import statistics
import sys
import time

import io

import numpy as np
from PIL import Image

import reluback as rb
from reluback.widgets.canvas import png_bytes
from reluback.widgets import descent_explorer
from reluback.lessons import random_starts


def pil_png(rgba):
    """The reference: Pillow's PNG encoder at compress_level=1, RGB."""
    buf = io.BytesIO()
    Image.fromarray(np.asarray(rgba)[..., :3]).save(buf, format="png", compress_level=1)
    return buf.getvalue()


def ms(x):
    return f"{1e3 * x:.1f} ms"


def frames(n=200):
    view = descent_explorer(start="clean success")       # 300 steps
    step = view.controls["step"]
    T = view.history.steps
    times, cpu = [], []
    for i in range(n):
        k = (7 * i + 1) % (T + 1)
        if k == step.value:
            k = (k + 1) % (T + 1)
        t0, c0 = time.perf_counter(), time.thread_time()
        step.value = k                       # the observer redraws and encodes, synchronously
        times.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        assert view.panels.marker.get_xdata()[0] == k
    times.sort()
    cpu.sort()
    rgba = np.asarray(view.canvas.canvas.buffer_rgba()).copy()
    enc = lambda fn: statistics.median(_timed(fn, rgba) for _ in range(30))
    w, h = view.figure.canvas.get_width_height()
    print(f"explorer, {n} step changes, {w}×{h} px, 4 panels: median {ms(statistics.median(times))}, "
          f"95th percentile {ms(times[int(0.95 * n) - 1])}, max {ms(times[-1])}  (targets 30 ms, 60 ms)")
    print(f"  CPU time of this thread per frame (what other processes' load does not add): "
          f"median {ms(statistics.median(cpu))}, 95th percentile {ms(cpu[int(0.95 * n) - 1])}")
    print(f"  of which PNG encoding: canvas.png_bytes {ms(enc(png_bytes))} ({len(png_bytes(rgba)) // 1000} kB); "
          f"Pillow at level 1 would be {ms(enc(pil_png))} ({len(pil_png(rgba)) // 1000} kB)")
    return statistics.median(times), times[int(0.95 * n) - 1]


def _timed(fn, x):
    t0 = time.perf_counter()
    fn(x)
    return time.perf_counter() - t0


def many(K=10_000, steps=2_000, lr=0.1):
    u, f_star = rb.xor_data()
    P = random_starts(K, scale=1.0, seed=0)
    t0 = time.perf_counter()
    out = rb.train_many(u, f_star, P, lr, steps)
    t_many = time.perf_counter() - t0
    n = 100
    t0 = time.perf_counter()
    for k in range(n):
        rb.train(u, f_star, rb.Params(P.w[k], P.c[k], P.v[k], float(P.b[k])), lr, steps)
    t_loop = (time.perf_counter() - t0) / n * K
    solved = float(np.mean(out.loss[:, -1] < 1e-3))
    print(f"train_many, {K:,} starts × {steps:,} steps (lr {lr}): {t_many:.2f} s  (target 10 s); "
          f"train in a loop: ~{t_loop:.0f} s (100 seeds timed, ×{K // n}); {solved:.1%} reach J < 1e-3")
    return t_many, t_loop


if __name__ == "__main__":
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load}")
    frames()
    many()
