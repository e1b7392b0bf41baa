"""`make student`: the student version is written, holds no solution, and runs without errors,
each exercise's check saying "not attempted yet"."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
TEACHER = ROOT / "notebooks" / "06_exercises.ipynb"
spec = importlib.util.spec_from_file_location("make_student", ROOT / "tools" / "make_student.py")
make_student = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_student)


def solution_lines(source):
    """The non-blank lines between the markers, as the teacher wrote them."""
    lines, inside = [], False
    for line in source.split("\n"):
        if line.strip() in (make_student.BEGIN, make_student.END):
            inside = line.strip() == make_student.BEGIN
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_student.py"), "--out", str(out), str(TEACHER)],
                   check=True, capture_output=True)
    return nbformat.read(out / TEACHER.name, as_version=4), out


def test_the_student_version_has_no_solution_left(student):
    nb, _ = student
    teacher = nbformat.read(TEACHER, as_version=4)
    assert len(nb.cells) == len(teacher.cells)
    stubbed = 0
    for mine, theirs in zip(nb.cells, teacher.cells):
        assert make_student.BEGIN not in mine.source and make_student.END not in mine.source
        hidden = solution_lines(theirs.source)
        if hidden:
            stubbed += 1
            assert make_student.STUB in mine.source
            kept = {line.strip() for line in mine.source.split("\n")}
            assert not kept & set(hidden), kept & set(hidden)
        elif mine.cell_type == "code":
            assert mine.source == theirs.source
    assert stubbed >= 7


def test_the_student_version_has_no_outputs(student):
    nb, _ = student
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_the_student_version_runs_and_every_check_says_not_attempted_yet(student):
    nb, out = student
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(out)}}).execute()
    checks = [c for c in nb.cells if "exercise-check" in c.metadata.get("tags", [])]
    assert len(checks) >= 7
    for cell in checks:
        text = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        assert "not attempted yet" in text and "Traceback" not in text, cell.source
    assert not any(o.output_type == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_a_solution_block_keeps_its_indentation():
    source = "def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n    ### END SOLUTION\n"
    assert make_student.strip_solutions(source) == (
        'def f(x):\n    y = 1\n    raise NotImplementedError("write your solution here")\n')
    namespace = {}
    exec(compile(make_student.strip_solutions(source), "<student>", "exec"), namespace)   # valid Python
    with pytest.raises(NotImplementedError):
        namespace["f"](1)


@pytest.mark.parametrize("source", [
    "### BEGIN SOLUTION\nx = 1\n",
    "x = 1\n### END SOLUTION\n",
    "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
])
def test_unmatched_markers_are_an_error_not_a_leak(source):
    with pytest.raises(ValueError, match="SOLUTION"):
        make_student.strip_solutions(source)
