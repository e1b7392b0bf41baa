"""Three independent computations of ∂J/∂θ: scalar loops, matrices, central differences."""
import numpy as np
from hypothesis import assume, given, settings

import reluback as rb
from reluback.check import flatten
from strategies import nets


def near_kink(u, w, c, eps=1e-4):
    return np.any(np.abs(u @ w + c) < eps)


@settings(max_examples=200, deadline=None)
@given(nets())
def test_scalar_loops_equal_vectorized_backward(net):
    u, w, c, v, b, f_star = net
    _, cache = rb.forward(u, w, c, v, b)
    for name, loop, mat in zip("wcvb", rb.scalar_gradients(u, w, c, v, b, f_star), rb.backward(cache, f_star)):
        np.testing.assert_allclose(loop, mat, rtol=1e-12, atol=1e-12, err_msg=f"d{name}")


@settings(max_examples=300, deadline=None)
@given(nets())
def test_backward_agrees_with_central_differences_away_from_kinks(net):
    u, w, c, v, b, f_star = net
    assume(not near_kink(u, w, c))
    f, cache = rb.forward(u, w, c, v, b)
    analytic = flatten(rb.backward(cache, f_star))
    numeric = flatten(rb.numerical_gradients(u, w, c, v, b, f_star))
    # relative error ≤ 1e-6; gradients below the rounding noise of J(θ ± eps)/2eps,
    # about 1e-16·J/1e-6, are compared absolutely against that noise
    noise = 1e-8 * max(1.0, rb.loss(f, f_star))
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    assert np.all(np.abs(analytic - numeric) <= 1e-6 * scale + noise)


def test_gradients_have_their_parameters_shapes():
    rng = np.random.default_rng(1)
    u, w, c, v = rng.normal(size=(7, 3)), rng.normal(size=(3, 5)), rng.normal(size=5), rng.normal(size=5)
    grads = rb.backward(rb.forward(u, w, c, v, 0.1)[1], rng.normal(size=7))
    assert [np.shape(x) for x in grads] == [(3, 5), (5,), (5,), ()]


def test_relu_derivative_at_zero_is_zero(xor):
    """At the book's solution, u = (0, 0) sits on unit 1's kink (s_P = 0). Move b so J ≠ 0:
    ReLU′(0) = 0 drops that sample from ∂J/∂c₁, while ReLU′(0) = 1 would count it."""
    u, f_star = xor
    w, c, v, _ = rb.book_solution()
    b = 0.5
    _, cache = rb.forward(u, w, c, v, b)
    assert cache.pre[0, 0] == 0.0
    g = -2.0 / 4 * (f_star - cache.f)
    with_zero = sum(g[n] * v[0] for n in range(4) if cache.pre[n, 0] > 0)
    with_one = sum(g[n] * v[0] for n in range(4) if cache.pre[n, 0] >= 0)
    assert with_zero != with_one
    assert rb.backward(cache, f_star).c[0] == with_zero
    assert rb.scalar_gradients(u, w, c, v, b, f_star).c[0] == with_zero


def test_index_convention_with_non_symmetric_w(skewed):
    """w[i, j] joins input i to unit j: pre₁ = w₁₁u₁ + w₂₁u₂ + c₁, and ∂J/∂w₂₁ involves u₂ and unit 1."""
    w, c, v, b = skewed
    u = np.array([[2.0, 3.0]])
    _, cache = rb.forward(u, w, c, v, b)
    assert np.isclose(cache.pre[0, 0], w[0, 0] * 2 + w[1, 0] * 3 + c[0])
    assert np.isclose(cache.pre[0, 1], w[0, 1] * 2 + w[1, 1] * 3 + c[1])
    f_star = np.array([0.0])
    g = -2.0 * (f_star[0] - cache.f[0])
    dw = rb.backward(cache, f_star).w
    on = cache.pre[0] > 0
    assert np.isclose(dw[1, 0], g * on[0] * v[0] * 3.0)   # u₂, unit 1
    assert np.isclose(dw[0, 1], g * on[1] * v[1] * 2.0)   # u₁, unit 2
    assert not np.isclose(dw[1, 0], dw[0, 1])


def test_dead_unit_gets_exactly_zero_gradient(xor):
    u, f_star = xor
    w = np.array([[0.5, -1.0], [0.3, -2.0]])
    c = np.array([0.1, -0.5])                    # unit 2: pre < 0 on all four inputs
    grads = rb.backward(rb.forward(u, w, c, [1.0, 0.7], 0.2)[1], f_star)
    assert np.all(grads.w[:, 1] == 0) and grads.c[1] == 0 and grads.v[1] == 0
    assert np.all(grads.w[:, 0] != 0)
