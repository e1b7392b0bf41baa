"""The two plateau presets of the failure gallery do what their names say, checked independently."""
import numpy as np
import pytest

import reluback as rb
from reluback.lessons import diagnose, presets

U, F_STAR = rb.xor_data()


def final(name):
    p = presets()[name]
    h = rb.train(U, F_STAR, p.start, p.lr, p.steps)
    assert p.lr == 0.1                                         # found where random starts hit them
    return h, h.at(h.steps)


def stays(name, J, steps=5000):
    """Still at J, to 10⁻⁹, after `steps` steps: a stop, not a slow stretch."""
    p = presets()[name]
    return abs(rb.train(U, F_STAR, p.start, p.lr, steps).loss[-1] - J) < 1e-9


def at_origin(theta):
    pre = U @ theta.w + theta.c                                # this test's own forward pass
    return np.all(pre <= 0, axis=1), pre


def test_stop_at_one_eighth_with_both_units_alive():
    h, theta = final("stop at J = 1/8, both units alive")
    f, _ = rb.forward(U, *theta)
    assert abs(h.loss[-1] - 1 / 8) < 1e-6
    np.testing.assert_allclose(f, [0.5, 1, 0.5, 0], atol=1e-4)
    origin, pre = at_origin(theta)
    assert (pre > 0).any(axis=0).all()                         # both units alive
    assert origin.tolist() == [True, False, True, False]       # (0,0) and (1,0) merged at the origin
    assert np.abs(rb.numerical_gradients(U, *theta, F_STAR).w).max() < 1e-5
    assert abs(h.loss[-1] - h.loss[-200]) < 1e-6 and stays("stop at J = 1/8, both units alive", 1 / 8)


def test_stop_at_one_sixth_with_both_units_on_for_one_input():
    h, theta = final("stop at J = 1/6, both units on for one input")
    f, _ = rb.forward(U, *theta)
    assert abs(h.loss[-1] - 1 / 6) < 1e-6
    origin, pre = at_origin(theta)
    on = pre > 0
    assert (on[:, 0] == on[:, 1]).all() and on[:, 0].sum() == 1   # the same single input for both
    rest = origin                                              # the other three: at the hidden origin
    assert rest.sum() == 3
    np.testing.assert_allclose(f[rest], F_STAR[rest].mean(), atol=1e-4)   # one f, their mean target
    grads = rb.numerical_gradients(U, *theta, F_STAR)
    assert max(np.abs(np.ravel(g)).max() for g in grads) < 1e-5
    assert abs(h.loss[-1] - h.loss[-200]) < 1e-6 and stays("stop at J = 1/6, both units on for one input", 1 / 6)


@pytest.mark.parametrize("name, words", [("stop at J = 1/8, both units alive", "stuck at J = 0.1250 = 1/8"),
                                         ("stop at J = 1/6, both units on for one input", "stuck at J = 0.1667 = 1/6")])
def test_the_words_name_the_plateau(name, words):
    h, _ = final(name)
    text = diagnose(h, h.steps)
    assert text.startswith(words) and "land on one hidden point (0.00, 0.00)" in text and "dead" not in text
