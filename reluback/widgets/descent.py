"""The descent explorer: θ ← θ − lr · ∂J/∂θ on XOR, step by step, four linked panels.

    view = rb.widgets.descent_explorer()          # then press Play

state: the run, rb.train(start, lr, steps), and the step k; figure: DescentFigure (descent_figure.py),
set_run(history) once per run and show(k) per step; controller: DescentExplorer. Export: export.py.

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
from pathlib import Path

import ipywidgets as widgets

from ..lessons import presets, random_start
from ..net import xor_data
from ..train import train
from ..words import diagnose
from . import export
from .canvas import View, as_number
from .descent_figure import DescentFigure

__all__ = ["RANDOM", "DescentExplorer", "descent_explorer"]

RANDOM = "random start (seed, scale)"
_LIMITS = dict(lr=(1e-3, 10.0), seed=(0, 999), scale=(1e-2, 10.0))


class DescentExplorer(View):
    """Gradient descent on XOR with sliders and Play; see the module docstring."""

    def __init__(self, lr=None, seed=0, scale=1.0, steps=None, start=RANDOM, max_steps=5000):
        super().__init__()
        self.presets = presets()
        self.u, self.f_star = xor_data()
        self.max_steps = as_number("max_steps", max_steps, 10, 100_000, "the steps slider's end", integer=True)
        values = self._check(start=start, seed=seed, scale=scale, lr=lr, steps=steps)
        self._controls()
        self.history = train(self.u, self.f_star, random_start(0), 0.1, 300)
        self.panels = DescentFigure(self.history)
        self.fig, self.canvas = self.panels, self.panels.canvas
        self.connect(["lr", "steps"], self.retrain)
        self.connect(["seed", "scale"], self._random_again)
        self.connect(["start"], lambda: self.set(start=self.controls["start"].value))
        self.connect(["step"], self.refresh)
        self.on_click("reset", self.reset)
        self.on_click("gif", lambda: self.say(f"saved the run as {self.save_gif().resolve()}"))
        C = self.controls
        self.widget = widgets.VBox([
            widgets.HBox([C["start"], C["lr"], C["steps"]]), widgets.HBox([C["seed"], C["scale"], C["gif"]]),
            widgets.HBox([C["play"], C["reset"], C["step"], C["speed"]]), self.status, self.canvas.image])
        self.set(**values)

    def _check(self, **given):
        """The constructor's and set()'s arguments, checked: a ValueError naming the first bad one."""
        out = {}
        for name, x in given.items():
            if x is None:
                continue
            if name == "start":
                if not isinstance(x, str) or x not in (RANDOM, *self.presets):
                    raise ValueError(f"start must be one of {', '.join(map(repr, (RANDOM, *self.presets)))}; "
                                     f"got {x!r}")
                out[name] = x
            elif name == "steps":
                out[name] = as_number("steps", x, 0, self.max_steps, "the number of steps", integer=True)
            elif name in _LIMITS:
                what = {"lr": "the learning rate", "seed": "the random start's seed", "scale": "the init scale"}
                out[name] = as_number(name, x, *_LIMITS[name], what[name], integer=name == "seed")
            elif name in self.controls:
                out[name] = x
            else:
                raise ValueError(f"{name!r} is not a control; the controls are {', '.join(self.controls)}")
        return out

    def _controls(self):
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
        C["steps"] = widgets.IntSlider(value=300, min=0, max=self.max_steps, step=10, description="steps",
                                       layout=lay(), style=style)
        C["step"] = widgets.IntSlider(value=0, min=0, max=300, description="step", layout=lay("560px"), style=style)
        C["play"] = widgets.Play(value=0, min=0, max=300, interval=40, description="play")
        C["speed"] = widgets.IntSlider(value=40, min=10, max=500, step=10, description="ms / frame",
                                       layout=lay("300px"), style=style)
        C["reset"] = widgets.Button(description="reset", tooltip="back to step 0, paused", layout=lay("80px"))
        C["gif"] = widgets.Button(description="save GIF", layout=lay("110px"))
        widgets.jslink((C["play"], "value"), (C["step"], "value"))     # in the browser: no round trip
        widgets.jslink((C["speed"], "value"), (C["play"], "interval"))

    # ---- driving it -------------------------------------------------------------------
    def set(self, **values):
        """Set several controls and retrain once: view.set(lr=0.5, seed=3) or view.set(start="dead unit").
        A preset brings its own lr and steps unless they are given too. A bad value: a ValueError naming it."""
        values = self._check(**values)
        p = self.presets.get(values.get("start"))
        if p is not None:
            values = {"lr": p.lr, "steps": p.steps, **values}
        with self.quiet():
            for name, value in values.items():
                self.controls[name].value = value
        self.run(self.retrain)

    def _random_again(self):
        """Moving seed or scale means: a random start again."""
        with self.quiet():
            self.controls["start"].value = RANDOM
        self.retrain()

    def start_params(self):
        C = self.controls
        p = self.presets.get(C["start"].value)
        return p.start if p is not None else random_start(int(C["seed"].value), float(C["scale"].value))

    def retrain(self):
        """Train the run for the current lr, start and steps (once), then show step 0."""
        C = self.controls
        h = train(self.u, self.f_star, self.start_params(), float(C["lr"].value), int(C["steps"].value))
        self.history = h
        self.panels.set_run(h)
        with self.quiet():
            C["play"].playing = False
            for name in ("step", "play"):
                C[name].max = max(h.steps, 1)
                C[name].value = 0
        self.refresh()

    def refresh(self):
        k = self.panels.show(self.controls["step"].value)
        self.say(self.describe(k), warn=self.history.diverged)

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

    # ---- export ----------------------------------------------------------------------
    def frame_steps(self, frames=60):
        """≤ `frames` steps spread over the run, denser at the start where most happens."""
        return export.frame_steps(self.history.steps, frames)

    def save_gif(self, path=None, frames=60, fps=12, dpi=70):
        """Write the current run as an animated GIF (Pillow; no ffmpeg) and return its path; a path
        that cannot be a GIF (not ending in .gif), or frames, fps, dpi out of range: a ValueError first."""
        default = Path("build") / f"descent_{self.controls['start'].value.split(' ')[0]}.gif"
        return export.save_gif(self.history, export.gif_path(path, default), frames, fps, dpi)

    def animation(self, frames=30, dpi=64):
        """A FuncAnimation of the current run for .to_jshtml() (export.animation)."""
        return export.animation(self.history, self.panels.hidden.lim, frames, dpi)


def descent_explorer(lr=None, seed=0, scale=1.0, steps=None, start=RANDOM):
    """Gradient descent on XOR, animated: sliders for lr, seed, init scale, steps, step; Play;
    named starts that each show a lesson (start="dead unit", …). Returns a DescentExplorer:
    display it; `.controls` (name → widget) and `.figure` drive it without a browser.
    lr and steps default to 0.1 and 300, or to the preset's when `start` names one.
    A value outside its slider's range (lr 0.001 … 10, seed 0 … 999, scale 0.01 … 10,
    steps 0 … 5000) or an unknown start: a ValueError naming it."""
    return DescentExplorer(lr=lr, seed=seed, scale=scale, steps=steps, start=start)
