"""Browser tests: JupyterLab and Voilà driven in Debian's Chromium by Playwright.

Fixtures:
- `lab`: a JupyterLab server (session-wide) on 127.0.0.1, a free port, a random token, serving
  a temporary copy of notebooks/ (autosave never writes into the repository), with the flags
  `make lab` uses (read from `make -n lab`). Stopped at the end whatever happens.
- `browser`: Chromium from /usr/bin/chromium (Playwright's own download cannot work here),
  with every host but 127.0.0.1 unresolvable; `page` records any request that tried to leave.

Without /usr/bin/chromium the tests marked `browser` are skipped with one line saying how to get
it; with REQUIRE_BROWSER=1 (CI) a missing browser fails them instead.
"""
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import drive
from drive import LOCAL, NOTEBOOKS, ROOT, jupyter_env, start_server

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "build" / "screenshots"
INSTALL_HINT = "install chromium (apt-get install chromium chromium-driver) to run the browser tests"
REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

CHROMIUM_ARGS = [
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--disable-extensions", "--metrics-recording-only", "--no-default-browser-check",
    # Nothing but the servers under test resolves: a page that tries the network fails at once.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
] + (["--no-sandbox"] if IS_ROOT else [])


def make_lab_flags():
    """The flags `make lab` gives `jupyter lab`, read from `make -n lab`, less the ones each run
    sets itself (port, token, notebook dir): the tests start the JupyterLab a learner gets."""
    out = subprocess.run(["make", "-n", "--no-print-directory", "lab"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    line = next(s for s in out.splitlines() if "jupyter lab" in s)
    words = shlex.split(line.split("jupyter lab", 1)[1])
    own = ("--notebook-dir", "--ServerApp.port=", "--allow-root")
    flags = [w for w in words if w.startswith("--") and not w.startswith(own)]
    assert "--ServerApp.ip=127.0.0.1" in flags and "--ServerApp.port_retries=0" in flags, flags
    return flags


# ---------------------------------------------------------------- skipping without Chromium

_skipped = []


def pytest_collection_modifyitems(config, items):
    # test_lab.py: all tests of one notebook in a row, so that it is opened and run once.
    slots = [k for k, item in enumerate(items) if item.path.name == "test_lab.py"]
    key = lambda item: getattr(item, "callspec", None) and item.callspec.params.get("notebook") or ""
    for k, item in zip(slots, sorted((items[k] for k in slots), key=key)):
        items[k] = item
    if CHROMIUM.exists():
        return
    for item in items:
        if item.get_closest_marker("browser") and not REQUIRED:     # REQUIRED: `browser` fails
            item.add_marker(pytest.mark.skip(reason=INSTALL_HINT))
            _skipped.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            f"browser tests skipped ({len(_skipped)}): {CHROMIUM} not found; {INSTALL_HINT}",
            yellow=True, bold=True)
    if _timings:
        terminalreporter.section("browser timings")
        for line in _timings:
            terminalreporter.write_line(line)
        terminalreporter.write_line(f"screenshots: {SCREENSHOTS}")


# ---------------------------------------------------------------- measurements, reported at the end

_timings = []


@pytest.fixture(scope="session")
def report():
    """report(line): a line for the 'browser timings' section printed after the run."""
    return _timings.append


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# ---------------------------------------------------------------- JupyterLab

@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on a temporary copy of notebooks/, as `make lab` starts it."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = home / "config" / "lab" / "user-settings"
    # JupyterLab asks in a toast whether to fetch news (it fetches nothing until answered);
    # answer "never" up front so the toast cannot cover a slider under the mouse.
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}')
    env = jupyter_env(home)

    def cmd(port, token):
        # The token goes in the environment, as `make lab` passes it: never in the arguments,
        # which any local user can read (test_servers.py reads every /proc/*/cmdline for it).
        env["JUPYTER_TOKEN"] = token
        return [
            sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
            # If this run is killed before its teardown: idle kernels go after 10 min, then the server.
            "--MappingKernelManager.cull_idle_timeout=600", "--ServerApp.shutdown_no_activity_timeout=900",
            *make_lab_flags(), *(["--allow-root"] if IS_ROOT else [])]
    server = start_server(cmd, env, root, home / "lab.log", "/api/status?token={token}")
    server.root = root
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------- Voilà (make app)

APP = ROOT / "app" / "lecture.ipynb"
APP_VIEWS = ["weight_editor", "backward_stepper", "descent_explorer"]   # the views the page shows, by their rb.widgets function


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """`make app` itself (APP_PORT free, --no-browser); the URL and token read from what it prints."""
    calls = "; ".join(f"rb.widgets.{f}" for f in APP_VIEWS)     # as the page's kernel sees them
    probe = subprocess.run([sys.executable, "-c", f"import reluback as rb, reluback.widgets; {calls}"],
                           capture_output=True)
    if probe.returncode:
        pytest.skip(f"app/lecture.ipynb calls {calls}, not all there yet: "
                    f"{probe.stderr.decode().strip().splitlines()[-1]}")
    home = tmp_path_factory.mktemp("app")
    for attempt in range(3):          # a free port can be taken before Voilà binds it
        port = drive.free_port()
        server = drive.Server(["make", "--no-print-directory", "app", f"APP_PORT={port}",
                               "APP_FLAGS=--no-browser"], drive.jupyter_env(home), ROOT,
                              home / "voila.log", url=None, token=None)
        try:
            server.wait_for_url()        # make prints the URL with the token (Voilà prints "...")
            token = server.token
            # then wait until Voilà says it listens (a GET of / would start a kernel)
            server.wait_for_url(r"is running at:\s+(http://127\.0\.0\.1:\d+)/\?token=(\.\.\.)")
            server.token = token
            break
        except RuntimeError:
            server.stop()
            if attempt == 2:
                raise
    server.notebook, server.views = APP, APP_VIEWS
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------- the browser

@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing: {INSTALL_HINT}", pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A fresh context and page, 1280×900 (the notebook column is JupyterLab's default width).

    `page.outside` lists every request that tried to leave 127.0.0.1.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    p = context.new_page()
    p.outside = []
    p.on("request", lambda r: r.url.startswith(LOCAL) or p.outside.append(r.url))
    try:
        yield p
    finally:
        context.close()
