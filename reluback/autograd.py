"""Autograd in one screen, in the manner of micrograd (karpathy/micrograd, engine.py).

A Value keeps its inputs and its local derivatives ∂node/∂input; J.backward() goes from J back to
the leaves, giving each input upstream gradient × local derivative, added at a fork.
loss_graph builds the notes' J node by node: s_P = w₁₁u₁ + w₂₁u₂ + c₁, s_a = max{0, s_P}, …
"""
import math
from numbers import Real

import numpy as np

from .net import Params, check_net, check_targets
from .plots import unit_name

__all__ = ["Value", "vsum", "topo_order", "sample_loss", "loss_graph", "grads_of"]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _value(x):
    """x as a node: a plain number becomes a leaf named by its value."""
    return x if isinstance(x, Value) else Value(x, label=f"{x:g}" if isinstance(x, Real) else "")


class Value:
    """One scalar node: `data` from the forward pass, `grad` = ∂J/∂node after J.backward()."""

    def __init__(self, data, _prev=(), _local=(), _op="", label=""):
        if not isinstance(data, Real) or not math.isfinite(data):
            raise ValueError(f"Value must hold a finite number; got {data!r:.60}")
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(_prev)        # the inputs this node was computed from
        self._local = tuple(_local)      # ∂node/∂input, one per input, at the forward values
        self._op = _op                   # '+', '−', '*', '**2', 'ReLU', 'Σ', or '' for a leaf
        self.label = label               # the notes' name: "s_P", "v₁·s_a", "J"

    inputs = property(lambda self: self._prev, doc="the nodes this one was computed from")
    local = property(lambda self: self._local, doc="∂node/∂input for each of `inputs`, at the forward values")
    op = property(lambda self: self._op, doc="'+', '−', '*', '**2', 'ReLU', 'Σ', or '' for a leaf")

    def __add__(self, other):
        o = _value(other)
        return Value(self.data + o.data, (self, o), (1.0, 1.0), "+", f"{self.label}+{o.label}")

    def __sub__(self, other):
        o = _value(other)
        return Value(self.data - o.data, (self, o), (1.0, -1.0), "−", f"{self.label}−{o.label}")

    def __mul__(self, other):             # a product's slope for one input is the other input
        o = _value(other)
        return Value(self.data * o.data, (self, o), (o.data, self.data), "*", f"{self.label}·{o.label}")

    def __pow__(self, k):
        if not isinstance(k, Real):
            raise ValueError(f"the exponent of ** must be a number; got {type(k).__name__}")
        if self.data < 0 and k != int(k) or self.data == 0 and k < 1:
            raise ValueError(f"x ** {k:g} has no real, finite slope at x = {self.data:g}")
        return Value(self.data ** k, (self,), (k * self.data ** (k - 1),), f"**{k:g}",
                     f"({self.label})" + ("²" if k == 2 else f"^{k:g}"))

    def relu(self):
        """max{0, x}, with slope 1[x > 0]: ReLU′(0) = 0, as the notes' (s > 0)."""
        on = self.data > 0
        return Value(self.data if on else 0.0, (self,), (1.0 if on else 0.0,), "ReLU", f"max{{0, {self.label}}}")

    def __radd__(self, other):            # other + self, other a number
        return _value(other) + self

    def __rsub__(self, other):
        return _value(other) - self

    def __rmul__(self, other):
        return _value(other) * self

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,), "−", f"−{self.label}")

    def backward(self, accumulate=True):
        """Fill .grad = ∂self/∂node on every node reachable from self, from zero at every call, in
        reverse topological order (a node passes its gradient on once all its consumers have added theirs).
        accumulate=False: the classic bug, for teaching — `=` instead of `+=`, so a node with more than
        one consumer keeps only the last one's share (micrograd's issue #2)."""
        order = topo_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0                                  # ∂J/∂J = 1
        for node in reversed(order):
            for child, local in zip(node._prev, node._local):
                if accumulate:
                    child.grad += local * node.grad      # upstream × local, added at a fork
                else:
                    child.grad = local * node.grad       # the bug: the last consumer wins

    def __repr__(self):
        return f"Value({self.label}: data={self.data:.6g}, grad={self.grad:.6g})"


def vsum(terms, scale=1.0, label=""):
    """scale · (t₁ + t₂ + …) as one node, as the notes write s_P = w₁₁u₁ + w₂₁u₂ + c₁ and J = (1/N) Σₙ …"""
    terms = [_value(t) for t in terms]
    return Value(scale * sum(t.data for t in terms), terms, [float(scale)] * len(terms), "Σ",
                 label or "+".join(t.label for t in terms))


def topo_order(root):
    """Every node reachable from root, each after all of its inputs (depth first, inputs in order)."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node._prev))
    return order


def sample_loss(u_n, W, C, V, B, f_star_n):
    """(f*ₙ − fₙ)² for one sample, node by node, in the notes' letters."""
    (D, H) = W.shape
    u = [Value(x, label=f"u{i + 1}".translate(_SUB)) for i, x in enumerate(u_n)]
    act = []
    for j in range(H):
        pre = vsum([W[i, j] * u[i] for i in range(D)] + [C[j]], label=f"{unit_name(j)}_P")
        act.append(pre.relu())
        act[j].label = f"{unit_name(j)}_a"                                # s_a = max{0, s_P}
    f = vsum([V[j] * act[j] for j in range(H)] + [B], label="f")        # f = v₁s_a + v₂r_a + b
    return (Value(f_star_n, label="f*") - f) ** 2                       # (f* − f)²


def loss_graph(u, w, c, v, b, f_star):
    """J = (1/N) Σₙ (f*ₙ − fₙ)² as a graph of Values, one node per operation of the notes.

    Inputs: u (N, D), w (D, H), c (H,), v (H,), b, f_star (N,), checked as rb.forward checks them.
    Returns a tuple of:
    - J: the loss, a Value; J.backward() fills every node's .grad
    - leaves: a Params of Values (w (D, H), c, v (H,) object arrays, b a Value), shared by every sample
    """
    u, w, c, v, b = check_net(u, w, c, v, b)
    f_star = check_targets(f_star, u.shape[0])
    leaves = lambda a, name: np.array(       # w₁₁, w₂₁, …: one leaf per entry, named by its index
        [Value(x, label=(name + "".join(str(k + 1) for k in at)).translate(_SUB)) for at, x in np.ndenumerate(a)],
        dtype=object).reshape(a.shape)
    W, C, V, B = leaves(w, "w"), leaves(c, "c"), leaves(v, "v"), Value(b, label="b")
    squares = [sample_loss(u[n], W, C, V, B, f_star[n]) for n in range(len(u))]
    return vsum(squares, scale=1.0 / len(u), label="J"), Params(W, C, V, B)


def grads_of(leaves):
    """The leaves' .grad as a Params of float arrays (dw, dc, dv, db), like rb.backward's."""
    grad = np.vectorize(lambda x: x.grad, otypes=[float])
    return Params(grad(leaves.w), grad(leaves.c), grad(leaves.v), leaves.b.grad)
