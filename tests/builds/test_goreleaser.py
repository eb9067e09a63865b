"""GoReleaser: the images a ``.goreleaser.yaml`` builds are the project's
(sources.builds.goreleaser).

From survey 11 (wagoodman/dive): its ``dockers`` build ``docker.io/wagoodman/dive:latest``,
which its Taskfile then runs to test the image just built.
"""

from __future__ import annotations

import doctest
import json
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.cli import main
from tagsense.sources import BuildSite
from tagsense.sources.builds import build_tool, goreleaser
from tagsense.sources.builds.goreleaser import read_goreleaser, scan_goreleaser
from tagsense.sources.discover import GORELEASER_FILE_NAMES, discover

if TYPE_CHECKING:
    from pathlib import Path

# wagoodman/dive, .goreleaser.yaml (trimmed): an anchored entry merged into another, and
# manifests that share an aliased list of images.
DIVE = """\
version: 2
dockers:
  - &dockerhub_amd64
    id: docker-amd64
    use: buildx
    image_templates:
      - docker.io/wagoodman/dive:latest
      - docker.io/wagoodman/dive:v{{.Version}}-amd64
    build_flag_templates:
      - "--build-arg=DOCKER_CLI_VERSION={{.Env.DOCKER_CLI_VERSION}}"
  - id: ghcr-amd64
    <<: *dockerhub_amd64
    image_templates:
      - ghcr.io/wagoodman/dive:v{{.Version}}-amd64
docker_manifests:
  - name_template: docker.io/wagoodman/dive:v{{.Major}}
    image_templates: &dockerhub_images
      - docker.io/wagoodman/dive:v{{.Version}}-amd64
  - name_template: ghcr.io/wagoodman/dive:latest
    image_templates: *dockerhub_images
"""

# wagoodman/dive, Taskfile.yaml (trimmed): it runs the image GoReleaser has just built.
TASKFILE = """\
version: "3"
tasks:
  ci-test-docker-image:
    cmds:
      - |
        docker run \\
          --rm \\
          -v /var/run/docker.sock:/var/run/docker.sock \\
          'docker.io/wagoodman/dive:latest' \\
            '${TEST_IMAGE}' \\
            --ci
      - docker run --rm fedora:latest dnf --version
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def built(text: str) -> list[tuple[str, int | None]]:
    result = scan_goreleaser(text, path=".goreleaser.yaml")
    assert result.scan.errors == ()
    assert all(image.site.tool == "goreleaser" for image in result.built)
    return [(image.name, image.site.line) for image in result.built]


def test_dive_s_images_are_built_at_their_lines() -> None:
    assert built(DIVE) == [
        ("docker.io/wagoodman/dive", 7),
        ("docker.io/wagoodman/dive", 8),
        ("ghcr.io/wagoodman/dive", 14),
        ("docker.io/wagoodman/dive", 16),
        ("docker.io/wagoodman/dive", 18),
        ("ghcr.io/wagoodman/dive", 19),
    ]  # (the list both manifests share once: the same name at the same line)


def test_what_the_taskfile_runs_is_goreleaser_s_output(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / ".goreleaser.yaml", DIVE)
    write(project / "Taskfile.yaml", TASKFILE)
    write(
        project / "deploy" / "dive.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: dive}\n"
        "spec:\n  containers:\n  - name: dive\n    image: ghcr.io/wagoodman/dive:latest\n",
    )
    for scan in (find_references("."), find_references("Taskfile.yaml")):
        made = {o.text: o.built for o in scan}
        assert made["docker.io/wagoodman/dive:latest"] == BuildSite(
            "goreleaser", ".goreleaser.yaml", 7
        )
        assert made["fedora:latest"] is None  # (another image: pulled as before)
    manifest = {o.text: o.built for o in find_references(os.path.join("deploy", "dive.yaml"))}
    assert manifest["ghcr.io/wagoodman/dive:latest"] == BuildSite(
        "goreleaser", ".goreleaser.yaml", 14
    )
    code = main(["check", "--offline", "--as-of", "2026-12-03", "--format", "json", "."])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [
        ("Taskfile.yaml", 12, "TS001")  # (fedora:latest only)
    ]


def test_without_the_goreleaser_file_the_same_run_is_a_pull(project: Path) -> None:
    write(project / "Taskfile.yaml", TASKFILE)
    write(project / "release.yaml", DIVE)  # (not a name GoReleaser reads)
    made = {o.text: o.built for o in find_references(".")}
    assert made["docker.io/wagoodman/dive:latest"] is None


@pytest.mark.parametrize("name", GORELEASER_FILE_NAMES)
def test_every_name_goreleaser_reads_is_discovered(project: Path, name: str) -> None:
    write(project / name, DIVE)
    write(project / "goreleaser-docker.yaml", DIVE)  # (used with --config: not by its name)
    assert build_tool(name) == "goreleaser"
    assert build_tool("goreleaser-docker.yaml") is None
    found = dict(discover([str(project)]))
    assert found[str(project / name)] == "build"
    assert found.get(str(project / "goreleaser-docker.yaml")) != "build"


def test_one_in_a_config_directory_builds_for_the_project(project: Path) -> None:
    write(project / ".config" / "goreleaser.yml", DIVE)
    write(project / "Taskfile.yaml", TASKFILE)
    made = {o.text: o.built for o in find_references("Taskfile.yaml")}
    site = made["docker.io/wagoodman/dive:latest"]
    assert site == BuildSite("goreleaser", os.path.join(".config", "goreleaser.yml"), 7)


@pytest.mark.parametrize(
    ("template", "name"),
    [
        ("acme/app:{{ .Tag }}", "acme/app"),
        ("acme/app:v{{ .Major }}.{{ .Minor }}", "acme/app"),
        ("acme/app:{{ if .IsSnapshot }}dev{{ else }}{{ .Version }}{{ end }}", "acme/app"),
        ("acme/{{ .ProjectName }}:{{ .Tag }}", "acme/tool"),
        ("docker.io/acme/{{ .Env.IMAGE }}:{{ .Tag }}", "docker.io/acme/from-env"),
        ("ghcr.io/acme/{{ .Env.OTHER }}:{{ .Tag }}", "ghcr.io/acme/*"),
        ("ghcr.io/{{ .Env.OWNER }}/app:{{ .Tag }}", "ghcr.io/*/app"),
        ("{{ .Env.REGISTRY }}/acme/app:{{ .Tag }}", None),
        ("ghcr.io/{{ .Env.REPOSITORY }}:{{ .Tag }}", None),
        ("{{ .Env.IMAGE_NAME }}", None),
        ("{{ if .IsNightly }}acme/nightly{{ end }}", None),
        ("Acme/App:1", None),
    ],
)
def test_a_template_s_run_parts(template: str, name: str | None) -> None:
    text = (
        "project_name: tool\nenv:\n  - IMAGE=from-env\n  - OTHER={{ .Env.X }}\n"
        f"dockers:\n  - image_templates:\n      - {json.dumps(template)}\n"
    )
    assert built(text) == ([] if name is None else [(name, 7)])


def test_without_project_name_the_project_s_name_is_a_run_s() -> None:
    text = 'dockers:\n  - image_templates: ["acme/{{ .ProjectName }}:{{ .Tag }}"]\n'
    assert built(text) == [("acme/*", 2)]


def test_dockers_v2_images_and_ko_repositories() -> None:
    text = """\
dockers_v2:
  - images: [acme/app, "ghcr.io/acme/app"]
    tags: ["v{{ .Version }}", latest]
  - images: [acme/skipped]
    disable: true
  - images: ["acme/templated"]
    disable: "{{ .IsSnapshot }}"
kos:
  - repositories: [ghcr.io/acme/bare]
    bare: true
  - repository: ghcr.io/acme/below
  - repositories: [ghcr.io/acme/base]
    base_import_paths: true
  - repositories: [ghcr.io/acme/preserved]
    preserve_import_paths: true
"""
    assert built(text) == [
        ("acme/app", 2),
        ("ghcr.io/acme/app", 2),
        ("acme/templated", 6),  # (disabled only on some runs)
        ("ghcr.io/acme/bare", 9),
        ("ghcr.io/acme/below/*", 11),  # (ko's name below it: app-<md5 of the import path>)
        ("ghcr.io/acme/base/*", 12),
    ]  # (preserve_import_paths: any number of components below it: none kept)


def test_ko_base_images_are_pulls() -> None:
    # juanfont/headscale's .goreleaser.yml: two kos entries build on distroless, one untagged.
    text = """\
project_name: app
env: [BASE=cgr.dev/chainguard/static:latest]
kos:
  - id: ghcr
    repositories: [ghcr.io/juanfont/headscale]
    bare: true
    base_image: gcr.io/distroless/base-debian13
  - repositories: [ghcr.io/acme/x]
    base_image: "{{ .Env.BASE }}"
  - repositories: [ghcr.io/acme/y]
    base_image: "ghcr.io/acme/base:{{ .Version }}"
  - repositories: [ghcr.io/acme/z]
    base_image: alpine:3.20
    disable: true
  - repositories: [ghcr.io/acme/default]
"""
    found = scan_goreleaser(text, path=".goreleaser.yml")
    assert [(o.line, o.column, o.kind, o.text, dict(o.context)) for o in found.scan] == [
        (
            7,
            17,
            "ko",
            "gcr.io/distroless/base-debian13",
            {"field": "kos.base_image", "tool": "goreleaser", "id": "ghcr"},
        ),
        (
            9,
            18,
            "ko",
            "cgr.dev/chainguard/static:latest",
            {"field": "kos.base_image", "tool": "goreleaser"},
        ),
    ]  # (a run's version: left out; a disabled entry, and GoReleaser's default: nothing)
    assert list(found.scan)[1].raw == "{{ .Env.BASE }}"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "- a\n",
        "dockers: {a: b}\n",
        "dockers: [a, {image_templates: {a: b}}, {image_templates: [1, null, '']}]\n",
        "kos: [{repositories: x}, {repository: [a]}]\n",
        "kos: [{base_image: [a]}, {base_image: ''}, {base_image: null}]\n",
        "docker_manifests: [{name_template: [a]}]\n",
        "env: [A, =b, {a: b}]\ndockers: [{image_templates: ['{{ .Env.A }}/x']}]\n",
    ],
)
def test_what_is_no_image_name_builds_nothing(text: str) -> None:
    result = scan_goreleaser(text)
    assert result.built == () and list(result.scan) == []
    assert all(error.message == "must be a mapping" for error in result.scan.errors)


def test_bad_files_are_errors_never_exceptions(tmp_path: Path) -> None:
    assert scan_goreleaser("dockers: [\n").scan.errors[0].message.startswith("invalid YAML")
    (error,) = read_goreleaser(str(tmp_path)).scan.errors
    assert error.message == "cannot read: a directory"


def test_the_examples_of_the_module_hold() -> None:
    assert doctest.testmod(goreleaser).failed == 0


# from kanisterio/kanister@534f1523115c30664b519556601b1b2db7f02882 .goreleaser.yml (trimmed)
KANISTER = """\
dockers:
- ids:
  - kando
  image_templates:
  - 'ghcr.io/kanisterio/kanister-tools:{{ .Tag }}'
  dockerfile: 'docker/tools/Dockerfile'
  build_flag_templates:
  - "--pull"
  - "--build-arg=kan_tools_version={{ .Tag }}"
  - "--build-arg=kopia_repo_org=kopia"
- image_templates:
  - 'ghcr.io/kanisterio/kanister-kubectl-1.18:{{ .Tag }}'
  dockerfile: 'docker/kanister-kubectl/Dockerfile'
  build_flag_templates:
  - "--build-arg=TOOLS_IMAGE=ghcr.io/kanisterio/kanister-tools:{{ .Tag }}"
"""


def test_the_dockerfiles_of_dockers_are_built_with_their_build_arguments() -> None:
    result = scan_goreleaser(KANISTER, path=".goreleaser.yml")
    assert [
        (b.site.line, b.dockerfile, dict(b.args), dict(b.unresolved), dict(b.leading))
        for b in result.builds
    ] == [
        (
            6, "docker/tools/Dockerfile", {"kopia_repo_org": "kopia"},
            {"kan_tools_version": (".Tag",)}, {},
        ),
        (
            13, "docker/kanister-kubectl/Dockerfile", {}, {"TOOLS_IMAGE": (".Tag",)},
            {"TOOLS_IMAGE": "ghcr.io/kanisterio/kanister-tools:"},
        ),
    ]  # fmt: skip


def test_a_base_image_goreleaser_passes_is_the_one_it_builds(project: Path) -> None:
    # (kanister's `FROM $TOOLS_IMAGE`, read alone: a false TS011, "no value here")
    write(project / ".goreleaser.yml", KANISTER)
    write(project / "docker" / "tools" / "Dockerfile", "FROM scratch\n")
    dockerfile = os.path.join("docker", "kanister-kubectl", "Dockerfile")
    write(project / dockerfile, "ARG TOOLS_IMAGE\nFROM $TOOLS_IMAGE\n")
    (base,) = [o for o in find_references(".") if o.path == dockerfile]
    assert base.unresolved and base.text == "ghcr.io/kanisterio/kanister-tools:"
    assert base.built == BuildSite("goreleaser", ".goreleaser.yml", 5)
    assert main(["check", "--as-of", "2026-12-05", dockerfile]) == 0


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        # (flag and value as two items; a target and platforms)
        (
            "dockers: [{build_flag_templates: ['--build-arg', 'BASE=alpine:3.23.4',"
            " '--target=prod', '--platform=linux/arm64']}]",
            ("Dockerfile", {"BASE": "alpine:3.23.4"}, "prod", ("linux/arm64",)),
        ),
        # (dockers_v2: a mapping of build arguments, its platforms; `env:` fills templates)
        (
            "env: [BASE=alpine:3.23.4]\ndockers_v2: [{dockerfile: build/Dockerfile,"
            " build_args: {BASE: '{{ .Env.BASE }}'}, platforms: [linux/amd64]}]",
            ("build/Dockerfile", {"BASE": "alpine:3.23.4"}, None, ("linux/amd64",)),
        ),
    ],
)
def test_build_flags_and_dockers_v2_build_arguments(
    entry: str, expected: tuple[object, ...]
) -> None:
    (build,) = scan_goreleaser(entry, path=".goreleaser.yaml").builds
    assert (build.dockerfile, dict(build.args), build.target, build.platforms) == expected


def test_a_dockerfile_only_a_run_names_feeds_nothing() -> None:
    text = "dockers: [{dockerfile: '{{ .Env.DOCKERFILE }}'}]"
    assert scan_goreleaser(text, path=".goreleaser.yaml").builds == ()


# kubeshop/testkube (trimmed): a configuration of another name, run with `-f`, whose
# Dockerfile builds on what the environment of the command gives `.Env`.
TESTKUBE = """\
version: 2
env:
  - GO111MODULE=on
dockers:
  - dockerfile: ./build/api-server/Dockerfile
    image_templates:
      - "kubeshop/testkube-api-server:{{ .Version }}"
    build_flag_templates:
      - "--build-arg=ALPINE_IMAGE={{ .Env.ALPINE_IMAGE }}"
      - "--build-arg=GO111MODULE={{ .Env.GO111MODULE }}"
"""
TESTKUBE_DOCKERFILE = "ARG ALPINE_IMAGE\nFROM ${ALPINE_IMAGE}\n"


def bases(project: Path) -> list[tuple[str, bool]]:
    dockerfile = os.path.join("build", "api-server", "Dockerfile")
    return [(o.text, bool(o.unresolved)) for o in find_references(".") if o.path == dockerfile]


def testkube(project: Path) -> None:
    write(project / "goreleaser_files" / ".goreleaser-docker-build-api.yml", TESTKUBE)
    write(project / "build" / "api-server" / "Dockerfile", TESTKUBE_DOCKERFILE)


def test_a_configuration_a_makefile_names_with_f_is_run_in_the_recipe_s_environment(
    project: Path,
) -> None:
    testkube(project)
    recipe = (
        "GORELEASER = go run github.com/goreleaser/goreleaser/v2@v2.12.0\n"
        "docker-build-api:\n"
        "\t@env SEGMENTIO_KEY=** \\\n\t\tALPINE_IMAGE=alpine:3.24.1 \\\n"
        "\t\t$(GORELEASER) release -f goreleaser_files/.goreleaser-docker-build-api.yml"
        " --clean --snapshot\n"
    )
    write(project / "Makefile", recipe)
    assert bases(project) == [("alpine:3.24.1", False)]
    assert main(["check", "--offline", "--as-of", "2026-12-06", "."]) == 0
    # (without the value the command gives it, `.Env.ALPINE_IMAGE` is a run's)
    write(project / "Makefile", recipe.replace("ALPINE_IMAGE=alpine:3.24.1", "A=b"))
    [(_, unresolved)] = bases(project)
    assert unresolved


def test_a_workflow_runs_a_configuration_it_names_with_its_environment(project: Path) -> None:
    testkube(project)
    workflow = (
        "on: push\nenv:\n  ALPINE_IMAGE: alpine:3.24.1\njobs:\n  release:\n"
        "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - uses: goreleaser/goreleaser-action@v6\n        with:\n"
        "          args: release -f goreleaser_files/.goreleaser-docker-build-api.yml"
        " --clean ${{ env.flags }}\n"
        "        env:\n          ALPINE_IMAGE: ${{ env.ALPINE_IMAGE }}\n"
    )
    write(project / ".github" / "workflows" / "release.yaml", workflow)
    assert bases(project) == [("alpine:3.24.1", False)]
    run = workflow.replace(
        "uses: goreleaser/goreleaser-action@v6\n        with:\n          args:",
        "run: goreleaser --config",
    )
    write(project / ".github" / "workflows" / "release.yaml", run)
    assert bases(project) == [("alpine:3.24.1", False)]
    # (`goreleaser build` builds no image)
    write(project / ".github" / "workflows" / "release.yaml", run.replace("--config", "build -f"))
    [(_, unresolved)] = bases(project)
    assert unresolved


def test_the_command_module_s_examples_hold() -> None:
    from tagsense.sources.builds import _goreleaser_cmd

    assert doctest.testmod(_goreleaser_cmd).failed == 0


# armadaproject/armada, .goreleaser.yml (trimmed): the registry's prefix is an `env:` variable
# with a default, the way GoReleaser's documentation gives one; `mage dev:full` builds the
# bundle with a snapshot release, then `docker compose -f _local/compose/full.yaml up` runs it.
ARMADA = """\
project_name: armada
env:
  - DOCKER_REPO={{ if index .Env "DOCKER_REPO" }}{{ .Env.DOCKER_REPO }}/{{else}}gresearch/{{end}}
  - GOVERSION={{ if index .Env "GOVERSION"  }}{{ .Env.GOVERSION }}{{ else }}go1.26{{ end }}
dockers:
  - id: bundle
    image_templates:
      - "{{ .Env.DOCKER_REPO }}armada-bundle:latest"
      - "{{ .Env.DOCKER_REPO }}armada-bundle:{{ .Version }}"
    dockerfile: ./build/bundles/armada/Dockerfile
"""

ARMADA_COMPOSE = """\
services:
  server:
    image: ${ARMADA_IMAGE:-gresearch/armada-bundle}:${ARMADA_IMAGE_TAG:-latest}
  redis:
    image: redis:latest
"""


@pytest.mark.parametrize(
    ("environment", "name"),
    [
        ({}, "gresearch/armada-bundle"),
        ({"DOCKER_REPO": "ghcr.io/acme"}, "ghcr.io/acme/armada-bundle"),
    ],
)
def test_an_env_variable_s_default_is_the_value_when_the_environment_has_none(
    environment: dict[str, str], name: str
) -> None:
    result = scan_goreleaser(ARMADA, path=".goreleaser.yml", environment=environment)
    assert [(image.name, image.site.line) for image in result.built] == [(name, 8), (name, 9)]


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ('{{ if isEnvSet "R" }}{{ .Env.R }}{{ else }}acme{{ end }}', "acme/app"),
        ('{{- if index .Env "R" -}}  {{ .Env.R }}  {{- else -}}  acme  {{- end -}}', "acme/app"),
        ('{{ envOrDefault "R" "acme" }}', "acme/app"),
        ('{{ if index .Env "R" }}{{ .Env.R }}{{ end }}x', "x/app"),
        ("{{ if .IsSnapshot }}dev{{ else }}acme{{ end }}", None),  # (a run's test)
        ('{{ if index .Env "R" }}{{ if .IsSnapshot }}a{{ end }}{{ else }}b{{ end }}', None),
        ("{{ .Env.R }}", None),  # (unset: GoReleaser stops, missingkey=error)
    ],
)
def test_what_a_template_in_env_gives(value: str, name: str | None) -> None:
    images = "dockers:\n  - image_templates:\n      - '{{ .Env.R2 }}/app:1'\n"
    text = f"env:\n  - R2={value}\n" + images
    assert built(text) == ([] if name is None else [(name, 5)])


def test_the_environment_s_value_wins_over_the_default() -> None:
    text = 'dockers:\n  - image_templates: [\'{{ envOrDefault "R" "acme" }}/app:1\']\n'
    result = scan_goreleaser(text, path=".goreleaser.yaml", environment={"R": "ghcr.io/o"})
    assert [image.name for image in result.built] == ["ghcr.io/o/app"]


def test_the_compose_file_runs_the_bundle_goreleaser_builds(project: Path) -> None:
    """armadaproject/armada: 10 false TS001 on gresearch/armada-bundle:latest, which its
    snapshot release builds before the compose file runs it."""
    write(project / ".goreleaser.yml", ARMADA)
    write(project / "_local" / "compose" / "full.yaml", ARMADA_COMPOSE)
    made = {o.text: o.built for o in find_references(".")}
    assert made["gresearch/armada-bundle:latest"] == BuildSite("goreleaser", ".goreleaser.yml", 8)
    assert made["redis:latest"] is None
