"""Files from published projects (tests/data/realworld, see its README), judged by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tagsense.cli import main

if TYPE_CHECKING:
    import pytest

REALWORLD = Path(__file__).parent / "data" / "realworld"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, json.loads(out)


def test_images_a_compose_file_builds_are_not_judged_as_pulled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    compose = str(REALWORLD / "gunicorn-27.0.1" / "docker-compose.yml")
    code, report = run(capsys, "check", "--format", "json", compose)
    assert (code, report["findings"], report["errors"]) == (0, [], [])
    _, inventory = run(capsys, "refs", "--json", compose)
    built = {ref["text"]: ref["built"] is not None for ref in inventory["references"]}
    assert built == {
        "gunicorn-stress:local": True,
        "gunicorn-stress-nginx:local": True,
        "ghcr.io/shopify/toxiproxy:2.11.0": False,
        "grafana/k6:0.54.0": False,
    }


def test_a_jinja_template_is_one_note_not_errors(capsys: pytest.CaptureFixture[str]) -> None:
    # molecule-plugins' Dockerfile.j2: no real tool reads it as it is, so neither does
    # tagsense: one note (not an error a line), and the check does not fail on it.
    template = str(REALWORLD / "molecule-plugins-26.10.12" / "Dockerfile.j2")
    code, report = run(capsys, "check", "--format", "json", template)
    assert code == 0
    assert report["findings"] == []  # no reference "{{" judged invalid
    (note,) = report["errors"]
    assert note["level"] == "note" and note["line"] is None
    assert note["message"].startswith("a template (named Dockerfile.j2), not read")
    assert report["summary"]["errors"] == 0 and report["summary"]["notes"] == 1


def test_matrix_values_chosen_by_the_event_are_read(capsys: pytest.CaptureFixture[str]) -> None:
    # postgres-version is ``github.event_name == 'schedule' && fromJSON('["15", …, "18"]')
    # || fromJSON('["15"]')``: nightly runs pull every version, others the first; each
    # image is one a run pulls, and each is a floating version (TS004), judged by hand.
    project = str(REALWORLD / "django-cms-5.1.3")
    code, report = run(capsys, "check", "--format", "json", project)
    assert code == 0  # warnings only
    found = [(f["line"], f["code"], f["message"].split("'")[1]) for f in report["findings"]]
    assert found == [
        (46, "TS004", "15"),
        (46, "TS004", "16"),
        (46, "TS004", "17"),
        (46, "TS004", "18"),
        (115, "TS004", "8.4"),
        (115, "TS004", "9.5"),
        (269, "TS004", "16"),
        (269, "TS004", "17"),
        (269, "TS004", "18"),
        (328, "TS004", "8.4"),
        (328, "TS004", "9.5"),
    ]
    _, inventory = run(capsys, "refs", "--json", project)
    texts = sorted({ref["text"] for ref in inventory["references"]})
    assert texts == [
        "mysql:8.4", "mysql:9.5", "postgres:15", "postgres:16", "postgres:17", "postgres:18",
    ]  # fmt: skip
    assert all(ref["unresolved"] is None for ref in inventory["references"])


def findings(capsys: pytest.CaptureFixture[str], directory: str) -> list[tuple[str, int, str]]:
    _, report = run(
        capsys, "check", "--format", "json", "--as-of", "2026-11-28", str(REALWORLD / directory)
    )
    assert report["errors"] == []
    # (paths in JSON are from the repository's root)
    return [
        (f["path"].split(directory + "/")[-1], f["line"], f["code"]) for f in report["findings"]
    ]


def built(capsys: pytest.CaptureFixture[str], directory: str) -> dict[str, str | None]:
    _, inventory = run(capsys, "refs", "--json", str(REALWORLD / directory))
    return {
        ref["text"]: None if ref["built"] is None else ref["built"]["tool"]
        for ref in inventory["references"]
    }


def test_images_skaffold_builds_are_not_pulls(capsys: pytest.CaptureFixture[str]) -> None:
    # microservices-demo: the manifests name the images skaffold.yaml builds; Skaffold
    # puts the tags it builds in their place. Judged by hand: the one true finding is
    # cartservice's redis:alpine (a channel, no version); busybox and the bases are pinned.
    directory = "microservices-demo-34ffea91"
    assert findings(capsys, directory) == [("kubernetes-manifests/cartservice.yaml", 118, "TS003")]
    images = built(capsys, directory)
    assert {name: images[name] for name in ("adservice", "cartservice", "loadgenerator")} == {
        "adservice": "skaffold",
        "cartservice": "skaffold",
        "loadgenerator": "skaffold",
    }
    assert images["redis:alpine"] is None


def test_images_tilt_builds_are_not_pulls(capsys: pytest.CaptureFixture[str]) -> None:
    # tilt-example-python: docker_build('example-python-image', ...) in the Tiltfile; the
    # manifest names it. The one true finding: the Dockerfile's python:3-alpine floats.
    directory = "tilt-example-python-363a39cd"
    assert findings(capsys, directory) == [("3-recommended/Dockerfile", 1, "TS004")]
    assert built(capsys, directory)["example-python-image"] == "tilt"


def test_a_dockerfile_bake_builds_takes_the_bake_file_s_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # docker/buildx: the Dockerfile's ARG defaults, which docker-bake.hcl does not override;
    # the floating minor versions (29.6, 28.5) of the Docker binaries are the true findings.
    directory = "buildx-461836ba"
    found = findings(capsys, directory)
    assert {code for _, _, code in found} == {"TS004"}
    assert {line for _, line, _ in found} >= {20, 21, 22, 24, 174}


def _findings(report: dict[str, Any]) -> list[tuple[str, int, str, str]]:
    """(file, line, code, what the message quotes first, or says first) of each finding."""
    return [
        (Path(f["path"]).name, f["line"], f["code"], _gist(f["message"]))
        for f in report["findings"]
    ]


def _gist(message: str) -> str:
    return message.split("'")[1] if "'" in message else message.split(" and ")[0]


RELEASE_CLI = "registry.gitlab.com/gitlab-org/release-cli"


def test_a_gitlab_pipeline_read_with_its_includes_and_variables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = REALWORLD / "gitlab-runner-19.3.0"
    code, report = run(capsys, "check", "--format", "json", "--as-of", "2026-08-22", str(project))
    assert (code, report["errors"]) == (1, [])
    assert _findings(report) == [
        ("_common.gitlab-ci.yml", 159, "TS001", "alpine:latest"),
        ("build.gitlab-ci.yml", 154, "TS001", "alpine:latest"),
        ("build.gitlab-ci.yml", 180, "TS003", "main"),
        ("postrelease.gitlab-ci.yml", 80, "TS001", "alpine:latest"),
        ("postrelease.gitlab-ci.yml", 147, "TS001", f"{RELEASE_CLI}:latest"),
        ("qa.gitlab-ci.yml", 323, "TS003", "alpine"),
        ("test.gitlab-ci.yml", 330, "TS001", "golang:latest"),
    ]  # fmt: skip
    _, inventory = run(capsys, "refs", "--json", str(project))
    pulled = sorted({ref["text"] for ref in inventory["references"]})
    runner_tools = "registry.gitlab.com/gitlab-org/ci-cd/runner-tools"
    docs = "registry.gitlab.com/gitlab-org/technical-writing/docs-gitlab-com"
    assert pulled == [
        "alpine:latest",
        "docker:29.7.2-dind",
        "golang:1.26.5",
        "golang:latest",
        "node:alpine",
        f"{runner_tools}/base-images/ci:0.0.48",
        f"{runner_tools}/base-images/ci:0.0.48-prebuilt-images",
        f"{runner_tools}/base-images/ubi-go:0.0.48",
        f"{runner_tools}/runner-linters:2.12.2-go1.26.5",
        # (a Windows test job's script pre-pulls it: test.gitlab-ci.yml:264)
        "registry.gitlab.com/gitlab-org/ci-cd/tests/liveness:0.1.0",
        "registry.gitlab.com/gitlab-org/cloud-native/container-dependencies-finder/cdf:main",
        "registry.gitlab.com/gitlab-org/release-cli:latest",
        f"{docs}/docs-gitlab-com-builder:hugo-0.154.5",
        f"{docs}/lint-markdown:alpine-3.23-vale-3.14.1-markdownlint2-0.22.1-lychee-0.24.2",
        "ruby:4.0.6-alpine",
    ]
    assert all(ref["unresolved"] is None for ref in inventory["references"])
    # The included files are read once, as part of the pipeline, each image where it is written.
    assert {Path(ref["path"]).parent.name for ref in inventory["references"]} == {"ci"}


def test_a_workflow_container_from_a_matrix_of_objects(
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = REALWORLD / "git-223a1bf"
    code, report = run(capsys, "check", "--format", "json", "--as-of", "2026-08-22", str(project))
    assert (code, report["errors"]) == (1, [])
    assert _findings(report) == [
        ("main.yml", 269, "TS002", "alpine"),
        ("main.yml", 269, "TS002", "fedora"),
        ("main.yml", 269, "TS003", "xenial"),
        ("main.yml", 269, "TS006", "Ubuntu 16.04 LTS (xenial) reached end of life on 2026-04-23"),
    ]
    _, inventory = run(capsys, "refs", "--json", str(project))
    assert [(r["text"], r["context"]["matrix"]) for r in inventory["references"]] == [
        ("alpine", {"vector.image": "alpine"}),
        ("daald/ubuntu32:xenial", {"vector.image": "daald/ubuntu32:xenial"}),
        ("fedora", {"vector.image": "fedora"}),
    ]


def test_a_circleci_config_with_a_repeated_anchor_and_parameters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = REALWORLD / "solidity-0.8.28"
    code, report = run(capsys, "check", "--format", "json", "--as-of", "2026-08-22", str(project))
    assert (code, report["errors"]) == (0, [])  # it was one error: a repeated anchor
    assert _findings(report) == [
        ("config.yml", 456, "TS003", "base"),
        ("config.yml", 472, "TS003", "current"),
        ("config.yml", 490, "TS003", "current"),
        ("config.yml", 508, "TS004", "3.6"),
        ("config.yml", 1435, "TS003", "current"),
        ("config.yml", 1435, "TS004", "14.20"),
        ("config.yml", 1435, "TS004", "18.16"),
    ]
    _, inventory = run(capsys, "refs", "--json", str(project))
    by_line: dict[int, list[str]] = {}
    for ref in inventory["references"]:
        by_line.setdefault(ref["line"], []).append(ref["text"].split("@")[0])
    assert by_line == {
        456: ["archlinux:base"],
        472: ["cimg/base:current"],
        481: ["solbuildpackpusher/solidity-buildpack-deps"],
        490: ["cimg/node:current"],
        508: ["cimg/python:3.6"],
        517: ["solbuildpackpusher/solidity-buildpack-deps"],
        541: ["solbuildpackpusher/solidity-buildpack-deps"],
        565: ["solbuildpackpusher/solidity-buildpack-deps"],
        573: ["solbuildpackpusher/solidity-buildpack-deps"],
        1368: ["cimg/rust:1.79.0-node"],
        1435: ["cimg/node:14.20", "cimg/node:18.16", "cimg/rust:1.74.0-node", "cimg/node:current"],
    }
    assert all(ref["unresolved"] is None for ref in inventory["references"])


_ENDED = (
    "{} ended regular security support on {}; only extended support remains, until {}: "
    "move to a newer release"
)
#: rdma-core's images named by the OS they are built on, its release a word of its own.
_RDMA_OS = [
    (28, "Ubuntu 16.04 LTS (xenial) reached end of life on 2026-04-23"),
    (31, _ENDED.format("Ubuntu 18.04 LTS (bionic)", "2023-05-31", "2028-04-26")),
    (34, _ENDED.format("Ubuntu 20.04 LTS (focal)", "2025-05-29", "2030-04-23")),
    (40, _ENDED.format("Debian 11 (bullseye)", "2024-08-14", "2026-08-31")),
]


def test_an_azure_runtime_expression_names_container_resources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = REALWORLD / "rdma-core-64.0"
    # TS004 reads rdma-core's release-named tags (44.0) as floating minor versions, which
    # they are not: the tag policy's question, left out here (see the README).
    code, report = run(
        capsys, "check", "--format", "json", "--as-of", "2026-08-22", "--ignore", "TS004",
        str(project),
    )  # fmt: skip
    assert (code, report["errors"]) == (1, [])
    assert _findings(report) == [
        ("azure-pipelines.yml", 16, "TS006", "CentOS 7 reached end of life on 2024-06-30"),
        ("azure-pipelines.yml", 19, "TS006", "CentOS 8 reached end of life on 2021-12-31"),
        # (each image is named by the OS it is built on, its release a word of its own too:
        # rdma-core/ubuntu-16.04, rdma-core/debian-11-i386)
        *[("azure-pipelines.yml", line, "TS006", message) for line, message in _RDMA_OS],
    ]  # fmt: skip  (no unresolved finding for `container: $[ variables['CONTAINER'] ]`)
    _, inventory = run(capsys, "refs", "--json", str(project))
    assert len(inventory["references"]) == 10  # the ten container resources, where defined
    assert {ref["context"]["field"] for ref in inventory["references"]} == {"resources"}


def test_a_gitlab_include_alone_means_what_it_means_in_the_pipeline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # pre-commit passes the changed file only: an included template is still read through
    # the .gitlab-ci.yml that includes it (its variables), never alone.
    project = REALWORLD / "gitlab-runner-19.3.0"
    template = str(project / ".gitlab" / "ci" / "build.gitlab-ci.yml")
    _, whole = run(capsys, "refs", "--json", str(project))
    _, alone = run(capsys, "refs", "--json", template)

    def of(document: dict[str, Any]) -> list[tuple[int, str]]:
        return [
            (ref["line"], ref["text"])
            for ref in document["references"]
            if ref["path"].endswith("build.gitlab-ci.yml")
        ]

    assert of(alone) == of(whole) != []
    assert all("${" not in text for _, text in of(alone))  # the includer's variables filled in


def test_a_jenkins_pipeline_builds_what_it_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # goharbor/harbor-helm's end-to-end pipeline (a class of a shared library): its
    # `script.sh """…"""` builds `deployer:dev` from test/e2e/Dockerfile, from the
    # workspace's root (the repository's, wherever the Jenkinsfile is), and runs it six times.
    # Judged by hand: the six runs are the job's own build, not pulls; the build pulls
    # `alpine:3`, a floating major version (TS004); nothing else is pulled.
    import shutil

    project = tmp_path / "harbor-helm"
    shutil.copytree(REALWORLD / "harbor-helm-70564d52", project)
    (project / ".git").mkdir()  # (the repository's root, as a clone has it)
    monkeypatch.chdir(project)
    for target in (".", "test/e2e/Dockerfile"):
        code, report = run(capsys, "check", "--format", "json", target)
        assert (code, report["errors"]) == (0, [])
        assert _findings(report) == [("Dockerfile", 1, "TS004", "3")]
    _, inventory = run(capsys, "refs", "--json", ".")
    runs = [ref for ref in inventory["references"] if ref["path"] == "test/e2e/Jenkinsfile"]
    assert [ref["line"] for ref in runs] == [50, 57, 71, 79, 86, 95]
    assert {(ref["text"], ref["built"]["line"]) for ref in runs} == {("deployer:dev", 42)}
    (base,) = [ref for ref in inventory["references"] if ref["kind"] == "from"]
    assert base["context"]["build"]["tool"] == "jenkins"  # (read through the pipeline's build)


def test_a_bats_suite_pulls_with_its_loaded_helpers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # cri-o/cri-o's test/image.bats `load helpers`; test/helpers.bash sources common.sh and
    # defines `crictl` (the binary built, "$CRICTL_BINARY" … "$@"), `retry` (whose
    # `output=$("$@")` runs its words) and `crictl_pull` (`retry 3 5 crictl pull "$@"`).
    # Judged by hand: the eighteen `crictl_pull` calls pull what the file's variables name;
    # `run crictl pull nginx` checked to fail (short names refused) and the two `run !
    # crictl pull` are no pulls. Not found: the images common.sh preloads with the suite's
    # own `copyimg` binary.
    import shutil

    project = tmp_path / "cri-o"
    shutil.copytree(REALWORLD / "cri-o-f954a17e", project)
    (project / ".git").mkdir()
    monkeypatch.chdir(project)
    for target in (".", "test/image.bats"):
        _, inventory = run(capsys, "refs", "--format", "json", target)
        pulls = [(ref["line"], ref["text"]) for ref in inventory["references"]]
        assert [line for line, _ in pulls] == [
            76, 90, 110, 139, 153, 167, 193, 222, 228, 248, 254, 270, 283, 297, 355, 398, 414,
            421,
        ]  # fmt: skip
        assert {ref["context"]["engine"] for ref in inventory["references"]} == {"crictl"}
        assert dict(pulls)[139] == "quay.io/crio/pause:go"  # ("$IMAGE:go")
        assert dict(pulls)[414] == "nginx"  # (short-name mode disabled: pulled)


def test_kamal_pulls_its_accessories_not_its_own_image(capsys: pytest.CaptureFixture[str]) -> None:
    # basecamp/kamal's integration suite: the apps' `image` is what `kamal deploy` builds;
    # each accessory's image is pulled from Docker Hub (judged by hand, see the README).
    project = REALWORLD / "kamal-eee0083b"
    _, inventory = run(capsys, "refs", "--json", str(project))
    found = [
        (ref["path"].split("deployer/")[1], ref["line"], ref["kind"], ref["text"])
        for ref in inventory["references"]
    ]
    assert found == [
        ("app/config/deploy.yml", 47, "kamal", "busybox:1.36.0"),
        ("app/config/deploy.yml", 64, "kamal", "busybox:1.36.0"),
        ("app_with_traefik/config/deploy.yml", 30, "kamal", "traefik:v3.6"),
    ]
    code, report = run(capsys, "check", "--format", "json", str(project))
    assert (code, report["errors"]) == (0, [])
    assert [(f["line"], f["code"]) for f in report["findings"]] == [(30, "TS004")]


def test_a_dockerfile_whose_arg_default_is_a_template_is_one_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # superfly/flyctl's scanner/templates/ruby/Dockerfile, which `fly launch` renders.
    dockerfile = str(
        REALWORLD / "flyctl-ad0172fa" / "scanner" / "templates" / "ruby" / "Dockerfile"
    )
    code, report = run(capsys, "check", "--format", "json", dockerfile)
    assert (code, report["findings"]) == (0, [])
    (note,) = report["errors"]
    assert note["level"] == "note" and "template expressions" in note["message"]


def test_a_django_project_template_s_dockerfile_is_one_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # wagtail's project_template (manage.py-tpl): what `wagtail start` copies into new sites.
    project = REALWORLD / "wagtail-c2ae43b9"
    code, report = run(capsys, "check", "--format", "json", str(project))
    assert (code, report["findings"]) == (0, [])
    (note,) = report["errors"]
    assert note["level"] == "note" and "Django project template" in note["message"]
    assert note["path"].endswith("wagtail-c2ae43b9/wagtail/project_template")
    dockerfile = project / "wagtail" / "project_template" / "Dockerfile"
    _, named = run(capsys, "check", "--format", "json", str(dockerfile))
    assert {(f["line"], f["code"]) for f in named["findings"]} >= {(4, "TS004"), (29, "TS004")}


def test_tox_docker_s_containers_are_the_images_its_environments_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # tox-dev/tox-docker's tox.ini: four [docker:NAME] images its environments list.
    tox = str(REALWORLD / "tox-docker-c6cf91dc" / "tox.ini")
    code, report = run(capsys, "check", "--format", "json", tox)
    assert code == 1 and report["errors"] == []
    assert [(f["line"], f["code"], f["reference"]) for f in report["findings"]] == [
        (44, "TS002", "ksdn117/tcp-udp-test"),
        (51, "TS002", "ksdn117/tcp-udp-test"),
        (66, "TS001", "docker.io/toxdocker/healthcheck:latest"),
        (84, "TS002", "toxdocker/healthcheck"),
    ]


def test_an_ansible_compose_template_is_read_through_the_task_that_renders_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # geerlingguy/internet-pi: tasks/pi-hole.yml renders templates/pi-hole-docker-compose.yml.j2
    # to docker-compose.yml and starts it (docker_compose_v2, project_src); tasks/starlink.yml
    # the same. Judged by hand: compose pulls pihole/pihole:latest, ekofr/pihole-exporter:latest
    # and danopstech/starlink_exporter (no tag); nothing is built; the templates' other Jinja
    # (hostnames, passwords, {% if %} around ports) names no image.
    monkeypatch.chdir(REALWORLD / "internet-pi-4041005e")
    code, report = run(capsys, "check", "--format", "json", "--as-of", "2026-12-04", ".")
    assert (code, report["errors"]) == (1, [])
    assert _findings(report) == [
        ("pi-hole-docker-compose.yml.j2", 20, "TS001", "pihole/pihole:latest"),
        ("pi-hole-docker-compose.yml.j2", 76, "TS001", "ekofr/pihole-exporter:latest"),
        ("starlink-docker-compose.yml.j2", 6, "TS002", "danopstech/starlink_exporter"),
    ]
    _, inventory = run(capsys, "refs", "--json", ".")
    assert {ref["context"]["rendered_by"] for ref in inventory["references"]} == {
        "tasks/pi-hole.yml:11",
        "tasks/starlink.yml:10",
    }


def test_a_role_s_pulls_with_the_variables_of_the_roles_its_play_imports(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # ceph/ceph-ansible: roles/ceph-container-common/tasks/fetch_image.yml pulls with
    # `{{ container_binary }} pull {{ ceph_docker_registry }}/{{ ceph_docker_image }}:…`, whose
    # values are ceph-defaults' defaults, a role the play imports before it (the
    # infrastructure playbook's play sets `containerized_deployment: true`). Judged by hand:
    # podman pulls quay.io/ceph/daemon-base:latest-main (a floating tag), and on monitoring
    # hosts (dashboard_enabled defaults true) alertmanager, prometheus and grafana, and
    # node-exporter, each by a version.
    monkeypatch.chdir(REALWORLD / "ceph-ansible-8599b192")
    code, report = run(capsys, "check", "--format", "json", "--as-of", "2026-12-04", ".")
    assert (code, report["errors"]) == (0, [])
    assert _findings(report) == [
        ("fetch_image.yml", 3, "TS003", "latest-main"),
    ]
    _, inventory = run(capsys, "refs", "--json", ".")
    assert [(ref["line"], ref["text"]) for ref in inventory["references"]] == [
        (3, "quay.io/ceph/daemon-base:latest-main"),
        (16, "docker.io/prom/alertmanager:v0.16.2"),
        (16, "docker.io/prom/prometheus:v2.7.2"),
        (16, "docker.io/grafana/grafana:6.7.4"),
        (35, "docker.io/prom/node-exporter:v0.17.0"),
    ]


def test_a_molecule_scenario_s_images_from_the_ci_matrix(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # geerlingguy/ansible-role-docker: .github/workflows/ci.yml runs `molecule test` with
    # MOLECULE_DISTRO: ${{ matrix.distro }} (7 distributions); molecule.yml's platform is
    # geerlingguy/docker-${MOLECULE_DISTRO:-rockylinux9}-ansible:latest. Judged by hand: CI
    # pulls the 7 images, a local `molecule test` the default one; tasks/docker-compose.yml
    # installs Compose (tasks, no compose file: no error).
    monkeypatch.chdir(REALWORLD / "ansible-role-docker-68d6a6da")
    _, inventory = run(capsys, "refs", "--json", ".")
    assert inventory["errors"] == []
    distros = [ref["text"].split("-")[1] for ref in inventory["references"]]
    assert distros == [
        "rockylinux9", "rockylinux10", "ubuntu2404", "ubuntu2204", "debian13", "debian12",
        "fedora43", "opensuseleap15",
    ]  # fmt: skip
    code, report = run(capsys, "check", "--format", "json", "--select", "TS001", ".")
    assert (code, len(report["findings"]), report["errors"]) == (1, 8, [])


def test_a_gitlab_pipeline_runs_the_image_its_buildctl_job_pushes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # kubernetes-sigs/kubespray's pipeline (survey 21c, 22e), read by hand: the
    # `pipeline-image` job pushes `$PIPELINE_IMAGE` with BuildKit's own client
    # (`buildctl-daemonless.sh build --output type=image,name=$PIPELINE_IMAGE,push=true`); the
    # `.job` template and the molecule jobs run it (`image: $PIPELINE_IMAGE`): the pipeline's
    # own build, not a TS011. Pulled: buildkit (rootless, a channel), the pinned pre-commit
    # runner, `python` (no tag) and the VM image at a floating major version.
    project = REALWORLD / "kubespray-46dbdd39"
    code, report = run(capsys, "check", "--format", "json", "--as-of", "2026-12-04", str(project))
    assert (code, report["errors"]) == (1, [])
    assert _findings(report) == [
        ("build.yml", 10, "TS003", "rootless"),
        ("terraform.yml", 82, "TS002", "python"),
        ("vagrant.yml", 14, "TS004", "13"),
    ]
    _, inventory = run(capsys, "refs", "--json", str(project))
    built = sorted(
        (Path(ref["path"]).name, ref["line"]) for ref in inventory["references"] if ref["built"]
    )
    assert built == [(".gitlab-ci.yml", 45), ("molecule.yml", 12)]


def test_a_workflow_runs_the_image_its_matrix_builds_under_a_lower_cased_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # bitwarden/server's build workflow (survey 21f, 22e), read by hand: each matrix leg
    # lower-cases its project's name (`$(echo "Setup" | awk '{print tolower($0)}')`), writes it
    # as a step output, and the next step's `env` makes the tags the build step pushes
    # (`${_GHCR_REGISTRY}/${PROJECT_NAME}:${IMAGE_TAG}`, more on some branches). The upload job
    # then runs `ghcr.io/bitwarden/setup:{dev,rc,hotfix-rc}`: the image the `Setup` leg built,
    # not a pull. Nothing else in the file names an image.
    project = REALWORLD / "bitwarden-server-ac309aa1"
    code, report = run(capsys, "check", "--format", "json", "--as-of", "2026-12-04", str(project))
    assert (code, report["findings"], report["errors"]) == (0, [], [])
    _, inventory = run(capsys, "refs", "--json", str(project))
    found = sorted(
        (ref["line"], ref["text"], ref["built"]["line"]) for ref in inventory["references"]
    )
    assert found == [
        (line, f"ghcr.io/bitwarden/setup:{tag}", 271)
        for line in (426, 428)
        for tag in ("dev", "hotfix-rc", "rc")
    ]


def test_balena_dockerfile_templates_are_read_with_the_device_s_variables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # balena-sound: each service's Dockerfile.template, which balena's builders render with
    # the device type's %%BALENA_ARCH%% / %%BALENA_MACHINE_NAME%%. Judged by hand: the images
    # written out (shairport-sync 4.1.1, librespot 0.4.2-pulseaudio) are pinned; the three
    # balenalib bases depend on the device type (TS011), and nothing is a template note.
    directory = "balena-sound-352ff361"
    assert findings(capsys, directory) == [
        ("core/sound-supervisor/Dockerfile.template", 1, "TS011"),
        ("core/sound-supervisor/Dockerfile.template", 13, "TS011"),
        ("plugins/upnp/Dockerfile.template", 1, "TS011"),
    ]
    _, inventory = run(capsys, "refs", "--json", str(REALWORLD / directory))
    pulls = sorted(ref["raw"] for ref in inventory["references"] if ref["kind"] == "from")
    assert pulls == [
        "andrewn/librespot:0.4.2-pulseaudio",
        "balenalib/%%BALENA_ARCH%%-alpine-node:14",
        "balenalib/%%BALENA_ARCH%%-node:14",
        "balenalib/%%BALENA_MACHINE_NAME%%-debian:buster",
        "mikebrady/shairport-sync:4.1.1",
    ]


def test_an_iot_edge_deployment_template_pulls_the_runtime_and_builds_its_modules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Azure-Samples/iot-edge-influxdb-grafana: the edge agent pulls its own edgeAgent and
    # edgeHub images (1.0: both float over 1.0.x, true TS004) and runs four modules that the
    # IoT Edge dev tools build from modules/*/module.json (${MODULES.NAME}: not pulls).
    directory = "iot-edge-influxdb-grafana-3a38dad7"
    assert findings(capsys, directory) == [
        ("deployment.template.json", 25, "TS004"),
        ("deployment.template.json", 34, "TS004"),
    ]
    images = built(capsys, directory)
    assert images["mcr.microsoft.com/azureiotedge-agent:1.0"] is None
    assert {images[f"${{MODULES.{name}}}"] for name in ("grafana", "influxdb")} == {"iotedgedev"}


def test_a_prairielearn_question_pulls_its_grader_and_workspace_images(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # PrairieLearn/PrairieLearn's exampleCourse and testCourse: a question's info.json names
    # the grader PrairieLearn pulls (gradingMethod "External") and the workspace it serves,
    # untagged (latest: TS002) or as alpine:latest (TS001); survey 34c.
    directory = "prairielearn-88fb8556"
    assert findings(capsys, directory) == [
        ("exampleCourse/questions/MarkovChains-Intro/info.json", 10, "TS002"),
        ("exampleCourse/questions/MarkovChains-Intro/info.json", 14, "TS002"),
        ("testCourse/questions/externalGrade/alpine/info.json", 11, "TS001"),
    ]
    assert built(capsys, directory)["prairielearn/grader-python"] is None


def test_images_tagged_by_the_model_they_serve_name_no_version_of_their_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # weaviate/weaviate's docker-compose.yml: its modules are tagged by the model they serve
    # (`cross-encoder-ms-marco-MiniLM-L-6-v2`), which moves with each module release: TS003,
    # not a floating major 6, nor a prerelease M in `minishlab-potion-retrieval-32M` (judged
    # by hand, survey s22c; see the README).
    compose = str(REALWORLD / "weaviate-adcffc54" / "docker-compose.yml")
    code, report = run(capsys, "check", "--format", "json", compose)
    assert (code, report["errors"]) == (1, [])
    found = {(f["line"], f["code"]) for f in report["findings"]}
    models = {53, 57, 61, 69, 73, 77, 81, 85, 89, 93, 97, 101}
    assert {line for line, code in found if code == "TS003"} == models
    assert not any(code in ("TS004", "TS005") for _, code in found)
    assert {(line, code) for line, code in found if line not in models} == {
        (34, "TS002"), (65, "TS001"), (105, "TS002"), (117, "TS002"), (123, "TS002"),
        (130, "TS001"),
    }  # fmt: skip


def test_a_circleci_setup_configuration_continues_with_a_configuration_that_is_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # OpenLineage's .circleci/config.yml is a setup configuration (`setup: true`): its
    # continuation orb goes on with continue_config.yml (merged with workflows/*.yml), whose
    # jobs pull twenty images; only config.yml's own executor was read (survey 26a).
    project = REALWORLD / "openlineage-8f02abfb"
    _, inventory = run(capsys, "refs", "--json", str(project))
    found: dict[str, list[str]] = {}
    for ref in inventory["references"]:
        found.setdefault(Path(ref["path"]).name, []).append(ref["text"])
    assert found["config.yml"] == ["cimg/python:3.10"]
    assert sorted(set(found["continue_config.yml"])) == [
        "cimg/base:stable",
        "cimg/go:1.26",
        "cimg/node:24.11.1",
        "cimg/openjdk:11.0",
        "cimg/openjdk:17.0",
        "cimg/python:3.10",
        "cimg/python:3.11",
        "cimg/ruby:3.2",
    ]
    assert len(found["continue_config.yml"]) == 20
    assert {ref["kind"] for ref in inventory["references"]} == {"ci"}


def test_a_compose_file_kept_in_circleci_is_not_a_configuration(tmp_path: Path) -> None:
    from tagsense import find_references

    circleci = tmp_path / ".circleci"
    circleci.mkdir()
    (circleci / "docker-compose.yml").write_text(
        "version: '3'\nservices:\n  db:\n    image: postgres:16.4\n", encoding="utf-8"
    )
    (circleci / "continue.yml").write_text(
        "version: 2.1\njobs:\n  test:\n    docker:\n      - image: cimg/go:1.22.5\n",
        encoding="utf-8",
    )
    kinds = sorted((Path(o.path).name, o.kind, o.text) for o in find_references(tmp_path))
    assert kinds == [
        ("continue.yml", "ci", "cimg/go:1.22.5"),
        ("docker-compose.yml", "compose", "postgres:16.4"),
    ]


def test_a_mirror_prefix_left_unset_is_the_docker_hub_image(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # great_expectations' test services pull through an ECR pull-through cache in CI
    # (ECR_PULL_THROUGH_REPOSITORY_URL, ending in '/') and from Docker Hub without it: each
    # was a TS011 "has no value" and trino's 'latest' was not judged (survey 26a).
    project = REALWORLD / "great_expectations-ce78204d" / "assets" / "docker"
    code, report = run(capsys, "check", "--format", "json", "--as-of", "2026-12-05", "--offline",
                       str(project))  # fmt: skip
    assert (code, report["errors"]) == (1, [])
    assert sorted((Path(f["path"]).parent.name, f["code"]) for f in report["findings"]) == [
        ("trino", "TS001")
    ]
    _, inventory = run(capsys, "refs", "--json", str(project))
    found = sorted((ref["text"], ref["unresolved"], ref["context"].get("mirror_prefix"))
                   for ref in inventory["references"])  # fmt: skip
    prefix = "ECR_PULL_THROUGH_REPOSITORY_URL"
    assert found == [
        ("bitnami/spark:3.3.2", None, prefix),
        ("bitnami/spark:3.5.2", None, prefix),
        ("library/mysql:8.0.20", None, prefix),
        ("trinodb/trino:latest", None, prefix),
    ]


def test_a_variable_before_a_slash_is_no_mirror_prefix(tmp_path: Path) -> None:
    from tagsense import find_references

    compose = tmp_path / "compose.yaml"
    compose.write_text(
        "services:\n  a:\n    image: ${REGISTRY}/app:1.0\n"
        "  b:\n    image: ${MIRROR}postgres:${PG}\n  c:\n    image: ${MIRROR}postgres:16.4\n",
        encoding="utf-8",
    )
    found = [
        (o.text, o.unresolved, o.context.get("mirror_prefix")) for o in find_references(compose)
    ]
    assert found == [
        ("/app:1.0", ("REGISTRY",), None),
        ("postgres:", ("MIRROR", "PG"), None),
        ("postgres:16.4", (), "MIRROR"),
    ]


def test_an_env_file_above_gives_what_a_compose_file_leaves_unset(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # debezium-examples keeps DEBEZIUM_VERSION in its top .env and runs each example with
    # `docker compose --env-file ../.env up` (its READMEs, its test runner): 97 TS011 "has no
    # value" for 64 compose files, and their builds' Dockerfiles unresolved (survey 26a).
    project = REALWORLD / "debezium-examples-90c3e426"
    code, report = run(capsys, "check", "--format", "json", "--as-of", "2026-12-05", "--offline",
                       str(project))  # fmt: skip
    assert (code, report["errors"]) == (0, [])
    assert {(f["code"], f["message"].split(":")[0]) for f in report["findings"]} == {
        ("TS004", "floating minor version '3.5'")
    }
    _, inventory = run(capsys, "refs", "--json", str(project))
    found = {
        (Path(ref["path"]).parent.name, ref["line"]): (
            ref["text"],
            ref["unresolved"],
            (ref["context"].get("command") or {}).get("text"),
        )
        for ref in inventory["references"]
    }
    assert found[("auditlog", 3)] == (
        "quay.io/debezium/kafka:3.5",
        None,
        "docker compose --env-file ../.env",
    )
    assert found[("debezium-server", 10)] == (
        "quay.io/debezium/kafka:3.5",
        None,
        "docker compose --env-file ../../.env",
    )
    # (the compose build passes it on: the Dockerfile is read with it)
    assert found[("server", 2)] == ("quay.io/debezium/server:3.5", None, None)
    assert all(ref["unresolved"] is None for ref in inventory["references"])


def _example_under_env(root: Path, dotenv: str) -> Path:
    (root / ".git").mkdir()  # (the project's root: no .env above it is read)
    (root / ".env").write_text(dotenv, encoding="utf-8")
    example = root / "example"
    example.mkdir()
    (example / "compose.yaml").write_text(
        "services:\n  db:\n    image: postgres:${PG}\n  cache:\n    image: redis:${REDIS:-7.4.1}\n",
        encoding="utf-8",
    )
    return root


def test_an_env_file_above_that_sets_none_of_the_names_gives_nothing(tmp_path: Path) -> None:
    from tagsense import find_references

    scan = find_references(_example_under_env(tmp_path, "OTHER=1\n"))
    assert [(o.text, o.unresolved) for o in scan] == [("postgres:", ("PG",)), ("redis:7.4.1", ())]


def test_an_env_file_above_is_read_as_the_env_file_option_reads_it(tmp_path: Path) -> None:
    from tagsense import find_references

    scan = find_references(_example_under_env(tmp_path, "PG=16.4\nREDIS=7.2.5\n"))
    # (as `docker compose --env-file ../.env` reads it: its values over the defaults too)
    assert [(o.text, o.unresolved) for o in scan] == [("postgres:16.4", ()), ("redis:7.2.5", ())]
