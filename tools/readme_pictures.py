"""Write the README's pictures from the views themselves (never by hand).

    .venv/bin/python tools/readme_pictures.py        → docs/img/weight_editor.png, docs/img/loss_parabola.png

Each picture is the view's own frame (view.canvas.image.value), as a learner sees it in JupyterLab.
"""
import io
from pathlib import Path

import numpy as np
from PIL import Image

import reluback as rb
from reluback.widgets import loss_parabola, weight_editor

OUT = Path(__file__).resolve().parent.parent / "docs" / "img"


def save(path, png):
    """The frame, re-encoded at full compression (the views encode fast, not small)."""
    Image.open(io.BytesIO(bytes(png))).save(path, format="png", optimize=True)
    print(path)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    editor = weight_editor(rb.book_solution())           # the book's solution: Figure 6.1, J = 0
    save(OUT / "weight_editor.png", editor.canvas.image.value)
    net = rb.Params(w=np.array([[0.7, -1.3], [0.4, 0.9]]), c=np.array([-0.1, 0.3]),
                    v=np.array([1.5, -0.8]), b=0.25)     # notebook 02's example net
    parabola = loss_parabola(net, b=0.9)
    save(OUT / "loss_parabola.png", parabola.canvas.image.value)


if __name__ == "__main__":
    main()
