"""The descent explorer's words, checked against the runs over the controls' own range.

Each run is read here by its own code (J's last steps, a forward pass, b's history), not by
reluback.words' helpers, and every word the explorer says must agree with that reading.
"""
import numpy as np
import pytest

import reluback as rb
from reluback.lessons import diagnose, random_start

U, F_STAR = rb.xor_data()
LAST = 10                                       # "the last steps": the explorer reads 10
LRS = sorted({*np.round(10.0 ** np.arange(-3, 1.01, 0.25), 12), 0.3, 0.9})   # slider 10⁻³ … 10
SEEDS = range(8)
SCALES = 10.0 ** np.array([-2, -1, -0.3, 0, 0.5, 1])                           # slider 10⁻² … 10
STEPS_AT = (0, 1, 3, 10, 50, 150, 300)


def runs(lr, seeds, scales, steps):
    starts = [random_start(s, sc) for s in seeds for sc in scales]
    batch = rb.Params(*(np.array(x) for x in zip(*starts)))
    many = rb.train_many(U, F_STAR, batch, lr, steps, keep="all")
    return [many.run(k) for k in range(len(starts))]


def reading(h, k):
    """This test's own account of step k: the numbers each word must agree with."""
    J = h.loss
    n = min(k, LAST)
    theta = h.at(k)
    pre = U @ theta.w + theta.c
    last = J[k - n:k + 1]
    d = np.diff(last)
    grad = np.sqrt(sum(np.sum(np.square(np.asarray(x[k]))) for x in h.grads))
    b = h.params.b
    return dict(J=J[k], n=n, rose=last[-1] > last[0], fell=last[-1] < last[0],
                still=abs(last[-1] - last[0]) <= 1e-8 * abs(last[-1]),
                nearly_still=abs(last[-1] - last[0]) <= 1e-5 * abs(last[-1]),
                alternating=len(d) >= 4 and all(d[i] * d[i + 1] < 0 for i in range(len(d) - 1)),
                dead=[bool(np.all(pre[:, j] <= 0)) for j in range(2)], grad=grad,
                b_flipped=k >= 1 and (b[k - 1] - 0.5) * (b[k] - 0.5) < 0,
                cycle=k >= 2 and np.allclose(b[k], b[k - 2], rtol=1e-9, atol=1e-12) and b[k] != b[k - 1])


TRENDS = ("solved", "the start", "falling", "crawling", "rising", "oscillating", "frozen", "stuck", "diverged")


def check(h, k):
    k = min(k, h.steps)
    words = diagnose(h, k)
    r = reading(h, k)
    first = words.split(":")[0]
    assert sum(first.startswith(t) for t in TRENDS) == 1, words        # one trend, first
    if h.diverged and k == h.diverged_at:
        assert first.startswith("diverged"), words
        return words
    assert ("diverged" in words) == False or "diverges at step" in words
    assert first.startswith("solved") == (r["J"] < 1e-3), words
    if first.startswith(("falling", "crawling")):
        assert r["fell"] and (not r["nearly_still"] or r["grad"] >= 1e-3), words
    if first.startswith("rising"):
        assert r["rose"], words
    if "too small" in words or "small end" in words:
        assert r["fell"] and h.lr <= 0.01, words
    if first.startswith("frozen"):
        assert r["still"], words
    if first.startswith("stuck"):
        assert r["nearly_still"] and r["grad"] < 1e-3, words
        for name, x in (("1/8", 1 / 8), ("1/6", 1 / 6), ("1/4", 1 / 4)):
            assert (f"= {name}:" in words) == (abs(r["J"] - x) < 1e-4), words
    if first.startswith("oscillating"):
        assert r["alternating"], words
    if "flip between two states" in words:
        assert r["cycle"], words
    if "b flips side" in words:
        assert all(r["dead"]) and r["b_flipped"], words
    for j in range(2):
        assert (f"unit {j + 1} is dead" in words) == r["dead"][j], words
    if all(r["dead"]) and k >= 1:
        assert f"1 − 2·lr = {1 - 2 * h.lr:.3g}" in words, words
    return words


@pytest.mark.parametrize("lr", LRS)
def test_words_agree_with_the_run_over_the_sliders(lr):
    for h in runs(lr, SEEDS, SCALES, 300):
        for k in STEPS_AT:
            check(h, k)


def test_long_runs_and_short_runs():
    for lr in (0.001, 0.1, 0.5, 1.0, 3.0):
        for h in runs(lr, range(3), [1.0], 5000) + runs(lr, range(3), [1.0], 10) + runs(lr, range(2), [1.0], 0):
            for k in (h.steps // 2, h.steps):
                check(h, k)


def test_lr_1_every_unit_dead_b_flips_and_j_is_frozen():
    """The audit's first case: at lr = 1 b − mean f* is multiplied by −1 each step."""
    flipped = 0
    for h in runs(1.0, range(8), [1.0], 300):
        r, words = reading(h, h.steps), check(h, h.steps)
        assert "too small" not in words and "crawling" not in words
        if all(r["dead"]) and not h.diverged:
            flipped += 1
            assert words.startswith("frozen") and "b flips side" in words and "1 − 2·lr = -1" in words
    assert flipped >= 4                                                # the case is really there


@pytest.mark.parametrize("lr", [0.3, 0.9, 10 ** -0.5, 10 ** -0.05])
def test_audit_seed_2_says_what_j_did(lr):
    """The audit's second case: seed 2 at lr ≈ 0.3 and 0.9: rising or oscillating, never 'too small'."""
    for steps in (300, 1000):
        h = rb.train(U, F_STAR, random_start(2), lr, steps)
        for k in range(h.steps - 20, h.steps + 1):
            words = check(h, k)
            assert "too small" not in words and "small end" not in words


def test_crawling_at_the_small_end():
    h = rb.train(U, F_STAR, random_start(0), 0.001, 600)
    words = check(h, 600)
    assert words.startswith("crawling") and "small end" in words
