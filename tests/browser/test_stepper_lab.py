"""The backward stepper (notebook 04) in JupyterLab, in Chromium, as a learner uses it: drag the
step slider, press "reveal next", predict a sign and reveal; each step changes the picture, and the
last step shows rb.backward's numbers for the sample."""
import re
import time

import numpy as np
import pytest

import drive
import reluback as rb
from reluback.graph import num
from reluback.slopes import skewed_net

pytestmark = pytest.mark.browser
NAME = "04_backward_pass.ipynb"


@pytest.fixture
def stepper(lab, page):
    """The stepper's output in the notebook, after Run All Cells."""
    if not (lab.root / NAME).exists():
        pytest.skip(f"{NAME} is not in notebooks/")
    cells = drive.notebook_cells(lab.root / NAME)
    page.context.set_default_timeout(30_000)
    drive.open_notebook(page, lab, NAME, figure=drive.has_figure(cells))
    assert drive.run_all(page) is not None, "Run All Cells did not finish"
    assert drive.output_problems(page, ".jp-NotebookPanel") == []
    index = next(k for k, c in enumerate(cells) if c["cell_type"] == "code"
                 and "".join(c["source"]).strip() == "stepper")
    view = drive.views(drive.cell(page, index)).first
    view.scroll_into_view_if_needed()
    return view


def _text_with(view, *words, timeout=15.0):
    """The view's text once it holds every one of `words` (the kernel answers asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        text = drive.view_text(view)
        if all(w in text for w in words) or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_stepper_steps_predicts_and_ends_at_backward(stepper, page, report, screenshots):
    slider = drive.step_slider(stepper)
    seen, moves = {drive.image_digest(stepper)}, []
    for fraction in (0.5, 0.2, 0.8):                     # drag: a new picture each time
        value = drive.readout(slider)
        moves.append(drive.drag(page, stepper, slider, fraction))
        assert drive.readout(slider) != value
        seen.add(drive.image_digest(stepper))
    assert len(seen) == 4, "a drag of the step slider did not change the picture"
    reveal = stepper.locator("button", has_text="reveal next")
    step = int(drive.readout(slider))
    guess = stepper.locator(".widget-toggle-buttons button", has_text=re.compile(r"^\+$"))
    guess.click()
    assert "Your guess" in _text_with(stepper, "Your guess")
    ms = drive.click(page, stepper, reveal)
    assert int(drive.readout(slider)) == step + 1
    text = _text_with(stepper, f"step {step + 1} of 26", "you said")
    assert ("Right" in text) != ("Not quite" in text), text
    assert drive.image_digest(stepper) not in seen
    ms_typed = drive.type_value(page, stepper, slider, "26")
    text = _text_with(stepper, "step 26 of 26")
    assert "step 26 of 26" in text and "Every gradient is revealed" in text
    stepper.screenshot(path=screenshots / "04_backward_pass-backward-stepper.png")
    u, f_star = rb.xor_data()
    ref = rb.backward(rb.forward(u[3:], *skewed_net())[1], f_star[3:])
    assert f"∂J/∂w₂₂ = ∂J/∂(w₂₂·u₂) × u₂ = 0 × 1 = {num(ref.w[1, 1])}" in text
    report(f"backward stepper ({NAME}): drag release → new picture {drive.summary(moves)}; "
           f"reveal next → {ms:.0f} ms; typed 26 + Enter → {ms_typed:.0f} ms")
