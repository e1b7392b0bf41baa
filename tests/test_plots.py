"""The shared pictures show what the maths says: each picture's data against rb.forward."""
import numpy as np
import pytest

import reluback as rb
from reluback.widgets.canvas import FigureWidget, new_figure
from reluback.plots import (F_NORM, R_COLOR, S_COLOR, HiddenSpace, InputPlane, line_across,
                            network_diagram, unit_color)


@pytest.fixture
def ax():
    return new_figure(5, 4).subplots()


def test_input_plane_image_is_f_on_the_grid(ax, skewed):
    plane = InputPlane(ax, skewed, lo=-0.5, hi=1.5, res=31)
    g = np.linspace(-0.5, 1.5, 31)
    u1, u2 = np.meshgrid(g, g)                     # rows: u₂, columns: u₁ (origin="lower")
    expected = np.array([[rb.forward(np.array([[a, b]]), *skewed)[0][0] for a, b in zip(r1, r2)]
                         for r1, r2 in zip(u1, u2)])
    np.testing.assert_allclose(plane.image.get_array(), expected, atol=1e-12)


def test_input_plane_update_follows_new_params(ax, skewed):
    plane = InputPlane(ax, rb.book_solution(), res=21)
    plane.update(skewed)
    corner = rb.forward(np.array([[1.5, 1.5]]), *skewed)[0][0]       # top right pixel
    assert plane.image.get_array()[-1, -1] == pytest.approx(corner)


def test_kink_lines_satisfy_pre_zero(ax, skewed):
    plane = InputPlane(ax, skewed)
    w, c = skewed.w, skewed.c
    for j, line in enumerate(plane.kinks):
        x, y = line.get_data()
        assert len(x) >= 2
        pre = np.column_stack([x, y]) @ w[:, j] + c[j]               # wᵀu + c for unit j
        np.testing.assert_allclose(pre, 0, atol=1e-12)


def test_kink_line_of_a_unit_with_zero_weights_is_empty():
    x, y = line_across(0.0, 0.0, -1.0, -0.5, 1.5)                 # a unit with w·ⱼ = 0: no kink line
    assert x.size == y.size == 0


@pytest.mark.parametrize("w", [np.array([[0.0, 1.0], [2.0, 0.0]]), np.array([[3.0, 0.0], [0.0, -2.0]])])
def test_kink_lines_vertical_and_horizontal(w):
    c = np.array([-0.5, 1.0])
    for j in range(2):
        x, y = line_across(w[0, j], w[1, j], c[j], -0.5, 1.5)
        np.testing.assert_allclose(np.column_stack([x, y]) @ w[:, j] + c[j], 0, atol=1e-12)


def test_hidden_space_points_sit_at_act(ax, skewed):
    hidden = HiddenSpace(ax, skewed)
    u, _ = rb.xor_data()
    _, cache = rb.forward(u, *skewed)
    for n, point in enumerate(hidden.points):
        x, y = point.get_data()
        assert (x[0], y[0]) == pytest.approx(tuple(cache.act[n]))
        assert hidden.labels[n].xy == pytest.approx(tuple(cache.act[n]))


def test_hidden_space_boundary_is_f_one_half(ax, skewed):
    hidden = HiddenSpace(ax, skewed)
    x, y = hidden.boundary.get_data()
    f = skewed.v[0] * np.asarray(x) + skewed.v[1] * np.asarray(y) + skewed.b
    np.testing.assert_allclose(f, 0.5, atol=1e-12)


def test_hidden_space_merges_01_and_10_at_the_book_solution(ax):
    """The book's Figure 6.1: (0,1) and (1,0) land on the same point (1, 0)."""
    hidden = HiddenSpace(ax, rb.book_solution())
    p01, p10 = (np.ravel(hidden.points[n].get_data()) for n in (1, 2))
    np.testing.assert_array_equal(p01, p10)
    np.testing.assert_array_equal(p01, [1.0, 0.0])


def test_hidden_space_rescale_keeps_points_in_the_box(ax, skewed):
    hidden = HiddenSpace(ax, rb.book_solution())
    big = skewed._replace(w=skewed.w * 4)
    hidden.update(big, rescale=True)
    _, cache = rb.forward(rb.xor_data()[0], *big)
    lo, hi = ax.get_xlim()
    assert lo <= cache.act.min() and cache.act.max() <= hi


def test_blit_changes_the_image_bytes(skewed):
    fig = new_figure(5, 4)
    plane = InputPlane(fig.subplots(), rb.book_solution(), res=41)
    fw = FigureWidget(fig, animated=plane.artists)
    fw.redraw()
    first = fw.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    fw.blit()
    assert fw.image.value == first                       # nothing moved: the same frame
    plane.update(skewed)
    fw.blit()
    assert fw.image.value != first


def test_unit_colours_are_the_shared_ones():
    assert unit_color(0) == S_COLOR and unit_color(1) == R_COLOR and S_COLOR != R_COLOR


def test_colour_map_is_neutral_at_one_half():
    assert F_NORM(0.5) == pytest.approx(0.5)
    assert F_NORM(0.0) < 0.5 < F_NORM(1.0)


def test_network_diagram_labels_each_edge_with_its_weight(ax, skewed):
    network_diagram(ax, skewed)
    texts = " ".join(t.get_text() for t in ax.texts)
    for i in range(2):
        for j in range(2):
            assert f"$w_{{{i + 1}{j + 1}}}$ = {skewed.w[i, j]:g}" in texts
    for j in range(2):
        assert f"$v_{j + 1}$ = {skewed.v[j]:g}" in texts
        assert f"$+c_{j + 1}$ = {skewed.c[j]:g}" in texts


def test_figure_widget_displays_as_png_bytes(skewed):
    """display(view.canvas) shows the current frame: IPython accepts only bytes from _repr_png_."""
    fig = new_figure(4, 3)
    InputPlane(fig.subplots(), skewed, res=21)
    fw = FigureWidget(fig)
    fw.redraw()
    png = fw._repr_png_()
    assert type(png) is bytes and png == bytes(fw.image.value) and png[:4] == b"\x89PNG"


def test_png_bytes_is_lossless_rgba():
    """canvas.png_bytes writes its own PNG (up filter + zlib): Pillow must read back every byte."""
    import io
    from PIL import Image
    from reluback.widgets.canvas import png_bytes
    rgba = np.random.default_rng(0).integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(png_bytes(rgba)))), rgba)
