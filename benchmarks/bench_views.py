"""Frame cost of every view, headless: one control move → the new PNG in the Image widget.

    python benchmarks/bench_views.py                       this checkout only
    python benchmarks/bench_views.py --before DIR          DIR (e.g. `git archive main` unpacked)
                                                           and this checkout, side by side

Only public names are used (rb.widgets.<view>(), view.controls, view.canvas.image), so the
same script times any version of the package. Each version runs in its own process, the two
alternate for `--rounds` rounds, and the medians are over all moves of all rounds. The
machine is shared: the figures are noisy, compare the two columns of one run only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def _moves(view, name, values):
    """(wall, CPU) milliseconds from setting controls[name].value to new PNG bytes, for each value.
    The CPU time of this thread is what other processes' load does not add."""
    image, control, times = view.canvas.image, view.controls[name], []
    for x in values:
        if control.value == x:
            continue
        before = image.value
        t0, c0 = time.perf_counter(), time.thread_time()
        control.value = x                   # the observer draws and encodes, synchronously
        times.append((1e3 * (time.perf_counter() - t0), 1e3 * (time.thread_time() - c0)))
        assert image.value != before, (name, x)
    return times


def _sweep(lo, hi, step, n):
    """n slider positions going back and forth over [lo, hi] on the slider's step grid."""
    k = int(round((hi - lo) / step))
    return [round(lo + step * (abs((7 * i) % (2 * k) - k)), 6) for i in range(1, n + 1)]


def measure(n=60):
    """{view: [ms, …]} for n moves of each view's main control."""
    import reluback as rb
    W = rb.widgets
    out = {}
    out["weight_editor w11"] = _moves(W.weight_editor(), "w11", _sweep(-1.0, 2.0, 0.05, n))
    out["loss_parabola b"] = _moves(W.loss_parabola(), "b", _sweep(-1.5, 1.5, 0.01, n))
    view = W.slope_explorer()
    s = view.controls["value"]
    out["slope_explorer value"] = _moves(view, "value", _sweep(s.min, s.max, 0.01, n))
    out["sample_view sample"] = _moves(W.sample_view(), "sample", [(i % 5 - 1) if i % 5 else "all"
                                                                  for i in range(1, n + 1)])
    view = W.descent_explorer(start="clean success")
    out["descent_explorer step"] = _moves(view, "step", [(7 * i + 1) % 301 for i in range(n)])
    return out


def _run(root, n):
    env = dict(os.environ, PYTHONPATH=str(root), MPLBACKEND="agg")
    code = (f"import sys, json; sys.path.insert(0, {str(HERE / 'benchmarks')!r}); import bench_views as b; "
            f"print(json.dumps(b.measure({n})))")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=root)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", help="a checkout of the package to compare with (its root folder)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("-n", type=int, default=60, help="moves per view per round")
    a = ap.parse_args()
    roots = ([("before", Path(a.before).resolve())] if a.before else []) + [("after", HERE)]
    times = {label: {} for label, _ in roots}
    for _ in range(a.rounds):
        for label, root in roots:
            for view, ms in _run(root, a.n).items():
                times[label].setdefault(view, []).extend(ms)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"median ms per move (slider → PNG ready), {a.rounds} × {a.n} moves, load average {load}")
    print(f"{'view':<24}" + "".join(f"{label + ' ' + kind:>14}" for kind in ("wall", "CPU") for label, _ in roots))
    for view in times["after"]:
        print(f"{view:<24}" + "".join(f"{statistics.median(t[i] for t in times[label][view]):>14.1f}"
                                      for i in (0, 1) for label, _ in roots))


if __name__ == "__main__":
    main()
