"""The static book (make book → build/book) in Chromium, served from 127.0.0.1, as a reader gets it.

- Every page loads with zero requests off the machine (each one refused and counted), no
  request that fails, maths rendered by the vendored MathJax, every picture loaded, every
  widget rendered from its stored state (no "Error displaying widget"), search answering.
- The live weight editor answers with no kernel anywhere: random settings set through its
  sliders (and by keyboard), the numbers the page shows held to rb.forward at display precision,
  the kink lines and the hidden-space points to reluback's.

The book is built first (tools/build_book.py: ~1–2 min from scratch; nothing when build/book
was made from the same inputs; only the changed notebooks are re-executed otherwise).
"""
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading

import numpy as np
import pytest

import reluback as rb
from drive import ROOT
from reluback.widgets.editor import NAMES, editor_state

pytestmark = pytest.mark.browser

BOOK = ROOT / "build" / "book"
# The set's pages (the toc), and the site's own.
PAGES = ["index.html", "live_weight_editor.html", "live_backward_stepper.html", "search.html"] + [
    f"notebooks/{p.stem}.html" for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    """build/book (built if missing) served by http.server on 127.0.0.1; stopped at the end."""
    # built, or rebuilt when its inputs changed (the script does nothing when they have not)
    if shutil.which("npm") is None and not (ROOT / "build" / "book-npm" / ".lock-sha256").exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("make book needs npm (apt-get install npm)", pytrace=False)
        pytest.skip("make book needs npm to fetch the pages' JavaScript once (apt-get install npm)")
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_book.py")], cwd=ROOT, check=True)
    handler = functools.partial(_Quiet, directory=str(BOOK))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def reader(browser, site):
    """A page whose every request off 127.0.0.1 is refused and listed in .outside; failed ones in .failed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.outside, page.failed, page.errors = [], [], []

    def route(r):
        if r.request.url.startswith(site + "/") or r.request.url.startswith(("data:", "blob:")):
            return r.continue_()
        page.outside.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.on("response", lambda r: r.status >= 400 and page.failed.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.site = site
    try:
        yield page
    finally:
        context.close()


def open_page(page, name):
    page.goto(f"{page.site}/{name}", wait_until="networkidle")
    # MathJax typesets after load; the widget renderer renders after it has the state.
    page.wait_for_function("() => !window.MathJax || !MathJax.startup || MathJax.startup.promise",
                           timeout=30_000)
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
    page.wait_for_timeout(300)


WIDGETS = """() => {
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  const shown = Array.from(views).filter(s => {
    const out = s.parentElement;
    return out && out.querySelector('.jupyter-widgets, .widget-box, .rb-we, .rb-bs, .widget-image, .widget-html');
  });
  const broken = Array.from(document.querySelectorAll('.jupyter-widgets, .cell_output'))
    .filter(e => /Error displaying widget|Failed to load view|model not found/i.test(e.textContent));
  return {views: views.length, shown: shown.length, broken: broken.map(e => e.textContent.slice(0, 200))};
}"""


@pytest.mark.parametrize("name", PAGES)
def test_page_offline_maths_pictures_widgets(reader, name, screenshots):
    source = (ROOT / "notebooks" / name.replace("notebooks/", "").replace(".html", ".ipynb"))
    open_page(reader, name)
    assert reader.outside == [], f"{name} asked the network for {reader.outside}"
    assert reader.failed == [], f"{name}: requests that failed: {reader.failed}"
    assert reader.errors == [] or all("THEBE_JS_URL" in e for e in reader.errors), reader.errors
    if source.exists() and "$" in source.read_text():
        assert reader.locator("mjx-container").count() > 0, f"{name}: no maths rendered"
        assert reader.locator("mjx-merror, .MathJax_Error").count() == 0
    images = reader.evaluate("() => Array.from(document.images).map(i => [i.src, i.complete && i.naturalWidth > 0])")
    assert all(ok for _, ok in images), f"{name}: pictures not loaded: {[s for s, ok in images if not ok]}"
    dangling = reader.evaluate("""() => Array.from(document.querySelectorAll('a[href^="#"]'))
        .map(a => a.getAttribute('href').slice(1)).filter(h => h && !document.getElementById(decodeURIComponent(h)))""")
    assert dangling == [], f"{name}: links to sections that are not there: {dangling}"
    w = reader.evaluate(WIDGETS)
    assert w["broken"] == [] and w["shown"] == w["views"], f"{name}: widgets {w}"
    reader.screenshot(path=str(screenshots / f"book_{name.replace('/', '_').replace('.html', '')}.png"))


def test_the_descent_pictures_and_animation(reader):
    open_page(reader, "notebooks/06_gradient_descent.html")
    gifs = reader.evaluate("() => Array.from(document.images).filter(i => i.src.includes('image/gif') "
                           "|| i.src.endsWith('.gif')).length")
    assert gifs >= 1, "the descent GIF is missing"
    assert reader.locator(".animation, input.anim-slider, [id^=_anim]").count() > 0, "the jshtml animation is missing"


def test_search_finds_the_notes_words(reader):
    open_page(reader, "search.html?q=backpropagation")
    reader.wait_for_selector("#search-results li, ul.search li", timeout=30_000)
    assert reader.locator("ul.search li").count() > 0
    assert reader.outside == []


# ---------------------------------------------------------------- the live weight editor

def read_editor(page):
    """What the page shows: J (status line), and the table's numbers per input, as strings."""
    return page.evaluate("""() => {
      const el = document.querySelector('.rb-we');
      const rows = Array.from(el.querySelectorAll('tr[data-n]')).map(tr =>
        Object.fromEntries(Array.from(tr.querySelectorAll('td')).map(td => [td.dataset.col, td.textContent])));
      return {status: el.querySelector('.rb-status').textContent, rows,
              words: el.querySelector('.rb-words').textContent,
              view: el.parentElement.rbView || el.closest('.rb-we').parentElement.rbView};
    }""")


def set_sliders(page, values):
    """Move each slider as a pointer or keyboard would: set its value, fire 'input'."""
    page.evaluate("""(values) => {
      for (const [name, v] of Object.entries(values)) {
        const s = document.querySelector(`.rb-we input[data-name="${name}"]`);
        s.value = v; s.dispatchEvent(new Event('input', {bubbles: true}));
      }}""", values)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def expected(values):
    p = {k: float(v) for k, v in values.items()}
    w = np.array([[p["w11"], p["w12"]], [p["w21"], p["w22"]]])
    params = rb.Params(w, np.array([p["c1"], p["c2"]]), np.array([p["v1"], p["v2"]]), p["b"])
    u, f_star = rb.xor_data()
    f, cache = rb.forward(u, *params)
    return params, f, cache, rb.loss(f, f_star)


def shows(text, x, d):
    """`text` is x at d decimals: within half a unit of the last place (ties may round either way)."""
    assert re.fullmatch(r"-?\d+\.\d{%d}" % d, text), text
    assert abs(float(text) - x) <= 0.5 * 10 ** -d + 1e-9, (text, x)
    assert text != "-" + "0." + "0" * d, f"{text}: a negative zero"


def check_shown(page, values):
    params, f, cache, J = expected(values)
    shown = read_editor(page)
    # the words: the kernel editor's, for the same setting (its HTML tags aside)
    state = editor_state(params)
    said = " ".join((["J = 0: XOR solved — all four outputs equal their targets."] if state.solved else [])
                    + state.words)
    assert shown["words"] == said, (shown["words"], said)
    status = shown["status"]
    shows(re.match(r"J = (\S+)\. ", status).group(1), J, 4)
    for n, row in enumerate(shown["rows"]):
        want = dict(sP=cache.pre[n, 0], rP=cache.pre[n, 1], sa=cache.act[n, 0], ra=cache.act[n, 1], f=f[n])
        for col, x in want.items():
            shows(row[col], x, 3)
        u = rb.xor_data()[0][n]
        said = re.search(r"\(%g,%g\) lands at s_a = (\S+), r_a = (\S+), f = (\S+) \(target (\d)\)" % tuple(u), status)
        assert said, status
        for text, x in zip(said.groups()[:3], (cache.act[n, 0], cache.act[n, 1], f[n])):
            shows(text, x, 2)
        assert float(said.group(4)) == rb.xor_data()[1][n]
    view = shown["view"]
    assert np.allclose(view["points"], cache.act, atol=1e-12)
    # the hidden space's labels: inside the panel, over no marker and no other label
    boxes = view["labels"] + [[x - 7, y - 7, x + 7, y + 7] for x, y in view["markers"]]
    for i, a in enumerate(view["labels"]):
        assert 522 <= a[0] and a[2] <= 802 and 52 <= a[1] and a[3] <= 332, a
        for j, o in enumerate(boxes):
            if j != i:
                assert a[2] <= o[0] or a[0] >= o[2] or a[3] <= o[1] or a[1] >= o[3], (a, o)
    for j, seg in enumerate(view["kinks"]):              # each end on w·ⱼᵀu + cⱼ = 0
        if seg is not None:
            for u1, u2 in seg:
                assert abs(params.w[0, j] * u1 + params.w[1, j] * u2 + params.c[j]) < 1e-9
    return shown


@pytest.fixture
def editor(reader):
    open_page(reader, "live_weight_editor.html")
    reader.wait_for_selector(".rb-we canvas")
    reader.evaluate("() => { const e = document.querySelector('.rb-we'); e.parentElement.rbView = "
                    "e.parentElement.rbView || e.parentElement.parentElement.rbView; }")
    return reader


def test_live_editor_answers_without_a_kernel(editor, screenshots):
    check_shown(editor, dict(w11=1, w12=1, w21=1, w22=1, c1=0, c2=-1, v1=1, v2=-2, b=0))   # the book's solution
    rng = np.random.default_rng(13)
    for _ in range(6):
        values = {n: float(np.round(rng.uniform(-3, 3) / 0.05) * 0.05) for n in NAMES}
        set_sliders(editor, values)
        # the slider holds the step-rounded value: compare with what it holds
        held = editor.evaluate("() => Object.fromEntries(Array.from(document.querySelectorAll("
                               "'.rb-we input[type=range]')).map(s => [s.dataset.name, parseFloat(s.value)]))")
        check_shown(editor, held)
    assert editor.outside == []
    editor.locator(".rb-we").screenshot(path=str(screenshots / "book_live_weight_editor_random.png"))


# Settings where the words differ: a dead unit, both dead, a linear unit, no unit bending,
# v₂ = 0, thresholding right with J > 0.
SAYINGS = [dict(w11=1, w12=1, w21=1, w22=1, c1=-2.5, c2=-1, v1=1, v2=-2, b=0.2),
           dict(w11=-1, w12=-1, w21=-1, w22=-1, c1=-0.5, c2=-1, v1=1, v2=-2, b=0.3),
           dict(w11=1, w12=1, w21=1, w22=1, c1=0.5, c2=-1, v1=1, v2=-2, b=0),
           dict(w11=1, w12=-1, w21=1, w22=-1, c1=0.5, c2=-2.5, v1=0.5, v2=1, b=0),
           dict(w11=1, w12=1, w21=1, w22=1, c1=0, c2=-1, v1=1, v2=0, b=0),
           dict(w11=1, w12=1, w21=1, w22=1, c1=0, c2=-1, v1=0.9, v2=-1.8, b=0.05)]


@pytest.mark.parametrize("k", range(len(SAYINGS)))
def test_live_editor_says_what_the_kernel_editor_says(editor, k):
    set_sliders(editor, SAYINGS[k])
    check_shown(editor, SAYINGS[k])


def test_live_editor_by_keyboard_and_buttons(editor):
    c2 = editor.locator('.rb-we input[data-name="c2"]')
    c2.focus()
    outline = editor.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "no visible focus on the slider"
    editor.keyboard.press("ArrowRight")
    editor.keyboard.press("ArrowRight")
    editor.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    values = dict(w11=1, w12=1, w21=1, w22=1, c1=0, c2=-0.9, v1=1, v2=-2, b=0)
    check_shown(editor, values)
    assert editor.locator('.rb-we input[data-name="c2"] + output').text_content() == "-0.90"
    editor.get_by_role("button", name="random start").click()
    editor.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    held = editor.evaluate("() => Object.fromEntries(Array.from(document.querySelectorAll("
                           "'.rb-we input[type=range]')).map(s => [s.dataset.name, parseFloat(s.value)]))")
    check_shown(editor, held)
    editor.get_by_role("button", name="book's solution").click()
    editor.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    shown = check_shown(editor, dict(w11=1, w12=1, w21=1, w22=1, c1=0, c2=-1, v1=1, v2=-2, b=0))
    assert re.match(r"J = 0\.0000\.", shown["status"])
    assert editor.get_attribute(".rb-we .rb-status", "aria-live") == "polite"


# ---------------------------------------------------------------- the live editor in JupyterLab

LAB_NOTEBOOK = "live_weight_editor_test.ipynb"


def test_live_editor_in_jupyterlab(lab, browser, screenshots):
    """The same view in JupyterLab (anywidget's front end from its pip package): it renders, answers
    a slider with reluback's numbers, and Python sees the page's move (the trait is synced)."""
    import drive
    with drive.scratch_notebook(lab, browser, LAB_NOTEBOOK, [
            "from reluback.widgets import live_weight_editor\nview = live_weight_editor()\nview",
            'print("python sees", view.params.w[0, 0], view.params.c[1])']) as (page, outside):
        drive.open_notebook(page, lab, LAB_NOTEBOOK, figure=False)
        drive.run_all(page)
        page.wait_for_selector(".rb-we canvas", timeout=60_000)
        check_shown(page, dict(w11=1, w12=1, w21=1, w22=1, c1=0, c2=-1, v1=1, v2=-2, b=0))
        set_sliders(page, dict(w11=0.35, c2=-0.4, v2=-1.5, b=0.25))
        held = page.evaluate("() => Object.fromEntries(Array.from(document.querySelectorAll("
                             "'.rb-we input[type=range]')).map(s => [s.dataset.name, parseFloat(s.value)]))")
        check_shown(page, held)
        page.locator(".rb-we").screenshot(path=str(screenshots / "lab_live_weight_editor.png"))
        page.wait_for_timeout(500)                      # the page's save_changes reaches the kernel
        page.locator(".jp-CodeCell").nth(1).locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        said = page.locator(".jp-CodeCell").nth(1).locator(".jp-OutputArea-output")
        said.filter(has_text="python sees").wait_for(timeout=30_000)
        assert said.text_content().split() == ["python", "sees", str(held["w11"]), str(held["c2"])]
        assert outside == [], outside
