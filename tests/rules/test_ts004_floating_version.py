"""TS004 floating-version."""

from __future__ import annotations

import pytest

from tagsense import check

from ._docs import DAY, check_documented_examples

_RERANKER = "semitechnologies/reranker-transformers:"


def codes(references: list[str], **options: object) -> list[str]:
    found = check(references, config={"select": ["TS004"], **options}, as_of=DAY)
    return [f.code for f in found]


def test_the_documented_examples() -> None:
    check_documented_examples("TS004")


@pytest.mark.parametrize(
    ("reference", "fires"),
    [
        ("redis:7", True),
        ("redis:7.0", True),
        ("node:18-buster-slim", True),
        ("redis:7.2.4", False),
        ("ubuntu:22.04", False),  # an OS image's release id is its whole version
        ("debian:12", False),
        ("alpine:3.23", False),
        ("mcr.microsoft.com/windows/servercore:ltsc2022", False),
        ("ubuntu:jammy-20240111", False),  # a date pins the build
        ("bitnami/redis:7.2-debian-12-r5", False),  # a revision pins the build
        # home-assistant/supervisor's Dockerfile: ARG BUILD_FROM=…base-python:3.14-alpine3.24-
        # 2026.06.1, one release of Home Assistant's base image (3.14-alpine3.24 floats)
        ("ghcr.io/home-assistant/base-python:3.14-alpine3.24-2026.06.1", False),
        ("ghcr.io/home-assistant/base-python:3.14-alpine3.24", True),
        ("acme/base:3.14-alpine3.24-7.3.23", True),  # (no calendar's version: as before)
        ("mcr.microsoft.com/mssql/server:2022-latest", False),  # TS003's, reported once
        # `lts` after a version: the kind of release, no channel (TS003 leaves it): the
        # version alone says whether it floats (survey s38f)
        ("node:18-lts", True),
        ("openeuler/openeuler:24.03-lts-sp1", False),  # (as ubuntu:22.04: minor, enough)
        # JetBrains/Exposed's buildScripts/docker/docker-compose-sqlserver.yml: RC1 of SQL
        # Server 2025, one prerelease (TS005's), no 2025.x to pin
        ("mcr.microsoft.com/mssql/server:2025-RC1-ubuntu-24.04", False),
        ("postgres:17rc1", False),
        ("node:24-beta.2", False),
        ("python:3.14-rc", True),  # (no number: it moves from one candidate to the next)
        # getsentry/self-hosted's upgrade-postgres.sh: a migration, named by its two releases
        ("tianon/postgres-upgrade:9.6-to-14", False),
        ("tianon/postgres-upgrade:15-to-16", False),
        ("acme/tool:1.2-tools", True),  # (a variant of another word: floats as before)
        ("redis:7@sha256:" + "a" * 64, False),
        # a branch's build, numbered by its commit or its run (percona/percona-server-mongodb-
        # operator's e2e-tests/version-service/conf/vs.yml): it pins, as a commit does
        ("docker.io/perconalab/version-service:main-6971486", False),
        ("acme/app:build-12345678", False),
        ("acme/app:main-1234", True),  # (four digits may be a year's or a release's)
        # NGC's monthly releases are named YY.MM (frigate's tensorrt:23.12-py3-igpu, katib's
        # tensorflow:22.12-tf2-py3): whole, as 24.05 (a leading zero) already was
        ("nvcr.io/nvidia/tritonserver:24.10-py3", False),
        ("nvcr.io/nvidia/tensorrt:23.12-py3-igpu", False),
        ("nvcr.io/nvidia/pytorch:24.05-py3", False),
        ("nvcr.io/nvidia/cuda:12.4-base", True),  # (CUDA's version: no year 12)
        ("nvcr.io/nvidia/gpu-operator:v24.9", True),  # (one digit: no month as NGC writes it)
        ("acme/tritonserver:24.10-py3", True),  # (another publisher: as before)
        # wodby/docker4drupal's compose.yml: [VERSION]-[STABILITY_TAG], the image's own release
        # after the application's version, never rebuilt (survey s23d: 28 false TS004)
        ("wodby/mariadb:11.8-3.35.7", False),
        ("wodby/drupal-cms:2-1.6.7", False),
        ("wodby/drupal:10-8.4-4.100.10", False),
        ("wodby/mariadb:11.8", True),  # (no stability tag: moves with every release)
        ("wodby/solr:9-5.5", True),  # (a stability tag not written whole)
        # docksal/docksal's stacks/services.yml (docs/content/stack/images-versions.md:
        # "<software-version>[-<image-stability-tag>]", two numbers)
        ("docksal/nginx:1.20-1.2", False),
        ("docksal/mariadb:10.11-1.4", False),
        ("docksal/nginx:1.20", True),  # ("will always refer to the latest image version")
        ("docksal/solr:8.6-edge", False),  # (a channel: TS003's)
        # camptocamp/docker-odoo-project's example/docker-compose.yml and its README:
        # ``${odoo_version}-${tag_version}``, Odoo's series then the image's own release
        # (survey s35d: 2 false TS004)
        ("camptocamp/odoo-nginx:11.0-1.3.0", False),
        ("ghcr.io/camptocamp/docker-odoo-project:16.0-5.4.0", False),
        ("camptocamp/odoo-nginx:11.0", True),  # (no image release: moves with each)
        ("camptocamp/odoo-nginx:11.0-1.3", True),  # (an image release not written whole)
        ("camptocamp/nginx:1.25-1.3.0", True),  # (not an Odoo image of theirs: as before)
        ("postgis/postgis:17-3.5", True),  # (another publisher: PostGIS 3.5.x moves)
        ("acme/mariadb:11.8-3.35.7", True),  # (another publisher: as before)
        # an image named for a BSD, tagged MAJOR.MINOR: the whole release (containerlab's
        # lab-examples/openbsd01 and freebsd01 run vrnetlab/vr-openbsd:7.3 and
        # vrnetlab/vr-freebsd:13.2; 2 false TS004, survey 26)
        ("vrnetlab/vr-openbsd:7.3", False),
        ("vrnetlab/vr-freebsd:13.2", False),
        ("freebsd/freebsd-runtime:14.3", False),
        ("vrnetlab/openbsd_openbsd:7.7", False),
        ("vrnetlab/vr-freebsd:13", True),  # (a major: every 13.x)
        ("acme/bsdutils:1.2", True),  # (no BSD's name: as before)
        # weaviate's docker-compose.yml: modules tagged by the model they serve (survey s22c,
        # five false TS004/TS005); pinned, the image's release follows the model's name
        (_RERANKER + "cross-encoder-ms-marco-MiniLM-L-6-v2-1.1.1", False),
        ("semitechnologies/transformers-inference:baai-bge-small-en-v1.5-onnx-1.9.2", False),
        (_RERANKER + "cross-encoder-ms-marco-MiniLM-L-6-v2", False),  # (TS003's: no version)
        # a version glued to a word with `_` for its dot is the word's (GSA/inventory-app's
        # datagov/catalog-db:inventory2_8, CKAN 2.8: survey s59c), and a number after two
        # words a name's (Blazemeter/taurus's jenkins-docker-agent:taurus-agent-2: s57d):
        # no floating major 8 or 2 (TS003's: no version); the image's version before still is
        ("datagov/catalog-db:inventory2_8", False),
        ("acme/ci:py3_10", False),
        ("us.gcr.io/verdant-bulwark-278/jenkins-docker-agent:taurus-agent-2", False),
        ("acme/app:3.9-py3_10", True),
        ("wordpress:cli-2", True),
        # devfile/registry's stacks: Red Hat's VERSION-RELEASE, the release a build's number and
        # its Unix time, one build (survey s34e: 18 false TS004)
        ("registry.access.redhat.com/ubi8/openjdk-11:1.21-1.1736337912", False),
        ("registry.access.redhat.com/ubi9/openjdk-17:1.20-2.1721752931", False),
        ("registry.access.redhat.com/ubi8/httpd-24:1-327.1721725192", False),  # (che-devfile-…)
        ("registry.access.redhat.com/ubi8/openjdk-11:1.21", True),  # (every build of 1.21)
        ("registry.access.redhat.com/ubi8/openjdk-11:1.21-1.17", True),  # (no build's time)
    ],
)
def test_precision(reference: str, fires: bool) -> None:
    assert bool(codes([reference])) is fires


def test_min_precision() -> None:
    assert codes(["redis:7.0"], **{"min-precision": "minor"}) == []
    assert codes(["redis:7"], **{"min-precision": "minor"}) == ["TS004"]
    assert codes(["redis:7"], **{"min-precision": "major"}) == []


def test_the_syntax_directive_is_left_alone_unless_asked() -> None:
    # BuildKit's documentation recommends the floating docker/dockerfile:1 there.
    from tagsense import find_references

    scan = find_references("# syntax=docker/dockerfile:1.4\nFROM redis:7.2.4\n")
    assert check(scan, config={"select": ["TS004"]}, as_of=DAY) == []
    asked = check(scan, config={"select": ["TS004"], "syntax-directive": True}, as_of=DAY)
    assert [(f.line, f.code) for f in asked] == [(1, "TS004")]
    strict = check(scan, config={"preset": "strict"}, as_of=DAY)
    assert ("TS004", "error") in {(f.code, f.severity) for f in strict}
    # The other rules still judge it.
    latest = find_references("# syntax=docker/dockerfile:latest\nFROM redis:7.2.4\n")
    assert [f.code for f in check(latest, as_of=DAY)] == ["TS001"]


@pytest.mark.parametrize(
    ("reference", "fires"),
    [
        ("postgres:16.4", False),  # PostgreSQL 10 and later: major.minor is the whole release
        ("postgres:16.4-alpine3.22", False),
        ("public.ecr.aws/docker/library/postgres:17.2", False),  # the official image, mirrored
        ("postgres:16", True),
        ("postgres:9.6", True),  # PostgreSQL 9 had three numbers: 9.6.24
        ("postgres:21.1", False),  # a major newer than the data: as the majors tagged today
        ("odoo:18.0", False),
        # another publisher's image of the same software: PostgreSQL's releases
        ("ghcr.io/acme/postgres:16.4", False),
        ("bitnami/postgresql:16.4", False),
        ("ghcr.io/cloudnative-pg/postgresql:16.4-1", False),
        ("cimg/postgres:16", True),
        ("cimg/node:18.16", True),
        ("myorg/alpine:3.12", True),  # an OS's name on another's image is not that OS
        # a number with a leading zero is no semantic version: a counter or a date
        ("ghcr.io/mailcow/watchdog:2.06", False),
        ("cimg/base:2024.01", False),
        ("ghcr.io/acme/app:2.6", True),
        # a one-number version of three digits or more is a build counter, unless a year
        # (deliveryhero/helm-charts' cloudhealth-collector chart: appVersion "957")
        ("cloudhealth/container-collector:957", False),
        ("ghcr.io/acme/app:v331", False),
        # and so is one with a variant after it (manticoresearch's `ubertests_public:332_aot`)
        ("ghcr.io/acme/tests:332_aot", False),
        ("ghcr.io/acme/tests:332-aot", False),
        ("ghcr.io/acme/app:99-aot", True),
        # a number after the word `build` is that build's (microservices-patterns/ftgo-
        # application's eventuateio/…-spring-example-base-image:BUILD-15, one tag per CI build)
        ("eventuateio/eventuate-examples-docker-images-spring-example-base-image:BUILD-15", False),
        ("ghcr.io/acme/app:build-7", False),
        ("ghcr.io/acme/app:buildx-7", True),
        ("greptime/minio:2024", True),
        ("ghcr.io/acme/app:99", True),
        ("ghcr.io/acme/app:957.1", True),
        ("redis:7.2", True),
        # typeorm's CI database image: the tag names its software before the version, which is
        # PostgreSQL's (a whole 17.9), not that of Docker, the image's last name
        ("ghcr.io/acme/docker:postgres-17.9-postgis-3.6.2-pgvector-0.8.2", False),
        ("ghcr.io/acme/ci:postgresql-16.4", False),
        ("ghcr.io/acme/docker:postgres-17-postgis-3.6.2", True),
        ("ghcr.io/acme/ci:mysql-8.0", True),
        # a word after the version is a flavour of the image's own version
        ("ghcr.io/acme/app:2.6-postgres", True),
    ],
)
def test_an_official_images_own_version_length(reference: str, fires: bool) -> None:
    assert bool(codes([reference])) is fires


@pytest.mark.parametrize(
    ("reference", "fires"),
    [
        # kueue's and kind's e2e images (kubernetes-sigs/kueue test/util/e2e.go; ingress-nginx's
        # echoserver): the Kubernetes image promoter never moves a published tag
        ("registry.k8s.io/e2e-test-images/agnhost:2.53", False),
        ("registry.k8s.io/nginx-slim:0.27", False),
        ("k8s.gcr.io/echoserver:1.4", False),
        ("registry.k8s.io/pause:3", False),
        # a project's staging registry is theirs to overwrite; a look-alike host is not it
        ("gcr.io/k8s-staging-kueue/kueue:0.9", True),
        ("registry.k8s.io.example.com/agnhost:2.53", True),
    ],
)
def test_a_registry_whose_tags_never_move(reference: str, fires: bool) -> None:
    assert bool(codes([reference])) is fires


def test_no_tag_of_a_registry_that_never_moves_one_floats() -> None:
    # kubernetes/examples' guestbook: `image: registry.k8s.io/redis:e2e`
    assert check(["registry.k8s.io/redis:e2e"], as_of=DAY) == []
    # `latest` there does not move either, but says no version (kyverno's pause:latest)
    (finding,) = check(["registry.k8s.io/pause:latest"], as_of=DAY)
    assert finding.code == "TS001"
    assert "never moves a tag" in finding.message
    # no tag at all is still a pull of `latest` nobody chose (TS002)
    assert [f.code for f in check(["registry.k8s.io/pause"], as_of=DAY)] == ["TS002"]


def test_the_advice_asks_for_the_images_own_length() -> None:
    (finding,) = check(["postgres:16"], config={"select": ["TS004"]}, as_of=DAY)
    assert "pin a full version (16.x)" in finding.message


def test_the_software_a_tag_names_decides_the_advice() -> None:
    # MySQL's releases are known to have three numbers: no need to ask the publisher's tags.
    (named,) = check(["ghcr.io/acme/ci:mysql-8.0"], config={"select": ["TS004"]}, as_of=DAY)
    assert "pin a full version (8.0.x), or a digest" in named.message
    assert "per-image-precision" not in named.message
    (major,) = check(["ghcr.io/acme/ci:postgres-17"], config={"select": ["TS004"]}, as_of=DAY)
    assert "pin a full version (17.x)" in major.message
    (unnamed,) = check(["ghcr.io/acme/ci:8.0"], config={"select": ["TS004"]}, as_of=DAY)
    assert "per-image-precision" in unnamed.message


def _corpus_rows(name: str) -> list[tuple[str, str]]:
    from pathlib import Path

    path = Path(__file__).parents[1] / "data" / name
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [(row[0], row[1]) for row in rows if not row[0].startswith("#")][1:]


def test_no_official_image_s_most_precise_tag_is_floating() -> None:
    # tests/data/official-tags.tsv (the official images' tags today, from ../shared/corpus): for
    # each image and major version, the tag with the longest version the image publishes is as
    # precise as that image gets, so TS004 must not call it floating.
    from tagsense import parse_tag

    most_precise: dict[tuple[str, int], tuple[int, str]] = {}
    for image, text in _corpus_rows("official-tags.tsv"):
        tag = parse_tag(text, image=image)
        if not tag.release or tag.prerelease is not None or tag.version is None:
            continue
        if not text.startswith(tag.version):
            continue
        key = (image, tag.release[0])
        if len(tag.release) > most_precise.get(key, (0, ""))[0]:
            most_precise[key] = (len(tag.release), f"{image}:{text}")
    references = [reference for _, reference in most_precise.values()]
    assert len(references) > 200
    found = check(references, config={"select": ["TS004"]}, as_of=DAY)
    assert [str(f.reference) for f in found] == []


def test_the_generated_lengths_are_current() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).parents[2]
    script = root / "tasks" / "generate_version_lengths.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_per_image_precision_says_how_whole_an_image_s_releases_are() -> None:
    # linkerd's ghcr.io/linkerd/dev:v50 and buoyantio's emojivoto-web:v11 are whole releases:
    # their publishers tag no v50.x. A project says so per image; the first pattern that
    # matches decides, and images it does not match keep min-precision.
    table = {"ghcr.io/linkerd/*": "major", "buoyantio/*": "minor", "buoyantio/emojivoto-*": "major"}
    options = {"per-image-precision": table}
    assert codes(["ghcr.io/linkerd/dev:v50"], **options) == []
    assert codes(["ghcr.io/linkerd/dev:v50"]) == ["TS004"]
    assert codes(["buoyantio/emojivoto-web:v11"], **options) == ["TS004"]  # buoyantio/* first
    assert codes(["buoyantio/emojivoto-web:v11.2"], **options) == []
    assert codes(["redis:7", "ghcr.io/acme/app:2"], **options) == ["TS004", "TS004"]
    # It replaces min-precision for those images, in both directions...
    stricter = {"min-precision": "major", "per-image-precision": {"redis": "patch"}}
    assert codes(["redis:7", "nginx:1"], **stricter) == ["TS004"]
    # ...but not past what an image's releases have: PostgreSQL's are major.minor.
    assert codes(["postgres:16.4"], **{"per-image-precision": {"postgres": "patch"}}) == []


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ({"acme/*": "micro"}, "the precision for 'acme/*' must be one of"),
        ({"[": "major"}, "invalid pattern"),
        ("major", "must be a table of image pattern = precision"),
    ],
)
def test_per_image_precision_is_checked(table: object, error: str) -> None:
    from tagsense import Config, ConfigError

    with pytest.raises(ConfigError, match="per-image-precision") as raised:
        Config.from_dict({"per-image-precision": table})
    assert error in str(raised.value)


@pytest.mark.parametrize(
    ("reference", "hints"),
    [
        # another publisher's image whose releases are not known offline: say how to settle it
        ("ghcr.io/linkerd/dev:v50", True),
        ("quay.io/jetstack/echoserver:2.3", True),
        ("myorg/alpine:3.12", True),
        # an official image, or another's image of its software: its releases are known
        ("redis:7", False),
        ("cimg/node:18.16", False),
        ("bitnami/postgresql:16", False),
    ],
)
def test_the_message_says_when_the_image_s_releases_are_unknown(
    reference: str, hints: bool
) -> None:
    (finding,) = check([reference], config={"select": ["TS004"]}, as_of=DAY)
    assert "pin a full version" in finding.message
    assert ("per-image-precision" in finding.message) is hints


def test_what_an_operator_runs_as_postgresql_is_judged_as_postgresql() -> None:
    # szinn/k8s-homelab@8c8742b00's immich database: a CloudNativePG Cluster's imageName
    # ghcr.io/tensorchord/cloudnative-vectorchord:18.0-0.5.3 is PostgreSQL 18.0 (with
    # VectorChord 0.5.3), a whole release: CloudNativePG reads the version from the tag
    # (a false TS004). The same image elsewhere is judged as any other publisher's.
    from tagsense.sources.kubernetes import scan_kubernetes

    cluster = (
        "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: immich}\nspec:\n"
        "  imageName: ghcr.io/tensorchord/cloudnative-vectorchord:{tag}\n"
    )
    for tag, expected in (("18.0-0.5.3", []), ("18-0.5.3", ["TS004"])):
        scan = scan_kubernetes(cluster.replace("{tag}", tag))
        assert [f.code for f in check(scan, config={"select": ["TS004"]}, as_of=DAY)] == expected
    assert codes(["ghcr.io/tensorchord/cloudnative-vectorchord:18.0-0.5.3"]) == ["TS004"]
