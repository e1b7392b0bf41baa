"""rb.exercises.check: the checker before the sandbox (the learner's function called in this
process, under a SIGALRM) vs now (called in a forked child, reports read back as JSON).

    python benchmarks/bench_checker.py [REV]      (REV: the commit to take the old checker from;
                                                   default: where this branch left main)

Prints the median time of one check() per exercise, old and new side by side, and the ratio.
The learner's function here is the right answer, so every net is run and judged.
"""
import re
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np

import reluback as rb

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 15


def old_checker(rev):
    """The old reluback/exercises.py from git, loaded as the module reluback._exercises_before."""
    source = subprocess.run(["git", "show", f"{rev}:reluback/exercises.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    source = re.sub(r"\b_(forward|backward)\b", r"\1_pass", source)    # net's unchecked passes, renamed since
    module = types.ModuleType("reluback._exercises_before")
    module.__package__ = "reluback"
    sys.modules[module.__name__] = module
    exec(compile(source, f"{rev}:reluback/exercises.py", "exec"), module.__dict__)
    return module


def right(name):
    """The right answer to each exercise, written with reluback (what a learner who got it writes)."""
    if name == "g":
        return lambda f, f_star: -2.0 / len(f) * (f_star - f)
    pick = {"dJ_dw21": lambda p: p.w[1, 0], "dJ_dw22": lambda p: p.w[1, 1], "dJ_dc2": lambda p: p.c[1],
            "dJ_dv1": lambda p: p.v[0], "dJ_db": lambda p: p.b, "backward": tuple}[name]
    return lambda u, w, c, v, b, f_star: pick(rb.backward(rb.forward(u, w, c, v, b)[1], f_star))


def median_ms(check, name, fn):
    assert check(name, fn).verdict == "correct"          # warm: caches filled, and it is right
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        check(name, fn)
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def main():
    rev = sys.argv[1] if len(sys.argv) > 1 else subprocess.run(
        ["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    old = old_checker(rev)
    print(f"check() per exercise, median of {REPEATS} (ms); old = {rev[:8]}, {len(rb.exercises.nets())} nets")
    print(f"{'exercise':>10} {'old':>8} {'new':>8} {'new/old':>8}")
    ratios = []
    for name in [n for n in rb.exercises.EXERCISES if n in old.EXERCISES]:    # the node exercises came later
        t_old, t_new = median_ms(old.check, name, right(name)), median_ms(rb.exercises.check, name, right(name))
        ratios.append(t_new / t_old)
        print(f"{name:>10} {t_old:8.2f} {t_new:8.2f} {t_new / t_old:8.1f}")
    print(f"median ratio new/old: {statistics.median(ratios):.1f}×  (numpy {np.__version__})")


if __name__ == "__main__":
    main()
