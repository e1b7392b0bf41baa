"""Presentation mode: `make app` (Voilà) in Chromium, as a teacher projects it.

The server is started by `make app` itself (with APP_PORT and --no-browser), and the URL with
its token is read from what it prints, as a teacher would. The page must show the prose and
the widgets, no code, and a dragged slider must change the picture.
"""
import re
import subprocess

import pytest

import drive
from drive import ROOT

pytestmark = pytest.mark.browser

CELL_ERROR = "There was an error when executing cell"   # what Voilà shows instead of a traceback


def open_app(page, app, timeout=120_000):
    """Open the page; wait until Voilà has run every cell and each picture is on screen."""
    page.goto(f"{app.url}/?token={app.token}", timeout=timeout)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout)
    page.wait_for_function("""([n, error]) => {
        if (document.body.innerText.includes(error)) return true;
        const imgs = document.querySelectorAll('img.widget-image');
        return imgs.length >= n && Array.from(imgs).every(i => i.complete && i.naturalWidth > 0);
    }""", arg=[len(app.views), CELL_ERROR], timeout=timeout)
    text = page.locator("body").inner_text()
    assert CELL_ERROR not in text, f"a cell failed in Voilà: {text[text.index(CELL_ERROR):][:300]}"


def test_app_requires_the_token(app):
    assert drive.http_status(f"{app.url}/?token={app.token}") == 200
    assert drive.http_status(f"{app.url}/") in (302, 403)
    assert drive.http_status(f"{app.url}/?token=x{app.token}") in (302, 403)
    assert drive.http_status(f"{app.url}/api/kernels") in (302, 403)


def test_app_shows_prose_and_widgets_not_code(app, page, screenshots, report):
    t0 = page.evaluate("() => performance.now()")
    open_app(page, app)
    report(f"app (make app, Voilà): page opened → every picture shown "
           f"{(page.evaluate('() => performance.now()') - t0) / 1000:.1f} s")
    body = page.locator("#rendered_cells")
    shown = body.inner_text()
    code = [c for c in drive.notebook_cells(app.notebook) if c["cell_type"] == "code"]
    for c in code:
        first = "".join(c["source"]).strip().splitlines()[0]
        assert first not in shown, f"code is shown: {first}"
    assert page.locator(".jp-CodeCell .jp-InputArea, .cm-editor, .highlight").count() == 0, "code is shown"
    headings = page.locator("#rendered_cells h1, #rendered_cells h2").all_inner_texts()
    assert len(headings) >= 3, headings
    assert CELL_ERROR not in shown
    assert drive.output_problems(page, "#rendered_cells") == []
    assert drive.views(body).count() == len(app.views)
    page.screenshot(path=screenshots / "app.png")
    # Nothing off the machine: `make app` serves Voilà's lab template without its Font Awesome
    # CDN links (the Makefile's TEMPLATE); the icons come from Voilà's own bundle.
    assert page.outside == []


def test_app_slider_changes_the_picture(app, page, screenshots, report):
    open_app(page, app)
    for k, name in enumerate(app.views):
        v = drive.views(page.locator("#rendered_cells")).nth(k)
        v.scroll_into_view_if_needed()
        slider = drive.step_slider(v)
        moves = []
        for fraction in (0.8, 0.3, 0.6):
            before, value = drive.image_digest(v), drive.readout(slider)
            ms = drive.drag(page, v, slider, fraction)
            assert drive.readout(slider) != value, f"{name}: dragging did not move the slider"
            assert ms is not None and drive.image_digest(v) != before, f"{name}: the picture did not change"
            moves.append(ms)
        v.screenshot(path=screenshots / f"app-{name}.png")
        report(f"app, {name.replace('_', ' ')}: drag release → new picture {drive.summary(moves)}")
    assert drive.output_problems(page, "#rendered_cells") == []


def test_make_app_binds_loopback_only():
    """`make app` passes Voilà the shared flags: 127.0.0.1, no port hopping, code stripped, a token."""
    cmd = subprocess.run(["make", "-n", "--no-print-directory", "app"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    for flag in ["--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True", "--token"]:
        assert re.search(rf"(^|\s){re.escape(flag)}(\s|$)", cmd), (flag, cmd)
