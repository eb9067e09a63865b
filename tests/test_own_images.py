"""``own-images``: a name the project makes, named at a tag it does not make, is the project's
own build (``"built"``, the default) or a pull to judge (``"flag"``)."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.cli import main
from tagsense.sources.context import context_for, forget

if TYPE_CHECKING:
    from pathlib import Path

# Shuffle/Shuffle@dcd2be55045b6b63b4f954504d76cc26a09b583e .github/push_nightly.sh (AGPL-3.0;
# shortened): the release script pulls the nightly image the project's CI built and retags it
# as the release. Only the retag's tag is made here: the project's files name others.
RELEASE = """\
docker pull ghcr.io/shuffle/shuffle-worker:nightly
docker tag ghcr.io/shuffle/shuffle-worker:nightly  ghcr.io/shuffle/shuffle-worker:1.1.0
docker push ghcr.io/shuffle/shuffle-worker:1.1.0
docker tag redis:7.4 redis:custom
"""
COMPOSE = """\
services:
  worker:
    image: ghcr.io/shuffle/shuffle-worker:nightly
  cache:
    image: redis:7.4
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "push_nightly.sh").write_text(RELEASE)
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _built(path: str, own_images: str | None = None) -> list[tuple[str, str | None]]:
    found = find_references(path, own_images=own_images)
    return [
        (o.text, None if o.built is None else f"{o.built.path}:{o.built.line}")
        for o in found
        if o.path == path
    ]


def test_a_name_made_at_one_tag_is_the_project_s_own_at_another_by_default(
    project: Path,
) -> None:
    assert _built("docker-compose.yml") == [
        ("ghcr.io/shuffle/shuffle-worker:nightly", ".github/push_nightly.sh:2"),
        ("redis:7.4", None),  # (an official image is Docker's, whoever retags it)
    ]


def test_flag_makes_another_tag_a_pull(project: Path) -> None:
    (project / ".tagsense.toml").write_text('own-images = "flag"\n')
    assert _built("docker-compose.yml") == [
        ("ghcr.io/shuffle/shuffle-worker:nightly", None),
        ("redis:7.4", None),
    ]
    # (a value given to the scan replaces the configuration's)
    assert _built("docker-compose.yml", own_images="built")[0][1] == ".github/push_nightly.sh:2"


def test_built_makes_the_name_the_project_s_own_at_every_tag(project: Path) -> None:
    (project / ".tagsense.toml").write_text('own-images = "built"\n')
    assert _built("docker-compose.yml") == [
        ("ghcr.io/shuffle/shuffle-worker:nightly", ".github/push_nightly.sh:2"),
        ("redis:7.4", None),  # (an official image is Docker's, whoever retags it)
    ]
    # (a value given to the scan replaces the configuration's)
    assert _built("docker-compose.yml", own_images="flag")[0][1] is None


def test_the_setting_given_to_the_scan_needs_no_configuration(project: Path) -> None:
    assert _built("docker-compose.yml", own_images="built")[0][1] == ".github/push_nightly.sh:2"


def test_the_nearest_configuration_decides(project: Path) -> None:
    (project / ".tagsense.toml").write_text('own-images = "built"\n')
    (project / "legacy").mkdir()
    (project / "legacy" / ".tagsense.toml").write_text('own-images = "flag"\n')
    (project / "legacy" / "docker-compose.yml").write_text(COMPOSE)
    (project / "legacy" / "push_nightly.sh").write_text(RELEASE)
    assert _built("legacy/docker-compose.yml")[0][1] is None


def test_a_directory_s_context_is_kept_for_each_setting(project: Path) -> None:
    forget()
    flagged = context_for("docker-compose.yml", own_images="flag")
    built = context_for("docker-compose.yml", own_images="built")
    assert flagged is not None and built is not None
    assert (flagged.own_images, built.own_images) == (False, True)
    assert context_for("docker-compose.yml", own_images="flag") is flagged
    forget()


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> list[tuple[str, int, str]]:
    main(["check", "--offline", "--exit-zero", "--format", "json", *argv])
    found = json.loads(capsys.readouterr().out)["findings"]
    return [(f["path"], f["line"], f["code"]) for f in found]


def test_check_flags_another_tag_only_where_the_configuration_says_flag(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = _check(capsys, ".")
    assert ("docker-compose.yml", 3, "TS003") not in findings
    assert ("docker-compose.yml", 5, "TS004") in findings  # (redis: still judged)
    (project / "flag.toml").write_text('own-images = "flag"\n')
    assert ("docker-compose.yml", 3, "TS003") in _check(capsys, "--config", "flag.toml", ".")


def test_refs_json_says_where_the_own_image_is_built(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def worker() -> object:
        main(["refs", "--json", "docker-compose.yml"])
        references = json.loads(capsys.readouterr().out)["references"]
        return next(r["built"] for r in references if r["line"] == 3)

    assert worker() == {"tool": "shell", "path": os.path.join(".github", "push_nightly.sh"),
                        "line": 2}  # fmt: skip
    (project / ".tagsense.toml").write_text('own-images = "flag"\n')
    assert worker() is None


def test_a_configuration_error_is_check_s_to_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".tagsense.toml").write_text('own-images = "mine"\n')
    assert main(["check", "--offline", "docker-compose.yml"]) == 2
    assert "own-images: must be one of 'flag', 'built'" in capsys.readouterr().err


def test_check_reads_the_configuration_once_for_the_scan_and_the_rules(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomllib

    parsed: list[str] = []
    loads = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text: parsed.append(text) or loads(text))
    (project / "pyproject.toml").write_text('[tool.tagsense]\nown-images = "built"\n')
    forget()
    findings = _check(capsys, "docker-compose.yml")
    assert ("docker-compose.yml", 3, "TS003") not in findings  # (the scan read it)
    assert ("docker-compose.yml", 5, "TS004") in findings
    assert len(parsed) == 1


# greenbone/openvas-scanner@16615109acfbe65daf7edaaf08b90566c3f64bb8 compose/base.yaml (GPL-2.0;
# shortened): the scanner's own image, which a reusable workflow of greenbone/workflows builds
# and pushes as ghcr.io/${{ github.repository }}; gvm-libs is another repository's package.
SCANNER_COMPOSE = """\
services:
  openvasd:
    image: ${OPENVAS_IMAGE:-ghcr.io/greenbone/openvas-scanner:stable}
  libs:
    image: ghcr.io/greenbone/gvm-libs:stable
  tests:
    image: ghcr.io/greenbone/openvas-scanner/tests:stable
  other:
    image: ghcr.io/greenbone/openvas-scanner-next:stable
  released:
    image: ghcr.io/greenbone/openvas-scanner:23.1.2
"""
ORIGIN = '[remote "origin"]\n\turl = https://github.com/Greenbone/openvas-scanner.git\n'


@pytest.fixture
def scanner(project: Path) -> Path:
    (project / ".github" / "push_nightly.sh").unlink()
    (project / "docker-compose.yml").write_text(SCANNER_COMPOSE)
    (project / "build.sh").write_text("docker build -t openvas-dev .\n")
    (project / "Dockerfile").write_text("FROM debian:12.8\n")
    return project


def _sites(path: str, own_images: str) -> list[tuple[str, str | None]]:
    found = find_references(path, own_images=own_images)
    return [(o.text, None if o.built is None else o.built.tool) for o in found if o.path == path]


def test_built_makes_the_checkout_s_own_ghcr_package_the_project_s(scanner: Path) -> None:
    (scanner / ".git" / "config").write_text(ORIGIN)
    forget()
    assert _sites("docker-compose.yml", "built") == [
        ("ghcr.io/greenbone/openvas-scanner:stable", "github-package"),
        ("ghcr.io/greenbone/gvm-libs:stable", None),  # (a sibling repository's: a pull)
        ("ghcr.io/greenbone/openvas-scanner/tests:stable", "github-package"),
        ("ghcr.io/greenbone/openvas-scanner-next:stable", None),
        ("ghcr.io/greenbone/openvas-scanner:23.1.2", None),  # (a release: pulled)
    ]
    assert all(site is None for _, site in _sites("docker-compose.yml", "flag"))
    forget()


def test_without_a_github_origin_no_package_is_the_project_s(scanner: Path) -> None:
    (scanner / ".git" / "config").write_text(ORIGIN.replace("github.com", "example.com"))
    forget()
    assert all(site is None for _, site in _sites("docker-compose.yml", "built"))
    forget()


# apache/streampipes@6478ece495f951dde9f183ae58fde134c52f41a5 (Apache-2.0; shortened): CI builds
# and pushes apachestreampipes/backend; the installer's compose files run the project's other
# images of that namespace at the development version, which no build of the repository makes.
NAMESPACE_BUILD = """\
docker build -t apachestreampipes/backend:0.98.0-SNAPSHOT ./streampipes-service-core
docker pull busybox:1.36
docker tag busybox:1.36 rancher/mirrored-library-busybox:1.36
docker build -t cache .
docker build -t ghcr.io/lichess-org/lila-docker:main .
docker build -t ghcr.io/absmach/magistrala/users:0.18.4 .
"""
STREAMPIPES = '[remote "origin"]\n\turl = https://github.com/apache/streampipes.git\n'
NAMESPACE_COMPOSE = """\
services:
  adapters:
    image: apachestreampipes/connect-adapters:0.98.0-SNAPSHOT
  mirror:
    image: rancher/mirrored-pause:3.6
  cache:
    image: redis:7.4
  other:
    image: apache/kafka:3.9
  ws:
    image: ghcr.io/lichess-org/lila-ws:latest
  reports:
    image: ghcr.io/absmach/magistrala/reports:latest
  released:
    image: apachestreampipes/connect-adapters:0.97.0
  local:
    image: latencyserver:dev
"""


def test_built_makes_a_namespace_a_build_makes_the_project_s(project: Path) -> None:
    (project / ".github" / "push_nightly.sh").write_text(NAMESPACE_BUILD)
    (project / "docker-compose.yml").write_text(NAMESPACE_COMPOSE)
    (project / ".git" / "config").write_text(STREAMPIPES)
    forget()
    assert _sites("docker-compose.yml", "built") == [
        ("apachestreampipes/connect-adapters:0.98.0-SNAPSHOT", "shell"),
        # (a retag of a pulled image makes no namespace the project's: flyte's mirror)
        ("rancher/mirrored-pause:3.6", None),
        ("redis:7.4", None),  # (Docker's library: never, though the script builds `cache`)
        ("apache/kafka:3.9", None),
        # (a GitHub owner's namespace is its every repository's: lila-ws is another's)
        ("ghcr.io/lichess-org/lila-ws:latest", None),
        ("ghcr.io/absmach/magistrala/reports:latest", "shell"),
        # (a whole release is the published one, pulled: htcondor's cm:8.9.11-el7 on CentOS 7)
        ("apachestreampipes/connect-adapters:0.97.0", None),
        ("latencyserver:dev", None),  # (Docker's library is no namespace: `cache` is built)
    ]
    assert all(site is None for _, site in _sites("docker-compose.yml", "flag"))
    forget()


# Shaped after grafana/loki@65e30f8488e8a5ea2013c6881675f8103a8f6bc7 (AGPL-3.0): its Makefile
# builds grafana/loki; examples/getting-started/docker-compose.yaml runs grafana/grafana:latest,
# which the grafana/grafana repository builds.
def test_a_namespace_not_named_for_the_repository_is_an_organisation_s(project: Path) -> None:
    (project / ".github" / "push_nightly.sh").write_text("docker build -t grafana/loki:main .\n")
    compose = "services:\n  ui:\n    image: grafana/grafana:latest\n"
    (project / "docker-compose.yml").write_text(compose)
    (project / ".git" / "config").write_text(
        STREAMPIPES.replace("apache/streampipes", "grafana/loki")
    )
    forget()
    assert _sites("docker-compose.yml", "built") == [("grafana/grafana:latest", None)]
    (project / ".git" / "config").write_text(
        STREAMPIPES.replace("apache/streampipes", "grafana/grafana")
    )
    forget()
    assert _sites("docker-compose.yml", "built") == [("grafana/grafana:latest", "shell")]
    (project / ".git" / "config").unlink()  # (no GitHub origin: no namespace is the project's)
    forget()
    assert _sites("docker-compose.yml", "built") == [("grafana/grafana:latest", None)]
    forget()


def test_the_disk_cache_keeps_which_names_are_copies(tmp_path: Path) -> None:
    # (a retag read from the cache must not make its namespace the project's)
    from tagsense.sources import _context_cache, context

    (tmp_path / "release.sh").write_text(NAMESPACE_BUILD)
    path = str(tmp_path / "release.sh")
    found = context.read_build_file(path, "shell")
    _context_cache.store(path, "shell", {}, found, _context_cache.stat_of(path))
    kept = _context_cache.load(path, "shell", {})
    assert kept is not None
    assert [(i.name, i.copied) for i in kept.built] == [(i.name, i.copied) for i in found.built]
    assert {i.name: i.copied for i in kept.built}["rancher/mirrored-library-busybox"] is True


# TheHive-Project/TheHive@b6649bb58938a414de9f0505cc0a1dad15f0d0ef .drone.yml (AGPL-3.0;
# shortened): the pipeline publishes thehiveproject/thehive4; its steps run the organisation's
# builder image, which another repository (drone-scala-node) builds, at `latest`.
DRONE = """\
kind: pipeline
name: default
steps:
  - name: run-tests
    image: thehiveproject/drone-scala-node
    commands:
      - sbt test
  - name: docker
    image: plugins/docker
    settings:
      context: target/docker/stage
      dockerfile: target/docker/stage/Dockerfile
      repo: thehiveproject/thehive4
  - name: smoke
    image: thehiveproject/thehive4:nightly
"""


def test_a_namespace_makes_no_ci_job_s_image_the_project_s(project: Path) -> None:
    (project / ".github" / "push_nightly.sh").unlink()
    compose = "services:\n  ui:\n    image: thehiveproject/cortex:nightly\n"
    (project / "docker-compose.yml").write_text(compose)
    (project / ".drone.yml").write_text(DRONE)
    origin = STREAMPIPES.replace("apache/streampipes", "TheHive-Project/TheHive")
    (project / ".git" / "config").write_text(origin)
    forget()
    assert _sites(".drone.yml", "built") == [
        ("thehiveproject/drone-scala-node", None),  # (a job's image: another repository's)
        ("plugins/docker", None),
        ("thehiveproject/thehive4:nightly", "drone"),  # (the name the pipeline builds)
    ]
    # (a file that runs the products: the namespace is the project's)
    assert _sites("docker-compose.yml", "built") == [("thehiveproject/cortex:nightly", "drone")]
    forget()
