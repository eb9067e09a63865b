"""TS011 unresolved-variable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.occurrence import Occurrence

from ._docs import DAY, check_documented_examples

if TYPE_CHECKING:
    from pathlib import Path


def test_the_documented_examples() -> None:
    check_documented_examples("TS011")


def test_an_occurrence_that_names_its_unset_variables() -> None:
    unresolved = Occurrence(
        path="Dockerfile",
        line=2,
        column=6,
        kind="from",
        raw="$BASE",
        text="",
        reference=None,
        unresolved=("BASE",),
    )
    (finding,) = check([unresolved], config={}, as_of=DAY)
    assert finding.code == "TS011"
    assert "depends on BASE" in finding.message


def test_text_a_ci_system_fills_in_when_the_job_runs() -> None:
    scan = find_references(
        "jobs:\n  j:\n    runs-on: x\n    container: node:${{ matrix.node }}\n",
        kind="ci",
        name=".github/workflows/ci.yml",
    )
    (finding,) = check(scan, config={}, as_of=DAY)
    assert finding.code == "TS011"
    # (The job has no matrix: matrix.node has no value in the file, and is named.)
    assert (
        "'node:${{ matrix.node }}' is filled in from an expression (matrix.node) when the job"
        in (finding.message)
    )
    assert "--build-arg" not in finding.message  # no advice that does not apply to a CI file


def test_a_channel_whatever_the_variables_say_is_judged_as_the_channel() -> None:
    scan = find_references(
        "a:\n  image: node:latest-${ARCH}\n  script: [x]\n"
        "b:\n  image: nginx:stable-$ARCH\n  script: [x]\n"
        "c:\n  image: node:latest${X}\n  script: [x]\n",  # (latestfoo? not a channel)
        kind="ci",
        name=".gitlab-ci.yml",
    )
    found = [(f.line, f.code) for f in check(scan, config={}, as_of=DAY)]
    assert found == [(2, "TS001"), (2, "TS011"), (5, "TS003"), (5, "TS011"), (8, "TS011")]


def test_a_value_given_is_judged_as_usual() -> None:
    scan = find_references("ARG BASE\nFROM $BASE\n", build_args={"BASE": "redis:7.2.4"})
    assert check(scan, config={}, as_of=DAY) == []


def test_a_chart_image_that_cannot_be_rendered_says_why_and_what_to_do(tmp_path: Path) -> None:
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text('image:\n  repository: nginx\n  tag: ""\n')
    (chart / "templates" / "deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n"
        "    spec:\n      containers:\n"
        '        - image: "{{ .Values.image.repository }}:'
        '{{ required "image.tag is required" .Values.image.tag }}"\n'
        "        - image: acme/app:{{ randAlphaNum 5 }}\n"
    )
    messages = [f.message for f in check(find_references(str(chart)), as_of=DAY)]
    assert len(messages) == 2
    (random,) = [m for m in messages if "randAlphaNum" in m]
    (required,) = [m for m in messages if "required" in m]
    assert "cannot be rendered here: randAlphaNum" in random
    assert "write the image out" in random
    assert "a required value is not set (image.tag is required)" in required
    assert "give the chart the value (--values, --set)" in required
    assert "--build-arg" not in random + required


def test_a_default_that_makes_no_valid_image_says_the_build_gives_it(tmp_path: Path) -> None:
    # SigNoz/signoz's cmd/community/Dockerfile.multi-arch (trimmed), built by a workflow of
    # another repository that passes ALPINE_SHA (survey 38e: 2 false TS012)
    (tmp_path / "Dockerfile.multi-arch").write_text(
        'ARG ALPINE_SHA="pass-a-valid-docker-sha-otherwise-this-will-fail"\n\n'
        "FROM alpine@sha256:${ALPINE_SHA}\n"
    )
    findings = check(find_references(str(tmp_path)), config={}, as_of=DAY)
    assert [(f.code, f.line) for f in findings] == [("TS011", 3)]
    assert findings[0].message == (
        "'alpine@sha256:${ALPINE_SHA}' depends on ALPINE_SHA, whose default gives "
        "'alpine@sha256:pass-a-valid-docker-sha-otherwise-this-will-fail', no valid reference, "
        "so every build passes its own value, not known here; write a valid default, or "
        "suppress this line"
    )


def test_a_build_that_passes_a_value_only_a_run_knows_is_named(tmp_path: Path) -> None:
    # etcd-io/etcd, tests/antithesis/Makefile and server/Dockerfile (trimmed): the build
    # passes GO_IMAGE_TAG, the output of a command only a run gives
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "Dockerfile").write_text("ARG GO_IMAGE_TAG\nFROM golang:$GO_IMAGE_TAG\n")
    (tmp_path / "Makefile").write_text(
        "build:\n\tdocker build --build-arg GO_IMAGE_TAG=$(shell go work edit -json | jq .Go)"
        " --tag etcd-server:latest -f ./server/Dockerfile .\n"
    )
    findings = check(find_references(str(tmp_path)), config={}, as_of=DAY)
    assert [(f.code, f.line) for f in findings] == [("TS011", 2)]
    message = findings[0].message
    assert "which the build at " in message
    assert "Makefile:2 passes with a value only a run knows" in message
    assert "give it a default" not in message
