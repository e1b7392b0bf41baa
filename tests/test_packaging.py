"""The project's set-up files agree with each other."""
import re
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:                      # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PYPI = {"playwright-python": "playwright"}     # where conda-forge names a package otherwise


def conda_dependencies():
    """The conda list of environment.yml, without python, pip and the pip: section."""
    deps, inside = [], False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            inside = True
        elif inside and re.match(r"^  - ", line):
            deps.append(line[4:].strip())
        elif inside and line and not line.startswith(" "):
            inside = False
    deps = [pypi_spelling(d.split("#")[0].strip()) for d in deps]
    return {d for d in deps if not re.match(r"^(python|pip)\b", d) and d != "pip:"}


def pypi_spelling(dep):
    """"playwright-python>=1.40" → "playwright>=1.40": conda-forge's name as PyPI spells it."""
    name = re.split(r"[<>=!~]", dep, maxsplit=1)[0]
    return CONDA_TO_PYPI.get(name, name) + dep[len(name):]


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    conda = conda_dependencies()
    assert conda == pip, f"only in environment.yml: {conda - pip}; only in pyproject.toml: {pip - conda}"


def test_environment_yml_installs_reluback_editable():
    text = (ROOT / "environment.yml").read_text()
    assert "- conda-forge" in text and "- -e ." in text


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)


def test_lab_binds_loopback_with_a_token():
    makefile = (ROOT / "Makefile").read_text()
    assert "--ServerApp.ip=127.0.0.1" in makefile
    assert "secrets.token_hex(24)" in makefile              # a fresh random token, never empty
    assert "JUPYTER_TOKEN=$$token" in makefile                # in the environment, never in the arguments
    assert "IdentityProvider.token" not in makefile and "Voila.token" not in makefile
    assert "token=''" not in makefile and 'token=""' not in makefile
