"""A matplotlib Figure shown in an ipywidgets.Image, redrawn by blitting.

Why not a live backend: an Image widget needs no front-end extension, renders the same in
JupyterLab, Voilà and nbval, and lets us control the cost of a frame. A frame is:
restore the cached background (axes, ticks, labels, anything static), draw only the
artists that move, encode the pixels as PNG, send. Rebuilding the figure per slider move
would cost ~200 ms here; a blitted frame costs a few milliseconds plus the encoding.
"""
import html
import math
import struct
import time
import zlib
from contextlib import contextmanager

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..net import book_solution, check_params, xor_data

__all__ = ["new_figure", "png_bytes", "FigureWidget", "View", "place", "pick_net", "as_params", "as_number",
           "YOUR_NET"]

YOUR_NET = "the net you passed"


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

    def redraw(self, send=True):
        """Draw everything: the static background once, then the animated artists on top."""
        t0 = time.perf_counter()
        self.canvas.draw()                             # animated artists are skipped here
        if self.freeze_layout and self.figure.get_layout_engine() is not None:
            self.figure.set_layout_engine("none")
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._draw_animated()
        if send:
            self._send(t0)

    def blit(self, send=True):
        """Redraw only the animated artists over the cached background; send=False: leave the
        pixels in the canvas without encoding them for the Image widget (e.g. for a GIF frame)."""
        if self._background is None:
            return self.redraw(send)
        t0 = time.perf_counter()
        self.canvas.restore_region(self._background)
        self._draw_animated()
        if send:
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
    """The controller every view shares: controls in, a state computed, a figure shown, words said.

    A view is three parts (docs/ARCHITECTURE.md):
    - a pure state function: plain data from the controls' values (no widgets, no matplotlib);
    - a figure class, built once, whose show(state) updates its artists and blits;
    - a subclass of View, which fills `self.controls` (name → widget), sets `self.canvas`
      (the figure's FigureWidget) and `self.widget`, and implements refresh(): read the
      controls, compute the state, show it, say it.

    View owns the wiring, once: connect() calls a handler on every change of a control's value;
    `with self.quiet(): …` changes controls without calling it; run() is the one error guard (an
    exception becomes words, and the controls go back to their last good values, which the
    figure still shows); say() HTML-escapes its text. A non-finite number typed into a control
    is refused here, in words, before any handler sees it.
    """

    def __init__(self):
        self.controls = {}
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        self.widget = None
        self._quiet = 0
        self._good = {}

    @property
    def figure(self):
        return self.canvas.figure

    def refresh(self):
        """Read the controls, compute the state, show it and say it (each view implements this)."""
        raise NotImplementedError

    # ---- the wiring ----------------------------------------------------------------------
    def connect(self, names=None, handler=None):
        """Call handler() (default: refresh) under run() whenever one of `names` (default: every
        control with a value) changes, unless quiet; buttons: on_click(name, handler)."""
        handler = handler or self.refresh
        for name in names or [n for n, c in self.controls.items() if hasattr(c, "value")]:
            self.controls[name].observe(lambda change, name=name: self._changed(name, change, handler),
                                        names="value")

    def on_click(self, name, handler):
        """Call handler() under run() when the button controls[name] is clicked."""
        self.controls[name].on_click(lambda _: self.run(handler))

    def _changed(self, name, change, handler):
        if self._quiet:
            return
        new = change["new"]
        if isinstance(new, float) and not math.isfinite(new):
            with self.quiet():
                self.controls[name].value = change["old"]
            label = getattr(self.controls[name], "description", "") or name
            return self.say(f"{label} must be a finite number; got {new}. Kept {label} = {change['old']:g}.",
                            warn=True)
        self.run(handler)

    @contextmanager
    def quiet(self):
        """Inside `with self.quiet():` control changes call no handler (as matplotlib's eventson)."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def run(self, handler, *args):
        """handler(*args), guarded: an exception becomes words in the view (a learner never sees a
        traceback), and the controls go back to their last good values; the figure is unchanged."""
        try:
            handler(*args)
        except Exception as err:
            with self.quiet():
                for name, value in self._good.items():
                    self.controls[name].value = value
            self.say(f"This setting could not be drawn ({type(err).__name__}: {err}).", warn=True)
            return
        self._good = {n: c.value for n, c in self.controls.items()
                      if hasattr(c, "value") and not isinstance(c, widgets.Play)}

    def say(self, text, warn=False, head=""):
        """Show one line under the controls: `head` in bold, then `text`; both are escaped."""
        style = "color:#a40000;font-weight:bold" if warn else ""
        head = f"<b>{html.escape(head, quote=False)}</b> " if head else ""
        self.status.value = f'<span style="{style}">{head}{html.escape(text, quote=False)}</span>'

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def place(slider, value, lo, hi):
    """Give a slider the range [lo, hi] ∪ {value} and the value, in an order that never clamps it."""
    lo, hi = min(lo, value), max(hi, value)
    with slider.hold_trait_notifications():
        slider.min, slider.max = min(lo, slider.min), max(hi, slider.max)     # widen, place, narrow
        slider.value = value
        slider.min, slider.max = lo, hi


def pick_net(net, options, check):
    """(label, options) for `net`: the name of one of `options` (or the start of one: "skewed"), or
    a net checked by `check(net)` and added to the options as YOUR_NET."""
    if isinstance(net, str):
        found = [name for name in options if name.startswith(net)]
        if net not in options and len(found) != 1:
            raise ValueError(f"net must be one of {', '.join(map(repr, options))} (or the start of one) "
                             f"or a Params; got {net!r}")
        return (net if net in options else found[0]), options
    return YOUR_NET, {YOUR_NET: check(net), **options}


def as_params(params, name="params"):
    """params as float64 (w, c, v, b) of the notes' 2-2-1 net (the book's solution when None),
    or a ValueError naming `name`."""
    return book_solution() if params is None else check_params(params, xor_data()[0], name, H=2)[1]


def as_number(name, x, lo=-math.inf, hi=math.inf, what="a number", integer=False):
    """x as a float (or an int) in [lo, hi], or a ValueError naming it and saying what it is for."""
    kind = (int,) if integer else (int, float)
    ok = isinstance(x, kind) or isinstance(x, np.integer) or (not integer and isinstance(x, np.floating))
    if isinstance(x, bool) or not ok or not (math.isfinite(x) and lo <= x <= hi):
        bounds = ([f"{lo:g} ≤ {name}"] if lo > -math.inf else []) + ([f"{name} ≤ {hi:g}"] if hi < math.inf else [])
        rng = ", ".join(["a whole number" if integer else "finite", *bounds])
        raise ValueError(f"{name} must be {what} ({rng}); got {x!r}")
    return int(x) if integer else float(x)
