"""The backward stepper (notebook 04): the one-sample graph, revealed one gradient at a time.

A thin controller: the step slider (or "reveal next") → graph.stepper_state → GraphFigure.show.
Predict, then reveal: pick a sign for the next node's gradient before revealing it, and the
line under the picture says how the guess compares.
"""
import html

import ipywidgets as widgets

from .canvas import FigureWidget, View
from .graph import SIGNS, partial, sample_graph, stepper_state
from .graphfig import GraphFigure
from .net import xor_data
from .slopes import _pick_net, presets

__all__ = ["BackwardStepper", "backward_stepper"]

_NO_GUESS = ""


class BackwardStepper(View):
    """controls: "step" (0 … every node), "guess" ('', '+', '−', '0'), "next" (a button: step + 1)."""

    def __init__(self, net="skewed (no sample on a kink)", n=3, step=0):
        super().__init__()
        label, nets = _pick_net(net, presets())
        u, f_star = xor_data()
        self.graph = sample_graph(u, *nets[label], f_star, n=n)
        last = len(self.graph.order)
        if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= last:
            raise ValueError(f"step must be an integer from 0 (nothing revealed) to {last}; got {step!r}")
        self.picture = GraphFigure(self.graph, height=6.0, caption=False)   # the chain rule goes in the text
        self.canvas = FigureWidget(self.picture.figure, animated=self.picture.animated)
        self.controls = {
            "step": widgets.IntSlider(value=step, min=0, max=last, description="step",
                                      continuous_update=False, layout=widgets.Layout(width="26em")),
            "guess": widgets.ToggleButtons(options=[("no guess", _NO_GUESS), *zip(SIGNS, SIGNS)],
                                           value=_NO_GUESS, description="predict",
                                           style={"button_width": "6.5em"}),
            "next": widgets.Button(description="reveal next ▶"),
        }
        self._guessed_at, self._clearing = None, False     # the step at which the guess was made
        self.widget = widgets.VBox([widgets.HBox([self.controls["step"], self.controls["next"]]),
                                    self.controls["guess"], self.canvas.image, self.status])
        self.update()
        self.controls["step"].observe(self._on_change, names="value")
        self.controls["guess"].observe(self._on_guess, names="value")
        self.controls["next"].on_click(self._reveal_next)

    def _on_guess(self, change):
        if self._clearing:
            return
        self._guessed_at = self.controls["step"].value
        self._on_change(change)

    def _clear_guess(self):
        """Back to "no guess" once a guess has been judged, without redrawing: ready for the next node."""
        self._clearing = True
        try:
            self.controls["guess"].value = _NO_GUESS
        finally:
            self._clearing = False

    def _reveal_next(self, _button):
        step = self.controls["step"]
        step.value = min(step.value + 1, step.max)

    def update(self):
        step, guess = self.controls["step"].value, self.controls["guess"].value
        fresh = guess != _NO_GUESS and self._guessed_at == step - 1      # made just before this reveal
        state = stepper_state(self.graph, step, guess if fresh else None)
        self.picture.show(state)
        self.canvas.blit()
        labels = state.labels
        ask = (f"Next: {partial(labels[state.next])}. Predict its sign, then reveal."
               if state.next is not None else "Every gradient is revealed.")
        if guess != _NO_GUESS and self._guessed_at == step:
            ask = f"Your guess for {partial(labels[state.next])}: {guess}. Now reveal it."
        line = f"<b>step {step} of {state.last}:</b> {html.escape(state.line)}"
        words = [html.escape(x) for x in (state.pattern, state.verdict, ask) if x]
        self.say(line + "<br>" + "<br>".join(words))
        if fresh:
            self._clear_guess()
        self.state = state


def backward_stepper(net="skewed (no sample on a kink)", n=3, step=0):
    """The backward pass on one sample's graph, one node per step, with predict-then-reveal.

    net: a preset's name (as the slope explorer's) or a Params with w of shape (2, 2);
    n: the XOR sample (0 … 3; 3 is u = (1, 1)); step: where to start (0: nothing revealed).
    """
    return BackwardStepper(net, n, step)
