"""GitHub reusable workflows read with the inputs their callers in the repository give.

GitHub's "Reusing workflows": ``jobs.<id>.uses`` calls a workflow of ``.github/workflows/``
(``./.github/workflows/X.yml``, or ``OWNER/REPO/.github/workflows/X.yml@REF``), ``with:``
gives its inputs (evaluated where the caller runs, once a leg of its matrix), and an input
left out takes its default. kedacore/keda's template-smoke-tests.yml gets its kind node image
from template-versions-smoke-tests.yml this way.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources.ci import built_images, scan_ci
from tagsense.sources.ci._calls import _owner_and_name, repository_of

if TYPE_CHECKING:
    from pathlib import Path

    from tagsense.sources import Scan

CALLEE = """\
name: callee
on:
  workflow_call:
    inputs:
      kindImage:
        required: true
        type: string
      runs-on:
        required: true
        type: string
jobs:
  smoke:
    runs-on: ${{ inputs.runs-on }}
    steps:
      - uses: helm/kind-action@v1.14.0
        with:
          node_image: ${{ inputs.kindImage }}
"""

#: keda's template-versions-smoke-tests.yml: two architectures, three versions.
CALLER = """\
on:
  workflow_call:
jobs:
  smoke-tests:
    strategy:
      matrix:
        arch: [AMD64, ARM64]
        kindVersion: [v1.34.3, v1.33.7, v1.32.11]
        include:
          - arch: AMD64
            runner: ubuntu-latest
          - arch: ARM64
            runner: ubuntu-24.04-arm
    uses: {uses}
    with:
      runs-on: ${{{{ matrix.runner }}}}
      kindImage: kindest/node:${{{{ matrix.kindVersion }}}}
"""

NODE_IMAGES = ["kindest/node:v1.34.3", "kindest/node:v1.33.7", "kindest/node:v1.32.11"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def workflows(root: Path, **files: str) -> Path:
    for name, text in files.items():
        write(root / ".github" / "workflows" / f"{name}.yml", text)
    return root / ".github" / "workflows"


def texts(scan: Scan, name: str = "callee.yml") -> list[str]:
    return [o.text for o in scan if o.path is not None and o.path.endswith(name)]


def scan_file(path: Path) -> Scan:
    return scan_ci(path.read_text(), path=str(path))


def origin(root: Path, url: str) -> None:
    write(root / ".git" / "config", f'[core]\n\tbare = false\n[remote "origin"]\n\turl = {url}\n')


def test_each_leg_of_the_callers_matrix_gives_the_callees_input(tmp_path: Path) -> None:
    directory = workflows(
        tmp_path, callee=CALLEE, caller=CALLER.format(uses="./.github/workflows/callee.yml")
    )
    scan = scan_file(directory / "callee.yml")
    # Six legs, three images: each distinct one once.
    assert texts(scan) == NODE_IMAGES
    assert not [o for o in scan if o.unresolved]
    first = scan.occurrences[0]
    assert first.raw == "${{ inputs.kindImage }}"
    assert first.context["called_by"] == str(directory / "caller.yml")
    assert first.context["caller_job"] == "smoke-tests"
    assert first.context["caller_matrix"] == {"kindVersion": "v1.34.3"}
    assert first.context["action"] == "helm/kind-action"


def test_the_owner_repo_form_is_a_call_of_the_repositorys_own(tmp_path: Path) -> None:
    uses = "kedacore/keda/.github/workflows/callee.yml@main"
    directory = workflows(tmp_path, callee=CALLEE, caller=CALLER.format(uses=uses))
    callee = directory / "callee.yml"
    # Without Git's metadata, nothing says which repository this is: read alone.
    alone = scan_file(callee)
    assert texts(alone) == ["${{ inputs.kindImage }}"]
    assert alone.occurrences[0].unresolved == ("inputs.kindImage",)
    origin(tmp_path, "git@github.com:KedaCore/keda.git")  # (GitHub ignores the case)
    assert texts(scan_file(callee)) == NODE_IMAGES
    origin(tmp_path, "https://github.com/someone/keda")  # a fork calls kedacore's
    assert texts(scan_file(callee)) == ["${{ inputs.kindImage }}"]


def test_a_worktrees_git_file_leads_to_its_repositorys_remote(tmp_path: Path) -> None:
    main = tmp_path / "main"
    origin(main, "ssh://git@github.com/kedacore/keda.git")
    write(main / ".git" / "worktrees" / "wt" / "commondir", "../..\n")
    tree = tmp_path / "wt"
    write(tree / ".git", f"gitdir: {main / '.git' / 'worktrees' / 'wt'}\n")
    assert repository_of(str(tree)) == "kedacore/keda"
    assert repository_of(str(tmp_path / "nothing")) is None
    assert _owner_and_name("https://github.example.com/org/app/") == "org/app"
    assert _owner_and_name("/srv/git/app.git") is None


def test_an_input_the_call_leaves_out_takes_its_default(tmp_path: Path) -> None:
    callee = (
        "on:\n  workflow_call:\n    inputs:\n"
        "      pg: {type: string, default: '16'}\n      redis: {type: string}\n"
        "jobs:\n  j:\n    runs-on: ubuntu-latest\n    services:\n"
        "      db: postgres:${{ inputs.pg }}\n      cache: redis:${{ inputs.redis }}\n"
    )
    caller = (
        "on: push\njobs:\n  a:\n    uses: ./.github/workflows/callee.yml\n"
        "    with:\n      redis: '7.4'\n"
        "  b:\n    uses: ./.github/workflows/callee.yml\n"
        "    with: {pg: 17, redis: '7.4'}\n"
    )
    directory = workflows(tmp_path, callee=callee, caller=caller)
    scan = scan_file(directory / "callee.yml")
    assert texts(scan) == ["postgres:16", "postgres:17", "redis:7.4"]
    by_text = {o.text: o.context["caller_job"] for o in scan}
    assert by_text == {"postgres:16": "a", "postgres:17": "b", "redis:7.4": "a"}


def test_an_optional_input_without_a_default_that_the_call_leaves_out_is_empty(
    tmp_path: Path,
) -> None:
    # GitHub: an optional input without a default is "" (a string's), false or 0. grafana/
    # helm-charts' ci.yml calls lint-test.yaml without `kind_node_image`, which gives
    # helm/kind-action `node_image: ''`: kind's own node image, no TS011 (survey 31m). A
    # required input left out stays unknown (GitHub refuses such a call).
    callee = (
        "on:\n  workflow_call:\n    inputs:\n"
        "      kind_node_image: {type: string, required: false}\n"
        "      suffix: {type: string}\n      needed: {type: string, required: true}\n"
        "jobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: helm/kind-action@v1.13.0\n"
        "        with: {node_image: '${{ inputs.kind_node_image }}'}\n"
        "    services:\n      cache: redis${{ inputs.suffix }}\n"
        "      db: postgres:${{ inputs.needed }}\n"
    )
    caller = "on: push\njobs:\n  lint:\n    uses: ./.github/workflows/callee.yml\n"
    directory = workflows(tmp_path, callee=callee, caller=caller)
    scan = scan_file(directory / "callee.yml")
    assert texts(scan) == ["redis", "postgres:${{ inputs.needed }}"]
    assert [o.unresolved for o in scan] == [(), ("inputs.needed",)]


def test_a_callers_matrix_of_the_outputs_of_the_jobs_it_needs(tmp_path: Path) -> None:
    # (hashicorp/vault-helm's acceptance matrix is made of a `versions` job's literal outputs)
    caller = (
        "on: push\njobs:\n  versions:\n    runs-on: ubuntu-latest\n"
        "    steps: [{run: echo}]\n    outputs: {K1: v1.36.1, K2: v1.35.5}\n"
        "  smoke:\n    needs: versions\n    uses: ./.github/workflows/callee.yml\n"
        "    strategy:\n      matrix:\n"
        "        k8s: ['${{ needs.versions.outputs.K1 }}', '${{ needs.versions.outputs.K2 }}']\n"
        "    with: {kindImage: 'kindest/node:${{ matrix.k8s }}', runs-on: ubuntu-latest}\n"
    )
    directory = workflows(tmp_path, callee=CALLEE, caller=caller)
    assert texts(scan_file(directory / "callee.yml")) == [
        "kindest/node:v1.36.1",
        "kindest/node:v1.35.5",
    ]


def test_a_reusable_workflow_nothing_here_calls_is_read_as_before(tmp_path: Path) -> None:
    callee = (
        "on:\n  workflow_call:\n    inputs:\n"
        "      pg: {type: string, default: '16'}\n      redis: {type: string}\n"
        "jobs:\n  j:\n    services:\n"
        "      db: postgres:${{ inputs.pg }}\n      cache: redis:${{ inputs.redis }}\n"
    )
    other = "on: push\njobs:\n  a:\n    uses: ./.github/workflows/another.yml\n"
    directory = workflows(tmp_path, callee=callee, other=other)
    path = directory / "callee.yml"
    scan = scan_file(path)
    text = path.read_text()
    assert [(o.text, o.unresolved, o.context) for o in scan] == [
        (o.text, o.unresolved, o.context) for o in scan_ci(text, system="github-workflow")
    ]
    assert texts(scan) == ["postgres:16", "redis:${{ inputs.redis }}"]
    assert "called_by" not in scan.occurrences[0].context


def test_a_value_from_outside_the_caller_stays_unresolved(tmp_path: Path) -> None:
    caller = (
        "on:\n  workflow_dispatch:\n    inputs:\n      image: {type: string}\n"
        "jobs:\n  manual:\n    uses: ./.github/workflows/callee.yml\n"
        "    with: {kindImage: '${{ inputs.image }}', runs-on: ubuntu-latest}\n"
        "  configured:\n    uses: ./.github/workflows/callee.yml\n"
        "    with: {kindImage: '${{ vars.KIND_IMAGE }}', runs-on: ubuntu-latest}\n"
        "  env:\n    env: {IMAGE: 'kindest/node:v1.30.0'}\n"
        "    uses: ./.github/workflows/callee.yml\n"
        "    with: {kindImage: '${{ env.IMAGE }}', runs-on: ubuntu-latest}\n"
        "  given:\n    uses: ./.github/workflows/callee.yml\n"
        "    with: {kindImage: 'kindest/node:v1.31.0', runs-on: ubuntu-latest}\n"
    )
    directory = workflows(tmp_path, callee=CALLEE, caller=caller)
    scan = scan_file(directory / "callee.yml")
    # (the caller's env is not passed to a call: GitHub rejects it there, so nothing is known)
    assert texts(scan) == ["${{ inputs.kindImage }}", "kindest/node:v1.31.0"]
    unresolved = scan.occurrences[0]
    assert unresolved.unresolved == ("inputs.kindImage",)
    assert unresolved.context["called_by"] == str(directory / "caller.yml")
    assert unresolved.context["caller_job"] == "manual"


def test_a_call_gives_the_outputs_of_the_jobs_the_calling_job_needs(tmp_path: Path) -> None:
    # emqx/emqx's _push-entrypoint.yaml: `init` writes the builder image that the checkout's
    # env.sh exports, and each reusable workflow is called with `builder: ${{
    # needs.init.outputs.BUILDER }}` (survey s22f: 9 false TS011 before, the builder missed).
    write(tmp_path / "env.sh", "export BUILDER=ghcr.io/emqx/emqx-builder/6.1-8:1.19.1-debian13\n")
    caller = (
        "on: push\njobs:\n  init:\n    runs-on: ubuntu-latest\n"
        "    outputs: {BUILDER: '${{ steps.env.outputs.BUILDER }}'}\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - id: env\n        run: |\n          source ./env.sh\n"
        '          echo "BUILDER=$BUILDER" >> "$GITHUB_OUTPUT"\n'
        "  smoke:\n    needs: init\n    uses: ./.github/workflows/callee.yml\n"
        "    with: {kindImage: '${{ needs.init.outputs.BUILDER }}', runs-on: ubuntu-latest}\n"
        "  other:\n    needs: init\n    uses: ./.github/workflows/callee.yml\n"
        "    with: {kindImage: '${{ needs.init.outputs.UNKNOWN }}', runs-on: ubuntu-latest}\n"
    )
    directory = workflows(tmp_path, callee=CALLEE, caller=caller)
    scan = scan_file(directory / "callee.yml")
    assert texts(scan) == [
        "ghcr.io/emqx/emqx-builder/6.1-8:1.19.1-debian13",
        "${{ inputs.kindImage }}",  # (an output the job does not tell: the run's)
    ]
    assert scan.occurrences[1].unresolved == ("inputs.kindImage",)


def test_a_caller_that_is_called_itself_calls_with_what_it_is_given(tmp_path: Path) -> None:
    middle = (
        "on:\n  workflow_call:\n    inputs:\n      versions: {type: string}\n"
        "jobs:\n  smoke:\n    strategy:\n      matrix:\n"
        "        version: ${{ fromJSON(inputs.versions) }}\n"
        "    uses: ./.github/workflows/callee.yml\n"
        "    with:\n      runs-on: ubuntu-latest\n"
        "      kindImage: kindest/node:${{ matrix.version }}\n"
    )
    top = (
        "on: push\njobs:\n  nightly:\n    uses: ./.github/workflows/middle.yml\n"
        '    with:\n      versions: \'["v1.34.3", "v1.33.7"]\'\n'
    )
    directory = workflows(tmp_path, callee=CALLEE, middle=middle, top=top)
    assert texts(scan_file(directory / "callee.yml")) == NODE_IMAGES[:2]


def test_a_workflow_another_event_starts_too_is_also_read_alone(tmp_path: Path) -> None:
    callee = CALLEE.replace("on:\n", "on:\n  workflow_dispatch:\n    inputs:\n"
                            "      kindImage: {default: 'kindest/node:v1.29.0'}\n", 1)  # fmt: skip
    caller = "jobs:\n  c:\n    uses: ./.github/workflows/callee.yml\n    with:\n" \
             "      kindImage: kindest/node:v1.34.3\n"  # fmt: skip
    directory = workflows(tmp_path, callee=callee, caller=caller)
    assert texts(scan_file(directory / "callee.yml")) == [
        "kindest/node:v1.34.3",
        "kindest/node:v1.29.0",
    ]


def test_a_scheduled_run_of_a_called_workflow_has_no_inputs(tmp_path: Path) -> None:
    # neondatabase/neon's cargo-deny.yml: called with build-tools-image, and on a schedule,
    # where `inputs.build-tools-image || '…:pinned'` is the image after `||` (a false TS011)
    callee = (
        "on:\n  workflow_call:\n    inputs:\n      image:\n        required: false\n"
        "        type: string\n  schedule:\n    - cron: '0 10 * * *'\n"
        "jobs:\n  deny:\n    runs-on: ubuntu-latest\n    container:\n"
        "      image: ${{ inputs.image || 'ghcr.io/acme/tools:pinned' }}\n"
        "    steps:\n      - run: cargo deny check\n"
    )
    caller = "jobs:\n  c:\n    uses: ./.github/workflows/callee.yml\n    with:\n" \
             "      image: ghcr.io/acme/tools:1.2.3\n"  # fmt: skip
    directory = workflows(tmp_path, callee=callee, caller=caller)
    scan = scan_file(directory / "callee.yml")
    assert texts(scan) == ["ghcr.io/acme/tools:1.2.3", "ghcr.io/acme/tools:pinned"]
    assert not [o for o in scan if o.unresolved]


def test_cycles_and_too_many_calls_are_not_followed(tmp_path: Path) -> None:
    # A workflow that calls itself, and two that call each other: each is read alone.
    itself = (
        "on:\n  workflow_call:\n    inputs:\n      image: {type: string}\n"
        "jobs:\n  j:\n    container: ${{ inputs.image }}\n"
        "  again:\n    uses: ./.github/workflows/itself.yml\n    with: {image: 'alpine:3.20'}\n"
    )
    ping = itself.replace("itself.yml", "pong.yml")
    pong = itself.replace("itself.yml", "ping.yml").replace("3.20", "3.21")
    directory = workflows(tmp_path, itself=itself, ping=ping, pong=pong)
    assert texts(scan_file(directory / "itself.yml"), "itself.yml") == ["${{ inputs.image }}"]
    assert texts(scan_file(directory / "ping.yml"), "ping.yml") == ["alpine:3.21"]
    # Two jobs of 16 x 9 legs each: past 256 calls in all, the callee is read alone.
    job = (
        "  {name}:\n    strategy:\n      matrix:\n"
        f"        a: {list(range(16))}\n        b: {list(range(9))}\n"
        "    uses: ./.github/workflows/callee.yml\n"
        "    with:\n      runs-on: x\n"
        "      kindImage: kindest/node:v${{{{ matrix.a }}}}.${{{{ matrix.b }}}}\n"
    )
    one = "on: push\njobs:\n" + job.format(name="c1")
    directory = workflows(tmp_path / "one", callee=CALLEE, caller=one)
    assert len(texts(scan_file(directory / "callee.yml"))) == 16 * 9
    many = one + job.format(name="c2")
    directory = workflows(tmp_path / "many", callee=CALLEE, caller=many)
    assert texts(scan_file(directory / "callee.yml")) == ["${{ inputs.kindImage }}"]


def test_the_callees_scripts_and_builds_take_the_callers_values(tmp_path: Path) -> None:
    callee = (
        "on:\n  workflow_call:\n    inputs:\n      base: {type: string, required: true}\n"
        "      app: {type: string, required: true}\n"
        "jobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: docker run --rm alpine:${{ inputs.base }} true\n"
        "      - run: docker build -t acme/${{ inputs.app }} .\n"
    )
    caller = (
        "on: push\njobs:\n  c:\n    uses: ./.github/workflows/callee.yml\n"
        "    with: {base: '3.20', app: api}\n"
    )
    directory = workflows(tmp_path, callee=callee, caller=caller)
    path = directory / "callee.yml"
    assert [(o.kind, o.text) for o in scan_file(path)] == [("shell", "alpine:3.20")]
    built = built_images(path.read_text(), path=str(path))
    assert [image.name for image in built.built] == ["acme/api"]
    # (what a workflow builds is kept on disk while the files it was read with are unchanged)
    assert str(directory / "caller.yml") in built.inputs
    assert str(tmp_path / ".git" / "config") in built.inputs


def test_one_workflow_checked_alone_reads_as_in_the_scan_of_its_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uses = "kedacore/keda/.github/workflows/callee.yml@main"
    workflows(tmp_path, callee=CALLEE, caller=CALLER.format(uses=uses))
    origin(tmp_path, "https://github.com/kedacore/keda.git")
    monkeypatch.chdir(tmp_path)
    path = os.path.join(".github", "workflows", "callee.yml")
    whole = [(o.line, o.text, o.context) for o in find_references(".") if o.path == path]
    alone = [(o.line, o.text, o.context) for o in find_references(path)]
    assert [text for _, text, _ in whole] == NODE_IMAGES
    assert alone == whole


def test_a_call_gives_the_github_context_its_checkout_tells(tmp_path: Path) -> None:
    # open-webui/pipelines' docker-build.yaml calls build-docker-image.yaml with
    # `image_name: ${{ github.repository }}`, whose build step pushes
    # `${{ inputs.registry }}/${{ inputs.image_name }}`: its compose file's
    # ghcr.io/open-webui/pipelines:main was a false TS003, not the project's build.
    callee = (
        "on:\n  workflow_call:\n    inputs:\n"
        "      image_name: {type: string, required: true}\n"
        "      registry: {type: string, default: ghcr.io}\n"
        "env:\n  FULL_IMAGE_NAME: ${{ inputs.registry }}/${{ inputs.image_name }}\n"
        "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/build-push-action@v5\n        with:\n          push: true\n"
        "          outputs: type=image,name=${{ env.FULL_IMAGE_NAME }},push-by-digest=true\n"
    )
    caller = (
        "on: {push: {branches: [main]}}\njobs:\n  build-main-image:\n"
        "    uses: ./.github/workflows/callee.yml\n"
        "    with:\n      image_name: ${{ github.repository }}\n"
    )
    workflows(tmp_path, callee=callee, caller=caller)
    write(tmp_path / "Dockerfile", "FROM alpine:3.20.3\n")
    write(
        tmp_path / "compose.yaml", "services:\n  p:\n    image: ghcr.io/open-webui/pipelines:main\n"
    )
    origin(tmp_path, "https://github.com/open-webui/pipelines.git")
    compose = [o for o in find_references(tmp_path) if o.kind == "compose"]
    assert [o.built is not None for o in compose] == [True]
    # Without Git's metadata the repository is a run's: nothing says the name is built.
    (tmp_path / ".git" / "config").unlink()
    compose = [o for o in find_references(tmp_path) if o.kind == "compose"]
    assert [o.built is not None for o in compose] == [False]


def test_the_expressions_inside_a_matrix_s_objects_are_evaluated(tmp_path: Path) -> None:
    # firezone/firezone (Apache-2.0) ci.yml at df8139e: its compatibility-tests matrix is of
    # objects whose values are expressions, passed to _integration_tests.yml, whose compose
    # run takes them from its env. Before, `${{ needs.data-plane.outputs.gateway_image }}`
    # came through as its own text: TS012 "'$' is not allowed in a reference" (2 false).
    caller = (
        "on: push\njobs:\n  data-plane:\n    runs-on: ubuntu-latest\n"
        "    outputs: {gateway_image: '${{ steps.build.outputs.image }}'}\n"
        "    steps:\n      - id: build\n        run: ./build.sh\n"
        "  compatibility-tests:\n    needs: [data-plane]\n    strategy:\n      matrix:\n"
        "        gateway:\n"
        "          - image: ${{ needs.data-plane.outputs.gateway_image }}\n"
        "            tag: ${{ github.sha }}\n"
        '          - image: "kindest/node"\n            tag: "v1.34.3"\n'
        "    uses: ./.github/workflows/callee.yml\n    with:\n      runs-on: ubuntu-latest\n"
        "      kindImage: ${{ matrix.gateway.image }}:${{ matrix.gateway.tag }}\n"
    )
    directory = workflows(tmp_path, callee=CALLEE, caller=caller)
    scan = scan_file(directory / "callee.yml")
    assert texts(scan) == [
        "${{ inputs.kindImage }}",  # (an output the job does not tell: the run's)
        "kindest/node:v1.34.3",
    ]
    assert scan.occurrences[0].unresolved == ("inputs.kindImage",)
    assert scan.occurrences[1].reference is not None


def test_a_matrix_object_s_value_takes_the_workflow_s_inputs(tmp_path: Path) -> None:
    workflow = (
        "on:\n  workflow_call:\n    inputs:\n      pg: {type: string, default: '16.4'}\n"
        "jobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        db: [{image: 'postgres:${{ inputs.pg }}'}, {image: 'mysql:8.4.3'}]\n"
        "    container: ${{ matrix.db.image }}\n    steps: [{run: make test}]\n"
    )
    directory = workflows(tmp_path, test=workflow)
    assert texts(scan_file(directory / "test.yml"), "test.yml") == ["postgres:16.4", "mysql:8.4.3"]


BUILD_TOOLS = """\
on:
  workflow_call:
    outputs:
      image:
        description: "build-tools image"
        value: ghcr.io/acme/build-tools:${{ jobs.check-image.outputs.tag }}
jobs:
  check-image:
    runs-on: ubuntu-latest
    outputs:
      tag: ${{ steps.set.outputs.tag }}
    steps:
      - id: set
        run: echo "tag=$(git rev-parse HEAD)" >> $GITHUB_OUTPUT
  build:
    needs: check-image
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          tags: ghcr.io/acme/build-tools:${{ needs.check-image.outputs.tag }}
"""
USES_BUILD_TOOLS = """\
on: push
jobs:
  build-tools:
    uses: ./.github/workflows/build-tools.yml
  test:
    needs: [build-tools]
    runs-on: ubuntu-latest
    container:
      image: ${{ needs.build-tools.outputs.image }}
    steps:
      - run: make test
  lint:
    needs: [build-tools]
    uses: ./.github/workflows/lint.yml
    with:
      image: ${{ needs.build-tools.outputs.image }}-bookworm
"""
LINT = """\
on:
  workflow_call:
    inputs:
      image:
        type: string
        required: true
jobs:
  lint:
    runs-on: ubuntu-latest
    container:
      image: ${{ inputs.image }}
    steps:
      - run: make lint
"""


def test_a_called_workflow_s_output_names_the_image_it_builds(tmp_path: Path) -> None:
    # neondatabase/neon's build-build-tools-image.yml gives `image:
    # ghcr.io/neondatabase/build-tools:${{ jobs.check-image.outputs.tag }}`; build_and_test.yml
    # runs it as its jobs' container and passes it on as an input (20 false TS011, survey 30c):
    # the image the project builds, its tag a run's.
    (tmp_path / ".git").mkdir()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "build-tools.yml").write_text(BUILD_TOOLS)
    (workflows / "ci.yml").write_text(USES_BUILD_TOOLS)
    (workflows / "lint.yml").write_text(LINT)
    found = {
        os.path.basename(str(o.path)): o
        for o in find_references(str(tmp_path))
        if o.context.get("field") == "container"
    }
    test, lint = found["ci.yml"], found["lint.yml"]
    assert test.text == "ghcr.io/acme/build-tools:${{ needs.build-tools.outputs.image }}"
    assert lint.text == "ghcr.io/acme/build-tools:${{ inputs.image }}-bookworm"
    for occurrence in (test, lint):
        assert occurrence.built is not None
        assert occurrence.built.path is not None
        assert occurrence.built.path.endswith("build-tools.yml")
        assert occurrence.unresolved  # (its tag is a run's, as written)


#: scylladb/scylladb's read-toolchain.yaml (cut): its output is its job's, which its step reads
#: from the repository.
READ_TOOLCHAIN = """\
name: Read Toolchain
on:
  workflow_call:
    outputs:
      image:
        description: "the toolchain docker image"
        value: ${{ jobs.read-toolchain.outputs.image }}
jobs:
  read-toolchain:
    runs-on: ubuntu-latest
    outputs:
      image: ${{ steps.read.outputs.image }}
    steps:
      - uses: actions/checkout@v6
        with:
          sparse-checkout: tools/toolchain/image
          sparse-checkout-cone-mode: false
      - id: read
        run: |
          image=$(cat tools/toolchain/image)
          echo "image=$image" >> $GITHUB_OUTPUT
"""
#: ... and its build-scylla.yaml (cut), one of the five workflows that run it.
BUILD_SCYLLA = """\
on: workflow_dispatch
jobs:
  read-toolchain:
    uses: ./.github/workflows/read-toolchain.yaml
  build:
    needs:
      - read-toolchain
    runs-on: ubuntu-latest
    container: ${{ needs.read-toolchain.outputs.image }}
    steps:
      - run: ninja build
"""


@pytest.mark.parametrize("tells", [True, False], ids=["file-there", "file-missing"])
def test_a_called_workflow_s_output_from_its_jobs_outputs(tmp_path: Path, tells: bool) -> None:
    # (survey 31e: five false TS011, and the toolchain image missed five times)
    (tmp_path / ".git").mkdir()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "read-toolchain.yaml").write_text(READ_TOOLCHAIN)
    (workflows / "build-scylla.yaml").write_text(BUILD_SCYLLA)
    if tells:
        (tmp_path / "tools" / "toolchain").mkdir(parents=True)
        image = "docker.io/scylladb/scylla-toolchain:fedora-44-20260728"
        (tmp_path / "tools" / "toolchain" / "image").write_text(image + "\n")
    [found] = find_references(str(tmp_path))
    if tells:
        assert (found.text, found.unresolved) == (image, ())
    else:
        assert found.unresolved == ("needs.read-toolchain.outputs.image",)


def test_a_workflow_that_calls_itself_is_read_once(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    looping = READ_TOOLCHAIN.replace(
        "jobs:\n", "jobs:\n  again:\n    uses: ./.github/workflows/read-toolchain.yaml\n", 1
    ).replace("${{ jobs.read-toolchain.outputs.image }}", "${{ jobs.again.outputs.image }}")
    (workflows / "read-toolchain.yaml").write_text(looping)
    (workflows / "build-scylla.yaml").write_text(BUILD_SCYLLA)
    [found] = find_references(str(tmp_path))
    assert found.is_unresolved
