"""Gradient descent: each step is θ − lr·∂J/∂θ, and divergence is reported, not warned about."""
import warnings

import numpy as np

import reluback as rb


def test_each_step_is_one_gradient_step(xor, skewed):
    u, f_star = xor
    h = rb.train(u, f_star, skewed, lr=0.05, steps=20)
    assert len(h.loss) == 21 and h.steps == 20 and not h.diverged and h.diverged_at is None
    for k in range(20):
        theta = h.at(k)
        f, cache = rb.forward(u, *theta)
        assert h.loss[k] == rb.loss(f, f_star)
        grad = rb.scalar_gradients(u, *theta, f_star)      # an independent gradient
        for p, d, nxt in zip(theta, grad, h.at(k + 1)):
            np.testing.assert_allclose(nxt, np.asarray(p) - 0.05 * np.asarray(d), rtol=1e-12, atol=1e-12)


def test_training_decreases_the_loss_and_can_solve_xor(xor, skewed):
    u, f_star = xor
    h = rb.train(u, f_star, skewed, lr=0.1, steps=2000)
    assert h.loss[-1] < 1e-6 < h.loss[0]
    np.testing.assert_allclose(rb.forward(u, *h.at(-1))[0], f_star, atol=1e-3)


def test_start_is_not_modified(xor, skewed):
    u, f_star = xor
    before = [np.copy(p) for p in skewed]
    rb.train(u, f_star, skewed, lr=0.1, steps=5)
    for a, b in zip(before, skewed):
        np.testing.assert_array_equal(a, b)


def test_zero_steps_records_the_start(xor, skewed):
    u, f_star = xor
    h = rb.train(u, f_star, skewed, lr=0.1, steps=0)
    assert h.loss.shape == (1,) and h.params.w.shape == (1, 2, 2)
    assert h.loss[0] == rb.loss(rb.forward(u, *skewed)[0], f_star)


def test_huge_learning_rate_diverges_quietly(xor, skewed):
    u, f_star = xor
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # any RuntimeWarning fails the test
        h = rb.train(u, f_star, skewed, lr=10.0, steps=1000)
    assert h.diverged and 0 < h.diverged_at < 1000
    assert len(h.loss) == h.diverged_at + 1 == len(h.params.b)
    assert not np.isfinite(h.loss[-1]) or h.loss[-1] > 1e6 * max(h.loss[0], 1)
    assert np.all(np.isfinite(h.loss[:-1]))


def test_history_params_have_a_step_axis(xor, skewed):
    u, f_star = xor
    h = rb.train(u, f_star, skewed, lr=0.1, steps=7)
    assert [p.shape for p in h.params] == [(8, 2, 2), (8, 2), (8, 2), (8,)]
    assert [p.shape for p in h.grads] == [(8, 2, 2), (8, 2), (8, 2), (8,)]
