"""Exercises that check themselves: check("dJ_dw22", my_function) prints a verdict.

The checker calls the learner's function on a few fixed nets (nets()), compares its numbers
with reluback's, and when they differ, with the numbers each classic mistake would give
(mistakes.py): a match names the mistake and the notebook section to re-read. Anything else
gets a table of expected vs got. The function is always given copies of the arrays.
"""
import functools
import html
import itertools
import signal
import threading
import traceback
import warnings
from contextlib import contextmanager
from typing import Callable, NamedTuple

import numpy as np

from .check import entry_names
from .mistakes import MISTAKES, SHAPE, slipped
from .net import _forward, backward, book_solution, forward, xor_data
from .scalar import scalar_gradients

RTOL, ATOL = 1e-6, 1e-9


class Net(NamedTuple):
    name: str
    u: np.ndarray        # (N, 2)
    w: np.ndarray        # (2, 2)
    c: np.ndarray        # (2,)
    v: np.ndarray        # (2,)
    b: float
    f_star: np.ndarray   # (N,)


@functools.cache
def nets():
    """The nets every exercise is checked on. Together they tell each mistake apart from the
    right answer and from the others (tests/test_exercises.py holds them to that). The kinks are
    made of numbers exact in binary (1, 0.5, 0.25, …), so pre = 0 exactly in any order of sums."""
    u, f_star = xor_data()
    w, c, v, b = book_solution()
    rng = np.random.default_rng(6)
    r = lambda *shape: np.round(rng.normal(size=shape), 3)
    return tuple(Net(n.name, *(_frozen(x) for x in n[1:])) for n in (
        Net("the XOR batch at the book's solution (J = 0)", u, w, c, v, b, f_star),
        Net("the XOR batch, the book's w and c, v = (1.2, −1.7), b = 0.3: samples on kinks",
            u, w, c, np.array([1.2, -1.7]), 0.3, f_star),
        Net("the XOR batch, non-symmetric w", u, np.array([[0.7, -1.3], [0.4, 0.9]]),
            np.array([-0.1, 0.3]), np.array([1.5, -0.8]), 0.25, f_star),
        Net("a random net, N = 5", r(5, 2), r(2, 2), r(2) + [1.5, 0.0], r(2), 0.4, r(5)),   # c₁ + 1.5: unit 1 alive
        Net("a net whose unit 1 is dead (s_P < 0 on every sample), N = 6", r(6, 2) + [3.0, 0.0],
            np.array([[-0.8, 0.6], [0.3, -1.1]]), np.array([-0.5, 0.2]), np.array([0.9, 1.3]), -0.2, r(6)),
        Net("a non-symmetric net with samples exactly on both kinks, N = 3",
            np.array([[1.0, 2.0], [-0.5, 1.0], [2.0, -1.0]]), np.array([[0.5, 1.0], [-0.25, 0.75]]),
            np.array([0.0, -0.25]), np.array([1.25, -0.75]), 0.5, np.array([0.3, -0.6, 1.1])),
    ))


def _frozen(x):
    """A read-only copy: the nets are shared, so nobody may write into them."""
    if not isinstance(x, np.ndarray):
        return x
    x = np.array(x, dtype=float)
    x.setflags(write=False)
    return x


class Exercise(NamedTuple):
    name: str
    signature: str      # what the learner writes
    parts: tuple        # names of what it returns
    args: Callable      # net -> the arguments the learner's function gets
    right: Callable     # net -> the right answer, a tuple of parts, from reluback
    pick: Callable      # (g, Params) from slipped() -> the same parts
    shapes: Callable    # net -> ((shape, in letters), ...) one per part
    mistakes: tuple     # verdicts (keys of MISTAKES) that apply


_net_args = lambda n: (n.u, n.w, n.c, n.v, n.b, n.f_star)
IN_G = ("factor 2 dropped", "sign of g flipped", "mean vs sum")     # mistakes in g show everywhere
SUM, V1, W_T, KINK, IND, ACT = ("sum pulled out of the indicator", "v₁ used for unit 2", "w transposed",
                                "ReLU′(0) taken as 1", "indicator left out", "pre used for act")


def _g(net):
    f, _ = forward(net.u, net.w, net.c, net.v, net.b)
    return -2.0 / len(f) * (net.f_star - f)


def _one_entry(name, symbol, entry, *mistakes):
    """An exercise whose answer is one entry of ∂J/∂θ; entry(Params) picks it, e.g. p.w[1, 1]."""
    return Exercise(name, f"{name}(u, w, c, v, b, f_star) -> float", (symbol,), _net_args,
                    right=lambda n: (entry(scalar_gradients(*_net_args(n))),),
                    pick=lambda g, p: (entry(p),), shapes=lambda n: (((), "a single number, shape ()"),),
                    mistakes=IN_G + mistakes)


EXERCISES = {e.name: e for e in [
    Exercise("g", "g(f, f_star) -> array of shape (N,)", ("g",),
             args=lambda n: (_forward(n.u, n.w, n.c, n.v, n.b)[0], n.f_star), right=lambda n: (_g(n),),
             pick=lambda g, p: (g,), mistakes=IN_G,
             shapes=lambda n: (((len(n.u),), f"one entry per sample, shape (N,) = ({len(n.u)},)"),)),
    _one_entry("dJ_dw21", "∂J/∂w₂₁", lambda p: p.w[1, 0], SUM, W_T, KINK, IND),
    _one_entry("dJ_dw22", "∂J/∂w₂₂", lambda p: p.w[1, 1], SUM, V1, W_T, KINK, IND),
    _one_entry("dJ_dc2", "∂J/∂c₂", lambda p: p.c[1], SUM, V1, W_T, KINK, IND),
    _one_entry("dJ_dv1", "∂J/∂v₁", lambda p: p.v[0], SUM, W_T, ACT),
    _one_entry("dJ_db", "∂J/∂b", lambda p: p.b, W_T),
    Exercise("backward", "backward(u, w, c, v, b, f_star) -> (dw, dc, dv, db)", ("dw", "dc", "dv", "db"),
             args=_net_args, right=lambda n: tuple(backward(forward(*_net_args(n)[:5])[1], n.f_star)),
             pick=lambda g, p: tuple(p), mistakes=IN_G + (SUM, V1, W_T, KINK, IND, ACT),
             shapes=lambda n: (((2, 2), "(D, H) = (2, 2)"), ((2,), "(H,) = (2,)"), ((2,), "(H,) = (2,)"),
                               ((), "a single number, shape ()"))),
]}


# ---- what each mistake would give -----------------------------------------------

def _flat(parts):
    return np.concatenate([np.ravel(np.asarray(p, dtype=float)) for p in parts])


def close(a, b):
    return a.shape == b.shape and np.allclose(a, b, rtol=RTOL, atol=ATOL)


@functools.cache
def candidates(name):
    """[(verdicts, details, [numbers on each net])]: every mistake of the exercise, then every pair,
    leaving out those that change nothing (a slip in w[0, 1] does not show in ∂J/∂w₂₂)."""
    ex = EXERCISES[name]
    same = lambda xs, ys: all(close(x, y) for x, y in zip(xs, ys))
    numbers = lambda *ways: [_flat(ex.pick(*slipped(*_net_args(n), **{k: x for _, s, _ in ways
                                                                       for k, x in s.items()})))
                             for n in nets()]
    singles = [((m, s, d), numbers((m, s, d))) for m in ex.mistakes for s, d in MISTAKES[m].slips]
    singles = [(way, xs) for way, xs in singles if not same(xs, right_answers(name))]
    out = [((way[0],), (way[2],), xs) for way, xs in singles]
    for (a, xa), (b, xb) in itertools.combinations(singles, 2):
        xs = numbers(a, b)
        if a[0] != b[0] and not same(xs, xa) and not same(xs, xb):
            out.append(((a[0], b[0]), (a[2], b[2]), xs))
    return out


@functools.cache
def right_answers(name):
    return [_flat(EXERCISES[name].right(n)) for n in nets()]


def diagnose(name, got):
    """The candidates (verdicts, details) whose numbers match `got` on every net; singles first."""
    right = right_answers(name)
    found = []
    for verdicts, details, numbers in candidates(name):
        if (all(close(x, y) for x, y in zip(got, numbers))
                and not all(close(x, y) for x, y in zip(numbers, right))):
            if found and len(verdicts) > len(found[0][0]):
                break                                    # a single mistake explains it: stop there
            found.append((verdicts, details))
    return found


# ---- the verdict ----------------------------------------------------------------

class Result:
    """What check() found: .verdict (a few words: "correct", "factor 2 dropped", "not attempted yet", …),
    .message (sentences for the learner), .sections (notebook, heading) to re-read, .table (expected
    vs got, for an answer no known mistake explains) and .note (e.g. the inputs were changed)."""

    def __init__(self, exercise, verdict, message, sections=(), table=None, note=""):
        self.exercise, self.verdict, self.message = exercise, verdict, message
        self.sections, self.table, self.note = tuple(sections), table, note

    @property
    def ok(self):
        return self.verdict == "correct"

    def __str__(self):
        lines = [f"{self.exercise}: {self.verdict}", self.message]
        lines += [f"Re-read: {nb}" + (f", “{sec}”" if sec else "") for nb, sec in self.sections]
        if self.table:
            title, rows = self.table
            lines += [title, f"{'entry':>10} {'expected':>12} {'got':>12}"]
            lines += [f"{e:>10} {x:>12} {y:>12}{'   ✗' if bad else ''}" for e, x, y, bad in rows]
        return "\n".join(lines + ([f"Note: {self.note}"] if self.note else []))

    __repr__ = __str__

    def _repr_html_(self):
        e = html.escape
        colour = "#009E73" if self.ok else "#999999" if self.verdict == "not attempted yet" else "#D55E00"
        out = [f'<div style="border-left: 4px solid {colour}; padding-left: 8px">',
               f"<b>{e(self.exercise)}: {e(self.verdict)}</b><br>{e(self.message)}"]
        for nb, sec in self.sections:
            href = nb + ("#" + sec.replace(" ", "-") if sec else "")
            out.append(f'<br>Re-read: <a href="{e(href)}">{e(nb)}' + (f", “{e(sec)}”" if sec else "") + "</a>")
        if self.table:
            title, rows = self.table
            cells = "".join(f"<tr><td>{e(a)}</td><td>{x}</td><td>{y}</td><td>{'✗' if bad else ''}</td></tr>"
                            for a, x, y, bad in rows)
            out.append(f"<br>{e(title)}<table><tr><th>entry</th><th>expected</th><th>got</th><th></th></tr>"
                       f"{cells}</table>")
        if self.note:
            out.append(f"<br><i>Note: {e(self.note)}</i>")
        return "".join(out) + "</div>"


def _num(x):
    return f"{round(float(x), 6) + 0.0:.6f}"                       # no "-0.000000"


def arguments(name, k):
    """The arguments check() gives the exercise's function on net k: try `dJ_dw22(*arguments("dJ_dw22", 3))`."""
    return tuple(np.array(a) if isinstance(a, np.ndarray) else a for a in EXERCISES[name].args(nets()[k]))


def _parts(ex, net, out):
    """The learner's return value as float arrays, one per part, or (verdict, message, sections)."""
    if out is None:
        return None, ("no value returned", "Your function returned None: is the `return` line missing?", ())
    if len(ex.parts) == 1:
        out = (out,)
    elif not isinstance(out, (tuple, list)) or len(out) != len(ex.parts):
        n = f"{len(out)} things" if isinstance(out, (tuple, list)) else f"a {type(out).__name__}"
        return None, ("wrong shape", f"{ex.name} must return {len(ex.parts)} things, ({', '.join(ex.parts)}), "
                                     f"in that order; it returned {n}.", (SHAPE,))
    parts = []
    for part, value, (shape, words) in zip(ex.parts, out, ex.shapes(net)):
        if value is None:
            return None, ("no value returned", f"Your function returned None for {part}: is the `return` line "
                                               "missing?", ())
        try:
            a = np.asarray(value)
            if a.dtype.kind not in "biuf":                       # bool, int, float: numbers; "0.5" is not
                raise TypeError
            a = a.astype(float)
        except (TypeError, ValueError):
            return None, ("not a number", f"{part} should be {words}; got {value!r:.60}.", ())
        if a.shape != shape:
            hint = ("did you forget to sum over the samples n?" if shape == () and a.shape == (len(net.u),)
                    else "gₙ = ∂J/∂fₙ is one number per sample: keep them apart; the sum over samples comes "
                         "later, in each gradient." if part == "g" else "each gradient has its parameter's shape.")
            sections = (("02_loss_and_g.ipynb", "g = ∂J/∂f, sample by sample"),) if part == "g" else (SHAPE,)
            return None, ("wrong shape", f"{part} should be {words}; got shape {a.shape}: {hint}", sections)
        parts.append(a)
    return parts, None


def _raised(name, e, fn, net):
    code = getattr(fn, "__code__", None)
    frames = [f for f in traceback.extract_tb(e.__traceback__) if code and f.filename == code.co_filename]
    line = frames[-1].line if frames else ""
    where = f", at line {frames[-1].lineno} of {frames[-1].name}" + (f": {line}" if line else "") if frames else ""
    k = nets().index(net)
    return (f"Your function raised {type(e).__name__}: {e} — on {net.name}{where}. The checker caught it; to "
            f"see the whole traceback, call it yourself: {getattr(fn, '__name__', name)}"
            f"(*rb.exercises.arguments({name!r}, {k})).")


def _changed(names, originals, copies):
    for name, a, b in zip(names, originals, copies):
        if isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True):
            i = tuple(np.argwhere(~((a == b) | (np.isnan(a) & np.isnan(b))))[0]) if a.shape == b.shape else ()
            was = f" ({name}[{', '.join(map(str, i))}] was {a[i]:g}, became {b[i]:g})" if i else ""
            return (f"Your function changed its input {name} in place{was}. The checker gave it copies, "
                    f"so nothing else was harmed; in your own code the caller's {name} would change too. "
                    "Build new arrays instead of writing into the inputs.")
    return ""


CORRECT = ("Right on all {n} nets the checker tries: the XOR batch at the book's solution and away from it, "
           "non-symmetric w, a random net, a dead unit, and samples exactly on kinks.")


TIME_LIMIT = 5.0      # seconds a learner's function may take on one net


class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds):
    """Interrupt a learner's endless loop (Unix, main thread: where a notebook runs its cells)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check(name, fn):
    """Run fn, your answer to exercise `name`, on nets() and say what is right or wrong; returns a Result."""
    if name not in EXERCISES:
        raise ValueError(f"name must be one of {', '.join(map(repr, EXERCISES))}; got {name!r}")
    if not callable(fn):
        raise ValueError(f"fn must be your function itself, e.g. check({name!r}, {name}) without (); "
                         f"got a {type(fn).__name__}")
    ex = EXERCISES[name]
    names = ex.signature.split("(")[1].split(")")[0].split(", ")
    got, note = [], ""
    for net in nets():
        originals = ex.args(net)
        copies = tuple(np.array(a) if isinstance(a, np.ndarray) else a for a in originals)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"), _time_limit(TIME_LIMIT):
                warnings.simplefilter("ignore")
                out = fn(*copies)
        except _TooSlow:
            return Result(name, "too slow", f"Your function was still running after {TIME_LIMIT:g} s on the "
                                            f"net “{net.name}”, so the checker stopped it: is there a loop "
                                            "that never ends (a while without a step, a range that grows)?")
        except NotImplementedError:
            return Result(name, "not attempted yet", "Replace the line raise NotImplementedError(…) by your "
                                                     "solution, run that cell, then run this check again.")
        except Exception as e:                                 # the learner's bug, reported, never re-raised
            return Result(name, "raised an error", _raised(name, e, fn, net))
        note = note or _changed(names, originals, copies)
        parts, problem = _parts(ex, net, out)
        if problem:
            return Result(name, *problem, note=note)
        got.append(_flat(parts))
    right = right_answers(name)
    if all(close(x, y) for x, y in zip(got, right)):
        if note:
            return Result(name, "changes its inputs", "Your numbers are right. " + note)
        return Result(name, "correct", CORRECT.format(n=len(got)))
    if all(close(x, got[0]) for x in got):
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
    wrong = sum(not close(x, y) for x, y in zip(got, right))
    text = (f"Your numbers match neither the right answer nor a mistake the checker knows; they are wrong on "
            f"{wrong} of {len(got)} nets.")
    row = lambda e, x, y: (e, _num(x), _num(y), not close(np.array([x]), np.array([y])))
    if right[0].size == 1:                                    # one number: a row per net
        rows = [row(f"net {k}", x[0], y[0]) for k, (x, y) in enumerate(zip(right, got))]
        title = f"{ex.parts[0]} on each net (rb.exercises.nets() lists them):"
        return Result(name, "wrong", text, table=(title, rows), note=note)
    k = next(i for i, (x, y) in enumerate(zip(got, right)) if not close(x, y))
    entries = {"backward": entry_names(2, 2), "g": [f"g[{i}]" for i in range(len(right[k]))]}[name]
    rows = [row(e, x, y) for e, x, y in zip(entries, right[k], got[k])]
    return Result(name, "wrong", text, table=(f"On net {k}, {nets()[k].name}:", rows), note=note)
