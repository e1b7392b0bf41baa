"""What check() returns: a verdict in words, shown as text or as HTML in Jupyter."""
import html

from ..plots import rounded

__all__ = ["Result"]


class Result:
    """What check() found: .verdict (a few words: "correct", "factor 2 dropped", "not attempted yet", …),
    .message (sentences for the learner), .sections (notebook, heading) to re-read, .table (expected
    vs got, for an answer no known mistake explains) and .note (e.g. the inputs were changed)."""

    def __init__(self, exercise, verdict, message, sections=(), table=None, note=""):
        self.exercise, self.verdict, self.message = exercise, verdict, message
        self.sections, self.table, self.note = tuple(sections), table, note

    @property
    def ok(self):
        return self.verdict == "correct"

    def __str__(self):
        lines = [f"{self.exercise}: {self.verdict}", self.message]
        lines += [f"Re-read: {nb}" + (f", “{sec}”" if sec else "") for nb, sec in self.sections]
        if self.table:
            title, rows = self.table
            lines += [title, f"{'entry':>10} {'expected':>12} {'got':>12}"]
            lines += [f"{e:>10} {x:>12} {y:>12}{'   ✗' if bad else ''}" for e, x, y, bad in rows]
        return "\n".join(lines + ([f"Note: {self.note}"] if self.note else []))

    __repr__ = __str__

    def _repr_html_(self):
        e = html.escape
        colour = "#009E73" if self.ok else "#999999" if self.verdict == "not attempted yet" else "#D55E00"
        out = [f'<div style="border-left: 4px solid {colour}; padding-left: 8px">',
               f"<b>{e(self.exercise)}: {e(self.verdict)}</b><br>{e(self.message)}"]
        for nb, sec in self.sections:
            href = nb + ("#" + sec.replace(" ", "-") if sec else "")
            out.append(f'<br>Re-read: <a href="{e(href)}">{e(nb)}' + (f", “{e(sec)}”" if sec else "") + "</a>")
        if self.table:
            title, rows = self.table
            cells = "".join(f"<tr><td>{e(a)}</td><td>{x}</td><td>{y}</td><td>{'✗' if bad else ''}</td></tr>"
                            for a, x, y, bad in rows)
            out.append(f"<br>{e(title)}<table><tr><th>entry</th><th>expected</th><th>got</th><th></th></tr>"
                       f"{cells}</table>")
        if self.note:
            out.append(f"<br><i>Note: {e(self.note)}</i>")
        return "".join(out) + "</div>"


def _num(x):
    return f"{rounded(x, 6):.6f}"                                  # no "-0.000000"
