"""Gradient descent's lessons: named starts that each show one, and a diagnosis in words.

Every preset is either built from the maths (a dead unit: c₂ so negative that r_P < 0 on
all four inputs) or found by a deterministic search that checks its lesson holds; the
tests check each lesson again on the run it produces.
"""
import functools
from typing import NamedTuple

import numpy as np

from .net import Params, _forward, xor_data
from .train import train_many
from .words import SOLVED, diagnose

__all__ = ["SOLVED", "random_start", "random_starts", "Preset", "presets", "diagnose", "success_rate"]


def random_start(seed, scale=1.0, H=2, D=2):
    """θ with every entry drawn from N(0, scale²), reproducibly from `seed`."""
    rng = np.random.default_rng(seed)
    return Params(scale * rng.normal(size=(D, H)), scale * rng.normal(size=H),
                  scale * rng.normal(size=H), float(scale * rng.normal()))


def random_starts(K, scale=1.0, H=2, D=2, seed=0):
    """K starts at once, every entry N(0, scale²): Params with a leading axis K, for train_many."""
    rng = np.random.default_rng(seed)
    return Params(scale * rng.normal(size=(K, D, H)), scale * rng.normal(size=(K, H)),
                  scale * rng.normal(size=(K, H)), scale * rng.normal(size=K))


class Preset(NamedTuple):
    name: str          # the name in the explorer's menu
    start: Params
    lr: float
    steps: int
    lesson: str        # what it shows, in one sentence


def _stack(starts):
    return Params(*(np.array(x) for x in zip(*starts)))


@functools.cache
def _clean_seed(lr=0.1, steps=600):
    """The first seed (scale 1) whose run solves XOR within `steps`, with both units alive at
    the start and the four points well inside the plane — a clean success."""
    u, f_star = xor_data()
    seeds = np.arange(200)
    starts = [random_start(int(s)) for s in seeds]
    many = train_many(u, f_star, _stack(starts), lr, steps)
    for s, start, J in zip(seeds, starts, many.loss[:, -1]):
        _, cache = _forward(u, *start)
        if J < 1e-6 and (cache.pre > 0).any(axis=0).all() and many.loss[int(s), 0] > 0.3:
            return int(s)
    raise RuntimeError("no clean start among seeds 0–199")    # the tests would say so


@functools.cache
def _diverging_lr(start_seed, steps=200):
    """The smallest lr on a grid 1.0, 1.1, … for which the clean start diverges, but not at once
    (after ≥ 10 steps): J visibly climbs first."""
    u, f_star = xor_data()
    start = _stack([random_start(start_seed)])
    for lr in np.round(np.arange(1.0, 5.0, 0.1), 1):
        many = train_many(u, f_star, start, float(lr), steps)
        if many.diverged[0] and many.diverged_at[0] >= 10:
            return float(lr)
    raise RuntimeError("no diverging lr in 1.0–5.0")


def _stops(which, J, f, pre):
    """Does a run that ended at J with outputs f and pre-activations pre stop where `which` says?
    "1/8": J = 1/8, f = (½, 1, ½, 0), both units alive; "1/6": J = 1/6, both units on for the
    same single input (and off for the other three)."""
    on = pre > 0
    if which == "1/8":
        return abs(J - 1 / 8) < 1e-4 and np.abs(f - [0.5, 1, 0.5, 0]).max() < 1e-2 and on.any(axis=0).all()
    return abs(J - 1 / 6) < 1e-4 and on[:, 0].sum() == 1 and (on[:, 0] == on[:, 1]).all()


@functools.cache
def _plateau_seed(which, lr=0.1, scale=0.5, steps=600):
    """The first seed whose random start (init scale 0.5) stops as _stops(which) says at lr = 0.1."""
    u, f_star = xor_data()
    starts = [random_start(s, scale) for s in range(200)]
    many = train_many(u, f_star, _stack(starts), lr, steps)
    for s in range(200):
        f, cache = _forward(u, *(p[s] for p in many.final))
        if _stops(which, many.loss[s, -1], f, cache.pre):
            return s
    raise RuntimeError(f"no start among seeds 0–199 stops at J = {which}")    # the tests would say so


def presets():
    """The gallery: name → Preset, each showing one lesson."""
    ok = random_start(_clean_seed())
    w, c, v, b = ok
    dead_c = c.copy()
    dead_c[1] = -(abs(w[0, 1]) + abs(w[1, 1])) - 0.5      # r_P ≤ |w₁₂| + |w₂₂| + c₂ < 0 on [0,1]²
    sym_w = np.array([[0.8, 0.8], [-0.5, -0.5]])           # equal columns, equal c and v entries
    return {p.name: p for p in [
        Preset("clean success", ok, 0.1, 300,
               "the hidden layer moves the four points until a straight line, f = ½, separates the targets"),
        Preset("dead unit", Params(w, dead_c, v, b), 0.1, 600,
               "unit 2 never fires, so its (r > 0) factor zeroes all its gradients: it never recovers"),
        Preset("symmetric start", Params(sym_w, np.array([0.1, 0.1]), np.array([0.7, 0.7]), 0.0), 0.1, 600,
               "two identical units get identical gradients and stay identical: one unit's worth of net"),
        Preset("plateau at J = 0.25", Params(np.array([[0.3, -0.2], [0.1, 0.4]]), np.array([1.5, 1.2]),
                                             np.array([0.4, -0.3]), 0.0), 0.1, 600,
               "both units on for every input: f is linear in u, and the best plane through XOR is ½"),
        Preset("stop at J = 1/8, both units alive", random_start(_plateau_seed("1/8"), 0.5), 0.1, 600,
               "(0,0) and (1,0) sit together at the hidden origin, where f can only be b = ½; "
               "the other two are fitted exactly, so every gradient is 0"),
        Preset("stop at J = 1/6, both units on for one input", random_start(_plateau_seed("1/6"), 0.5), 0.1, 600,
               "both units fire for the same single input, the other three sit at the hidden origin "
               "and share f = b = their mean target"),
        Preset("learning rate too large", ok, _diverging_lr(_clean_seed()), 200,
               "each step overshoots further: J explodes"),
        Preset("learning rate too small", ok, 0.001, 600,
               "the right direction, tiny steps: J crawls"),
    ]}


# ---- how often does it work? --------------------------------------------------------

def success_rate(lr, scales, K=200, steps=1000, H=2, seed=0):
    """The fraction of K random starts (every entry N(0, scale²)) that reach J < 10⁻³ after
    `steps` steps, for each scale: one train_many call for all scales together. Deterministic."""
    u, f_star = xor_data()
    starts = random_starts(K, 1.0, H=H, seed=seed)          # the same K draws, rescaled per scale
    scales = np.atleast_1d(np.asarray(scales, dtype=np.float64))
    batch = Params(*(np.concatenate([s * p for s in scales]) for p in starts))
    many = train_many(u, f_star, batch, lr, steps)
    return (many.loss[:, -1] < SOLVED).reshape(len(scales), K).mean(axis=1)
