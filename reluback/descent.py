"""The descent explorer: θ ← θ − lr · ∂J/∂θ on XOR, step by step, four linked panels.

    view = rb.widgets.descent_explorer()          # then press Play

Panels: (1) f over the input plane with the kink lines s_P = 0, r_P = 0; (2) the hidden space
(s_a, r_a) with the four points moving (the book's Figure 6.1 forming); (3) the loss curve,
log scale, current step marked; (4) the nine entries of ∂J/∂θ as bars.

Speed. A run is trained once per change of lr, seed, scale, steps or start (rb.train, every
step kept); moving the step slider only redraws. A frame is a blit (canvas.py): restore the
static background, draw the artists that move, encode. What keeps it fast, measured on the
2-core development machine (benchmarks/bench_descent.py):
- the heatmap is 41 × 41 values drawn with interpolation "nearest": no resampling filter, and
  its forward pass is ~40 µs, so it is computed per frame instead of stored for every step;
- only moving things are animated, and few texts among them (Agg renders a text's glyphs anew
  each frame, ~1.2 ms each): the four inputs are told apart by marker shape, explained once in
  a legend outside the heatmap, instead of four moving "(0,1)" tags; one text for step and J;
- the mathtext in the moving text is gone: a changing "$J$ = …" is re-parsed every frame (~10 ms);
- the PNG is encoded by canvas.png_bytes: numpy "up" filter + zlib level 1, ~5.5 ms for this
  960 × 680 figure where PIL's PNG at compress_level=1 takes ~16 ms (level 0: ~13 ms and 2 MB),
  for a file of about the same size (~110 kB); JPEG would be cheaper still but blurs the text.
"""
import hashlib
import re
from pathlib import Path

import ipywidgets as widgets
import numpy as np
from matplotlib import rc_context
from matplotlib.animation import FuncAnimation
from matplotlib.lines import Line2D
from PIL import Image

from .canvas import FigureWidget, View, new_figure
from .lessons import diagnose, presets, random_start
from .net import xor_data
from .plots import R_COLOR, S_COLOR, HiddenSpace, InputPlane
from .train import train

FONT = {"font.size": 12, "axes.titlesize": 13, "axes.labelsize": 13, "xtick.labelsize": 11,
        "ytick.labelsize": 11, "legend.fontsize": 10}
RANDOM = "random start (seed, scale)"
# the nine entries of ∂J/∂θ, grouped by unit: (name, getter, colour)
ENTRIES = ([(f"$w_{{{i + 1}{j + 1}}}$", lambda P, i=i, j=j: P[0][..., i, j], col)
            for j, col in ((0, S_COLOR), (1, R_COLOR)) for i in range(2)]
           + [(f"$c_{j + 1}$", lambda P, j=j: P[1][..., j], col) for j, col in ((0, S_COLOR), (1, R_COLOR))]
           + [(f"$v_{j + 1}$", lambda P, j=j: P[2][..., j], col) for j, col in ((0, S_COLOR), (1, R_COLOR))]
           + [("$b$", lambda P: np.asarray(P[3]), "0.45")])
ORDER = [0, 1, 4, 6, 2, 3, 5, 7, 8]      # unit 1's four, unit 2's four, then b
MARKERS = ["o", "s", "^", "D"]           # (0,0) (0,1) (1,0) (1,1): white for f* = 0, black for f* = 1


class DescentFigure:
    """The four panels for one training run (a History): set_run(history) once, show(k) per step."""

    def __init__(self, history, width=9.6, height=6.8, dpi=100, res=41):
        self.u, self.f_star = xor_data()
        with rc_context(FONT):
            self.figure = fig = new_figure(width, height, dpi)
            (a1, a2), (a3, a4) = fig.subplots(2, 2, gridspec_kw=dict(width_ratios=[1, 1.15]))
            start = history.at(0)
            self.plane = InputPlane(a1, start, res=res, colorbar=False, interpolation="nearest",
                                    labels=False, legend=False)
            a1.set_title("(1) $f(u)$ and the kinks $s_P = 0$, $r_P = 0$")
            self.hidden = HiddenSpace(a2, start, lim=(-0.1, 1.0))
            a2.set_title("(2) hidden space $(s_a, r_a)$")
            for t in self.hidden.labels:      # a text costs ~1.2 ms a frame: a marker per input instead
                t.set_visible(False)
            dots = [ln for ln in self.plane.artists if isinstance(ln, Line2D) and ln not in self.plane.kinks]
            for n, (m, d) in enumerate(zip(MARKERS, self.hidden.points)):
                d.set_marker(m)
                dots[n].set_marker(m)
            a1.legend(handles=[*self.plane.kinks, *dots],
                      labels=["$s_P = 0$", "$r_P = 0$", *(f"({x:g},{y:g}) $f^*$={t:g}"
                                                           for (x, y), t in zip(self.u, self.f_star))],
                      loc="upper left", bbox_to_anchor=(1.0, 1.02), fontsize=11, frameon=False, handlelength=1.2)
            a2.get_legend().remove()
            a2.legend(handles=[self.hidden.boundary], loc="upper right", fontsize=11)
            a3.set(yscale="log", xlabel="step", ylabel="$J$", title="(3) loss $J$ (log scale)")
            self.curve, = a3.plot([], [], color="0.2", lw=1.8)
            self.marker, = a3.plot([], [], "o", ms=9, color="#E69F00", mec="black", zorder=4)
            self.now = a3.axvline(0, color="#E69F00", lw=1.2)
            self.text = a3.text(0.98, 0.95, "", transform=a3.transAxes, ha="right", va="top", fontsize=12)
            names = [ENTRIES[i][0] for i in ORDER]
            self.bars = a4.bar(range(9), np.zeros(9), color=[ENTRIES[i][2] for i in ORDER], width=0.7)
            self.zeros = a4.scatter([], [], marker="x", s=70, color="black", zorder=4, lw=2,
                                    label="exactly 0")
            a4.axhline(0, color="0.3", lw=0.8)
            a4.set_xticks(range(9), names)
            for t, i in zip(a4.get_xticklabels(), ORDER):
                t.set_color(ENTRIES[i][2])
            # the key in the title: a legend inside would sit under the bars drawn over it
            a4.set(yscale="symlog", title=r"(4) $\partial J/\partial\theta$ at this step   (× = exactly 0)")
            self.axes = (a1, a2, a3, a4)
        self.artists = [*self.plane.artists, *self.hidden.points, *self.hidden.counts, self.hidden.note,
                        self.hidden.boundary, self.marker, self.now, self.text, *self.bars, self.zeros]
        self.set_run(history)

    def set_run(self, history):
        """The static parts that belong to a run: the loss curve, the axis limits."""
        self.history = h = history
        T = h.steps
        with np.errstate(all="ignore"):
            ok = np.isfinite(h.loss) & (h.loss < 1e3)                   # before it blew up
            ks = np.flatnonzero(ok) if ok.any() else np.array([0])
            w, c = h.params.w[ks], h.params.c[ks]
            act = np.maximum(np.einsum("nd,tdh->tnh", self.u, w) + c[:, None, :], 0)
            top = float(np.clip(np.nanmax(act), 1.0, 20.0)) * 1.15
            self.hidden.lim = (-0.08 * top, top)
            self.hidden.ax.set(xlim=self.hidden.lim, ylim=self.hidden.lim)
            a3 = self.axes[2]
            J = np.clip(h.loss, 1e-16, None)
            self.curve.set_data(np.arange(T + 1), J)
            up = J[-1] > J[0]                                          # a rising curve fills the top right
            self.text.set_y(0.05 if up else 0.95)
            self.text.set_va("bottom" if up else "top")
            a3.set_xlim(-0.02 * max(T, 1), 1.02 * max(T, 1))
            a3.set_ylim(max(np.nanmin(J), 1e-16) / 3, np.nanmax(J) * 3)
            g = max(float(np.nanmax(np.abs(np.concatenate([np.ravel(x) for x in h.grads])))), 1e-3)
            a4 = self.axes[3]
            a4.set_yscale("symlog", linthresh=1e-4)
            a4.set_ylim(-2 * g, 2 * g)
            top = int(np.ceil(np.log10(2 * g)))
            every = max(1, (top + 4) // 3)
            decades = 10.0 ** np.arange(top, -5, -every)
            a4.set_yticks(np.concatenate([decades, [0.0], -decades[::-1]]))
            a4.set_ylabel("value (symlog scale)")

    def show(self, k):
        """Put the artists at step k (clamped to the run); returns the clamped k."""
        h = self.history
        k = int(min(max(k, 0), h.steps))
        theta = h.at(k)
        with np.errstate(all="ignore"):
            self.plane.update(theta)
            self.hidden.update(theta)
            J = max(float(h.loss[k]), 1e-16)
            self.marker.set_data([k], [J])
            self.now.set_xdata([k, k])
            self.text.set_text(f"step {k}   J = {h.loss[k]:.3g}")   # plain text: mathtext would be re-parsed every frame (~10 ms)
            grads = [float(ENTRIES[i][1](h.grads)[k]) for i in ORDER]
            for bar, d in zip(self.bars, grads):
                bar.set_height(d if np.isfinite(d) else 0.0)
            zero = [x for x, d in enumerate(grads) if d == 0.0]
            self.zeros.set_offsets(np.column_stack([zero, np.zeros(len(zero))]) if zero else np.empty((0, 2)))
        return k


class DescentExplorer(View):
    """Gradient descent on XOR with sliders and Play; see the module docstring."""

    def __init__(self, lr=None, seed=0, scale=1.0, steps=None, start=RANDOM, max_steps=5000):
        super().__init__()
        self.presets = presets()
        self.u, self.f_star = xor_data()
        lay = lambda w="330px": widgets.Layout(width=w)
        style = {"description_width": "80px"}
        C = self.controls
        C["start"] = widgets.Dropdown(options=[RANDOM, *self.presets], value=RANDOM, description="start",
                                      layout=lay("330px"), style=style)
        C["lr"] = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=1, step=0.05, description="lr",
                                         readout_format=".3g", layout=lay(), style=style)
        C["seed"] = widgets.IntSlider(value=0, min=0, max=999, description="seed", layout=lay(), style=style)
        C["scale"] = widgets.FloatLogSlider(value=1.0, base=10, min=-2, max=1, step=0.05,
                                            description="init scale", readout_format=".3g", layout=lay(), style=style)
        C["steps"] = widgets.IntSlider(value=300, min=0, max=max_steps, step=10, description="steps",
                                       layout=lay(), style=style)
        C["step"] = widgets.IntSlider(value=0, min=0, max=300, description="step", layout=lay("560px"),
                                      style=style)
        C["play"] = widgets.Play(value=0, min=0, max=300, interval=40, description="play")
        C["speed"] = widgets.IntSlider(value=40, min=10, max=500, step=10, description="ms / frame",
                                       layout=lay("300px"), style=style)
        C["reset"] = widgets.Button(description="reset", tooltip="back to step 0, paused", layout=lay("80px"))
        C["gif"] = widgets.Button(description="save GIF", layout=lay("110px"))
        widgets.jslink((C["play"], "value"), (C["step"], "value"))     # in the browser: no round trip
        widgets.jslink((C["speed"], "value"), (C["play"], "interval"))
        self._quiet = False
        self.history = train(self.u, self.f_star, random_start(0), 0.1, 300)
        self.panels = DescentFigure(self.history)
        self.canvas = FigureWidget(self.panels.figure, animated=self.panels.artists)
        for name in ("lr", "seed", "scale", "steps"):
            C[name].observe(self._guarded(self.retrain), names="value")
        C["start"].observe(self._guarded(self._on_start), names="value")
        C["step"].observe(self._guarded(lambda change: self.update()), names="value")
        C["reset"].on_click(self._guarded(lambda _: self.reset()))
        C["gif"].on_click(self._guarded(lambda _: self.say(f"saved the run as {self.save_gif().resolve()}")))
        self.widget = widgets.VBox([
            widgets.HBox([C["start"], C["lr"], C["steps"]]),
            widgets.HBox([C["seed"], C["scale"], C["gif"]]),
            widgets.HBox([C["play"], C["reset"], C["step"], C["speed"]]),
            self.status, self.canvas.image])
        given = dict(lr=lr, steps=steps)
        self.set(start=start, seed=seed, scale=scale, **{k: x for k, x in given.items() if x is not None})

    # ---- driving it -------------------------------------------------------------------
    def _guarded(self, fn):
        def run(*args):
            try:
                fn(*args)
            except Exception as err:          # a learner sees words, never a traceback
                self.say(f"This setting could not be shown ({type(err).__name__}: {err}).", warn=True)
        return run

    def set(self, **values):
        """Set several controls and retrain once: view.set(lr=0.5, seed=3) or view.set(start="dead unit").
        A preset brings its own lr and steps unless they are given too."""
        p = self.presets.get(values.get("start"))
        if p is not None:
            values = {"lr": p.lr, "steps": p.steps, **values}
        self._quiet = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._quiet = False
        self.retrain()

    def _on_start(self, change):
        if not self._quiet:
            self.set(start=change["new"])

    def start_params(self):
        C = self.controls
        p = self.presets.get(C["start"].value)
        return p.start if p is not None else random_start(int(C["seed"].value), float(C["scale"].value))

    def retrain(self, change=None):
        """Train the run for the current lr, start and steps (once), then show step 0."""
        if self._quiet:
            return
        C = self.controls
        if change is not None and change["owner"] in (C["seed"], C["scale"]) and C["start"].value != RANDOM:
            self._quiet = True              # moving seed or scale means: a random start again
            C["start"].value = RANDOM
            self._quiet = False
        self.history = h = train(self.u, self.f_star, self.start_params(), float(C["lr"].value),
                                 int(C["steps"].value))
        self.panels.set_run(h)
        self._quiet = True
        C["play"].playing = False
        for name in ("step", "play"):
            C[name].max = max(h.steps, 1)
            C[name].value = 0
        self._quiet = False
        self.canvas.set_animated(self.panels.artists)       # the background changed: redraw it
        self.update()

    def update(self):
        if self._quiet:
            return
        k = self.panels.show(self.controls["step"].value)
        self.canvas.blit()
        self.say(self.describe(k))

    def describe(self, k):
        h = self.history
        text = f"step {k} of {h.steps}, J = {h.loss[k]:.4g}: {diagnose(h, k, self.u, self.f_star)}"
        if h.diverged and self.controls["steps"].value > h.steps:
            text += f" (the run stops there: the step slider ends at {h.steps})"
        if h.steps == 0:
            text += " — steps = 0: nothing to animate, set steps > 0"
        return text

    def reset(self):
        self.controls["play"].playing = False
        self.controls["play"].value = 0
        self.controls["step"].value = 0

    def say(self, text, warn=False):
        warn = warn or self.history.diverged
        super().say(text.replace("&", "&amp;").replace("<", "&lt;"), warn=warn)

    # ---- export ----------------------------------------------------------------------
    def frame_steps(self, frames=60):
        """≤ `frames` steps spread over the run, denser at the start where most happens."""
        T = self.history.steps
        ks = np.unique(np.round(T * np.linspace(0, 1, frames) ** 2).astype(int))
        return [int(k) for k in ks]

    def _small_figure(self, dpi):
        """The same four panels at a lower dpi, laid out once (then the layout is frozen)."""
        panels = DescentFigure(self.history, dpi=dpi)
        panels.figure.canvas.draw()
        panels.figure.set_layout_engine("none")
        return panels

    def save_gif(self, path=None, frames=60, fps=12, dpi=70):
        """Write the current run as an animated GIF (Pillow; no ffmpeg) and return its path.
        Frames are blitted like the explorer's: the axes are drawn once."""
        path = Path(path or Path("build") / f"descent_{self.controls['start'].value.split(' ')[0]}.gif")
        path.parent.mkdir(parents=True, exist_ok=True)
        panels = self._small_figure(dpi)
        canvas = FigureWidget(panels.figure, animated=panels.artists)
        images = []
        for k in self.frame_steps(frames):
            panels.show(k)
            canvas.blit()
            rgb = np.asarray(canvas.canvas.buffer_rgba())[..., :3]
            images.append(Image.fromarray(rgb).quantize(64, method=Image.Quantize.FASTOCTREE))
        images[0].save(path, save_all=True, append_images=images[1:], duration=int(1000 / fps), loop=0)
        return path

    def animation(self, frames=30, dpi=64):
        """A FuncAnimation of the current run for .to_jshtml(): the input plane and the hidden space
        only (the XOR solution forming), small, so a stored notebook plays it without a kernel."""
        with rc_context(FONT):
            fig = new_figure(8.4, 3.9, dpi)
            a1, a2 = fig.subplots(1, 2)
            plane = InputPlane(a1, self.history.at(0), res=41, colorbar=False, interpolation="nearest",
                               labels=False, legend=False)
            hidden = HiddenSpace(a2, self.history.at(0), lim=self.panels.hidden.lim)
            a1.set_title("$f(u)$, kinks $s_P = 0$, $r_P = 0$")
            a2.set_title("hidden space $(s_a, r_a)$")
            title = fig.suptitle(f"step 0 of {self.history.steps}:  J = {self.history.loss[0]:.3g}")
        ks = self.frame_steps(frames)
        fig.canvas.draw()
        fig.set_layout_engine("none")

        def frame(i):
            theta = self.history.at(ks[i])
            with np.errstate(all="ignore"):
                plane.update(theta)
                hidden.update(theta)
            title.set_text(f"step {ks[i]} of {self.history.steps}:  J = {self.history.loss[ks[i]]:.3g}")
            return ()
        return FuncAnimation(fig, frame, frames=len(ks), interval=150, blit=False)


# matplotlib's jshtml player loads Font Awesome from a CDN for its button icons; a stored notebook
# must not reach the network, so the link goes and the icons become plain characters.
_ICONS = {"fa fa-play fa-flip-horizontal": "◀", "fa fa-minus": "−", "fa fa-fast-backward": "|◀◀",
          "fa fa-step-backward": "|◀", "fa fa-pause": "❚❚", "fa fa-play": "▶", "fa fa-step-forward": "▶|",
          "fa fa-fast-forward": "▶▶|", "fa fa-plus": "+"}


def jshtml(anim):
    """anim.to_jshtml() with JPEG frames (~30 kB instead of ~70 kB each) and no request to a CDN."""
    with rc_context({"animation.frame_format": "jpeg"}):
        html = anim.to_jshtml()
    html = re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*"\s*>', "", html)
    for cls, text in _ICONS.items():
        html = html.replace(f'<i class="{cls}"></i>', text)
    if "http://" in html or "https://" in html:
        raise RuntimeError("the jshtml player still refers to the network")
    # matplotlib names the player's elements with a random uuid; a name from the frames themselves
    # keeps a re-executed notebook unchanged when its animation is
    uid = re.search(r"_anim_img([0-9a-f]{32})", html).group(1)
    return html.replace(uid, hashlib.sha1(html.replace(uid, "").encode()).hexdigest()[:32])


def descent_explorer(lr=None, seed=0, scale=1.0, steps=None, start=RANDOM):
    """Gradient descent on XOR, animated: sliders for lr, seed, init scale, steps, step; Play;
    named starts that each show a lesson (start="dead unit", …). Returns a DescentExplorer:
    display it; `.controls` (name → widget) and `.figure` drive it without a browser.
    lr and steps default to 0.1 and 300, or to the preset's when `start` names one."""
    return DescentExplorer(lr=lr, seed=seed, scale=scale, steps=steps, start=start)
