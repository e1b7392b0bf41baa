"""Write the student version of every notebook that holds solutions.

    python tools/make_student.py [--out student] [notebooks/*.ipynb]      (or: make student)

The notebooks in the repository are the teacher's: each solution sits between a
`### BEGIN SOLUTION` line and a `### END SOLUTION` line (nbgrader's convention; nbgrader itself
is not needed). The student version replaces each such block, markers included, by
`raise NotImplementedError("write your solution here")` at the block's indentation, and clears
every output and execution count. The other notebooks are copied as they are, so that the
links between notebooks still work in the student folder.
"""
import argparse
import re
import shutil
import sys
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        default=sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")))
    parser.add_argument("--out", type=Path, default=ROOT / "student")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    stubbed = []
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        target = args.out / path.name
        if has_solutions(nb):
            nbformat.write(student_version(nb, path.name), target)
            stubbed.append(target)
            print(f"{target}: solutions replaced by stubs, outputs cleared")
        else:
            shutil.copyfile(path, target)
    if not stubbed:
        print("no notebook holds a solution block", file=sys.stderr)
    return stubbed


if __name__ == "__main__":
    main()
