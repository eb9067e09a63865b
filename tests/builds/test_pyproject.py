"""pyproject.toml: the images Python's task runners' scripts build and pull
(sources.builds.pyproject).

The Hatch script is pika/pika's (its ``pyproject.toml``, 1.4.4, BSD-3-Clause), which starts
the RabbitMQ its tests talk to: missed before (survey 29b).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources import BuildSite
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.pyproject import read_pyproject

if TYPE_CHECKING:
    from pathlib import Path

PYPROJECT = """\
[project]
name = "pika"
description = "docker run is in a description, not a script: not/an-image"

[tool.hatch.envs.default.scripts]
lint = "ruff check pika/ tests/ examples/ utils/"
rabbitmq = "docker run --name pika-rabbitmq --pull always --detach --rm --publish 5672:5672 --publish 15672:15672 rabbitmq:management-alpine"
setup = ["docker pull postgres:17.2", "pytest"]

[tool.poe.tasks]
image = "docker build -t acme/app:dev ."
redis = { cmd = "docker run --rm redis:7.4.1" }
both = { sequence = ["image", { shell = "podman run --rm memcached:1.6.38 && echo done" }] }

[tool.pdm.scripts]
db = { cmd = ["docker", "run", "--rm", "mariadb:11.4.5"] }
up = { composite = ["db", "docker run --rm nats:2.10.24"] }

[tool.taskipy.tasks]
mq = "docker run --rm nginx:1.27.3"
"""  # noqa: E501


def write(root: Path, text: str = PYPROJECT) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(text)
    return root


def test_the_runners_scripts_pull_their_images(tmp_path: Path) -> None:
    root = write(tmp_path / "repo")
    found = [(ref.line, ref.text, ref.context["tool"]) for ref in find_references(os.fspath(root))]
    assert sorted(found) == [
        (7, "rabbitmq:management-alpine", "hatch"),
        (8, "postgres:17.2", "hatch"),
        (12, "redis:7.4.1", "poe"),
        (13, "memcached:1.6.38", "poe"),
        (16, "mariadb:11.4.5", "pdm"),
        (17, "nats:2.10.24", "pdm"),
        (20, "nginx:1.27.3", "taskipy"),
    ]
    line = PYPROJECT.split("\n")[6]
    rabbitmq = next(ref for ref in find_references(os.fspath(root)) if ref.line == 7)
    assert line[rabbitmq.column - 1 :].startswith("rabbitmq:management-alpine")


def test_a_scripts_build_names_the_projects_image(tmp_path: Path) -> None:
    root = write(tmp_path / "repo")
    assert build_tool(str(root / "pyproject.toml")) == "pyproject"
    found = read_pyproject(str(root / "pyproject.toml"))
    assert [(image.name, image.site) for image in found.built] == [
        ("acme/app", BuildSite("poe", str(root / "pyproject.toml"), 11))
    ]


def test_a_pyproject_without_scripts_or_engines_says_nothing(tmp_path: Path) -> None:
    plain = write(tmp_path / "plain", '[project]\nname = "x"\n[tool.ruff]\nline-length = 99\n')
    assert find_references(os.fspath(plain)).occurrences == ()
    broken = write(tmp_path / "broken", '[tool.poe.tasks]\nx = "docker run a:1\n')
    assert find_references(os.fspath(broken)).occurrences == ()
    # (another tool's table is not a runner's)
    other = write(tmp_path / "other", '[tool.other.scripts]\nx = "docker run redis:7.4.1"\n')
    assert find_references(os.fspath(other)).occurrences == ()
