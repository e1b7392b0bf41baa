"""The exercises, the nets they are checked on, and the numbers each classic mistake gives.

Everything the checker judges by is made here once, read-only: the nets and the cached right
and mistaken numbers are arrays over immutable bytes (setflags(write=True) fails on them),
EXERCISES is a read-only mapping, and the tolerance is bound into close() when it is defined.
"""
import functools
import itertools
from types import MappingProxyType
from typing import Callable, NamedTuple

import numpy as np

from ..mistakes import MISTAKES, slipped
from ..net import forward_pass, backward, book_solution, forward, g_of, xor_data
from ..scalar import scalar_gradients

__all__ = ["Net", "nets", "Exercise", "EXERCISES", "RTOL", "ATOL", "close", "candidates",
           "right_answers", "diagnose", "arguments"]

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
    """A read-only copy that cannot be made writable again (its memory is an immutable bytes
    object: setflags(write=True) raises): the nets are shared, so nobody may write into them."""
    if not isinstance(x, np.ndarray):
        return x
    x = np.asarray(x, dtype=float)
    return np.frombuffer(x.tobytes(), dtype=float).reshape(x.shape)


class Exercise(NamedTuple):
    name: str
    signature: str      # what the learner writes
    parts: tuple        # names of what it returns
    args: Callable      # net -> the arguments the learner's function gets
    right: Callable     # net -> the right answer, a tuple of parts, from reluback
    pick: Callable      # (g, Params) from slipped() -> the same parts
    shapes: Callable    # net -> ((shape, in letters), ...) one per part
    mistakes: tuple     # verdicts (keys of MISTAKES) that apply
    wrong: Callable = None   # (net, **slips) -> the parts with those slips, for an exercise that
                             # slipped() does not cover (one node of the graph); pick is then unused


_net_args = lambda n: (n.u, n.w, n.c, n.v, n.b, n.f_star)
IN_G = ("factor 2 dropped", "sign of g flipped", "mean vs sum")     # mistakes in g show everywhere
SUM, V1, W_T, KINK, IND, ACT = ("sum pulled out of the indicator", "v₁ used for unit 2", "w transposed",
                                "ReLU′(0) taken as 1", "indicator left out", "pre used for act")


def _g(net):
    f, _ = forward(net.u, net.w, net.c, net.v, net.b)
    return g_of(f, net.f_star)


def _one_entry(name, symbol, entry, *mistakes):
    """An exercise whose answer is one entry of ∂J/∂θ; entry(Params) picks it, e.g. p.w[1, 1]."""
    return Exercise(name, f"{name}(u, w, c, v, b, f_star) -> float", (symbol,), _net_args,
                    right=lambda n: (entry(scalar_gradients(*_net_args(n))),),
                    pick=lambda g, p: (entry(p),), shapes=lambda n: (((), "a single number, shape ()"),),
                    mistakes=IN_G + mistakes)


# ---- one node of the graph (notebook 04_backward_pass), on unit 2: alive on five of the six nets ----

def _shares(net):
    """Sample n's share of every gradient, n = 1 … N: rb.backward on that sample alone, divided by N."""
    N = len(net.u)
    return [backward(forward(net.u[n:n + 1], net.w, net.c, net.v, net.b)[1], net.f_star[n:n + 1])
            for n in range(N)], N


def _dJ_drP(net):
    """∂J/∂r_P per sample (N,): sample n's share of ∂J/∂c₂, as ∂r_P/∂c₂ = 1."""
    shares, N = _shares(net)
    return np.array([s.c[1] / N for s in shares])


def _node_args(net):
    """(∂J/∂r_a per sample, r_P per sample): what the ReLU node r_a = max{0, r_P} has at hand."""
    f, cache = forward(net.u, net.w, net.c, net.v, net.b)
    return g_of(f, net.f_star) * net.v[1], cache.pre[:, 1]


def _relu_node(net, indicator=True, relu0=0.0):
    dJ_dra, r_P = _node_args(net)
    on = np.ones_like(r_P) if not indicator else (r_P >= 0) if relu0 == 1.0 else (r_P > 0)
    return (dJ_dra * on,)


def _product_node(net, other_side=False):
    return (_dJ_drP(net) * (net.w[1, 1] if other_side else net.u[:, 1]),)


def _fork(net, accumulate=True):
    share = _dJ_drP(net) * net.u[:, 0]
    return (share.sum() if accumulate else share[-1],)


def _per_sample(name, signature, part, args, right, wrong, *mistakes):
    """An exercise at one node whose answer has one entry per sample."""
    return Exercise(name, signature, (part,), args, right, pick=None, mistakes=mistakes, wrong=wrong,
                    shapes=lambda n: (((len(n.u),), f"one entry per sample, shape (N,) = ({len(n.u)},)"),))


OTHER, FORK = "wrong side of the product", "= instead of +="

EXERCISES = MappingProxyType({e.name: e for e in [
    Exercise("g", "g(f, f_star) -> array of shape (N,)", ("g",),
             args=lambda n: (forward_pass(n.u, n.w, n.c, n.v, n.b)[0], n.f_star), right=lambda n: (_g(n),),
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
    _per_sample("dJ_drP", "dJ_drP(dJ_dra, r_P) -> array of shape (N,)", "∂J/∂r_P", _node_args,
                lambda n: (_dJ_drP(n),), _relu_node, IND, KINK),
    _per_sample("dJ_dw22_shares", "dJ_dw22_shares(dJ_drP, w22, u2) -> array of shape (N,)", "shares",
                lambda n: (_dJ_drP(n), float(n.w[1, 1]), n.u[:, 1]),
                lambda n: (np.array([s.w[1, 1] for s in _shares(n)[0]]) / len(n.u),), _product_node, OTHER),
    Exercise("dJ_dw12_sum", "dJ_dw12_sum(dJ_drP, u) -> float", ("∂J/∂w₁₂",), lambda n: (_dJ_drP(n), n.u),
             right=lambda n: (backward(forward(*_net_args(n)[:5])[1], n.f_star).w[0, 1],), pick=None,
             shapes=lambda n: (((), "a single number, shape ()"),), mistakes=(FORK,), wrong=_fork),
]})


# ---- what each mistake would give -----------------------------------------------

def _flat(parts):
    return np.concatenate([np.ravel(np.asarray(p, dtype=float)) for p in parts])


def close(a, b, *, _rtol=RTOL, _atol=ATOL):
    """a and b agree to the checker's tolerance. The tolerance is bound here, once: setting
    RTOL afterwards changes nothing, and the checker calls its own reference, _close."""
    return a.shape == b.shape and np.allclose(a, b, rtol=_rtol, atol=_atol)


_close = close


@functools.cache
def candidates(name):
    """[(verdicts, details, [numbers on each net])]: every mistake of the exercise, then every pair,
    leaving out those that change nothing (a slip in w[0, 1] does not show in ∂J/∂w₂₂)."""
    ex = EXERCISES[name]
    same = lambda xs, ys: all(_close(x, y) for x, y in zip(xs, ys))
    answer = lambda n, slips: ex.wrong(n, **slips) if ex.wrong else ex.pick(*slipped(*_net_args(n), **slips))
    numbers = lambda *ways: [_flat(answer(n, {k: x for _, s, _ in ways for k, x in s.items()})) for n in nets()]
    singles = [((m, s, d), numbers((m, s, d))) for m in ex.mistakes for s, d in MISTAKES[m].slips]
    singles = [(way, xs) for way, xs in singles if not same(xs, right_answers(name))]
    out = [((way[0],), (way[2],), tuple(map(_frozen, xs))) for way, xs in singles]
    for (a, xa), (b, xb) in itertools.combinations(singles, 2):
        xs = numbers(a, b)
        if a[0] != b[0] and not same(xs, xa) and not same(xs, xb):
            out.append(((a[0], b[0]), (a[2], b[2]), tuple(map(_frozen, xs))))
    return tuple(out)


@functools.cache
def right_answers(name):
    """The right numbers on each net, flattened; read-only (they are shared between calls)."""
    return tuple(_frozen(_flat(EXERCISES[name].right(n))) for n in nets())


def diagnose(name, got):
    """The candidates (verdicts, details) whose numbers match `got` on every net; singles first."""
    right = right_answers(name)
    found = []
    for verdicts, details, numbers in candidates(name):
        if (all(_close(x, y) for x, y in zip(got, numbers))
                and not all(_close(x, y) for x, y in zip(numbers, right))):
            if found and len(verdicts) > len(found[0][0]):
                break                                    # a single mistake explains it: stop there
            found.append((verdicts, details))
    return found


def arguments(name, k):
    """The arguments check() gives the exercise's function on net k: try `dJ_dw22(*arguments("dJ_dw22", 3))`."""
    return tuple(np.array(a) if isinstance(a, np.ndarray) else a for a in EXERCISES[name].args(nets()[k]))
