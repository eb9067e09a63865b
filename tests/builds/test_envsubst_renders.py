"""A manifest read through the ``envsubst`` commands of the project's scripts that render it.

A script exports a variable (``export MINIO_CLIENT_VERSION=…``, or gives it to the command:
``cat FILE | KIALI_OPERATOR=… envsubst``) and renders a manifest that says
``${MINIO_CLIENT_VERSION}``: read alone, the manifest's image is filled in "before it is
applied" (TS011); read through the script, it is the value the script gives. The first test
is the real case of session 19's survey: altinity/clickhouse-operator.
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest

from tagsense import check, find_references
from tagsense.sources._envsubst_runs import rendered

DAY = datetime.date(2026, 12, 5)
CLICKHOUSE = Path(__file__).parent.parent / "data" / "realworld" / "clickhouse-operator-50e8d049"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("MINIO_CLIENT_VERSION", "APP_IMAGE", "APP_TAG", "TAG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _texts(path: str) -> list[str]:
    return sorted(o.text for o in find_references(path) if o.path == path)


def test_clickhouse_operator_s_minio_job_has_the_client_version_its_script_exports(
    project: Path,
) -> None:
    # deploy/minio/install-minio-tenant.sh: `export MINIO_CLIENT_VERSION="${…:-RELEASE.…}"`,
    # then `kubectl apply -n … -f <(envsubst < "$CUR_DIR/minio-tenant-create-bucket-…")`.
    shutil.copytree(CLICKHOUSE / "deploy", project / "deploy")
    manifest = os.path.join("deploy", "minio", "minio-tenant-create-bucket-template.yaml")
    whole = find_references(".")
    alone = find_references(manifest)  # (the pre-commit case: one file, the same answer)
    assert [o for o in whole if o.path == manifest] == list(alone)
    (job,) = alone
    assert job.text == "quay.io/minio/mc:RELEASE.2024-10-29T15-34-59Z"
    assert job.context["command"] == {
        "tool": "shell",
        "path": os.path.join("deploy", "minio", "install-minio-tenant.sh"),
        "line": 61,
        "text": "envsubst",
    }
    assert "TS011" not in {f.code for f in check(alone, as_of=DAY)}


def test_a_variable_given_to_the_command_fills_the_piped_file_in(project: Path) -> None:
    write(project / "deploy.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
          "    - name: app\n      image: ${APP_IMAGE}:${APP_TAG}\n")  # fmt: skip
    write(project / "render.sh", 'cat deploy.yaml | APP_IMAGE=acme/app APP_TAG="1.2.3" envsubst'
          " | kubectl apply -f -\n")  # fmt: skip
    assert _texts("deploy.yaml") == ["acme/app:1.2.3"]


def test_a_process_substitution_s_pipeline_renders_its_file(project: Path) -> None:
    # (altinity/clickhouse-operator's operator-web-installer/clickhouse-operator-install.sh:
    # `kubectl apply -f <( \ cat "${MANIFEST}" | OPERATOR_IMAGE="${OPERATOR_IMAGE}" … envsubst \ )`)
    write(project / "deploy.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
          "    - name: op\n      image: ${OPERATOR_IMAGE}\n")  # fmt: skip
    write(project / "install.sh", 'OPERATOR_IMAGE="acme/operator:0.25.6"\n'
          'kubectl apply --namespace=x -f <( \\\n  cat deploy.yaml | \\\n'
          '  OPERATOR_IMAGE="${OPERATOR_IMAGE}" \\\n  envsubst \\\n)\n')  # fmt: skip
    assert _texts("deploy.yaml") == ["acme/operator:0.25.6"]


def test_a_variable_only_set_is_not_envsubst_s_and_stays_unresolved(project: Path) -> None:
    # (envsubst sees the environment: a variable the script sets without export is not in it)
    write(project / "deploy.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
          "    - name: app\n      image: acme/app:${TAG}\n")  # fmt: skip
    write(project / "render.sh", "TAG=1.2.3\nenvsubst < deploy.yaml | kubectl apply -f -\n")
    (occurrence,) = find_references("deploy.yaml")
    assert occurrence.unresolved == ("TAG",)
    write(project / "render.sh", "export TAG=1.2.3\nenvsubst < deploy.yaml > out.yaml\n")
    assert _texts("deploy.yaml") == ["acme/app:1.2.3"]


def test_a_script_a_makefile_runs_renders_its_own_directory_s_file_with_the_export(
    project: Path,
) -> None:
    """devfile/devworkspace-operator: `export DWO_IMG ?= quay.io/…:next` in the Makefile,
    whose `generate_deployment` runs build/scripts/generate_deployment.sh; the script names
    its files from its own directory (`SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)`) and
    renders them with envsubst. Run by make, those files were placed from make's directory
    (`../deploy/…`, no file of the project), so the export never reached them."""
    write(project / "deploy" / "m.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
          "    - name: c\n      image: ${DWO_IMG}\n")  # fmt: skip
    write(project / "Makefile", "export DWO_IMG ?= acme/controller:next\n"
          "generate_deployment:\n\tbuild/scripts/generate.sh\n")  # fmt: skip
    write(project / "build" / "scripts" / "generate.sh", "#!/bin/bash\n"
          'SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)\n'
          "envsubst '$DWO_IMG' < \"${SCRIPT_DIR}/../../deploy/m.yaml\" > out.yaml\n")  # fmt: skip
    assert _texts(os.path.join("deploy", "m.yaml")) == ["acme/controller:next"]


def test_a_shell_format_names_the_only_variables_put_in(project: Path) -> None:
    write(project / "deploy.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
          "    - name: app\n      image: acme/app:${TAG}\n")  # fmt: skip
    write(project / "render.sh", "export TAG=1.2.3\nenvsubst '$NAMESPACE' < deploy.yaml\n")
    (occurrence,) = find_references("deploy.yaml")
    assert occurrence.unresolved == ("TAG",)


def test_a_function_of_a_sourced_file_renders_the_file_its_call_names(project: Path) -> None:
    # hyperledger/fabric-samples' test-network-k8s: `network` exports the versions, sources
    # scripts/utils.sh (`apply_template() { cat $1 | envsubst | kubectl apply -f -; }`) and
    # scripts/peers.sh, whose function calls it; many calls of a logging function before.
    write(project / "kube" / "peer.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
          "    - name: peer\n      image: ${REGISTRY}/peer:${VERSION}\n")  # fmt: skip
    write(project / "scripts" / "utils.sh", 'log() {\n  echo -e $@ >> ${LOG_FILE}\n}\n'
          "apply_template() {\n  cat $1 | envsubst | kubectl -n $2 apply -f -\n}\n")  # fmt: skip
    write(project / "scripts" / "peers.sh",
          "launch_peers() {\n  apply_template kube/peer.yaml $NS\n}\n")  # fmt: skip
    write(project / "scripts" / "noop.sh", "noop() {\n  ;\n}\n")  # (a line of `;` alone)
    logs = "".join(f'log "step {index}"\nnoop\n' for index in range(100))
    write(project / "network", '#!/usr/bin/env bash\ncd "$(dirname "$0")"\n'
          "export REGISTRY=ghcr.io/acme\nexport VERSION=2.5.1\n. scripts/utils.sh\n"
          f". scripts/peers.sh\n. scripts/noop.sh\n{logs}launch_peers\n")  # fmt: skip
    (project / "network").chmod(0o755)
    path = os.path.join("kube", "peer.yaml")
    assert _texts(path) == ["ghcr.io/acme/peer:2.5.1"]


def test_the_project_root_a_script_finds_with_realpath_is_its_directory(project: Path) -> None:
    # (altinity/clickhouse-operator's cat-clickhouse-operator-install-yaml.sh:
    # PROJECT_ROOT="$(realpath "${CUR_DIR}/../..")")
    write(project / "deploy" / "templates" / "deployment.yaml", "apiVersion: v1\nkind: Pod\n"
          "spec:\n  containers:\n    - name: op\n      image: ${OPERATOR_IMAGE}\n")  # fmt: skip
    write(project / "deploy" / "builder" / "cat.sh",
          'CUR_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" >/dev/null 2>&1 && pwd)"\n'
          'PROJECT_ROOT="$(realpath "${CUR_DIR}/../..")"\n'
          'OPERATOR_IMAGE="${OPERATOR_IMAGE:-"acme/operator:0.25.6"}"\n'
          'cat "${PROJECT_ROOT}/deploy/templates/deployment.yaml" | \\\n'
          '    OPERATOR_IMAGE="${OPERATOR_IMAGE}" envsubst\n')  # fmt: skip
    assert _texts(os.path.join("deploy", "templates", "deployment.yaml")) == [
        "acme/operator:0.25.6"
    ]


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("image: ${A}:$B", {"A": "x", "B": "1"}, "image: x:1"),
        ("image: ${A}:${C}", {"A": "x"}, "image: x:${C}"),
        ("image: ${A:-d}", {"A": "x"}, "image: ${A:-d}"),  # (no default: GNU envsubst's)
        ("image: ${A}", {"A": "two\nlines"}, "image: ${A}"),
    ],
)
def test_rendered_puts_in_what_envsubst_puts_in(
    text: str, env: dict[str, str], expected: str
) -> None:
    assert rendered(text, env) == expected


def test_a_compose_template_a_script_renders_is_read_through_the_render(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # netbirdio/netbird (ee253fedd, trimmed): infrastructure_files/configure.sh sources
    # base.setup.env, which gives each tag a default and exports it, then runs `envsubst
    # <docker-compose.yml.tmpl >$artifacts_path/docker-compose.yml` and the user starts that
    # (survey 37c: the template was never read, its 5 pulls missed).
    for name in ("NETBIRD_DASHBOARD_TAG", "COTURN_TAG"):
        monkeypatch.delenv(name, raising=False)
    files = project / "infrastructure_files"
    write(
        files / "base.setup.env",
        '# Image tags\nNETBIRD_DASHBOARD_TAG=${NETBIRD_DASHBOARD_TAG:-"latest"}\n'
        'COTURN_TAG=${COTURN_TAG:-"latest"}\n\n'
        "export NETBIRD_DASHBOARD_TAG\nexport COTURN_TAG\n",
    )
    write(
        files / "configure.sh",
        "#!/bin/bash\nset -e\n\nsource base.setup.env\n\n"
        'artifacts_path="./artifacts"\nmkdir -p $artifacts_path\n'
        "envsubst <docker-compose.yml.tmpl >$artifacts_path/docker-compose.yml\n",
    )
    write(
        files / "docker-compose.yml.tmpl",
        "services:\n  dashboard:\n    image: netbirdio/dashboard:$NETBIRD_DASHBOARD_TAG\n"
        "  coturn:\n    image: coturn/coturn:$COTURN_TAG\n",
    )
    # (a compose template no script renders is a template still: not read)
    write(project / "other" / "docker-compose.yml.tmpl", "services:\n  a:\n    image: x:$T\n")
    scan = find_references(".")
    assert [(o.path, o.text, o.unresolved) for o in scan] == [
        (os.path.join("infrastructure_files", "docker-compose.yml.tmpl"), text, ())
        for text in ("netbirdio/dashboard:latest", "coturn/coturn:latest")
    ]
    assert [f.code for f in check(scan, as_of=DAY)] == ["TS001", "TS001"]


def test_a_manifest_template_a_script_renders_is_read_through_the_render(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # openyurtio/openyurt (config/setup/K8s-on-K8s, trimmed): setup.sh sources config.env,
    # exports TENANT_K8S_VERSION and runs `envsubst "${SHELL_FORMAT}" <
    # tenant-apiserver.yaml.template | kubectl apply -f -` (survey 44e: 5 pulls missed).
    monkeypatch.delenv("TENANT_K8S_VERSION", raising=False)
    setup = project / "config" / "setup"
    write(setup / "config.env", 'TENANT_K8S_VERSION="v1.32.0"\n')
    write(
        setup / "setup.sh",
        '#!/bin/bash\nCONFIG_FILE="./config.env"\nsource "${CONFIG_FILE}"\n'
        "export TENANT_K8S_VERSION\nSHELL_FORMAT='${TENANT_K8S_VERSION}'\n"
        'envsubst "${SHELL_FORMAT}" < tenant-apiserver.yaml.template | kubectl apply -f -\n',
    )
    write(
        setup / "tenant-apiserver.yaml.template",
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
        "      containers:\n      - name: kube-apiserver\n"
        "        image: registry.k8s.io/kube-apiserver:${TENANT_K8S_VERSION}\n",
    )
    # (a manifest template no script renders is a template still: not read)
    write(
        project / "other" / "pod.yaml.template",
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: x:$T\n",
    )
    scan = find_references(".")
    assert [(o.path, o.text, o.unresolved) for o in scan] == [
        (
            os.path.join("config", "setup", "tenant-apiserver.yaml.template"),
            "registry.k8s.io/kube-apiserver:v1.32.0",
            (),
        )
    ]
    assert [f.code for f in check(scan, as_of=DAY)] == []


# mojaloop/ml-core-test-harness's k8s-mojaloop-perf-tuning/patch.sh (Apache-2.0, commit
# 6f8d9d85, survey 45a): each arm of its `case` exports the services' tags, then
# `kubectl patch deployment … -p "$(envsubst <$DIR/ledger-service.yaml)"` patches the
# workloads with files that say no apiVersion or kind (strategic-merge patches).
_PATCH_SCRIPT = """#!/bin/sh
DIR=`dirname $(readlink -f "$0" 2> /dev/null)`
export LEDGER_TAG=v17.6.2
kubectl patch deployment --namespace mojaloop moja-centralledger-service {patch}
"""
_LEDGER_PATCH = """spec:
  replicas: 1
  template:
    spec:
      initContainers:
        - name: run-migration
          image: mojaloop/central-ledger:$LEDGER_TAG
      containers:
        - name: centralledger-service
          image: mojaloop/central-ledger:$LEDGER_TAG
"""


def test_a_patch_a_substitution_renders_is_read_with_the_values_the_script_gives(
    project: Path,
) -> None:
    write(project / "tuning" / "ledger-service.yaml", _LEDGER_PATCH)
    write(project / "tuning" / "patch.sh",
          _PATCH_SCRIPT.format(patch='-p "$(envsubst <$DIR/ledger-service.yaml)"'))  # fmt: skip
    patch = os.path.join("tuning", "ledger-service.yaml")
    found = [o for o in find_references(".") if o.path == patch]
    assert [(o.line, o.text) for o in found] == [
        (7, "mojaloop/central-ledger:v17.6.2"),
        (10, "mojaloop/central-ledger:v17.6.2"),
    ]
    assert found[0].context["command"]["line"] == 4


def test_a_cron_job_s_and_a_pod_s_patch_are_read_as_theirs(project: Path) -> None:
    write(project / "cron.yaml", "spec:\n  jobTemplate:\n    spec:\n      template:\n"
          "        spec:\n          containers:\n            - name: c\n"
          "              image: acme/job:${TAG}\n")  # fmt: skip
    write(project / "pod.yaml", "spec:\n  containers:\n    - name: p\n"
          "      image: acme/pod:${TAG}\n")  # fmt: skip
    write(project / "patch.sh", "export TAG=1.2.3\n"
          'kubectl patch cronjob c -p "$(envsubst < cron.yaml)"\n'
          'kubectl patch pod p --patch "$(envsubst < pod.yaml)"\n')  # fmt: skip
    assert _texts("cron.yaml") == ["acme/job:1.2.3"]
    assert _texts("pod.yaml") == ["acme/pod:1.2.3"]


def test_a_kindless_file_no_script_renders_or_of_no_workload_s_shape_is_none_of_ours(
    project: Path,
) -> None:
    write(project / "alone" / "ledger-service.yaml", _LEDGER_PATCH)  # (nothing renders it)
    write(project / "settings.yaml", "spec:\n  image: acme/app:${TAG}\n")  # (no pod's shape)
    write(project / "render.sh", 'export TAG=1\ncat "$(envsubst < settings.yaml)"\n')
    assert _texts(os.path.join("alone", "ledger-service.yaml")) == []
    assert _texts("settings.yaml") == []
