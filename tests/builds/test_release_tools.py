"""kubernetes-csi's release-tools: Cloud Build runs ``.cloudbuild.sh``, which sources
``release-tools/prow.sh`` and calls its ``gcr_cloud_build``: ``make push-multiarch
REGISTRY_NAME=gcr.io/${_STAGING_PROJECT}``, whose ``build.make`` pushes each command's image,
``canary`` from the main branch. The drivers' manifests deploy that canary image: the
project's own (csi-driver-nfs: 3 false TS003, csi-driver-smb: 6; survey 36e).

The files are kubernetes-csi/csi-driver-nfs@d3b27c00743a (trimmed): prow.sh's 51 ``configvar``
settings and its 95 functions, whose bodies call ``die`` and ``run`` and ``cd`` where they
are written (``run_e2e () (``, a body in a subshell), spent the budget of calls and left
``gcr_cloud_build``'s ``make`` without the Makefile's directory.
"""

from __future__ import annotations

import datetime
import doctest
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.builds import shell
from tagsense.sources.builds._shell_functions import _settling_words
from tagsense.sources.builds.shell import ShellReader

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

MAKEFILE = """\
CMDS=nfsplugin
include release-tools/build.make
"""
BUILD_MAKE = """\
REGISTRY_NAME?=quay.io/k8scsi
IMAGE_NAME=$(REGISTRY_NAME)/$*

$(CMDS:%=push-multiarch-%): push-multiarch-%:
\tset -ex; \\
\tpushMultiArch () { \\
\t\ttag=$$1; \\
\t\tdocker buildx build --push \\
\t\t\t--tag $(IMAGE_NAME):$$tag \\
\t\t\t--file Dockerfile \\
\t\t\t.; \\
\t}; \\
\tif [ $(PULL_BASE_REF) = "master" ]; then \\
\t\t\tpushMultiArch canary; \\
\tfi

.PHONY: push-multiarch
push-multiarch: $(CMDS:%=push-multiarch-%)
"""
CLOUDBUILD = """\
timeout: 7200s
options:
  substitution_option: ALLOW_LOOSE
steps:
  - name: 'gcr.io/k8s-staging-test-infra/gcb-docker-gcloud:v20260205-38cfa9523f'
    entrypoint: ./.cloudbuild.sh
    env:
    - GIT_TAG=${_GIT_TAG}
    - PULL_BASE_REF=${_PULL_BASE_REF}
    - REGISTRY_NAME=gcr.io/${_STAGING_PROJECT}
    - HOME=/root
substitutions:
  _GIT_TAG: '12345'
  _PULL_BASE_REF: 'master'
  _STAGING_PROJECT: 'k8s-staging-sig-storage'
"""
CLOUDBUILD_SH = """\
#! /bin/bash
. release-tools/prow.sh

gcr_cloud_build
"""
PROW_HEAD = """\
#! /bin/bash
configvar () {
    eval : \\$\\{"$1":="\\$2"\\}
    eval echo "\\$3:" "$1=\\${$1}"
}

get_versioned_variable () {
    local var="$1"
    local version="$2"
    local value

    eval value="\\${${var}_${version}}"
    if ! [ "$value" ]; then
        eval value="\\${${var}_LATEST}"
    fi
    echo "$value"
}

die () {
    echo >&2 ERROR: "$@"
    exit 1
}

run () {
    echo "$(date) $(go version | sed -e 's/.*version \\(go[^ ]*\\).*/\\1/')\\$" "$@" >&2
    "$@"
}

run_with_go () {
    local version
    version="$1"
    shift
    if [ "$version" ]; then
        version=go$version
        if [ "$(GOTOOLCHAIN=$version go version | cut -d' ' -f3)" != "$version" ]; then
            die "Please install Go 1.21+"
        fi
    fi
    GOTOOLCHAIN=$version GOMODCACHE="$(go env GOMODCACHE)" run "$@"
}

configvar CSI_PROW_GO_VERSION_BUILD "1.26.5" "Go version for building the component"
configvar CSI_PROW_BUILD_PLATFORMS "linux amd64 amd64; linux arm64 arm64 -arm64" "platforms"
"""
SETTINGS = "".join(
    f'configvar CSI_PROW_SETTING_{n} "$(get_versioned_variable CSI_PROW_X_{n} LATEST)" "x"\n'
    for n in range(60)
)
HELPERS = "".join(
    f"helper_{n} () {{\n    run kubectl get x || die 'failed {n}'\n}}\n\n" for n in range(40)
)
PROW_TAIL = """\
run_e2e () (
    name="$1"
    shift
    cd "${GOPATH}/src/${CSI_PROW_E2E_IMPORT_PATH}" &&
    run ginkgo -v "$@"
)

gcr_cloud_build () {
    REV=v$(echo "$GIT_TAG" | cut -f3- -d 'v')
    run_with_go "${CSI_PROW_GO_VERSION_BUILD}" make push-multiarch REV="${REV}" \\
        REGISTRY_NAME="${REGISTRY_NAME}" BUILD_PLATFORMS="${CSI_PROW_BUILD_PLATFORMS}"
}
"""
NODE = """\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: csi-nfs-node
spec:
  template:
    spec:
      containers:
        - name: nfs
          image: gcr.io/k8s-staging-sig-storage/nfsplugin:canary
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "Makefile", MAKEFILE)
    write(tmp_path / "Dockerfile", "FROM registry.k8s.io/build-image/debian-base:bookworm-v1.0.6\n")
    write(tmp_path / "release-tools" / "build.make", BUILD_MAKE)
    write(tmp_path / "cloudbuild.yaml", CLOUDBUILD)
    write(tmp_path / ".cloudbuild.sh", CLOUDBUILD_SH)
    write(tmp_path / "release-tools" / "prow.sh", PROW_HEAD + SETTINGS + HELPERS + PROW_TAIL)
    write(tmp_path / "deploy" / "csi-nfs-node.yaml", NODE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_canary_image_release_tools_push_is_the_project_s_own(project: Path) -> None:
    (node,) = [o for o in find_references(".") if o.path.startswith("deploy")]
    assert node.built is not None and node.built.tool == "make"
    assert [f.code for f in check([node], as_of=DAY)] == []  # (it was TS003 'canary')


def test_a_function_whose_body_runs_in_a_subshell_is_a_function() -> None:
    # (`run_e2e () ( … )`: read as the script's own lines before, its `cd` the script's)
    text = 'build () (\n  cd "$UNSET"\n  docker build -t "acme/$1" .\n)\nbuild api\nbuild web\n'
    names = [name for b in ShellReader().read(text) for name in b.names]
    assert names == ["acme/*", "acme/api", "acme/web"]  # (as a body in braces reads)


@pytest.mark.parametrize(
    ("body", "settles"),
    [
        ('eval : \\$\\{"$1":="\\$2"\\}\neval echo "\\$3:" "$1=\\${$1}"', True),
        ('local v="$1"\nif ! [ "$v" ]; then\n  v=x\nfi\necho "$v"', True),
        ('eval "$@"', False),
        ("docker pull alpine:3.23.4", False),
        ('echo "$(docker pull a)"', False),
        ("helper x", False),
    ],
)
def test_a_function_that_only_settles_variables(body: str, settles: bool) -> None:
    assert (_settling_words(body) is not None) is settles


def test_docstring_examples() -> None:
    assert doctest.testmod(shell).failed == 0
