"""train_many: K runs side by side equal K separate train runs, step for step."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import reluback as rb


def starts(rng, K, D=2, H=2, scale=1.0):
    return rb.Params(scale * rng.normal(size=(K, D, H)), scale * rng.normal(size=(K, H)),
                     scale * rng.normal(size=(K, H)), scale * rng.normal(size=K))


def one(P, k):
    return rb.Params(P.w[k], P.c[k], P.v[k], float(P.b[k]))


@pytest.mark.parametrize("lr", [0.05, 0.5, 4.0])      # converging, mixed, mostly diverging
def test_equals_separate_train_runs(xor, lr):
    u, f_star = xor
    P = starts(np.random.default_rng(1), 8)
    many = rb.train_many(u, f_star, P, lr, 200, keep="all")
    for k in range(8):
        h = rb.train(u, f_star, one(P, k), lr, 200)
        r = many.run(k)
        assert (r.diverged, r.diverged_at) == (h.diverged, h.diverged_at)
        assert many.diverged[k] == h.diverged
        np.testing.assert_allclose(r.loss, h.loss, rtol=1e-12, atol=1e-12)
        for a, b in zip(r.params, h.params):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
        for a, b in zip(r.grads, h.grads):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
        for a, b in zip(one(many.final, k), h.at(-1)):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(many.loss[k, :h.steps + 1], h.loss, rtol=1e-12, atol=1e-12)
        assert np.isnan(many.loss[k, h.steps + 1:]).all()


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 5), st.integers(0, 30), st.integers(0, 10**6))
def test_any_shape_equals_train(N, D, H, steps, seed):
    rng = np.random.default_rng(seed)
    u, f_star = rng.normal(size=(N, D)), rng.normal(size=N)
    P = starts(rng, 3, D, H)
    many = rb.train_many(u, f_star, P, 0.05, steps)
    assert many.loss.shape == (3, steps + 1) and many.final.w.shape == (3, D, H)
    for k in range(3):
        h = rb.train(u, f_star, one(P, k), 0.05, steps)
        np.testing.assert_allclose(many.loss[k, :h.steps + 1], h.loss, rtol=1e-12, atol=1e-12)
        assert np.isnan(many.loss[k, h.steps + 1:]).all()
        for a, b in zip(one(many.final, k), h.at(-1)):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("D, H", [(2, 2), (1, 1), (1, 3)])     # D = 1: w's transpose is contiguous
def test_is_deterministic_and_leaves_its_inputs_alone(D, H):
    rng = np.random.default_rng(2)
    u, f_star = rng.normal(size=(4, D)), rng.normal(size=4)
    P = starts(rng, 50, D, H)
    before = [p.copy() for p in P]
    a = rb.train_many(u, f_star, P, 0.1, 100)
    b = rb.train_many(u, f_star, P, 0.1, 100)
    np.testing.assert_array_equal(a.loss, b.loss)
    for x, y in zip(before, P):
        np.testing.assert_array_equal(x, y)


def test_diverges_quietly(xor):
    u, f_star = xor
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        many = rb.train_many(u, f_star, starts(np.random.default_rng(3), 20), 10.0, 500)
    assert many.diverged.all() and (many.diverged_at > 0).all()


def test_run_needs_keep_all(xor):
    u, f_star = xor
    many = rb.train_many(u, f_star, starts(np.random.default_rng(4), 2), 0.1, 5)
    assert many.params is None
    with pytest.raises(ValueError, match="keep"):
        many.run(0)


@pytest.mark.parametrize("bad, match", [
    (dict(w=np.zeros((2, 2))), r"w must have shape \(K, D, H\)"),
    (dict(c=np.zeros((3, 2))), r"c must have shape \(K, H\)"),
    (dict(b=np.zeros(())), r"b must have shape \(K,\)"),
    (dict(v=np.full((4, 2), np.nan)), "v must be finite"),
])
def test_bad_batches_say_what_is_wrong(xor, bad, match):
    u, f_star = xor
    P = starts(np.random.default_rng(5), 4)._replace(**bad)
    with pytest.raises(ValueError, match=match):
        rb.train_many(u, f_star, P, 0.1, 5)


@pytest.mark.parametrize("kwargs, match", [(dict(lr=0.0), "lr"), (dict(steps=-1), "steps"),
                                           (dict(keep="some"), "keep")])
def test_bad_settings(xor, kwargs, match):
    u, f_star = xor
    args = dict(lr=0.1, steps=5) | kwargs
    with pytest.raises(ValueError, match=match):
        rb.train_many(u, f_star, starts(np.random.default_rng(6), 2), **args)
