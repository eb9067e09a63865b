"""A GitHub ``run`` step's outputs that the workflow itself tells (issue 12, survey 16d).

prefect's image workflow writes ``NODE_VERSION=$(cat .nvmrc)`` to ``$GITHUB_OUTPUT`` and
passes ``${{ steps.get_node_version.outputs.NODE_VERSION }}`` as a build argument: the
``FROM node:${NODE_VERSION}-bookworm-slim`` it builds pulls the version in ``.nvmrc``, which
was a false TS011 (and a missed image). The repros below are synthetic.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.ci import built_images

DAY = datetime.date(2026, 12, 4)
WORKFLOW = os.path.join(".github", "workflows", "image.yml")
CHECKOUT = "      - uses: actions/checkout@v4\n"
BUILD = (
    "      - uses: docker/build-push-action@v6\n"
    "        with:\n"
    "          context: .\n"
    "          build-args: NODE_VERSION=${{ steps.node.outputs.NODE_VERSION }}\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    dockerfile = "ARG NODE_VERSION=20.0.0\nFROM node:${NODE_VERSION}-slim\n"
    (tmp_path / "Dockerfile").write_text(dockerfile)
    (tmp_path / ".nvmrc").write_text("24.1.0\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build_args(steps: str) -> list[tuple[dict[str, str], dict[str, tuple[str, ...]]]]:
    """(args, unresolved) of each build of a workflow whose one job has these steps."""
    text = f"on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(text)
    made = built_images(text, path=WORKFLOW)
    return [(dict(b.args), dict(b.unresolved)) for b in made.builds]


def run_step(script: str, extra: str = "") -> str:
    """A ``run`` step with the id ``node`` (``script`` as a block, one line a line)."""
    lines = "".join(f"          {line}\n" for line in script.splitlines())
    return f"      - id: node\n{extra}        run: |\n{lines}"


def test_an_output_read_from_a_file_of_the_checkout_is_the_build_argument(project: Path) -> None:
    steps = CHECKOUT + run_step('echo "NODE_VERSION=$(cat .nvmrc)" >> $GITHUB_OUTPUT') + BUILD
    assert build_args(steps) == [({"NODE_VERSION": "24.1.0"}, {})]
    pulled = [o.text for o in find_references(".") if o.path == "Dockerfile"]
    assert pulled == ["node:24.1.0-slim"]
    assert [f.code for f in check(find_references("."), as_of=DAY)] == []
    # The file is an input of the workflow's reading: a change of it is seen.
    made = built_images(Path(WORKFLOW).read_text(), path=WORKFLOW)
    assert ".nvmrc" in made.inputs


def test_the_forms_of_a_write_whose_value_the_file_tells(project: Path) -> None:
    (project / "ui").mkdir()
    (project / "ui" / "VERSION").write_text("22.3.0\n\n")
    forms = {
        'echo "NODE_VERSION=22.3.0" >> "$GITHUB_OUTPUT"': "22.3.0",
        "echo 'NODE_VERSION=22.3.0' >> ${GITHUB_OUTPUT}": "22.3.0",
        'echo NODE_VERSION=22.3.0 >> "${GITHUB_OUTPUT}"': "22.3.0",
        'echo "NODE_VERSION=$(< ui/VERSION)" >> $GITHUB_OUTPUT': "22.3.0",
        # (the lines run in order: the last write of a name is its value)
        "echo NODE_VERSION=1 >> $GITHUB_OUTPUT\necho NODE_VERSION=22.3.0 >> $GITHUB_OUTPUT": (
            "22.3.0"
        ),
    }
    for script, value in forms.items():
        assert build_args(CHECKOUT + run_step(script) + BUILD) == [({"NODE_VERSION": value}, {})]
    # A file is read from the step's working directory.
    in_ui = run_step(
        'echo "NODE_VERSION=$(cat VERSION)" >> $GITHUB_OUTPUT',
        extra="        working-directory: ui\n",
    )
    assert build_args(CHECKOUT + in_ui + BUILD) == [({"NODE_VERSION": "22.3.0"}, {})]


def test_what_a_run_decides_stays_unresolved_by_name(project: Path) -> None:
    (project / "two").write_text("24.1.0\n22.3.0\n")
    unknown = {"NODE_VERSION": ("steps.node.outputs.NODE_VERSION",)}
    write_nvmrc = 'echo "NODE_VERSION=$(cat .nvmrc)" >> $GITHUB_OUTPUT'
    cases = [
        # (no checkout of the repository: its files are not there)
        run_step(write_nvmrc) + BUILD,
        "      - uses: actions/checkout@v4\n        with:\n          repository: acme/other\n"
        + run_step(write_nvmrc)
        + BUILD,
        "      - uses: actions/checkout@v4\n        with:\n          path: src\n"
        + run_step(write_nvmrc)
        + BUILD,
        # (another expansion, a file of two lines, one outside the checkout, none)
        CHECKOUT + run_step('echo "NODE_VERSION=$VERSION" >> $GITHUB_OUTPUT') + BUILD,
        CHECKOUT + run_step('echo "NODE_VERSION=$(cat two)" >> $GITHUB_OUTPUT') + BUILD,
        CHECKOUT + run_step('echo "NODE_VERSION=$(cat ../.nvmrc)" >> $GITHUB_OUTPUT') + BUILD,
        CHECKOUT + run_step('echo "NODE_VERSION=$(cat missing)" >> $GITHUB_OUTPUT') + BUILD,
        # (a write in a branch, or after `&&`; one this cannot read may name any output)
        CHECKOUT + run_step("if [ -f .nvmrc ]; then\n  " + write_nvmrc + "\nfi") + BUILD,
        CHECKOUT + run_step("test -f .nvmrc && " + write_nvmrc) + BUILD,
        CHECKOUT + run_step(write_nvmrc + "\ncat extra.env >> $GITHUB_OUTPUT") + BUILD,
        # (a shell that reads no shell text; a step with no id)
        CHECKOUT + run_step(write_nvmrc, extra="        shell: pwsh\n") + BUILD,
        CHECKOUT + run_step(write_nvmrc).replace("id: node", "name: node") + BUILD,
        # (a step after the build gives the build nothing)
        CHECKOUT + BUILD + run_step(write_nvmrc),
    ]
    for steps in cases:
        assert build_args(steps) == [({}, unknown)], steps


def test_a_later_run_step_s_command_has_the_output(project: Path) -> None:
    text = (
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        + CHECKOUT
        + run_step('echo "NODE_VERSION=$(cat .nvmrc)" >> $GITHUB_OUTPUT')
        + "      - run: docker run --rm node:${{ steps.node.outputs.NODE_VERSION }}-slim node -v\n"
        + "      - run: docker run --rm node:${{ steps.other.outputs.NODE_VERSION }}-slim\n"
    )
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(text)
    found = [(o.line, o.text) for o in find_references(WORKFLOW)]
    assert (10, "node:24.1.0-slim") in found
    assert all(line != 11 or "24.1.0" not in image for line, image in found)


def test_an_output_puts_in_the_step_s_env(project: Path) -> None:
    # FlowiseAI/Flowise: `echo "node_version=${NODE_VERSION_INPUT}" >> $GITHUB_OUTPUT`, with
    # NODE_VERSION_INPUT a step `env` the workflow tells.
    env = "        env:\n          V: 22.3.0\n          W: ${{ github.sha }}\n"
    steps = CHECKOUT + run_step('echo "NODE_VERSION=${V}" >> $GITHUB_OUTPUT', extra=env) + BUILD
    assert build_args(steps) == [({"NODE_VERSION": "22.3.0"}, {})]
    unknown = {"NODE_VERSION": ("steps.node.outputs.NODE_VERSION",)}
    for script in ('echo "NODE_VERSION=$W" >> $GITHUB_OUTPUT', 'echo "NODE_VERSION=$X" >> x'):
        steps = CHECKOUT + run_step(script.replace(">> x", ">> $GITHUB_OUTPUT"), extra=env)
        assert build_args(steps + BUILD) == [({}, unknown)], script


FLOWISE = """\
on:
  workflow_dispatch:
    inputs:
      node_version: {type: choice, default: '24', options: ['20', '24']}
jobs:
  prepare:
    runs-on: ubuntu-latest
    outputs:
      node_version: ${{ steps.defaults.outputs.node_version }}
      sha: ${{ github.sha }}
    steps:
      - id: defaults
        env:
          NODE_VERSION_INPUT: ${{ github.event.inputs.node_version || '24' }}
        run: echo "node_version=${NODE_VERSION_INPUT}" >> $GITHUB_OUTPUT
  build:
    needs: prepare
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          build-args: NODE_VERSION=${{ needs.prepare.outputs.node_version }}
  other:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          build-args: NODE_VERSION=${{ needs.prepare.outputs.node_version }}
"""


def test_a_job_s_outputs_are_what_the_jobs_that_need_it_get(project: Path) -> None:
    # FlowiseAI/Flowise's docker-image-dockerhub.yml: `prepare` gives node_version from its
    # step's output, `build` passes `${{ needs.prepare.outputs.node_version }}` to its build
    # of docker/Dockerfile (two false TS011 before). A job that does not need it has nothing.
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(FLOWISE)
    made = built_images(FLOWISE, path=WORKFLOW)
    assert [(dict(b.args), dict(b.unresolved)) for b in made.builds] == [
        ({"NODE_VERSION": "24"}, {}),
        ({}, {"NODE_VERSION": ("needs.prepare.outputs.node_version",)}),
    ]
    # A job of several legs (a matrix) gives no output: its legs overwrite one another.
    legs = FLOWISE.replace(
        "  prepare:\n    runs-on: ubuntu-latest\n",
        "  prepare:\n    runs-on: ubuntu-latest\n    strategy: {matrix: {node: ['20', '22']}}\n",
    ).replace("${{ github.event.inputs.node_version || '24' }}", "${{ matrix.node }}")
    made = built_images(legs, path=WORKFLOW)
    assert [dict(b.args) for b in made.builds] == [{}, {}]


REDIS_PY = """\
on: push
env:
  CURRENT: '8.8.0'
jobs:
  version:
    runs-on: ubuntu-latest
    env:
      OWN: '7.4.9'
    outputs:
      current: ${{ env.CURRENT }}
      own: ${{ env.OWN }}
      written: ${{ env.WRITTEN }}
    steps:
      - run: echo "WRITTEN=$(date +%s)" >> "$GITHUB_ENV"
  test:
    needs: version
    runs-on: ubuntu-latest
    strategy:
      matrix:
        v: ['${{ needs.version.outputs.current }}', '${{ needs.version.outputs.own }}',
            '${{ needs.version.outputs.written }}']
    steps:
      - uses: actions/checkout@v4
      - run: docker run redis:${{ matrix.v }}
"""


def test_a_job_s_outputs_know_the_workflow_s_and_the_job_s_env(project: Path) -> None:
    # redis/redis-py's integration.yaml: its `redis_version` job gives `CURRENT: ${{
    # env.CURRENT_REDIS_VERSION }}` (the workflow's env, which GitHub makes available in
    # `jobs.<job_id>.outputs`), the version its `tests` matrix runs: the image of the version
    # most of its jobs test was missed. A variable a step writes to $GITHUB_ENV is a run's.
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(REDIS_PY)
    texts = {ref.text for ref in find_references(".")}
    assert {"redis:8.8.0", "redis:7.4.9"} <= texts
    assert not any(text.startswith("redis:") and text[6:7].isalpha() for text in texts)
    without = REDIS_PY.replace("      current: ${{ env.CURRENT }}\n", "")
    Path(WORKFLOW).write_text(without)
    assert "redis:8.8.0" not in {ref.text for ref in find_references(".")}


def test_a_job_container_and_its_services_have_the_outputs_of_the_jobs_it_needs(
    project: Path,
) -> None:
    # (the form of lukevella/rallly's `container: image: mcr.microsoft.com/playwright:v${{
    # needs.playwright-version.outputs.version }}-noble`, with a value the file tells)
    text = """\
on: push
jobs:
  versions:
    runs-on: ubuntu-latest
    outputs:
      pg: ${{ steps.read.outputs.pg }}
    steps:
      - id: read
        run: echo "pg=16.4" >> "$GITHUB_OUTPUT"
  test:
    needs: [versions]
    runs-on: ubuntu-latest
    container:
      image: node:${{ needs.versions.outputs.node }}-slim
    services:
      db:
        image: postgres:${{ needs.versions.outputs.pg }}
    steps:
      - run: true
"""
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(text)
    found = {o.line: (o.text, o.unresolved) for o in find_references(WORKFLOW)}
    assert found[17] == ("postgres:16.4", ())
    assert found[14][1] == ("needs.versions.outputs.node",)  # (an output it does not give)


def test_outputs_from_a_sourced_file_written_through_tee(project: Path) -> None:
    # emqx/emqx's _pr_entrypoint.yaml: `source ./env.sh`, then `echo "BUILDER=$EMQX_BUILDER" |
    # tee -a "$GITHUB_OUTPUT"`; the next job's container is that builder (survey s22f: 2 false
    # TS011, the builder image missed).
    (project / "env.sh").write_text(
        "export EMQX_BUILDER_VSN=6.1-8\n"
        "export EMQX_BUILDER=ghcr.io/emqx/emqx-builder/${EMQX_BUILDER_VSN}:1.19.1-ubuntu24.04\n"
    )
    text = """\
on: push
jobs:
  init:
    runs-on: ubuntu-latest
    outputs:
      BUILDER: ${{ steps.env.outputs.BUILDER }}
    steps:
      - uses: actions/checkout@v4
      - id: env
        run: |
          source ./env.sh
          echo "BUILDER=$EMQX_BUILDER" | tee -a "$GITHUB_OUTPUT"
  check:
    needs: init
    runs-on: ubuntu-latest
    container: ${{ needs.init.outputs.BUILDER }}
    steps:
      - run: make check
"""
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(text)
    found = {o.line: (o.text, o.unresolved) for o in find_references(WORKFLOW)}
    assert found[16] == ("ghcr.io/emqx/emqx-builder/6.1-8:1.19.1-ubuntu24.04", ())
    # without the checkout, the file is not there to read: the run's
    Path(WORKFLOW).write_text(text.replace("      - uses: actions/checkout@v4\n", ""))
    found = {o.line: (o.text, o.unresolved) for o in find_references(WORKFLOW)}
    assert found[15][1] == ("needs.init.outputs.BUILDER",)


def test_outputs_written_by_a_here_document_to_the_output_file(project: Path) -> None:
    # quay/clair's cut-release.yml: `cat <<. >>"$GITHUB_OUTPUT"` writes `build_image=${{
    # matrix.image }}` among others; a later job's container is that output (survey s43b: 1
    # false TS011, the image it pulls missed)
    text = """\
on: push
jobs:
  config:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        image: ['quay.io/projectquay/golang:1.25']
    outputs:
      build_image: ${{ steps.setup.outputs.build_image }}
      version: ${{ steps.setup.outputs.version }}
    steps:
      - id: setup
        run: |
          test "${GITHUB_REPOSITORY_OWNER}" = quay && repo=projectquay ||:
          cat <<. >>"$GITHUB_OUTPUT"
          version=$tag
          build_image=${{ matrix.image }}
          .
  release:
    needs: [config]
    runs-on: ubuntu-latest
    container: ${{ needs.config.outputs.build_image }}
    steps:
      - run: make
  other:
    needs: [config]
    runs-on: ubuntu-latest
    container: golang:${{ needs.config.outputs.version }}
    steps:
      - run: make
"""
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(text)
    found = {o.line: (o.text, o.unresolved) for o in find_references(WORKFLOW)}
    assert found[22] == ("quay.io/projectquay/golang:1.25", ())
    assert found[28][1] == ("needs.config.outputs.version",)  # ($tag: the run's)
    # a multi-line value (`NAME<<EOF`) in the document: a write this cannot read
    Path(WORKFLOW).write_text(text.replace("version=$tag\n", "v<<E\n          1\n          E\n"))
    found = {o.line: (o.text, o.unresolved) for o in find_references(WORKFLOW)}
    assert found[24][1] == ("needs.config.outputs.build_image",)


# --- trigger.dev: outputs from jq of the repository's JSON, a matrix from them -------------

# (triggerdotdev/trigger.dev: .github/workflows/base-images.yml, base-images/images.json,
# base-images/Dockerfile; shortened)
IMAGES_JSON = """\
{
  "suite": "bookworm",
  "images": [
    {"repo": "node", "tag": "22-bookworm", "base": "node:22.16.0-bookworm-slim"},
    {"repo": "bun", "tag": "1.3-node20-bookworm", "base": "imbios/bun-node:1.3.3-20-slim"}
  ]
}
"""
BASE_IMAGES = """\
on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs:
      images: ${{ steps.config.outputs.images }}
      suite: ${{ steps.config.outputs.suite }}
      push: ${{ steps.config.outputs.push }}
    steps:
      - uses: actions/checkout@v4
      - id: config
        env:
          EVENT_NAME: ${{ github.event_name }}
        run: |
          SUITE="$(jq -er '.suite' base-images/images.json)"
          printf '%s\\0' "$SUITE" | grep -zqxE '[a-z]+' || { echo "invalid suite value"; exit 1; }
          if [ "$EVENT_NAME" = "pull_request" ]; then
            PUSH=false
          else
            PUSH=true
          fi
          {
            echo "images=$(jq -c '.images' base-images/images.json)"
            echo "suite=$SUITE"
            echo "push=$PUSH"
          } >> "$GITHUB_OUTPUT"
  publish:
    needs: setup
    runs-on: ubuntu-latest
    strategy:
      matrix:
        image: ${{ fromJSON(needs.setup.outputs.images) }}
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: base-images
          file: base-images/Dockerfile
          tags: triggerdotdev/${{ matrix.image.repo }}:${{ matrix.image.tag }}
          build-args: |
            BASE_IMAGE=${{ matrix.image.base }}
            DEBIAN_SUITE=${{ needs.setup.outputs.suite }}
            PUSH=${{ needs.setup.outputs.push }}
"""


def test_a_matrix_from_a_job_s_output_that_jq_reads_from_the_repository(project: Path) -> None:
    (project / "base-images").mkdir()
    (project / "base-images" / "images.json").write_text(IMAGES_JSON)
    (project / "base-images" / "Dockerfile").write_text("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n")
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(BASE_IMAGES)
    made = built_images(BASE_IMAGES, path=WORKFLOW)
    builds = [(dict(b.args), dict(b.unresolved)) for b in made.builds]
    assert sorted(builds, key=lambda build: (build[0]["BASE_IMAGE"], build[0]["PUSH"])) == [
        # (the `if`/`else` on the event sets PUSH in each branch: one build with each value)
        ({"BASE_IMAGE": name, "DEBIAN_SUITE": "bookworm", "PUSH": push}, {})
        for name in ("imbios/bun-node:1.3.3-20-slim", "node:22.16.0-bookworm-slim")
        for push in ("false", "true")
    ]
    pulled = sorted(o.text for o in find_references(".") if o.path.startswith("base-images"))
    assert pulled == ["imbios/bun-node:1.3.3-20-slim", "node:22.16.0-bookworm-slim"]


def test_an_output_from_a_script_variable_that_jq_or_cat_reads(project: Path) -> None:
    (project / "package.json").write_text('{"engines": {"node": "24.1.0"}, "n": [1, 2]}\n')
    forms = {
        'v=$(jq -r .engines.node package.json)\necho "NODE_VERSION=$v" >> "$GITHUB_OUTPUT"': {
            "NODE_VERSION": "24.1.0"
        },
        'v="$(cat .nvmrc)"\necho "NODE_VERSION=${v}" >> $GITHUB_OUTPUT': {"NODE_VERSION": "24.1.0"},
    }
    for script, args in forms.items():
        assert build_args(CHECKOUT + run_step(script) + BUILD) == [(args, {})], script
    unknown = {"NODE_VERSION": ("steps.node.outputs.NODE_VERSION",)}
    for script in (
        # (a filter that is no plain path; a value jq prints on several lines; a missing key)
        "echo \"NODE_VERSION=$(jq -r '.n | length' package.json)\" >> $GITHUB_OUTPUT",
        'echo "NODE_VERSION=$(jq .n package.json)" >> $GITHUB_OUTPUT',
        'echo "NODE_VERSION=$(jq -r .version package.json)" >> $GITHUB_OUTPUT',
        # (a write in a branch may not happen: then the output is empty)
        'if [ -n "$X" ]; then\n  echo "NODE_VERSION=$(cat .nvmrc)" >> $GITHUB_OUTPUT\nfi',
    ):
        assert build_args(CHECKOUT + run_step(script) + BUILD) == [({}, unknown)], script


# arkime/arkime (2d2f367, .github/workflows/build.yml and versions, cut down; survey s38f):
# the generate-matrix job picks entries of the repository's list of builds with yq's `select`
# in branches on the event, `jq -c`'s the JSON; the build job runs each entry's container
# (3 false TS011, 40 missed pulls: the filter, the 10 kB file and the JSON with blanks in an
# assignment were not read, nor a matrix one of several).
VERSIONS = (
    """\
include:
  - version: el9.x86_64
    container: andywick/arkime-build-9:6.0.0-2
    buildopt: "--thirdparty --kafka"
    prbuild: true
  - version: ubuntu2404_amd64
    container: andywick/arkime-build-24:6.0.0-4
  - version: freebsd14.x86_64
    runson: freebsd
"""
    + "# padding, as the real list is long\n" * 200
)
ARKIME = """\
on: [push, pull_request]
jobs:
  generate-matrix:
    runs-on: ubuntu-latest
    outputs:
      matrix: ${{ steps.set-matrix.outputs.matrix }}
    env:
      HEAD_REF: ${{ github.head_ref }}
    steps:
      - uses: actions/checkout@v4
      - id: set-matrix
        run: |
          if [[ "${HEAD_REF}" == start-v* || "${HEAD_REF}" == release-v* ]]; then
            MATRIX='{"include":[]}'
          elif [ "${{ github.event_name }}" != "push" ]; then
            MATRIX=$(yq -o json eval 'PR' .github/workflows/versions | jq -c)
          else
            MATRIX=$(yq -o json eval 'ALL' .github/workflows/versions | jq -c)
          fi
          echo "matrix=$MATRIX" >> $GITHUB_OUTPUT
  build:
    needs: [generate-matrix]
    strategy:
      matrix: ${{fromJson(needs.generate-matrix.outputs.matrix)}}
    runs-on: ubuntu-latest
    container:
      image: ${{ matrix.container }}
    steps:
      - run: make
"""
NOT_BSD = '.include[] | select(.version | test("freebsd") | not)'
ARKIME = ARKIME.replace("PR", f'{{"include": [{NOT_BSD} | select(.prbuild == "true")]}}').replace(
    "ALL", f'{{"include": [{NOT_BSD}]}}'
)


def test_a_matrix_that_yq_selects_from_the_repository_s_list_in_branches(project: Path) -> None:
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    (Path(WORKFLOW).parent / "versions").write_text(VERSIONS)
    Path(WORKFLOW).write_text(ARKIME)
    found = sorted((o.text, o.unresolved) for o in find_references(WORKFLOW))
    assert found == [
        ("andywick/arkime-build-24:6.0.0-4", ()),
        ("andywick/arkime-build-9:6.0.0-2", ()),
    ]
    assert check(find_references(WORKFLOW), as_of=DAY) == []


def test_the_jq_selection_s_examples() -> None:
    import doctest

    from tagsense.sources.builds import _jq_select

    result = doctest.testmod(_jq_select)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_jq_reading_s_examples() -> None:
    import doctest

    from tagsense.sources.builds import _jq

    result = doctest.testmod(_jq)
    assert result.attempted > 0
    assert result.failed == 0


# umami-software/umami's .github/workflows/cd.yml, cut down (survey 21d): the release step
# composes the tags in branches on the event; each names the project's own repositories.
UMAMI = """\
on:
  push:
    tags: ["v*.*.*"]
  workflow_dispatch:
    inputs:
      version: {required: false, default: ""}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - name: Compute version tags
        id: compute
        run: |
          INPUT="${{ github.event.inputs.version }}"
          REF_TYPE="${{ github.ref_type }}"
          if [[ -n "$INPUT" ]]; then
            VERSION="${INPUT#v}"
          elif [[ "$REF_TYPE" == "tag" ]]; then
            VERSION="${{ github.ref_name }}"
          else
            VERSION=""
          fi
          if [[ -n "$VERSION" ]]; then
            GHCR_TAGS="ghcr.io/acme/umami:$VERSION"
            GHCR_TAGS="$GHCR_TAGS,ghcr.io/acme/umami:latest"
            DOCKER_TAGS="acme/umami:$VERSION"
          else
            GHCR_TAGS="ghcr.io/acme/umami:${{ github.ref_name }}"
            DOCKER_TAGS="acme/umami:${{ github.ref_name }}"
          fi
          echo "ghcr_tags=$GHCR_TAGS" >> $GITHUB_OUTPUT
          echo "docker_tags=$DOCKER_TAGS" >> $GITHUB_OUTPUT
          echo "other=$(date +%s)-$GHCR_TAGS" >> $GITHUB_OUTPUT
      - uses: docker/build-push-action@v5
        with:
          context: .
          push: true
          tags: ${{ steps.compute.outputs.ghcr_tags }}
      - uses: docker/build-push-action@v5
        with:
          context: .
          push: true
          tags: ${{ steps.compute.outputs.docker_tags }}
      - uses: docker/build-push-action@v5
        with:
          context: .
          tags: ${{ steps.compute.outputs.other }}
"""


def test_an_output_whose_tags_a_run_decides_still_names_the_repositories_built(
    project: Path,
) -> None:
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(UMAMI)
    made = built_images(UMAMI, path=WORKFLOW)
    # (the third's repository is a run's, `$(date +%s)-…`: no name)
    assert sorted({image.name for image in made.built}) == ["acme/umami", "ghcr.io/acme/umami"]
    # The self-hosting compose file pulls the project's own release: built, not judged.
    Path("docker-compose.yml").write_text(
        "services:\n  umami:\n    image: ghcr.io/acme/umami:latest\n"
    )
    (compose,) = [o for o in find_references(".") if o.path == "docker-compose.yml"]
    assert compose.built is not None
    assert check([compose], config={}, as_of=DAY) == []


BITWARDEN = """\
on: push
env:
  _GHCR_REGISTRY: ghcr.io/acme
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        include: [{project_name: Setup}, {project_name: Api}]
    steps:
      - uses: actions/checkout@v4
      - id: tag
        uses: acme/gh-actions/sanitize-image-tag@main
      - id: setup
        run: |
          PROJECT_NAME=$(echo "${{ matrix.project_name }}" | awk '{print tolower($0)}')
          echo "project_name=$PROJECT_NAME" >> "$GITHUB_OUTPUT"
      - id: image-tags
        env:
          IMAGE_TAG: ${{ steps.tag.outputs.tag }}
          PROJECT_NAME: ${{ steps.setup.outputs.project_name }}
        run: |
          TAGS="${_GHCR_REGISTRY}/${PROJECT_NAME}:${IMAGE_TAG}"
          if [[ "${IMAGE_TAG}" == "dev" ]]; then
            TAGS=$TAGS",${_GHCR_REGISTRY}/${PROJECT_NAME}:dev"
          fi
          echo "tags=$TAGS" >> "$GITHUB_OUTPUT"
      - uses: docker/build-push-action@v6
        with:
          context: .
          push: true
          tags: ${{ steps.image-tags.outputs.tags }}
  stubs:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: docker run --rm "${_GHCR_REGISTRY}/setup:dev" /app/Setup -stub 1
"""


def test_a_name_lower_cased_by_a_step_and_put_in_a_later_step_s_env_is_built(
    project: Path,
) -> None:
    # bitwarden/server: a matrix value lower-cased by `awk '{print tolower($0)}'`, written
    # as an output, given to the next step's `env`, whose tags the build step pushes; a
    # later job runs the image it built (survey 21f: six false TS003).
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(BITWARDEN)
    made = built_images(BITWARDEN, path=WORKFLOW)
    assert sorted({image.name for image in made.built}) == [
        "ghcr.io/acme/api",
        "ghcr.io/acme/setup",
    ]
    (run,) = [o for o in find_references(".") if o.context.get("job") == "stubs"]
    assert run.built is not None
    assert check([run], config={}, as_of=DAY) == []


@pytest.mark.parametrize(
    ("substituted", "value"),
    [
        ("echo \"$NAME\" | awk '{print tolower($0)}'", "acme/app"),
        ("echo $NAME | tr '[:upper:]' '[:lower:]'", "acme/app"),
        ("echo $NAME | tr A-Z a-z", "acme/app"),
        ("echo x $NAME | awk '{ print toupper($2) }'", "ACME/APP"),
        ("echo $NAME | cut -d/ -f2", "App"),
        ("echo $OTHER | tr A-Z a-z", None),  # (a value a run decides)
        ("echo $NAME | tr A-Z a-z | grep x VERSION", None),  # (a file: not read here)
        ("echo $NAME | sort", None),  # (a filter not read here)
    ],
)
def test_a_known_word_echoed_through_a_filter_is_what_it_prints(
    substituted: str, value: str | None
) -> None:
    from tagsense.sources.builds._shell_values import UNKNOWN
    from tagsense.sources.builds.shell import ShellReader

    reader = ShellReader({"NAME": "Acme/App", "OTHER": UNKNOWN})
    reader.read(f"IMAGE=$({substituted})")
    found = reader.variables["IMAGE"]
    assert UNKNOWN in found if value is None else found == value


# (the shell reader's own marks are characters of Unicode's Private Use Area, which no
# script's text holds: left out of the words tried)
@given(st.text(st.characters(exclude_categories=("Co",)), max_size=40))
def test_an_echoed_word_lower_cased_is_its_lower_case_or_a_run_s(word: str) -> None:
    from tagsense.sources.builds._shell_values import UNKNOWN
    from tagsense.sources.builds.shell import ShellReader

    reader = ShellReader({"W": word})
    reader.read("""IMAGE=$(echo "$W" | tr '[:upper:]' '[:lower:]')""")
    found = reader.variables.get("IMAGE", UNKNOWN)
    assert UNKNOWN in found or found == " ".join(word.split()).lower() or "\n" in word


TRIGGER = """\
on:
  workflow_dispatch:
    inputs:
      image_registry: {type: string, default: ""}
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: set_tags
        run: |
          image_tags=$REF_WITHOUT_TAG:${TAG}
          if [[ "${TAG}" =~ ^v4\\.[0-9]+\\.[0-9]+$ ]]; then
            image_tags=$image_tags,$REF_WITHOUT_TAG:v4,$REF_WITHOUT_TAG:latest
          fi
          echo "image_tags=${image_tags}" >> "$GITHUB_OUTPUT"
        env:
          REF_WITHOUT_TAG: ${{ format('{0}/{1}', inputs.image_registry || vars.IMAGE_REGISTRY
            || format('ghcr.io/{0}', github.repository_owner), github.event.repository.name) }}
          TAG: ${{ github.ref_name }}
      - uses: depot/build-push-action@v1
        with:
          file: ./Dockerfile
          tags: ${{ steps.set_tags.outputs.image_tags }}
          push: true
"""


def test_a_name_one_of_several_values_a_run_chooses_is_built_as_each_known_one(
    project: Path,
) -> None:
    # triggerdotdev/trigger.dev: the registry is the dispatch's input, else the repository's
    # variable, else `ghcr.io/<owner>`; the name is the event's repository's. The build pushes
    # the known one of those (or a name only a run knows); its self-hosting compose file runs
    # the release it publishes (survey 21d: a false TS001).
    (project / ".git" / "config").write_text(
        '[remote "origin"]\n\turl = https://github.com/acme/app.git\n'
    )
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(TRIGGER)
    Path("docker-compose.yml").write_text("services:\n  app:\n    image: ghcr.io/acme/app:latest\n")
    (compose,) = [o for o in find_references(".") if o.path == "docker-compose.yml"]
    assert compose.built is not None and compose.built.path == WORKFLOW
    assert check([compose], config={}, as_of=DAY) == []
    # (a registry only a run knows, with no known fallback: the build makes no known name, and
    # the image is a pull with own-images = "flag"; by default it is the checkout's own GitHub
    # package all the same)
    Path(WORKFLOW).write_text(
        TRIGGER.replace(" || format('ghcr.io/{0}', github.repository_owner)", "")
    )
    found = find_references(".", own_images="flag")
    (compose,) = [o for o in found if o.path == "docker-compose.yml"]
    assert compose.built is None
    (compose,) = [o for o in find_references(".") if o.path == "docker-compose.yml"]
    assert compose.built is not None and compose.built.tool == "github-package"


# openziti/ziti: .github/workflows/publish-docker-images.yml (cut down)
OPENZITI = """\
on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    env:
      REGISTRY: docker.io
      ZITI_CLI_TAG: ${{ inputs.ziti-tag || github.event.inputs.ziti-tag }}
      ZITI_CONTROLLER_IMAGE: ${{ vars.ZITI_CONTROLLER_IMAGE || 'openziti/ziti-controller' }}
    steps:
      - uses: actions/checkout@v6
      - name: Set Up Container Image Tags for Controller Container
        env:
          IMAGE_REPO: ${{ env.REGISTRY }}/${{ env.ZITI_CONTROLLER_IMAGE }}
          IMAGE_TAG: ${{ env.ZITI_CLI_TAG }}
        id: tagprep_ctrl
        shell: bash
        run: |
          echo DOCKER_TAGS="${IMAGE_REPO}:${IMAGE_TAG}" | tee -a $GITHUB_OUTPUT
      - uses: docker/build-push-action@v7
        with:
          context: ${{ github.workspace }}/
          tags: ${{ steps.tagprep_ctrl.outputs.DOCKER_TAGS }}
          push: true
"""


def test_a_job_s_env_one_of_several_values_is_each_known_one_in_a_step_s_env(
    project: Path,
) -> None:
    # openziti: the job's env gives the image a repository variable may override, a step's
    # env joins it to the registry, and the step writes the tags the build pushes; its
    # compose files run `${ZITI_CONTROLLER_IMAGE:-openziti/ziti-controller}` (survey 23f:
    # 6 false TS002 with the router's).
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(OPENZITI)
    Path("compose.yml").write_text(
        "services:\n  ctrl:\n    image: ${ZITI_CONTROLLER_IMAGE:-openziti/ziti-controller}\n"
    )
    (compose,) = [o for o in find_references(".") if o.path == "compose.yml"]
    assert compose.built is not None and compose.built.path == WORKFLOW
    assert check([compose], config={}, as_of=DAY) == []
    # (the job's value a run's alone: the image is a pull, as before)
    Path(WORKFLOW).write_text(OPENZITI.replace(" || 'openziti/ziti-controller'", ""))
    (compose,) = [o for o in find_references(".") if o.path == "compose.yml"]
    assert compose.built is None


def test_an_expression_s_string_is_no_repository_written_out(project: Path) -> None:
    # openziti's release workflow runs its build job in `${{ vars.ZITI_BUILDER_IMAGE ||
    # 'openziti/ziti-builder:v2' }}`; the `/` and `:` inside the expression made its text
    # fit any name the project builds (its publish workflow's ziti-cli, ziti-controller…).
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(OPENZITI)
    release = Path(WORKFLOW).with_name("release.yml")
    release.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    container: ${{ vars.ZITI_BUILDER_IMAGE || 'openziti/ziti-builder:v2' }}\n"
        "    steps:\n      - run: make\n"
    )
    found = list(find_references(str(release)))
    assert [(o.text, o.built) for o in found] == [
        ("${{ vars.ZITI_BUILDER_IMAGE || 'openziti/ziti-builder:v2' }}", None),
        ("openziti/ziti-builder:v2", None),
    ]


# neondatabase/neon: .github/workflows/build_and_test.yml and Dockerfile (Apache-2.0, cut down):
# one job builds the build-tools image, another builds the Dockerfile from it by its tag.
NEON_WORKFLOW = """\
on: push
jobs:
  build-tools:
    runs-on: ubuntu-latest
    outputs:
      image-tag: ${{ steps.tag.outputs.tag }}
    steps:
      - uses: actions/checkout@v4
      - id: tag
        run: echo "tag=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"
      - uses: docker/build-push-action@v6
        with:
          context: build-tools
          tags: ghcr.io/neondatabase/build-tools:${{ steps.tag.outputs.tag }}-bookworm
  neon-image:
    needs: [build-tools]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          build-args: |
            TAG=${{ needs.build-tools.outputs.image-tag }}-bookworm
          tags: ghcr.io/neondatabase/neon:latest
"""


def test_a_build_argument_a_run_s_expressions_give_is_the_tag_of_a_built_image(
    project: Path,
) -> None:
    # neon: `FROM $REPOSITORY/$IMAGE:$TAG`, TAG passed from a job's output (3 false TS011)
    Path(WORKFLOW).parent.mkdir(parents=True)
    Path(WORKFLOW).write_text(NEON_WORKFLOW)
    (project / "build-tools").mkdir()
    (project / "build-tools" / "Dockerfile").write_text("FROM debian:12.8-slim\n")
    (project / "Dockerfile").write_text(
        "ARG REPOSITORY=ghcr.io/neondatabase\nARG IMAGE=build-tools\nARG TAG=pinned\n"
        "FROM $REPOSITORY/$IMAGE:$TAG AS build\n"
    )
    found = [o for o in find_references(".") if o.path == "Dockerfile"]
    assert found
    assert all(o.built is not None for o in found)
    assert not [f for f in check(".", as_of=DAY) if f.path == "Dockerfile"]


# fluent/fluent-operator (trimmed; Apache-2.0): its image workflows pass
# `GO_VERSION=${{ steps.setup-go.outputs.go-version }}` to `FROM golang:${GO_VERSION}-alpine3.23`,
# with the Go that `actions/setup-go` installed from `go-version-file: go.mod` (`go 1.26.3`):
# survey 31a, 2 false TS011.
SETUP_GO = (
    "      - id: setup-go\n"
    "        uses: actions/setup-go@b7ad1dad31e06c5925ef5d2fc7ad053ef454303e # v7.0.0\n"
    "        with:\n"
    "{with_}"
    "      - uses: docker/build-push-action@v6\n"
    "        with:\n"
    "          context: .\n"
    "          build-args: |\n"
    "            GO_VERSION=${{{{ steps.setup-go.outputs.go-version }}}}\n"
)


@pytest.mark.parametrize(
    ("with_", "files", "checkout", "expected"),
    [
        ("          go-version-file: go.mod\n", {"go.mod": "module x\n\ngo 1.26.3\n"}, True,
         "1.26.3"),
        # (the toolchain directive wins: setup-go installs it)
        ("          go-version-file: go.mod\n",
         {"go.mod": "module x\n\ngo 1.25.0\n\ntoolchain go1.26.4\n"}, True, "1.26.4"),
        ("          go-version-file: .go-version\n", {".go-version": "1.26.2\n"}, True, "1.26.2"),
        ("          go-version: '1.26.1'\n", {}, False, "1.26.1"),
        # a run's: the latest patch of a minor, a channel, a file the job did not check out
        ("          go-version-file: go.mod\n", {"go.mod": "module x\n\ngo 1.26\n"}, True, None),
        ("          go-version: stable\n", {}, True, None),
        ("          go-version: ${{ matrix.go }}\n", {}, True, None),
        ("          go-version-file: go.mod\n", {"go.mod": "module x\n\ngo 1.26.3\n"}, False,
         None),
    ],
)  # fmt: skip
def test_the_go_version_that_setup_go_installed(
    project: Path, with_: str, files: dict[str, str], checkout: bool, expected: str | None
) -> None:
    for name, text in files.items():
        (project / name).write_text(text)
    steps = (CHECKOUT if checkout else "") + SETUP_GO.format(with_=with_)
    ((args, unresolved),) = build_args(steps)
    if expected is None:
        assert "GO_VERSION" in unresolved
    else:
        assert (args, unresolved) == ({"GO_VERSION": expected}, {})


# geoserver/docker@9602a9e, .github/workflows/publish.yml (excerpt): the prepare job picks the
# Tomcat image in branches on the version, writes it once after the `fi`, and the build job
# passes it as `GEOSERVER_BASE_IMAGE` (survey s37f: a false TS011, four images missed).
GEOSERVER = """\
on: push
jobs:
  prepare:
    runs-on: ubuntu-latest
    outputs:
      base_image: ${{ steps.parse.outputs.base_image }}
    steps:
      - name: Parse Version and Determine Build Parameters
        id: parse
        run: |
          set -euo pipefail
          VERSION="${{ inputs.version }}"
          if [[ "$VERSION" == "3"* ]]; then
            BASE_IMAGE="tomcat:11.0-jdk21-temurin-noble"
          elif [[ "$VERSION" == "2.28"* ]]; then
            BASE_IMAGE="tomcat:9.0-jdk21-temurin-noble"
          else
            BASE_IMAGE=%s
          fi
          echo "base_image=$BASE_IMAGE" >> $GITHUB_OUTPUT
  build:
    needs: prepare
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          build-args: |
            GS_VERSION=1
            GEOSERVER_BASE_IMAGE=${{ needs.prepare.outputs.base_image }}
"""


def test_an_output_the_branches_before_its_write_choose_is_each_of_their_values(
    project: Path,
) -> None:
    (project / "Dockerfile").write_text(
        "ARG GEOSERVER_BASE_IMAGE=tomcat:9.0.1\nFROM $GEOSERVER_BASE_IMAGE\n"
    )
    Path(WORKFLOW).parent.mkdir(parents=True)
    Path(WORKFLOW).write_text(GEOSERVER % '"tomcat:9.0-jdk11-temurin-noble"')
    pulled = {o.text for o in find_references(".") if o.path == "Dockerfile" and o.line == 2}
    assert pulled >= {
        "tomcat:11.0-jdk21-temurin-noble",
        "tomcat:9.0-jdk21-temurin-noble",
        "tomcat:9.0-jdk11-temurin-noble",
    }
    codes = [f.code for f in check(find_references("."), as_of=DAY) if f.line == 2]
    assert "TS011" not in codes
    assert codes.count("TS004") == 3  # (11.0 and 9.0 float, each choice told)


def test_a_branch_whose_value_a_run_decides_leaves_the_output_a_run_s(project: Path) -> None:
    (project / "Dockerfile").write_text(
        "ARG GEOSERVER_BASE_IMAGE=tomcat:9.0.1\nFROM $GEOSERVER_BASE_IMAGE\n"
    )
    Path(WORKFLOW).parent.mkdir(parents=True)
    Path(WORKFLOW).write_text(GEOSERVER % '"${{ inputs.base }}"')
    pulled = {o.text for o in find_references(".") if o.path == "Dockerfile" and o.line == 2}
    assert "tomcat:11.0-jdk21-temurin-noble" not in pulled
    codes = [f.code for f in check(find_references("."), as_of=DAY) if f.line == 2]
    assert "TS011" in codes


def branch_outputs(script: str) -> dict[str, object] | None:
    """The outputs the step ``s`` gives, its ``run`` the script (the event a run's)."""
    import yaml

    from tagsense.sources.builds._shell_values import UNKNOWN
    from tagsense.sources.ci._step_outputs import StepOutputs

    lines = "".join(f"  {line}\n" for line in script.split("\n"))
    step = yaml.compose(f"id: s\nrun: |\n{lines}")
    outputs = StepOutputs(None)
    outputs.ran(step, "", True, {"EVENT": UNKNOWN}, evaluated=script)
    steps = outputs.context
    return dict(steps["s"]["outputs"]) if "s" in steps else None  # type: ignore[index, call-overload]


# The `echo "NAME=…" >> "$GITHUB_OUTPUT"` of each branch of an `if` (the form of
# geoserver/docker's publish.yml tag steps, trimmed; survey s37f, class 1).
BRANCH_WRITES = """\
if [ "$EVENT" = "push" ]; then
  echo "image=ghcr.io/acme/app:edge" >> "$GITHUB_OUTPUT"
elif [ "$EVENT" = "release" ]; then
  echo "image=ghcr.io/acme/app:1.2.3" >> "$GITHUB_OUTPUT"
else
  echo "image=ghcr.io/acme/app:dev" >> $GITHUB_OUTPUT
fi"""


def test_an_output_each_branch_writes_is_each_branch_s_value() -> None:
    from tagsense.sources.ci._expr import Either

    found = branch_outputs(BRANCH_WRITES)
    assert found is not None
    image = found["image"]
    assert isinstance(image, Either)
    assert image.options == (
        "ghcr.io/acme/app:edge",
        "ghcr.io/acme/app:1.2.3",
        "ghcr.io/acme/app:dev",
    )
    # (a branch that fails the run leaves the other one's value alone)
    failing = 'if [ "$EVENT" = push ]; then\n  echo "image=a:1" >> "$GITHUB_OUTPUT"\nelse\n'
    assert branch_outputs(failing + '  echo "::error::no"\n  exit 1\nfi') == {"image": "a:1"}


@pytest.mark.parametrize(
    "script",
    [
        # (no `else`: a run may write nothing, an empty output)
        'if [ "$EVENT" = push ]; then\n  echo "image=a:1" >> "$GITHUB_OUTPUT"\nfi',
        # (a branch's value a run decides)
        'if [ "$EVENT" = push ]; then\n  echo "image=a:1" >> "$GITHUB_OUTPUT"\nelse\n'
        '  echo "image=a:$EVENT" >> "$GITHUB_OUTPUT"\nfi',
        # (an early success: what was written before it counts)
        'if [ "$EVENT" = push ]; then\n  echo "image=a:1" >> "$GITHUB_OUTPUT"\n  exit 0\nfi\n'
        'if [ "$EVENT" = tag ]; then\n  echo "image=a:2" >> "$GITHUB_OUTPUT"\nelse\n'
        '  echo "image=a:3" >> "$GITHUB_OUTPUT"\nfi',
    ],
)
def test_an_output_some_way_leaves_to_the_run_is_not_known(script: str) -> None:
    assert branch_outputs(script) is None


# rocker-org/rocker-versioned2 (.github/workflows/scripts-test.yml, tests/rocker_scripts/
# matrix.json and Dockerfile, cut down; survey s46e: a false TS011, 3 images missed)
ROCKER_MATRIX = """\
{"base_image": ["rocker/r-ver"], "tag": ["4.3.0", "latest"],
 "include": [{"base_image": "debian", "tag": "stable-slim"}]}
"""
ROCKER_WORKFLOW = """\
on: push
jobs:
  generate_matrix:
    runs-on: ubuntu-latest
    outputs:
      matrix: ${{ steps.set-matrix.outputs.matrix }}
    steps:
      - uses: actions/checkout@v4
      - id: set-matrix
        run: |
          CONTENT=$(jq 'tostring' -r tests/matrix.json)
          echo "matrix=${CONTENT}" >> "$GITHUB_OUTPUT"
  build:
    needs: generate_matrix
    runs-on: ubuntu-latest
    strategy:
      matrix: ${{fromJson(needs.generate_matrix.outputs.matrix)}}
    steps:
      - uses: actions/checkout@v4
      - run: |
          docker buildx build . -f tests/Dockerfile \\
            --build-arg base_image=${{ matrix.base_image }} --build-arg tag=${{ matrix.tag }}
"""


def test_a_matrix_that_jq_s_tostring_prints_of_the_repository_s_json(project: Path) -> None:
    (project / "tests").mkdir()
    (project / "tests" / "matrix.json").write_text(ROCKER_MATRIX)
    (project / "tests" / "Dockerfile").write_text(
        'ARG base_image="rocker/r-ver"\nARG tag="latest"\nFROM ${base_image}:${tag}\n'
    )
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(ROCKER_WORKFLOW)
    found = [o for o in find_references(".") if o.path.startswith("tests")]
    assert sorted(o.text for o in found) == [
        "debian:stable-slim", "rocker/r-ver:4.3.0", "rocker/r-ver:latest"
    ]  # fmt: skip
    assert not any(o.unresolved for o in found)


def test_jq_that_reads_the_file_from_its_standard_input(project: Path) -> None:
    # hyperledger/firefly's docker_build.sh and docker_main.yml (survey s41f): `cat FILE | jq`
    # and `jq … < FILE` read the file as `jq … FILE` does.
    (project / "manifest.json").write_text('{"build": {"node-builder": {"image": "24.1.0"}}}\n')
    for command in (
        "cat manifest.json | jq -r '.build.\"node-builder\".image'",
        "jq -r '.build.\"node-builder\".image' < manifest.json",
    ):
        script = f'echo "NODE_VERSION=$({command})" >> $GITHUB_OUTPUT'
        assert build_args(CHECKOUT + run_step(script) + BUILD) == [
            ({"NODE_VERSION": "24.1.0"}, {})
        ], command
    # A file named besides, or a filter after jq: jq does not read the input so, or it is a run's.
    unknown = {"NODE_VERSION": ("steps.node.outputs.NODE_VERSION",)}
    for command in (
        "cat other.json | jq -r .build.x manifest.json",
        "cat manifest.json | jq -r '.build' | tr a b",
    ):
        script = f'echo "NODE_VERSION=$({command})" >> $GITHUB_OUTPUT'
        assert build_args(CHECKOUT + run_step(script) + BUILD) == [({}, unknown)], command
    # A script's variable so read is the build argument of its `docker build` (which `make`
    # runs, as firefly's Makefile runs docker_build.sh).
    Path(WORKFLOW).unlink()
    Path("Dockerfile").write_text("ARG BASE\nFROM $BASE\n")
    Path("Makefile").write_text("docker:\n\t./build.sh\n")
    Path("build.sh").write_text(
        "#!/bin/sh\nV=$(cat manifest.json | jq -r '.build.\"node-builder\".image')\n"
        "docker build --build-arg BASE=node:$V -t me/app .\n"
    )
    found = [o.text for o in find_references(".") if o.path == "Dockerfile"]
    assert found == ["node:24.1.0"]


def test_a_file_that_cat_pipes_to_filters(project: Path) -> None:
    # osmosis-labs/osmosis' push-dev-docker-images.yml (survey s41f: 2 false TS011):
    # GO_VERSION=$(cat go.mod | grep -E 'go [0-9].[0-9]+' | cut -d ' ' -f 2)
    (project / "go.mod").write_text("module example.com/x\n\ngo 1.23.4\n")
    script = (
        "v=$(cat go.mod | grep -E 'go [0-9].[0-9]+' | cut -d ' ' -f 2)\n"
        'echo "NODE_VERSION=$v" >> $GITHUB_OUTPUT'
    )
    assert build_args(CHECKOUT + run_step(script) + BUILD) == [({"NODE_VERSION": "1.23.4"}, {})]
    # `cat` alone, or of a file the project does not have: as before
    script = 'v=$(cat missing.mod | cut -d " " -f 2)\necho "NODE_VERSION=$v" >> $GITHUB_OUTPUT'
    unknown = {"NODE_VERSION": ("steps.node.outputs.NODE_VERSION",)}
    assert build_args(CHECKOUT + run_step(script) + BUILD) == [({}, unknown)]


def test_a_file_that_awk_reads_first(project: Path) -> None:
    # ipfs/kubo's docker-check.yml (survey s44c: a false TS011, and golang:1.26.5 missed):
    # echo "version=$(awk '/^go [0-9]/ {print $2; exit}' go.mod)" >> "$GITHUB_OUTPUT"
    (project / "go.mod").write_text("module example.com/x\n\ngo 1.26.5\n\ngo 9.9.9\n")
    built = {"NODE_VERSION": "1.26.5"}  # (`exit`: the first line selected, the run ends)
    script = (
        'echo "NODE_VERSION=$(awk \'/^go [0-9]/ {print $2; exit}\' go.mod)" >> "$GITHUB_OUTPUT"'
    )
    assert build_args(CHECKOUT + run_step(script) + BUILD) == [(built, {})]
    script = "echo \"NODE_VERSION=$(awk '/^go / {print $2}' go.mod | head -n 1)\" >> $GITHUB_OUTPUT"
    assert build_args(CHECKOUT + run_step(script) + BUILD) == [(built, {})]
    # awk of its standard input, of a file the project lacks, or a program not read: the run's
    unknown = {"NODE_VERSION": ("steps.node.outputs.NODE_VERSION",)}
    for program in ("'{print $2}'", "'{print $2}' missing.mod", "'{print $2 exit}' go.mod"):
        script = f'echo "NODE_VERSION=$(awk {program})" >> $GITHUB_OUTPUT'
        assert build_args(CHECKOUT + run_step(script) + BUILD) == [({}, unknown)]


def test_outputs_a_printf_writes_one_a_line(project: Path) -> None:
    # bioconda-utils' build steps write their outputs with one `printf %s\\n`, continued over
    # lines, after loops: each argument a line, its name as written.
    script = (
        "for tag in a b ; do\n"
        '  echo "$tag"\n'
        "done\n"
        "printf %s\\\\n \\\n"
        '  "NODE_VERSION=24.2.0" \\\n'
        '  "tags=$( echo ${tags} )" \\\n'
        "  >> $GITHUB_OUTPUT"
    )
    steps = CHECKOUT + run_step(script) + BUILD
    assert build_args(steps) == [({"NODE_VERSION": "24.2.0"}, {})]


def test_a_printf_whose_format_names_the_output_tells_none(project: Path) -> None:
    script = 'k=NODE_VERSION\nprintf "%s=%s\\\\n" "$k" "24.2.0" >> $GITHUB_OUTPUT'
    steps = CHECKOUT + run_step(script) + BUILD
    assert build_args(steps) == [({}, {"NODE_VERSION": ("steps.node.outputs.NODE_VERSION",)})]


def test_an_output_one_line_writes_as_no_branch_reads_leaves_the_branches_outputs() -> None:
    """mamba-org/micromamba-docker's ``push_latest.yml`` (survey s51d): the step picks
    ``distro_id`` in an ``if``/``elif``/``else`` on the matrix's image, then writes
    ``is_default=$([ … ] && echo true || echo false)``, a value no branch reading keeps; that
    write made every output of the step unknown, and the ``else`` branch's Dockerfile lost
    four Debian images."""
    from tagsense.sources.ci._expr import Either

    test = '$([ "$EVENT" = push ] \\\n    && echo true || echo false)'  # (continued, as there)
    script = BRANCH_WRITES + f'\necho "is_push={test}" >> "$GITHUB_OUTPUT"'
    found = branch_outputs(script)
    assert found is not None
    image = found["image"]
    assert isinstance(image, Either)
    assert image.options == (
        "ghcr.io/acme/app:edge",
        "ghcr.io/acme/app:1.2.3",
        "ghcr.io/acme/app:dev",
    )
    assert "is_push" not in found
    # (a name another line writes too is one the branches may choose: not known so)
    twice = script + '\necho "image=$(date)" >> "$GITHUB_OUTPUT"'
    assert "image" not in (branch_outputs(twice) or {})
    # (nor is a line this does not read, two writes on one line)
    both = 'echo "a=$(x y)" >> "$GITHUB_OUTPUT"; echo "c=1" >> "$GITHUB_OUTPUT"'
    assert "image" not in (branch_outputs(BRANCH_WRITES + "\n" + both) or {})


# --- dexidp/helm-charts: an output given to an action's image input, per matrix leg -------


def _kind_workflow(script: str, matrix: str = "") -> str:
    lines = "".join(f"          {line}\n" for line in script.splitlines())
    return (
        "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        f"{matrix}"
        "    steps:\n      - id: node_image\n        run: |\n"
        f"{lines}"
        "      - uses: helm/kind-action@v1.5.0\n        with:\n"
        "          node_image: ${{ steps.node_image.outputs.image }}\n"
        "      - run: docker run --rm ${{ steps.node_image.outputs.image }} true\n"
    )


def _images_by_line(project: Path, text: str) -> dict[str, list[str | None]]:
    """The images of the action's input (``"with"``) and of the later ``run`` (``"run"``)."""
    Path(WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
    Path(WORKFLOW).write_text(text)
    lines = text.splitlines()
    where = {
        next(n for n, line in enumerate(lines, 1) if "node_image:" in line): "with",
        next(n for n, line in enumerate(lines, 1) if "docker run" in line): "run",
    }
    found: dict[str, list[str | None]] = {}
    for ref in find_references("."):
        if ref.path == WORKFLOW and ref.line in where:
            texts = found.setdefault(where[ref.line], [])
            texts.append(ref.text if not ref.unresolved else None)
    return {line: sorted(texts, key=str) for line, texts in found.items()}


@given(tag=st.from_regex(r"v1\.[0-9]{1,2}\.[0-9]{1,2}", fullmatch=True))
def test_an_output_the_file_tells_is_an_action_s_image_input(tag: str) -> None:
    """dexidp/helm-charts' ci.yaml: helm/kind-action's ``node_image`` is a step's output,
    read as a later ``run`` script reads it (was TS011 and the image missed)."""
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        before = os.getcwd()
        os.chdir(directory)
        try:
            os.mkdir(".git")
            script = f'echo "image=kindest/node:{tag}" >> $GITHUB_OUTPUT'
            found = _images_by_line(Path(directory), _kind_workflow(script))
            assert found == {"with": [f"kindest/node:{tag}"], "run": [f"kindest/node:{tag}"]}
            assert [f.code for f in check(find_references("."), as_of=DAY)] == []
        finally:
            os.chdir(before)


def test_an_output_a_run_decides_stays_unresolved_in_an_action_s_input(project: Path) -> None:
    found = _images_by_line(project, _kind_workflow('echo "image=$(date)" >> $GITHUB_OUTPUT'))
    assert found["with"] == [None]
    assert "TS011" in [f.code for f in check(find_references("."), as_of=DAY)]


def test_a_case_on_the_matrix_value_gives_each_leg_its_arm_s_output(project: Path) -> None:
    """dexidp/helm-charts: ``case ${{ matrix.kube }} in 1.25) NODE_IMAGE=…;; esac`` then
    ``echo "image=$NODE_IMAGE" >> $GITHUB_OUTPUT``: each leg's word picks one arm (POSIX
    *case Conditional Construct*), so each leg's image, in the action's input and in a later
    ``run`` (was the last arm's alone)."""
    script = (
        "case ${{ matrix.kube }} in\n"
        "  1.25)\n    NODE_IMAGE=kindest/node:v1.25.3 ;;\n"
        "  1.26) NODE_IMAGE=kindest/node:v1.26.0 ;;\n"
        "esac\n"
        'echo "image=$NODE_IMAGE" >> $GITHUB_OUTPUT'
    )
    matrix = '    strategy:\n      matrix:\n        kube: ["1.25", "1.26"]\n'
    found = _images_by_line(project, _kind_workflow(script, matrix))
    both = ["kindest/node:v1.25.3", "kindest/node:v1.26.0"]
    assert found == {"with": both, "run": both}
    # A leg whose value no arm matches writes the variable unset: an empty output, no image.
    found = _images_by_line(project, _kind_workflow(script, matrix.replace("1.26", "1.27")))
    assert "kindest/node:v1.26.0" not in [t for texts in found.values() for t in texts]


def test_an_output_of_a_job_whose_steps_name_no_matrix_is_every_leg_s(project: Path) -> None:
    """A job of several legs whose steps do not name the matrix is read once: the output its
    step writes is each leg's, in the action's input too."""
    script = 'echo "image=kindest/node:v1.25.3" >> $GITHUB_OUTPUT'
    matrix = "    strategy:\n      matrix:\n        os: [a, b]\n"
    found = _images_by_line(project, _kind_workflow(script, matrix))
    assert found == {"with": ["kindest/node:v1.25.3"], "run": ["kindest/node:v1.25.3"]}
    assert [f.code for f in check(find_references("."), as_of=DAY)] == []
