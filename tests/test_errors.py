"""Bad input: a ValueError naming the argument, its shape in the notes' letters, and what was given."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reluback as rb
from strategies import nets

U, F_STAR = rb.xor_data()
W, C, V, B = rb.book_solution()


def net(**bad):
    args = dict(u=U, w=W, c=C, v=V, b=B)
    args.update(bad)
    return args


@pytest.mark.parametrize("bad, words", [
    (dict(w=np.ones((2, 3))), ["w", "(D, H) = (2, 2)", "got (2, 3)"]),
    (dict(w=np.ones((3, 2))), ["w", "(D, H) = (2, 2)", "got w of shape (3, 2)"]),
    (dict(u=np.ones((4, 3))), ["u and w disagree on D", "u must have shape (N, 2)", "(4, 3)"]),
    (dict(w=np.ones(4)), ["w", "(D, H)", "got shape (4,)"]),
    (dict(c=np.ones(3)), ["c must have shape (H,) = (2,)", "H = 2 from w and v", "got (3,)"]),
    (dict(c=np.ones(3), v=np.ones(3)), ["w must have shape (D, H) = (2, 3)", "got (2, 2)"]),
    (dict(c=np.ones(3), v=np.ones(4)), ["c, w and v disagree on H"]),
    (dict(v=np.ones(3)), ["v", "(H,) = (2,)", "got (3,)"]),
    (dict(v=np.ones((2, 1))), ["v", "(H,)", "got shape (2, 1)"]),
    (dict(b=[0.0, 1.0]), ["b", "scalar", "got shape (2,)"]),
    (dict(u=np.ones(2)), ["u", "(N, D)", "got shape (2,)"]),
    (dict(u=np.zeros((0, 2))), ["u", "N ≥ 1", "(0, 2)"]),
    (dict(c=[]), ["c", "H ≥ 1"]),
    (dict(u=[[0, "a"]]), ["u", "numbers"]),
    (dict(w=[[1, np.nan], [1, 1]]), ["w", "finite", "nan", "w[0, 1]"]),
    (dict(u=[[0, np.inf]]), ["u", "finite", "inf", "u[0, 1]"]),
    (dict(c=[0, -np.inf]), ["c", "finite", "c[1]"]),
    (dict(v=[np.nan, 1]), ["v", "finite", "v[0]"]),
    (dict(b=np.nan), ["b", "finite"]),
])
def test_forward_names_the_bad_argument(bad, words):
    with pytest.raises(ValueError) as err:
        rb.forward(**net(**bad))
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize("fn", [rb.scalar_gradients, rb.numerical_gradients, rb.gradient_check])
def test_gradient_functions_check_their_inputs(fn):
    with pytest.raises(ValueError, match=r"w must have shape \(D, H\)"):
        fn(U, np.ones((2, 3)), C, V, B, F_STAR)
    with pytest.raises(ValueError, match=r"f_star must have shape \(N,\) = \(4,\)"):
        fn(U, W, C, V, B, F_STAR[:3])


def test_backward_checks_f_star():
    _, cache = rb.forward(U, W, C, V, B)
    with pytest.raises(ValueError, match=r"f_star must have shape \(N,\) = \(4,\).*got \(5,\)"):
        rb.backward(cache, np.zeros(5))
    with pytest.raises(ValueError, match="f_star must be finite"):
        rb.backward(cache, [0, np.nan, 1, 0])
    with pytest.raises(ValueError, match="cache must be the Cache that forward returns"):
        rb.backward((U, W), F_STAR)


def test_loss_checks_its_arguments():
    with pytest.raises(ValueError, match=r"f and f_star must have the same shape \(N,\).*got f \(4,\), f_star \(3,\)"):
        rb.loss(np.zeros(4), np.zeros(3))
    with pytest.raises(ValueError, match="f must hold at least one output"):
        rb.loss([], [])
    with pytest.raises(ValueError, match="f must be finite"):
        rb.loss([np.inf], [0.0])


@pytest.mark.parametrize("kwargs, match", [
    (dict(lr=0.0), "lr must be a finite learning rate > 0; got 0.0"),
    (dict(lr=-1), "lr must be"),
    (dict(lr=np.nan), "lr must be"),
    (dict(lr="0.1"), "lr must be"),
    (dict(steps=-1), "steps must be a whole number ≥ 0; got -1"),
    (dict(steps=2.5), "steps must be"),
    (dict(params=(W, C, V)), r"params must be \(w, c, v, b\); got 3"),
    (dict(params=(W, C, np.ones(3), B)), r"v must have shape \(H,\) = \(2,\)"),
    (dict(f_star=[0, 1]), r"f_star must have shape \(N,\) = \(4,\)"),
])
def test_train_checks_its_arguments(kwargs, match):
    args = dict(u=U, f_star=F_STAR, params=(W, C, V, B), lr=0.1, steps=3)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        rb.train(**args)


@st.composite
def shapes(draw):
    """Shapes for (u, w, c, v): sometimes consistent, often off in one or more places."""
    N, D, H = (draw(st.integers(1, 4)) for _ in range(3))
    off = lambda good: draw(st.one_of(st.just(good), st.tuples(*(st.integers(0, 4) for _ in good)),
                                      st.tuples(st.integers(1, 4))))
    return (N, D, H), off((N, D)), off((D, H)), off((H,)), off((H,))


def at_fault(su, sw, sc, sv):
    """Who a shape error is blamed on: a wrong number of dimensions, in the order u, w, c, v; then an
    empty u or c; then D (u against w: both named); then H, by majority of c, w and v."""
    for name, s, nd in (("u", su, 2), ("w", sw, 2), ("c", sc, 1), ("v", sv, 1)):
        if len(s) != nd:
            return f"{name} must"
    if 0 in su:
        return "u must"
    if sc[0] == 0:
        return "c must"
    if su[1] != sw[0]:
        return "u and w disagree on D"
    H = {"c": sc[0], "w": sw[1], "v": sv[0]}
    for odd in "cvw":
        a, b = (h for n, h in H.items() if n != odd)
        if a == b != H[odd]:
            return f"{odd} must"
    return "c, w and v disagree on H" if len(set(H.values())) > 1 else None


@settings(max_examples=300, deadline=None)
@given(shapes())
def test_any_shape_mismatch_names_the_argument_at_fault(drawn):
    (N, D, H), su, sw, sc, sv = drawn
    args = dict(u=np.ones(su), w=np.ones(sw), c=np.ones(sc), v=np.ones(sv), b=0.0)
    expected = at_fault(su, sw, sc, sv)
    if expected is None:
        f, _ = rb.forward(**args)
        assert f.shape == (su[0],)
    else:
        with pytest.raises(ValueError) as err:
            rb.forward(**args)
        assert str(err.value).startswith(expected), (expected, str(err.value))


@settings(max_examples=100, deadline=None)
@given(nets())
def test_lists_and_float32_give_the_same_answer_as_float64(net):
    u, w, c, v, b, f_star = net
    f64, _ = rb.forward(u, w, c, v, b)
    f_list, _ = rb.forward(u.tolist(), w.tolist(), c.tolist(), v.tolist(), b)
    f32, cache = rb.forward(u.astype(np.float32), w.astype(np.float32), c, v, np.float32(b))
    np.testing.assert_array_equal(f64, f_list)
    assert f32.dtype == cache.pre.dtype == np.float64
    np.testing.assert_allclose(f32, rb.forward(u.astype(np.float32).astype(float), w.astype(np.float32).astype(float),
                                               c, v, float(np.float32(b)))[0], rtol=1e-12, atol=1e-12)
