"""Driving JupyterLab and Voilà pages the way a learner does, and measuring what they see.

Shared by test_lab.py and test_app.py. DOM facts relied on (JupyterLab 4.6, ipywidgets 8.1):
- a widget's output is a `.jp-OutputArea-output` holding `.jupyter-widgets`; a missing
  widget manager shows the text/plain repr ("VBox(children=…)") instead, a failed one the
  text "Error displaying widget";
- a row of toggle buttons is `.widget-toggle-buttons`, the chosen one `button.mod-active`;
- a slider is `.widget-slider` with a noUiSlider (`.noUi-base`, `.noUi-handle`) and an
  editable `.widget-readout`; an Image widget is `img.widget-image` whose src is a blob URL
  of the PNG bytes (a new URL per update, so the bytes, not the URL, tell a change);
- a Play widget is `.widget-play`, its first button plays/pauses.
"""
import contextlib
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import ipywidgets

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
# Requests a page may make: the servers under test, and in-page blob/data URLs.
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "blob:", "data:")

# Every widget class's repr starts with its name and "(": e.g. "VBox(children=(...))".
_WIDGET_NAMES = sorted({name for name in dir(ipywidgets)
                        if isinstance(getattr(ipywidgets, name), type)
                        and issubclass(getattr(ipywidgets, name), ipywidgets.Widget)} | {"interactive"})
RAW_REPR = re.compile(r"^\s*(%s)\(" % "|".join(map(re.escape, _WIDGET_NAMES)))


# ---------------------------------------------------------------- HTTP

def http_status(url):
    """Status of a GET without following redirects (so a redirect to /login shows as 302)."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


# ---------------------------------------------------------------- servers

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_env(home):
    """An environment whose Jupyter config, data, runtime and IPython dirs are all under `home`.

    Kernels still come from sys.prefix (the project's .venv), whose ipykernel registers python3.
    """
    env = dict(os.environ)
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.pop("JUPYTER_PATH", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Server:
    """A server process in its own process group; `stop()` ends the whole group."""

    def __init__(self, cmd, env, cwd, log_path, url, token):
        self.url, self.token, self.log_path = url, token, log_path
        self._log = open(log_path, "w")
        self.proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def wait_for_url(self, pattern=r"(http://127\.0\.0\.1:\d+)/\?token=([0-9a-f]+)", timeout=90):
        """Read the URL with its token from what the server printed (e.g. Voilà's banner)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.log_path.read_text(errors="replace"))
            if found:
                self.url, self.token = found.groups()
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"exited with {self.proc.returncode}:\n{self.log()}")
            time.sleep(0.25)
        raise RuntimeError(f"no URL printed after {timeout} s:\n{self.log()}")

    def log(self, tail=4000):
        return self.log_path.read_text(errors="replace")[-tail:]

    def wait_ready(self, path, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if http_status(f"{self.url}{path}") == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"server not ready after {timeout} s:\n{self.log()}")

    def stop(self):
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        # Kernels are the server's children in the same group; make sure none outlive it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()

    def api(self, method, path):
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None


def start_server(make_cmd, env, cwd, log_path, ready_path, attempts=3):
    """Start on a free port; with port_retries=0 a port taken in the meantime fails: try again."""
    for attempt in range(attempts):
        port, token = free_port(), secrets.token_hex(24)
        url = f"http://127.0.0.1:{port}"
        server = Server(make_cmd(port, token), env, cwd, log_path, url, token)
        try:
            server.wait_ready(ready_path.format(token=token))
            return server
        except RuntimeError:
            server.stop()
            if attempt == attempts - 1:
                raise


# ---------------------------------------------------------------- JupyterLab

def notebook_cells(path):
    return json.loads(path.read_text())["cells"]


def has_figure(cells):
    return any("image/png" in o.get("data", {}) for c in cells for o in c.get("outputs", []))


def open_notebook(page, lab, name, figure=True, timeout=120_000):
    """Open `name` in JupyterLab and wait for its kernel; ms from navigation to the first figure."""
    # ?reset: a fresh workspace, so the notebooks opened before are not restored beside it.
    page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}")
    page.wait_for_selector(".jp-NotebookPanel", timeout=timeout)
    first = None
    if figure:
        first = page.wait_for_function("""() => {
            for (const i of document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output img'))
                if (i.complete && i.naturalWidth > 0) return performance.now();
            return false; }""", timeout=timeout).json_value()
    # The kernel is up and connected when the status bar says "<kernel name> | Idle".
    page.wait_for_function("""() => /\\| Idle\\s*$/.test(
        (document.querySelector('#jp-main-statusbar') || {}).innerText || '')
        || Array.from(document.querySelectorAll('#jp-main-statusbar span')).some(
            s => /\\S \\| Idle$/.test(s.textContent.trim()))""", timeout=timeout)
    return first


_BUSY = """() => !!document.querySelector('.jp-Notebook-ExecutionIndicator:not([data-status="idle"])')
    || Array.from(document.querySelectorAll('.jp-Notebook .jp-InputArea-prompt')).some(
        p => p.textContent.includes('*'))"""


def run_all(page, timeout=300):
    """Run > Run All Cells from the menu bar, then wait for the kernel to go idle; seconds taken.

    Returns None if it did not finish within `timeout` s.
    """
    t0 = time.monotonic()
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
    # Run All marks every code cell [*] at once; wait for that before waiting for the end.
    page.wait_for_function("""() => Array.from(document.querySelectorAll(
        '.jp-Notebook .jp-InputArea-prompt')).some(p => p.textContent.includes('*'))""", timeout=10_000)
    idle_since = None
    while time.monotonic() - t0 < timeout:
        if page.evaluate(_BUSY):
            idle_since = None
        elif idle_since is None:
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > 0.5:
            return idle_since - t0
        time.sleep(0.1)
    return None


def prompts(page):
    """The execution prompts of the code cells, in order ('[1]:', '[ ]:' …)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')).map(p => p.textContent.trim())""")


def cell(page, index):
    """The notebook's cell number `index` (0-based, markdown cells included)."""
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


# ---------------------------------------------------------------- what is on the page

def output_problems(page, scope="body"):
    """Everything a learner would see as broken in the outputs, as a list of strings."""
    outputs = page.evaluate("""(scope) => Array.from(document.querySelectorAll(
            scope + ' .jp-OutputArea-output')).map(e => ({
        mime: e.getAttribute('data-mime-type'), text: e.innerText.slice(0, 600),
        widget: !!e.querySelector('.jupyter-widgets'),
        brokenImages: Array.from(e.querySelectorAll('img')).filter(
            i => i.complete && i.naturalWidth === 0).map(i => i.outerHTML.slice(0, 100))}))""", scope)
    problems = []
    for k, o in enumerate(outputs):
        text = o["text"]
        where = f"output {k + 1}"
        if "Error displaying widget" in text:
            problems.append(f"{where}: {text.strip()[:300]}")
        if "Traceback (most recent call last)" in text or (
                o["mime"] == "application/vnd.jupyter.stderr"
                and re.search(r"^\w*(Error|Exception|Interrupt)\b", text, re.M)):     # e.g. a SyntaxError
            problems.append(f"{where}: an error output: {text.strip()[-300:]}")
        if o["mime"] == "text/plain" and RAW_REPR.match(text):
            problems.append(f"{where}: a widget shown as text, not rendered: {text.strip()[:120]}")
        if o["brokenImages"]:
            problems.append(f"{where}: {len(o['brokenImages'])} image(s) not shown: {o['brokenImages'][0]}")
        if "could not be drawn" in text:
            problems.append(f"{where}: a view says: {text.strip()[:200]}")
    return problems


def views(scope):
    """The interactive views under `scope` (a Locator): widget outputs with a picture and a
    slider or a row of toggle buttons."""
    return scope.locator(".jp-OutputArea-output").filter(
        has=scope.page.locator("img.widget-image")).filter(
        has=scope.page.locator(".widget-slider, .widget-toggle-buttons"))


def image_digest(view):
    """SHA-256 of the bytes of every picture in the view (what the kernel last sent)."""
    return view.evaluate("""async (el) => {
        const parts = [];
        for (const img of el.querySelectorAll('img.widget-image')) {
            const buf = await (await fetch(img.src)).arrayBuffer();
            const h = await crypto.subtle.digest('SHA-256', buf);
            parts.push(Array.from(new Uint8Array(h)).map(b => b.toString(16).padStart(2, '0')).join(''));
        }
        return parts.join(',');
    }""")


def view_text(view):
    """The view's words (status line, labels, readouts), to see a loss or a step change."""
    return view.evaluate("(el) => el.innerText")


def step_slider(view):
    """The slider labelled 'step' if there is one (the descent explorer's), else the first."""
    sliders = view.locator(".widget-slider")
    labelled = sliders.filter(has=view.page.locator("label", has_text=re.compile(r"^\s*step\s*$")))
    return labelled.first if labelled.count() else sliders.first


def readout(slider):
    return slider.locator(".widget-readout").inner_text().strip()


# ---------------------------------------------------------------- timing a change

_WATCH = """(el) => {
    // Time of the person's action (pointer released, Enter pressed) and of every new picture
    // painted after it: an <img> load, then the next animation frame (the picture on screen).
    const st = window.__rb = {action: null, frames: []};
    if (!window.__rbListening) {
        window.__rbListening = true;
        document.addEventListener('pointerup', e => { window.__rb.action = e.timeStamp; }, true);
        document.addEventListener('keydown', e => {
            if (e.key === 'Enter') window.__rb.action = e.timeStamp; }, true);
    }
    for (const img of el.querySelectorAll('img.widget-image')) {
        if (img.__rbWatched) continue;
        img.__rbWatched = true;
        img.addEventListener('load', () => requestAnimationFrame(
            () => window.__rb.frames.push(performance.now())));
    }
}"""


def settle(page, timeout=15.0, quiet=0.4):
    """Wait until no new picture for `quiet` s after the action; return ms from action to the last one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = page.evaluate("() => ({a: window.__rb.action, f: window.__rb.frames, now: performance.now()})")
        # With continuous updates a picture can even land before the release: count it as 0.
        if st["f"] and st["a"] is not None and st["now"] - max(st["f"][-1], st["a"]) > quiet * 1000:
            return max(0.0, st["f"][-1] - st["a"])
        time.sleep(0.05)
    return None


def drag(page, view, slider, fraction):
    """Press the handle, drag it to `fraction` of the track, release; ms to the settled picture."""
    view.evaluate(_WATCH)
    handle = slider.locator(".noUi-handle").first
    track = slider.locator(".noUi-base").bounding_box()
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(track["x"] + fraction * track["width"], y0, steps=4)
    page.mouse.up()
    return settle(page)


def type_value(page, view, slider, text):
    """Click the readout, select what is there, type `text`, press Enter; ms to the settled picture."""
    view.evaluate(_WATCH)
    box = slider.locator(".widget-readout")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(text))
    page.keyboard.press("Enter")
    return settle(page)


def click(page, view, button):
    """Click a button (e.g. one of a row of toggle buttons); ms to the settled picture."""
    view.evaluate(_WATCH)
    button.click()
    return settle(page)


def summary(ms):
    ms = [m for m in ms if m is not None]
    if not ms:
        return "no measurement"
    return (f"median {statistics.median(ms):.0f} ms (min {min(ms):.0f}, max {max(ms):.0f}, "
            f"n = {len(ms)})")


@contextlib.contextmanager
def scratch_notebook(lab, browser, name, sources):
    """A new notebook `name` in lab's root holding these code cells, and a page to open it in: yields
    (page, outside), outside collecting every request that left the machine. Afterwards the page is
    closed and the notebook's kernel session deleted."""
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, lab.root / name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    outside = []
    page.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "blob:", "data:"))
            or outside.append(r.url))
    try:
        yield page, outside
    finally:
        context.close()
        for s in lab.api("GET", "/api/sessions"):
            if s["path"].endswith(name):
                lab.api("DELETE", f"/api/sessions/{s['id']}")
