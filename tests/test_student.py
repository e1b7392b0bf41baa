"""07 is learner-first: the exercises notebook holds no solution, its checks say "not attempted yet",
the worked solutions notebook passes every check, the two stay in step, and `make student` writes a
hand-out without the solutions."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "notebooks" / "07_exercises.ipynb"
SOLUTIONS = ROOT / "notebooks" / "07_solutions.ipynb"
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


def check_texts(nb):
    for cell in nb.cells:
        if "exercise-check" in cell.metadata.get("tags", []):
            yield cell, "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_student.py"), "--out", str(out),
                    *map(str, sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")))], check=True, capture_output=True)
    return out


def test_the_exercises_notebook_hides_every_solution():
    exercises, solutions = (nbformat.read(p, as_version=4) for p in (EXERCISES, SOLUTIONS))
    hidden = {line for c in solutions.cells for line in solution_lines(c.source)}
    assert len(hidden) > 20
    stubs = 0
    for cell in exercises.cells:
        assert make_student.BEGIN not in cell.source and make_student.END not in cell.source
        kept = {line.strip() for line in cell.source.split("\n")}
        assert not kept & hidden - {"return total", "total = 0.0", "N = len(u)"}, kept & hidden
        stubs += make_student.STUB in cell.source
    assert stubs >= 7
    assert 'replace the line\n`raise NotImplementedError("write your solution here")`' in exercises.cells[0].source


def test_the_exercises_code_is_the_solutions_code_with_stubs():
    """The two notebooks stay in step: the learner's code cells are the solutions' code cells, stubbed."""
    exercises, solutions = (nbformat.read(p, as_version=4) for p in (EXERCISES, SOLUTIONS))
    mine = [c.source for c in exercises.cells if c.cell_type == "code"]
    theirs = [make_student.strip_solutions(c.source) for c in solutions.cells if c.cell_type == "code"]
    assert mine == theirs[:len(mine)]
    assert sum(make_student.BEGIN in c.source for c in solutions.cells) >= 7


def test_stored_checks_say_not_attempted_yet_in_06_and_correct_in_the_solutions():
    exercises, solutions = (nbformat.read(p, as_version=4) for p in (EXERCISES, SOLUTIONS))
    learner, worked = list(check_texts(exercises)), list(check_texts(solutions))
    assert len(learner) == len(worked) >= 7
    for (_, text), (_, answer) in zip(learner, worked):
        assert "not attempted yet" in text and "Traceback" not in text
        assert ": correct" in answer


def test_06_links_to_the_solutions_at_its_end_and_back():
    exercises, solutions = (nbformat.read(p, as_version=4) for p in (EXERCISES, SOLUTIONS))
    assert "(07_solutions.ipynb)" in exercises.cells[-1].source
    assert "solutions-link" in exercises.cells[-1].metadata["tags"]
    assert not any("(07_solutions.ipynb)" in c.source for c in exercises.cells[:-1])
    assert "(07_exercises.ipynb)" in solutions.cells[0].source


def test_the_handout_leaves_the_solutions_out(handout):
    names = sorted(p.name for p in handout.glob("*.ipynb"))
    assert "07_solutions.ipynb" not in names and "07_exercises.ipynb" in names and len(names) >= 7
    for path in handout.glob("*.ipynb"):
        text = path.read_text()
        assert "07_solutions.ipynb" not in text and make_student.BEGIN not in text, path.name


def test_the_handout_runs_and_every_check_says_not_attempted_yet(handout):
    nb = nbformat.read(handout / EXERCISES.name, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(handout)}}).execute()
    checks = list(check_texts(nb))
    assert len(checks) >= 7
    for cell, text in checks:
        assert "not attempted yet" in text and "Traceback" not in text, cell.source
    assert not any(o.output_type == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_a_notebook_with_solution_blocks_is_stubbed_and_cleared(tmp_path):
    nb = nbformat.read(SOLUTIONS, as_version=4)
    path = tmp_path / "07_more.ipynb"
    nbformat.write(nb, path)
    make_student.main(["--out", str(tmp_path / "out"), str(path)])
    out = nbformat.read(tmp_path / "out" / path.name, as_version=4)
    assert not any(make_student.BEGIN in c.source for c in out.cells if c.cell_type == "code")
    assert all(c.outputs == [] and c.execution_count is None for c in out.cells if c.cell_type == "code")


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
