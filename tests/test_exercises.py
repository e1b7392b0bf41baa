"""The exercise checker: right answers pass, each classic mistake gets exactly its diagnosis,
and nothing a learner's function does (raise, mutate, return garbage) crashes the checker.

The wrong answers here are written the way a learner would write them — explicit loops over
samples and units, one `if` per mistake — independently of reluback/mistakes.py."""
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reluback as rb
from reluback.exercises import EXERCISES, candidates, check, nets, right_answers
from reluback.mistakes import MISTAKES, slipped
from strategies import nets as random_nets

ROOT = Path(__file__).resolve().parents[1]
HEADINGS = {   # the fixed section headings of common.md, which diagnoses point learners to
    "01_forward_pass.ipynb": ["Which index is which: w_ij joins input i to unit j"],
    "02_loss_and_g.ipynb": ["g = ∂J/∂f, sample by sample", "The factor 2 the notes drop"],
    "03_scalar_derivatives.ipynb": ["Why the sum over samples stays outside", "At a kink: ReLU′(0) = 0",
                                    "Checking the notes"],
    "05_matrix_gradients.ipynb": ["The shape rule"],
    "04_backward_pass.ipynb": ["2 · The backward pass, one node at a time", "3 · The batch: gradients add at forks"],
}


# ---- a learner, making one mistake at a time ---------------------------------------

def learner_g(f, f_star, mistake=None):
    N = len(f)
    two = 1.0 if mistake == "factor 2 dropped" else 2.0
    sign = 1.0 if mistake == "sign of g flipped" else -1.0
    per = {"mean vs sum": 1.0, "mean twice": 1.0 / N ** 2}.get(mistake, 1.0 / N)
    return np.array([sign * two * per * (f_star[n] - f[n]) for n in range(N)])


def learner_grads(u, w, c, v, b, f_star, mistake=None):
    """(dw, dc, dv, db) from the notes' scalar formulas, loop by loop, with `mistake` made."""
    (N, D), H = u.shape, len(c)
    if mistake == "w transposed":          # reads w[i, j] as joining unit i to input j
        weight = lambda i, j: w[j, i]
    else:
        weight = lambda i, j: w[i, j]
    pre = [[sum(weight(i, j) * u[n, i] for i in range(D)) + c[j] for j in range(H)] for n in range(N)]
    f = [sum(v[j] * max(pre[n][j], 0.0) for j in range(H)) + b for n in range(N)]
    g = learner_g(f, f_star, mistake)

    def on(n, j):
        if mistake == "indicator left out":
            return 1.0
        return float(pre[n][j] >= 0 if mistake == "ReLU′(0) taken as 1" else pre[n][j] > 0)

    out_weight = lambda j: v[0] if mistake == "v₁ used for unit 2" else v[j]
    a = lambda n, j: pre[n][j] if mistake == "pre used for act" else max(pre[n][j], 0.0)
    if mistake == "sum pulled out of the indicator":
        G = sum(g)
        total = lambda term: G * sum(term(n) for n in range(N))
    else:
        total = lambda term: sum(g[n] * term(n) for n in range(N))
    d_w = lambda i, j: total(lambda n: on(n, j) * out_weight(j) * u[n, i])   # input i, unit j
    if mistake == "w transposed":
        dw = np.array([[d_w(j, i) for j in range(H)] for i in range(H)])     # their [i, j]: unit i, input j
    else:
        dw = np.array([[d_w(i, j) for j in range(H)] for i in range(D)])
    dc = np.array([total(lambda n: on(n, j) * out_weight(j)) for j in range(H)])
    dv = np.array([total(lambda n: a(n, j)) for j in range(H)])
    return dw, dc, dv, sum(g)


PICK = {"dJ_dw21": lambda d: d[0][1, 0], "dJ_dw22": lambda d: d[0][1, 1], "dJ_dc2": lambda d: d[1][1],
        "dJ_dv1": lambda d: d[2][0], "dJ_db": lambda d: d[3], "backward": lambda d: d}


def learner_dJ_drP(mistake=None):
    def dJ_drP(dJ_dra, r_P):                      # the ReLU node r_a = max{0, r_P}, sample by sample
        out = np.zeros(len(r_P))
        for n in range(len(r_P)):
            if mistake == "indicator left out":
                on = 1.0
            elif mistake == "ReLU′(0) taken as 1":
                on = 1.0 if r_P[n] >= 0 else 0.0
            else:
                on = 1.0 if r_P[n] > 0 else 0.0
            out[n] = dJ_dra[n] * on
        return out
    return dJ_drP


def learner_shares(mistake=None):
    def dJ_dw22_shares(dJ_drP, w22, u2):          # the product w₂₂·u₂: its upstream is ∂J/∂r_P (a sum)
        return np.array([dJ_drP[n] * (w22 if mistake == "wrong side of the product" else u2[n])
                         for n in range(len(u2))])
    return dJ_dw22_shares


def learner_sum(mistake=None):
    def dJ_dw12_sum(dJ_drP, u):                   # w₁₂ feeds one product per sample: a fork
        dw12 = 0.0
        for n in range(len(u)):
            if mistake == "= instead of +=":
                dw12 = dJ_drP[n] * u[n, 0]
            else:
                dw12 += dJ_drP[n] * u[n, 0]
        return dw12
    return dJ_dw12_sum


NODE = {"dJ_drP": learner_dJ_drP, "dJ_dw22_shares": learner_shares, "dJ_dw12_sum": learner_sum}


def learner(name, mistake=None):
    if name in NODE:
        return NODE[name](mistake)
    if name == "g":
        return lambda f, f_star: learner_g(f, f_star, mistake)
    return lambda u, w, c, v, b, f_star: PICK[name](learner_grads(u, w, c, v, b, f_star, mistake))


CASES = [(name, verdict) for name, ex in EXERCISES.items() for verdict in ex.mistakes]


# ---- the right answer, and each mistake -----------------------------------------------

@pytest.mark.parametrize("name", EXERCISES)
def test_the_right_answer_passes(name):
    result = check(name, learner(name))
    assert result.verdict == "correct" and result.ok, str(result)


@pytest.mark.parametrize("name, verdict", CASES)
def test_each_mistake_gets_exactly_its_diagnosis(name, verdict):
    result = check(name, learner(name, verdict))
    assert result.verdict == verdict, str(result)
    m = MISTAKES[verdict]
    assert result.sections == ((m.notebook, m.section),)
    assert m.notebook in str(result) and m.section in str(result)


@pytest.mark.parametrize("name", [n for n in EXERCISES if n != "dJ_db" and "mean vs sum" in EXERCISES[n].mistakes]
                         + ["dJ_db"])
def test_mean_taken_twice_is_mean_vs_sum_too(name):
    result = check(name, learner(name, "mean twice"))
    assert result.verdict == "mean vs sum" and "twice" in result.message


def test_the_notes_own_slips_together_get_both_names():
    def dJ_dw22(u, w, c, v, b, f_star):            # the notes' g: one summed number, no factor 2
        pre = u @ w + c
        f = np.maximum(pre, 0) @ v + b
        g = np.mean(f_star - f) * (-1)
        return g * np.sum((pre[:, 1] > 0) * v[1] * u[:, 1])
    result = check("dJ_dw22", dJ_dw22)
    assert result.verdict == "factor 2 dropped + sum pulled out of the indicator"
    assert len(result.sections) == 2 and "Two mistakes" in result.message


@pytest.mark.parametrize("name, returned, words", [
    ("dJ_dw22", lambda *a: np.zeros(len(a[0])), ["shape ()", "got shape (4,)", "sum over the samples"]),
    ("dJ_dc2", lambda *a: learner_grads(*a)[1], ["shape ()", "got shape (2,)"]),
    ("g", lambda f, f_star: learner_g(f, f_star).sum(), ["(N,) = (4,)", "got shape ()"]),
    ("backward", lambda *a: (learner_grads(*a)[0].ravel(),) + learner_grads(*a)[1:], ["(D, H) = (2, 2)", "(4,)"]),
    ("backward", lambda *a: learner_grads(*a)[:3], ["4 things", "(dw, dc, dv, db)", "3 things"]),
    ("dJ_dw12_sum", lambda dJ_drP, u: dJ_drP * u[:, 0], ["shape ()", "got shape (4,)", "sum over the samples"]),
    ("dJ_drP", lambda dJ_dra, r_P: float(dJ_dra.sum()), ["(N,) = (4,)", "got shape ()", "keep the samples apart"]),
])
def test_a_wrong_shape_names_the_expected_shape(name, returned, words):
    result = check(name, returned)
    assert result.verdict == "wrong shape"
    for word in words:
        assert word in result.message, result.message


def test_an_unknown_wrong_answer_gets_a_table_of_expected_vs_got():
    result = check("backward", lambda *a: tuple(np.asarray(x) * 1.1 + 0.01 for x in learner_grads(*a)))
    assert result.verdict == "wrong"
    title, rows = result.table
    assert [r[0] for r in rows] == ["w11", "w12", "w21", "w22", "c1", "c2", "v1", "v2", "b"]
    assert all(bad for *_, bad in rows)
    assert "expected" in str(result) and "got" in str(result) and "<table>" in result._repr_html_()


# ---- functions that misbehave -----------------------------------------------------------

def test_an_unknown_wrong_number_gets_a_row_per_net():
    right = learner("dJ_dw22")
    result = check("dJ_dw22", lambda *a: right(*a) + a[0][0, 0] * 0.1)     # wrong where u₁₁ ≠ 0
    assert result.verdict == "wrong"
    title, rows = result.table
    assert [r[0] for r in rows] == [f"net {k}" for k in range(len(nets()))]
    assert [bad for *_, bad in rows] == [n.u[0, 0] != 0 for n in nets()]


def test_a_raising_function_is_summarised_not_crashed():
    def dJ_dc2(u, w, c, v, b, f_star):
        return float(sum(f_star)) / (len(u) - 4)           # ZeroDivisionError on the XOR batch
    result = check("dJ_dc2", dJ_dc2)
    assert result.verdict == "raised an error"
    assert "ZeroDivisionError" in result.message and nets()[0].name in result.message
    assert "return float(sum(f_star)) / (len(u) - 4)" in result.message     # the line, from the traceback


def test_not_implemented_means_not_attempted_yet():
    def backward(u, w, c, v, b, f_star):
        raise NotImplementedError("write your solution here")
    result = check("backward", backward)
    assert result.verdict == "not attempted yet" and "Traceback" not in str(result)


def test_a_mutating_function_is_caught_and_the_nets_are_unharmed():
    def g(f, f_star):
        f_star -= f
        return -2.0 / len(f) * f_star
    result = check("g", g)
    assert result.verdict == "changes its inputs"
    assert "f_star" in result.message and "copies" in result.message
    np.testing.assert_array_equal(nets()[0].f_star, rb.xor_data()[1])
    assert check("g", learner("g")).verdict == "correct"


def test_a_mutating_wrong_answer_gets_its_diagnosis_and_a_note():
    def dJ_dc2(u, w, c, v, b, f_star):
        w[:] = w                                            # writes, but changes nothing
        answer = learner("dJ_dc2", "v₁ used for unit 2")(u, w, c, v, b, f_star)
        u *= 0.0                                            # "tidies up" in the caller's u
        return answer
    result = check("dJ_dc2", dJ_dc2)
    assert result.verdict == "v₁ used for unit 2" and "changed its input u" in result.note


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(EXERCISES)),
       st.one_of(st.none(), st.text(max_size=3), st.floats(), st.lists(st.floats(), max_size=5),
                 st.tuples(st.integers(), st.text(max_size=2)), st.dictionaries(st.text(max_size=2), st.integers())))
def test_whatever_a_function_returns_the_checker_answers_in_words(name, value):
    result = check(name, lambda *args: value)
    assert result.verdict in {"wrong", "wrong shape", "not a number", "no value returned",
                              "ignores its arguments"} | set(MISTAKES) \
        or " + " in result.verdict
    assert str(result) and result._repr_html_()


@pytest.mark.parametrize("value, verdict, words", [
    (None, "no value returned", ["None", "return"]),
    ("0.5", "not a number", ["single number", "'0.5'"]),
])
def test_a_missing_or_non_numeric_answer_is_named(value, verdict, words):
    result = check("dJ_dv1", lambda *args: value)
    assert result.verdict == verdict
    for word in words:
        assert word in result.message, result.message


def test_a_backward_without_return_is_told_so():
    assert check("backward", lambda *args: None).verdict == "no value returned"
    assert check("backward", lambda *a: learner_grads(*a)[:3] + (None,)).verdict == "no value returned"


def test_a_function_that_reads_globals_is_told_so():
    u, f_star = rb.xor_data()
    w, c, v, b = rb.book_solution()
    result = check("dJ_dc2", lambda *ignored: learner("dJ_dc2")(u, w, c, [1.0, 2.0], b, f_star))
    assert result.verdict == "ignores its arguments" and "arguments" in result.message


def test_bad_arguments_to_check_are_value_errors():
    with pytest.raises(ValueError, match="dJ_dw22"):
        check("dJ_dw33", learner("dJ_dw22"))
    with pytest.raises(ValueError, match="without"):
        check("g", learner("g")(np.zeros(4), np.zeros(4)))


# ---- the nets tell every mistake apart ---------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(random_nets())
def test_slipped_without_slips_is_reluback_backward(net):
    u, w, c, v, b, f_star = net
    g, grads = slipped(u, w, c, v, b, f_star)
    f, cache = rb.forward(u, w, c, v, b)
    np.testing.assert_allclose(g, -2.0 / len(f) * (f_star - f), rtol=1e-12, atol=1e-12)
    for mine, theirs in zip(grads, rb.backward(cache, f_star)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", EXERCISES)
def test_every_listed_mistake_shows_on_the_nets_and_no_two_look_alike(name):
    found = candidates(name)
    assert {v for verdicts, _, _ in found for v in verdicts} == set(EXERCISES[name].mistakes)
    far = lambda xs, ys: any(not np.allclose(x, y, rtol=1e3 * 1e-6, atol=1e3 * 1e-9) for x, y in zip(xs, ys))
    right = right_answers(name)
    for i, (verdicts, _, xs) in enumerate(found):
        assert far(xs, right), verdicts
        for other, _, ys in found[i + 1:]:
            if len(verdicts) == 1 and set(other) != set(verdicts):     # a single mistake is never confused
                assert far(xs, ys), (verdicts, other)


def test_the_nets_have_what_the_mistakes_need():
    ns = nets()
    assert any(not np.array_equal(n.w, n.w.T) for n in ns)                  # w transposed shows
    assert any(np.any(rb.forward(n.u, n.w, n.c, n.v, n.b)[1].pre == 0) for n in ns)   # kinks
    assert any(np.all(rb.forward(n.u, n.w, n.c, n.v, n.b)[1].pre[:, 0] < 0) for n in ns)  # a dead unit
    assert all(len(n.u) > 2 for n in ns)                                       # a factor N or 2 shows


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(list(EXERCISES)), st.integers(0, len(nets()) - 1), st.integers(0, 8),
       st.floats(1e-5, 10.0) | st.floats(-10.0, -1e-5))
def test_a_right_answer_with_one_entry_perturbed_is_never_correct(name, k, entry, relative):
    """Off by one entry on one net, however little beyond the tolerance: never called correct."""
    right, target = learner(name), rb.exercises.arguments(name, k)

    def perturbed(*args):
        out = right(*args)
        if not all(np.array_equal(x, y) for x, y in zip(args, target)):
            return out
        parts = out if name == "backward" else (out,)
        flat = np.concatenate([np.ravel(np.asarray(x, dtype=float)) for x in parts])
        i = entry % flat.size
        flat[i] += relative * max(abs(flat[i]), 1e-3)
        cuts = np.cumsum([np.size(x) for x in parts])[:-1]
        parts = tuple(p.reshape(np.shape(x)) for p, x in zip(np.split(flat, cuts), parts))
        return parts if name == "backward" else parts[0]
    assert check(name, perturbed).verdict != "correct"


# ---- the sections a diagnosis points to exist ---------------------------------------------

def test_every_diagnosis_points_to_a_fixed_heading():
    for m in MISTAKES.values():
        assert m.notebook in HEADINGS and (m.section in HEADINGS[m.notebook] or not m.section), m.verdict


@pytest.mark.parametrize("notebook, headings", HEADINGS.items())
def test_the_headings_exist_in_their_notebooks(notebook, headings):
    path = ROOT / "notebooks" / notebook
    if not path.exists():
        pytest.skip(f"{notebook} is not written yet")
    text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                     if c["cell_type"] == "markdown")
    for heading in headings:
        assert f"# {heading}" in text, f"{notebook} lacks the heading “{heading}”"


def test_an_endless_loop_is_stopped_and_named(monkeypatch):
    monkeypatch.setattr(rb.exercises.checker, "TIME_LIMIT", 0.2)

    def dJ_db(u, w, c, v, b, f_star):
        while True:
            pass

    result = check("dJ_db", dJ_db)
    assert result.verdict == "too slow" and "0.2 s" in result.message
    assert check("dJ_db", learner("dJ_db")).verdict == "correct"      # the alarm is gone afterwards


# ---- the exercises at one node of the graph (notebook 04_backward_pass) ---------------------

def test_the_node_exercises_are_nonzero_on_four_nets_and_agree_with_the_graph():
    """Their right answers are nonzero on at least four nets, and equal what autograd's graph holds:
    the r_P nodes' gradients, each product w₂₂·u₂'s gradient × u₂, and w₁₂'s gradient (= rb.backward)."""
    from reluback.autograd import loss_graph, topo_order
    for name in NODE:
        assert sum(np.any(x != 0) for x in right_answers(name)) >= 4, name
    for k, net in enumerate(nets()):
        J, leaves = loss_graph(net.u, net.w, net.c, net.v, net.b, net.f_star)
        J.backward()
        nodes = topo_order(J)
        r_P = [x for x in nodes if x.label == "r_P"]
        products = [x for x in nodes if x.op == "*" and leaves.w[1, 1] in x.inputs]
        dJ_dra, r_pre = rb.exercises.arguments("dJ_drP", k)
        np.testing.assert_allclose(r_pre, [x.data for x in r_P], rtol=0, atol=1e-12)
        np.testing.assert_allclose(dJ_dra, [x.grad for x in nodes if x.label == "r_a"], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(right_answers("dJ_drP")[k], [x.grad for x in r_P], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(right_answers("dJ_dw22_shares")[k], [x.grad * x.inputs[1].data for x in products],
                                   rtol=1e-12, atol=1e-12)
        assert right_answers("dJ_dw22_shares")[k].sum() == pytest.approx(leaves.w[1, 1].grad, abs=1e-12)
        assert right_answers("dJ_dw12_sum")[k][0] == pytest.approx(leaves.w[0, 1].grad, abs=1e-12)
