"""The notes' lines as written (reluback.notes) against independent computations of the same slips."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import reluback as rb
from reluback import notes

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


def _g_sum(u, net, f_star):
    f, _ = rb.forward(u, *net)
    return f, np.sum(-(2.0 / len(f)) * (f_star - f))


def test_slip_1_loss_without_the_square(xor, skewed):
    u, f_star = xor
    f, _ = rb.forward(u, *skewed)
    assert np.isclose(notes.loss(f, f_star), sum(f_star - f) / 4)
    assert not np.isclose(notes.loss(f, f_star), rb.loss(f, f_star))


def test_slip_6_page_3_runs_the_loss_into_its_derivative(xor, skewed):
    """J = (1/N) Σ (P* − P)² × 1 × −1 read per sample, against central differences of rb.loss in f."""
    u, f_star = xor
    f, _ = rb.forward(u, *skewed)
    written = notes.dJ_dP(f, f_star)
    np.testing.assert_allclose(written, [-(t - p) ** 2 / 4 for t, p in zip(f_star, f)])
    h = 1e-6
    right = np.array([(rb.loss(f + h * e, f_star) - rb.loss(f - h * e, f_star)) / (2 * h) for e in np.eye(4)])
    np.testing.assert_allclose(right, -2 / 4 * (f_star - f), rtol=1e-6)        # gₙ = −(2/N)(P*ₙ − Pₙ)
    assert not np.allclose(written, right, rtol=1e-3)
    assert (written <= 0).all() and (right > 0).any()        # a square has no sign: it cannot say which way
    assert np.isclose(-written.sum(), rb.loss(f, f_star))    # it is −J, split over the samples


def test_slip_2_the_notes_g_is_half_of_dJ_db(xor, skewed):
    u, f_star = xor
    f, g_sum = _g_sum(u, skewed, f_star)
    assert np.isclose(notes.g(f, f_star), g_sum / 2)
    assert np.isclose(notes.dJ_db(u, *skewed, f_star), g_sum / 2)
    # and it is the right ∂/∂b of J/2 (the ½ convention), by central differences
    numeric = rb.numerical_gradients(u, *skewed, f_star).b
    assert np.isclose(notes.dJ_db(u, *skewed, f_star), numeric / 2, rtol=1e-6)


def test_lines_kept_per_sample_are_right_where_the_notes_have_no_own_slip(xor, skewed):
    u, f_star = xor
    right = rb.numerical_gradients(u, *skewed, f_star)
    for name, (i, j) in {"w11": (0, 0), "w21": (1, 0)}.items():
        assert np.isclose(notes.LINES[name](u, *skewed, f_star), right.w[i, j], rtol=1e-6)
    assert np.isclose(notes.dJ_dc1(u, *skewed, f_star), right.c[0], rtol=1e-6)
    assert np.isclose(notes.dJ_dv1(u, *skewed, f_star), right.v[0], rtol=1e-6)
    assert np.isclose(notes.dJ_dv2(u, *skewed, f_star), right.v[1], rtol=1e-6)


def test_slip_3_as_written_is_the_summed_g_times_one_samples_factors(xor, skewed):
    u, f_star = xor
    f, cache = rb.forward(u, *skewed)
    g_notes = np.mean(f - f_star)                         # (1/N) Σ (f* − f)(−1)
    for k in range(4):
        expected = g_notes * (cache.pre[k, 0] > 0) * skewed.v[0] * u[k, 0]
        assert np.isclose(notes.dJ_dw11(u, *skewed, f_star, k=k), expected)
    right = rb.scalar_gradients(u, *skewed, f_star).w[0, 0]
    # no choice of k gives the right value on this net, not even with the factor 2 restored
    assert all(not np.isclose(2 * notes.dJ_dw11(u, *skewed, f_star, k=k), right) for k in range(4))


def test_slip_4_v1_where_v2_belongs(xor, skewed):
    u, f_star = xor
    right = rb.scalar_gradients(u, *skewed, f_star)
    v1, v2 = skewed.v
    assert np.isclose(notes.dJ_dc2(u, *skewed, f_star), right.c[1] * v1 / v2)
    assert not np.isclose(notes.dJ_dc2(u, *skewed, f_star), right.c[1])
    # with v₁ = v₂ the slip would be invisible
    same = skewed._replace(v=np.array([v2, v2]))
    assert np.isclose(notes.dJ_dc2(u, *same, f_star), rb.scalar_gradients(u, *same, f_star).c[1])


def test_slip_5_the_second_w12_line_is_not_w22(xor, skewed):
    u, f_star = xor
    right = rb.numerical_gradients(u, *skewed, f_star).w[1, 1]
    assert notes.dJ_dw22(u, *skewed, f_star) == notes.dJ_dw12(u, *skewed, f_star)
    assert not np.isclose(notes.dJ_dw22(u, *skewed, f_star), right)
    assert notes.dJ_dw(u, *skewed, f_star).shape == (2, 2)


@settings(max_examples=40, deadline=None)
@given(st.lists(finite, min_size=9, max_size=9), st.lists(finite, min_size=4, max_size=4))
def test_with_v1_equal_v2_per_sample_lines_match_scalar_gradients(theta, f_star):
    """With v₁ = v₂ slips 4 and 5 vanish except w₂₂'s missing line: the per-sample matrix equals the right one."""
    u, _ = rb.xor_data()
    w, c, v, b = rb.Params(np.reshape(theta[:4], (2, 2)), np.array(theta[4:6]), np.array([theta[6]] * 2), theta[8])
    got = notes.dJ_dw(u, w, c, v, b, f_star)
    right = rb.scalar_gradients(u, w, c, v, b, f_star).w
    assert np.allclose(got[:, 0], right[:, 0], atol=1e-9) and np.isclose(got[0, 1], right[0, 1], atol=1e-9)


def test_bad_input_says_what_is_wrong(xor, skewed):
    u, f_star = xor
    with pytest.raises(ValueError, match="k must be a sample index"):
        notes.dJ_dw11(u, *skewed, f_star, k=4)
    with pytest.raises(ValueError, match=r"w must have shape \(D, H\) = \(2, 2\)"):
        notes.dJ_dc1(np.ones((4, 3)), np.ones((3, 2)), np.ones(2), np.ones(2), 0.0, f_star)
