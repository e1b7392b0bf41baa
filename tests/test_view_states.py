"""Each view's state function alone: plain data, held to an independent computation
(rb.scalar's loops, rb.scalar_gradients, central differences)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reluback as rb
from reluback.check import flatten
from reluback.scalar import scalar_forward
from reluback.widgets.editor import editor_state
from reluback.widgets.parabola import parabola_state
from reluback.widgets.samples import sample_state
from reluback.widgets.slopes import slope_line, slope_state

NAMES = rb.entry_names(2, 2)
values = st.floats(-3, 3, allow_nan=False)


def plain(x):
    """True when x holds only numbers, strings, arrays and tuples/lists/dicts of them: no widget, no artist."""
    if isinstance(x, dict):
        return all(plain(v) for v in x.values())
    if isinstance(x, (tuple, list)):
        return all(plain(v) for v in x)
    return isinstance(x, (int, float, str, bool, np.ndarray, np.number, np.bool_)) or x is None


@settings(max_examples=40, deadline=None)
@given(st.lists(values, min_size=9, max_size=9))
def test_editor_state_is_the_forward_pass_of_the_notes(theta):
    params = rb.check.unflatten(np.array(theta), 2, 2)
    u, f_star = rb.xor_data()
    s = editor_state(params)
    pre, act, f = scalar_forward(u, *params)
    np.testing.assert_allclose(s.f, f, atol=1e-12)
    np.testing.assert_allclose(s.act, act, atol=1e-12)
    assert s.J == pytest.approx(sum((f_star[n] - f[n]) ** 2 for n in range(4)) / 4, abs=1e-12)
    dead_r = (pre[:, 1] <= 0).all() and not (pre[:, 0] <= 0).all()
    assert any("unit 2 (r) is dead" in w for w in s.words) == dead_r
    assert plain(s)


def test_editor_state_refuses_an_overflow():
    with pytest.raises(ValueError, match="too large"):
        editor_state(rb.Params(np.full((2, 2), 1e200), np.zeros(2), np.full(2, 1e200), 0.0))


@settings(max_examples=40, deadline=None)
@given(values)
def test_parabola_state_slope_is_the_sum_of_g(b):
    u, f_star = rb.xor_data()
    skewed = rb.net.skewed_net()
    s = parabola_state(skewed, b)
    grads = rb.scalar_gradients(u, *skewed._replace(b=b), f_star)
    assert s.db == pytest.approx(grads.b, abs=1e-12) and s.db == pytest.approx(s.g.sum(), abs=1e-12)
    assert s.notes_g == pytest.approx(s.db / 2, abs=1e-12)                # the notes drop the 2
    assert s.central == pytest.approx(s.db, abs=1e-7)
    assert plain(s)


@pytest.mark.parametrize("name", NAMES)
def test_slope_state_is_the_scalar_derivative(name, skewed):
    u, f_star = rb.xor_data()
    line = slope_line(skewed, name)
    st_ = slope_state(line, line.theta0[line.k] + 0.3)
    theta = flatten(skewed)
    theta[line.k] = st_["theta"]
    moved = rb.check.unflatten(theta, 2, 2)
    expected = flatten(rb.scalar_gradients(u, *moved, f_star))[line.k]
    assert st_["analytic"] == pytest.approx(expected, abs=1e-12) and plain(st_) and plain(line)


def test_slope_state_at_a_kink_has_two_slopes(skewed):
    line = slope_line(skewed, "w11")                 # s_P of (1,0) = w₁₁ − 0.1: a kink at 0.1
    s = slope_state(line, 0.104)
    assert s["kink"] and s["theta"] == pytest.approx(0.1) and s["left"] != pytest.approx(s["right"])
    assert s["analytic"] == pytest.approx(s["left"])      # ReLU′(0) = 0: the side where s_P < 0


@pytest.mark.parametrize("n", ["all", 0, 1, 2, 3])
def test_sample_state_is_one_sample_of_the_gradient(n, skewed):
    u, f_star = rb.xor_data()
    s = sample_state(skewed, n)
    if n == "all":
        expected = rb.scalar_gradients(u, *skewed, f_star)
    else:            # sample n alone has N = 1: its gradient is N times its term of the mean
        expected = rb.Params(*(np.asarray(p) / 4 for p in rb.scalar_gradients(u[n:n + 1], *skewed, f_star[n:n + 1])))
    for got, want in zip(s.part, expected):
        np.testing.assert_allclose(got, want, atol=1e-12)
    assert plain(s)
