"""go-task Taskfiles: the images their tasks' commands build (the project's), run and pull
(kind ``shell``), with Task's variables, includes and calls."""

from __future__ import annotations

import doctest
import json
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.cli import main
from tagsense.sources._yaml import get, load_yaml
from tagsense.sources.builds import _task_template, build_tool
from tagsense.sources.builds._runs import MAX_ENVIRONMENTS
from tagsense.sources.builds._shell_values import UNKNOWN
from tagsense.sources.builds._task_template import branches, go_value, render
from tagsense.sources.builds.taskfile import read_taskfile
from tagsense.sources.context import forget
from tagsense.sources.discover import TASKFILE_NAMES, discover

if TYPE_CHECKING:
    from pathlib import Path

# wagoodman/dive, Taskfile.yaml (trimmed): its Makefile hands every target to `task`, and its
# workflows run `make ci-test-deb-package-install` (survey 11).
DIVE = """\
version: "3"
vars:
  TEST_IMAGE: busybox:latest
  DOCKER_CLI_VERSION: 28.0.0

tasks:
  ci-test-deb-package-install:
    desc: Test debian package installation
    cmds:
      - |
        docker run \\
          --platform linux/amd64 \\
          -v /var/run/docker.sock:/var/run/docker.sock \\
          ubuntu:latest \\
            /bin/bash -x -c "\\
              curl -L 'https://download.docker.com/linux/static/stable/x86_64/docker-{{ .DOCKER_CLI_VERSION }}.tgz' && \\
              dive '{{ .TEST_IMAGE }}' --ci \\
            "

  ci-test-rpm-package-install:
    cmds:
      - docker run --rm fedora:latest dnf --version
"""  # noqa: E501 (the file's own lines)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def pulls(path: Path | str) -> list[tuple[int, int, str, str]]:
    found = read_taskfile(str(path)).scan
    return [(o.line, o.column, o.text, str(o.context["task"])) for o in found]


def test_dive_s_tasks_pull_what_their_docker_run_commands_name(project: Path) -> None:
    path = write(project / "Taskfile.yaml", DIVE)
    assert build_tool(str(path)) == "task"
    assert pulls(path) == [
        (14, 11, "ubuntu:latest", "ci-test-deb-package-install"),
        (22, 25, "fedora:latest", "ci-test-rpm-package-install"),
    ]  # (busybox:latest is an argument of dive, no image docker runs)
    (first, _) = read_taskfile(str(path)).scan.occurrences
    assert first.kind == "shell"
    assert first.context == {
        "tool": "task", "engine": "docker", "verb": "run", "task": "ci-test-deb-package-install"
    }  # fmt: skip


def refs(path: str, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int, str]]:
    assert main(["refs", "--format", "json", path]) == 0
    found = json.loads(capsys.readouterr().out)["references"]
    return [(r["path"], r["line"], r["text"]) for r in found]


def test_the_command_line_finds_the_taskfile_by_name_and_named(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "Taskfile.yaml", DIVE)
    write(project / "Makefile", "%:\n\t@task $@\n")
    walked = refs(".", capsys)
    named = refs("Taskfile.yaml", capsys)
    assert (
        walked
        == named
        == [
            ("Taskfile.yaml", 14, "ubuntu:latest"),
            ("Taskfile.yaml", 22, "fedora:latest"),
        ]
    )
    code = main(["check", "--offline", "--as-of", "2026-12-03", "--format", "json", "."])
    findings = [(f["line"], f["code"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    assert (code, findings) == (1, [(14, "TS001"), (22, "TS001")])


@pytest.mark.parametrize("name", TASKFILE_NAMES)
def test_every_name_task_reads_is_discovered(project: Path, name: str) -> None:
    write(project / "sub" / name, "version: '3'\ntasks:\n  db:\n    cmds: [docker run redis:7]\n")
    write(project / "sub" / "Taskfile.txt", "version: '3'\ntasks:\n  db: docker run redis:7\n")
    found = discover([str(project)])
    assert [(os.path.basename(p), kind) for p, kind in found] == [(name, "build")]
    assert [o.text for o in find_references(str(project / "sub" / name))] == ["redis:7"]


def test_global_and_task_variables_are_put_in(project: Path) -> None:
    path = write(
        project / "Taskfile.yml",
        """\
version: '3'
vars:
  REGISTRY: ghcr.io/acme
  TAG: "1.4"
  IMAGE: "{{.REGISTRY}}/api:{{.TAG}}"
  PY: 3.10
tasks:
  run:
    cmds:
      - docker run --rm {{.IMAGE}}
  run-dev:
    vars:
      TAG: dev-1
    cmds:
      - docker run --rm {{ .REGISTRY }}/api:{{.TAG}}
  python:
    cmd: docker run python:{{.PY}}-slim
""",
    )
    assert [(line, text, task) for line, _, text, task in pulls(path)] == [
        (10, "ghcr.io/acme/api:1.4", "run"),
        (15, "ghcr.io/acme/api:dev-1", "run-dev"),
        (17, "python:3.1-slim", "python"),  # (a plain 3.10 is Go's float 3.1)
    ]


@pytest.mark.parametrize(
    "command",
    [
        "docker run {{.CLI_ARGS}}",  # (the command line's)
        "docker run alpine:{{.UNSET}}",  # (the environment's, or the command line's)
        "docker run alpine:{{.FROM_SH}}",
        'docker run alpine:{{.TAG | default "3.20"}}',
        "docker run {{.REF}}",
        "docker run alpine:{{ .TAG",  # (Task refuses the template)
        "docker run $IMAGE_VAR",  # (vars are not exported to the shell)
        "docker run {{.PATCHED}}",  # (010: Go's octal)
    ],
)
def test_what_a_run_decides_is_no_pull(project: Path, command: str) -> None:
    path = write(
        project / "Taskfile.yml",
        "version: '3'\nvars:\n  FROM_SH:\n    sh: git describe\n  REF:\n    ref: .OTHER\n"
        "  IMAGE_VAR: alpine:3.20\n  PATCHED: 010\ntasks:\n  t:\n    cmds:\n"
        f"      - {json.dumps(command)}\n      - docker run nginx:1.27\n",
    )
    assert [text for _, _, text, _ in pulls(path)] == ["nginx:1.27"]


def test_env_is_the_command_s_environment(project: Path) -> None:
    path = write(
        project / "Taskfile.yml",
        """\
version: '3'
env:
  DB_IMAGE: postgres:16.4
tasks:
  db:
    env:
      CACHE: redis:7.4.1
    cmds:
      - docker run $DB_IMAGE && docker run "${CACHE}"
      - docker run {{.DB_IMAGE}}
  loaded:
    dotenv: [.env]
    cmds:
      - docker run $DB_IMAGE
""",
    )
    assert pulls(path) == [
        (9, 9, "postgres:16.4", "db"),  # (from a variable: at the command)
        (9, 9, "redis:7.4.1", "db"),
        (10, 9, "postgres:16.4", "db"),  # (the global env is a template's variable too)
    ]  # (a task's dotenv file may give the global env another value)


def test_every_way_of_writing_commands(project: Path) -> None:
    path = write(
        project / "Taskfile.yml",
        """\
version: '3'
tasks:
  one: docker pull alpine:3.20
  list:
    - docker pull debian:12
  single:
    cmd: docker pull ubuntu:24.04
  mapping:
    cmds:
      - cmd: docker pull fedora:40
        silent: true
      - defer: docker rm -f x && docker pull busybox:1.36
      - for: [nginx:1.27, "caddy:2.8"]
        cmd: docker pull {{.ITEM}}
      - for: {var: TOOLS, as: T}
        cmd: docker pull {{.T}}
    vars:
      TOOLS: golang:1.23 rust:1.82
  folded:
    cmds:
      - >
        docker pull
        quay.io/prometheus/prometheus:v2.54.1
""",
    )
    assert [(line, column, text) for line, column, text, _ in pulls(path)] == [
        (3, 20, "alpine:3.20"),
        (5, 19, "debian:12"),
        (7, 22, "ubuntu:24.04"),
        (10, 26, "fedora:40"),
        (12, 46, "busybox:1.36"),
        (13, 15, "nginx:1.27"),  # (written in the loop's list)
        (13, 28, "caddy:2.8"),
        (16, 14, "golang:1.23"),  # (from a variable's words: at the command)
        (16, 14, "rust:1.82"),
        (23, 9, "quay.io/prometheus/prometheus:v2.54.1"),  # (a folded block: its own line)
    ]


def test_a_call_that_gives_variables_reads_the_task_it_calls_with_them(project: Path) -> None:
    path = write(
        project / "Taskfile.yml",
        """\
version: '3'
tasks:
  all:
    deps:
      - task: pull
        vars: {IMAGE: "redis:{{.VERSION}}"}
    cmds:
      - task: pull
        vars:
          IMAGE: nginx:1.27
      - task: pull
      - task: missing
        vars: {IMAGE: x:1}
    vars:
      VERSION: 7.4.1
  pull:
    cmds:
      - docker pull {{.IMAGE}}
""",
    )
    assert [(line, text, task) for line, _, text, task in pulls(path)] == [
        (18, "nginx:1.27", "pull"),
        (18, "redis:7.4.1", "pull"),
    ]  # (alone, `pull` pulls what only a run knows)


def test_included_taskfiles_run_with_their_include_s_values(project: Path) -> None:
    root = write(
        project / "Taskfile.yml",
        """\
version: '3'
vars:
  REGISTRY: ghcr.io/acme
includes:
  api:
    taskfile: ./services/api/Tasks.yml
    dir: ./services/api
    vars:
      TAG: "2.1"
  tools: ./tools
  remote: https://example.com/Taskfile.yml
  gone: ./missing.yml
tasks:
  default:
    cmds:
      - task: api:run
      - task: tools:lint
""",
    )
    api = write(
        project / "services" / "api" / "Tasks.yml",
        """\
version: '3'
tasks:
  build:
    cmds:
      - docker build -t {{.REGISTRY}}/api:{{.TAG}} .
  run:
    cmds:
      - docker run --rm {{.REGISTRY}}/api:{{.TAG}}
      - task: :lint-all
""",
    )
    write(
        project / "tools" / "Taskfile.yml",
        "version: '3'\ntasks:\n  lint:\n    cmds:\n      - docker run hadolint/hadolint:v2.12.0\n",
    )
    found = read_taskfile(str(root))
    assert found.reads == (str(api), str(project / "tools" / "Taskfile.yml"))
    assert [(o.path, o.line, o.text, o.context["task"], o.context.get("included_by"))
            for o in found.scan] == [
        (str(api), 8, "ghcr.io/acme/api:2.1", "api:run", str(root)),
        (str(project / "tools" / "Taskfile.yml"), 5, "hadolint/hadolint:v2.12.0", "tools:lint",
         str(root)),
    ]  # fmt: skip
    (built,) = found.built
    assert (built.name, built.site.path, built.site.line) == ("ghcr.io/acme/api", str(api), 5)
    (build,) = found.builds
    assert build.context == str(project / "services" / "api")  # (the include's dir)


def test_an_included_file_found_alone_is_read_through_the_one_that_includes_it(
    project: Path,
) -> None:
    write(
        project / "Taskfile.yml",
        "version: '3'\nincludes:\n  db:\n    taskfile: tasks/db.yml\n    vars: {PG: '16.4'}\n",
    )
    write(
        project / "tasks" / "db.yml",
        "version: '3'\ntasks:\n  up:\n    cmds:\n      - docker run postgres:{{.PG}}\n",
    )
    whole = [(o.path, o.line, o.text) for o in find_references(".")]
    alone = [(o.path, o.line, o.text) for o in find_references(os.path.join("tasks", "db.yml"))]
    assert whole == alone == [(os.path.join("tasks", "db.yml"), 5, "postgres:16.4")]


def test_an_included_taskfile_checked_alone_runs_alone_and_through_its_includer(
    project: Path,
) -> None:
    write(
        project / "Taskfile.yml",
        "version: '3'\nincludes:\n  db: {taskfile: db, vars: {PG: '16.4'}}\n",
    )
    write(
        project / "db" / "Taskfile.yml",
        "version: '3'\ntasks:\n  up:\n    cmds:\n      - docker run postgres:{{.PG}}\n"
        "      - docker run redis:7.4.1\n",
    )
    named = os.path.join("db", "Taskfile.yml")
    whole = sorted((o.path, o.line, o.text) for o in find_references("."))
    alone = sorted((o.path, o.line, o.text) for o in find_references(named))
    assert whole == alone == [(named, 5, "postgres:16.4"), (named, 6, "redis:7.4.1")]


def test_a_variable_two_taskfiles_give_different_values_is_a_run_s(project: Path) -> None:
    root = write(
        project / "Taskfile.yml",
        "version: '3'\nvars:\n  TAG: '1'\n  OWN: '3'\nincludes:\n  sub: ./sub.yml\n"
        "tasks:\n  run:\n    cmds:\n      - docker run a/b:{{.TAG}} && docker run c/d:{{.OWN}}\n",
    )
    write(
        project / "sub.yml",
        "version: '3'\nvars:\n  TAG: '2'\ntasks:\n  run:\n    cmds:\n"
        "      - docker run e/f:{{.TAG}} && docker run g/h:{{.OWN}}\n",
    )
    assert [text for _, _, text, _ in pulls(root)] == ["c/d:3", "e/f:2", "g/h:3"]


def test_what_a_task_builds_is_built_in_the_project(project: Path) -> None:
    write(
        project / "Taskfile.yml",
        """\
version: '3'
vars:
  IMAGE: acme/web
  VERSION: "0.9"
tasks:
  build:
    dir: web
    cmds:
      - docker build --build-arg BASE=node:22.11.0-slim -t {{.IMAGE}}:{{.VERSION}} .
  up:
    cmds:
      - docker compose -f deploy/compose.yml up -d
""",
    )
    write(project / "web" / "Dockerfile", "ARG BASE=node:20\nFROM ${BASE}\n")
    write(
        project / "deploy" / "compose.yml",
        "services:\n  web:\n    image: acme/web:0.9\n  cache:\n    image: redis:7.4.1\n",
    )
    found = read_taskfile("Taskfile.yml")
    assert [(i.name, i.site.tool, i.site.line) for i in found.built] == [("acme/web", "task", 9)]
    assert [run.site.line for run in found.composes] == [12]
    scan = {(o.path, o.line): o for o in find_references(".")}
    assert scan[(os.path.join("deploy", "compose.yml"), 3)].built is not None
    assert scan[(os.path.join("deploy", "compose.yml"), 5)].built is None
    assert scan[(os.path.join("web", "Dockerfile"), 2)].text == "node:22.11.0-slim"


def test_each_way_through_a_command_s_if_blocks_is_a_command_of_its_own(project: Path) -> None:
    # secureCodeBox/secureCodeBox's scanners/Taskfile.yaml (survey s40e) builds a scanner's image
    # only `{{ if eq "true" .hasCustomScanner -}}` (a variable an `sh:` sets): the image was not
    # known as the project's, and the charts' `scanner-git-repo-scanner:v3.1.0-alpha1`
    # (a placeholder the release replaces) was reported a prerelease.
    write(
        project / "Taskfile.yml",
        """\
version: '3'
vars:
  NAME: ncrack
  CUSTOM:
    sh: test -d scanner && echo true || echo false
tasks:
  build:
    cmds:
      - |
        {{ if eq "true" .CUSTOM -}}
        docker build -t acme/scanner-{{ .NAME }}:dev scanner/
        {{ else -}}
          echo "no scanner of its own"
        {{ end -}}
      - "{{if .CI}}docker pull alpine:3.19{{else}}docker pull alpine:3.20{{end}}"
      - "{{range .LIST}}docker pull alpine:3.18{{end}}"
""",
    )
    found = read_taskfile("Taskfile.yml")
    assert [i.name for i in found.built] == ["acme/scanner-ncrack"]
    # (each way a command of its own: never words of two ways in one command; a loop: a run's)
    assert [text for _, _, text, _ in pulls("Taskfile.yml")] == ["alpine:3.19", "alpine:3.20"]


@pytest.mark.parametrize(
    "text",
    [
        "version: '2'\ntasks:\n  a:\n    cmds: [docker run redis:7]\n",
        "tasks:\n  a:\n    cmds: [docker run redis:7]\n",
        "version: '3'\ntasks:\n  a:\n    cmds: [docker run redis:7\n",
        "version: '3'\ntasks: [docker run redis:7]\n",
        "version: '3'\ntasks:\n  a:\n    cmds: {docker: run redis:7}\n",
    ],
)
def test_what_is_no_taskfile_of_version_3_says_nothing(project: Path, text: str) -> None:
    path = write(project / "Taskfile.yml", text)
    found = read_taskfile(str(path))
    assert (found.built, list(found.scan), found.scan.errors) == ((), [], ())
    assert list(find_references(str(path))) == []


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("docker run {{.A}}:{{ .B }}", "docker run a:b"),
        ("docker run a  {{- .B -}}  :c", "docker run ab:c"),  # (trim markers eat the blanks)
        ("docker run {{/* a comment */}}a", "docker run a"),
        ('docker run {{ "}}" }} a', f"docker run {UNKNOWN} a"),  # (a quoted }} closes nothing)
        ("docker run {{.A.B}} {{len .A}} {{.C}}", f"docker run {UNKNOWN} {UNKNOWN} {UNKNOWN}"),
        ("{{ if .A }}a{{ end }}", None),
        ("{{range .L}}docker pull {{.}}{{end}}", None),
        ("docker run {{.A", None),
        ("no template", "no template"),
    ],
)
def test_templates_put_in_only_what_the_file_settles(template: str, expected: str | None) -> None:
    assert render(template, {"A": "a", "B": "b"}) == expected


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("3.10", "3.1"),
        ("'3.10'", "3.10"),
        ("1.0", "1"),
        ("-0", "0"),
        ("+5", "5"),
        ("20.04", "20.04"),
        ("True", "true"),
        ("1.2.3", "1.2.3"),
        ("3.20-alpine", "3.20-alpine"),
        ("yes", "yes"),  # (YAML 1.2: a string)
        ("010", UNKNOWN),
        ("0x1F", UNKNOWN),
        ("1_000", UNKNOWN),
        ("1e3", UNKNOWN),
        ("2024-01-02", UNKNOWN),
        ("~", UNKNOWN),
        ("[a, b]", UNKNOWN),
        ("{sh: git describe}", UNKNOWN),
        ("{sh: command -v podman}", None),  # (a run's, naming an engine)
        ("{value: '7.4'}", "7.4"),
        ("{ref: .OTHER}", UNKNOWN),
    ],
)
def test_a_variable_s_value_is_what_go_prints(written: str, printed: str | None) -> None:
    value = go_value(get(load_yaml(f"V: {written}\n").documents[0], "V"))
    if printed is None:
        assert UNKNOWN not in value and value != written and "podman" in value
    else:
        assert value == printed


def test_the_examples_of_the_template_module_hold() -> None:
    result = doctest.testmod(_task_template)
    assert (result.attempted > 0, result.failed) == (True, 0)


def test_a_task_s_env_reaches_the_scripts_its_commands_run(project: Path) -> None:
    # ava-labs/avalanchego, Taskfile.yml (trimmed): `env: {TEST_SETUP: avalanchego}` runs
    # scripts/build_antithesis_images.sh, which exits unless TEST_SETUP is set; read alone, its
    # builds never ran and their Dockerfiles kept `ARG GO_VERSION=INVALID` (TS003)
    write(
        project / "Taskfile.yml",
        """\
version: '3'
env:
  REGISTRY: ghcr.io/acme
tasks:
  images-web:
    env:
      SETUP: web
    cmd: bash -x ./scripts/build_images.sh
""",
    )
    write(
        project / "scripts" / "build_images.sh",
        """\
#!/usr/bin/env bash
SETUP="${SETUP:-}"
if [[ "${SETUP}" != "web" ]]; then
  echo "SETUP must be set"
  exit 255
fi
docker build --build-arg GO_VERSION=1.25.10 -t "${REGISTRY}/${SETUP}:dev" -f docker/Dockerfile .
""",
    )
    write(project / "docker" / "Dockerfile", "ARG GO_VERSION=INVALID\nFROM golang:${GO_VERSION}\n")
    forget()  # (the project's root, the sourced files: this project's)
    found = read_taskfile("Taskfile.yml")
    assert [(i.name, i.site.path) for i in found.built] == [
        ("ghcr.io/acme/web", os.path.join("scripts", "build_images.sh"))
    ]
    scan = {(o.path, o.line): o.text for o in find_references(".")}
    assert scan[(os.path.join("docker", "Dockerfile"), 2)] == "golang:1.25.10"


def test_the_taskfile_s_directory_and_printf_name_a_wrapper_every_task_runs(
    project: Path,
) -> None:
    # ava-labs/avalanchego runs every task's command through `NIX_RUN: '{{printf
    # "%s/scripts/nix_run.sh" .TASKFILE_DIR}}'`, a wrapper that ends `exec "$@"`: `task NAME`
    # is a run of its own, so each task's script is read, however many run the wrapper
    tasks = "".join(
        f"  image-{n}:\n    env:\n      N: '{n}'\n    cmd: '{{{{.RUN}}}} ./scripts/build.sh'\n"
        for n in range(MAX_ENVIRONMENTS + 2)
    )
    write(
        project / "Taskfile.yml",
        "version: '3'\nvars:\n  RUN: '{{printf \"%s/scripts/run.sh\" .TASKFILE_DIR}}'\n"
        f"tasks:\n{tasks}",
    )
    write(project / "scripts" / "run.sh", '#!/usr/bin/env bash\nset -e\nexec "$@"\n')
    write(project / "scripts" / "build.sh", 'docker build -t "acme/app-${N}" .\n')
    write(project / "Dockerfile", "FROM alpine:3.20\n")
    forget()
    found = read_taskfile("Taskfile.yml")
    assert sorted(i.name for i in found.built) == sorted(
        f"acme/app-{n}" for n in range(MAX_ENVIRONMENTS + 2)
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{printf "%s/bin/%v-%%" .A "b"}}', "a/bin/b-%"),
        ("{{printf `%s:%s` .A .B}}", "a:b"),
        ('{{printf "%d" .A}}', UNKNOWN),  # (a verb Go prints its own way)
        ('{{printf "%s %s" .A}}', UNKNOWN),  # (%!s(MISSING))
        ('{{printf "%s" .A | upper}}', UNKNOWN),
    ],
)
def test_printf_of_strings_is_put_in(template: str, expected: str) -> None:
    assert render(template, {"A": "a", "B": "b"}) == expected


@pytest.mark.parametrize(
    "template",
    [
        "docker pull a{{}}",  # (Go: missing value for command)
        "{{if .A}}docker pull a{{else}}docker pull b{{else}}docker pull c{{end}}",
        "docker pull a{{else}}",  # (Go: unexpected {{else}})
        "docker pull a{{/* open",  # (Go: unclosed comment)
        '{{define "t"}}docker pull a{{end}}{{template "t"}}',
    ],
)
def test_a_command_go_refuses_to_parse_runs_nothing(template: str) -> None:
    """Task parses each command with Go's text/template before it runs it (taskfile.dev
    reference, templating); a text Go refuses fails the task, so no command of it runs: it
    is neither rendered nor split into branches (parsed by tagsense._gotemplate's lexer)."""
    assert render(template, {"A": "a"}) is None
    assert branches(template, {"A": "a"}) == ()


def test_task_s_directory_variables_are_absolute(project: Path) -> None:
    write(
        project / "sub" / "Taskfile.yml",
        "version: '3'\ntasks:\n  t:\n    cmd: docker build -t acme/x {{.TASKFILE_DIR}}/app\n",
    )
    write(
        project / "Taskfile.yml",
        "version: '3'\nincludes:\n  sub: ./sub\ntasks:\n"
        "  t:\n    cmd: docker build -t acme/y {{.ROOT_DIR}}/app\n",
    )
    write(project / "app" / "Dockerfile", "ARG V=1\nFROM alpine:3.${V}\n")
    write(project / "sub" / "app" / "Dockerfile", "ARG V=1\nFROM alpine:3.${V}\n")
    found = read_taskfile("Taskfile.yml")
    assert sorted((b.name, os.path.relpath(b.context or "")) for b in found.builds) == [
        ("acme/x", os.path.join("sub", "app")),
        ("acme/y", "app"),
    ]
