"""The live backward stepper (reluback/widgets/live_stepper.py): what it serialises, and its JavaScript.

The serialised numbers are held to rb.backward and central differences, every step's words to
graph.stepper_state; the page's pure functions (reluback/widgets/js/backward_stepper.js: which nodes
are revealed, what each shows, which edges are lit, the words) run in node against the same data.
The browser tests (tests/browser) hold what the page shows.
"""
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import reluback as rb
from reluback.graph import SIGNS, num, sample_graph, stepper_state
from reluback.net import example_nets
from reluback.widgets.live_stepper import LiveBackwardStepper, live_backward_stepper, serialise
from reluback.widgets.stepper import stepper_words
from test_graph import J_again

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "reluback" / "widgets" / "js"
U, F_STAR = rb.xor_data()
NETS = list(example_nets())


@pytest.mark.parametrize("net", NETS)
@pytest.mark.parametrize("n", range(4))
def test_serialised_numbers_are_backward_and_central_differences(net, n):
    view = live_backward_stepper(net, n=n)
    g, graph = view.graph, view.sample
    params = example_nets()[net]
    ref = rb.backward(rb.forward(U[n:n + 1], *params)[1], F_STAR[n:n + 1])
    grad = {graph.nodes[k]: x["grad"] for k, x in enumerate(g["nodes"])}
    leaves = graph.leaves
    np.testing.assert_allclose([[grad[x] for x in row] for row in leaves.w], ref.w, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose([grad[x] for x in leaves.c], ref.c, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose([grad[x] for x in leaves.v], ref.v, rtol=1e-12, atol=1e-12)
    assert grad[leaves.b] == pytest.approx(float(ref.b), abs=1e-12)
    eps = 1e-6
    for k, node in enumerate(graph.nodes):
        x = g["nodes"][k]
        assert x["value"] == node.data and x["value_text"] == num(x["value"]) and x["grad_text"] == num(x["grad"])
        if any(p.op == "ReLU" and abs(p.inputs[0].data) < 1e-5 for p in graph.nodes):
            continue                                    # a sample on a kink: the ReLU's slope is taken as 0
        slope = (J_again(graph, node, node.data + eps) - J_again(graph, node, node.data - eps)) / (2 * eps)
        assert abs(slope - x["grad"]) <= 1e-6 * max(1.0, abs(slope)), node.label


def test_every_step_is_stepper_states():
    view = live_backward_stepper()
    g, graph = view.graph, view.sample
    assert g["order"] == list(graph.order) and len(g["steps"]) == len(graph.order) + 1
    assert sorted(map(tuple, g["edges"])) == sorted((k, p) for k, uses in enumerate(graph.consumers) for p, _ in uses)
    for x, node, (col, row) in zip(g["nodes"], graph.nodes, graph.place):
        assert (x["label"], x["col"], x["row"]) == (node.label, col, row)
    for step, s in enumerate(g["steps"]):
        state = stepper_state(graph, step)
        head, line, rest = stepper_words(state)
        assert (s["head"], s["line"], s["pattern"], s["ask"]) == (head, state.line, state.pattern, rest[-1])
        assert (s["current"], s["next"]) == (state.current, state.next)
        if step:
            assert s["verdicts"] == {sign: stepper_state(graph, step, sign).verdict for sign in SIGNS}
            label = graph.nodes[state.current].label
            assert s["said"].startswith(f"step {step} of {len(graph.order)}: ∂J/∂")
            assert s["said"].endswith(f"= {num(graph.nodes[state.current].grad)} revealed") and label in s["said"]
        else:
            assert s["verdicts"] == {}
    assert json.loads(json.dumps(g)) == g                      # the stored widget state can carry it


def test_the_state_goes_to_the_page_as_json():
    view = live_backward_stepper(step=4)
    state = view.get_state()
    assert state["step"] == 4 and state["graph"] == serialise(view.sample)


def test_step_control_and_buttons():
    view = live_backward_stepper()
    view.controls["step"].value = 5
    assert view.step == 5 and view.state == stepper_state(view.sample, 5)
    view.controls["next"].click()
    assert view.controls["step"].value == 6
    view.controls["back"].click()
    view.controls["back"].click()
    assert view.step == 4
    view.step = view.last
    view.controls["next"].click()
    assert view.step == view.last
    view.step = 0
    view.controls["back"].click()
    assert view.step == 0


@pytest.mark.parametrize("bad", [-1, 27, True, 2.0, "3", None])
def test_a_bad_step_is_refused_and_changes_nothing(bad):
    view = live_backward_stepper(step=2)
    with pytest.raises(ValueError, match="step must be an integer from 0"):
        view.controls["step"].value = bad
    assert view.step == 2
    with pytest.raises(ValueError, match="step must be an integer from 0"):
        live_backward_stepper(step=bad)


def test_a_step_set_on_the_trait_is_checked_too():
    view = live_backward_stepper()
    with pytest.raises(ValueError, match="step must be an integer from 0"):
        view.step = 99
    assert view.step == 0


@pytest.mark.parametrize("kwargs, words", [
    (dict(net="no such net"), "net"), (dict(net=rb.Params(np.ones((2, 3)), np.zeros(3), np.zeros(3), 0.0)), "net"),
    (dict(n=4), "n must be a sample"), (dict(n=-1), "n must be a sample"), (dict(n=1.0), "n must be a sample")])
def test_bad_net_or_sample(kwargs, words):
    with pytest.raises(ValueError, match=words):
        live_backward_stepper(**kwargs)


def test_mimebundle_has_the_widget_and_the_kernel_figures_still():
    view = live_backward_stepper(step=3)
    data = view._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert view.still_png() != live_backward_stepper(step=4).still_png()      # the still is this step's
    assert "0x" not in repr(view) and "step 3 of 26" in repr(view)
    assert isinstance(view, LiveBackwardStepper) and "live_backward_stepper" in rb.widgets.__all__


def test_esm_is_plot_js_then_the_view():
    esm = live_backward_stepper()._esm
    assert esm.startswith((JS / "plot.js").read_text()) and esm.rstrip().endswith("end of backward_stepper.js ----")


NODE = shutil.which("node")


def run_page_functions(graph, calls):
    """backward_stepper.js (after plot.js, its `export` dropped) in node: `calls` evaluated with `g`."""
    source = re.sub(r"^export default .*$", "", (JS / "backward_stepper.js").read_text(), flags=re.M)
    script = (JS / "plot.js").read_text() + source + f"\nconst g = {json.dumps(graph)};\n" \
        + f"console.log(JSON.stringify({calls}));"
    return json.loads(subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("net, n", [("skewed (no sample on a kink)", 3), ("a dead unit: skewed with c₂ = −2", 0)])
def test_the_page_shows_what_each_step_reveals(net, n):
    view = live_backward_stepper(net, n=n)
    graph, last = view.sample, view.last
    out = run_page_functions(view.graph, """g.steps.map((_, s) => ({texts: nodeTexts(g, s), lit: litEdges(g, s),
        words: words(g, s, null), guessed: Object.fromEntries(["+", "−", "0"].map((x) => [x, words(g, s, x).verdict]))}))""")
    assert len(out) == last + 1
    for step, shown in enumerate(out):
        state = stepper_state(graph, step)
        for k, (t, node) in enumerate(zip(shown["texts"], graph.nodes)):
            assert t["above"] == num(node.data)
            want = num(state.grads[k]) if state.grads[k] is not None else "?" if k == state.next else ""
            assert t["below"] == want and t["current"] == (k == state.current)
        lit = {tuple(e) for e in shown["lit"]}
        assert lit == {(k, p) for k, uses in enumerate(graph.consumers) for p, _ in uses if state.grads[p] is not None}
        head, line, rest = stepper_words(state)
        assert shown["words"]["line"] == f"{head} {line}" and shown["words"]["pattern"] == state.pattern
        assert shown["words"]["verdict"] == "" and shown["words"]["ask"] == rest[-1]
        for sign in SIGNS:
            assert shown["guessed"][sign] == (stepper_state(graph, step, sign).verdict if step else "")
    # the last step shows rb.backward's nine gradients at display precision
    ref = rb.backward(rb.forward(U[n:n + 1], *example_nets()[net])[1], F_STAR[n:n + 1])
    below = {node: t["below"] for node, t in zip(graph.nodes, out[-1]["texts"])}
    leaves = graph.leaves
    for node, x in [*zip(leaves.w.ravel(), ref.w.ravel()), *zip(leaves.c, ref.c), *zip(leaves.v, ref.v), (leaves.b, ref.b)]:
        assert below[node] == num(float(x)), node.label
