"""The views of notebooks 01 and 02, driven headless as a browser would: set a slider, click a button.

Each test compares what the figure shows with an independent computation (rb.forward,
rb.backward, or the formula written out here), never with the view's own stored numbers.
"""
import re

import numpy as np
import pytest

import reluback as rb
from reluback.widgets.editor import NAMES, weight_editor
from reluback.widgets.parabola import loss_parabola

U, F_STAR = rb.xor_data()


def grid_f(view, params):
    """f on the view's input-plane grid, computed here from its corners and resolution."""
    g = np.linspace(view.plane.lo, view.plane.hi, view.plane.res)
    u1, u2 = np.meshgrid(g, g)
    f, _ = rb.forward(np.column_stack([u1.ravel(), u2.ravel()]), *params)
    return f.reshape(u1.shape)


def shown_act(view):
    return np.array([np.ravel(p.get_data()) for p in view.hidden.points])


def shown_J(view):
    return float(re.search(r"J = (-?\d+\.\d+)", view.status.value).group(1))


def slider_values(view):
    return np.array([view.controls[n].value for n in NAMES])


def test_starts_at_the_book_solution_and_says_solved():
    view = weight_editor()
    book = rb.book_solution()
    np.testing.assert_allclose(view.plane.image.get_array(), grid_f(view, book), atol=1e-12)
    assert "XOR solved" in view.status.value
    assert view.canvas.image.value[:4] == b"\x89PNG"


def test_a_slider_moves_the_picture_to_what_forward_computes(skewed):
    view = weight_editor(skewed)
    before = view.canvas.image.value
    view.controls["w12"].value = 0.3                       # w12: input 1 → unit 2
    moved = skewed._replace(w=np.array([[0.7, 0.3], [0.4, 0.9]]))
    np.testing.assert_allclose(view.plane.image.get_array(), grid_f(view, moved), atol=1e-12)
    f, cache = rb.forward(U, *moved)
    np.testing.assert_allclose(shown_act(view), cache.act, atol=1e-12)
    x, y = view.plane.kinks[1].get_data()                  # unit 2's kink line: r_P = 0
    np.testing.assert_allclose(0.3 * np.asarray(x) + 0.9 * np.asarray(y) + 0.3, 0, atol=1e-12)
    assert shown_J(view) == pytest.approx(rb.loss(f, F_STAR), abs=5e-5)
    assert view.canvas.image.value != before
    assert "could not be drawn" not in view.status.value


@pytest.mark.parametrize("name, index", [("w11", ("w", 0, 0)), ("w21", ("w", 1, 0)), ("c2", ("c", 1)),
                                         ("v1", ("v", 0)), ("b", ("b",))])
def test_each_slider_is_its_parameter(skewed, name, index):
    """w21 must move w[1, 0] (input 2 → unit 1), not w[0, 1]: compare the hidden points."""
    view = weight_editor(skewed)
    view.controls[name].value = -0.65
    p = {k: np.array(getattr(skewed, k), dtype=float) for k in "wcvb"}
    p[index[0]][index[1:]] = -0.65
    f, cache = rb.forward(U, p["w"], p["c"], p["v"], float(p["b"]))
    np.testing.assert_allclose(shown_act(view), cache.act, atol=1e-12)
    assert shown_J(view) == pytest.approx(rb.loss(f, F_STAR), abs=5e-5)


def test_the_table_shows_the_forward_pass(skewed):
    view = weight_editor(skewed)
    f, cache = rb.forward(U, *skewed)
    for n in range(4):
        for x in (*cache.pre[n], f[n]):
            assert f"{round(x, 3) + 0.0:.3f}" in view.table.value


def test_book_button_sets_all_nine_and_draws_once(skewed):
    view = weight_editor(skewed)
    frames = len(view.canvas.frame_seconds)
    view.controls["book"].click()
    w, c, v, b = rb.book_solution()
    np.testing.assert_array_equal(slider_values(view), [*w.ravel(), *c, *v, b])
    assert len(view.canvas.frame_seconds) == frames + 1     # one frame, not nine
    assert "XOR solved" in view.status.value


def test_random_button_changes_the_sliders_within_range():
    view = weight_editor()
    before = slider_values(view)
    frames = len(view.canvas.frame_seconds)
    view.controls["random"].click()
    after = slider_values(view)
    assert not np.array_equal(before, after)
    assert all(view.controls[n].min <= view.controls[n].value <= view.controls[n].max for n in NAMES)
    assert len(view.canvas.frame_seconds) == frames + 1
    f, _ = rb.forward(U, *view.params)
    assert shown_J(view) == pytest.approx(rb.loss(f, F_STAR), abs=5e-5)


@pytest.mark.parametrize("end", ["min", "max"])
def test_slider_ends_give_a_picture_not_a_traceback(end):
    view = weight_editor()
    for name in NAMES:
        before = view.canvas.image.value
        view.controls[name].value = getattr(view.controls[name], end)
        assert "could not be drawn" not in view.status.value
        assert view.canvas.image.value != before
    _, cache = rb.forward(U, *view.params)
    lo, hi = view.hidden.ax.get_xlim()                      # the hidden space rescaled to hold them
    assert cache.act.max() <= hi


def test_a_dead_unit_is_named():
    view = weight_editor()
    view.controls["c2"].value = -3.0                       # r_P = u₁ + u₂ − 3 ≤ 0 on all four
    assert "unit 2 (r) is dead" in view.status.value
    assert "unit 1 (s) is dead" not in view.status.value


def test_all_zero_weights_say_both_dead():
    view = weight_editor(rb.Params(np.zeros((2, 2)), np.zeros(2), np.zeros(2), 0.0))
    assert "Both units are dead" in view.status.value
    assert shown_J(view) == pytest.approx(0.5)            # f = 0 everywhere: J = (0 + 1 + 1 + 0)/4


def test_a_linear_net_is_called_linear():
    view = weight_editor(rb.Params(np.array([[1.0, 0.5], [1.0, 0.5]]), np.array([0.5, 0.5]),
                                   np.array([1.0, 1.0]), 0.0))
    assert "f is linear on them" in view.status.value


def test_params_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match=r"w must have shape \(D, H\) = \(2, 2\)"):
        weight_editor(rb.Params(np.zeros((2, 3)), np.zeros(3), np.zeros(3), 0.0))


# ---- J(b) and its tangent ----------------------------------------------------------

def slope(line):
    x, y = (np.asarray(a) for a in line.get_data())
    return (y[-1] - y[0]) / (x[-1] - x[0])


def test_tangent_slope_is_dJ_db_and_the_notes_slope_is_half(skewed):
    view = loss_parabola(skewed)
    view.controls["b"].value = 0.8
    f0 = rb.forward(U, *skewed._replace(b=0.0))[0]
    expected = np.mean(2 * (f0 + 0.8 - F_STAR))            # d/db of mean (f* − f₀ − b)²
    assert slope(view.fig.tangent) == pytest.approx(expected)
    assert slope(view.fig.notes_tangent) == pytest.approx(expected / 2)
    x, y = view.fig.point.get_data()
    assert y[0] == pytest.approx(np.mean((F_STAR - f0 - 0.8) ** 2))


def test_bars_are_g_sample_by_sample(skewed):
    view = loss_parabola(skewed, b=-0.4)
    _, cache = rb.forward(U, *skewed._replace(b=-0.4))
    g = -2 / 4 * (F_STAR - cache.f)
    heights = [bar.get_height() for bar in view.fig.bars]
    np.testing.assert_allclose(heights[:4], g, atol=1e-12)
    assert heights[4] == pytest.approx(rb.backward(cache, F_STAR).b)


def test_status_shows_the_central_difference(skewed):
    view = loss_parabola(skewed)
    view.controls["b"].value = 0.1
    J = lambda b: rb.loss(rb.forward(U, *skewed._replace(b=b))[0], F_STAR)
    central = (J(0.1 + 1e-5) - J(0.1 - 1e-5)) / 2e-5
    assert f"central difference = {round(central, 4) + 0.0:.4f}" in view.status.value


def test_b_slider_ends_redraw_without_error(skewed):
    view = loss_parabola(skewed)
    for end in ("min", "max"):
        before = view.canvas.image.value
        view.controls["b"].value = getattr(view.controls["b"], end)
        assert view.canvas.image.value != before
        assert "could not be drawn" not in view.status.value


def test_the_hidden_space_box_follows_the_points():
    """Points pushed out of the box get a bigger box; a button brings back a box that fits them."""
    view = weight_editor()
    view.controls["w11"].value = 3.0
    view.controls["c1"].value = 3.0                        # s_a up to 3 + 1 + 3 = 7 at (1,1)
    _, cache = rb.forward(U, *view.params)
    assert cache.act.max() <= view.hidden.ax.get_xlim()[1]
    view.controls["book"].click()
    _, cache = rb.forward(U, *rb.book_solution())
    hi = view.hidden.ax.get_xlim()[1]
    assert cache.act.max() <= hi <= 1.5 * cache.act.max()


@pytest.mark.parametrize("w11", [1.5, 1.0, 0.5, 2.0, 0.0, -1.0])
def test_no_point_hides_a_tag_in_the_hidden_space(w11):
    """(0,1) and (1,0) land in one row when unit 2 is off for both: their tags must stay clear of the markers."""
    view = weight_editor()
    view.controls["w11"].value = w11
    fig = view.figure
    renderer = fig.canvas.get_renderer()
    centres = [view.hidden.ax.transData.transform(np.ravel(p.get_data())) for p in view.hidden.points]
    radius = view.hidden.points[0].get_markersize() / 2 * fig.dpi / 72
    boxes = [label.get_window_extent(renderer) for label in view.hidden.labels]
    for n, box in enumerate(boxes):
        for m, (x, y) in enumerate(centres):
            clear = (x + radius < box.x0 or x - radius > box.x1 or y + radius < box.y0 or y - radius > box.y1)
            assert clear, (w11, n, "tag over point", m)
        for m, other in enumerate(boxes[:n]):
            assert not box.overlaps(other), (w11, n, "tag over tag", m)


def test_one_forward_pass_on_the_four_inputs_per_move(monkeypatch):
    """The state is computed once per slider move and shown from there (the grid of the input
    plane is a pass of its own, on 161² points)."""
    import reluback.net as net
    import reluback.plots as plots
    view = weight_editor()
    calls, real = [], net.forward_pass

    def counting(u, *params):
        calls.append(len(u))
        return real(u, *params)
    monkeypatch.setattr(net, "forward_pass", counting)
    monkeypatch.setattr(plots, "forward_pass", counting)
    view.controls["w11"].value = 0.5
    assert calls.count(4) == 1 and len(calls) == 2
