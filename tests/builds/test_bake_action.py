"""GitHub's ``docker/bake-action`` steps run ``docker buildx bake`` with the step's environment.

The bake file's variables take the values of the workflow's, the job's and the step's ``env``
(a value only a run knows stays unknown), ``set`` overrides the targets, ``targets`` picks
targets or groups; the tags the step builds are built names, and its targets' Dockerfiles
are read with its arguments. Frappe's CI builds ``${REGISTRY_USER}/erpnext:${VERSION}`` with
``REGISTRY_USER: localhost:5000/frappe``: the images its tests' compose file runs.
"""

from __future__ import annotations

import datetime
import os

import pytest

from tagsense import check, find_references
from tagsense.sources.ci import built_images

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

WORKFLOW = os.path.join(".github", "workflows", "build.yml")
DAY = datetime.date(2026, 12, 3)

BAKE = """\
variable "REGISTRY" { default = "acme" }
variable "VERSION" { default = "dev" }
variable "BASE" { default = "python:3.11.9" }
group "default" { targets = ["app"] }
group "all" { targets = ["app", "tools"] }
target "app" {
  context = "app"
  args = { BASE = "${BASE}" }
  tags = ["${REGISTRY}/app:${VERSION}"]
}
target "tools" {
  context = "tools"
  tags = ["${REGISTRY}/tools:${VERSION}"]
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAGSENSE_NO_CACHE", "1")
    (tmp_path / "docker-bake.hcl").write_text(BAKE)
    for name in ("app", "tools"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Dockerfile").write_text("ARG BASE=python:3.12.4\nFROM ${BASE}\n")
    return tmp_path


def codes(path: str) -> list[str]:
    """The rules a scan of the project finds broken in one file."""
    return [f.code for f in check(find_references("."), as_of=DAY) if f.path == path]


def read(
    step: str, head: str = "", before: str = "", action: str = "docker/bake-action"
) -> tuple[list[str], dict[str, object]]:
    """The names a one-job workflow with this bake step builds, and its builds by target
    (``(args, unresolved)``)."""
    text = (
        f"{head}jobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
        f"      - uses: actions/checkout@v4\n{before}"
        f"      - uses: {action}@v6\n{step}"
    )
    found = built_images(text, path=WORKFLOW)
    builds = {b.name: (dict(b.args), dict(b.unresolved)) for b in found.builds}
    return [image.name for image in found.built], builds


def test_a_variable_from_the_step_env_reaches_the_tags_and_the_arguments(project: Path) -> None:
    names, builds = read(
        "        env:\n          REGISTRY: ghcr.io/acme\n          BASE: python:3.12.7\n",
        head="env:\n  VERSION: '1.4.0'\n",
    )
    assert names == ["ghcr.io/acme/app:1.4.0"]
    assert builds == {"app": ({"BASE": "python:3.12.7"}, {})}


def test_the_step_env_wins_over_the_job_s_and_the_workflow_s(project: Path) -> None:
    head = "env:\n  REGISTRY: one\n"
    names, _ = read("        env:\n          REGISTRY: three\n", head=head)
    assert names == ["three/app:dev"]
    names, _ = read("", head=head)
    assert names == ["one/app:dev"]


def test_set_overrides_an_argument_and_the_tags(project: Path) -> None:
    names, builds = read(
        "        with:\n          set: |\n            app.args.BASE=python:3.13.1\n"
        "            *.tags=acme/other:2\n"
    )
    assert builds == {"app": ({"BASE": "python:3.13.1"}, {})}
    assert names == ["acme/other:2"]


def test_targets_select_a_group(project: Path) -> None:
    names, builds = read("        with:\n          targets: all\n")
    assert names == ["acme/app:dev", "acme/tools:dev"]
    assert sorted(builds) == ["app", "tools"]
    names, builds = read("        with:\n          targets: tools\n")
    assert (names, sorted(builds)) == (["acme/tools:dev"], ["tools"])


def test_a_matrix_target_s_own_name_builds_each_combination(project: Path) -> None:
    # cloudnative-pg/cloudnative-pg's docker-bake.hcl: `target "default"` with a matrix
    # named `${distro}`; bake builds it as a group of `distroless` and `ubi` (its `--print`,
    # docs.docker.com/build/bake/matrices), and bake-action's default target is `default`.
    (project / "docker-bake.hcl").write_text(
        'variable "REGISTRY" { default = "acme" }\n'
        'target "default" {\n'
        '  name = "${distro}"\n'
        '  matrix = { distro = ["distroless", "ubi"] }\n'
        '  context = "app"\n'
        '  args = { BASE = distro == "ubi" ? "redhat/ubi9:9.5" : "python:3.12.7" }\n'
        '  tags = ["${REGISTRY}/app:1.0${distro == "ubi" ? "-ubi9" : ""}", ""]\n'
        "}\n"
    )
    names, builds = read("        with:\n          targets: default\n")
    assert names == ["acme/app:1.0", "acme/app:1.0-ubi9"]  # (bake drops an empty tag)
    assert builds == {
        "distroless": ({"BASE": "python:3.12.7"}, {}),
        "ubi": ({"BASE": "redhat/ubi9:9.5"}, {}),
    }
    assert read("") == (names, builds)
    assert read("        with:\n          targets: ubi\n")[0] == ["acme/app:1.0-ubi9"]


def test_an_unknown_secret_stays_unresolved(project: Path) -> None:
    names, builds = read(
        "        env:\n          VERSION: ${{ secrets.VERSION }}\n"
        "          BASE: ${{ secrets.BASE }}\n"
    )
    # (the name is known, whatever tag a run gives it; the argument is what the run gives)
    assert names == ["acme/app"]
    assert builds == {"app": ({}, {"BASE": ("env.BASE",)})}
    dockerfile = os.path.join("app", "Dockerfile")
    assert "TS011" not in codes(dockerfile)  # (the bake file alone: its defaults)
    write_workflow(
        project,
        "      - uses: docker/bake-action@v6\n        env:\n          BASE: ${{ secrets.BASE }}\n",
    )
    assert "TS011" in codes(dockerfile)


def test_what_an_earlier_step_writes_to_github_env_is_not_the_default(project: Path) -> None:
    names, builds = read(
        "",
        before='      - run: echo "VERSION=$(cat VERSION)" >> "$GITHUB_ENV"\n',
    )
    assert names == ["acme/app"]
    assert builds == {"app": ({"BASE": "python:3.11.9"}, {})}
    # (a write of names only a run knows: no argument is known to be the file's default, so
    # the Dockerfile is read as the bake file alone gives it, not as this step builds it)
    names, builds = read("", before="      - run: cat build.env >> $GITHUB_ENV\n")
    assert (names, builds) == ([], {})


def test_a_step_variable_partly_from_github_env_keeps_its_written_parts(project: Path) -> None:
    # cloudnative-pg/cloudnative-pg's .github/workflows/release-publish.yml: the owner is
    # written to $GITHUB_ENV by an earlier step, the registry is the workflow's; the tags are
    # ghcr.io/<owner>/cloudnative-pg:<tag>, the images its releases/cnpg-*.yaml deploy.
    names, _ = read(
        "        env:\n          REGISTRY: ${{ env.HOST }}/${{ env.REPO_OWNER }}\n",
        head="env:\n  HOST: ghcr.io\n",
        before='      - run: echo "REPO_OWNER=${GITHUB_REPOSITORY_OWNER,,}" >> $GITHUB_ENV\n',
    )
    assert names == ["ghcr.io/*/app"]
    (project / "release.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n"
        "  - name: m\n    image: ghcr.io/acme/app:1.30.0-rc1\n"
    )
    assert codes("release.yaml") == ["TS005"]  # (a pull, without the workflow)
    write_workflow(
        project,
        '      - run: echo "REPO_OWNER=${GITHUB_REPOSITORY_OWNER,,}" >> $GITHUB_ENV\n'
        "      - uses: docker/bake-action@v6\n        env:\n"
        "          REGISTRY: ghcr.io/${{ env.REPO_OWNER }}\n",
    )
    assert codes("release.yaml") == []  # (the project's own release, built by the workflow)


def test_a_compose_file_names_what_the_workflow_builds(project: Path) -> None:
    (project / "compose.yaml").write_text(
        "services:\n  app:\n    image: registry.local/acme/app:${VERSION}\n"
    )
    assert codes("compose.yaml") == ["TS011"]  # (a pull, without the workflow)
    write_workflow(
        project,
        "      - uses: docker/bake-action@v6\n        env:\n"
        "          REGISTRY: registry.local/acme\n          VERSION: ${{ github.sha }}\n",
    )
    assert codes("compose.yaml") == []


def test_a_workflow_without_bake_action_leaves_the_bake_file_alone(project: Path) -> None:
    write_workflow(project, "      - run: make test\n")
    assert built_images((project / WORKFLOW).read_text(), path=WORKFLOW).built == ()
    assert "TS011" not in codes(os.path.join("app", "Dockerfile"))  # (the file's defaults)


def test_a_remote_definition_or_unknown_files_build_nothing_known(project: Path) -> None:
    assert read("        with:\n          source: https://github.com/acme/x.git#main\n") == ([], {})
    assert read("        with:\n          files: ${{ inputs.file }}\n") == ([], {})
    assert read("        with:\n          files: missing.hcl\n") == ([], {})


def write_workflow(project: Path, steps: str) -> None:
    path = project / WORKFLOW
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n{steps}")


def test_a_metadata_step_s_bake_file_tags_its_images(project: Path) -> None:
    # kubeshop/testkube's new-build.yaml: a docker/metadata-action step with `bake-target:
    # cli-meta` and `images: kubeshop/testkube-cli`, whose bake file depot/bake-action reads
    # with docker-bake.hcl (target "cli" inherits "cli-meta"); its test workflows run
    # kubeshop/testkube-cli:latest (5 false TS001, survey 28y). The other files are read.
    before = (
        "      - id: cli-meta\n        uses: docker/metadata-action@v5\n"
        "        with:\n          bake-target: cli-meta\n          images: acme/cli\n"
    )
    step = (
        "        with:\n          files: |\n            ./docker-bake.hcl\n"
        "            ${{ steps.cli-meta.outputs.bake-file }}\n          targets: app\n"
    )
    names, builds = read(step, before=before)
    assert names == ["acme/cli", "acme/app:dev"]
    assert sorted(builds) == ["app"]
    assert read(step, before=before, action="depot/bake-action")[0] == names
