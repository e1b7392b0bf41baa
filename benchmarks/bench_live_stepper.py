"""The live backward stepper's response time in Chromium: input event → next painted frame, per step.

    python benchmarks/bench_live_stepper.py [--rounds 2]

In the static book (build/book, built first if missing; served from 127.0.0.1), on the page
live_backward_stepper.html: the step slider is focused and stepped by the keyboard, ArrowRight from
step 0 to the last and ArrowLeft back (`rounds` times), then the "reveal next" button is clicked
through once more. For each input or click event the page records event.timeStamp and, in a
requestAnimationFrame callback queued after the view's own (so after its drawing), performance.now():
the frame that shows the step; a setTimeout(0) after it gives "after paint" (as bench_live_editor.py).
Target (issue #13): median ≤ 17 ms (one frame at 60 Hz).

Figures depend on the machine's load: on a shared machine they are noisy; say so when quoting.
"""
import argparse
import functools
import http.server
import subprocess
import sys
import threading

from bench_live_editor import BOOK, ROOT, TARGET_MS, _Quiet, summary
from conftest import CHROMIUM, CHROMIUM_ARGS             # tests/browser, put on the path by bench_live_editor

RECORDER = """() => {
  window.rbLatency = [];
  const record = (e) => {
    if (!e.target.closest || !e.target.closest('.rb-bs')) return;
    const t0 = e.timeStamp;
    requestAnimationFrame(() => {
      const frame = performance.now();
      setTimeout(() => window.rbLatency.push([frame - t0, performance.now() - t0]), 0);
    });
  };
  document.addEventListener('input', record);   // bubbling: after the view's own listener
  document.addEventListener('click', record);
}"""


def steps(page, rounds):
    """Step the slider by keyboard there and back `rounds` times, then click "reveal next" to the end."""
    page.evaluate(RECORDER)
    last = int(page.locator('.rb-bs input[type=range]').get_attribute("max"))
    page.locator('.rb-bs input[type=range]').focus()
    for _ in range(rounds):
        for key in ("ArrowRight", "ArrowLeft"):
            for _ in range(last):
                page.keyboard.press(key)
                page.wait_for_timeout(20)
    button = page.get_by_role("button", name="reveal next ▶")
    for _ in range(last):
        button.click()
        page.wait_for_timeout(20)
    page.wait_for_timeout(300)
    return page.evaluate("() => window.rbLatency")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    if not (BOOK / "live_backward_stepper.html").exists():
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_book.py")], cwd=ROOT, check=True)
    from playwright.sync_api import sync_playwright
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(BOOK)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"http://127.0.0.1:{server.server_port}/live_backward_stepper.html", wait_until="networkidle")
                page.wait_for_selector(".rb-bs canvas")
                page.locator(".rb-bs").scroll_into_view_if_needed()
                median = summary("book (static page, no kernel): a step", steps(page, args.rounds))
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    if median > TARGET_MS:
        print(f"ABOVE TARGET: the median exceeds {TARGET_MS:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
