"""The slope explorer and the sample view, driven as a browser would: set a control, read the figure."""
import time

import numpy as np
import pytest
from hypothesis import given, settings

import reluback as rb
from reluback.widgets.samples import contributions, sample_view
from reluback.net import example_nets as presets
from reluback.widgets.slopes import slope_explorer
from strategies import nets

NAMES = rb.entry_names(2, 2)
SKEWED = "skewed (no sample on a kink)"
BOOK_B = "book's solution with b = 0.5"
DEAD = "a dead unit: skewed with c₂ = −2"


def slope_of(line):
    x, y = (np.asarray(a, float) for a in line.get_data())
    return (y[-1] - y[0]) / (x[-1] - x[0])


def net_with(params, name, value):
    """params with entry `name` set to value (the independent way: through flatten/unflatten)."""
    theta = rb.check.flatten(params)
    theta[NAMES.index(name)] = value
    return rb.check.unflatten(theta, 2, 2)


def J_at(params):
    u, f_star = rb.xor_data()
    return rb.loss(rb.forward(u, *params)[0], f_star)


def entry(grads, name):
    return rb.check.flatten(grads)[NAMES.index(name)]


def test_tangent_slope_is_the_scalar_derivative_for_every_parameter(xor, skewed):
    u, f_star = xor
    view = slope_explorer(SKEWED)
    for name in NAMES:
        view.controls["parameter"].value = name
        expected = entry(rb.scalar_gradients(u, *skewed, f_star), name)
        assert np.isclose(slope_of(view.fig.tangent), expected, rtol=1e-9, atol=1e-12), name
        x, J = view.fig.point.get_data()
        assert np.isclose(J[0], J_at(skewed))


def test_the_curve_is_J_along_the_parameter(skewed):
    view = slope_explorer(SKEWED, parameter="c2")
    xs, Js = view.fig.curve.get_data()
    assert xs[0] == pytest.approx(skewed.c[1] - view.WINDOW) and xs[-1] == pytest.approx(skewed.c[1] + view.WINDOW)
    for i in (0, 100, 400, 800):
        assert np.isclose(Js[i], J_at(net_with(skewed, "c2", xs[i])), rtol=1e-12)


def test_along_v_and_b_the_right_panel_shows_f(xor, skewed):
    u, f_star = xor
    view = slope_explorer(SKEWED, parameter="v1")
    view.controls["value"].value = 0.5
    moved = net_with(skewed, "v1", 0.5)
    dots = [d.get_data()[1][0] for d in view.fig.pre_dots]
    assert np.allclose(dots, rb.forward(u, *moved)[0])
    view.controls["parameter"].value = "b"
    xs, f0 = view.fig.pre_lines[0].get_data()
    assert np.allclose(f0[[0, 300]], [rb.forward(u, *net_with(skewed, "b", x))[0][0] for x in xs[[0, 300]]])
    assert "no kinks" in view.status.value


def test_moving_the_slider_moves_point_tangent_and_image(xor, skewed):
    u, f_star = xor
    view = slope_explorer(SKEWED, parameter="w21")
    before = view.canvas.image.value
    view.controls["value"].value = 1.23
    moved = net_with(skewed, "w21", 1.23)
    x, J = view.fig.point.get_data()
    assert x[0] == 1.23 and np.isclose(J[0], J_at(moved))
    assert np.isclose(slope_of(view.fig.tangent), rb.scalar_gradients(u, *moved, f_star).w[1, 0])
    assert view.canvas.image.value != before
    assert "could not" not in view.status.value


def test_at_a_kink_both_one_sided_slopes_are_drawn(xor):
    """Book's solution, b = 0.5: u = (0,0) has s_P = c₁ = 0, a kink of J along c₁."""
    view = slope_explorer(BOOK_B, parameter="c1")
    assert not len(view.fig.tangent.get_xdata())           # no single tangent at a kink
    params = presets()[BOOK_B]
    h = 1e-5
    J0 = J_at(params)
    left = (J0 - J_at(net_with(params, "c1", -h))) / h
    right = (J_at(net_with(params, "c1", h)) - J0) / h
    assert np.isclose(slope_of(view.fig.left), left, atol=1e-4)
    assert np.isclose(slope_of(view.fig.right), right, atol=1e-4)
    assert abs(left - right) > 0.1
    assert "At a kink" in view.status.value and "ReLU′(0) = 0" in view.status.value
    assert "left one" in view.status.value                 # s_P grows with c₁: off on the left


def test_near_a_kink_the_explorer_stands_on_it(skewed):
    """Along w₁₁ the skewed net has a kink where s_P of (1,0) = w₁₁ − 0.1 = 0."""
    view = slope_explorer(SKEWED, parameter="w11")
    view.controls["value"].value = 0.104
    x, J = view.fig.point.get_data()
    assert np.isclose(x[0], 0.1, atol=1e-12) and np.isclose(J[0], J_at(net_with(skewed, "w11", 0.1)))
    assert "At a kink" in view.status.value and "(1,0)" in view.status.value
    view.controls["value"].value = 0.2
    assert "At a kink" not in view.status.value and len(view.fig.tangent.get_xdata())


def test_extreme_positions_give_words_never_exceptions():
    view = slope_explorer()
    for net in presets():
        view.controls["net"].value = net
        for name in (NAMES if net == BOOK_B else ["w12", "b"]):   # a full redraw each: keep it short
            view.controls["parameter"].value = name
            s = view.controls["value"]
            for value in (s.min, s.max, s.min, (s.min + s.max) / 2):
                s.value = value
                assert "could not be drawn" not in view.status.value, (net, name, value, view.status.value)
                assert view.status.value
            assert view.canvas.image.value


def test_dead_unit_says_so():
    view = slope_explorer(DEAD, parameter="v2")
    assert slope_of(view.fig.tangent) == 0 and "dead unit" in view.status.value


def test_a_net_of_your_own(skewed):
    view = slope_explorer(skewed._replace(b=1.0), parameter="b")
    assert view.controls["net"].value == "the net you passed"
    assert np.isclose(view.fig.point.get_data()[1][0], J_at(skewed._replace(b=1.0)))


def test_a_preset_by_the_start_of_its_name():
    assert slope_explorer("skewed").controls["net"].value == SKEWED
    assert sample_view("a dead unit").controls["net"].value == DEAD
    with pytest.raises(ValueError, match="net must be one of"):
        slope_explorer("book")                                  # two presets start so


def test_bad_arguments_name_the_argument():
    with pytest.raises(ValueError, match="parameter must be one of"):
        slope_explorer(parameter="w33")
    with pytest.raises(ValueError, match="net must be one of"):
        sample_view(net="nope")
    with pytest.raises(ValueError, match=r"net must be the notes. net .*w must have shape \(D, H\) = \(2, 2\)"):
        slope_explorer(rb.Params(np.ones((2, 3)), np.ones(3), np.ones(3), 0.0))
    with pytest.raises(ValueError, match="sample must be"):
        sample_view(sample=7)


def test_slider_moves_are_fast():
    view = slope_explorer(SKEWED, parameter="w12")
    s, times = view.controls["value"], []
    for value in np.linspace(s.min, s.max, 50):
        t0 = time.perf_counter()
        s.value = float(value)
        times.append(time.perf_counter() - t0)
    assert np.median(times) < 0.25           # generous: a shared CI machine; measured ≈ 15 ms


# ---- the sample view ------------------------------------------------------------

def _one_sample_term(u, params, f_star, n):
    """Sample n's term, independently: scalar_gradients on that sample alone, divided by N
    (alone, its g is −(2/1)(f*ₙ − fₙ), N times its gₙ in the batch)."""
    grads = rb.scalar_gradients(u[n:n + 1], *params, f_star[n:n + 1])
    return rb.Params(*(np.asarray(x) / len(u) for x in grads))


def test_each_sample_shows_its_own_term(xor, skewed):
    u, f_star = xor
    view = sample_view(SKEWED)
    for n in range(4):
        before = view.canvas.image.value
        view.controls["sample"].value = n
        term = _one_sample_term(u, skewed, f_star, n)
        assert np.allclose(view.fig.images["w"].get_array(), term.w)
        assert np.allclose(np.ravel(view.fig.images["c"].get_array()), term.c)
        assert np.allclose(np.ravel(view.fig.images["v"].get_array()), term.v)
        assert np.isclose(view.fig.images["b"].get_array()[0, 0], term.b)
        assert float(view.fig.texts["w"][0][0].get_text()) == pytest.approx(term.w[0, 0], abs=1e-4)
        assert view.canvas.image.value != before or n == 0
    view.controls["sample"].value = "all"
    assert np.allclose(view.fig.images["w"].get_array(), rb.backward(rb.forward(u, *skewed)[1], f_star).w)


def test_a_unit_off_for_a_sample_gives_a_zero_column(xor, skewed):
    u, f_star = xor
    view = sample_view(SKEWED, sample=2)                       # u = (1,0): r_P = −1.0 < 0
    assert rb.forward(u, *skewed)[1].pre[2, 1] < 0
    assert np.all(view.fig.images["w"].get_array()[:, 1] == 0)
    assert view.fig.off["w"][1].get_visible() and not view.fig.off["w"][0].get_visible()
    assert "Unit 2 (r) is off" in view.status.value


def test_a_dead_unit_gives_zero_columns_for_every_sample():
    view = sample_view(DEAD)
    for n in ["all", 0, 1, 2, 3]:
        view.controls["sample"].value = n
        assert np.all(view.fig.images["w"].get_array()[:, 1] == 0)
        assert view.fig.images["c"].get_array()[1, 0] == 0 and view.fig.images["v"].get_array()[1, 0] == 0
    view.controls["sample"].value = "all"
    assert "dead unit" in view.status.value


def test_every_net_and_sample_draws():
    view = sample_view()
    for net in presets():
        view.controls["net"].value = net
        for n in ["all", 0, 1, 2, 3]:
            view.controls["sample"].value = n
            assert "could not be drawn" not in view.status.value


@settings(max_examples=40, deadline=None)
@given(nets())
def test_contributions_sum_to_backward(net):
    u, w, c, v, b, f_star = net
    parts = contributions(u, w, c, v, b, f_star)
    grads = rb.backward(rb.forward(u, w, c, v, b)[1], f_star)
    for part, grad in zip(parts, grads):
        assert np.allclose(np.sum(part, axis=0), grad, atol=1e-9)
