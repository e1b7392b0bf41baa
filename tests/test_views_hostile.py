"""Hostile input to the views: every bad value is refused in words (a control) or by a ValueError
naming the argument (a constructor), and the view keeps its last good state."""
import math
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reluback as rb
from reluback.widgets.editor import NAMES

W = rb.widgets
NON_FINITE = [math.nan, math.inf, -math.inf]


def views():
    """(view, the name of one float slider) for every view."""
    return [(W.weight_editor(), "w11"), (W.loss_parabola(), "b"), (W.slope_explorer(), "value"),
            (W.descent_explorer(steps=20), "lr")]


def test_nan_in_a_slider_is_refused_in_words():
    for view, name in views():
        control = view.controls[name]
        good, picture, frames = control.value, view.canvas.image.value, len(view.canvas.frame_seconds)
        control.value = math.nan
        assert control.value == good, (type(view).__name__, name)
        assert f"must be a finite number; got nan. Kept" in view.status.value
        assert view.canvas.image.value == picture and len(view.canvas.frame_seconds) == frames


@pytest.mark.parametrize("bad", [math.inf, -math.inf])
def test_inf_in_a_slider_puts_it_at_its_end(bad):
    for view, name in views():                    # the slider clamps ±inf to its max or min itself
        control = view.controls[name]
        control.value = bad
        lo, hi = control.min, control.max
        if isinstance(control, __import__("ipywidgets").FloatLogSlider):
            lo, hi = control.base ** lo, control.base ** hi
        assert control.value == (hi if bad > 0 else lo)
        assert "nan" not in view.status.value and "could not be drawn" not in view.status.value


def test_the_weight_editor_words_stay_true_at_any_slider_value():
    view = W.weight_editor()
    u, f_star = rb.xor_data()
    for name in NAMES:
        for x in (*NON_FINITE, 1e308, -1e308):
            view.controls[name].value = x
            f, cache = rb.forward(u, *view.params)                 # every slider stays finite
            text = view.status.value
            if math.isnan(x):
                assert "must be a finite number; got nan" in text
                continue
            assert "nan" not in text and "could not be drawn" not in text, (name, x)
            assert f"J = {round(rb.loss(f, f_star), 4) + 0.0:.4f}" in text
            for j, unit in enumerate(["unit 1 (s) is dead", "unit 2 (r) is dead"]):
                dead = (cache.pre[:, j] <= 0).all() and not (cache.pre <= 0).all()
                assert (unit in text) == dead, (name, x, text)


@pytest.mark.parametrize("kwargs, name", [
    (dict(lr=0), "lr"), (dict(lr=-1), "lr"), (dict(lr=math.nan), "lr"), (dict(lr=100), "lr"),
    (dict(seed=-1), "seed"), (dict(seed=1.5), "seed"), (dict(seed=10_000), "seed"),
    (dict(scale=0), "scale"), (dict(scale=1e3), "scale"), (dict(steps=-1), "steps"),
    (dict(steps=2.5), "steps"), (dict(steps=10 ** 6), "steps"), (dict(start="bogus"), "start"),
    (dict(start=3), "start"),
])
def test_descent_explorer_bad_arguments_name_themselves(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        W.descent_explorer(**kwargs)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_descent_explorer_lr_is_used_or_refused_never_clamped(lr):
    if 1e-3 <= lr <= 10:
        assert W.descent_explorer(lr=lr, steps=10).history.lr == pytest.approx(lr)
    else:
        with pytest.raises(ValueError, match="^lr must be"):
            W.descent_explorer(lr=lr, steps=10)


@pytest.mark.parametrize("h", [0, -1e-4, math.nan, math.inf, 1e-300, "0.1"])
def test_loss_parabola_h_is_checked(h):
    with pytest.raises(ValueError, match="^h must be"):
        W.loss_parabola(h=h)


def test_slope_explorer_value_outside_its_window_is_refused():
    with pytest.raises(ValueError, match="^value must be"):
        W.slope_explorer(value=10.0)


def test_huge_params_are_refused_in_words_and_leave_the_sliders_alone():
    view = W.weight_editor()
    before = {n: (view.controls[n].value, view.controls[n].min, view.controls[n].max) for n in NAMES}
    view.set_params(rb.Params(np.full((2, 2), 1e200), np.zeros(2), np.full(2, 1e200), 0.0))
    assert "too large" in view.status.value
    assert {n: (view.controls[n].value, view.controls[n].min, view.controls[n].max) for n in NAMES} == before


def test_large_params_widen_the_sliders_and_the_book_restores_them():
    view = W.weight_editor()
    view.set_params(rb.Params(np.array([[40.0, 1.0], [1.0, 1.0]]), np.zeros(2), np.ones(2), 0.0))
    assert view.controls["w11"].value == 40.0 and view.controls["w11"].max == 40.0
    view.controls["book"].click()
    assert (view.controls["w11"].min, view.controls["w11"].max) == (-3.0, 3.0)
    assert "XOR solved" in view.status.value


@pytest.mark.parametrize("path", ["out.png", "", "  ", "newdir/out.txt", "newdir/out", 3])
def test_save_gif_refuses_a_path_that_cannot_be_a_gif_before_writing(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view = W.descent_explorer(steps=10)
    with pytest.raises(ValueError, match="^path must be"):
        view.save_gif(path)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("kwargs, name", [(dict(fps=0), "fps"), (dict(fps=-1), "fps"), (dict(frames=0), "frames"),
                                          (dict(dpi=0), "dpi"), (dict(fps=math.nan), "fps")])
def test_save_gif_refuses_bad_numbers_before_writing(kwargs, name, tmp_path):
    view = W.descent_explorer(steps=10)
    with pytest.raises(ValueError, match=f"^{name} must be"):
        view.save_gif(tmp_path / "out.gif", **kwargs)
    assert os.listdir(tmp_path) == []


def test_save_gif_writes_a_gif(tmp_path):
    path = W.descent_explorer(steps=10).save_gif(tmp_path / "new" / "out.gif", frames=4)
    assert path.read_bytes()[:6] == b"GIF89a"


def test_say_escapes_what_it_did_not_write():
    view = W.sample_view()
    view.say("<script>alert(1)</script> & co", head="<b>")
    assert "<script>" not in view.status.value and "&lt;script&gt;" in view.status.value
    assert "&amp; co" in view.status.value and "<b>&lt;b&gt;</b>" in view.status.value


_VIEWS = {}


def _view(kind):
    """One view of each kind, made once: hypothesis drives the same view through many values."""
    if kind not in _VIEWS:
        _VIEWS[kind] = dict(editor=lambda: (W.weight_editor(), list(NAMES)),
                            parabola=lambda: (W.loss_parabola(), ["b"]),
                            slopes=lambda: (W.slope_explorer(), ["value"]),
                            descent=lambda: (W.descent_explorer(steps=20), ["lr", "scale"]))[kind]()
    return _VIEWS[kind]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["editor", "parabola", "slopes", "descent"]), st.data(),
       st.floats(allow_nan=True, allow_infinity=True))
def test_any_number_in_any_float_slider_leaves_a_finite_view_with_true_words(kind, data, x):
    view, names = _view(kind)
    control = view.controls[data.draw(st.sampled_from(names))]
    view.status.value = ""             # a value the slider clamps to its current one changes nothing, says nothing
    control.value = x
    assert math.isfinite(control.value)
    text = view.status.value
    assert "could not be drawn" not in text
    assert ("nan" in text) == math.isnan(x) and ("must be a finite number" in text) == math.isnan(x)
