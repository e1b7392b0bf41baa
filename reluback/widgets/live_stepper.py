"""The backward stepper drawn in the page: a front-end view that needs no kernel to answer a step.

- live_backward_stepper(net, n, step): the graph of one sample (graph.sample_graph, built once),
  revealed one gradient per step by JavaScript in the page (reluback/widgets/js/backward_stepper.js,
  with the shared plot.js in front): boxes with the notes' letters, values above, ∂J/∂node below in
  the unit's colour, the chain-rule line and its pattern, predict-then-reveal, a line for screen readers.

Nothing is computed in the page. Python serialises, once, everything every step shows: each node's
label, place, colour, value and gradient (and their texts, graph.num), the edges, the reveal order,
and per step stepper_state's line, pattern and verdicts (for a guess of '+', '−', '0'). That dict is
the synced trait `graph`, so a static page (make book) carries it in the stored widget state; the
page moves the synced trait `step`, which Python sees (`view.step`, `view.controls["step"].value`).
A renderer without JavaScript shows the PNG still drawn by the kernel stepper's GraphFigure.
"""
import traitlets

from ..graph import SIGNS, num, partial, sample_graph, stepper_state
from ..net import example_nets, xor_data
from ..plots import unit_color
from .canvas import as_params, pick_net
from .graph_figure import GraphFigure
from .live_editor import Button, PageView, view_module
from .stepper import stepper_words

__all__ = ["LiveBackwardStepper", "live_backward_stepper", "serialise"]

def _node(graph, k):
    node, (col, row), j = graph.nodes[k], graph.place[k], graph.unit[k]
    return dict(label=node.label, col=col, row=row, unit=j, color=unit_color(j) if j is not None else "#000000",
                value=node.data, grad=node.grad, value_text=num(node.data), grad_text=num(node.grad))


def _step(graph, step):
    """What step `step` says, all of it from stepper_state (and the kernel stepper's words)."""
    state = stepper_state(graph, step)
    head, line, rest = stepper_words(state)
    ask = rest[-1]                                   # "Next: ∂J/∂… Predict its sign, then reveal."
    k = state.current
    said = (f"{head} {partial(state.labels[k])} = {num(graph.nodes[k].grad)} revealed" if k is not None
            else f"{head} nothing revealed yet; the backward pass starts at J")
    verdicts = {} if k is None else {g: stepper_state(graph, step, g).verdict for g in SIGNS}
    return dict(head=head, line=line, pattern=state.pattern, ask=ask, said=said, current=k, next=state.next,
                verdicts=verdicts)


def serialise(graph):
    """Everything the page draws, for every step, as a JSON-able dict (graph: from graph.sample_graph).

    Returns {title, nodes: [{label, col, row, unit, color, value, grad, value_text, grad_text}],
    edges: [[input, consumer]], order, steps: [{head, line, pattern, ask, said, current, next,
    verdicts: {'+': …, '−': …, '0': …}}] for step 0 … len(order)}; nodes by index in graph.nodes.
    """
    u = [x.data for x in graph.nodes if x.label in ("u₁", "u₂")]
    f_star = next(x.data for x in graph.nodes if x.label == "f*")
    return dict(title=f"One sample, u = ({u[0]:g}, {u[1]:g}), f* = {f_star:g}:  J = (f* − f)²",
                nodes=[_node(graph, k) for k in range(len(graph.nodes))],
                edges=[[k, p] for k, uses in enumerate(graph.consumers) for p, _ in uses],
                order=list(graph.order),
                steps=[_step(graph, s) for s in range(len(graph.order) + 1)])


class _Step:
    """The step as a control: `.value` reads and writes the synced trait, checked by stepper_state."""

    def __init__(self, view):
        self._view = view

    @property
    def value(self):
        return self._view.step

    @value.setter
    def value(self, step):
        stepper_state(self._view.sample, step)          # a bad step: ValueError naming `step`
        self._view.step = step


class LiveBackwardStepper(PageView):
    """One sample's graph, one gradient revealed per step, drawn and stepped in the page."""

    _esm = traitlets.Unicode(view_module("backward_stepper")).tag(sync=True)
    graph = traitlets.Dict().tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)

    def __init__(self, net="skewed (no sample on a kink)", n=3, step=0):
        label, nets = pick_net(net, example_nets(), lambda p: as_params(p, "net"))
        u, f_star = xor_data()
        sample = sample_graph(u, *nets[label], f_star, n=n)        # a bad n: ValueError naming n
        stepper_state(sample, step)                                 # a bad step: ValueError naming step
        super().__init__(graph=serialise(sample), step=step)
        self.sample, self.net = sample, label
        self.last = len(sample.order)
        self.controls = {"step": _Step(self),
                         "next": Button(lambda: setattr(self, "step", min(self.step + 1, self.last))),
                         "back": Button(lambda: setattr(self, "step", max(self.step - 1, 0)))}

    @traitlets.validate("step")
    def _check_step(self, proposal):
        """Whoever sets the step (Python or the page): a bad one is a ValueError naming `step`."""
        if getattr(self, "sample", None) is not None:
            stepper_state(self.sample, proposal["value"])
        return proposal["value"]

    @property
    def state(self):
        """graph.stepper_state at the current step."""
        return stepper_state(self.sample, self.step)

    def still_png(self):
        """The current step as a PNG, drawn by the kernel stepper's GraphFigure (for renderers
        that run no JavaScript)."""
        return GraphFigure(self.sample).show(self.state)._repr_png_()

    def __repr__(self):                  # no memory address: stored notebooks stay stable
        return (f"<live backward stepper: {self.net}, n = {self.sample.n}, "
                f"step {self.step} of {self.last}>")


def live_backward_stepper(net="skewed (no sample on a kink)", n=3, step=0):
    """The backward pass on one sample's graph, stepped in the page (no kernel needed), with
    predict-then-reveal; the same arguments as rb.widgets.backward_stepper.

    net: the name of one of net.example_nets() or a Params with w of shape (2, 2); n: the XOR
    sample (0 … 3; 3 is u = (1, 1)); step: where to start (0: nothing revealed).
    view.controls["step"].value (0 … every node), view.controls["next"] / ["back"].click(),
    view.state: graph.stepper_state at the current step.
    """
    return LiveBackwardStepper(net, n, step)
