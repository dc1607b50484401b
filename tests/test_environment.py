"""environment.yml (conda) declares the same dependencies as pyproject.toml (pip)."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def parse(requirement: str) -> tuple[str, str]:
    name, spec = SPEC.match(requirement).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(
        parse(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]
    )
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert environment["channels"] == ["conda-forge"]
    declared, pip_lines = {}, []
    for item in environment["dependencies"]:
        if isinstance(item, dict):
            pip_lines = item["pip"]
        else:
            declared.update([parse(item)])
    assert declared.pop("python") == "=3.11"
    declared.pop("pip")
    assert "-e ." in pip_lines
    declared.update(parse(line) for line in pip_lines if not line.startswith("-e"))
    assert declared == wanted
