"""Pachyderm pipeline specifications: the image each pipeline's user code runs in.

Shapes after pachyderm/pachyderm's examples (``examples/opencv/edges.pipeline.json``,
``montage.pipeline.json``, a file of two specifications one after another, and
``examples/kubeflow/mnist/pipeline.yaml``); written here, not copied.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = date(2026, 12, 4)

EDGES = """\
{
  "pipeline": {
    "name": "edges"
  },
  "description": "Finds the edges of each image.",
  "input": {"pfs": {"glob": "/*", "repo": "images"}},
  "transform": {
    "cmd": ["python3", "/edges.py"],
    "image": "pachyderm/opencv:1.0"
  }
}
"""

TWO = """\
{
  "pipeline": {"name": "montage"},
  "transform": {"image": "dpokidov/imagemagick", "cmd": ["sh"]}
}
{
  "pipeline": {"name": "sink"},
  "service": {"internal_port": 8000, "external_port": 30080},
  "transform": {"image": "python:3.12.8-slim"}
}
"""

MNIST = """\
pipeline:
  name: mnist
transform:
  image: pachyderm/mnist_pipeline:v1.0.1
  cmd: [ /app/pipeline.py ]
input:
  pfs:
    repo: input-repo
    glob: /
---
pipeline:
  name: templated
transform:
  image: "{{ .Values.image }}"
"""


def _found(root: Path) -> list[tuple[str, int, int, str, str, str]]:
    return [
        (
            o.path.replace(str(root) + "/", ""), o.line, o.column, o.kind, o.text,
            str(o.context.get("pipeline")),
        )
        for o in find_references(str(root))
    ]  # fmt: skip


def test_a_json_pipeline_specification_pulls_its_transform_image(tmp_path: Path) -> None:
    (tmp_path / "edges.pipeline.json").write_text(EDGES)
    assert _found(tmp_path) == [
        ("edges.pipeline.json", 9, 15, "pachyderm", "pachyderm/opencv:1.0", "edges")
    ]


def test_a_file_of_two_json_specifications_pulls_both_images(tmp_path: Path) -> None:
    # (pachctl create pipeline -f reads every object of the file, one after another)
    (tmp_path / "edges.json").write_text(TWO)
    assert _found(tmp_path) == [
        ("edges.json", 3, 27, "pachyderm", "dpokidov/imagemagick", "montage"),
        ("edges.json", 8, 27, "pachyderm", "python:3.12.8-slim", "sink"),
    ]
    codes = [f.code for f in check(find_references(str(tmp_path)), as_of=DAY)]
    assert "TS002" in codes  # (no tag: pulled as latest)


def test_yaml_pipeline_specifications_and_a_templated_image(tmp_path: Path) -> None:
    (tmp_path / "pipeline.yaml").write_text(MNIST)
    assert _found(tmp_path) == [
        ("pipeline.yaml", 4, 10, "pachyderm", "pachyderm/mnist_pipeline:v1.0.1", "mnist")
    ]


def test_files_of_other_shapes_that_say_pipeline_and_transform_are_not_read(
    tmp_path: Path,
) -> None:
    # (an API description names both words; a pipeline without a transform mapping is none)
    (tmp_path / "api.swagger.json").write_text(
        '{"definitions": {"pipeline": {"properties": {"transform": {"type": "object"},'
        ' "image": {"type": "string"}}}}}'
    )
    (tmp_path / "other.json").write_text(
        '{"pipeline": {"name": "x"}, "transform": "lowercase", "image": "alpine:3.21.0"}'
    )
    (tmp_path / "other.yaml").write_text("pipeline: build\ntransform:\n  image: alpine:3.21.0\n")
    assert _found(tmp_path) == []
