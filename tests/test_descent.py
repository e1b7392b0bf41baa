"""The descent explorer, driven headless: controls, presets and their lessons, export."""

import numpy as np
import pytest
from PIL import Image

import reluback as rb
from reluback.widgets import descent_explorer, jshtml
from reluback.lessons import presets, random_start


@pytest.fixture(scope="module")
def view():
    return descent_explorer()


def status(view):
    text = view.status.value
    assert "could not be shown" not in text          # handled in words, not by the fallback
    return text


def test_step_moves_the_marker_the_points_and_the_picture(view):
    view.set(start="random start (seed, scale)", seed=0, scale=1.0, lr=0.1, steps=300)
    u, f_star = rb.xor_data()
    before = view.canvas.image.value
    view.controls["step"].value = 50
    assert view.panels.marker.get_xdata()[0] == 50
    _, cache = rb.forward(u, *view.history.at(50))
    moved = np.array([[p.get_xdata()[0], p.get_ydata()[0]] for p in view.panels.hidden.points])
    np.testing.assert_allclose(moved, cache.act)
    assert view.canvas.image.value != before
    assert status(view).count("step 50 of 300")


def test_bars_are_the_gradients_at_the_step(view):
    view.controls["step"].value = 20
    u, f_star = rb.xor_data()
    _, cache = rb.forward(u, *view.history.at(20))
    dw, dc, dv, db = rb.backward(cache, f_star)
    expected = [dw[0, 0], dw[1, 0], dc[0], dv[0], dw[0, 1], dw[1, 1], dc[1], dv[1], db]
    np.testing.assert_allclose([b.get_height() for b in view.panels.bars], expected, rtol=1e-12, atol=1e-15)


def test_lr_seed_scale_steps_retrain(view):
    u, f_star = rb.xor_data()
    view.controls["step"].value = 10
    view.controls["lr"].value = 0.05
    h = rb.train(u, f_star, random_start(0, 1.0), 0.05, 300)
    np.testing.assert_array_equal(view.history.loss, h.loss)
    assert view.controls["step"].value == 0
    view.controls["seed"].value = 7
    view.controls["scale"].value = 0.5
    h = rb.train(u, f_star, random_start(7, 0.5), 0.05, 300)
    np.testing.assert_array_equal(view.history.loss, h.loss)
    view.controls["steps"].value = 120
    assert view.history.steps == 120 == view.controls["step"].max == view.controls["play"].max
    np.testing.assert_array_equal(view.panels.curve.get_ydata(), np.clip(view.history.loss, 1e-16, None))


def test_reset_goes_to_step_0(view):
    view.controls["step"].value = 40
    view.controls["reset"].click()
    assert view.controls["step"].value == 0 and view.panels.marker.get_xdata()[0] == 0


def test_moving_seed_leaves_a_preset(view):
    view.controls["start"].value = "dead unit"
    view.controls["seed"].value = 3
    assert view.controls["start"].value == "random start (seed, scale)"
    np.testing.assert_array_equal(view.history.params.w[0], random_start(3, view.controls["scale"].value).w)


# ---- the presets teach what they claim -------------------------------------------

def run(name):
    p = presets()[name]
    u, f_star = rb.xor_data()
    return rb.train(u, f_star, p.start, p.lr, p.steps)


def test_clean_success_solves_xor():
    h = run("clean success")
    u, f_star = rb.xor_data()
    assert h.loss[-1] < 1e-6
    np.testing.assert_allclose(rb.forward(u, *h.at(-1))[0], f_star, atol=1e-3)


def test_dead_unit_is_off_on_every_input_and_gets_zero_gradients():
    h = run("dead unit")
    u, f_star = rb.xor_data()
    for k in range(0, h.steps + 1, 25):
        _, cache = rb.forward(u, *h.at(k))
        assert (cache.pre[:, 1] <= 0).all()                          # r_P ≤ 0 on all four inputs
        dw, dc, dv, db = rb.scalar_gradients(u, *h.at(k), f_star)   # the notes' loops, independently
        assert (dw[:, 1] == 0).all() and dc[1] == 0 and dv[1] == 0
        assert np.abs(dw[:, 0]).sum() + abs(dv[0]) > 0 or k > 100   # the other unit does learn
    assert h.loss[-1] > 0.1


def test_symmetric_start_stays_symmetric():
    h = run("symmetric start")
    np.testing.assert_allclose(h.params.w[:, :, 0], h.params.w[:, :, 1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(h.params.c[:, 0], h.params.c[:, 1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(h.params.v[:, 0], h.params.v[:, 1], rtol=0, atol=1e-12)
    assert h.loss[-1] > 0.1                                            # one unit's worth cannot solve XOR


def test_plateau_predicts_one_half_everywhere():
    h = run("plateau at J = 0.25")
    u, f_star = rb.xor_data()
    f, cache = rb.forward(u, *h.at(-1))
    assert abs(h.loss[-1] - 0.25) < 1e-3
    np.testing.assert_allclose(f, 0.5, atol=0.02)
    assert (cache.pre > 0).all()                                       # both units on: f linear in u


def test_large_lr_diverges_and_small_lr_crawls():
    big, small, clean = run("learning rate too large"), run("learning rate too small"), run("clean success")
    assert big.diverged and big.diverged_at >= 10
    assert (np.diff(small.loss) < 0).all() and small.loss[-1] > 100 * clean.loss[-1] + 0.1
    assert small.loss[0] == clean.loss[0]                              # same start, only lr differs


@pytest.mark.parametrize("name, words", [
    ("clean success", "solved"), ("dead unit", "unit 2 is dead: r_P ≤ 0 on all 4 inputs"),
    ("symmetric start", "identical gradients"), ("plateau at J = 0.25", "stuck at J = 0.2500 = 1/4"),
    ("learning rate too large", "diverged at step"), ("learning rate too small", "crawling")])
def test_each_preset_says_its_lesson_at_its_last_step(view, name, words):
    view.controls["start"].value = name
    view.controls["step"].value = view.history.steps
    assert words in status(view)
    assert view.history.lr == presets()[name].lr


# ---- extreme values: words, never an exception ------------------------------------

@pytest.mark.parametrize("name", ["lr", "seed", "scale", "steps", "step", "speed"])
def test_extreme_values_give_a_message(view, name):
    control = view.controls[name]
    for value in (control.min, control.max, control.min):
        control.value = value
        assert status(view).startswith('<span') and "step" in status(view)


def test_extreme_combinations(view):
    for start in presets():
        view.set(start=start, lr=10.0, steps=5000)
        view.controls["step"].value = view.controls["step"].max
        assert "diverged" in status(view)
    view.set(start="random start (seed, scale)", scale=10.0, lr=1e-3, steps=0)
    assert "steps = 0" in status(view)


# ---- export -----------------------------------------------------------------------

def test_gif_and_jshtml(view, tmp_path):
    view.set(start="clean success")
    path = view.save_gif(tmp_path / "run.gif", frames=6)
    gif = Image.open(path)
    assert gif.format == "GIF" and gif.n_frames >= 5
    html = jshtml(view.animation(frames=4))
    assert html.count("data:image/jpeg;base64") == 4 and "frames[3]" in html
    assert "http://" not in html and "https://" not in html           # nothing asks the network


def test_success_rate_counts_separate_runs():
    from reluback.lessons import random_starts, success_rate
    u, f_star = rb.xor_data()
    rates = success_rate(0.1, [0.5, 1.0], K=12, steps=300, H=3, seed=4)
    P = random_starts(12, 1.0, H=3, seed=4)
    for scale, rate in zip([0.5, 1.0], rates):
        solved = [rb.train(u, f_star, rb.Params(scale * P.w[k], scale * P.c[k], scale * P.v[k],
                                                 float(scale * P.b[k])), 0.1, 300).loss[-1] < 1e-3
                  for k in range(12)]
        assert rate == np.mean(solved)


def test_gif_button_writes_into_build(view, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view.set(start="dead unit", steps=40)
    view.controls["gif"].click()
    gifs = list((tmp_path / "build").glob("*.gif"))
    assert len(gifs) == 1 and str(gifs[0]) in view.status.value
    assert Image.open(gifs[0]).n_frames > 1
