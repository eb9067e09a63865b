"""Values a script reads from the project's own YAML or JSON files with ``yq`` or ``jq``
(``._jq``): called by its path (``bin/yq``), yq v3's ``yq r FILE PATH``, and a function of a
sourced library that prints such a read (``get-config KEY``), each as written as a ``$(cat
FILE)`` of the file. Anything but a plain path stays a run's value.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def pulled(root: Path) -> list[tuple[str, int | None, str, tuple[str, ...]]]:
    return sorted(
        (os.path.relpath(o.path, root), o.line, o.text, o.unresolved)
        for o in find_references(root).occurrences
        if o.kind == "shell"
    )


# cockroachdb/helm-charts' tests/k3d/dev-cluster.sh (survey s50e), cut down: the yq the
# project downloads into bin/ reads the chart's values; the loop pulls each element.
DEV_CLUSTER = """\
#!/usr/bin/env bash
set -euo pipefail
SIGNER_TAG="$(bin/yq '.tls.selfSigner.image.tag' ./cockroachdb/values.yaml)"
REQUIRED_IMAGES=(
    "quay.io/jetstack/cert-manager-webhook:v1.11.0"
    "$(bin/yq '.cockroachdb.crdbCluster.image.name' ./parent/values.yaml)"
    "gcr.io/cockroachlabs-helm-charts/cockroach-self-signer-cert:${SIGNER_TAG}"
)
for image in "${REQUIRED_IMAGES[@]}"; do
    docker pull "$image"
done
"""


def test_a_yq_the_project_runs_by_its_path_reads_its_values(project: Path) -> None:
    write(
        project / "cockroachdb" / "values.yaml",
        "tls:\n  selfSigner:\n    image:\n      tag: '1.5'\n",
    )
    write(
        project / "parent" / "values.yaml",
        "cockroachdb:\n  crdbCluster:\n    image:\n      name: cockroachdb/cockroach:v25.4.2\n",
    )
    write(project / "tests" / "dev-cluster.sh", DEV_CLUSTER)
    found = pulled(project)
    assert [text for _, _, text, _ in found] == [
        "cockroachdb/cockroach:v25.4.2",
        "gcr.io/cockroachlabs-helm-charts/cockroach-self-signer-cert:1.5",
        "quay.io/jetstack/cert-manager-webhook:v1.11.0",
    ]
    # (a filter that is no plain path is a run's: the element is no image found here)
    write(
        project / "tests" / "dev-cluster.sh", DEV_CLUSTER.replace(".image.name'", ".image | keys'")
    )
    texts = [text for _, _, text, _ in pulled(project)]
    assert "cockroachdb/cockroach:v25.4.2" not in texts
    assert "quay.io/jetstack/cert-manager-webhook:v1.11.0" in texts


def test_yq_v3_read_of_a_path_prints_the_value(project: Path) -> None:
    # (mikefarah/yq v3: `yq r FILE PATH`, a path of keys and indices without v4's leading dot)
    write(project / "versions.yaml", "images:\n  - name: redis\n    ref: redis:7.2.4\n")
    write(
        project / "run.sh",
        "#!/bin/sh\n"
        "REDIS=$(yq r versions.yaml 'images[0].ref')\n"
        'docker run -d "$REDIS"\n'
        "OTHER=$(yq r versions.yaml 'images.*.ref')\n"  # (a wildcard: a run's)
        'docker run -d "$OTHER"\n',
    )
    found = pulled(project)
    assert ("run.sh", 3, "redis:7.2.4", ()) in found
    assert all(text != "redis:7.2.4" for _, line, text, _ in found if line == 5)


# scylladb/scylla-operator's hack/lib/assets.sh and hack/kind/cluster-setup.sh (survey s50e),
# cut down: the kind node image is a value of the project's config that a library function
# reads with yq.
ASSETS = """\
readonly assets_repo_root="$( realpath "$( dirname "${BASH_SOURCE[0]}" )/../.." )"
readonly config_file="${assets_repo_root}/assets/config/config.yaml"

function get-yaml-value() {
    local file="${1}"
    local key="${2}"
    yq -e "$key" "${file}" || {
        echo "Failed to get key ${key} from ${file}" >&2
        exit 1
    }
}

function get-config() {
    get-yaml-value "${config_file}" "${1}"
}
"""
CLUSTER_SETUP = """\
#!/usr/bin/env bash
set -euEo pipefail
readonly repo_root="$( dirname "${BASH_SOURCE[0]}" )/../.."
source "${repo_root}/hack/lib/assets.sh"
kind_node_image="$( get-config '.operatorTests.kindNodeImage' )"
kind create cluster --image="${kind_node_image}"
"""


def test_a_library_function_that_prints_a_yq_read_gives_its_value(project: Path) -> None:
    write(
        project / "assets" / "config" / "config.yaml",
        "operatorTests:\n  kindNodeImage: kindest/node:v1.31.0\n",
    )
    write(project / "hack" / "lib" / "assets.sh", ASSETS)
    write(project / "hack" / "kind" / "cluster-setup.sh", CLUSTER_SETUP)
    assert pulled(project) == [("hack/kind/cluster-setup.sh", 6, "kindest/node:v1.31.0", ())]
    # (a key the file does not have prints null and fails: nothing known to pull)
    write(
        project / "hack" / "kind" / "cluster-setup.sh",
        CLUSTER_SETUP.replace("kindNodeImage", "other"),
    )
    assert all(text != "kindest/node:v1.31.0" for _, _, text, _ in pulled(project))


def test_a_function_that_prints_a_file_with_cat_or_jq_gives_its_text(project: Path) -> None:
    write(project / "BASE_IMAGE", "debian:bookworm-20251117-slim\n")
    write(project / "images.json", '{"db": {"image": "postgres:16.4"}}\n')
    write(
        project / "pull.sh",
        "#!/bin/bash\n"
        "base() { cat BASE_IMAGE; }\n"
        'image_of() { jq -r ".$1.image" images.json; }\n'
        'docker pull "$(base)"\n'
        'docker pull "$(image_of db)"\n'
        "written() { jq -r .db.image images.json > /tmp/x; }\n"  # (printed to a file: nothing)
        'docker pull "$(written)"\n',
    )
    texts = [(line, text) for _, line, text, _ in pulled(project)]
    assert (4, "debian:bookworm-20251117-slim") in texts
    assert (5, "postgres:16.4") in texts
    assert all(line != 7 for line, _ in texts)
