"""A matplotlib Figure shown in an ipywidgets.Image, redrawn by blitting.

Why not a live backend: an Image widget needs no front-end extension, renders the same in
JupyterLab, Voilà and nbval, and lets us control the cost of a frame. A frame is:
restore the cached background (axes, ticks, labels, anything static), draw only the
artists that move, encode the pixels as PNG, send. Rebuilding the figure per slider move
would cost ~200 ms here; a blitted frame costs a few milliseconds plus the encoding.
"""
import struct
import time
import zlib

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def new_figure(width=9.5, height=4.0, dpi=100, **kwargs):
    """A pyplot-free Figure with an Agg canvas (so it is never shown twice by the inline backend)."""
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained", **kwargs)
    FigureCanvasAgg(fig)
    return fig


def png_bytes(rgba):
    """(h, w, 4) uint8 → PNG bytes, RGBA, lossless: the "up" filter by numpy, then zlib level 1.

    A plot is mostly flat areas, so row minus the row above is mostly zeros, which zlib packs
    almost for free; the alpha channel is kept (dropping it costs a strided copy) and filters
    to zeros too. ~3× cheaper than Pillow's PNG at compress_level=1, for about the same size
    (benchmarks/bench_descent.py)."""
    a = np.asarray(rgba)
    h, w, _ = a.shape
    flat = a.reshape(h, 4 * w)
    rows = np.empty((h, 1 + 4 * w), dtype=np.uint8)
    rows[:, 0] = 2                                            # filter type 2: "up"
    rows[0, 1:] = flat[0]
    np.subtract(flat[1:], flat[:-1], out=rows[1:, 1:])      # row minus the row above, mod 256
    chunk = lambda tag, data: (struct.pack(">I", len(data)) + tag + data
                               + struct.pack(">I", zlib.crc32(tag + data)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


class FigureWidget:
    """Show `figure` in `self.image`; `redraw()` after layout changes, `blit()` after artist updates.

    Artists listed in `animated` are left out of the cached background and drawn on top of it
    at every blit; everything else is drawn once per redraw().
    """

    def __init__(self, figure, animated=(), freeze_layout=False):
        self.figure = figure
        self.freeze_layout = freeze_layout   # keep the first draw's layout: redraws ~70 ms cheaper
        self.canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
        self.animated = []
        # natural size where there is room, shrunk to fit where not; no margin, which would
        # push a full-width image 4 px past its box and give the view a sideways scrollbar
        self.image = widgets.Image(format="png", layout=widgets.Layout(
            width=f"{figure.bbox.width:.0f}px", max_width="100%", height="auto", margin="0"))
        self.frame_seconds = []          # time of each frame (draw + encode), for benchmarks
        self._background = None
        self.set_animated(animated)

    def set_animated(self, artists):
        for a in self.animated:
            a.set_animated(False)
        self.animated = list(artists)
        for a in self.animated:
            a.set_animated(True)
        self._background = None

    def redraw(self):
        """Draw everything: the static background once, then the animated artists on top."""
        t0 = time.perf_counter()
        self.canvas.draw()                             # animated artists are skipped here
        if self.freeze_layout and self.figure.get_layout_engine() is not None:
            self.figure.set_layout_engine("none")
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._draw_animated()
        self._send(t0)

    def blit(self):
        """Redraw only the animated artists over the cached background."""
        if self._background is None:
            return self.redraw()
        t0 = time.perf_counter()
        self.canvas.restore_region(self._background)
        self._draw_animated()
        self._send(t0)

    def _draw_animated(self):
        for a in self.animated:
            if a.get_visible():
                self.figure.draw_artist(a)

    def _send(self, t0):
        self.image.value = png_bytes(self.canvas.buffer_rgba())
        self.frame_seconds.append(time.perf_counter() - t0)

    def __repr__(self):                  # no memory address: stored notebooks stay stable
        w, h = self.figure.bbox.size
        return f"<{type(self).__name__}: {w:.0f}×{h:.0f} px>"

    def _repr_png_(self):
        """A reader without a kernel, and `display(view.figure)`, see the current frame."""
        return bytes(self.image.value)          # the widget holds a memoryview; IPython wants bytes


class View:
    """What every interactive view shares: a figure, its controls, a line of text, one widget.

    Subclasses build `self.figure` and `self.canvas` (a FigureWidget) once, fill
    `self.controls` (name → widget), and implement `update()`; `connect()` calls it on every
    control change. Display the view itself (`view` as a cell's last line) or `view.widget`.
    """

    def __init__(self):
        self.controls = {}
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        self.widget = None

    @property
    def figure(self):
        return self.canvas.figure

    def connect(self):
        for control in self.controls.values():
            if hasattr(control, "value"):
                control.observe(self._on_change, names="value")

    def _on_change(self, change):
        try:
            self.update()
        except Exception as err:             # a learner sees words, never a traceback
            self.say(f"This setting could not be drawn ({type(err).__name__}: {err}).", warn=True)

    def say(self, text, warn=False):
        """Show one line of text under the controls (HTML allowed)."""
        style = "color:#a40000;font-weight:bold" if warn else ""
        self.status.value = f'<span style="{style}">{text}</span>'

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
