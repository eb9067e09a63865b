"""bake: HCL and JSON bake files evaluated as buildx evaluates them (sources.builds.bake)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import BuildSite, scan_paths
from tagsense.sources.builds import read_build_file
from tagsense.sources.builds._hcl import Call, HclError, parse
from tagsense.sources.builds.bake import read_bake, read_bake_files
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from tagsense.sources.project import BuildConfig, BuildFile


def bake(directory: Path, text: str, name: str = "docker-bake.hcl", **options: object) -> BuildFile:
    path = directory / name
    path.write_text(text)
    return read_bake(str(path), **options)  # type: ignore[arg-type]


def by_name(result: BuildFile) -> dict[str, BuildConfig]:
    return {build.name: build for build in result.builds}


HCL = """\
variable "TAG" {
  default = "latest"
}
variable "REGISTRY" { default = "docker.io/acme" }
variable "PUSH" { default = false }
variable "EMPTY" {}
NAME = "app"  # a top-level attribute: a value, not overridable
group "default" {
  targets = ["app", "db"]
}
target "_common" {
  args = {
    GO_VERSION = "1.22"
    "QUOTED" = "x-${TAG}"
    DROPPED = null
  }
  contexts = { alpine = "docker-image://alpine:3.19" }
}
target "app" {
  inherits = ["_common"]
  context = "./app"
  dockerfile = "build/Dockerfile"
  tags = ["${REGISTRY}/${NAME}:${TAG}", "${NAME}:${upper(TAG)}", PUSH ? "pushed" : "local"]
  platforms = ["linux/amd64", "linux/arm64"]
  target = "release"
  args = { GO_VERSION = "1.23", EXTRA = "${EMPTY}-${1 + 2}" }
}
target "db" {
  dockerfile-inline = <<-EOT
    FROM postgres:16
    EOT
  tags = TAG == "latest" ? ["db"] : ["db:${TAG}"]
}
"""


def test_targets_variables_and_inheritance(tmp_path: Path) -> None:
    result = bake(tmp_path, HCL)
    path = str(tmp_path / "docker-bake.hcl")
    assert result.scan.errors == ()
    builds = by_name(result)
    assert list(builds) == ["_common", "app", "db"]
    app = builds["app"]
    assert app.site == BuildSite("bake", path, 19)
    assert app.context == os.path.join(str(tmp_path), "app")
    assert app.dockerfile == os.path.join(str(tmp_path), "app", "build", "Dockerfile")
    assert dict(app.args) == {"GO_VERSION": "1.23", "QUOTED": "x-latest", "EXTRA": "-3"}
    assert dict(app.contexts) == {"alpine": "docker-image://alpine:3.19"}
    assert app.tags == ("docker.io/acme/app:latest", "app:LATEST", "local")
    assert (app.target, app.platforms) == ("release", ("linux/amd64", "linux/arm64"))
    db = builds["db"]
    assert (db.dockerfile, db.dockerfile_inline, db.tags) == (None, "FROM postgres:16\n", ("db",))
    assert [(image.name, image.site.line) for image in result.built] == [
        ("docker.io/acme/app:latest", 19),
        ("app:LATEST", 19),
        ("local", 19),
        ("db", 28),
    ]


def test_the_environment_overrides_variables_with_their_types(tmp_path: Path) -> None:
    env = {"TAG": "1.2", "PUSH": "true", "NAME": "ignored", "EMPTY": "e"}
    builds = by_name(bake(tmp_path, HCL, env=env))
    assert builds["app"].tags == ("docker.io/acme/app:1.2", "app:1.2", "pushed")
    assert builds["app"].args["EXTRA"] == "e-3"
    assert builds["db"].tags == ("db:1.2",)
    result = bake(tmp_path, HCL, env={"PUSH": "maybe"})
    assert [error.message for error in result.scan.errors] == [
        "failed to parse PUSH as bool: 'maybe'"
    ]


def test_docker_image_contexts_are_pulled_occurrences(tmp_path: Path) -> None:
    result = bake(tmp_path, HCL)
    (occurrence,) = result.scan
    assert (occurrence.line, occurrence.column) == (17, 26)
    assert (occurrence.kind, occurrence.raw, occurrence.text) == (
        "bake",
        "docker-image://alpine:3.19",
        "alpine:3.19",
    )
    assert dict(occurrence.context) == {"target": "_common", "field": "contexts", "name": "alpine"}
    assert occurrence.reference is not None


def test_merging_blocks_matrix_functions_and_references(tmp_path: Path) -> None:
    text = """\
function "tag" {
  params = [name, version]
  result = "ghcr.io/acme/${name}:${version}"
}
target "base" {
  tags = ["base"]
  args = { A = "1" }
}
target "base" {
  args = { B = "2" }
}
target "app" {
  name = "app-${replace(v, ".", "-")}"
  matrix = { v = ["1.0", "2.0"] }
  inherits = ["base"]
  tags = [tag("app", v), target.base.args.A]
  args = { V = v }
}
target "loop-a" { inherits = ["loop-b"] }
target "loop-b" {
  inherits = ["loop-a"]
  tags = [for s in ["x", "y"]: upper(s)]
}
target "remote" {
  context = "https://github.com/acme/app.git#main"
}
target "when" {
  tags = [timestamp()]
  target = BAKE_LOCAL_PLATFORM
}
"""
    result = bake(tmp_path, text)
    assert result.scan.errors == ()
    builds = by_name(result)
    assert dict(builds["base"].args) == {"A": "1", "B": "2"}
    assert builds["app-1-0"].tags == ("ghcr.io/acme/app:1.0", "1")
    assert dict(builds["app-2-0"].args) == {"A": "1", "B": "2", "V": "2.0"}
    assert builds["loop-b"].tags == ("X", "Y")
    assert builds["loop-a"].tags == ("X", "Y")
    assert (builds["remote"].context, builds["remote"].dockerfile) == (None, None)
    assert "when" not in builds  # its stage is known only when bake runs
    assert [image.name for image in result.built if image.site.line == 27] == []


def test_what_bake_rejects_is_an_error(tmp_path: Path) -> None:
    text = """\
target "a" {
  tags = [UNDEFINED]
  args = { X = nosuchfunction(1) }
}
variable "C1" { default = C2 }
variable "C2" { default = C1 }
target "b" { tags = ["${C1}"] }
"""
    result = bake(tmp_path, text)
    messages = sorted((error.line, error.message) for error in result.scan.errors)
    assert messages == [
        (2, "variable 'UNDEFINED' does not exist"),
        (3, "call to unknown function 'nosuchfunction'"),
        (6, "variable cycle not allowed for C1"),
    ]
    broken = bake(tmp_path, 'target "x" {\n  tags = [\n')
    (error,) = broken.scan.errors
    assert error.message.startswith("invalid HCL")
    assert (
        bake(tmp_path, "{", name="docker-bake.json")
        .scan.errors[0]
        .message.startswith("invalid JSON")
    )


def test_json_bake_files(tmp_path: Path) -> None:
    text = json.dumps(
        {
            "variable": {"TAG": {"default": "1.0"}},
            "target": {
                "web": {
                    "context": "web",
                    "tags": ["acme/web:${TAG}"],
                    "contexts": {"base": "docker-image://nginx:1.27"},
                    "args": {"N": 1},
                }
            },
        },
        indent=2,
    )
    result = bake(tmp_path, text, name="docker-bake.json")
    (web,) = result.builds
    assert web.tags == ("acme/web:1.0",)
    assert dict(web.args) == {"N": "1"}
    assert web.site.line == 8
    assert [o.text for o in result.scan] == ["nginx:1.27"]


def test_default_files_are_one_definition(tmp_path: Path) -> None:
    (tmp_path / "docker-bake.hcl").write_text(
        'variable "TAG" { default = "1" }\ntarget "app" { tags = ["app:${TAG}"] }\n'
    )
    (tmp_path / "docker-bake.override.hcl").write_text(
        'TAG2 = "x"\ntarget "app" {\n  tags = ["app:${TAG}-${TAG2}"]\n  target = "dev"\n}\n'
    )
    main = str(tmp_path / "docker-bake.hcl")
    override = str(tmp_path / "docker-bake.override.hcl")
    result = read_bake(main)
    (app,) = result.builds
    assert (app.tags, app.target, app.site) == (("app:1-x",), "dev", BuildSite("bake", main, 2))
    assert read_bake(override).builds == result.builds
    assert len(read_bake(override, defaults=False).scan.errors) == 1  # TAG: not in this file
    assert read_build_file(main).builds == result.builds
    assert read_build_file(override).builds == ()
    assert read_bake_files([override, main]).builds[0].tags == ("app:1",)


def test_suppression_comments_are_read_from_hcl_comments(tmp_path: Path) -> None:
    text = """\
target "a" {
  # tagsense: ignore[TS001]
  contexts = { base = "docker-image://alpine:latest" } // tagsense: ignore
  tags = ["# tagsense: ignore is no comment here"]
}
"""
    result = bake(tmp_path, text)
    assert [(s.line, s.keys) for s in result.scan.suppressions] == [
        (2, frozenset({"TS001"})),
        (3, None),
    ]


def test_namespaced_functions_are_calls() -> None:
    # Terraform 1.8's provider-defined functions (hashicorp/terraform-provider-kubernetes'
    # examples/functions/manifest_decode/example_1.tf: `provider::kubernetes::manifest_decode(
    # file("manifest.yaml"))`, which gave "not HCL"; survey 31n).
    body, _ = parse('output "o" {\n  value = provider::kubernetes::manifest_decode(file("m"))\n}\n')
    call = body.blocks[0].body.attributes[0].expr
    assert isinstance(call, Call)
    assert call.name == "provider::kubernetes::manifest_decode"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('a = "unterminated\n', 1),
        ("a = \n", 1),
        ('block "x" {\n  a = 1\n', 3),
        ('a = "${"\n', 1),
        ("a = 1 b = 2\n", 1),
        ("x = " + "[" * 300 + "]" * 300 + "\n", 1),
        ('a = "\\q"\n', 1),
        ("a = provider::x\n", 1),  # (a namespaced name is a function's: a call)
        ("a = provider::(1)\n", 1),
    ],
)
def test_hcl_errors_say_where(text: str, line: int) -> None:
    with pytest.raises(HclError) as caught:
        parse(text)
    assert caught.value.line == line


_NAMES = st.sampled_from(["A", "B", "C"])
_VALUES = st.text(alphabet="abc-:./", max_size=5)


@given(
    values=st.dictionaries(_NAMES, _VALUES, min_size=3, max_size=3),
    env=st.dictionaries(_NAMES, _VALUES, max_size=3),
    parts=st.lists(
        st.one_of(_NAMES.map(lambda name: ("var", name)), _VALUES.map(lambda t: ("text", t))),
        max_size=6,
    ),
)
def test_interpolation_joins_values_and_the_environment_wins(
    tmp_path_factory: pytest.TempPathFactory,
    values: dict[str, str],
    env: dict[str, str],
    parts: list[tuple[str, str]],
) -> None:
    template = "".join("${" + text + "}" if kind == "var" else text for kind, text in parts)
    expected = "".join(
        env.get(text, values[text]) if kind == "var" else text for kind, text in parts
    )
    variables = "".join(
        f'variable "{name}" {{ default = "{value}" }}\n' for name, value in values.items()
    )
    directory = tmp_path_factory.mktemp("bake")
    result = bake(
        directory, variables + f'target "t" {{ args = {{ X = "{template}" }} }}\n', env=env
    )
    (build,) = result.builds
    assert build.args["X"] == expected


# temporalio/temporal (MIT), docker/docker-bake.hcl, trimmed: a bake file in a directory,
# run from the checkout (`docker buildx bake -f docker/docker-bake.hcl server`).
TEMPORAL = """\
variable "ALPINE_TAG" {
  default = "3.23.4"
}
target "server" {
  context = "docker"
  dockerfile = "targets/server.Dockerfile"
  args = { ALPINE_TAG = "${ALPINE_TAG}" }
}
"""


@pytest.mark.parametrize(("context", "expected"), [("docker", ""), ("targets", "docker")])
def test_a_bake_file_whose_contexts_are_the_root_s_runs_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, context: str, expected: str
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docker" / "targets").mkdir(parents=True)
    (tmp_path / "docker" / "targets" / "server.Dockerfile").write_text(
        "ARG ALPINE_TAG\nFROM alpine:${ALPINE_TAG}\n"
    )
    monkeypatch.chdir(tmp_path)
    forget()  # (a new working directory: the context's cache knows another's root)
    path = Path("docker") / "docker-bake.hcl"
    path.write_text(TEMPORAL.replace('"docker"', f'"{context}"'))
    (build,) = read_bake(str(path)).builds
    # (bake takes a relative context from where it runs: the root, when only there the
    # context is a directory; else the file's own directory, as before)
    assert build.context == os.path.normpath(os.path.join(expected, context))
    found = {(o.text, bool(o.unresolved)) for o in scan_paths(["."]) if o.kind == "from"}
    assert found == ({("alpine:3.23.4", False)} if context == "docker" else {("alpine:", True)})


def test_a_blank_default_a_run_fills_leaves_no_invalid_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ONLYOFFICE/Docker-DocumentServer, docker-bake.hcl and production.dockerfile (trimmed):
    # variables declared `default = ""` that the CI step's environment fills
    (tmp_path / ".git").mkdir()
    (tmp_path / "production.dockerfile").write_text(
        "ARG PULL_TAG=latest\nARG COMPANY_NAME=onlyoffice\nARG PRODUCT_EDITION=\nARG SUFFIX\n"
        "FROM ${COMPANY_NAME}/4testing-documentserver${PRODUCT_EDITION}:${PULL_TAG} as stable\n"
        "FROM node:20.18.1${SUFFIX} as suffixed\n"
    )
    bake(
        tmp_path,
        'variable "PULL_TAG" {\n  default = ""\n}\n'
        'variable "COMPANY_NAME" {\n  default = ""\n}\n'
        'variable "PRODUCT_EDITION" {\n  default = ""\n}\n'
        'variable "SUFFIX" {\n  default = ""\n}\n'
        'target "stable" {\n  target = "stable"\n  dockerfile = "production.dockerfile"\n'
        '  args = {\n    "PULL_TAG": "${PULL_TAG}"\n    "COMPANY_NAME": "${COMPANY_NAME}"\n'
        '    "PRODUCT_EDITION": "${PRODUCT_EDITION}"\n  }\n}\n'
        'target "suffixed" {\n  target = "suffixed"\n  dockerfile = "production.dockerfile"\n'
        '  args = { SUFFIX = "${SUFFIX}" }\n}\n',
    )
    monkeypatch.chdir(tmp_path)
    forget()
    found = {(o.line, o.text, o.unresolved or None) for o in scan_paths(["."]) if o.kind == "from"}
    # (blank, the base is no image: the run's to give; blank, still an image: the value)
    assert found == {
        (5, "/4testing-documentserver:", ("COMPANY_NAME", "PRODUCT_EDITION", "PULL_TAG")),
        (6, "node:20.18.1", None),
    }
    # (the environment gives them: its values, as before)
    build = by_name(read_bake(str(tmp_path / "docker-bake.hcl"), env={"PULL_TAG": ""}))
    assert build["stable"].blank == {"COMPANY_NAME", "PRODUCT_EDITION"}


def test_a_variable_whose_default_is_null_is_the_run_s_to_set(tmp_path: Path) -> None:
    # MISP/misp-docker's docker-bake.hcl, cut down (survey 26b: 5 false errors): NAMESPACE and
    # COMMIT_HASH default to null, and its workflows write both to $GITHUB_ENV before the bake.
    text = """\
variable "NAMESPACE" { default = null }
variable "COMMIT_HASH" { default = null }
variable "BASE" { default = "python:3.12.8-slim" }
target "misp-core" {
  context = "core/."
  tags = ["${NAMESPACE}/misp-core:latest", "${NAMESPACE}/misp-core:${COMMIT_HASH}"]
  args = { "BASE": "${BASE}", "WHICH": NAMESPACE == null ? "none" : "set" }
}
"""
    result = bake(tmp_path, text)
    assert result.scan.errors == ()
    (build,) = result.builds
    assert dict(build.args) == {"BASE": "python:3.12.8-slim", "WHICH": "none"}
    env = {"NAMESPACE": "local", "COMMIT_HASH": "0bba3f5"}
    named = bake(tmp_path, text, env=env)
    assert sorted(named.builds[0].tags) == ["local/misp-core:0bba3f5", "local/misp-core:latest"]
    # (a null that is no variable's default is still bake's error)
    literal = bake(tmp_path, 'target "x" {\n  tags = ["x-${null}"]\n}\n')
    assert [error.message for error in literal.scan.errors] == [
        "invalid template interpolation value: null"
    ]


# dependabot/dependabot-core, docker-bake.hcl (MIT; cut down): a key in parentheses is its
# expression's value, and buildx names a context as a FROM names an image (`:latest` dropped).
DEPENDABOT_BAKE = """\
variable "UPDATER_CORE_IMAGE" {
  default = "ghcr.io/dependabot/dependabot-updater-core"
}
variable "UPDATER_IMAGE_PREFIX" {
  default = "ghcr.io/dependabot/dependabot-updater-"
}
target "updater-core" {
  dockerfile = "Dockerfile.core"
}
target "gomod" {
  dockerfile = "go_modules/Dockerfile"
}
target "pre-commit" {
  dockerfile = "pre_commit/Dockerfile"
  contexts = merge(
    { (UPDATER_CORE_IMAGE) = "target:updater-core" },
    true ? { "${UPDATER_IMAGE_PREFIX}gomod:latest" = "target:gomod" } : {}
  )
}
"""


def test_a_key_in_parentheses_is_its_value_and_a_context_is_named_as_buildx_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # dependabot-core: pre_commit/Dockerfile's FROMs are the bake targets (3 pulls before)
    found = by_name(bake(tmp_path, DEPENDABOT_BAKE))
    assert dict(found["pre-commit"].contexts) == {
        "ghcr.io/dependabot/dependabot-updater-core": "target:updater-core",
        "ghcr.io/dependabot/dependabot-updater-gomod:latest": "target:gomod",
    }
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile.core").write_text("FROM ruby:3.4.7-bookworm\n")
    (tmp_path / "go_modules").mkdir()
    (tmp_path / "go_modules" / "Dockerfile").write_text(
        "FROM ghcr.io/dependabot/dependabot-updater-core\n"
    )
    (tmp_path / "pre_commit").mkdir()
    (tmp_path / "pre_commit" / "Dockerfile").write_text(
        "FROM ghcr.io/dependabot/dependabot-updater-gomod:latest AS go_modules\n"
        "FROM ghcr.io/dependabot/dependabot-updater-core\n"
        "COPY --from=go_modules /opt/go /opt/go\n"
    )
    monkeypatch.chdir(tmp_path)
    from tagsense import find_references

    forget()
    found_refs = [o for o in find_references(".") if o.path == "pre_commit/Dockerfile"]
    assert {o.context.get("named_context") for o in found_refs} == {
        "ghcr.io/dependabot/dependabot-updater-gomod",
        "ghcr.io/dependabot/dependabot-updater-core",
    }


def test_a_context_key_named_for_the_target_it_is_given_is_the_project_s_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # dependabot-core: script/_common builds pre_commit/Dockerfile with `docker build`, without
    # the bake file's contexts; its `FROM …-gomod:latest` is the project's own gomod target
    # (survey 30m: 3 false TS001). A library image swapped for a target is no image of its.
    text = DEPENDABOT_BAKE.replace(
        'target "gomod" {', 'target "base" {\n  dockerfile = "Dockerfile.core"\n}\ntarget "gomod" {'
    ).replace('"target:updater-core" },', '"target:updater-core", alpine = "target:base" },')
    built = {image.name for image in bake(tmp_path, text).built}
    assert built == {
        "ghcr.io/dependabot/dependabot-updater-core",
        "ghcr.io/dependabot/dependabot-updater-gomod:latest",
    }
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile.core").write_text("FROM ruby:3.4.7-slim-trixie\n")
    (tmp_path / "pre_commit").mkdir()
    (tmp_path / "pre_commit" / "Dockerfile").write_text(
        "FROM ghcr.io/dependabot/dependabot-updater-gomod:latest AS go_modules\n"
        "FROM alpine:latest\n"
        "COPY --from=go_modules /opt/go /opt/go\n"
    )
    (tmp_path / "build.sh").write_text(
        '#!/bin/sh\ncd "$(dirname "$0")"\n'
        "docker build -t dependabot-pre-commit -f pre_commit/Dockerfile .\n"
    )
    monkeypatch.chdir(tmp_path)
    from tagsense.cli import main

    forget()
    main(["check", "--format", "json", "--offline", "--as-of", "2026-12-05", "."])
    report = json.loads(capsys.readouterr().out)
    assert {(f["path"], f["line"], f["code"]) for f in report["findings"]} == {
        ("pre_commit/Dockerfile", 2, "TS001")
    }


# from Islandora-Devops/isle-buildkit@02edda08cf65 docker-bake.hcl (cut down, survey 35b)
ISLE_BUILDKIT = """\
IMAGES = ["activemq", "java"]
DEPENDENCIES = {
  activemq = ["java"]
  java = []
}
variable "REPOSITORY" { default = "islandora" }
function "dependencies" {
  params = [image]
  result = { for target in DEPENDENCIES[image]: target => "target:${target}" }
}
group "default" {
  targets = IMAGES
}
target "common" {
  args = { SOURCE_DATE_EPOCH = "0" }
}
target "activemq-common" {
  inherits = ["common"]
  context = "images/activemq"
}
target "activemq" {
  inherits = ["activemq-common"]
  contexts = dependencies("activemq")
  tags = ["${REPOSITORY}/activemq:local"]
}
target "java-common" {
  inherits = ["common"]
  context = "images/java"
}
target "java" {
  inherits = ["java-common"]
  tags = ["${REPOSITORY}/java:local"]
}
"""


def test_targets_that_are_only_inherited_are_not_built(tmp_path: Path) -> None:
    # `FROM java` in images/activemq/Dockerfile is the `java` target's image (a context of
    # `activemq`): `activemq-common`, which names no context, is never built by itself
    (tmp_path / "images" / "activemq").mkdir(parents=True)
    (tmp_path / "images" / "activemq" / "Dockerfile").write_text("FROM java\n")
    (tmp_path / "images" / "java").mkdir(parents=True)
    (tmp_path / "images" / "java" / "Dockerfile").write_text("FROM alpine:3.22.1\n")
    result = bake(tmp_path, ISLE_BUILDKIT)
    assert result.scan.errors == ()
    builds = by_name(result)
    # (`common` and `java-common` are bases too, but complete ones: a command may build them)
    assert list(builds) == ["common", "activemq", "java-common", "java"]
    assert dict(builds["activemq"].contexts) == {"java": "target:java"}
    forget()
    found = scan_paths([str(tmp_path)])
    # (the `java` context is the image the `java` target builds, never `java:latest`)
    assert sorted(o.text for o in found.occurrences) == ["alpine:3.22.1", "islandora/java:local"]


def test_an_inherited_target_a_group_names_is_built(tmp_path: Path) -> None:
    text = ISLE_BUILDKIT.replace("targets = IMAGES", 'targets = ["activemq", "activemq-common"]')
    names = ["common", "activemq-common", "activemq", "java-common", "java"]
    assert list(by_name(bake(tmp_path, text))) == names


def test_inherited_targets_are_built_when_a_group_is_known_only_to_a_run(tmp_path: Path) -> None:
    text = ISLE_BUILDKIT.replace("targets = IMAGES", 'targets = split(",", timestamp())')
    assert "activemq-common" in by_name(bake(tmp_path, text))


def test_an_inherited_target_another_takes_as_a_context_is_built(tmp_path: Path) -> None:
    # (tuwunel's `ingredients`, survey s38d: `audit` inherits it adding a context, and
    # `lint` takes it as its `input`; bake builds it with its own `rust` context, so its
    # `COPY --from=rust` was never `rust:latest`)
    text = (
        ISLE_BUILDKIT
        + """\
target "lint" {
  context = "images/java"
  contexts = { input = "target:activemq-common" }
}
"""
    )
    names = ["common", "activemq-common", "activemq", "java-common", "java", "lint"]
    assert list(by_name(bake(tmp_path, text))) == names


def test_a_matrix_of_lists_decoded_from_json_text(tmp_path: Path) -> None:
    # (tuwunel's bake file, survey s38d: its matrices' lists are variables of JSON text that
    # its script overrides, decoded with jsondecode; unknown, no target was built, and each
    # Dockerfile's `FROM input` and `COPY --from=rust` were images of Docker Hub)
    text = """\
variable "sys_versions" { default = "[\\"bookworm-slim\\", \\"trixie-slim\\"]" }
variable "extra" { default = "{\\"n\\": 2, \\"on\\": true}" }
target "system" {
  name = "system-${v}"
  matrix = { v = jsondecode(sys_versions) }
  args = { N = jsondecode(extra).n, ON = jsondecode(extra).on }
  contexts = { input = "docker-image://debian:${v}" }
}
target "bad" { args = { X = jsondecode("[") } }
"""
    result = bake(tmp_path, text)
    builds = by_name(result)
    assert sorted(builds) == ["bad", "system-bookworm-slim", "system-trixie-slim"]
    assert dict(builds["system-trixie-slim"].args) == {"N": "2", "ON": "true"}
    assert sorted(o.text for o in result.scan) == ["debian:bookworm-slim", "debian:trixie-slim"]
    assert [e.message for e in result.scan.errors] == ["jsondecode: the text is not valid JSON"]


def test_a_target_s_inheritance_is_merged_once_for_all_targets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (tuwunel's 690 targets inherit in chains: each target's chain was merged again for
    # every target, five minutes of a scan; survey s38d)
    from tagsense.sources.builds import bake as module

    merges = 0
    merge = module._merge

    def counted(base: dict[str, object], other: dict[str, object]) -> dict[str, object]:
        nonlocal merges
        merges += 1
        return merge(base, other)

    monkeypatch.setattr(module, "_merge", counted)
    chain = ['target "t0" {\n  args = { A = "0" }\n}\n']
    chain += [
        f'target "t{n}" {{\n  inherits = ["t{n - 1}"]\n  args = {{ N{n} = "{n}" }}\n}}\n'
        for n in range(1, 60)
    ]
    result = bake(tmp_path, "".join(chain))
    assert len(result.builds) == 60
    assert dict(by_name(result)["t59"].args)["A"] == "0"
    assert merges < 60 * 4
