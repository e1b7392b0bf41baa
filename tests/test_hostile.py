"""Every class of bad input, on every public entry point of the maths API.

Each test draws an entry point, one of its arguments and a bad value of one class — complex
numbers, text, finite numbers too large for float64, wrong shapes, None or a dict, nan/inf,
a bad eps, lr, steps, index, keep — and asserts what the README promises: a ValueError whose
message names that argument, no warning of any kind on the way, and the inputs unchanged.
"""
import copy
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reluback as rb

U, F_STAR = rb.xor_data()
W, C, V, B = rb.book_solution()
F = rb.forward(U, W, C, V, B)[0]
HISTORY = rb.train(U, F_STAR, (W, C, V, B), 0.1, 3)
MANY = rb.train_many(U, F_STAR, rb.Params(W[None], C[None], V[None], np.array([B])), 0.1, 3, keep="all")
GOOD = dict(u=U, w=W, c=C, v=V, b=B, f_star=F_STAR, f=F, eps=1e-6, lr=0.1, steps=3, k=0, keep="loss",
            name="dJ_db", fn=lambda *args: 0.0)


def _batch(a):
    """train_many's params_batch: one run (K = 1) of (w, c, v, b)."""
    def one(x):
        return [x] if not isinstance(x, np.ndarray) else x[None]
    return tuple(one(a[n]) for n in "wcvb") if "params_batch" not in a else a["params_batch"]


def _params(a):
    return a["params"] if "params" in a else (a["w"], a["c"], a["v"], a["b"])


ENTRY = {   # name: (call on a dict of arguments, the arguments it takes)
    "forward": (lambda a: rb.forward(a["u"], a["w"], a["c"], a["v"], a["b"]), "u w c v b"),
    "loss": (lambda a: rb.loss(a["f"], a["f_star"]), "f f_star"),
    "backward": (lambda a: rb.backward(rb.forward(U, W, C, V, B)[1], a["f_star"]), "f_star"),
    "scalar_gradients": (lambda a: rb.scalar_gradients(*(a[n] for n in ("u", "w", "c", "v", "b", "f_star"))),
                         "u w c v b f_star"),
    "numerical_gradients": (lambda a: rb.numerical_gradients(*(a[n] for n in ("u", "w", "c", "v", "b", "f_star")),
                                                             eps=a["eps"]), "u w c v b f_star eps"),
    "gradient_check": (lambda a: rb.gradient_check(*(a[n] for n in ("u", "w", "c", "v", "b", "f_star")),
                                                   eps=a["eps"]), "u w c v b f_star eps"),
    "train": (lambda a: rb.train(a["u"], a["f_star"], _params(a), a["lr"], a["steps"]),
              "u f_star w c v b params lr steps"),
    "train_many": (lambda a: rb.train_many(a["u"], a["f_star"], _batch(a), a["lr"], a["steps"], keep=a["keep"]),
                   "u f_star params_batch lr steps keep"),
    "History.at": (lambda a: HISTORY.at(a["k"]), "k"),
    "ManyHistory.run": (lambda a: MANY.run(a["k"]), "k"),
    "exercises.check": (lambda a: rb.exercises.check(a["name"], a["fn"]), "name fn"),
}
ARRAYS = {"u", "w", "c", "v", "b", "f_star", "f"}
SHAPE_OF = {"u": (4, 2), "w": (2, 2), "c": (2,), "v": (2,), "b": (), "f_star": (4,), "f": (4,)}


# ---- the bad values, one strategy per class ----------------------------------------------

def _entry(shape, draw):
    return tuple(draw(st.integers(0, n - 1)) for n in shape)


@st.composite
def complex_(draw, name):
    good = np.asarray(GOOD[name], dtype=float)
    return good + 1j * draw(st.floats(-2, 2, allow_nan=False))        # 0j too: complex is refused, not cast


@st.composite
def text(draw, name):
    good = np.asarray(GOOD[name], dtype=float)
    return draw(st.sampled_from([good.astype(str), str(good.tolist()), good.astype(str).tolist()]))


@st.composite
def too_large(draw, name):
    a = np.array(GOOD[name], dtype=object if draw(st.booleans()) else float)
    huge = draw(st.one_of(st.floats(1e160, 1.7e308), st.just(10 ** 400), st.integers(10 ** 309, 10 ** 500)))
    if a.dtype == float:
        huge = float(huge) if huge < 1e308 else 1e308
    huge = huge if draw(st.booleans()) else -huge
    if a.ndim == 0:
        return huge
    a[_entry(a.shape, draw)] = huge
    return a.tolist() if a.dtype == object else a


@st.composite
def wrong_shape(draw, name):
    shape = SHAPE_OF[name]
    bad = draw(st.lists(st.integers(0, 5), min_size=0, max_size=3).map(tuple).filter(
        lambda s: s != shape and not (name == "u" and len(s) == 2 and s[1] == 2 and s[0] > 0)))
    return np.ones(bad)


@st.composite
def none_or_dict(draw, name):
    return draw(st.sampled_from([None, {"value": GOOD.get(name)}, {}]))


@st.composite
def non_finite(draw, name):
    a = np.array(GOOD[name], dtype=float)
    x = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    if a.ndim == 0:
        return x
    a[_entry(a.shape, draw)] = x
    return a


HYPER = {   # bad values of the non-array arguments
    "eps": [0, 0.0, -1e-6, np.nan, np.inf, 1e-300, 1e-14, 1e300, "1e-6", True, None, 1j, [1e-6]],
    "lr": [0, -0.1, np.nan, np.inf, "0.1", True, None, 1j, [0.1]],
    "steps": [-1, 2.5, "3", True, None, 1j, 10 ** 12, 10 ** 30],
    "k": [4, 10 ** 6, -5, -10 ** 6, 1.5, "1", True, None, np.nan],
    "keep": ["every", None, 1, True],
    "name": ["dJ_dw33", "", None, 3, ["g"], {"g": 1}],
    "fn": [None, 3, "dJ_db", [lambda: 0]],
    "params": [None, {"w": W, "c": C, "v": V, "b": B}, (W, C, V), W, 3.0, "w c v b"],
    "params_batch": [None, {"w": W[None]}, (W[None], C[None]), 3.0],
}
CLASSES = {"complex": complex_, "text": text, "too large": too_large, "wrong shape": wrong_shape,
           "None or dict": none_or_dict, "non-finite": non_finite}


@st.composite
def bad_call(draw):
    """(entry point, argument name, class, bad value)."""
    entry = draw(st.sampled_from(sorted(ENTRY)))
    name = draw(st.sampled_from(ENTRY[entry][1].split()))
    if name in ARRAYS:
        kind = draw(st.sampled_from(sorted(CLASSES)))
        if entry == "train_many" and kind == "wrong shape":
            kind = "non-finite"                     # a K-axis shape is tested in test_train_many.py
        return entry, name, kind, draw(CLASSES[kind](name))
    return entry, name, name, draw(st.sampled_from(HYPER[name]))


def snapshot(x):
    return x.copy() if isinstance(x, np.ndarray) else copy.deepcopy(x)


def same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    return repr(a) == repr(b)


def names(message, name):
    """The message names `name` as a word (f is not f_star)."""
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", message) is not None


# ---- the property ---------------------------------------------------------------------------

@settings(max_examples=600, deadline=None)
@given(bad_call())
def test_bad_input_is_a_value_error_naming_the_argument_without_warnings(drawn):
    entry, name, kind, bad = drawn
    args = dict(GOOD)
    args[name] = bad
    before = {n: snapshot(x) for n, x in args.items()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ValueError) as err:
            ENTRY[entry][0](args)
    message = str(err.value)
    expected = "params_batch" if name == "params_batch" else name
    assert names(message, expected), (entry, name, kind, message)
    assert not caught, [str(w.message) for w in caught]
    for n, x in args.items():
        assert same(x, before[n]), f"{entry} changed its argument {n}"


@pytest.mark.parametrize("entry", sorted(ENTRY))
def test_the_good_arguments_are_good(entry):
    """So that each failure above comes from the one bad argument."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ENTRY[entry][0](dict(GOOD))


# ---- the specific cases of the issue ----------------------------------------------------------

def test_the_cache_holds_what_forward_saw():
    v = V.copy()
    f, cache = rb.forward(U, W, C, v, B)
    v[0] = 100.0
    f[:] = 7.0                                              # the caller's f is theirs to change
    assert rb.backward(cache, F_STAR).w[0, 0] == pytest.approx(rb.backward(rb.forward(U, W, C, V, B)[1], F_STAR).w[0, 0])
    assert cache.v[0] == V[0] and not cache.v.flags.writeable


@pytest.mark.parametrize("cache, words", [
    (rb.Cache(*"x" * 8), "its u is 'x'"),
    (rb.Cache(U, W, C, V, B, np.zeros((4, 3)), np.zeros((4, 3)), F), "shapes disagree"),
    (rb.Cache(U, W, C, V * 1e200, B, np.zeros((4, 2)), np.zeros((4, 2)), F), "too large"),
    ((U, W), "got tuple"),
])
def test_backward_refuses_a_cache_forward_did_not_make(cache, words):
    with pytest.raises(ValueError, match="cache must be the Cache that forward returns") as err:
        rb.backward(cache, F_STAR)
    assert words in str(err.value)


@pytest.mark.parametrize("call, words", [
    (lambda: rb.train(U, F_STAR, (W, C, V, B), 0.1, 10 ** 9), ["steps = 1,000,000,000", "GB", 'keep="loss"']),
    (lambda: rb.train_many(U, F_STAR, _batch(GOOD), 0.1, 10 ** 9, keep="all"), ["GB", 'keep="loss"']),
    (lambda: HISTORY.at(10 ** 6), ["k must be a whole number from 0 to 3", "got 1000000"]),
    (lambda: MANY.run(99), ["k must be a whole number from 0 to 0", "1 run", "got 99"]),
    (lambda: rb.gradient_check(U, W, C, V, B, F_STAR, eps=1e-300), ["eps = 1e-300 is too small", "slope"]),
    (lambda: rb.numerical_gradients(U, W, C, V, B, F_STAR, eps=0), ["eps must be a finite step > 0"]),
    (lambda: rb.forward(U, W, [1.0, 2.0, 3.0], V, B), ["c must have shape (H,) = (2,)", "from w and v"]),
    (lambda: rb.forward(np.ones((4, 3)), W, C, V, B), ["u and w disagree on D", "u must have shape (N, 2)"]),
    (lambda: rb.train(U, F_STAR, (W, C, V, None), 0.1, 3), ["b must be numbers", "got None"]),
    (lambda: rb.forward(U, W * 1e308, C, V, B), ["w is too large for float64"]),
    (lambda: rb.forward(U, W, C, V, 10 ** 400), ["b is too large for float64", "1e400"]),
    (lambda: rb.loss(F, F_STAR + 1e308), ["f_star is too large for float64"]),
    (lambda: rb.forward(U * 1e200, W, C, V, B), ["u is too large for float64"]),
    (lambda: rb.train_many(U, F_STAR, rb.Params(np.stack([W, W * 1e300]), np.stack([C, C]), np.stack([V, V]),
                                                np.zeros(2)), 0.1, 3), ["in run 1: w is too large for float64"]),
])
def test_the_issue_cases(call, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as err:
            call()
    for word in words:
        assert word in str(err.value), str(err.value)


@settings(max_examples=100, deadline=None)
@given(st.floats(1e-3, 1e140), st.floats(1e-3, 1e140))
def test_large_inputs_within_the_bound_give_finite_answers(su, sw):
    """Up to the bound, forward and backward compute: finite numbers, no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            f, cache = rb.forward(U * su, W * sw / 1e10, C, V / 1e10, B)
        except ValueError as e:                   # beyond the bound: refused, naming an argument
            assert "too large for float64" in str(e)
            return
        grads = rb.backward(cache, F_STAR)
    assert np.isfinite(f).all() and all(np.isfinite(g).all() for g in grads)
