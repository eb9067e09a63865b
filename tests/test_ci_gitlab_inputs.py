"""GitLab CI/CD inputs: interpolation functions, and this project's own components and
``project:`` files read as part of its pipeline (see ``tagsense.sources.ci._gitlab_inputs``)."""

from __future__ import annotations

import doctest
import os
import subprocess
from typing import TYPE_CHECKING

import pytest

import tagsense.sources._gitlab_component_shape
import tagsense.sources.ci._gitlab_inputs
from tagsense.sources.ci import included_files, scan_ci
from tagsense.sources.ci._gitlab_inputs import component_files, interpolated

if TYPE_CHECKING:
    from pathlib import Path


def _pipeline(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path / ".gitlab-ci.yml"


def _images(main: Path) -> list[tuple[str, tuple[str, ...]]]:
    scan = scan_ci(main.read_bytes(), path=str(main))
    return sorted((o.text, o.unresolved) for o in scan)


def test_doctests() -> None:
    assert doctest.testmod(tagsense.sources.ci._gitlab_inputs).failed == 0
    assert doctest.testmod(tagsense.sources._gitlab_component_shape).failed == 0


@pytest.mark.parametrize(
    ("block", "inputs", "expected"),
    [
        ("inputs.v", {"v": "3.12.8"}, "3.12.8"),
        (" inputs.v ", {"v": "3.12.8"}, "3.12.8"),
        ("inputs.v | truncate(0,4)", {"v": "3.12.8"}, "3.12"),
        ("inputs.v | truncate(2, 2) | truncate(0,1)", {"v": "3.12.8"}, "1"),
        ("inputs.v | truncate(9,2)", {"v": "3.12.8"}, ""),
        ("inputs.v | expand_vars", {"v": "${PY}-slim"}, "${PY}-slim"),
        ("inputs.v | posix_escape", {"v": "a b"}, None),  # (not known here: a run's)
        ("inputs.v", {"v": None}, None),
        ("inputs.w", {"v": "1"}, None),
        ("v", {"v": "1"}, None),
    ],
)
def test_interpolation_blocks(
    block: str, inputs: dict[str, str | None], expected: str | None
) -> None:
    assert interpolated(block, inputs) == expected


def test_functions_in_an_included_files_images(tmp_path: Path) -> None:
    main = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - local: ci/test.yml\n"
            "    inputs: {python: '3.12.8', registry: $CI_REGISTRY}\n",
            "ci/test.yml": "spec:\n  inputs:\n    python:\n    registry:\n---\n"
            "test:\n  image: python:$[[ inputs.python | truncate(0, 4) ]]-slim\n"
            "  services: ['$[[ inputs.registry | expand_vars ]]/redis:7.4']\n  script: x\n",
        },
    )
    assert _images(main) == [
        ("$CI_REGISTRY/redis:7.4", ("CI_REGISTRY",)),
        ("python:3.12-slim", ()),
    ]


def test_an_input_without_a_value_stays_by_name(tmp_path: Path) -> None:
    # (a mandatory input the includer does not give, and one the includer passes from an
    # input of its own that has no value here)
    main = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": "spec:\n  inputs:\n    base:\n---\ninclude:\n"
            "  - local: t.yml\n    inputs: {image: '$[[ inputs.base ]]'}\n",
            "t.yml": "spec:\n  inputs:\n    image: {default: alpine:3.20}\n    tag:\n---\n"
            "a:\n  image: $[[ inputs.image ]]\n  script: x\n"
            "b:\n  image: busybox:$[[ inputs.tag ]]\n  script: x\n",
        },
    )
    assert _images(main) == [
        ("$[[ inputs.image ]]", ("inputs.image",)),
        ("busybox:$[[ inputs.tag ]]", ("inputs.tag",)),
    ]


def test_the_includers_own_inputs_pass_on(tmp_path: Path) -> None:
    main = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": "spec:\n  inputs:\n    node: {default: '22'}\n---\ninclude:\n"
            "  - local: t.yml\n    inputs: {image: 'node:$[[ inputs.node ]]-alpine'}\n",
            "t.yml": "spec:\n  inputs:\n    image:\n---\nj:\n  image: $[[ inputs.image ]]\n"
            "  script: x\n",
        },
    )
    assert _images(main) == [("node:22-alpine", ())]


COMPONENTS = {
    ".gitlab-ci.yml": "include:\n"
    "  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/build@$CI_COMMIT_SHA\n"
    "    inputs:\n      image: golang:1.23.4\n"
    "  - component: ${CI_SERVER_FQDN}/$CI_PROJECT_PATH/lint@~latest\n",
    "templates/build.yml": "spec:\n  inputs:\n    image: {default: golang:1.22.0}\n---\n"
    "build:\n  image: $[[ inputs.image ]]\n  script: go build\n",
    "templates/lint/template.yml": "spec:\n  inputs:\n    version: {default: 1.62.2}\n---\n"
    "lint:\n  image: golangci/golangci-lint:v$[[ inputs.version ]]\n  script: golangci-lint run\n",
}


def test_this_projects_components_are_read(tmp_path: Path) -> None:
    # GitLab's components project template tests its components from the same commit
    # (`$CI_SERVER_FQDN/$CI_PROJECT_PATH/NAME@$CI_COMMIT_SHA`): templates/NAME.yml, else
    # templates/NAME/template.yml.
    main = _pipeline(tmp_path, COMPONENTS)
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert [e.message for e in scan.errors] == []
    assert sorted((o.text, o.path) for o in scan) == [
        ("golang:1.23.4", str(tmp_path / "templates/build.yml")),
        ("golangci/golangci-lint:v1.62.2", str(tmp_path / "templates/lint/template.yml")),
    ]
    assert included_files(main) == {
        str(tmp_path / "templates/build.yml"),
        str(tmp_path / "templates/lint/template.yml"),
    }


def test_a_component_written_with_the_origins_path_is_this_projects(tmp_path: Path) -> None:
    files = dict(COMPONENTS)
    files[".gitlab-ci.yml"] = "include:\n  - component: gitlab.com/Acme/ci-units/build@1.0.0\n"
    main = _pipeline(tmp_path, files)
    assert _images(main) == []  # (no origin: another project's, for all this checkout says)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        ["git", "-C", str(tmp_path), "remote", "add", "origin",
         "git@gitlab.com:acme/ci-units.git"],
        check=True,
    )  # fmt: skip
    assert _images(main) == [("golang:1.22.0", ())]


def test_another_projects_component_is_not_read(tmp_path: Path) -> None:
    files = dict(COMPONENTS)
    files[".gitlab-ci.yml"] = (
        "include:\n  - component: $CI_SERVER_FQDN/other/ci/build@1.0\ntest:\n  script: make test\n"
    )
    main = _pipeline(tmp_path, files)
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert list(scan) == []
    assert [e.note for e in scan.errors] == [True]
    assert "component $CI_SERVER_FQDN/other/ci/build@1.0" in scan.errors[0].message


def test_a_project_include_of_this_project_is_read(tmp_path: Path) -> None:
    main = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - project: $CI_PROJECT_PATH\n    ref: $CI_COMMIT_SHA\n"
            "    file: [ci/a.yml, /ci/b.yml]\n    inputs: {tag: '3.21'}\n",
            "ci/a.yml": "spec:\n  inputs:\n    tag:\n---\na:\n  image: alpine:$[[ inputs.tag ]]\n"
            "  script: x\n",
            "ci/b.yml": "b:\n  image: busybox:1.37\n  script: x\n",
        },
    )
    assert _images(main) == [("alpine:3.21", ()), ("busybox:1.37", ())]


@pytest.mark.parametrize(
    "component",
    [
        "$CI_SERVER_FQDN/$CI_PROJECT_PATH/$NAME@1",  # (a name only a run knows)
        "$CI_SERVER_FQDN/$CI_PROJECT_PATH/../x@1",
        "build@1",
        "$CI_PROJECT_PATH@1",
    ],
)
def test_component_addresses_not_read(component: str) -> None:
    assert component_files(component, ()) is None


def test_job_names_take_their_inputs(tmp_path: Path) -> None:
    # GNOME/citemplates: each lint template names its job "$[[ inputs.job-name ]]"; two such
    # files (or one included twice) make two jobs, not one merged over the other.
    lint = (
        "spec:\n  inputs:\n    job-name: {default: lint}\n    image:\n---\n"
        '"$[[ inputs.job-name ]]":\n  image: $[[ inputs.image ]]\n  script: x\n'
    )
    main = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n"
            "  - local: lint.yml\n    inputs: {image: 'debian:13'}\n"
            "  - local: lint.yml\n    inputs: {job-name: ruff, image: 'ruff:0.15.12'}\n",
            "lint.yml": lint,
        },
    )
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert sorted((o.text, o.context["job"]) for o in scan) == [
        ("debian:13", "lint"),
        ("ruff:0.15.12", "ruff"),
    ]


def _found(top: Path) -> list[tuple[str, str, int]]:
    from tagsense import find_references

    return sorted(
        (o.text, os.path.relpath(o.path or "", top), o.line)
        for o in find_references(str(top))
        if o.kind == "ci"
    )


def test_a_components_template_nothing_includes_is_read_with_its_defaults(
    tmp_path: Path,
) -> None:
    # shortlink-org/gitlab-templates: a catalog of components and no pipeline of its own;
    # their users run the defaults unless they pass others. A local include is the project's.
    (tmp_path / ".git").mkdir()
    _pipeline(
        tmp_path,
        {
            "templates/build/template.yml": "spec:\n  inputs:\n    tag: {default: '1.23.4'}\n"
            "    registry:\n---\ninclude:\n  - local: templates/common.yml\n"
            "build:\n  image: golang:$[[ inputs.tag ]]\n  script: go build\n"
            "push:\n  image: $[[ inputs.registry ]]/crane:0.20.2\n  script: x\n",
            "templates/common.yml": "spec:\n  inputs:\n    dind: {default: '27.5.1'}\n---\n"
            ".dind:\n  services: ['docker:$[[ inputs.dind ]]-dind']\n",
            # (a chart's template of the same place: no header, not GitLab's)
            "chart/templates/pod.yml": "apiVersion: v1\nkind: Pod\nspec:\n"
            "  containers: [{name: a, image: 'busybox:1.37'}]\n---\n",
        },
    )
    assert _found(tmp_path) == [
        ("$[[ inputs.registry ]]/crane:0.20.2", "templates/build/template.yml", 12),
        ("docker:27.5.1-dind", "templates/common.yml", 6),
        ("golang:1.23.4", "templates/build/template.yml", 9),
    ]


def test_a_component_the_pipeline_includes_is_read_through_it_only(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _pipeline(tmp_path, COMPONENTS)
    assert _found(tmp_path) == [
        ("golang:1.23.4", "templates/build.yml", 6),  # (not its default, golang:1.22.0)
        ("golangci/golangci-lint:v1.62.2", "templates/lint/template.yml", 6),
    ]


def test_a_parent_named_with_an_input_is_extended(tmp_path: Path) -> None:
    # GNOME/citemplates' gnomeos-basic-ci: `extends: ".$[[ inputs.job-name ]] common"`.
    main = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - local: t.yml\n    inputs: {job-name: docs}\n",
            "t.yml": "spec:\n  inputs:\n    job-name:\n---\n"
            '".$[[ inputs.job-name ]] common":\n  image: fedora:43\n'
            '"$[[ inputs.job-name ]]":\n  extends: [".$[[ inputs.job-name ]] common"]\n'
            "  script: x\n",
        },
    )
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert [e.message for e in scan.errors] == []
    assert [(o.text, o.context["job"]) for o in scan] == [("fedora:43", ".docs common")]
