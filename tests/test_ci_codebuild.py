"""AWS CodeBuild build specifications (``buildspec*.yml``): the shell of their phases, and the
images a batch build's entries run in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tagsense.sources import scan_paths, scan_text
from tagsense.sources._codebuild_shape import is_codebuild_name, is_codebuild_text
from tagsense.sources.ci import built_images, scan_ci

REALWORLD = Path(__file__).parent / "data" / "realworld"


def pulls(text: str, path: str = "buildspec.yml") -> list[tuple[int, str, str]]:
    scan = scan_ci(text, path=path)
    assert scan.errors == ()
    return [(o.line, o.text, o.kind) for o in scan]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("buildspec.yml", True),
        ("deploy/build/buildspec-arm.yml", True),
        ("codebuild/spec/buildspec_unit_nix.yaml", True),
        ("build.yml", False),
        ("buildspec.json", False),
        ("docs/my-buildspec.yml", False),
    ],
)
def test_a_build_specification_is_named_buildspec_anywhere(path: str, expected: bool) -> None:
    assert is_codebuild_name(path) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 0.2\nphases:\n  build:\n    commands: [make]\n", True),
        ("version: 0.2\nbatch:\n  build-list:\n    - identifier: a\n", True),
        ("version: 0.2\nenv:\n  shell: bash\nphases:\n  install:\n    commands: [ls]\n", True),
        # aws/deep-learning-containers' buildspec.yml: its own format, no CodeBuild's
        ("account_id: &ACCOUNT_ID 123\nimages:\n  app:\n    version: 1\n", False),
        ("phases:\n  build:\n    commands: [make]\n", False),  # (no version)
        ("version: 0.2\nphases:\n  - name: build\n", False),  # (phases not CodeBuild's)
        ("version: 0.2\nphases:\n  compile:\n    commands: [make]\n", False),
        ("version: 2\njobs:\n  build: {}\nphases: {build: {}}\n", False),  # (a key it has not)
        ("version: 0.2\nbatch:\n  fast-fail: true\n", False),
    ],
)
def test_a_build_specification_has_its_shape(text: str, expected: bool) -> None:
    assert is_codebuild_text(text) is expected


def test_a_file_named_so_that_is_no_build_specification_is_no_ci_file(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "buildspec.yml").write_text(
        "account_id: '1'\nimages:\n  app:\n    build: true\n", encoding="utf-8"
    )
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "buildspec-e2e.yml").write_text(
        "version: 0.2\nphases:\n  build:\n    commands:\n      - docker run --rm redis:7.2.5\n",
        encoding="utf-8",
    )
    found = scan_paths([tmp_path])
    assert [(os.path.relpath(o.path or "", tmp_path), o.line, o.text) for o in found] == [
        (os.path.join("ci", "buildspec-e2e.yml"), 5, "redis:7.2.5")
    ]
    assert [o.context["system"] for o in found] == ["codebuild"]


def test_a_build_specification_given_as_text_is_read_by_its_name_and_shape() -> None:
    # (`tagsense check - --stdin-filename ci/buildspec.yml`: a YAML name, read by its shape)
    text = "version: 0.2\nphases:\n  build:\n    commands:\n      - docker run redis:7.2.5\n"
    scan = scan_text(text, kind="kubernetes", name="ci/buildspec.yml")
    assert [(o.line, o.text, o.kind) for o in scan] == [(5, "redis:7.2.5", "shell")]
    assert list(scan_text(text, kind="kubernetes", name="ci/build.yml")) == []


def test_the_phases_run_in_order_in_one_shell_with_the_file_s_variables() -> None:
    text = (
        "version: 0.2\n"
        "env:\n"
        "  variables:\n"
        "    DB: postgres\n"
        "    DB_VERSION: '16.4'\n"
        "  parameter-store:\n"
        "    REGISTRY: /ci/registry\n"
        "  exported-variables: [BUILT]\n"
        "phases:\n"
        "  install:\n"
        "    commands:\n"
        "      - CACHE=redis:7.2.5\n"
        "  pre_build:\n"
        "    commands:\n"
        "      - docker run -d $DB:$DB_VERSION\n"
        "      - docker pull $REGISTRY/tools:1.0\n"
        "      - docker pull $BUILT\n"
        "      - docker pull $CODEBUILD_RESOLVED_SOURCE_VERSION\n"
        "    finally:\n"
        "      - docker run --rm $CACHE redis-cli ping\n"
        "  post_build:\n"
        "    commands:\n"
        "      - docker run --rm alpine:3.20 true\n"
    )
    # (the parameter store's, the exported and CodeBuild's own values a run has)
    assert pulls(text) == [
        (15, "postgres:16.4", "shell"),
        (20, "redis:7.2.5", "shell"),
        (23, "alpine:3.20", "shell"),
    ]


def test_version_0_1_runs_each_command_in_a_shell_of_its_own() -> None:
    text = (
        "version: {}\n"
        "phases:\n"
        "  build:\n"
        "    commands:\n"
        "      - IMAGE=redis:7.2.5\n"
        "      - docker run --rm $IMAGE\n"
    )
    assert pulls(text.format("0.2")) == [(6, "redis:7.2.5", "shell")]
    assert pulls(text.format("0.1")) == []


@pytest.mark.parametrize(("shell", "expected"), [("bash", 1), ("powershell.exe", 0)])
def test_a_windows_shell_reads_no_posix_text(shell: str, expected: int) -> None:
    text = (
        f"version: 0.2\nenv:\n  shell: {shell}\n"
        "phases:\n  build:\n    commands:\n      - docker run --rm redis:7.2.5\n"
    )
    assert len(pulls(text)) == expected


def test_a_batch_entry_that_runs_this_file_gives_it_its_variables() -> None:
    text = (
        "version: 0.2\n"
        "batch:\n"
        "  build-list:\n"
        "    - identifier: pg15\n"
        "      env:\n"
        "        variables: {PG: '15.8'}\n"
        "    - identifier: other\n"
        "      buildspec: ci/buildspec-other.yml\n"
        "      env:\n"
        "        variables: {PG: '9.6'}\n"
        "  build-matrix:\n"
        "    dynamic:\n"
        "      env:\n"
        "        variables:\n"
        "          PG: ['16.4', '17.0']\n"
        "phases:\n"
        "  build:\n"
        "    commands:\n"
        "      - docker run -d postgres:$PG\n"
    )
    scan = scan_ci(text, path="buildspec.yml")
    assert sorted((o.text, o.context.get("job")) for o in scan) == [
        ("postgres:15.8", "pg15"),
        ("postgres:16.4", "dynamic"),
        ("postgres:17.0", "dynamic"),
    ]


def test_a_batch_entry_names_the_file_it_runs_from_the_source_s_top(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci").mkdir()
    text = (
        "version: 0.2\n"
        "batch:\n"
        "  build-list:\n"
        "    - identifier: here\n"
        "      buildspec: ci/buildspec.yml\n"
        "      env: {variables: {PG: '15.8'}}\n"
        "    - identifier: elsewhere\n"
        "      buildspec: buildspec.yml\n"
        "      env: {variables: {PG: '9.6'}}\n"
        "phases:\n"
        "  build:\n"
        "    commands:\n"
        "      - docker run -d postgres:${PG:-16.4}\n"
    )
    (tmp_path / "ci" / "buildspec.yml").write_text(text, encoding="utf-8")
    found = scan_paths([tmp_path])
    assert sorted((o.text, o.context.get("job")) for o in found) == [
        ("postgres:15.8", "here"),
        ("postgres:16.4", None),
    ]


def test_a_batch_entry_runs_the_build_specification_it_names_with_its_variables(
    tmp_path: Path,
) -> None:
    # (s2n-tls's batch files run codebuild/spec/buildspec_ubuntu.yml with each entry's TESTS)
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "buildspec_batch.yml").write_text(
        "version: 0.2\n"
        "batch:\n"
        "  build-graph:\n"
        "    - identifier: pg15\n"
        "      buildspec: ci/buildspec_test.yml\n"
        "      env: {variables: {PG: '15.8'}}\n"
        "    - identifier: gone\n"
        "      buildspec: ci/buildspec_missing.yml\n"
        "      env: {variables: {PG: '9.6'}}\n",
        encoding="utf-8",
    )
    (tmp_path / "ci" / "buildspec_test.yml").write_text(
        "version: 0.2\n"
        "env:\n"
        "  variables: {PG: '16.4'}\n"
        "phases:\n"
        "  build:\n"
        "    commands:\n"
        "      - docker run -d postgres:$PG\n"
        "      - docker run --rm redis:7.2.5\n",
        encoding="utf-8",
    )
    found = scan_paths([tmp_path])
    assert sorted((os.path.basename(o.path or ""), o.line, o.text) for o in found) == [
        ("buildspec_test.yml", 7, "postgres:15.8"),
        ("buildspec_test.yml", 7, "postgres:16.4"),
        ("buildspec_test.yml", 8, "redis:7.2.5"),  # (once, by either reading)
    ]
    batch = next(o for o in found if o.text == "postgres:15.8")
    assert batch.context["job"] == "pg15"
    assert os.path.basename(str(batch.context["included_by"])) == "buildspec_batch.yml"


def test_openobserve_pulls_its_build_image_and_the_other_architecture_s_build() -> None:
    # openobserve's deploy/build/buildspec*.yml (not read before: 5 pulled images missed,
    # survey s45d). `$GIT_TAG-$GIT_HASH` is what `git describe` and `git rev-parse` give a run.
    root = REALWORLD / "openobserve-fbab9b80"
    found = scan_paths([root])
    assert [(Path(o.path or "").relative_to(root).as_posix(), o.line, o.text, o.kind)
            for o in found] == [
        ("deploy/build/buildspec-arm.yml", 39, "public.ecr.aws/zinclabs/rust:trixie-sccache",
         "shell"),
        ("deploy/build/buildspec-arm.yml", 49,
         "public.ecr.aws/zinclabs/openobserve-dev:latest-amd64", "shell"),
        ("deploy/build/buildspec.yml", 33, "public.ecr.aws/zinclabs/rust:trixie-sccache",
         "shell"),
    ]  # fmt: skip
    # (the amd64 build's name is the project's own: built here, pushed by buildspec.yml)
    assert [o.built is not None for o in found] == [False, True, False]


def test_openobserve_s_builds_start_at_the_top_of_the_source() -> None:
    path = REALWORLD / "openobserve-fbab9b80" / "deploy" / "build" / "buildspec.yml"
    made = built_images(path.read_text(encoding="utf-8"), path=os.fspath(path))
    assert sorted({image.name for image in made.built}) == [
        "openobserve",
        "public.ecr.aws/zinclabs/openobserve-dev",
    ]
    # (`docker build -f deploy/build/Dockerfile.amd64 .` of the source's top, not the file's)
    assert [os.path.relpath(config.dockerfile, path.parents[2]) for config in made.builds] == [
        os.path.join("deploy", "build", "Dockerfile.amd64")
    ]


def test_s2n_tls_batch_builds_run_in_their_images() -> None:
    # aws/s2n-tls's codebuild/spec: each batch build's `env.image` (a build graph, a build
    # list, a build matrix's dynamic list); CodeBuild's managed aws/codebuild/* images aside.
    root = REALWORLD / "s2n-tls-8cbf81ad"
    found = scan_paths([root])
    by_file: dict[str, set[str]] = {}
    for o in found:
        assert o.kind == "ci"
        assert o.context["field"] == "image"
        by_file.setdefault(os.path.basename(o.path or ""), set()).add(o.text)
    ecr = "024603541914.dkr.ecr.us-west-2.amazonaws.com/docker"
    assert by_file == {
        "buildspec_unit_nix.yml": {
            "public.ecr.aws/l1b2r3y5/nix-aws-codebuild:latest",
            "public.ecr.aws/l1b2r3y5/nix-aws-codebuild-aarch64:next",
        },
        "buildspec_ubuntu_integrationv2.yml": {f"{ecr}:ubuntu18codebuild"},
        "buildspec_generalbatch.yml": {
            f"{ecr}:ubuntu14codebuild",
            f"{ecr}:ubuntu18codebuild",
            f"{ecr}:ubuntu22codebuild",
            f"{ecr}:ubuntu24",
        },
    }
    first = next(o for o in found if o.path and o.path.endswith("buildspec_unit_nix.yml"))
    assert (first.line, first.context["job"], first.context["section"]) == (
        19,
        "UnitOpenssl30_x86_64",
        "batch.build-graph",
    )
    assert not any("aws/codebuild/" in o.text for o in found)
