"""Registry tools (``crane``, ``skopeo``, ``oras``, ``regctl``): the images their commands pull
from a registry, at the operand their documentation gives (see ``.builds._registry_tools``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagsense import find_references
from tagsense.sources import scan_paths
from tagsense.sources.builds._make_shell import evaluate
from tagsense.sources.builds._registry_tools import tool_of_image
from tagsense.sources.builds.shell import ShellReader, may_build, may_pull


def pulls(text: str) -> list[tuple[str, str, str]]:
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return [(pull.engine, pull.verb, pull.image) for pull in reader.pulls]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cert-manager, make/e2e-setup.mk: options after the operands (cobra's grammar)
        (
            "crane pull docker.io/hashicorp/vault:1.14.1 out.tar --platform=linux/amd64",
            [("crane", "pull", "docker.io/hashicorp/vault:1.14.1")],
        ),
        (
            "crane pull --platform linux/arm64 alpine:3.20 debian:12.8 images.tar",
            [("crane", "pull", "alpine:3.20"), ("crane", "pull", "debian:12.8")],
        ),
        (
            "crane copy gcr.io/distroless/static:nonroot ghcr.io/me/static:nonroot",
            [("crane", "copy", "gcr.io/distroless/static:nonroot")],
        ),
        ("gcrane cp -a quay.io/a/b:1.0 ghcr.io/me/b:1.0", [("gcrane", "cp", "quay.io/a/b:1.0")]),
        ("crane export alpine:3.20 - | tar -tvf -", [("crane", "export", "alpine:3.20")]),
        (
            "skopeo copy --all docker://quay.io/foo/bar:1.2 docker-archive:/tmp/x.tar",
            [("skopeo", "copy", "quay.io/foo/bar:1.2")],
        ),
        (
            "skopeo --override-arch arm64 copy --src-creds u:p docker://redis:7.4 oci:/tmp/r",
            [("skopeo", "copy", "redis:7.4")],
        ),
        (
            "oras pull ghcr.io/oras-project/artifact:v1 -o out",
            [("oras", "pull", "ghcr.io/oras-project/artifact:v1")],
        ),
        (
            "regctl image copy registry.k8s.io/pause:3.9 localhost:5000/pause:3.9",
            [("regctl", "image copy", "registry.k8s.io/pause:3.9")],
        ),
    ],
)
def test_a_registry_tool_s_pull(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert pulls(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # cert-manager, hack/latest-base-images.sh: asking for a digest, to pin it, pulls nothing
        "echo $(crane digest gcr.io/distroless/static-debian13:nonroot-amd64)",
        "crane manifest --platform=linux/amd64 alpine:3.20",
        "skopeo inspect docker://alpine:3.20",
        "skopeo copy oci:/tmp/x docker://quay.io/foo/pushed:1.2",  # (a push)
        "oras cp --from-oci-layout ./x:v1 ghcr.io/me/x:v1",
        "oras push ghcr.io/me/artifact:v1 file.txt",
        "crane pull --unknown-option x alpine:3.20 out.tar",
        "crane pull $IMAGE out.tar",
        "crane pull out.tar",
    ],
)
def test_what_pulls_nothing(text: str) -> None:
    assert pulls(text) == []


def test_a_quick_look_finds_them() -> None:
    assert may_pull(b"\t$(CRANE) pull $(IMAGE) $@")
    assert may_pull(b"skopeo copy docker://a:1 dir:/x")
    assert may_build(b"crane copy a:1 localhost:5000/a:1")


def made(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(build.engine, build.verb, build.names) for build in ShellReader().read(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "crane copy gcr.io/distroless/static:nonroot ghcr.io/me/static:nonroot",
            [("crane", "copy", ("ghcr.io/me/static",))],
        ),
        ("gcrane cp -a quay.io/a/b:1.0 ghcr.io/me/b:1.0", [("gcrane", "copy", ("ghcr.io/me/b",))]),
        (
            "skopeo copy --all docker://quay.io/foo/bar:1.2 docker://localhost:5000/bar:1.2",
            [("skopeo", "copy", ("localhost:5000/bar",))],
        ),
        (
            "regctl image copy registry.k8s.io/pause:3.9 localhost:5000/pause:3.9",
            [("regctl", "copy", ("localhost:5000/pause",))],
        ),
        ("oras cp ghcr.io/a/b:v1 reg.local:5000/b:v1", [("oras", "copy", ("reg.local:5000/b",))]),
        # anchore/syft, task.d/generate/cpe-index.yaml: the cache artifact it publishes
        (
            'oras_bin="$(pwd)/.tool/oras"\n'
            '"$oras_bin" push ghcr.io/anchore/oss-cache/cpe-cache:latest a.json.zst -a x=y',
            [("oras", "copy", ("ghcr.io/anchore/oss-cache/cpe-cache",))],
        ),
        ("crane push image.tar ghcr.io/me/app:1.0", [("crane", "copy", ("ghcr.io/me/app",))]),
        # spiffe/spire, test/integration/suites/k8s-sigstore/00-setup: crane run by its image
        (
            'REGISTRY_HTTP_ADDR="docker-registry-local:5001"\n'
            'docker run --network="kind" -v "${PWD}/x.crt:/etc/ssl/certs/x.crt" \\\n'
            "    gcr.io/go-containerregistry/crane:latest \\\n"
            '    copy ghcr.io/spiffe/spire-agent:1.14.0 "${REGISTRY_HTTP_ADDR}/workload:signed"',
            [("crane", "copy", ("docker-registry-local:5001/workload",))],
        ),
    ],
)
def test_a_copy_makes_its_destination(
    text: str, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    assert made(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "skopeo copy docker://quay.io/foo/bar:1.2 docker-archive:/tmp/x.tar",  # (to a file)
        "oras cp --to-oci-layout ghcr.io/a/b:v1 ./b:v1",
        "crane copy acme/app:1.2 acme/app:stable",  # (another tag of its source)
        "crane digest alpine:3.20",
        "crane copy --unknown-option x a:1 b:1",
        "docker run --entrypoint sh gcr.io/go-containerregistry/crane:debug -c 'crane copy a b'",
    ],
)
def test_what_makes_nothing(text: str) -> None:
    assert made(text) == []


def test_a_tool_s_image_runs_the_tool() -> None:
    assert tool_of_image("gcr.io/go-containerregistry/crane:v0.20.2") == "crane"
    assert tool_of_image("ghcr.io/oras-project/oras:v1.2.0") == "oras"
    assert tool_of_image("regclient/regctl@sha256:" + "0" * 64) == "regctl"
    assert tool_of_image("alpine:3.20") is None
    assert pulls("docker run --rm gcr.io/go-containerregistry/crane pull alpine:3.20 x.tar") == [
        ("docker", "run", "gcr.io/go-containerregistry/crane"),
        ("crane", "pull", "alpine:3.20"),
    ]


def test_the_manifests_run_what_the_setup_copied(tmp_path: Path) -> None:
    # spiffe/spire's k8s-sigstore suite (trimmed): its pods run the images it copied
    setup = tmp_path / "00-setup"
    setup.write_text(
        "#!/bin/bash\nREG=docker-registry-local:5001\n"
        "crane copy ghcr.io/spiffe/spire-agent:1.13.0 ${REG}/workload:unsigned\n"
    )
    setup.chmod(0o755)
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  containers:\n"
        "  - name: w\n    image: docker-registry-local:5001/workload:unsigned\n"
    )
    built = {(o.path or "").rpartition("/")[2]: o.built for o in find_references(tmp_path)}
    assert built["pod.yaml"] is not None and built["pod.yaml"].line == 3
    assert built["00-setup"] is None  # (the source is pulled)


def test_a_here_string_feeds_the_first_command() -> None:
    # cert-manager, make/e2e-setup.mk: IMAGE_WITHOUT_DIGEST=$(shell cut -d@ -f1 <<<"$(IMAGE)")
    assert evaluate('cut -d@ -f1 <<<"docker.io/a/b:1@sha256:00"', ".", ".", {}) == "docker.io/a/b:1"
    assert evaluate("cut -d@ -f1 <<< x@y | tr -d x", ".", ".", {}) == ""
    assert evaluate('cut -d@ -f1 <<<"$HOME"', ".", ".", {}) is None


# cert-manager, Makefile and make/e2e-setup.mk (trimmed): the included file's static pattern
# rule pulls each image with crane, its name from the stem; CRI_ARCH is the includer's.
MAKEFILE = """\
SHELL := /usr/bin/env bash
bin_dir := _bin
HOST_ARCH := amd64
include make/e2e-setup.mk
"""
E2E_SETUP = """\
CRI_ARCH := $(HOST_ARCH)
CRANE := $(bin_dir)/tools/crane
IMAGE_vault_amd64 := docker.io/hashicorp/vault:1.14.1@sha256:436d056e8e2a96c7356720069c29229970466f4f686886289dcc94dfa21d3155
IMAGE_kyverno_amd64 := reg.kyverno.io/kyverno/kyverno:v1.18.1@sha256:90ca6e44900da3471732b6954039505fb7348862496fea3f51f7859bdf93e508

define image-tar
$(bin_dir)/downloaded/containers/$(CRI_ARCH)/$(if $(IMAGE_$(1)_$(CRI_ARCH)),$(subst :,+,$(IMAGE_$(1)_$(CRI_ARCH))),missing-$(1)).tar
endef

$(call image-tar,vault) $(call image-tar,kyverno): $(bin_dir)/downloaded/containers/$(CRI_ARCH)/%.tar:
\t@$(eval IMAGE=$(subst +,:,$*))
\t@$(eval IMAGE_WITHOUT_DIGEST=$(shell cut -d@ -f1 <<<"$(IMAGE)"))
\t$(CRANE) pull $(IMAGE_WITHOUT_DIGEST) $@ --platform=linux/$(CRI_ARCH)
"""  # noqa: E501


def test_an_included_makefile_is_read_through_its_includer(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text(MAKEFILE)
    (tmp_path / "make").mkdir()
    (tmp_path / "make" / "e2e-setup.mk").write_text(E2E_SETUP)
    scan = scan_paths([str(tmp_path)])
    assert sorted((Path(o.path or "").name, o.line, o.text) for o in scan.occurrences) == [
        ("e2e-setup.mk", 13, "docker.io/hashicorp/vault:1.14.1"),
        ("e2e-setup.mk", 13, "reg.kyverno.io/kyverno/kyverno:v1.18.1"),
    ]
    alone = scan_paths([str(tmp_path / "make" / "e2e-setup.mk")])
    assert sorted(o.text for o in alone.occurrences) == sorted(o.text for o in scan.occurrences)


def test_cut_prints_a_field_and_those_after_it() -> None:
    # (POSIX cut's `-f N-`: a value of an `.env` that may hold `=`)
    assert evaluate("echo a=b=c | cut -d= -f2-", ".", ".", {}) == "b=c"
    assert evaluate("echo a=b=c | cut -d = -f3-", ".", ".", {}) == "c"
    assert evaluate("echo a=b=c | cut -d= -f4-", ".", ".", {}) == ""
    assert evaluate("echo abc | cut -d= -f2-", ".", ".", {}) == "abc"  # (no delimiter: whole)
    # (a list of fields and ranges, joined by the delimiter: see test_make_functions)
    assert evaluate("echo a=b=c | cut -d= -f-2", ".", ".", {}) == "a=b"
    assert evaluate("echo a=b | cut -d= -f2-1", ".", ".", {}) is None  # (a decreasing range)


def test_a_script_reads_a_value_of_the_env_with_grep_and_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # telekom-security/tpotce (fd2573b1), genuser.sh: the image of its `docker run` was missed
    (tmp_path / ".git").mkdir()
    (tmp_path / ".env").write_text("TPOT_REPO=ghcr.io/telekom-security\nTPOT_VERSION=24.04.1\n")
    (tmp_path / "genuser.sh").write_text(
        "#!/usr/bin/env bash\n"
        'TPOT_REPO=$(grep -E "^TPOT_REPO" .env | cut -d "=" -f2-)\n'
        'TPOT_VERSION=$(grep -E "^TPOT_VERSION" .env | cut -d "=" -f2-)\n'
        'docker run -v $HOME/tpotce:/data --entrypoint "bash" -it -u "${USER}":"${GROUP}"'
        ' "${TPOT_REPO}"/tpotinit:"${TPOT_VERSION}" "/opt/tpot/bin/genuser.sh"\n'
    )
    monkeypatch.chdir(tmp_path)
    found = [(o.path, o.line, o.text) for o in find_references(".")]
    assert found == [("genuser.sh", 4, "ghcr.io/telekom-security/tpotinit:24.04.1")]
