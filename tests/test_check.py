"""gradient_check's report: agreement away from kinks, kinks flagged with both one-sided slopes."""
import numpy as np

import reluback as rb


def test_report_agrees_away_from_kinks(xor, skewed):
    u, f_star = xor
    report = rb.gradient_check(u, *skewed, f_star)
    assert report.ok and len(report) == 9
    assert [e.name for e in report] == ["w11", "w12", "w21", "w22", "c1", "c2", "v1", "v2", "b"]
    assert all(e.verdict == "ok" and e.rel_error <= 1e-6 for e in report)
    grads = rb.scalar_gradients(u, *skewed, f_star)
    assert np.isclose(report["w21"].analytic, grads.w[1, 0], rtol=1e-12)


def test_kinks_at_the_book_solution_are_flagged_not_failed(xor):
    """At the book's solution u = (0,0) has s_P = 0 and r_P = −1 < 0, (1,1) has r_P = 1 … c₁ sits on a kink."""
    u, f_star = xor
    w, c, v, _ = rb.book_solution()
    report = rb.gradient_check(u, w, c, v, 0.5, f_star)       # b moved so J ≠ 0
    c1 = report["c1"]
    assert c1.kink and c1.verdict == "kink" and report.ok
    # the one-sided slopes differ by the sample on the kink; ReLU′(0) = 0 takes the left one
    assert abs(c1.left - c1.right) > 0.1
    assert np.isclose(c1.analytic, c1.left, atol=1e-5)
    assert not report["v1"].kink and report["v1"].verdict == "ok"


def test_a_wrong_gradient_is_a_mismatch(xor, skewed, monkeypatch):
    u, f_star = xor
    import reluback.check as check
    real = check.backward
    monkeypatch.setattr(check, "backward", lambda cache, fs: real(cache, fs)._replace(b=0.0))
    report = rb.gradient_check(u, *skewed, f_star)
    assert not report.ok and report["b"].verdict == "MISMATCH"


def test_report_prints_as_a_table(xor, skewed):
    u, f_star = xor
    report = rb.gradient_check(u, *skewed, f_star)
    text, html = str(report), report._repr_html_()
    assert text.splitlines()[0].split()[:3] == ["entry", "analytic", "numeric"]
    assert "w22" in text and "<table>" in html and html.count("<tr>") == 10


def test_entry_names_follow_the_notes():
    assert rb.entry_names(1, 1) == ["w11", "c1", "v1", "b"]
    assert rb.entry_names(2, 10)[9] == "w[1,10]"


def test_at_a_kink_the_report_names_the_side_relu_prime_zero_takes(xor):
    """c₂ at the book's solution (b = 0.5): r_P = 0 on (0,1) and (1,0). ReLU′(0) = 0 leaves
    those samples out, as a small decrease of c₂ does: the analytic value is the left slope."""
    u, f_star = xor
    w, c, v, _ = rb.book_solution()
    e = rb.gradient_check(u, w, c, v, 0.5, f_star)["c2"]
    assert e.kink and e.side == "left" and "analytic = left" in e.describe()
