"""reluback.cost: multiplications counted by running the code equal the closed forms, and the
counted code computes the right gradients (rb.backward, central differences)."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import reluback as rb
from reluback import cost


def run(N, D, H, L, seed=0):
    layers, v, b = cost.deep_net(D, H, L, seed)
    rng = np.random.default_rng(seed + 1)
    u, f_star = rng.normal(size=(N, D)), rng.normal(size=N)
    return (u, layers, v, b, f_star), cost.counted(u, layers, v, b, f_star)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(0, 99))
def test_instrumented_counts_equal_closed_forms(N, D, H, L, seed):
    _, c = run(N, D, H, L, seed)
    assert c.forward == cost.forward_mults(N, D, H, L)
    assert c.backward == cost.backward_mults(N, D, H, L)
    assert c.per_parameter == cost.per_parameter_mults(N, D, H, L)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 3), st.integers(1, 4), st.integers(0, 99))
def test_counted_gradients_equal_rb_backward_for_the_notes_net(N, D, H, seed):
    (u, layers, v, b, f_star), c = run(N, D, H, 1, seed)
    (w, cc), = layers
    ref = rb.backward(rb.forward(u, w, cc, v, b)[1], f_star)
    for grads in (c.grads_backward, c.grads_per_parameter):
        (dw, dc), = grads[0]
        for mine, right in zip((dw, dc, grads[1], grads[2]), ref):
            np.testing.assert_allclose(mine, right, rtol=1e-10, atol=1e-12)


def deep_J(u, layers, v, b, f_star):
    act = u
    for w, c in layers:
        act = np.maximum(act @ w + c, 0.0)
    return np.mean((f_star - (act @ v + b)) ** 2)


def test_deep_gradients_agree_with_each_other_and_central_differences():
    (u, layers, v, b, f_star), c = run(3, 2, 3, 3, seed=4)
    eps = 1e-6
    for (dw_b, dc_b), (dw_p, dc_p), (w, cc) in zip(c.grads_backward[0], c.grads_per_parameter[0], layers):
        np.testing.assert_allclose(dw_b, dw_p, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(dc_b, dc_p, rtol=1e-10, atol=1e-12)
        for theta, grad in ((w, dw_b), (cc, dc_b)):
            for at in np.ndindex(theta.shape):
                old = theta[at]
                theta[at] = old + eps
                up = deep_J(u, layers, v, b, f_star)
                theta[at] = old - eps
                down = deep_J(u, layers, v, b, f_star)
                theta[at] = old
                assert abs((up - down) / (2 * eps) - grad[at]) < 1e-6
    np.testing.assert_allclose(c.grads_backward[1], c.grads_per_parameter[1], rtol=1e-12)


def test_backward_is_a_few_forward_passes_and_per_parameter_grows_with_depth():
    for L in (1, 2, 3):
        ratios = [cost.backward_mults(4, 2, H, L) / cost.forward_mults(4, 2, H, L) for H in (16, 64, 256)]
        assert all(1 < r < 3 for r in ratios)
    assert cost.per_parameter_mults(4, 2, 64, 3) > 100 * cost.backward_mults(4, 2, 64, 3)


def test_cost_rows_count_where_small_and_agree():
    rows = cost.cost_rows([1, 2, 4, 64], depths=(1, 2))
    assert [r[-1] is None for r in rows] == [r[4] > 2000 for r in rows]
    assert rows[0][-1] is not None and rows[-1][-1] is None
    for L, H, fwd, bwd, per, run_ in rows:
        if run_ is not None:
            assert (run_.forward, run_.backward, run_.per_parameter) == (fwd, bwd, per)
