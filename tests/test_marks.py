"""Coincident points and lines, and lines off the view, are said on the picture (reluback.marks)."""
import numpy as np

import reluback as rb
from reluback.widgets import descent_explorer, slope_explorer
from reluback.marks import coincident_groups, line_notes



def test_coincident_groups():
    pts = np.array([[0, 0.404], [0.9, 0], [0, 1.1], [0, 0.404 + 1e-12]])
    assert coincident_groups(pts) == [[0, 3]]
    assert coincident_groups(pts, tol=1e-15) == []
    assert coincident_groups(np.zeros((4, 2))) == [[0, 1, 2, 3]]
    assert coincident_groups([[0, 0], [5, 5], [0, 0], [5, 5]]) == [[0, 2], [1, 3]]
    curves = np.array([[0, 1, 2], [1, 2, 3], [1, 2, 3]])               # rows: sampled curves
    assert coincident_groups(curves) == [[1, 2]]


def test_line_notes():
    w, c = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.0])        # the book's: both visible
    assert line_notes(w, c, -0.5, 1.5) == ["", ""]
    assert line_notes(w, np.array([0.0, -9.0]), -0.5, 1.5) == ["", "off view"]
    assert line_notes(np.array([[2.0, -1.0], [1.0, -0.5]]), np.array([0.5, -0.25]), -0.5, 1.5) == \
        ["", "on top of unit 1's"]                                              # −½ × the same line
    assert line_notes(np.zeros((2, 2)), np.array([1.0, 0.0]), -0.5, 1.5)[0] == "none (w·1 = 0)"


def frame(view, start, k):
    view.set(start=start)
    view.controls["step"].value = k
    P = view.panels
    return [t.get_text() for t in P.hidden.counts], P.plane.note.get_text()


def test_markers_at_the_clean_success_and_the_symmetric_start():
    view = descent_explorer()
    counts, note = frame(view, "clean success", 300)
    act = rb.forward(*rb.xor_data()[:1], *view.history.at(300))[1].act
    assert np.abs(act[0] - act[3]).max() < 0.01                             # (0,0) and (1,1) merged
    assert counts == ["×2: (0,0) (1,1)", ""] and note == ""
    counts, note = frame(view, "symmetric start", 0)
    assert note == "$r_P = 0$: on top of unit 1's"
    assert view.panels.plane.kinks[1].get_linestyle() == "--"                  # dashed, so both colours show
    counts, note = frame(view, "symmetric start", 600)
    assert counts == ["×3: (0,0) (0,1) (1,1)", ""]
    counts, note = frame(view, "clean success", 0)
    assert note == "$r_P = 0$: off view" and counts == ["", ""]
    counts, note = frame(view, "dead unit", 600)
    assert note == "$r_P = 0$: off view" and counts[0].startswith("×3")


def test_kink_view_says_two_sample_lines_are_one():
    view = slope_explorer("book's solution with b = 0.5", parameter="c1")
    labels = [t.get_text() for t in view.fig.pre_legend.get_texts()]
    assert labels == ["(0,0)", "(0,1) = (1,0) (one line)", "(1,1)"]
    view.controls["parameter"].value = "w11"                   # s_P = w₁₁u₁ + 1·u₂ + 0: four lines apart
    labels = [t.get_text() for t in view.fig.pre_legend.get_texts()]
    assert labels == ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]


def test_what_is_off_the_hidden_view_is_said():
    view = descent_explorer(seed=0, scale=10.0)                 # J₀ > 10³: the view leaves step 0 out
    view.controls["step"].value = 0
    note = view.panels.hidden.note.get_text()
    assert note.count("off view, at") == 4 and view.panels.hidden.note.get_visible()
    view.controls["step"].value = 300
    assert not view.panels.hidden.note.get_visible()


def test_say_hidden_names_a_missing_or_distant_line():
    from matplotlib.figure import Figure
    from reluback.marks import note_text, say_hidden
    note = note_text(Figure().subplots(), (0, 0), "left", "bottom")
    act, names = np.zeros((4, 2)), ["a", "b", "c", "d"]
    say_hidden(note, act, np.zeros(2), 0.3, names, -0.1, 1.0)
    assert note.get_text() == "no line f = ½: v = 0, so f = b = 0.3 everywhere"
    say_hidden(note, act, np.array([1.0, 1.0]), 9.0, names, -0.1, 1.0)      # s + r = −8.5: far away
    assert note.get_text() == "the line f = ½: off view"
    say_hidden(note, act, np.array([1.0, 1.0]), 0.0, names, -0.1, 1.0)
    assert note.get_text() == "" and not note.get_visible()
