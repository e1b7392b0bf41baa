"""What a picture cannot show by itself: points drawn on one another, lines on one another,
lines outside the view. Pure helpers (coincident_groups, line_notes) and the few calls that
put their answers on a plot (plots.InputPlane, plots.HiddenSpace, widgets/slopes_figure.py's
sample panel). The pictures layer, beside plots.py: it imports numpy only."""
import numpy as np

__all__ = ["coincident_groups", "line_notes", "note_text", "say_lines", "count_marks", "say_hidden",
           "label_curves"]


def coincident_groups(points, tol=1e-9):
    """Groups of rows of `points` (M, d) within tol of each other (largest coordinate difference).

    Returns a list of index lists, each of ≥ 2 indices in increasing order; a row alone is left
    out. Rows that are sampled curves (M, K) give the curves that coincide everywhere.
    """
    points = np.asarray(points, dtype=float).reshape(len(points), -1)
    groups, seen = [], set()
    for i in range(len(points)):
        if i in seen:
            continue
        same = [j for j in range(i, len(points)) if j not in seen and np.abs(points[j] - points[i]).max() <= tol]
        seen.update(same)
        if len(same) > 1:
            groups.append(same)
    return groups


def _same_line(p, q, tol):
    """Do the lines p·(u₁, u₂, 1) = 0 and q·(u₁, u₂, 1) = 0 coincide (p, q parallel)?"""
    p, q = p / np.abs(p).max(), q / np.abs(q).max()
    return min(np.abs(p - q).max(), np.abs(p + q).max()) <= tol


def line_notes(w, c, lo, hi, tol=1e-9):
    """For each unit j, how its kink line w₁ⱼu₁ + w₂ⱼu₂ + cⱼ = 0 shows in the view [lo, hi]²:
    "" (drawn, visible), "off view", "none (w·j = 0)", or "on top of unit k's" (the same line as
    unit k's, an earlier unit whose line is visible)."""
    w, c = np.asarray(w, dtype=float), np.asarray(c, dtype=float)
    corners = np.array([[lo, lo], [lo, hi], [hi, lo], [hi, hi]])
    coef = np.column_stack([w.T, c])                            # (H, 3): unit j's line
    notes = []
    for j, line in enumerate(coef):
        side = corners @ line[:2] + line[2]
        if not line[:2].any():
            notes.append(f"none (w·{j + 1} = 0)")
        elif (side > 0).all() or (side < 0).all():
            notes.append("off view")
        else:
            under = [k for k in range(j) if notes[k] == "" and _same_line(line, coef[k], tol)]
            notes.append(f"on top of unit {under[0] + 1}'s" if under else "")
    return notes


def note_text(ax, xy, ha, va):
    """An empty note in axes coordinates, for what the lines or points cannot show."""
    return ax.text(*xy, "", transform=ax.transAxes, ha=ha, va=va, fontsize=8, zorder=6,
                   bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="0.7", alpha=0.9))


def say_lines(plane, w, c, names):
    """InputPlane: its note (and its legend, when it has one) says which kink line is off view or lies
    on another; a line on top of another is dashed so that both colours show."""
    notes = line_notes(w, c, plane.lo, plane.hi)
    said = [f"${names[j]}_P = 0$: {x}" for j, x in enumerate(notes) if x]
    plane.note.set_text("\n".join(said))
    plane.note.set_visible(bool(said))
    for j, (line, x) in enumerate(zip(plane.kinks, notes)):
        line.set_linestyle((0, (4, 3)) if x.startswith("on top") else "-")
        if plane.legend is not None:
            plane.legend.get_texts()[j].set_text(f"${names[j]}_P = 0$ (unit {j + 1} kink)" + (f" ({x})" if x else ""))


def count_marks(texts, act, names, lo, hi):
    """HiddenSpace: "×k: names" beside each hidden point that k inputs share (their markers drawn on one
    another; within 2 % of the view [lo, hi] counts as one point), on the side with room."""
    groups = coincident_groups(act, 0.02 * (hi - lo))
    for t, g in zip(texts, groups + [[]] * len(texts)):
        t.set_text(f"×{len(g)}: " + " ".join(names[n] for n in g) if g else "")
        if g:
            x, y = act[g[0], 0], act[g[0], 1]
            right, top = x > (lo + hi) / 2, y > lo + 0.85 * (hi - lo)
            t.xy = (x, y)
            t.set_position((8 if right else -8, -20 if top else 16))     # above (below) the tags beside it
            t.set_horizontalalignment("right" if right else "left")
            t.set_verticalalignment("top" if top else "bottom")


def say_hidden(note, act, v, b, names, lo, hi):
    """HiddenSpace: its note names the points outside the view [lo, hi]² and says when the line f = ½
    is outside it (or absent: v = 0 makes f = b everywhere)."""
    said = [f"{names[n]} off view, at ({x:.3g}, {y:.3g})" for n, (x, y) in enumerate(act[:, :2])
            if not (lo <= x <= hi and lo <= y <= hi)]
    corners = np.array([[lo, lo], [lo, hi], [hi, lo], [hi, hi]])
    side = corners @ np.asarray(v[:2], dtype=float) + b - 0.5
    if not np.any(v[:2]):
        said.append(f"no line f = ½: v = 0, so f = b = {b:.3g} everywhere")
    elif (side > 0).all() or (side < 0).all():
        said.append("the line f = ½: off view")
    note.set_text("\n".join(said))
    note.set_visible(bool(said))


def label_curves(lines, labels, groups):
    """Curves drawn on one another (each of `groups`, from coincident_groups): one legend entry says
    so, the others leave the legend. `labels` are the curves' own names."""
    for line, label in zip(lines, labels):
        line.set_label(label)
    for g in groups:
        lines[g[0]].set_label(" = ".join(labels[n] for n in g) + " (one line)")
        for n in g[1:]:
            lines[n].set_label(f"_{labels[n]}")
