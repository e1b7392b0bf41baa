"""Bad input: a ValueError naming the argument, its shape in the notes' letters, and what was given."""
import numpy as np
import pytest

import reluback as rb

U, F_STAR = rb.xor_data()
W, C, V, B = rb.book_solution()


def net(**bad):
    args = dict(u=U, w=W, c=C, v=V, b=B)
    args.update(bad)
    return args


@pytest.mark.parametrize("bad, words", [
    (dict(w=np.ones((2, 3))), ["w", "(D, H) = (2, 2)", "got (2, 3)"]),
    (dict(w=np.ones((3, 2))), ["w", "(D, H) = (2, 2)", "got (3, 2)"]),
    (dict(w=np.ones(4)), ["w", "(D, H)", "got shape (4,)"]),
    (dict(c=np.ones(3)), ["w", "(D, H) = (2, 3)", "got (2, 2)"]),
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
    with pytest.raises(ValueError, match=r"f_star must have shape \(N,\) = \(4,\)"):
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
