"""check(name, fn): the learner's function run on every net in a sandbox, then judged here.

The function runs in a forked child (sandbox.py) on copies of the arguments made for this call;
only plain numbers come back, and everything it is judged by — the nets, the right and the
mistaken numbers, the tolerance — lives in this process, read-only (catalogue.py).
"""
import contextlib
import sys

import numpy as np

from ..check import entry_names
from ..mistakes import MISTAKES, SHAPE
from . import sandbox
from .catalogue import EXERCISES, _close, _flat, arguments, diagnose, nets, right_answers
from .result import Result, _num

__all__ = ["check", "TIME_LIMIT", "CORRECT"]

TIME_LIMIT = 5.0      # seconds a learner's function may take on one net

CORRECT = ("Right on all {n} nets the checker tries: the XOR batch at the book's solution and away from it, "
           "non-symmetric w, a random net, a dead unit, and samples exactly on kinks.")


_UNREADABLE = ("unreadable", "The checker could not read what your function gave back: it should return "
                              "numbers and leave the checker's own modules alone.", ())


def _parts(ex, net, out):
    """The function's return value (plain data from the sandbox) as float arrays, one per part,
    or (verdict, message, sections)."""
    if out is None:
        return None, ("no value returned", "Your function returned None: is the `return` line missing?", ())
    if not (isinstance(out, dict) or isinstance(out, list) and len(out) == len(ex.parts)
            and all(v is None or isinstance(v, dict) for v in out)):
        return None, _UNREADABLE
    if isinstance(out, dict):                                  # not len(ex.parts) things
        n = f"{out['count']} things" if "count" in out else f"a {out.get('type')}"
        return None, ("wrong shape", f"{ex.name} must return {len(ex.parts)} things, ({', '.join(ex.parts)}), "
                                     f"in that order; it returned {n}.", (SHAPE,))
    parts = []
    for part, value, (shape, words) in zip(ex.parts, out, ex.shapes(net)):
        if value is None:
            return None, ("no value returned", f"Your function returned None for {part}: is the `return` line "
                                               "missing?", ())
        if "repr" in value:
            why = f" (turning it into numbers raised {value['error']})" if value.get("error") else ""
            return None, ("not a number", f"{part} should be {words}; got {value['repr']}{why}.", ())
        if tuple(value["shape"]) != shape:
            got = tuple(value["shape"])
            hint = ("did you forget to sum over the samples n?" if shape == () and got == (len(net.u),)
                    else "gₙ = ∂J/∂fₙ is one number per sample: keep them apart; the sum over samples comes "
                         "later, in each gradient." if part == "g"
                    else "one entry per sample n: keep the samples apart." if shape == (len(net.u),)
                    else "each gradient has its parameter's shape.")
            sections = (("02_loss_and_g.ipynb", "g = ∂J/∂f, sample by sample"),) if part == "g" else (SHAPE,)
            return None, ("wrong shape", f"{part} should be {words}; got shape {got}: {hint}", sections)
        parts.append(sandbox.plain_array(value))
        if parts[-1] is None:
            return None, _UNREADABLE
    return parts, None


def _changed(names, originals, after):
    for name, a, plain in zip(names, originals, after):
        if not isinstance(a, np.ndarray):
            continue
        b = sandbox.plain_array(plain)
        if b is None or not np.array_equal(a, b, equal_nan=True):
            i = tuple(np.argwhere(~((a == b) | (np.isnan(a) & np.isnan(b))))[0]) \
                if b is not None and a.shape == b.shape else ()
            was = f" ({name}[{', '.join(map(str, i))}] was {a[i]:g}, became {b[i]:g})" if i else ""
            return (f"Your function changed its input {name} in place{was}. The checker gave it copies, "
                    f"so nothing else was harmed; in your own code the caller's {name} would change too. "
                    "Build new arrays instead of writing into the inputs.")
    return ""


def _trouble(name, report, net, k, fn_name, time_limit):
    """A Result for a report that is not a return value (raised, too slow, …), else None."""
    kind = report.get("kind")
    if kind == "returned":
        return None
    on = f"on the net “{net.name}”"
    if kind == "not attempted":
        return Result(name, "not attempted yet", "Replace the line raise NotImplementedError(…) by your "
                                                 "solution, run that cell, then run this check again.")
    if kind == "too slow":
        return Result(name, "too slow", f"Your function was still running after {time_limit:g} s {on}, so "
                                        "the checker stopped it: is there a loop that never ends (a while "
                                        "without a step, a range that grows)?")
    if kind == "raised":
        return Result(name, "raised an error", _raised(name, report, net, k, fn_name))
    if kind == "died":
        return Result(name, "ended its process", f"Your function ended the process it ran in ({report['status']}) "
                      f"{on}: os._exit(), or a crash in compiled code. The checker runs it in a process of its "
                      "own, so your notebook is unharmed; called in the notebook it would end the kernel. "
                      "A function gives its answer with return.")
    return Result(name, *_UNREADABLE)


def _raised(name, report, net, k, fn_name):
    where = ""
    if isinstance(report.get("where"), list) and len(report["where"]) == 3:
        lineno, func, line = report["where"]
        where = f", at line {lineno} of {func}" + (f": {line}" if line else "")
    hint = " (sys.exit() ends a program: a function returns its answer instead)" \
        if report.get("type") == "SystemExit" else ""
    return (f"Your function raised {report.get('type')}: {report.get('text')}{hint} — on {net.name}{where}. The "
            f"checker caught it; to see the whole traceback, call it yourself: {fn_name}"
            f"(*rb.exercises.arguments({name!r}, {k})).")


def _judge(name, got, note):
    """The verdict on numbers that came back from every net, one flat array per net."""
    ex, right = EXERCISES[name], right_answers(name)
    if all(_close(x, y) for x, y in zip(got, right)):
        if note:
            return Result(name, "changes its inputs", "Your numbers are right. " + note)
        return Result(name, "correct", CORRECT.format(n=len(got)))
    if all(_close(x, got[0]) for x in got):
        return Result(name, "ignores its arguments", f"Your function gives the same numbers on all {len(got)} "
                      "nets, so it does not use what it is given: does it read u, w, … or f_star from elsewhere "
                      "in the notebook instead of its own arguments?", note=note)
    found = diagnose(name, got)
    if len({v for v, _ in found}) == 1:
        verdicts, details = found[0]
        mistakes = [MISTAKES[v] for v in verdicts]
        texts = [" ".join(filter(None, [m.message, d])) for m, d in zip(mistakes, details)]
        text = texts[0] if len(texts) == 1 else f"Two mistakes at once. First: {texts[0]} Second: {texts[1]}"
        return Result(name, " + ".join(verdicts), text, [(m.notebook, m.section) for m in mistakes],
                      note=note)
    wrong = sum(not _close(x, y) for x, y in zip(got, right))
    text = (f"Your numbers match neither the right answer nor a mistake the checker knows; they are wrong on "
            f"{wrong} of {len(got)} nets.")
    row = lambda e, x, y: (e, _num(x), _num(y), not _close(np.array([x]), np.array([y])))
    if right[0].size == 1:                                    # one number: a row per net
        rows = [row(f"net {k}", x[0], y[0]) for k, (x, y) in enumerate(zip(right, got))]
        title = f"{ex.parts[0]} on each net (rb.exercises.nets() lists them):"
        return Result(name, "wrong", text, table=(title, rows), note=note)
    k = next(i for i, (x, y) in enumerate(zip(got, right)) if not _close(x, y))
    entries = entry_names(2, 2) if name == "backward" else [f"{ex.parts[0]}[{i}]" for i in range(len(right[k]))]
    rows = [row(e, x, y) for e, x, y in zip(entries, right[k], got[k])]
    return Result(name, "wrong", text, table=(f"On net {k}, {nets()[k].name}:", rows), note=note)


def check(name, fn):
    """Run fn, your answer to exercise `name`, on nets() and say what is right or wrong; returns a Result."""
    if not isinstance(name, str) or name not in EXERCISES:
        raise ValueError(f"name must be one of {', '.join(map(repr, EXERCISES))}; got {name!r:.60}")
    if not callable(fn):
        raise ValueError(f"fn must be your function itself, e.g. check({name!r}, {name}) without (); "
                         f"got a {type(fn).__name__}")
    ex, todo, time_limit = EXERCISES[name], nets(), float(TIME_LIMIT)
    names = ex.signature.split("(")[1].split(")")[0].split(", ")
    calls = [arguments(name, k) for k in range(len(todo))]         # this call's own copies
    got, note = [], ""
    with contextlib.closing(sandbox.run(fn, calls, len(ex.parts), time_limit)) as reports:
        first = next(reports)
        fn_name = first.get("name") if first.get("kind") == "name" and isinstance(first.get("name"), str) else ""
        if first.get("kind") != "name":                            # too slow or died before it started
            return _trouble(name, first, todo[0], 0, fn_name or name, time_limit)
        for k, (net, report) in enumerate(zip(todo, reports)):
            if isinstance(report.get("printed"), str) and report["printed"]:
                sys.stdout.write(report["printed"])                # what the function printed, shown
            trouble = _trouble(name, report, net, k, fn_name or name, time_limit)
            if trouble:
                return trouble
            note = note or _changed(names, ex.args(net), report.get("after") or [])
            parts, problem = _parts(ex, net, report.get("out"))
            if problem:
                return Result(name, *problem, note=note)
            got.append(_flat(parts))
    return _judge(name, got, note)
