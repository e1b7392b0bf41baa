"""The picture of the one-sample graph: GraphFigure(graph) draws it once; show(state) reveals.

Every node is a box with its name in the notes' letters; above it its forward value, below it
∂J/∂node once the backward pass has reached it, in its hidden unit's colour (plots.unit_color).
The node a step reveals gets a yellow ring, and the edges along which gradients came back turn dark;
the chain-rule line with numbers is written underneath. Nothing is computed here: every number
is the state's (graph.stepper_state), which reads the graph's nodes.
ForkFigure: one parameter of a batch graph and its N consumers, each sample's share on its edge.
"""
import io
import re

import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..graph import num
from ..plots import unit_color
from .canvas import FigureWidget, new_figure

__all__ = ["GraphFigure", "ForkFigure", "tex"]

_UNSUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_NOW = "#f5c400"                                              # the ring round the node just revealed
_DIM, _LIT = "0.78", "0.25"                                    # edges: gradient not yet / already through
_ARROW = dict(arrowstyle="-|>", mutation_scale=9, lw=1.2, zorder=1, shrinkA=0, shrinkB=0)
_CLEAR = dict(boxstyle="square,pad=0.05", fc="white", ec="none")   # numbers sit over the edges


def _ends(a, b, rank, inputs, gap=0.04):
    """From the middle of box a's right side to box b's left side, at the height of input `rank`
    (0 the top one) of b's `inputs` (boxes as ((x0, y0), (x1, y1)) in data units; inputs sit in columns left of
    their consumers). Sideways, every edge stays clear of the numbers above and below the boxes."""
    spread = np.ptp(b[:, 1]) * 0.5 * (rank - (inputs - 1) / 2) / max(inputs - 1, 1)
    return (a[:, 0].max() + gap, a[:, 1].mean()), (b[:, 0].min() - gap, b[:, 1].mean() + spread)


def tex(label):
    """A node's label as mathtext: 'v₁·s_a' → '$v_{1}\\,s_a$', '(f*−f)²' → '$(f^*-f)^2$'."""
    s = re.sub("[₀-₉]+", lambda m: "_{" + m.group().translate(_UNSUB) + "}", label)
    return "$" + s.replace("·", r"\,").replace("*", "^*").replace("−", "-").replace("²", "^2") + "$"


class GraphFigure:
    """The graph of SampleGraph `graph`, built once (self.figure, and self.canvas, its FigureWidget);
    show(state) draws a StepState of it by blitting.

    Inputs:
    - graph: from graph.sample_graph
    - width, height: in inches (9.5 fits JupyterLab's default width)
    - caption: write the step's chain-rule line and pattern under the graph (a view that shows them
      as text beside the picture passes False: ~140 fewer glyphs to render per step)
    """

    def __init__(self, graph, width=9.5, height=6.8, caption=True):
        self.graph = graph
        self.figure = fig = new_figure(width, height)
        fig.set_layout_engine("none")                    # one Axes placed by hand
        bottom = 0.12 if caption else 0.0                # room for the two caption lines
        ax = self.ax = fig.add_axes((0.0, bottom, 1.0, 0.93 - bottom))
        ax.set_axis_off()
        ax.set(xlim=(-0.55, 8.55), ylim=(5.75, -0.75))
        self.color = [unit_color(j) if j is not None else "black" for j in graph.unit]
        self.boxes = [ax.text(x, y, tex(node.label), ha="center", va="center", fontsize=11, zorder=3,
                              bbox=dict(boxstyle="round,pad=0.3", fc="white", ec=self.color[k], lw=1.2))
                      for k, (node, (x, y)) in enumerate(zip(graph.nodes, graph.place))]
        for k, (node, (x, y)) in enumerate(zip(graph.nodes, graph.place)):
            ax.text(x, y - 0.37, num(node.data), ha="center", va="center", fontsize=9, color="0.3", zorder=3,
                    bbox=_CLEAR)
        self.grads = [ax.text(x, y + 0.38, "", ha="center", va="center", fontsize=9.5, fontweight="bold",
                              color=self.color[k], zorder=3, bbox=_CLEAR) for k, (x, y) in enumerate(graph.place)]
        fig.canvas.draw()                    # the boxes' sizes, for edges that stop at their borders
        to_data = ax.transData.inverted()
        self.extent = [to_data.transform(box.get_bbox_patch().get_window_extent()) for box in self.boxes]
        self.edges, self.lit = self._draw_edges(graph)
        self.ring = [ax.add_patch(FancyBboxPatch(box.min(axis=0), *np.ptp(box, axis=0), boxstyle="round,pad=0.04",
                                                 fc="none", ec=_NOW, lw=3.5, visible=False, zorder=4))
                     for box in self.extent]
        u = [node.data for node in graph.nodes if node.label in ("u₁", "u₂")]
        f_star = next(node.data for node in graph.nodes if node.label == "f*")
        fig.text(0.01, 0.985, f"One sample, u = ({u[0]:g}, {u[1]:g}), f* = {f_star:g}:  J = (f* − f)²",
                 fontsize=11, va="top")
        fig.text(0.99, 0.985, "grey, above a node: its value (forward)\n"
                 "bold, below: ∂J/∂node (backward), in its unit's colour; ? next", fontsize=8.5, va="top", ha="right")
        self.line = fig.text(0.01, 0.075, "", fontsize=10, va="center", visible=caption)
        self.pattern = fig.text(0.01, 0.03, "", fontsize=10, va="center", style="italic", visible=caption)
        self.canvas = FigureWidget(fig, animated=self.animated)     # show() blits what a step changes

    def _draw_edges(self, graph):
        """Arrows input → consumer, grey, and a dark copy of each shown once the gradient came back
        along it; keyed (consumer, input). A consumer's inputs enter its left side top to bottom."""
        into, edges, lit = {}, {}, {}
        for k, uses in enumerate(graph.consumers):
            for p, _ in uses:
                into.setdefault(p, []).append(k)
        for p, inputs in into.items():
            inputs.sort(key=lambda k: graph.place[k][1])
            for rank, k in enumerate(inputs):
                ends = _ends(self.extent[k], self.extent[p], rank, len(inputs))
                edges[p, k] = self.ax.add_patch(FancyArrowPatch(*ends, color=_DIM, **_ARROW))
                lit[p, k] = self.ax.add_patch(FancyArrowPatch(*ends, color=_LIT, visible=False, **_ARROW))
        return edges, lit

    def show(self, state):
        """Draw `state` (a graph.StepState of this graph): gradients, rings, edges, the chain rule."""
        shown = {k for k, g in enumerate(state.grads) if g is not None}
        for k, (ring, text, grad) in enumerate(zip(self.ring, self.grads, state.grads)):
            ring.set_visible(k == state.current)
            text.set_text("?" if k == state.next else "" if grad is None else num(grad))
        for (p, k), arrow in self.lit.items():
            arrow.set_visible(p in shown)                  # the gradient has come back along this edge
            arrow.set_linewidth(2.2 if k == state.current else 1.2)
        self.line.set_text(f"step {state.step} of {state.last}:  {state.line}")
        self.pattern.set_text(state.pattern)
        self.canvas.blit()
        return self

    @property
    def animated(self):
        """What show() changes: for FigureWidget's blitting; everything else is a fixed background."""
        return [*self.lit.values(), *self.ring, *self.grads, self.line, self.pattern]

    def _repr_png_(self):
        """The frame show() drew (savefig would leave out the figure-level animated texts: the caption)."""
        return self.canvas._repr_png_()

    def __repr__(self):                  # no memory address: stored notebooks stay stable
        return f"<GraphFigure: {len(self.graph.nodes)} nodes, sample {self.graph.n + 1}>"


def _png(figure):
    buf = io.BytesIO()
    figure.savefig(buf, format="png")
    return buf.getvalue()


class ForkFigure:
    """One leaf of a batch graph and the nodes that use it, one per sample: each edge carries that
    sample's share ∂J/∂p × ∂p/∂leaf back to the leaf, where the shares add.

    Inputs:
    - leaf: a Value of a graph from autograd.loss_graph, after J.backward() (e.g. leaves.w[0, 0])
    - consumers: the (node, input slot) pairs that use it, sample 1 first
    """

    def __init__(self, leaf, consumers, width=9.5, height=3.8):
        self.label = leaf.label
        self.figure = fig = new_figure(width, height)
        fig.set_layout_engine("none")
        ax = fig.add_axes((0.0, 0.14, 1.0, 0.86))
        ax.set_axis_off()
        M = len(consumers)
        ax.set(xlim=(0, 10), ylim=(M - 0.4, -0.9))
        box = dict(boxstyle="round,pad=0.3", fc="white", ec="black", lw=1.2)
        mid = (M - 1) / 2
        ax.text(1.0, mid, tex(leaf.label), ha="center", va="center", fontsize=12, bbox=box, zorder=3)
        ax.text(1.0, mid - 0.42, num(leaf.data), ha="center", va="center", fontsize=9, color="0.3")
        ax.text(1.0, mid + 0.45, num(leaf.grad), ha="center", va="center", fontsize=10, fontweight="bold")
        shares = []
        for n, (p, slot) in enumerate(consumers):
            share = p.grad * p.local[slot]
            shares.append(share)
            ax.text(5.2, n, tex(p.label), ha="center", va="center", fontsize=11, bbox=box, zorder=3)
            ax.text(5.9, n, f"∂J/∂({p.label}) = {num(p.grad)}   ← sample {n + 1}'s branch, from J",
                    va="center", fontsize=9, color="0.3")
            ax.add_patch(FancyArrowPatch((1.45, mid), (4.7, n), color=_DIM, **_ARROW))
            t = (3.2 - 1.45) / (4.7 - 1.45)               # the share written on its own edge
            ax.text(3.2, mid + t * (n - mid), f"{num(p.grad)} × {_factor_text(p, slot)} = {num(share)}",
                    ha="center", va="center", fontsize=9, fontweight="bold", bbox=_CLEAR, zorder=4)
        terms = " + ".join(num(x) if x >= 0 else f"({num(x)})" for x in shares)
        fig.text(0.01, 0.05, f"∂J/∂{leaf.label} = {terms} = {num(leaf.grad)}:  at a fork the shares add",
                 fontsize=10.5)
        fig.text(0.01, 0.97, f"{leaf.label} feeds {M} nodes, one per sample; grey above: value; "
                 "bold: the share each sends back", fontsize=10, va="top")

    def _repr_png_(self):
        return _png(self.figure)

    def __repr__(self):
        return f"<ForkFigure: {self.label}>"


def _factor_text(p, slot):
    """The local slope of consumer p for input `slot`, as "u₁ (= 1.000)" for a product."""
    other = p.inputs[1 - slot] if p.op == "*" else None
    value = num(p.local[slot])
    return f"{other.label} (= {value})" if other is not None else value
