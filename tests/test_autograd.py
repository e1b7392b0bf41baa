"""reluback.autograd: the Value graph's gradients against rb.backward, and the `=` bug on purpose."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reluback as rb
from reluback.autograd import Value, grads_of, loss_graph, topo_order, vsum
from strategies import nets

U, F_STAR = rb.xor_data()
W, C, V, B = rb.book_solution()


def assert_equal_to_backward(leaves, u, w, c, v, b, f_star):
    _, cache = rb.forward(u, w, c, v, b)
    for name, mine, ref in zip("wcvb", grads_of(leaves), rb.backward(cache, f_star)):
        np.testing.assert_allclose(mine, ref, rtol=1e-12, atol=1e-12, err_msg=f"d{name}")


@st.composite
def nets_with_kinks(draw):
    """Nets of quarters (so every sum is exact in floating point, in any order) where some
    pre-activations are exactly 0: c chosen so that sample 1 sits on a kink."""
    u, w, c, v, b, f_star = (np.round(np.asarray(x) * 4) / 4 for x in draw(nets()))
    on_kink = draw(st.lists(st.booleans(), min_size=len(c), max_size=len(c)))
    c = np.where(on_kink, -(u[0] @ w), c)
    return u, w, c, v, float(b), f_star


def not_within_rounding_of_a_kink(net):
    """Away from a kink by more than rounding: two summation orders agree on every indicator."""
    u, w, c = net[:3]
    return not np.any((np.abs(u @ w + c) < 1e-9) & (u @ w + c != 0))


@settings(max_examples=150, deadline=None)
@given(st.one_of(nets().filter(not_within_rounding_of_a_kink), nets_with_kinks()))
def test_leaves_grads_equal_backward_kinks_included(net):
    J, leaves = loss_graph(*net)
    J.backward()
    assert_equal_to_backward(leaves, *net)
    assert J.data == pytest.approx(rb.loss(rb.forward(*net[:5])[0], net[5]), rel=1e-12, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(nets().filter(not_within_rounding_of_a_kink))
def test_a_second_backward_gives_the_same_gradients(net):
    J, leaves = loss_graph(*net)
    J.backward()
    first = [node.grad for node in topo_order(J)]
    J.backward()
    assert [node.grad for node in topo_order(J)] == first
    assert_equal_to_backward(leaves, *net)


def test_leaves_have_the_parameters_shapes_and_names():
    J, leaves = loss_graph(U, W, C, V, B, F_STAR)
    assert leaves.w.shape == (2, 2) and leaves.c.shape == leaves.v.shape == (2,)
    assert isinstance(leaves.b, Value)
    assert [x.label for x in leaves.w.ravel()] == ["w₁₁", "w₁₂", "w₂₁", "w₂₂"]
    labels = {node.label for node in topo_order(J)}
    assert {"s_P", "r_P", "s_a", "r_a", "v₁·s_a", "f", "f*", "f*−f", "(f*−f)²", "J"} <= labels


def test_numbers_on_either_side():
    x = Value(3.0)
    for expr, value, slope in [(lambda x: x + 2, 5, 1), (lambda x: 2 + x, 5, 1), (lambda x: x - 2, 1, 1),
                               (lambda x: 2 - x, -1, -1), (lambda x: x * 2, 6, 2), (lambda x: 2 * x, 6, 2),
                               (lambda x: -x, -3, -1), (lambda x: x ** 2, 9, 6), (lambda x: x ** 3, 27, 27),
                               (lambda x: x ** 0.5, 3 ** 0.5, 0.5 / 3 ** 0.5), (lambda x: x * x, 9, 6),
                               (lambda x: x + x, 6, 2), (lambda x: vsum([x, 1, x], scale=0.5), 3.5, 1)]:
        out = expr(x)
        out.backward()
        assert out.data == pytest.approx(value) and x.grad == pytest.approx(slope)


def test_a_number_on_the_left_keeps_its_place_in_the_label():
    x = Value(3.0, label="x")
    assert [(2 + x).label, (2 - x).label, (2 * x).label, (x * 2).label] == ["2+x", "2−x", "2·x", "x·2"]


def test_relu_slope_at_zero_is_zero():
    for data, value, slope in [(0.0, 0.0, 0.0), (-0.0, 0.0, 0.0), (2.0, 2.0, 1.0), (-2.0, 0.0, 0.0)]:
        x = Value(data)
        out = x.relu()
        out.backward()
        assert (out.data, x.grad) == (value, slope)


@pytest.mark.parametrize("bad, words", [
    (lambda: Value("3"), "finite number"), (lambda: Value(float("nan")), "finite number"),
    (lambda: Value(1e200) * 1e200, "finite number"), (lambda: Value(2.0) ** Value(2.0), "exponent"),
    (lambda: Value(-2.0) ** 0.5, "no real, finite slope"), (lambda: Value(0.0) ** 0.5, "no real, finite slope"),
])
def test_bad_values_raise(bad, words):
    with pytest.raises(ValueError, match=words):
        bad()


@pytest.mark.parametrize("bad", [
    dict(w=np.ones((2, 3))), dict(c=np.ones(3)), dict(v=np.ones(3)), dict(b=[0.0, 1.0]), dict(u=np.ones(2)),
    dict(u=np.zeros((0, 2))), dict(c=[]), dict(u=[[0, "a"]]), dict(w=[[1, np.nan], [1, 1]]), dict(b=np.nan),
])
def test_bad_input_raises_what_forward_raises(bad):
    args = dict(u=U, w=W, c=C, v=V, b=B) | bad
    with pytest.raises(ValueError) as expected:
        rb.forward(**args)
    with pytest.raises(ValueError) as got:
        loss_graph(**args, f_star=F_STAR)
    assert str(got.value) == str(expected.value)


@pytest.mark.parametrize("f_star", [np.zeros(5), [0, np.nan, 1, 0], np.zeros((4, 1))])
def test_bad_targets_raise_what_backward_raises(f_star):
    _, cache = rb.forward(U, W, C, V, B)
    with pytest.raises(ValueError) as expected:
        rb.backward(cache, f_star)
    with pytest.raises(ValueError) as got:
        loss_graph(U, W, C, V, B, f_star)
    assert str(got.value) == str(expected.value)


# ---- the `=` bug: a node with more than one consumer keeps only the last one's share ----------

def test_bug_changes_nothing_where_no_node_is_reused():
    a, b, c = Value(2.0), Value(-3.0), Value(0.5)
    out = ((a * b) + c).relu() * 4 - 1
    out.backward()
    right = [n.grad for n in topo_order(out)]
    out.backward(accumulate=False)
    assert [n.grad for n in topo_order(out)] == right


def test_bug_keeps_one_consumers_share_at_a_fork():
    a, b, c = Value(2.0), Value(-3.0), Value(0.5)
    out = a * b + a * c                       # a feeds two products
    out.backward()
    assert a.grad == b.data + c.data
    out.backward(accumulate=False)
    assert a.grad in (b.data, c.data) and a.grad != b.data + c.data
    assert (b.grad, c.grad) == (a.data, a.data)                 # used once each: right either way


@settings(max_examples=60, deadline=None)
@given(nets(max_n=1).filter(not_within_rounding_of_a_kink))
def test_bug_is_harmless_for_one_sample(net):
    """One sample: every parameter has one consumer, so `=` and `+=` agree on the nine gradients."""
    J, leaves = loss_graph(*net)
    J.backward(accumulate=False)
    assert_equal_to_backward(leaves, *net)


@settings(max_examples=60, deadline=None)
@given(nets().filter(not_within_rounding_of_a_kink))
def test_bug_on_a_batch_keeps_sample_ones_share(net):
    """N samples: each parameter feeds N graphs. With `=`, the share written last survives: sample 1's
    (the first in topological order), i.e. rb.backward on sample 1 alone, divided by N."""
    u, w, c, v, b, f_star = net
    J, leaves = loss_graph(*net)
    J.backward(accumulate=False)
    _, first = rb.forward(u[:1], w, c, v, b)
    for mine, ref in zip(grads_of(leaves), rb.backward(first, f_star[:1])):
        np.testing.assert_allclose(mine, np.asarray(ref) / len(u), rtol=1e-12, atol=1e-12)


def test_bug_gives_wrong_numbers_on_the_xor_batch():
    net = rb.Params(np.array([[0.7, -1.3], [0.4, 0.9]]), np.array([-0.1, 0.3]), np.array([1.5, -0.8]), 0.25)
    J, leaves = loss_graph(U, *net, F_STAR)
    J.backward(accumulate=False)
    wrong = np.concatenate([np.ravel(x) for x in grads_of(leaves)])
    right = np.concatenate([np.ravel(x) for x in rb.backward(rb.forward(U, *net)[1], F_STAR)])
    assert np.sum(np.abs(wrong - right) > 0.01) >= 6
