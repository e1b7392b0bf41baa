"""The picture of the one-sample graph: GraphFigure(graph) draws it once; show(state) reveals.

Every node is a box with its name in the notes' letters; above it its forward value, below it
∂J/∂node once the backward pass has reached it, in its hidden unit's colour (plots.unit_color).
The node a step reveals is filled yellow, and the edges along which its gradient came turn dark;
the chain-rule line with numbers is written underneath. Nothing is computed here: every number
is the state's (graph.stepper_state), which reads the graph's nodes.
"""
import io
import re

from matplotlib.patches import FancyArrowPatch

from .canvas import new_figure
from .graph import num
from .plots import unit_color

__all__ = ["GraphFigure", "tex"]

_UNSUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_NOW, _DONE, _NEXT = "#ffe45c", "#eef3f8", "#ffffff"          # fills: just revealed, revealed, not yet
_DIM, _LIT = "0.78", "0.25"                                    # edges: gradient not yet / already through
_CLEAR = dict(boxstyle="square,pad=0.05", fc="white", ec="none")   # numbers sit over the edges


def tex(label):
    """A node's label as mathtext: 'v₁·s_a' → '$v_{1}\\,s_a$', '(f*−f)²' → '$(f^*-f)^2$'."""
    s = re.sub("[₀-₉]+", lambda m: "_{" + m.group().translate(_UNSUB) + "}", label)
    return "$" + s.replace("·", r"\,").replace("*", "^*").replace("−", "-").replace("²", "^2") + "$"


class GraphFigure:
    """The graph of SampleGraph `graph`, built once; show(state) draws a StepState of it.

    Inputs:
    - graph: from graph.sample_graph
    - width, height: in inches (9.5 fits JupyterLab's default width)
    """

    def __init__(self, graph, width=9.5, height=6.8):
        self.graph = graph
        self.figure = fig = new_figure(width, height)
        fig.set_layout_engine("none")                    # one Axes placed by hand
        ax = self.ax = fig.add_axes((0.0, 0.12, 1.0, 0.82))
        ax.set_axis_off()
        ax.set(xlim=(-0.55, 8.55), ylim=(5.75, -0.75))
        self.color = [unit_color(j) if j is not None else "black" for j in graph.unit]
        self.boxes = [ax.text(x, y, tex(node.label), ha="center", va="center", fontsize=11, zorder=3,
                              bbox=dict(boxstyle="round,pad=0.3", fc=_NEXT, ec=self.color[k], lw=1.2))
                      for k, (node, (x, y)) in enumerate(zip(graph.nodes, graph.place))]
        for k, (node, (x, y)) in enumerate(zip(graph.nodes, graph.place)):
            ax.text(x, y - 0.37, num(node.data), ha="center", va="center", fontsize=9, color="0.3", zorder=3,
                    bbox=_CLEAR)
        self.grads = [ax.text(x, y + 0.38, "", ha="center", va="center", fontsize=9.5, fontweight="bold",
                              color=self.color[k], zorder=3, bbox=_CLEAR) for k, (x, y) in enumerate(graph.place)]
        self.edges = {}                      # (consumer, input) → arrow, drawn input → consumer
        for k, uses in enumerate(graph.consumers):
            for p, _ in uses:
                self.edges[p, k] = ax.add_patch(FancyArrowPatch(
                    posA=graph.place[k], posB=graph.place[p], patchA=self.boxes[k].get_bbox_patch(),
                    patchB=self.boxes[p].get_bbox_patch(), arrowstyle="-|>", mutation_scale=9,
                    color=_DIM, lw=1.0, zorder=1, shrinkA=2, shrinkB=2))
        u = [node.data for node in graph.nodes if node.label in ("u₁", "u₂")]
        f_star = next(node.data for node in graph.nodes if node.label == "f*")
        fig.text(0.01, 0.985, f"One sample, u = ({u[0]:g}, {u[1]:g}), f* = {f_star:g}:  J = (f* − f)²",
                 fontsize=11, va="top")
        fig.text(0.99, 0.985, "grey, above a node: its value (forward)\n"
                 "bold, below: ∂J/∂node (backward), in its unit's colour", fontsize=8.5, va="top", ha="right")
        self.line = fig.text(0.01, 0.075, "", fontsize=10, va="center")
        self.pattern = fig.text(0.01, 0.03, "", fontsize=10, va="center", style="italic")

    def show(self, state):
        """Draw `state` (a graph.StepState of this graph): gradients, fills, edges, the chain rule."""
        shown = {k for k, g in enumerate(state.grads) if g is not None}
        for k, (box, text, grad) in enumerate(zip(self.boxes, self.grads, state.grads)):
            patch = box.get_bbox_patch()
            patch.set_facecolor(_NOW if k == state.current else _DONE if k in shown else _NEXT)
            patch.set_linewidth(2.4 if k == state.current else 1.2)
            text.set_text("" if grad is None else num(grad))
        if state.next is not None:
            self.grads[state.next].set_text("?")
        for (p, k), arrow in self.edges.items():
            lit = p in shown
            arrow.set_color(_LIT if lit else _DIM)
            arrow.set_linewidth(1.6 if k == state.current else 1.0)
        self.line.set_text(f"step {state.step} of {state.last}:  {state.line}")
        self.pattern.set_text(state.pattern)
        return self

    def _repr_png_(self):
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png")
        return buf.getvalue()
