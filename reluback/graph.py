"""One sample of the notes' net as a graph, and the backward stepper's state, step by step.

sample_graph(u, w, c, v, b, f_star, n): the graph that autograd.loss_graph builds for sample n
alone (J = (f*ₙ − fₙ)²), after one J.backward(); its nodes in topological order, their places on
the page, and the order in which the stepper reveals their gradients (J first, every node after
all the nodes that use it). stepper_state(graph, step, guess): what step `step` shows, as plain
data: every number is a node's .data or .grad, every local slope a node's .local.
"""
from typing import NamedTuple

from .autograd import loss_graph, topo_order
from .net import Params, check_params, check_targets

__all__ = ["SampleGraph", "sample_graph", "StepState", "stepper_state", "SIGNS", "num", "partial"]

SIGNS = ("+", "−", "0")                   # what a learner may predict: the sign, or exactly 0


class SampleGraph(NamedTuple):
    """The one-sample graph, after J.backward(). Nodes are referred to by their index in `nodes`."""
    J: object               # the root Value, J = (f* − f)²
    leaves: Params          # the parameters' Values (w, c, v, b)
    nodes: tuple            # every Value, in topological order (inputs first)
    consumers: tuple        # per node: ((consumer index, input slot), …): the nodes that use it
    order: tuple            # node indices in the order the stepper reveals them
    place: tuple            # per node: (column, row) on the page, row 0 at the top
    unit: tuple             # per node: the hidden unit j (0-based) it belongs to, or None
    n: int                  # the sample


# places for the notes' net (D = 2, H = 2): columns run forward from inputs to J
_W_ROW = {(0, 0): 0, (1, 0): 1, (0, 1): 4, (1, 1): 5}      # w₁₁, w₂₁ on top; w₁₂, w₂₂ below
_PRE_ROW, _V_ROW, _MID = (1, 4), (0, 5), 2.5


def _places(J, leaves, consumer_of):
    """(column, row) and unit of every node, found by walking from the leaves to J."""
    place, unit = {}, {}
    for (i, j), row in _W_ROW.items():
        w = leaves.w[i, j]
        prod = consumer_of(w)
        place[w], place[prod], unit[w], unit[prod] = (0, row), (1, row), j, j
        place[prod.inputs[1]] = (0, 2 + i)                      # u_i, between the two units
    for j in range(2):
        c, v = leaves.c[j], leaves.v[j]
        pre = consumer_of(c)
        act, va = consumer_of(pre), consumer_of(v)
        for node, xy in ((c, (1, 2 + j)), (pre, (2, _PRE_ROW[j])), (act, (3, _PRE_ROW[j])),
                         (v, (3, _V_ROW[j])), (va, (4, _PRE_ROW[j]))):
            place[node], unit[node] = xy, j
    f = consumer_of(leaves.b)
    d = consumer_of(f)
    sq = consumer_of(d)
    place.update({leaves.b: (4, _MID), f: (5, _MID), d.inputs[0]: (5, 1), d: (6, _MID), sq: (7, _MID), J: (8, _MID)})
    return place, unit


def _reveal_order(nodes, consumers, place):
    """Reverse topological: J first; then, of the nodes whose consumers are all revealed, the
    rightmost, non-leaves before leaves, top first: the pass sweeps from J back to the inputs."""
    waiting = [len(c) for c in consumers]
    index = {node: k for k, node in enumerate(nodes)}
    ready, order = [len(nodes) - 1], []
    while ready:
        ready.sort(key=lambda k: (-place[k][0], not nodes[k].inputs, place[k][1]))
        k = ready.pop(0)
        order.append(k)
        for child in nodes[k].inputs:
            waiting[index[child]] -= 1
            if waiting[index[child]] == 0:
                ready.append(index[child])
    return tuple(order)


def sample_graph(u, w, c, v, b, f_star, n=0):
    """The graph of sample n of the notes' net (D = 2 inputs, H = 2 units), gradients filled.

    Inputs: u (N, 2), w (2, 2), c (2,), v (2,), b, f_star (N,) as rb.forward takes them; n: the sample.
    Returns a SampleGraph: the numbers are loss_graph's, on u[n] alone.
    """
    u, net = check_params((w, c, v, b), u, "(w, c, v, b)", H=2)
    if u.shape[1] != 2:
        raise ValueError(f"u must have shape (N, D) with D = 2 (the notes' net, as the picture draws it); "
                         f"got {u.shape}")
    f_star = check_targets(f_star, len(u))
    if not (isinstance(n, int) and 0 <= n < len(u)):
        raise ValueError(f"n must be a sample of u, an integer from 0 to N − 1 = {len(u) - 1}; got {n!r}")
    J, leaves = loss_graph(u[n:n + 1], *net, f_star[n:n + 1])
    J.backward()
    nodes = tuple(topo_order(J))
    index = {node: k for k, node in enumerate(nodes)}
    consumers = [[] for _ in nodes]
    for k, node in enumerate(nodes):
        for slot, child in enumerate(node.inputs):
            consumers[index[child]].append((k, slot))
    consumer_of = lambda node: nodes[consumers[index[node]][0][0]]
    place, unit = _places(J, leaves, consumer_of)
    place = tuple(place[node] for node in nodes)
    order = _reveal_order(nodes, consumers, place)
    return SampleGraph(J, leaves, nodes, tuple(map(tuple, consumers)), order, place,
                       tuple(unit.get(node) for node in nodes), n)


# ---- the stepper's state --------------------------------------------------------

class StepState(NamedTuple):
    """What one step of the backward stepper shows; node indices as in SampleGraph.nodes."""
    step: int               # 0: nothing revealed; k: the first k nodes of graph.order revealed
    last: int               # the last step: every node revealed
    labels: tuple           # each node's name in the notes' letters
    values: tuple           # each node's forward value
    grads: tuple            # ∂J/∂node where revealed, else None
    current: object         # the node this step revealed (None at step 0)
    line: str               # the chain rule for it, in letters and in numbers
    pattern: str            # which pattern of backward flow it is, in words
    next: object            # the node the next step reveals (None at the last step)
    verdict: object         # how the learner's guess compares (None without a guess)


def num(x):
    """A number as the stepper prints it: 3 decimals, never a nonzero shown as 0, a true minus."""
    text = "0" if x == 0 else f"{x:.3f}" if abs(x) >= 1e-3 else f"{x:.1e}"
    return text.replace("-", "−")


def _factor(x):
    """A local slope as a factor: whole numbers exactly (1, 0, (−1)), negatives in brackets."""
    text = f"{x:g}".replace("-", "−") if x == int(x) else num(x)
    return f"({text})" if x < 0 else text


def partial(label):
    """∂J/∂ of a label, bracketed when it is an expression: ∂J/∂(v₁·s_a), ∂J/∂s_P."""
    return f"∂J/∂({label})" if any(ch in label for ch in "·+−") and not label.startswith("(") else f"∂J/∂{label}"


def _slope(graph, k, slot):
    """(the local slope ∂consumer/∂input in letters, the same in words) for input `slot` of node k."""
    p = graph.nodes[k]
    x, slope = p.inputs[slot], p.local[slot]
    if p.op == "*":
        other = p.inputs[1 - slot]
        return other.label, f"a product scales the gradient by its other input, {other.label} = {num(other.data)}"
    if p.op == "ReLU":
        way = (f"routes the gradient through: {x.label} = {num(x.data)} > 0" if slope else
               f"stops the gradient: {x.label} = {num(x.data)} ≤ 0")
        return f"1[{x.label} > 0]", f"the ReLU {way}, so 1[{x.label} > 0] = {slope:g}"
    if p.op.startswith("**"):
        k = float(p.op[2:])
        sym = f"2({x.label})" if k == 2 else f"{k:g}({x.label})^{k - 1:g}"
        return sym, f"a {'square' if k == 2 else 'power'} scales the gradient by its slope {sym} = {num(slope)}"
    if p.op == "−" and len(p.inputs) == 1:
        return "(−1)", "a minus sign passes the gradient on with its sign flipped"
    if p.op == "−":
        return (("1", f"a difference passes the gradient on to {x.label} unchanged") if slope > 0 else
                ("(−1)", f"a difference passes the gradient on to {x.label}, the part it subtracts, with its sign flipped"))
    if p is graph.J:
        return "1/N", "J = (1/N) Σₙ (f*ₙ − fₙ)²: each sample's square gets 1/N of ∂J/∂J (one sample: N = 1)"
    return "1", "a sum passes the gradient on unchanged to each of its inputs"


def _chain(graph, k):
    """The chain-rule line and the pattern for node k, from its consumers' gradients and slopes."""
    x = graph.nodes[k]
    uses = graph.consumers[k]
    if not uses:
        return f"∂J/∂{x.label} = 1", "every backward pass starts here: J changes one for one with itself"
    parts = [(graph.nodes[p], _slope(graph, p, slot), graph.nodes[p].local[slot]) for p, slot in uses]
    letters = " + ".join(f"{partial(p.label)} × {sym}" for p, (sym, _), _ in parts)
    numbers = " + ".join(f"{num(p.grad)} × {_factor(slope)}" for p, _, slope in parts)
    line = f"{partial(x.label)} = {letters} = {numbers} = {num(x.grad)}"
    if len(parts) > 1:
        return line, f"a fork: {x.label} feeds {len(parts)} nodes, and their gradients add"
    return line, parts[0][1][1]


def _verdict(guess, grad, label):
    sign = "+" if grad > 0 else "−" if grad < 0 else "0"
    said = {"+": "positive", "−": "negative", "0": "exactly 0"}
    right = sign == guess.replace("-", "−")
    return (f"{'Right' if right else 'Not quite'}: you said {said[guess.replace('-', '−')]}; "
            f"{partial(label)} = {num(grad)} is {said[sign]}.")


def stepper_state(graph, step, guess=None):
    """What the backward stepper shows at `step` (0 … len(graph.order)), as a StepState.

    guess: the learner's prediction for the node this step reveals, made before it was revealed:
    '+', '−' (or '-') or '0'; the state's verdict says how it compares.
    """
    last = len(graph.order)
    if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= last:
        raise ValueError(f"step must be an integer from 0 (nothing revealed) to {last} (every node); got {step!r}")
    if guess is not None and guess not in SIGNS + ("-",):
        raise ValueError(f"guess must be one of '+', '−' (or '-'), '0', or None; got {guess!r}")
    shown = set(graph.order[:step])
    current = graph.order[step - 1] if step else None
    if current is None:
        line = "Nothing revealed yet: above each node its forward value. The backward pass starts at J."
        pattern, verdict = "", None
    else:
        line, pattern = _chain(graph, current)
        node = graph.nodes[current]
        verdict = None if guess is None else _verdict(guess, node.grad, node.label)
    return StepState(step, last, tuple(x.label for x in graph.nodes), tuple(x.data for x in graph.nodes),
                     tuple(x.grad if k in shown else None for k, x in enumerate(graph.nodes)),
                     current, line, pattern, graph.order[step] if step < last else None, verdict)
