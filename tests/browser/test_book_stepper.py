"""The live backward stepper in the static book (make book → build/book/live_backward_stepper.html),
in Chromium from 127.0.0.1 with every other request refused (test_book.py's site and reader).

- The page loads with zero requests off the machine and the view renders from the stored state.
- Each step (the "reveal next" button, the slider by keyboard) changes what is shown, and what is
  shown is reluback's: the texts under each node and the words are stepper_state's, for the page's net.
- A guess gets stepper_state's verdict; the last step shows rb.backward's nine gradients at display
  precision.
"""
import re

import pytest

import reluback as rb
from reluback.graph import num, stepper_state
from reluback.widgets.live_stepper import live_backward_stepper
from reluback.widgets.stepper import stepper_words
from test_book import open_page, reader, site          # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# The page's arguments (book/live_backward_stepper.ipynb): the default net, sample n = 3.
VIEW = live_backward_stepper(n=3)
GRAPH, LAST = VIEW.sample, VIEW.last


def plain(text):
    """A text as the page shows it: its subscripts (s_P, w_{11}) drawn as subscripts, so without '_'."""
    return re.sub(r"_\{([^}]*)\}|_(\S)", lambda m: m.group(1) or m.group(2), text)


def read(page):
    """What the stepper shows: its frame (rbView: step, texts per node, lit edges, overlap boxes), the words."""
    return page.evaluate("""() => {
      const root = document.querySelector('.rb-bs'), el = root.parentElement;
      const v = el.rbView || el.parentElement.rbView;
      const text = (sel) => root.querySelector(sel).textContent;
      return {step: v.step, texts: v.texts, lit: v.lit, rects: v.rects, slider: root.querySelector('input[type=range]').value,
              line: text('.rb-line'), pattern: text('.rb-pattern'), verdict: text('.rb-verdict'),
              ask: text('.rb-guess span'), live: text('.rb-status')};
    }""")


def check(shown, step, guess=None):
    state = stepper_state(GRAPH, step, guess)
    assert shown["step"] == step and shown["slider"] == str(step)
    for k, (t, node) in enumerate(zip(shown["texts"], GRAPH.nodes)):
        assert t["above"] == num(node.data)
        assert t["below"] == (num(state.grads[k]) if state.grads[k] is not None else "?" if k == state.next else "")
    head, line, rest = stepper_words(state)
    assert shown["line"] == plain(f"{head} {line}") and shown["pattern"] == plain(state.pattern)
    assert shown["ask"] == plain(stepper_words(stepper_state(GRAPH, step))[2][-1])
    assert shown["verdict"] == plain(state.verdict or "")
    assert shown["live"] == VIEW.graph["steps"][step]["said"]
    rects = shown["rects"]                                     # names and numbers overlap nothing
    for i, a in enumerate(rects):
        assert 0 <= a[0] and a[2] <= 860 and 0 <= a[1] and a[3] <= 462, a
        for o in rects[i + 1:]:
            assert a[2] <= o[0] or a[0] >= o[2] or a[3] <= o[1] or a[1] >= o[3], (step, a, o)


@pytest.fixture
def stepper(reader):
    open_page(reader, "live_backward_stepper.html")
    reader.wait_for_selector(".rb-bs canvas")
    return reader


def test_stepper_page_needs_nothing_off_the_machine(stepper):
    assert stepper.outside == [] and stepper.failed == []
    assert stepper.errors == [] or all("THEBE_JS_URL" in e for e in stepper.errors), stepper.errors
    check(read(stepper), 0)


def test_each_step_changes_what_is_shown(stepper, screenshots):
    before = read(stepper)
    for step in range(1, LAST + 1):
        stepper.get_by_role("button", name="reveal next ▶").click()
        stepper.evaluate(FRAME)
        shown = read(stepper)
        check(shown, step)
        assert shown["texts"] != before["texts"] and shown["line"] != before["line"]
        if step in (13, LAST):
            stepper.locator(".rb-bs").screenshot(path=str(screenshots / f"book_live_backward_stepper_{step}.png"))
        before = shown
    assert stepper.locator(".rb-bs button[data-action=next]").is_disabled()


def test_a_guess_gets_its_verdict(stepper):
    for step, guess in ((1, "+"), (2, "−"), (3, "0")):
        stepper.get_by_role("button", name={"+": "guess positive", "−": "guess negative",
                                            "0": "guess exactly 0"}[guess] + ", then reveal").click()
        stepper.evaluate(FRAME)
        check(read(stepper), step, guess)
    stepper.get_by_role("button", name="◀ back").click()       # a move clears the verdict
    stepper.evaluate(FRAME)
    check(read(stepper), 2)


def test_keyboard_to_the_last_step_shows_backward(stepper):
    slider = stepper.locator(".rb-bs input[type=range]")
    slider.focus()
    outline = stepper.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "no visible focus on the slider"
    stepper.keyboard.press("ArrowRight")
    stepper.evaluate(FRAME)
    check(read(stepper), 1)
    stepper.keyboard.press("End")
    stepper.evaluate(FRAME)
    shown = read(stepper)
    check(shown, LAST)
    u, f_star = rb.xor_data()
    ref = rb.backward(rb.forward(u[3:], *rb.net.example_nets()[VIEW.net])[1], f_star[3:])
    leaves = GRAPH.leaves
    below = {node: t["below"] for node, t in zip(GRAPH.nodes, shown["texts"])}
    pairs = [*zip(leaves.w.ravel(), ref.w.ravel()), *zip(leaves.c, ref.c), *zip(leaves.v, ref.v), (leaves.b, ref.b)]
    assert len(pairs) == 9
    for node, x in pairs:
        assert below[node] == num(float(x)), node.label
    assert stepper.get_attribute(".rb-bs .rb-status", "aria-live") == "polite"


# ---------------------------------------------------------------- in JupyterLab: Python sees the page's step

LAB_NOTEBOOK = "live_backward_stepper_test.ipynb"


def test_live_stepper_in_jupyterlab(lab, browser, screenshots):
    """The same view in JupyterLab: the page steps it (button, guess), Python reads the step it moved to,
    and a step set in Python moves the page."""
    import drive
    with drive.scratch_notebook(lab, browser, LAB_NOTEBOOK, [
            "from reluback.widgets import live_backward_stepper\nview = live_backward_stepper(n=3)\nview",
            'print("python sees", view.step, view.controls["step"].value)',
            'view.controls["step"].value = 20']) as (page, outside):
        run = lambda k: (page.locator(".jp-CodeCell").nth(k).locator(".jp-InputArea-editor").click(),
                         page.keyboard.press("Shift+Enter"))
        drive.open_notebook(page, lab, LAB_NOTEBOOK, figure=False)
        page.locator(".jp-CodeCell").first.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        page.wait_for_selector(".rb-bs canvas", timeout=60_000)
        check(read(page), 0)
        for _ in range(3):
            page.get_by_role("button", name="reveal next ▶").click()
        page.get_by_role("button", name="guess negative, then reveal").click()
        page.evaluate(FRAME)
        check(read(page), 4, "−")
        page.wait_for_timeout(500)                      # the page's save_changes reaches the kernel
        run(1)
        said = page.locator(".jp-CodeCell").nth(1).locator(".jp-OutputArea-output")
        said.filter(has_text="python sees").wait_for(timeout=30_000)
        assert said.text_content().split() == ["python", "sees", "4", "4"]
        run(2)
        page.wait_for_function("() => { const r = document.querySelector('.rb-bs'), e = r.parentElement;"
                               " return (e.rbView || e.parentElement.rbView).step === 20; }", timeout=30_000)
        page.evaluate(FRAME)
        check(read(page), 20)
        page.locator(".rb-bs").screenshot(path=str(screenshots / "lab_live_backward_stepper.png"))
        assert outside == [], outside
