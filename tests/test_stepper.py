"""The backward stepper, driven headless: each step changes the picture; the guess is judged."""
import numpy as np
import pytest

import reluback as rb
from reluback.graph import num
from reluback.slopes import skewed_net
from reluback.stepper import backward_stepper


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
    shown = {view.graph.nodes[k].label: text.get_text() for k, text in enumerate(view.picture.grads)}
    for (i, j), d in np.ndenumerate(ref.w):
        assert shown[f"w{i + 1}{j + 1}".translate(str.maketrans("12", "₁₂"))] == num(d)
    assert shown["b"] == num(ref.b) and shown["c₁"] == num(ref.c[0]) and shown["v₂"] == num(ref.v[1])


def test_predict_then_reveal():
    view = backward_stepper(step=2)               # next: f* − f, whose gradient is negative here
    assert "Predict its sign" in view.status.value
    view.controls["guess"].value = "+"
    assert "Your guess" in view.status.value
    view.controls["next"].click()
    assert view.controls["step"].value == 3
    assert "Not quite" in view.status.value and "negative" in view.status.value
    assert view.controls["guess"].value == ""         # judged: back to "no guess" for the next node
    view.controls["next"].click()                 # no new guess: no verdict
    assert "quite" not in view.status.value and "Right" not in view.status.value
    view.controls["guess"].value = "−"            # ∂J/∂f* is −3.5
    view.controls["guess"].value = "+"
    view.controls["guess"].value = "−"
    view.controls["next"].click()
    assert view.status.value.count("Right") == 1


@pytest.mark.parametrize("kwargs, words", [
    (dict(step=27), "step must be an integer from 0"), (dict(step=1.5), "step must be an integer"),
    (dict(n=4), "n must be a sample"), (dict(net="nope"), "net must be one of"),
])
def test_bad_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words):
        backward_stepper(**kwargs)
