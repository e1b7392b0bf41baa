"""Write the hand-out for a course: the notebooks without any worked solution.

    python tools/make_student.py [--out student] [notebooks/*.ipynb]      (or: make student)

notebooks/07_exercises.ipynb is already the learner's notebook (stubs, every check "not attempted
yet"); its worked solutions live in notebooks/07_solutions.ipynb, between `### BEGIN SOLUTION`
and `### END SOLUTION` lines (nbgrader's convention; nbgrader itself is not needed). The hand-out:
- a notebook named *_solutions.ipynb is left out;
- a markdown cell tagged `solutions-link` (the exercises' link to the solutions) is left out, so
  no link in the hand-out points to a notebook that is not there;
- any other notebook that holds solution blocks gets each block, markers included, replaced by
  `raise NotImplementedError("write your solution here")` at the block's indentation, and every
  output and execution count cleared;
- the rest is copied as it is, so that the links between notebooks still work.
strip_solutions / student_version also make the learner's 07 from 07_solutions (tests/test_student.py
holds the two in step).
"""
import argparse
import re
import shutil
from pathlib import Path

import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = 'raise NotImplementedError("write your solution here")'
ROOT = Path(__file__).resolve().parents[1]


def strip_solutions(source, where="cell"):
    """source with each solution block replaced by the stub; a ValueError for unmatched markers."""
    out, inside = [], False
    for k, line in enumerate(source.split("\n"), 1):
        if line.strip() == BEGIN:
            if inside:
                raise ValueError(f"{where}, line {k}: {BEGIN} inside another solution block")
            inside = True
            out.append(re.match(r"\s*", line).group() + STUB)
        elif line.strip() == END:
            if not inside:
                raise ValueError(f"{where}, line {k}: {END} without a {BEGIN} before it")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{where}: {BEGIN} without an {END}")
    return "\n".join(out)


def has_solutions(nb):
    return any(c.cell_type == "code" and BEGIN in c.source for c in nb.cells)


def is_solutions(path):
    return Path(path).stem.endswith("_solutions")


def student_version(nb, name="notebook"):
    """A new notebook: solutions stubbed, outputs and execution counts cleared, no widget state."""
    nb = nbformat.from_dict(nb)                        # a deep copy
    nb.metadata.pop("widgets", None)
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source, f"{name}, cell {k}")
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    return nb


def without_solutions_link(nb):
    """A copy without the cells tagged solutions-link, or None when there is none to drop."""
    keep = [c for c in nb.cells if "solutions-link" not in c.metadata.get("tags", [])]
    if len(keep) == len(nb.cells):
        return None
    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if "solutions-link" not in c.metadata.get("tags", [])]
    return nb


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        default=sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")))
    parser.add_argument("--out", type=Path, default=ROOT / "student")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in args.notebooks:
        target = args.out / path.name
        if is_solutions(path):
            print(f"{path.name}: the worked solutions, left out of the hand-out")
            continue
        nb = nbformat.read(path, as_version=4)
        if has_solutions(nb):
            nbformat.write(student_version(nb, path.name), target)
            print(f"{target}: solutions replaced by stubs, outputs cleared")
        elif (trimmed := without_solutions_link(nb)) is not None:
            nbformat.write(trimmed, target)
            print(f"{target}: the link to the worked solutions left out")
        else:
            shutil.copyfile(path, target)
        written.append(target)
    return written


if __name__ == "__main__":
    main()
