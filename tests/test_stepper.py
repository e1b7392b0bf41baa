"""The backward stepper, driven headless: each step changes the picture; the guess is judged."""
import numpy as np
import pytest

import reluback as rb
from reluback.graph import num
from reluback.net import skewed_net
from reluback.widgets import View, backward_stepper


def test_each_step_changes_the_picture_and_the_last_shows_backward():
    view = backward_stepper()
    step = view.controls["step"]
    seen = {bytes(view.canvas.image.value)}
    for k in range(1, step.max + 1):
        step.value = k
        seen.add(bytes(view.canvas.image.value))
    assert len(seen) == step.max + 1
    u, f_star = rb.xor_data()
    ref = rb.backward(rb.forward(u[3:], *skewed_net())[1], f_star[3:])
    shown = {view.graph.nodes[k].label: text.get_text() for k, text in enumerate(view.fig.grads)}
    for (i, j), d in np.ndenumerate(ref.w):
        assert shown[f"w{i + 1}{j + 1}".translate(str.maketrans("12", "₁₂"))] == num(d)
    assert shown["b"] == num(ref.b) and shown["c₁"] == num(ref.c[0]) and shown["v₂"] == num(ref.v[1])


def said(view):
    """Everything the view says: the status line (step, chain rule) and the words under it."""
    return view.status.value + view.words.value


def test_predict_then_reveal():
    view = backward_stepper(step=2)               # next: f* − f, whose gradient is negative here
    assert "Predict its sign" in said(view)
    view.controls["guess"].value = "+"
    assert "Your guess" in said(view)
    view.controls["next"].click()
    assert view.controls["step"].value == 3
    assert "Not quite" in said(view) and "negative" in said(view)
    assert view.controls["guess"].value == ""         # judged: back to "no guess" for the next node
    view.controls["next"].click()                 # no new guess: no verdict
    assert "quite" not in said(view) and "Right" not in said(view)
    view.controls["guess"].value = "−"            # ∂J/∂f* is −3.5
    view.controls["guess"].value = "+"
    view.controls["guess"].value = "−"
    view.controls["next"].click()
    assert said(view).count("Right") == 1


@pytest.mark.parametrize("kwargs, words", [
    (dict(step=27), "step must be an integer from 0"), (dict(step=1.5), "step must be an integer"),
    (dict(n=4), "n must be a sample"), (dict(net="nope"), "net must be one of"),
])
def test_bad_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words):
        backward_stepper(**kwargs)


def test_the_controller_is_a_view_with_steps_from_0_to_the_last_node():
    view = backward_stepper()
    assert isinstance(view, View) and rb.widgets.backward_stepper is backward_stepper
    step = view.controls["step"]
    assert (step.min, step.max, step.value) == (0, len(view.graph.order), 0)
    assert "step 0 of 26:" in view.status.value and "Nothing revealed yet" in view.status.value
    step.value = step.max
    assert "step 26 of 26:" in view.status.value and "Every gradient is revealed." in view.words.value


def test_words_are_escaped_and_a_guess_at_the_last_step_asks_nothing():
    view = backward_stepper(step=26)
    view.controls["guess"].value = "0"               # nothing left to guess: no "Your guess", no error
    assert "Every gradient is revealed." in view.words.value and "could not" not in view.status.value
    view.controls["step"].value = 3                  # labels with * and ² come through escaped, once
    assert "∂J/∂(f*−f)" in said(view) and "&amp;" not in said(view) and "<br>" in view.words.value
