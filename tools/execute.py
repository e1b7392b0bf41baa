"""Re-execute notebooks in place, top to bottom in a fresh kernel, and store them clean.

    python tools/execute.py notebooks/*.ipynb        (or: make notebooks [NB=path])

Clean means: execution counts in order, no saved widget state, no widget-view outputs
(without their state they would show "model not found" to a reader; the static figure
before each view, or the still a view carries beside its widget view, stands in for them), and each cell's printed text as one stream however
the kernel flushed it (so re-executing changes nothing that did not change). Fails,
writing nothing, when a cell raises.
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_widgets(nb):
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.outputs:
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                data.pop(WIDGET_VIEW)          # a widget view: meaningless without its kernel …
                if set(data) <= {"text/plain"}:
                    continue                   # … but a picture beside it (the live editor's PNG still) stays
            if (out.output_type == "stream" and kept and kept[-1].output_type == "stream"
                    and kept[-1].name == out.name):
                kept[-1].text += out.text      # one stream, however the kernel happened to flush it
                continue
            kept.append(out)
        cell.outputs = kept
    return nb


def execute(path):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - t0
    nbformat.write(strip_widgets(nb), path)
    print(f"{path}: executed in {seconds:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for p in sys.argv[1:]:
        execute(p)
