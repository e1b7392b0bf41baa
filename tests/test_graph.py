"""reluback.graph and widgets/graph_figure.py: the stepper's numbers against rb.backward and central differences,
the reveal order, the words, and what the picture shows."""
import io

import numpy as np
import pytest
from PIL import Image
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import reluback as rb
from reluback.graph import SIGNS, num, sample_graph, stepper_state
from reluback.net import skewed_net
from reluback.widgets import GraphFigure
from strategies import finite

U, F_STAR = rb.xor_data()


@st.composite
def notes_nets(draw):
    """Nets of the notes' shape (D = 2, H = 2), N from 1 to 4, no sample within 1e-3 of a kink."""
    N = draw(st.integers(1, 4))
    arr = lambda shape: draw(hnp.arrays(np.float64, shape, elements=finite))
    u, w, c = arr((N, 2)), arr((2, 2)), arr((2,))
    assume(np.all(np.abs(u @ w + c) > 1e-3))
    return u, w, c, arr((2,)), draw(finite), arr((N,))


def J_again(graph, changed, value):
    """J recomputed from the leaves with node `changed` set to `value`: a forward pass of its own."""
    vals = {}
    for node in graph.nodes:
        x = [vals[child] for child in node.inputs]
        op = node.op
        vals[node] = (value if node is changed else node.data if not x else x[0] + x[1] if op == "+" else
                      x[0] - x[1] if op == "−" and len(x) == 2 else -x[0] if op == "−" else
                      x[0] * x[1] if op == "*" else max(x[0], 0.0) if op == "ReLU" else
                      x[0] ** float(op[2:]) if op.startswith("**") else sum(x))
    return vals[graph.J]


@settings(max_examples=40, deadline=None)
@given(notes_nets(), st.data())
def test_last_step_shows_backward_and_central_differences(net, data):
    u, w, c, v, b, f_star = net
    n = data.draw(st.integers(0, len(u) - 1))
    graph = sample_graph(u, w, c, v, b, f_star, n=n)
    state = stepper_state(graph, len(graph.order))
    ref = rb.backward(rb.forward(u[n:n + 1], w, c, v, b)[1], f_star[n:n + 1])
    grad = {node: state.grads[k] for k, node in enumerate(graph.nodes)}
    leaves = graph.leaves
    np.testing.assert_allclose([[grad[x] for x in row] for row in leaves.w], ref.w, rtol=1e-12, atol=1e-12)
    for mine, right in ((leaves.c, ref.c), (leaves.v, ref.v)):
        np.testing.assert_allclose([grad[x] for x in mine], right, rtol=1e-12, atol=1e-12)
    assert grad[leaves.b] == pytest.approx(ref.b, rel=1e-12, abs=1e-12)
    eps = 1e-6
    for node in graph.nodes:                      # every node, intermediate ones too
        slope = (J_again(graph, node, node.data + eps) - J_again(graph, node, node.data - eps)) / (2 * eps)
        assert abs(slope - grad[node]) <= 1e-6 * max(1.0, abs(slope)), node.label


@pytest.mark.parametrize("n", range(4))
def test_on_a_kink_the_graph_takes_relu_slope_0_as_backward_does(n):
    """The book's solution with b = 0.5 puts samples exactly on kinks (s_P = 0 or r_P = 0)."""
    book = rb.book_solution()._replace(b=0.5)
    graph = sample_graph(U, *book, F_STAR, n=n)
    ref = rb.backward(rb.forward(U[n:n + 1], *book)[1], F_STAR[n:n + 1])
    last = stepper_state(graph, len(graph.order))
    grad = {node: last.grads[k] for k, node in enumerate(graph.nodes)}
    assert [[grad[x] for x in row] for row in graph.leaves.w] == ref.w.tolist()
    assert [grad[x] for x in graph.leaves.c] == ref.c.tolist()


def test_one_more_node_per_step_in_reverse_topological_order():
    graph = sample_graph(U, *skewed_net(), F_STAR, n=3)
    last = len(graph.order)
    assert last == len(graph.nodes) == 26 and sorted(graph.order) == list(range(last))
    seen = []
    for step in range(last + 1):
        state = stepper_state(graph, step)
        shown = [k for k, g in enumerate(state.grads) if g is not None]
        assert len(shown) == step and set(seen) <= set(shown)
        if step:
            assert state.current == graph.order[step - 1] and state.current not in seen
            assert all(p in seen for p, _ in graph.consumers[state.current])   # its consumers came first
            seen.append(state.current)
        assert state.next == (graph.order[step] if step < last else None)
    assert graph.nodes[graph.order[0]] is graph.J


def test_each_line_adds_its_consumers_shares():
    graph = sample_graph(U, *skewed_net(), F_STAR, n=3)
    for step in range(2, len(graph.order) + 1):
        state = stepper_state(graph, step)
        node = graph.nodes[state.current]
        shares = [graph.nodes[p].grad * graph.nodes[p].local[slot] for p, slot in graph.consumers[state.current]]
        assert sum(shares) == pytest.approx(node.grad, abs=1e-12)
        assert state.line.endswith(f"= {num(node.grad)}")
        assert ("a fork" in state.pattern) == (len(shares) > 1)


@pytest.mark.parametrize("n", range(4))
def test_relu_words_say_route_or_stop_as_pre_says(n):
    graph = sample_graph(U, *skewed_net(), F_STAR, n=n)
    pre = rb.forward(U, *skewed_net())[1].pre[n]
    for j, name in enumerate(("s_P", "r_P")):
        step = 1 + [graph.nodes[k].label for k in graph.order].index(name)
        pattern = stepper_state(graph, step).pattern
        assert ("routes the gradient through" in pattern) == (pre[j] > 0)
        assert ("stops the gradient" in pattern) == (pre[j] <= 0)


def test_guess_verdicts():
    graph = sample_graph(U, *skewed_net(), F_STAR, n=3)
    for step in range(1, len(graph.order) + 1):
        grad = graph.nodes[graph.order[step - 1]].grad
        truth = "+" if grad > 0 else "−" if grad < 0 else "0"
        for guess in SIGNS + ("-",):
            verdict = stepper_state(graph, step, guess=guess).verdict
            assert verdict.startswith("Right") == (guess.replace("-", "−") == truth)
    assert stepper_state(graph, 3).verdict is None


@pytest.mark.parametrize("call, words", [
    (lambda g: stepper_state(g, 27), "step must be an integer from 0"),
    (lambda g: stepper_state(g, -1), "step must be an integer from 0"),
    (lambda g: stepper_state(g, 2.0), "step must be an integer"),
    (lambda g: stepper_state(g, 2, guess="plus"), "guess must be one of"),
])
def test_bad_step_or_guess(call, words):
    with pytest.raises(ValueError, match=words):
        call(sample_graph(U, *skewed_net(), F_STAR))


def test_bad_net_or_sample():
    with pytest.raises(ValueError, match=r"H = 2"):
        sample_graph(U, np.ones((2, 3)), np.ones(3), np.ones(3), 0.0, F_STAR)
    with pytest.raises(ValueError, match=r"D = 2"):
        sample_graph(np.ones((4, 3)), np.ones((3, 2)), np.ones(2), np.ones(2), 0.0, F_STAR)
    with pytest.raises(ValueError, match=r"n must be a sample"):
        sample_graph(U, *skewed_net(), F_STAR, n=4)
    with pytest.raises(ValueError, match=r"f_star must have shape"):
        sample_graph(U, *skewed_net(), F_STAR[:3])


def test_figure_shows_the_states_numbers():
    graph = sample_graph(U, *skewed_net(), F_STAR, n=3)
    fig = GraphFigure(graph)
    for step in (0, 9, 26):
        state = stepper_state(graph, step)
        fig.show(state)
        for k, text in enumerate(fig.grads):
            want = "" if state.grads[k] is None else num(state.grads[k])
            assert text.get_text() == ("?" if k == state.next else want)
        assert state.line in fig.line.get_text()
    png = fig._repr_png_()
    assert png[:4] == b"\x89PNG"
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    assert (pixels[-int(0.1 * len(pixels)):] < 128).any(), "the PNG has no chain-rule caption"


def test_figure_labels_do_not_overlap():
    graph = sample_graph(U, *skewed_net(), F_STAR, n=3)
    fig = GraphFigure(graph).show(stepper_state(graph, 26))
    renderer = fig.figure.canvas.get_renderer()
    fig.figure.canvas.draw()
    texts = [t for t in fig.ax.texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i in range(len(boxes)):
        for j in range(i):
            assert not boxes[i].overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())


def test_edges_cross_no_number_or_name():
    """Every edge, sampled along its length, stays outside every text on the graph."""
    graph = sample_graph(U, *skewed_net(), F_STAR, n=3)
    fig = GraphFigure(graph).show(stepper_state(graph, 26))
    fig.figure.canvas.draw()
    renderer = fig.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.ax.texts if t.get_text()]
    for arrow in fig.edges.values():
        (x0, y0), (x1, y1) = fig.ax.transData.transform(arrow._posA_posB)
        for t in np.linspace(0.02, 0.98, 60):
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            assert not any(b.x0 < x < b.x1 and b.y0 < y < b.y1 for b in boxes)


@pytest.mark.parametrize("preset", list(rb.net.example_nets()))
def test_every_state_of_every_preset_adds_up_and_says_what_the_numbers_say(preset):
    net = rb.net.example_nets()[preset]
    for n in range(4):
        graph = sample_graph(U, *net, F_STAR, n=n)
        for step in range(1, len(graph.order) + 1):
            state = stepper_state(graph, step, guess="0")
            node = graph.nodes[state.current]
            assert state.line.endswith(f"= {num(node.grad)}" if step > 1 else "= 1") and state.pattern
            assert ("exactly 0." in state.verdict) == (node.grad == 0)
            for p, slot in graph.consumers[state.current]:
                if graph.nodes[p].op == "ReLU":
                    assert ("routes" in state.pattern) == (node.data > 0)


def test_fork_figure_adds_the_shares_to_backward():
    from reluback.autograd import loss_graph, topo_order
    from reluback.widgets import ForkFigure
    J, leaves = loss_graph(U, *skewed_net(), F_STAR)
    J.backward()
    ref = rb.backward(rb.forward(U, *skewed_net())[1], F_STAR)
    for (i, j), leaf in np.ndenumerate(leaves.w):
        uses = [(p, s) for p in topo_order(J) for s, x in enumerate(p.inputs) if x is leaf]
        assert len(uses) == len(U)
        assert sum(p.grad * p.local[s] for p, s in uses) == pytest.approx(ref.w[i, j], abs=1e-12)
        fig = ForkFigure(leaf, uses)
        assert fig.figure.texts[0].get_text().endswith(f"= {num(ref.w[i, j])}:  at a fork the shares add")
        fig.figure.canvas.draw()
        boxes = [t.get_window_extent() for t in fig.figure.axes[0].texts]
        assert not any(a.overlaps(b) for k, a in enumerate(boxes) for b in boxes[:k])


def test_words_for_operations_the_notes_net_does_not_use():
    """A graph of other shapes (x³, −x) gets true words too: the state reads the ops generally."""
    from reluback.autograd import Value, topo_order
    from reluback.graph import SampleGraph, _chain
    x = Value(2.0, label="x")
    J = -(x ** 3)
    J.label = "J"
    J.backward()
    nodes = tuple(topo_order(J))
    consumers = tuple(tuple((nodes.index(p), s) for p in nodes for s, c in enumerate(p.inputs) if c is node)
                      for node in nodes)
    graph = SampleGraph(J, None, nodes, consumers, (2, 1, 0), None, None, 0)
    line, words = _chain(graph, 1)
    assert line == "∂J/∂(x)^3 = ∂J/∂J × (−1) = 1.000 × (−1) = −1.000" and "sign flipped" in words
    line, words = _chain(graph, 0)
    assert line == "∂J/∂x = ∂J/∂(x)^3 × 3(x)^2 = −1.000 × 12 = −12.000" and "a power" in words
