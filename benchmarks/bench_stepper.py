"""The backward stepper's step time (notebook 04), headless.

    python benchmarks/bench_stepper.py

Drives rb.widgets.backward_stepper() through 200 step changes (jumps across 0 … 26); each time is
from setting controls["step"].value to the new PNG bytes in the Image widget (state computed,
drawn by blitting, encoded). Target as the descent explorer's: median ≤ 30 ms, 95th ≤ 60 ms.
Also the cost of building the view once (graph, figure, first full draw).
"""
import os
import statistics
import sys
import time

import numpy as np

import reluback as rb


def ms(x):
    return f"{1e3 * x:.1f} ms"


def steps(n=200):
    t0 = time.perf_counter()
    view = rb.widgets.backward_stepper()
    built = time.perf_counter() - t0
    step = view.controls["step"]
    times, cpu = [], []
    for i in range(n):
        k = (7 * i + 1) % (step.max + 1)
        if k == step.value:
            k = (k + 1) % (step.max + 1)
        t0, c0 = time.perf_counter(), time.thread_time()
        step.value = k                       # the observer computes the state, blits, encodes
        times.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        assert view.state.step == k
    times.sort()
    cpu.sort()
    w, h = view.figure.canvas.get_width_height()
    print(f"backward stepper, {n} step changes, {w}×{h} px: median {ms(statistics.median(times))}, "
          f"95th percentile {ms(times[int(0.95 * n) - 1])}, max {ms(times[-1])}  (targets 30 ms, 60 ms)")
    print(f"  CPU time of this thread per step: median {ms(statistics.median(cpu))}, "
          f"95th percentile {ms(cpu[int(0.95 * n) - 1])};  building the view: {ms(built)}")
    return statistics.median(times), times[int(0.95 * n) - 1]


if __name__ == "__main__":
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load}")
    steps()
