"""dazzle: each chunk starts FROM the base image dazzle has just built
(sources.builds.dazzle)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.builds import build_tool

if TYPE_CHECKING:
    from pathlib import Path

# gitpod-io/workspace-images' shape: dazzle.yaml at the root, base/, chunks/*/.
DAZZLE = """\
combiner:
  combinations:
    - name: go
      ref: [base]
      chunks: [lang-go:1.24]
"""
CHUNK = "ARG base\nFROM ${base}\nUSER root\n"


def _project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "dazzle.yaml").write_text(DAZZLE)
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "Dockerfile").write_text("FROM buildpack-deps:jammy\n")
    for name in ("lang-c", "lang-go", "_skipped"):
        (tmp_path / "chunks" / name).mkdir(parents=True)
        (tmp_path / "chunks" / name / "Dockerfile").write_text(CHUNK)
    (tmp_path / "chunks" / "lang-go" / "chunk.yaml").write_text(
        'variants:\n  - name: "1.24"\n    args:\n      GO_VERSION: 1.24.12\n'
    )
    return tmp_path


def test_dazzle_yaml_is_dazzle_s() -> None:
    assert build_tool("dazzle.yaml") == "dazzle"


def test_a_chunk_s_from_base_is_the_base_dazzle_built(tmp_path: Path) -> None:
    # dazzle passes each chunk `build-arg:base` = the base image it has just built
    # (pkg/dazzle/build.go): a built image, not a run's unknown (23 TS011 before).
    project = _project(tmp_path)
    for name in ("lang-c", "lang-go"):
        found = list(find_references(str(project / "chunks" / name / "Dockerfile")))
        assert [(o.raw, o.built is not None) for o in found] == [("${base}", True)]
        built = found[0].built
        assert built is not None and built.tool == "dazzle"
        assert built.path is not None and built.path.endswith("base/Dockerfile")
    # The base's own FROM is a pull, as ever.
    (base,) = find_references(str(project / "base" / "Dockerfile"))
    assert base.text == "buildpack-deps:jammy" and base.built is None


def test_without_dazzle_yaml_a_chunk_s_base_is_a_run_s(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "dazzle.yaml").unlink()
    (found,) = find_references(str(project / "chunks" / "lang-c" / "Dockerfile"))
    assert found.built is None and found.unresolved == ("base",)


def test_a_directory_dazzle_skips_is_no_chunk(tmp_path: Path) -> None:
    # (`_*` and `.*` directories of chunks/ are not chunks: pkg/dazzle/project.go)
    project = _project(tmp_path)
    (found,) = find_references(str(project / "chunks" / "_skipped" / "Dockerfile"))
    assert found.built is None
