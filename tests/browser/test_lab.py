"""Every notebook in JupyterLab, in Chromium, as a learner uses it.

For each notebook: open it, Run All Cells, wait for the kernel to go idle, and look at what a
learner sees: no error output, every widget rendered. For each interactive view: drag a slider
and type into a readout, and check the picture changes; Play on the descent explorer.
Timings are printed in a "browser timings" section at the end of the run.
"""
import re
import statistics
from types import SimpleNamespace

import pytest

import drive
from drive import NOTEBOOKS

pytestmark = pytest.mark.browser

ALL = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))

# The interactive views drawn by the kernel: (name, notebook, the call that builds it in a code cell).
# 01's weight editor and 04's backward stepper are drawn in the page (rb.widgets.live_weight_editor,
# live_backward_stepper): tests/browser/test_book.py and test_book_stepper.py drive them in JupyterLab and
# in the book; the kernel weight editor and stepper are shown in `make app` (test_app.py).
VIEWS = [
    ("slope explorer", "03_scalar_derivatives.ipynb", "slope_explorer("),
    ("sample view", "05_matrix_gradients.ipynb", "sample_view("),
    ("descent explorer", "06_gradient_descent.ipynb", "descent_explorer("),
]
STEP_TARGET_MS = 150      # the target: release → new picture, descent explorer's step slider


def pytest_generate_tests(metafunc):
    # `notebook` takes a notebook's name; conftest orders the tests notebook by notebook, and
    # `opened` keeps one notebook open (and run once) for all of its tests in a row.
    if "notebook" not in metafunc.fixturenames:
        return
    if "view" in metafunc.fixturenames:
        chosen = [v for v in VIEWS if v[0] in getattr(metafunc.function, "views", [v[0] for v in VIEWS])]
        metafunc.parametrize("notebook,view", [(nb, (name, call)) for name, nb, call in chosen],
                             indirect=["notebook"], ids=[name.replace(" ", "-") for name, _, _ in chosen])
    else:
        metafunc.parametrize("notebook", ALL or [None], indirect=True,
                             ids=[n.removesuffix(".ipynb") for n in ALL] or ["no-notebooks"])


@pytest.fixture(scope="session")
def opened(lab, browser, report):
    """opened(name): the notebook open in its own page and run once; closed when another is asked for."""
    current = {}

    def close():
        if current:
            nb = current.popitem()[1]
            nb.context.close()
            for s in lab.api("GET", "/api/sessions"):
                if s["path"].endswith(nb.name):
                    lab.api("DELETE", f"/api/sessions/{s['id']}")

    def get(name):
        if name in current:
            return current[name]
        close()
        cells = drive.notebook_cells(lab.root / name)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        page = context.new_page()
        nb = current[name] = SimpleNamespace(name=name, cells=cells, page=page, context=context,
                                             run_seconds=None, outside=[])
        page.on("request", lambda r: r.url.startswith(drive.LOCAL) or nb.outside.append(r.url))
        first = drive.open_notebook(page, lab, name, figure=drive.has_figure(cells))
        # What a learner sees before running anything (stored outputs, notebook not trusted):
        # reported, not failed; the tests below judge the notebook after Run All Cells.
        for problem in drive.output_problems(page, ".jp-NotebookPanel"):
            report(f"  WARNING {name} as opened, before running: {problem}")
        nb.run_seconds = drive.run_all(page)
        report(f"{name}: open → first figure "
               + (f"{first / 1000:.1f} s" if first is not None else "(no figure)")
               + (f"; Run All → kernel idle {nb.run_seconds:.1f} s" if nb.run_seconds is not None
                  else "; Run All did not finish"))
        return nb

    try:
        yield get
    finally:
        close()


@pytest.fixture
def notebook(request, lab, opened):
    name = request.param
    if name is None:
        pytest.skip(f"no notebooks in {NOTEBOOKS} yet")
    if not (lab.root / name).exists():
        pytest.skip(f"{name} is not in notebooks/ yet")
    return opened(name)


def test_server_refuses_requests_without_the_token(lab):
    """Token authentication is on: the API refuses anonymous or wrong-token requests."""
    assert drive.http_status(f"{lab.url}/api/status?token={lab.token}") == 200
    for path in ["/api/contents", "/api/kernels", "/api/sessions", f"/api/status?token=x{lab.token}"]:
        assert drive.http_status(f"{lab.url}{path}") in (403, 302), path
    assert drive.http_status(f"{lab.url}/lab") == 302          # to the login page


def test_notebook_runs_clean(notebook):
    """Run All Cells: every cell ran, no error output, every widget rendered, no network."""
    page = notebook.page
    assert page.locator(".jp-NotebookPanel").count() == 1
    assert notebook.run_seconds is not None, "Run All Cells did not finish"
    assert drive.output_problems(page, ".jp-NotebookPanel") == []
    prompts = drive.prompts(page)
    not_run = [k for k, p in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", p)]
    assert not not_run, f"code cells {not_run} did not run (prompts {prompts})"
    counts = [int(p[1:-2]) for p in prompts]
    assert counts == sorted(counts) and len(set(counts)) == len(counts), prompts
    expected = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                   for c in notebook.cells for o in c.get("outputs", []))
    rendered = page.locator(".jp-NotebookPanel .jp-OutputArea-output:has(.jupyter-widgets)").count()
    assert rendered >= expected, f"{expected} widget outputs stored, {rendered} rendered"
    assert notebook.outside == [], "the page asked for something off this machine (blocked here)"


def _view(notebook, view):
    """The view: the first slider-and-picture output from the first cell that calls `call` on.

    (A notebook builds the view, shows its first frame as a still picture, and displays the
    view itself a cell or two later.) Skip if no cell calls it yet.
    """
    name, call = view
    index = next((k for k, c in enumerate(notebook.cells)
                  if c["cell_type"] == "code" and call in "".join(c["source"])), None)
    if index is None:
        pytest.skip(f"the {name} is not in {notebook.name} yet (no cell calls {call}…))")
    for k in range(index, len(notebook.cells)):
        found = drive.views(drive.cell(notebook.page, k))
        if found.count():
            return found.first
    pytest.fail(f"the {name} (built in cell {index} of {notebook.name}) did not render "
                "(no output with a slider and a picture from that cell on)")


def _fractions(slider, n):
    """n target positions that always move the handle away from where it is."""
    now = float(slider.locator(".noUi-handle").first.get_attribute("aria-valuenow"))
    lo = float(slider.locator(".noUi-handle").first.get_attribute("aria-valuemin"))
    hi = float(slider.locator(".noUi-handle").first.get_attribute("aria-valuemax"))
    start = (now - lo) / (hi - lo) if hi > lo else 0.5
    cycle = [0.8, 0.3, 0.65, 0.15, 0.9, 0.45, 0.7] if start < 0.5 else [0.2, 0.7, 0.35, 0.85, 0.1, 0.55, 0.3]
    return cycle[:n]


def test_view_answers_its_controls(notebook, view, report, screenshots):
    """Drag the handle, then type into the readout and press Enter (or click through the toggle
    buttons of a view without a slider): the picture changes each time."""
    v = _view(notebook, view)
    page = notebook.page
    stem = f"{notebook.name.removesuffix('.ipynb')}-{view[0].replace(' ', '-')}"
    v.scroll_into_view_if_needed()
    v.screenshot(path=screenshots / f"{stem}.png")
    # The house rule: readable at JupyterLab's default width (file browser open), no part of the
    # view cut off or scrolling sideways. Reported, not failed.
    clipped = v.evaluate("""e => [e, ...e.querySelectorAll('*')].filter(
        x => x.scrollWidth > x.clientWidth + 1 && getComputedStyle(x).overflowX !== 'visible').map(
        x => `${x.className.toString().split(' ').filter(c => c.startsWith('widget-')).join('.') || x.tagName}`
             + ` ${x.scrollWidth} px in ${x.clientWidth} px (overflow-x: ${getComputedStyle(x).overflowX})`)""")
    for c in clipped:
        report(f"  WARNING the {view[0]} does not fit JupyterLab's default width: {c}")
    if not v.locator(".widget-slider").count():         # e.g. the sample view: toggle buttons
        return _click_through(notebook, view, v, report, screenshots / f"{stem}-moved.png")
    slider = drive.step_slider(v)
    moves = []
    for fraction in _fractions(slider, 7):
        before, value = drive.image_digest(v), drive.readout(slider)
        ms = drive.drag(page, v, slider, fraction)
        assert drive.readout(slider) != value, f"dragging to {fraction:.0%} did not move the {view[0]}'s slider"
        assert ms is not None and drive.image_digest(v) != before, \
            f"the {view[0]}'s picture did not change after a drag ({value} → {drive.readout(slider)})"
        moves.append(ms)
    before, value = drive.image_digest(v), drive.readout(slider)
    typed = _other_value(slider)
    ms_typed = drive.type_value(page, v, slider, typed)
    assert drive.readout(slider) != value, f"typing {typed} + Enter did not change the readout"
    assert ms_typed is not None and drive.image_digest(v) != before, "typing into the readout redrew nothing"
    assert drive.output_problems(page, ".jp-NotebookPanel") == []
    v.screenshot(path=screenshots / f"{stem}-moved.png")
    label = slider.locator("label").inner_text().strip() or "first slider"
    report(f"{view[0]} ({notebook.name}), slider '{label}': drag release → new picture "
           f"{drive.summary(moves)}; typed value + Enter → new picture {ms_typed:.0f} ms")
    if view[0] == "descent explorer":
        report(f"  target ≤ {STEP_TARGET_MS} ms median: "
               + ("met" if statistics.median(moves) <= STEP_TARGET_MS else "NOT met"))


def _click_through(notebook, view, v, report, shot):
    """Click each toggle button that is not chosen: each click must change the picture."""
    buttons = v.locator(".widget-toggle-buttons button")
    assert buttons.count() >= 2, f"the {view[0]} has neither a slider nor a choice of buttons"
    clicks = []
    for k in list(range(buttons.count()))[::-1]:
        b = buttons.nth(k)
        if "mod-active" in (b.get_attribute("class") or ""):
            continue
        before = drive.image_digest(v)
        ms = drive.click(notebook.page, v, b)
        assert "mod-active" in b.get_attribute("class"), f"clicking '{b.inner_text()}' did not choose it"
        assert ms is not None and drive.image_digest(v) != before, \
            f"the {view[0]}'s picture did not change after clicking '{b.inner_text()}'"
        clicks.append(ms)
    assert drive.output_problems(notebook.page, ".jp-NotebookPanel") == []
    v.screenshot(path=shot)
    report(f"{view[0]} ({notebook.name}), toggle buttons: click → new picture {drive.summary(clicks)}")


def _other_value(slider):
    """A value inside the slider's range, away from the current one, in the readout's format."""
    h = slider.locator(".noUi-handle").first
    lo, hi, now = (float(h.get_attribute(a)) for a in ("aria-valuemin", "aria-valuemax", "aria-valuenow"))
    target = lo + (0.25 if (now - lo) > (hi - lo) / 2 else 0.75) * (hi - lo)
    text = drive.readout(slider)
    return str(round(target)) if re.fullmatch(r"-?\d+", text) else f"{target:.2f}"


def test_descent_explorer_plays(notebook, view, screenshots):
    """Press Play: the step advances, the loss shown changes, the picture changes; press again to pause."""
    v = _view(notebook, view)
    page = notebook.page
    play = v.locator(".widget-play button").first
    assert play.count() == 1, "the descent explorer has no Play button"
    slider = drive.step_slider(v)
    step, text, picture = drive.readout(slider), drive.view_text(v), drive.image_digest(v)
    v.scroll_into_view_if_needed()
    play.click()
    page.wait_for_function("([el, s]) => el.querySelector('.widget-readout').innerText.trim() !== s",
                           arg=[slider.element_handle(), step], timeout=15_000)
    page.wait_for_timeout(1500)
    if play.locator(".fa-pause").count():           # still playing: pause
        play.click()
    assert drive.readout(slider) != step
    after = drive.view_text(v)
    loss = lambda t: [l for l in t.splitlines() if re.search(r"\bJ\b|loss", l)]
    assert loss(after), f"the descent explorer shows no loss text: {after!r}"
    assert loss(after) != loss(text), f"the loss text did not change while playing: {loss(after)}"
    assert drive.image_digest(v) != picture
    v.screenshot(path=screenshots / f"{notebook.name.removesuffix('.ipynb')}-descent-explorer-played.png")


test_descent_explorer_plays.views = ["descent explorer"]
