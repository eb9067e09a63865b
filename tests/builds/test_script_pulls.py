"""Shell scripts (``*.sh``): the images their commands run or pull (kind ``shell``), found
as a source of their own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from tagsense.cli import main
from tagsense.sources import find_references, scan_paths
from tagsense.sources.builds.script import scan_shell_script
from tagsense.sources.discover import discover, kind_of_file

if TYPE_CHECKING:
    import pytest

# paperless-ngx/paperless-ngx, scripts/start_services.sh (the services of a development run).
START_SERVICES = """\
#!/usr/bin/env bash

docker run -p 5432:5432 -e POSTGRES_PASSWORD=password -v paperless_pgdata:/var/lib/postgresql/data -d postgres:15
docker run -d -p 6379:6379 redis:latest
docker run -p 3000:3000 -d gotenberg/gotenberg:7.8 gotenberg --chromium-disable-javascript=true --chromium-allow-list="file:///tmp/.*"
docker run -p 9998:9998 -d docker.io/apache/tika:latest
"""  # noqa: E501 (the script's own lines)

# strimzi/strimzi-kafka-operator, .azure/scripts/setup-kubernetes.sh (trimmed), and lines that
# pull nothing a script settles.
SETUP = """\
#!/usr/bin/env bash
MINIKUBE_REGISTRY_IMAGE=${REGISTRY_IMAGE:-"registry"}
KAFKA_IMAGE=quay.io/strimzi/kafka:0.48.0-kafka-4.1.0

function setup_kube() {
    docker run -d -p 5000:5000 ${MINIKUBE_REGISTRY_IMAGE}
    docker run --rm "$1" --version
    echo "docker run alpine:3.20"
    docker run --unknown-option value debian:12
    # docker run busybox:1.36
    sudo docker pull $KAFKA_IMAGE
}
"""


def test_a_script_s_commands_run_and_pull_images(tmp_path: Path) -> None:
    script = tmp_path / "start_services.sh"
    script.write_text(START_SERVICES)
    scan = scan_shell_script(str(script))
    assert [(o.line, o.column, o.text) for o in scan] == [
        (3, 103, "postgres:15"),
        (4, 28, "redis:latest"),
        (5, 28, "gotenberg/gotenberg:7.8"),
        (6, 28, "docker.io/apache/tika:latest"),
    ]
    assert all(o.kind == "shell" and o.unresolved == () for o in scan)
    assert scan.occurrences[0].context == {"tool": "shell", "engine": "docker", "verb": "run"}


def test_a_command_winpty_runs_is_read(tmp_path: Path) -> None:
    # ddev/ddev@a278400d, docs/content/developers/scripts/windows_buildkite_setup.sh (Git
    # Bash's winpty runs the Windows console program after its own flags)
    script = tmp_path / "windows_buildkite_setup.sh"
    script.write_text(
        "# Get firewall set up with a single run\n"
        "winpty docker run -it --rm -p 80 ddev/ddev-utilities ls\n"
        "winpty -Xallow-non-tty docker pull alpine:3.20\n"
        'echo "winpty docker run -it busybox:1.36"\n'
    )
    assert [(o.line, o.text) for o in scan_shell_script(str(script))] == [
        (2, "ddev/ddev-utilities"),
        (3, "alpine:3.20"),
    ]


def test_an_engine_that_docker_exec_runs_in_a_container_pulls(tmp_path: Path) -> None:
    # pulp/pulp-oci-images' images/s6_assets/pulp_tests.sh (its CI sources it): Podman in the
    # pulp container pulls busybox from the registry (survey s51b)
    script = tmp_path / "pulp_tests.sh"
    script.write_text(
        "podman exec -u pulp pulp podman pull docker.io/library/busybox\n"
        "docker exec -it --env A=1 -w /src dind docker run --rm alpine:3.22.2 true\n"
        "docker exec db psql -c 'select 1'\n"
        "docker exec app sh -c 'echo docker pull busybox:1.36'\n"
    )
    scan = scan_shell_script(str(script))
    assert [(o.line, o.text, o.context["engine"], o.context["verb"]) for o in scan] == [
        (1, "docker.io/library/busybox", "podman", "pull"),
        (2, "alpine:3.22.2", "docker", "run"),
    ]


def test_a_shell_script_that_docker_exec_runs_in_a_container_is_read(tmp_path: Path) -> None:
    # nestybox/sysbox's tests (tests/syscall/chown/chown.bats, tests/kindind/kindind.bats):
    # the container's Docker runs and kind pulls what the exec'd `sh -c` script names, with
    # this shell's variables put in a double-quoted script (survey s53c)
    script = tmp_path / "inner.sh"
    script.write_text(
        "REPO=ghcr.io/acme\n"
        'docker exec "$sc" sh -c "docker run -d --rm ${REPO}/alpine:3.19 tail -f /dev/null"\n'
        'docker exec -d -u root "$sc" bash -ec "docker pull quay.io/coreos/flannel:v0.1 2>&1"\n'
        'docker exec "$sc" sh -c "kind create cluster --image=${REPO}/kindestnode:v1.18.19"\n'
        "docker exec \"$sc\" sh -c 'REPO=docker.io/other; docker pull $REPO/busybox:1.36'\n"
        "docker exec \"$sc\" sh -c 'docker pull $REPO/debian:12'\n"
        "docker exec db psql -c 'select 1'\n"
        "docker exec app sh -x script.sh\n"
    )
    scan = scan_shell_script(str(script))
    assert [(o.line, o.text, o.context["verb"]) for o in scan] == [
        (2, "ghcr.io/acme/alpine:3.19", "run"),
        (3, "quay.io/coreos/flannel:v0.1", "pull"),
        (4, "ghcr.io/acme/kindestnode:v1.18.19", "create cluster"),
        (5, "docker.io/other/busybox:1.36", "pull"),
    ]


def test_a_word_that_may_be_no_word_or_options_before_the_image(tmp_path: Path) -> None:
    # gristlabs/grist-core, test/test_under_docker.sh: `docker run … ${TEST_DOCKER_OPTIONS:-}
    # ${TEST_IMAGE:-gristlabs/grist}`: unquoted, an empty value is no word, options come before
    # the image (survey s52f); one that may be the image itself is left alone
    script = tmp_path / "test_under_docker.sh"
    script.write_text(
        "docker run --rm ${TEST_DOCKER_OPTIONS:-} ${TEST_IMAGE:-gristlabs/grist} &\n"
        "docker run --rm ${OPTS} redis:7\n"
        "docker run ${EXTRA_ARGS} -it alpine\n"
        "docker run --rm ${X:-} postgres:16 postgres -c fsync=off\n"
        "docker run --rm ${X:-} bash\n"
        "docker run --rm ${IMAGE:-} sh\n"
        'docker run --rm "${OPTS:-}" busybox:1.36\n'
        "docker run --rm $X debian:12\n"
    )
    scan = scan_shell_script(str(script))
    assert [(o.line, o.text) for o in scan] == [
        (1, "gristlabs/grist"),
        (2, "redis:7"),
        (3, "alpine"),
        (4, "postgres:16"),
    ]


def test_buildah_from_and_pull_are_pulls(tmp_path: Path) -> None:
    # containers/buildah's tests and demos (`ctr=$(buildah from …)`, `buildah pull …`): 73
    # pulls missed (survey 28y); `scratch` is an empty container, a local transport no pull.
    script = tmp_path / "demo.sh"
    script.write_text(
        "#!/bin/sh\n"
        "ctr=$(buildah from --name web registry.access.redhat.com/ubi9/ubi-minimal)\n"
        "buildah from scratch\n"
        "buildah pull --tls-verify=false docker://quay.io/acme/base:1.2\n"
        "buildah --storage-driver vfs from --pull alpine:3.20\n"
        "buildah pull oci-archive:/tmp/a.tar\n"
        'buildah from "$ctr"\n'
    )
    scan = scan_shell_script(str(script))
    assert [(o.line, o.text, o.context["verb"]) for o in scan] == [
        (2, "registry.access.redhat.com/ubi9/ubi-minimal", "from"),
        (4, "quay.io/acme/base:1.2", "pull"),
        (5, "alpine:3.20", "from"),
    ]
    assert {o.context["engine"] for o in scan} == {"buildah"}


def test_only_what_the_script_settles_is_a_pull(tmp_path: Path) -> None:
    script = tmp_path / "setup-kubernetes.sh"
    script.write_text(SETUP)
    # (`${NAME:-default}`: the default, as in a CI job's script; `$1` only a run knows)
    assert [(o.line, o.column, o.text) for o in scan_shell_script(str(script))] == [
        (6, 5, "registry"),  # (from a variable: the command's first column)
        (11, 5, "quay.io/strimzi/kafka:0.48.0-kafka-4.1.0"),
    ]


def test_a_script_that_pulls_nothing_or_cannot_be_read_gives_nothing(tmp_path: Path) -> None:
    script = tmp_path / "test.sh"
    script.write_text("#!/bin/sh\ngo test ./...\nnpm run lint\n")
    assert list(scan_shell_script(str(script))) == []
    assert list(scan_shell_script(str(tmp_path / "missing.sh"))) == []
    big = tmp_path / "big.sh"
    big.write_text("docker run redis:latest\n" + "#" * 2000 + "\n")
    assert list(scan_shell_script(str(big), max_bytes=1000)) == []


def test_scripts_are_a_source_and_what_they_build_is_built(tmp_path: Path) -> None:
    assert kind_of_file("start_services.sh") == "shell" and kind_of_file(".sh") is None
    (tmp_path / "build.sh").write_text(
        "docker build -t acme/tool:dev .\ndocker run --rm acme/tool:dev lint\n"
        "docker run --rm redis:latest\n"
    )
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "run.sh").write_text("docker run redis:7\n")
    assert discover([str(tmp_path)]) == [(str(tmp_path / "build.sh"), "shell")]
    built = {o.text: o.built for o in scan_paths([str(tmp_path)])}
    site = built.pop("acme/tool:dev")
    assert site is not None and (site.tool, site.line) == ("shell", 1)
    assert built == {"redis:latest": None}


def test_a_script_given_as_text_is_read_by_its_name() -> None:
    scan = find_references("docker run -d redis:latest\n", kind="shell")
    assert [(o.path, o.line, o.column, o.text) for o in scan] == [(None, 1, 15, "redis:latest")]


def test_a_script_s_comments_suppress_findings_on_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dev.sh").write_text(
        "docker run --rm golangci/golangci-lint:latest  # tagsense: ignore[TS001]\n"
        "echo 'an ignore comment covers its line and the next'\n"
        "docker run --rm getwoke/woke:latest\n"
    )
    code = main(["check", "--format", "json", "--offline", str(tmp_path)])
    report = json.loads(capsys.readouterr().out)
    findings = [(Path(f["path"]).name, f["line"], f["code"]) for f in report["findings"]]
    assert (code, findings) == (1, [("dev.sh", 3, "TS001")])


def test_the_node_image_kind_build_node_image_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # kubernetes-sigs/kind's hack/ci/e2e-k8s.sh: `kind build node-image` builds kind's default
    # kindest/node:latest from the Kubernetes sources, which `kind create cluster
    # --image=kindest/node:latest` then runs: no pull of latest (a false TS001 before).
    (tmp_path / ".git").mkdir()
    (tmp_path / "e2e.sh").write_text(
        "#!/bin/bash\nbuild() {\n  kind build node-image -v 1\n}\n"
        "kind create cluster \\\n  --image=kindest/node:latest --retain\n"
        "$KIND build node-image --image kindest/node:dev\n"
        "kind create cluster --image kindest/node:dev\n"
        "kind create cluster --image ghcr.io/acme/node:main\n"  # (built by nothing: pulled)
    )
    main(["check", "--format", "json", "--offline", "--as-of", "2026-12-03", str(tmp_path)])
    report = json.loads(capsys.readouterr().out)
    findings = [(f["line"], f["code"], f["reference"]) for f in report["findings"]]
    assert findings == [(9, "TS003", "ghcr.io/acme/node:main")]
    scan = scan_paths([str(tmp_path)])
    built = [(o.line, o.text, o.built.tool) for o in scan.occurrences if o.built]
    assert built == [(6, "kindest/node:latest", "shell"), (8, "kindest/node:dev", "shell")]


def test_the_node_image_kind_create_cluster_runs(tmp_path: Path) -> None:
    # strimzi/strimzi-kafka-operator .azure/scripts/setup-kind.sh: `kind create cluster
    # --image "$KIND_NODE_IMAGE"`; `kind load docker-image` loads a built image (no pull), and
    # a cluster without --image runs the node image kind's version chooses (not known here).
    script = tmp_path / "setup-kind.sh"
    script.write_text(
        "#!/bin/bash\nKIND_NODE_IMAGE=kindest/node:v1.33.4\n"
        'kind create cluster --name test --image "$KIND_NODE_IMAGE" --wait 5m\n'
        "kind create cluster --image=kindest/node:v1.32.0\n"
        "kind load docker-image acme/app:dev\nkind create cluster\n"
    )
    found = [
        (o.line, o.column, o.text, o.context["engine"]) for o in scan_shell_script(str(script))
    ]
    assert found == [
        (3, 1, "kindest/node:v1.33.4", "kind"),
        (4, 29, "kindest/node:v1.32.0", "kind"),
    ]


def test_the_node_image_k3d_cluster_create_runs(tmp_path: Path) -> None:
    # RocketChat/helm-charts' task.bash: `k3d cluster create --image rancher/k3s:v1.33.2-k3s1`
    # (k3d's `-i, --image`: "Specify k3s image that you want to use for the nodes"). Without
    # it, with `--config`, or with a channel (`+stable`), k3d's version or the file decides.
    script = tmp_path / "cluster.sh"
    script.write_text(
        "#!/bin/bash\nK3S=rancher/k3s:v1.32.1-k3s1\n"
        "k3d cluster create --api-port 6550 \\\n  --image rancher/k3s:v1.33.2-k3s1 --no-lb e2e\n"
        'k3d cluster create dev -i "$K3S"\n'
        "$K3D cluster create --image=rancher/k3s:v1.31.0-k3s1\n"
        "k3d cluster create --config k3d.yaml\nk3d cluster create --image +stable\n"
        "k3d cluster create --image latest\nk3d image import acme/app:dev\n"
        "k3d cluster list --image rancher/k3s:v1.0.0-k3s1\n"
    )
    found = [
        (o.line, o.text, o.context["engine"], o.context["verb"])
        for o in scan_shell_script(str(script))
    ]
    assert found == [
        (4, "rancher/k3s:v1.33.2-k3s1", "k3d", "cluster create"),  # (the image's line)
        (5, "rancher/k3s:v1.32.1-k3s1", "k3d", "cluster create"),
        (6, "rancher/k3s:v1.31.0-k3s1", "k3d", "cluster create"),
    ]


def test_the_registry_image_k3d_registry_create_runs(tmp_path: Path) -> None:
    # databendlabs/databend's scripts/ci/ci-setup-chaos-meta.sh (survey 30c); k3d's
    # `registry create --image`: "Specify image used for the registry".
    script = tmp_path / "registry.sh"
    script.write_text(
        "#!/bin/bash\n"
        "k3d registry create registry.localhost --port 0.0.0.0:5111 -i registry:latest\n"
        "k3d registry create other --image=docker.io/library/registry:2.8.3\n"
        "k3d registry create plain\nk3d registry list -i registry:2\n"
    )
    found = [(o.line, o.text, o.context["verb"]) for o in scan_shell_script(str(script))]
    assert found == [
        (2, "registry:latest", "registry create"),
        (3, "docker.io/library/registry:2.8.3", "registry create"),
    ]


def test_the_image_faas_cli_deploy_has_openfaas_run(tmp_path: Path) -> None:
    # openfaas/faas-netes's CI runs contrib/run_function.sh: `faas-cli deploy
    # --image=functions/alpine:latest --fprocess=cat --name "echo"` (a miss in survey 14b).
    # With a stack file (`-f`, `--yaml`) faas-cli deploys its functions instead; without a
    # `--name` it deploys nothing; `build --image` builds, and `store deploy` takes a store's.
    script = tmp_path / "run_function.sh"
    script.write_text(
        "#!/bin/bash\nFN_IMAGE=functions/nodeinfo:0.1.0\n"
        'faas-cli deploy --image=functions/alpine:latest --fprocess=cat --name "echo"\n'
        'faas-cli deploy --name info --image "$FN_IMAGE" --gateway http://127.0.0.1:8080\n'
        "faas-cli deploy -f stack.yml --image acme/a:1.0 --name a\n"
        "faas-cli deploy --yaml=stack.yml --image acme/b:1.0 --name b\n"
        "faas-cli deploy --image acme/c:1.0\n"
        "faas-cli build --image acme/d:1.0 --name d --lang dockerfile\n"
        "faas-cli store deploy figlet\n"
    )
    found = [
        (o.line, o.column, o.text, o.context["engine"], o.context["verb"])
        for o in scan_shell_script(str(script))
    ]
    assert found == [
        (3, 25, "functions/alpine:latest", "faas-cli", "deploy"),
        (4, 1, "functions/nodeinfo:0.1.0", "faas-cli", "deploy"),
    ]


# qdrant/qdrant, tools/update-diagrams.sh (its command), and xargs's other options.
XARGS = """\
#!/usr/bin/env bash
find . -name '*.mmd' \\
  | xargs -I {} docker run --rm -v $PWD:/data -u $UID ghcr.io/mermaid-js/mermaid-cli/mermaid-cli:latest -i /data/{} -o /data/{}.png
ls | xargs -n 1 -P4 --delimiter '\\n' docker run --rm busybox:1.37.0 echo
ls | xargs docker pull
"""  # noqa: E501 (the script's own line)


def test_xargs_runs_the_command_after_its_options(tmp_path: Path) -> None:
    # Each line of its input goes into the command (`-I {}`: in place of `{}`), whose image is
    # written out: a pull missed before. A `docker pull` of the input's names pulls what only
    # the run knows.
    script = tmp_path / "update-diagrams.sh"
    script.write_text(XARGS)
    scan = scan_shell_script(str(script))
    assert [(o.line, o.text) for o in scan] == [
        (3, "ghcr.io/mermaid-js/mermaid-cli/mermaid-cli:latest"),
        (4, "busybox:1.37.0"),
    ]


# open-policy-agent/gatekeeper, test/bats/test.bats (trimmed): a Bats test file is bash
BATS = """\
#!/usr/bin/env bats

load helpers

setup() {
  kubectl get pod temp >/dev/null 2>&1 || kubectl run temp --image=curlimages/curl -- tail -f /dev/null
}

@test "mutation" {
  run kubectl run nginx --image=nginx --dry-run=server --output json
  assert_success
}
"""  # noqa: E501 (the file's own lines)


def test_a_bats_test_file_is_a_script(tmp_path: Path) -> None:
    (tmp_path / "test.bats").write_text(BATS)
    assert kind_of_file(str(tmp_path / "test.bats")) == "shell"
    found = [(o.line, o.text) for o in scan_paths([str(tmp_path)]).occurrences]
    assert found == [(6, "curlimages/curl")]  # (a server-side dry run pulls nothing)


def test_a_command_string_a_wrapper_script_of_the_project_runs_is_read(tmp_path: Path) -> None:
    """18F/iv-cbv-payroll (trimmed): app/bin/owasp-scan builds `cmd="docker run …
    $docker_name …"` (`owasp/zap2docker-weekly`, its `-s` option `-stable`) and runs
    `` `dirname "$0"`/with-server "$cmd" ``, a script of the project that starts the app and
    runs its `$@` (survey s59c: both images missed). Each image a run of the script pulls is
    at the call; a script that does not run its words, or a word that is no command, pulls
    nothing."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "with-server").write_text(
        "#!/usr/bin/env bash\nif [[ $# -eq 0 ]]; then\n  exit 1\nfi\nrails server &\n$@\n"
    )
    (bin_ / "log-it").write_text('#!/usr/bin/env bash\necho "$@" >> log.txt\n')
    scan = bin_ / "scan"
    scan.write_text(
        "#!/usr/bin/env bash\nset -e\n"
        'docker_name="owasp/zap2docker-weekly"\n'
        'while getopts "s" opt; do\n  case "$opt" in\n'
        '    s) docker_name="owasp/zap2docker-stable" ;;\n  esac\ndone\n'
        'cmd="docker run --rm -v $(pwd):/zap/wrk/:rw -t $docker_name zap-baseline.py"\n'
        '`dirname "$0"`/with-server "$cmd"\n'
        '"$(dirname "$0")/log-it" "docker run --rm busybox:1.36"\n'
        '"$(dirname "$0")/with-server" "bundle exec rspec"\n'
        'bash "$(dirname "$0")/with-server" "docker run --rm alpine:3.20 true"\n'
    )
    found = sorted((o.line, o.text) for o in scan_shell_script(str(scan)))
    assert found == [
        (10, "owasp/zap2docker-stable"),
        (10, "owasp/zap2docker-weekly"),
        (13, "alpine:3.20"),  # (a shell given the script: the same)
    ]


def test_a_command_string_eval_or_its_bare_variable_runs_is_read_per_branch(
    tmp_path: Path,
) -> None:
    """18F/iv-cbv-payroll's app/bin/owasp-scan (trimmed), its `cmd` run by `eval "$cmd"`,
    `eval $cmd` or a bare `$cmd` rather than a wrapper script: `docker_name` is
    `owasp/zap2docker-weekly` unless the `-s` arm of the getopts loop makes it `-stable`,
    so a run without `-s` pulls the first, one with it the second (only the last value was
    read: the default lost). A variable no branch sets is read once."""
    head = (
        "#!/usr/bin/env bash\nset -e\n"
        'docker_name="owasp/zap2docker-weekly"\n'
        'while getopts "fs" opt; do\n  case "$opt" in\n'
        '    f) scan="zap-full-scan.py" ;;\n'
        '    s) docker_name="owasp/zap2docker-stable" ;;\n  esac\ndone\n'
        'cmd="docker run --rm -t $docker_name ${scan:-zap-baseline.py}"\n'
    )
    for number, runs in enumerate(['eval "$cmd"', "eval $cmd", "$cmd", "if true; then $cmd; fi"]):
        script = tmp_path / f"scan{number}.sh"
        script.write_text(f"{head}{runs}\n")
        found = sorted((o.line, o.text) for o in scan_shell_script(str(script)))
        assert found == [(11, "owasp/zap2docker-stable"), (11, "owasp/zap2docker-weekly")], runs
    once = tmp_path / "once.sh"
    once.write_text('#!/bin/sh\nimage="alpine:3.20"\ncmd="docker run --rm $image true"\n$cmd\n')
    assert [(o.line, o.text) for o in scan_shell_script(str(once))] == [(4, "alpine:3.20")]
