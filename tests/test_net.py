"""The forward pass and the loss, against the book and against hand computation."""
import numpy as np

import reluback as rb


def test_book_solution_solves_xor(xor):
    u, f_star = xor
    f, cache = rb.forward(u, *rb.book_solution())
    np.testing.assert_array_equal(f, [0.0, 1.0, 1.0, 0.0])
    assert rb.loss(f, f_star) == 0.0
    # Figure 6.1: (0,1) and (1,0) land on the same point (1, 0) of the hidden space
    np.testing.assert_array_equal(cache.act, [[0, 0], [1, 0], [1, 0], [2, 1]])


def test_xor_data_is_float64(xor):
    u, f_star = xor
    assert u.dtype == f_star.dtype == np.float64
    np.testing.assert_array_equal(u, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(f_star, [0, 1, 1, 0])


def test_forward_matches_the_notes_written_out(xor, skewed):
    u, _ = xor
    w, c, v, b = skewed
    f, cache = rb.forward(u, w, c, v, b)
    for n, (u1, u2) in enumerate(u):
        s_P = w[0, 0] * u1 + w[1, 0] * u2 + c[0]
        r_P = w[0, 1] * u1 + w[1, 1] * u2 + c[1]
        s_a, r_a = max(s_P, 0), max(r_P, 0)
        assert np.isclose(cache.pre[n, 0], s_P) and np.isclose(cache.pre[n, 1], r_P)
        assert np.isclose(f[n], v[0] * s_a + v[1] * r_a + b)


def test_loss_is_mean_squared_error_without_half():
    assert rb.loss([1.0, 3.0], [0.0, 0.0]) == (1 + 9) / 2


def test_best_linear_fit_is_one_half_everywhere(xor):
    """No linear model solves XOR: least squares gives 0.5 on every input, J = 0.25."""
    u, f_star = xor
    X = np.column_stack([u, np.ones(4)])
    coef, *_ = np.linalg.lstsq(X, f_star, rcond=None)
    np.testing.assert_allclose(X @ coef, 0.5, atol=1e-12)
    assert np.isclose(rb.loss(X @ coef, f_star), 0.25)


def test_lists_and_ints_are_accepted(xor):
    f, _ = rb.forward([[0, 1]], [[1, 1], [1, 1]], [0, -1], [1, -2], 0)
    assert f.dtype == np.float64 and f.tolist() == [1.0]


def test_forward_does_not_touch_its_inputs(xor, skewed):
    u, f_star = xor
    copies = [np.copy(x) for x in (u, *skewed)]
    _, cache = rb.forward(u, *skewed)
    rb.backward(cache, f_star)
    rb.scalar_gradients(u, *skewed, f_star)
    for before, after in zip(copies, (u, *skewed)):
        np.testing.assert_array_equal(before, after)
