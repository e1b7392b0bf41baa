"""The backward stepper (notebook 04): the one-sample graph, revealed one gradient at a time.

state: graph.sample_graph (once per view) and graph.stepper_state(graph, step, guess);
figure: GraphFigure (graph_figure.py); controller: BackwardStepper, on View.
Predict, then reveal: pick a sign for the next node's gradient before revealing it, and the
words under the picture say how the guess compares.
"""
import html

import ipywidgets as widgets

from ..graph import SIGNS, partial, sample_graph, stepper_state
from ..net import example_nets, xor_data
from .canvas import View, as_params, pick_net
from .graph_figure import GraphFigure

__all__ = ["BackwardStepper", "backward_stepper", "stepper_words"]

NO_GUESS = ""


def stepper_words(state, guess=NO_GUESS, guessed_now=False):
    """(head, chain-rule line, further lines) the stepper says for `state`, as plain text.

    guess: the learner's pick for the next node ('' none); guessed_now: it was made at this step
    (so it is for state.next, not yet judged)."""
    labels = state.labels
    ask = (f"Next: {partial(labels[state.next])}. Predict its sign, then reveal."
           if state.next is not None else "Every gradient is revealed.")
    if guess != NO_GUESS and guessed_now and state.next is not None:
        ask = f"Your guess for {partial(labels[state.next])}: {guess}. Now reveal it."
    return f"step {state.step} of {state.last}:", state.line, [x for x in (state.pattern, state.verdict, ask) if x]


class BackwardStepper(View):
    """controls: "step" (0 … every node), "guess" ('', '+', '−', '0'), "next" (a button: step + 1)."""

    def __init__(self, net="skewed (no sample on a kink)", n=3, step=0):
        super().__init__()
        label, nets = pick_net(net, example_nets(), lambda p: as_params(p, "net"))
        u, f_star = xor_data()
        self.graph = sample_graph(u, *nets[label], f_star, n=n)
        self.state = stepper_state(self.graph, step)          # a bad step: a ValueError naming it
        self.fig = GraphFigure(self.graph, height=6.0, caption=False)   # the chain rule goes in the words
        self.canvas = self.fig.canvas
        self.controls = {
            "step": widgets.IntSlider(value=step, min=0, max=self.state.last, description="step",
                                      continuous_update=False, layout=widgets.Layout(width="26em")),
            "guess": widgets.ToggleButtons(options=[("no guess", NO_GUESS), *zip(SIGNS, SIGNS)],
                                           value=NO_GUESS, description="predict",
                                           style={"button_width": "6.5em"}),
            "next": widgets.Button(description="reveal next ▶"),
        }
        self.words = widgets.HTML()                # the pattern, the verdict, what to do next
        self._guessed_at = None                    # the step at which the current guess was made
        self.widget = widgets.VBox([widgets.HBox([self.controls["step"], self.controls["next"]]),
                                    self.controls["guess"], self.canvas.image, self.status, self.words])
        self.connect(["step"])
        self.connect(["guess"], self._on_guess)
        self.on_click("next", self._reveal_next)
        self.run(self.refresh)

    def _on_guess(self):
        self._guessed_at = self.controls["step"].value
        self.refresh()

    def _reveal_next(self):
        step = self.controls["step"]
        step.value = min(step.value + 1, step.max)          # calls refresh (connect)

    def refresh(self):
        step, guess = self.controls["step"].value, self.controls["guess"].value
        fresh = guess != NO_GUESS and self._guessed_at == step - 1      # made just before this reveal
        state = stepper_state(self.graph, step, guess if fresh else None)
        self.fig.show(state)
        head, line, rest = stepper_words(state, guess, self._guessed_at == step)
        self.say(line, head=head)
        self.words.value = "<br>".join(html.escape(x, quote=False) for x in rest)
        if fresh:                                  # judged: back to "no guess", ready for the next node
            with self.quiet():
                self.controls["guess"].value = NO_GUESS
        self.state = state


def backward_stepper(net="skewed (no sample on a kink)", n=3, step=0):
    """The backward pass on one sample's graph, one node per step, with predict-then-reveal.

    net: the name of one of net.example_nets() (as the slope explorer's) or a Params with w of
    shape (2, 2); n: the XOR sample (0 … 3; 3 is u = (1, 1)); step: where to start (0: nothing revealed).
    """
    return BackwardStepper(net, n, step)
