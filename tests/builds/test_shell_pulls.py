"""The images shell commands pull and run (``docker run IMAGE``, ``docker pull IMAGE``…):
what :class:`ShellReader` takes for one with ``pulls=True``, and what it skips (precision
first: an image only a run knows, or an option it does not know, is no pull here)."""

from __future__ import annotations

import pytest

from tagsense.sources.builds._shell_values import ShellPull
from tagsense.sources.builds.shell import ShellReader, may_pull


def pulls(text: str, variables: dict[str, str] | None = None) -> list[tuple[int, str, str]]:
    reader = ShellReader(variables, pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return [(pull.line, pull.verb, pull.image) for pull in reader.pulls]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # percona/percona-postgresql-operator, Jenkinsfile (GoLicenseDetector test), trimmed
        (
            'sg docker -c "\n  docker run \\\n    --rm \\\n'
            "    golang:1.26.0 sh -c 'go version'\n\"",
            "golang:1.26.0",
        ),
        # algorand/go-algorand, scripts/release/test/deb/run_ubuntu.sh, trimmed: `sg GROUP
        # CMD` without -c runs CMD with `sh -c` too (shadow's sg)
        (
            'sg docker "docker run --rm --env-file ${HOME}/build_env_docker ubuntu:16.04 bash'
            ' /root/test_algorand.sh"',
            "ubuntu:16.04",
        ),
        # cloudnative-pg, Makefile (spellcheck target)
        (
            'docker run --rm -v "$(pwd):/tmp" -w /tmp jonasbn/github-action-spellcheck:0.56.0',
            "jonasbn/github-action-spellcheck:0.56.0",
        ),
        # cloudnative-pg, Makefile (woke target)
        (
            "docker run --rm -v $(pwd):/src -w /src getwoke/woke:latest woke -c .woke.yaml",
            "getwoke/woke:latest",
        ),
        # cluster-api, Makefile (diagrams target)
        (
            "docker run -v $(ROOT):/w -w /w --user 1000:1000 plantuml/plantuml:1.2024.7",
            "plantuml/plantuml:1.2024.7",
        ),
        # infiniflow/ragflow, .github/workflows/tests.yml
        ("sudo docker pull ubuntu:24.04", "ubuntu:24.04"),
        ("docker create infiniflow/ragflow_deps:latest true", "infiniflow/ragflow_deps:latest"),
        (
            "CID=$(docker create infiniflow/ragflow_deps:latest true) || true",
            "infiniflow/ragflow_deps:latest",
        ),
        ("docker image pull alpine:3.20", "alpine:3.20"),
        ("docker container run -it --rm alpine:3.20 sh", "alpine:3.20"),
        ("podman run --rm -eFOO=1 -p8080:80 quay.io/acme/tool:1 serve", "quay.io/acme/tool:1"),
        ("nerdctl run --platform=linux/arm64 --name x busybox:1.36", "busybox:1.36"),
        ("docker run --pull always -m 1g --cpus 2 -l a=b --env-file e node:22", "node:22"),
        ("docker --log-level debug run -it getwoke/woke:latest", "getwoke/woke:latest"),
        ("docker run --rm -- alpine:3.20 echo", "alpine:3.20"),
        ("if docker run --rm alpine:3.20 true; then echo ok; fi", "alpine:3.20"),
        # `! A=1 CMD`: the negated command's assignments are its environment (classroomio's
        # classroomio.sh: `if ! MSYS_NO_PATHCONV=1 docker run --rm … alpine tar …; then`)
        ("if ! MSYS_NO_PATHCONV=1 docker run --rm alpine:3.20 true; then exit; fi", "alpine:3.20"),
        ("until ! A=1 docker pull alpine:3.20; do sleep 1; done", "alpine:3.20"),
        ("sh -c 'docker pull alpine:3.20'", "alpine:3.20"),
        # `su -c CMD USER` has USER's shell run CMD, options before or after the user
        # (Submitty's .setup/install_system.sh pulls its grading images so)
        ("su -c 'docker pull acme/grader:latest' ${DAEMON_USER}", "acme/grader:latest"),
        ('su - daemon -c "docker pull alpine:3.20"', "alpine:3.20"),
        ("su --shell=/bin/bash --command='docker pull alpine:3.20' daemon", "alpine:3.20"),
        # options only a run knows, followed by the command's own: options too
        # (VictoriaMetrics/helm-charts Makefile: `$(CONTAINER_USER_OPTION) -w /helm-charts`)
        ("docker run --rm $USER_OPTION -w /src alpine/helm:3.16.2", "alpine/helm:3.16.2"),
        ("docker run $OPTS --name x -e A=1 nginx:1.27.3", "nginx:1.27.3"),
        ("docker run --rm $OPTS -p 8080:80 nginx:1.27.3", "nginx:1.27.3"),
        # options after pull's image are pull's (cobra): minikube's
        # hack/jenkins/release_build_and_upload.sh
        ("docker pull kicbase/stable:v0.0.48 --platform linux/arm64", "kicbase/stable:v0.0.48"),
        ("podman pull -q alpine:3.20 --arch arm64", "alpine:3.20"),
    ],
)
def test_the_image_of_a_pull_or_run(text: str, expected: str) -> None:
    assert [image for _, _, image in pulls(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "docker run $IMAGE",
        "docker run ${IMAGE}:1.0",
        "docker run --rm acme/app:$(git rev-parse HEAD)",
        'docker run --rm -v "$PWD:/x" -w /x',
        'echo "docker run x"',
        "echo docker run alpine",
        "# docker run alpine:3.20",
        "docker run --unknown-opt value image",
        "docker run -Z value image",
        "docker run '$IMAGE'",
        "docker run 'not an image'",
        "docker ps && docker exec -it x sh && docker compose run web",
        "docker buildx run alpine",
        "buildah run alpine true",
        "docker image run alpine",
        "echo '$(docker run alpine:3.20)'",
        # ethereum/solidity, .circleci/config.yml: an image the job built before
        "docker run --pull=never ethereum/solc:build-alpine --version",
        "docker run --pull never ethereum/solc:build-alpine --version",
        # an unknown image followed by its program's own options, not the command's
        "docker run $IMAGE -p 80 serve",
        "docker run --rm $IMAGE -c config.yaml run",
        "docker run --rm $IMAGE --verbose run",
        "docker pull ${IMAGE_NAME} --platform linux/${ARCH}",
        # `su USER ARGUMENT…` without -c runs the user's shell with arguments, no command line
        "su daemon docker pull alpine:3.20",
        "su -s /bin/sh daemon",
    ],
)
def test_what_is_no_known_pull(text: str) -> None:
    assert pulls(text) == []


def test_an_operator_s_related_images_given_to_its_container_are_pulled() -> None:
    # CrunchyData/postgres-operator's .github/workflows/test.yaml runs PGO on the runner with
    # OLM's RELATED_IMAGE_* variables: the operator deploys them to the cluster.
    text = (
        "docker run --detach --network host --read-only \\\n"
        "  --env 'KUBECONFIG=hack/.kube/postgres-operator/pgo' \\\n"
        "  --env 'RELATED_IMAGE_PGBOUNCER=registry.developers.crunchydata.com/crunchydata/"
        "crunchy-pgbouncer:ubi9-1.25-2550' \\\n"
        "  -e RELATED_IMAGE_MARIADB_NAME=mariadb --env=RELATED_IMAGE_X=quay.io/acme/x:1.2.3 \\\n"
        "  -e RELATED_IMAGE_Y=$REGISTRY/y:1.0 \\\n"
        "  --name postgres-operator localhost/postgres-operator -e RELATED_IMAGE_Z=acme/z:1\n"
    )
    assert pulls(text) == [
        (1, "run", "localhost/postgres-operator"),
        (
            1,
            "run",
            "registry.developers.crunchydata.com/crunchydata/crunchy-pgbouncer:ubi9-1.25-2550",
        ),
        (1, "run", "quay.io/acme/x:1.2.3"),
    ]
    reader = ShellReader(None, pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    assert [pull.lead for pull in reader.pulls][1:] == [
        "RELATED_IMAGE_PGBOUNCER=",
        "RELATED_IMAGE_X=",
    ]


def test_a_heredoc_is_no_command() -> None:
    text = "cat <<EOF > run.sh\ndocker run alpine:3.20\nEOF\ndocker pull busybox:1.36\n"
    assert pulls(text) == [(4, "pull", "busybox:1.36")]


def test_variables_of_the_text_and_of_the_session_are_put_in() -> None:
    text = "TOOL=acme/tool:1.2\ndocker run --rm $TOOL\ndocker pull ${BASE:-debian:12}\n"
    assert pulls(text) == [(2, "run", "acme/tool:1.2"), (3, "pull", "debian:12")]
    assert pulls("docker run $IMG", {"IMG": "acme/x:1"}) == [(1, "run", "acme/x:1")]


def test_a_command_over_lines_is_at_its_first_line_and_spans_them() -> None:
    reader = ShellReader(pulls=True)
    reader.read("echo\ndocker run --rm \\\n  -v a:b \\\n  plantuml/plantuml:1.2024.7 -tsvg\n", 5)
    assert reader.pulls == [ShellPull(6, 8, "docker", "run", "plantuml/plantuml:1.2024.7")]


def test_without_pulls_nothing_changes() -> None:
    reader = ShellReader()
    assert reader.read("docker run alpine:3.20") == []
    assert reader.pulls is None


def test_the_quick_look() -> None:
    assert may_pull(b"$(DOCKER) pull x") and may_pull(b"podman create x")
    assert not may_pull(b"npm run build") and not may_pull(b"docker ps")


# gh-aw (GitHub Agentic Workflows) compiles each workflow into a `*.lock.yml` whose steps run its
# setup action's script: `download_docker_images.sh IMAGE...` runs `docker pull` on each image,
# unless GH_AW_DOCKER_IMAGE_PULL_POLICY=never (then it only checks images already loaded).
# argo-cd's .github/workflows/issue-triage.lock.yml (trimmed).
GH_AW = (
    'bash "${RUNNER_TEMP}/gh-aw/actions/download_docker_images.sh" '
    "ghcr.io/github/gh-aw-firewall/agent:0.27.11@sha256:" + "9" * 64 + " "
    "ghcr.io/github/gh-aw-node@sha256:" + "5" * 64
)


def test_gh_aw_s_image_download_script_pulls_each_image() -> None:
    assert pulls(GH_AW) == [
        (1, "pull", "ghcr.io/github/gh-aw-firewall/agent:0.27.11@sha256:" + "9" * 64),
        (1, "pull", "ghcr.io/github/gh-aw-node@sha256:" + "5" * 64),
    ]
    assert pulls('"$RUNNER_TEMP/gh-aw/actions/download_docker_images.sh" acme/x:1') == [
        (1, "pull", "acme/x:1")
    ]
    assert pulls("GH_AW_DOCKER_IMAGE_PULL_POLICY=never " + GH_AW) == []
    assert pulls(GH_AW, {"GH_AW_DOCKER_IMAGE_PULL_POLICY": "never"}) == []
    # (a project's own script of that name is read as its other scripts are, where it lies)
    assert pulls("bash ./download_docker_images.sh acme/x:1") == []


# knative/eventing, hack/create-kind-cluster.sh (trimmed), as kind's own guides write it: the
# cluster configuration is a here-document on kind's standard input (`--config=-`).
KIND_CONFIG_SCRIPT = """\
NODE_VERSION=${NODE_VERSION:-"v1.31.4"}
NODE_SHA=${NODE_SHA:-"sha256:2cb39f7295fe7eafee0842b1052a599a4fb0f8bcf3f83d96c7f4864c357c6c30"}

cat <<EOF | kind create cluster --config=-
apiVersion: kind.x-k8s.io/v1alpha4
kind: Cluster
nodes:
- role: control-plane
  image: kindest/node:${NODE_VERSION}@${NODE_SHA}
- role: worker
  image: kindest/node:v1.30.8
EOF
"""
KIND_COMMAND = "cat <<EOF | kind create cluster --config=-"


def test_a_kind_configuration_on_standard_input_gives_the_node_images() -> None:
    digest = "sha256:2cb39f7295fe7eafee0842b1052a599a4fb0f8bcf3f83d96c7f4864c357c6c30"
    assert pulls(KIND_CONFIG_SCRIPT) == [
        (9, "create cluster", f"kindest/node:v1.31.4@{digest}"),
        (11, "create cluster", "kindest/node:v1.30.8"),
    ]
    # `<<'EOF'`: the shell puts nothing in (that text is no image)
    literal = KIND_CONFIG_SCRIPT.replace("<<EOF", "<<'EOF'")
    assert pulls(literal) == [(11, "create cluster", "kindest/node:v1.30.8")]
    # the here-document as kind's own input, and `--config -`
    direct = KIND_CONFIG_SCRIPT.replace(KIND_COMMAND, "kind create cluster --config - <<EOF")
    assert pulls(direct) == pulls(KIND_CONFIG_SCRIPT)


def test_a_kind_configuration_written_to_a_file_gives_the_node_images() -> None:
    # dapr/dapr, .github/workflows/kind-e2e.yaml (trimmed): the configuration is written with
    # `cat > kind.yaml <<EOF`, for `kind create cluster --config kind.yaml` or for a later
    # step's helm/kind-action `config: kind.yaml`
    digest = "sha256:2cb39f7295fe7eafee0842b1052a599a4fb0f8bcf3f83d96c7f4864c357c6c30"
    written = KIND_CONFIG_SCRIPT.replace(KIND_COMMAND, "cat > kind.yaml <<EOF")
    expected = [
        (9, "create cluster", f"kindest/node:v1.31.4@{digest}"),
        (11, "create cluster", "kindest/node:v1.30.8"),
    ]
    assert pulls(written) == expected
    assert pulls(written + "kind create cluster --config kind.yaml\n") == expected
    # (a file of another kind, or a document no file gets, gives nothing)
    assert pulls(written.replace("kind: Cluster", "kind: Pod").replace("kind.x-k8s.io", "v1")) == []
    assert pulls(KIND_CONFIG_SCRIPT.replace(KIND_COMMAND, "cat <<EOF | grep image")) == []


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        # `--image` runs every node with that image, whatever the configuration says
        (
            "cat <<EOF | kind create cluster --image kindest/node:v1.32.0 --config=-",
            ["kindest/node:v1.32.0"],
        ),
        # a configuration file, not the here-document
        ("cat <<EOF | kind create cluster --config=kind.yaml", []),
        # another command given the here-document
        ("cat <<EOF | kind get clusters", []),
    ],
)
def test_what_kind_does_not_read_of_a_here_document(command: str, expected: list[str]) -> None:
    text = KIND_CONFIG_SCRIPT.replace(KIND_COMMAND, command)
    assert [image for *_, image in pulls(text)] == expected


def test_a_variable_that_holds_a_run_command_runs_it_where_it_is_expanded() -> None:
    # (getsentry/self-hosted's install/error-handling.sh: the engine and verb are in the
    # variable's value, not on the line that runs it)
    text = (
        "CONTAINER_ENGINE=docker\n"
        'sentry_cli="$CONTAINER_ENGINE run --rm -v /tmp:/work -e SENTRY_DSN=$SENTRY_DSN '
        'getsentry/sentry-cli"\n'
        "send_envelope() {\n"
        '  $sentry_cli send-envelope "$envelope_file"\n'
        "}\n"
        'jq="docker run --rm -i stedolan/jq:1.6"\n'
        "${jq} -s -c '.'\n"
        'pull="docker pull"\n'
        "$pull alpine:3.20\n"
    )
    # (placed where the assignment writes the image, see test_shell_command_variables; the
    # image the run's own words give, at the run)
    assert pulls(text) == [
        (2, "run", "getsentry/sentry-cli"),
        (6, "run", "stedolan/jq:1.6"),
        (9, "pull", "alpine:3.20"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'say="echo docker run alpine:3.20"\n$say\n',  # (a command that only prints one)
        'notes="run docker later"\n$notes\n',
        'x="docker run --rm alpine:3.20"\necho "$x"\n',  # (expanded, not run)
    ],
)
def test_a_variable_that_does_not_run_an_engine_runs_nothing(text: str) -> None:
    assert pulls(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # containerd's CLI: node set-up scripts pull into the CRI plugin's namespace
        (
            "ctr -n k8s.io images pull --platform linux/amd64 docker.io/library/nginx:1.27.3",
            [(1, "pull", "docker.io/library/nginx:1.27.3")],
        ),
        (
            "sudo ctr i pull -k --plain-http registry.k8s.io/pause:3.10",
            [(1, "pull", "registry.k8s.io/pause:3.10")],
        ),
        (
            "ctr --namespace=k8s.io image pull -u u:p quay.io/acme/app:1",
            [(1, "pull", "quay.io/acme/app:1")],
        ),
        ("/usr/local/bin/ctr images pull ghcr.io/acme/app:2", [(1, "pull", "ghcr.io/acme/app:2")]),
        ('CTR=ctr\n"$CTR" images pull ghcr.io/acme/app:3', [(2, "pull", "ghcr.io/acme/app:3")]),
        # ctr's other commands pull nothing (`ctr run` needs the image there); an option not
        # known may take a value; an image a run decides
        ("ctr run --rm docker.io/library/alpine:3.20 probe true", []),
        ("ctr images import app.tar && ctr images ls", []),
        ("ctr images pull --unknown x docker.io/library/alpine:3.20", []),
        ("ctr images pull $IMAGE", []),
        ("ctr pull docker.io/library/alpine:3.20", []),
    ],
)
def test_containerd_s_ctr_pulls(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert pulls(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # podman's transports: `docker://` is a registry's, the others the machine's own
        ("podman pull docker://quay.io/acme/app:1", ["quay.io/acme/app:1"]),
        ("podman run --rm docker://alpine:3.20 true", ["alpine:3.20"]),
        ("podman pull docker-daemon:alpine:3.20", []),
        ("podman pull docker-daemon:acme/app", []),
        ("podman pull containers-storage:localhost/app:1", []),
        ("podman pull oci:/var/images/app:latest", []),
        ("podman pull oci-archive:app.tar", []),
        ("podman pull docker-archive:/tmp/app.tar:acme/app:1", []),
        ("podman pull dir:/tmp/app", []),
    ],
)
def test_a_transport_s_image(text: str, expected: list[str]) -> None:
    assert [image for _, _, image in pulls(text)] == expected


def test_a_registry_s_transport_is_the_lead_of_the_image() -> None:
    reader = ShellReader(pulls=True)
    reader.read("podman pull docker://quay.io/acme/app:1")
    assert reader.pulls is not None
    assert [pull.lead for pull in reader.pulls] == ["docker://"]


def test_the_quick_look_sees_ctr() -> None:
    assert may_pull(b"ctr -n k8s.io images pull docker.io/library/nginx:1")


# rancher/rke2's scripts/build-images, cut down (Apache-2.0; survey 32b): the airgap bundle's
# images, pulled one a line by xargs; the list only printed (`echo`) pulls nothing here.
RKE2_BUILD_IMAGES = """\
REGISTRY=${REGISTRY:-docker.io}
PULL_CMD="${PULL_CMD:-echo}"
PULL_CMD_CORE="${PULL_CMD_CORE:-docker image pull --quiet}"
xargs -n1 -t $PULL_CMD_CORE << EOF >> $BUILD_DIR/images-core.txt
    ${REGISTRY}/rancher/hardened-coredns:v1.14.7-build20260819
    ${REGISTRY}/rancher/klipper-lb:v0.4.17 ${REGISTRY}/rancher/mirrored-pause:3.10.2
EOF
xargs -n1 -t $PULL_CMD << EOF > $BUILD_DIR/images-cilium.txt
    ${REGISTRY}/rancher/mirrored-cilium-cilium:v1.18.1
EOF
xargs -I {} docker pull {} << EOF
    ${REGISTRY}/rancher/other:1
EOF
"""


def test_xargs_runs_its_command_with_a_here_document_s_words() -> None:
    assert pulls(RKE2_BUILD_IMAGES) == [
        (5, "pull", "docker.io/rancher/hardened-coredns:v1.14.7-build20260819"),
        (6, "pull", "docker.io/rancher/klipper-lb:v0.4.17"),
        (6, "pull", "docker.io/rancher/mirrored-pause:3.10.2"),
        # (the list `echo` writes to images-cilium.txt: the airgap bundle's, see below)
        (9, "list", "docker.io/rancher/mirrored-cilium-cilium:v1.18.1"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # rancher/rke2's scripts/build-windows-images, cut down (Apache-2.0; survey 32b)
        (
            "cat <<EOF >build/windows-images.txt\n    rancher/mirrored-pause:3.10.2\n"
            "    rancher/hardened-kubernetes:v1.36.4-rke2r1-build20260821-windows-amd64\nEOF\n",
            ["rancher/mirrored-pause:3.10.2",
             "rancher/hardened-kubernetes:v1.36.4-rke2r1-build20260821-windows-amd64"],
        ),
        ("cat <<EOF > notes.txt\nrancher/mirrored-pause:3.10.2\nEOF\n", []),  # (no list's name)
        ("cat <<EOF > images.txt\nrancher/pause:3.10\nsee the docs\nEOF\n", []),  # (not a list)
        ("cat <<EOF > images.txt\nrancher/pause\nEOF\n", []),  # (no tag: no bundle's)
        ("REGISTRY=registry.example.com\ncat <<EOF > images.txt\n$REGISTRY/a/b:1\nEOF\n", []),
        ("cat <<EOF > images.txt\nregistry.test:5000/a/b:1\nEOF\n", []),  # (RFC 6761's)
        # (a real domain that only ends as one reserved does)
        ("cat <<EOF > images.txt\nmyexample.com/a/b:1\nEOF\n", ["myexample.com/a/b:1"]),
    ],
)  # fmt: skip
def test_an_image_list_a_script_writes(text: str, expected: list[str]) -> None:
    assert [image for _, verb, image in pulls(text) if verb == "list"] == expected


#: frain-dev/convoy@2b60cc65's install-local.sh, cut down: the stack it writes, then runs with
#: `docker compose -f` (survey 32c: 7 pulls missed).
CONVOY_INSTALL = """\
generate_config_files() {
  local dir="$INSTALL_DIR/configs/local"
  cat > "$dir/docker-compose.yml" <<'EOF'
services:
    web:
        image: ${CONVOY_IMAGE:-getconvoy/convoy:latest}
    postgres:
        image: postgres:15.2-alpine
    app:
        build: .
        image: convoy-local:dev
    other:
        image: ${OTHER_IMAGE}
EOF
  cat > "$dir/conf/.env" <<'EOF'
image: redis:7-alpine
EOF
}
generate_config_files
"""


def test_a_compose_file_a_script_writes_pulls_its_services_images() -> None:
    # (a function's commands are read where it is written and where it is called, as for any
    # pull: the occurrences are one a place)
    assert sorted(set(pulls(CONVOY_INSTALL))) == [
        (6, "file", "getconvoy/convoy:latest"),
        (8, "file", "postgres:15.2-alpine"),
        # (not the image the stack builds, one a run gives, nor a file that is no compose file)
    ]


#: netbirdio/netbird's infrastructure_files/getting-started.sh, cut down (survey 39e): a function
#: prints the compose file, its caller writes it; a line of it is a variable set in a branch a
#: run decides (a service the user may turn on), another a command's output, a third a key
#: that a variable adds lines to.
NETBIRD_GETTING_STARTED = """\
initialize_default_values() {
  TRAEFIK_IMAGE=${TRAEFIK_IMAGE:-"traefik:v3.6"}
}
render_docker_compose() {
  local proxy_service="" proxy_volumes=""
  if [[ "$ENABLE_PROXY" == "true" ]]; then
    proxy_service="
  proxy:
    image: netbirdio/reverse-proxy:latest"
    proxy_volumes="
  proxy_certs:"
  fi
  cat <<EOF
services:
  traefik:
    image: $TRAEFIK_IMAGE
    labels:
$(if [[ -n "$LABEL" ]]; then echo "      - $LABEL"; fi)
$proxy_service
volumes:
  letsencrypt:$proxy_volumes
EOF
}
render_env() {
  cat <<EOF
image: redis:7-alpine
EOF
}
initialize_default_values
render_docker_compose > docker-compose.yml
render_env > dashboard.env
"""


def test_a_compose_file_a_function_prints_and_its_call_writes() -> None:
    # (the service a branch adds is read at the line that puts it in, as a branch's pulls are;
    # what render_env prints goes to a file that is no compose file)
    assert sorted(set(pulls(NETBIRD_GETTING_STARTED))) == [
        (16, "file", "traefik:v3.6"),
        (19, "file", "netbirdio/reverse-proxy:latest"),
    ]


def test_a_compose_file_written_with_the_shell_s_values() -> None:
    text = (
        "TAG=16.4\ncat > compose.yaml <<EOF\nservices:\n  db:\n    image: postgres:$TAG\n"
        "  web:\n    image: acme/web:$WEB_TAG\nEOF\n"
    )
    assert pulls(text) == [(5, "file", "postgres:16.4")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (a swarm service's image, which each node it runs on pulls)
        (
            "docker service create --name go-demo-db --network go-demo mongo:3.2.10",
            [(1, "service", "mongo:3.2.10")],
        ),
        (
            "docker service create --replicas=2 -p 8888 --name ai -e A=1 acme/trials-ai:2.1 --x",
            [(1, "service", "acme/trials-ai:2.1")],
        ),
        (
            "sudo docker service update --image ghcr.io/acme/shop:1.4.2 --force shop_app",
            [(1, "service", "ghcr.io/acme/shop:1.4.2")],
        ),
        ("docker service update --image=nginx:1.27.3 web", [(1, "service", "nginx:1.27.3")]),
        # (an option not known here; an update of something else; other verbs)
        ("docker service create --unknown x alpine:3.20", []),
        ("docker service update --force --replicas 3 web", []),
        ("docker service ls && docker service rm web", []),
        ("podman service create alpine:3.20", []),
    ],
)
def test_a_swarm_service_s_image_is_pulled(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert pulls(text) == expected


# electron-builder's documented multi-platform build (www.electron.build/multi-platform-build,
# docker/run.sh there), as element-hq/element-desktop's scripts/in-docker.sh copies it: the
# process substitution `<(env | grep …)` is the value of `--env-file`, one word.
_ELECTRON_BUILDER_RUN = """docker run --rm -ti \\
 --env-file <(env | grep -iE 'DEBUG|NODE_|ELECTRON_|YARN_|NPM_|CI|CIRCLE|TRAVIS_TAG|GH_') \\
 --env ELECTRON_CACHE="/root/.cache/electron" \\
 -v ${PWD}:/project \\
 -v ~/.cache/electron:/root/.cache/electron \\
 electronuserland/builder:wine
"""


def test_a_process_substitution_is_one_word_of_the_command():
    assert pulls(_ELECTRON_BUILDER_RUN) == [(1, "run", "electronuserland/builder:wine")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the commands a process substitution runs are read, as a command substitution's
        ("diff <(docker run --rm alpine:3.20 cat /etc/os-release) want.txt", ["alpine:3.20"]),
        ("tee >(docker run -i --rm busybox:1.36 wc -l) < in.txt", ["busybox:1.36"]),
        ("docker run --env-file <(env) --rm node:22 > >(tee log.txt)", ["node:22"]),
        # quoted, `<(` is text
        ('echo "docker run <(x) alpine:3.20"', []),
    ],
)
def test_process_substitutions(text: str, expected: list[str]):
    assert [image for _, _, image in pulls(text)] == expected


def test_a_quoted_process_substitution_that_never_closes_is_text():
    assert pulls("grep -c '<(' notes.txt && docker pull alpine:3.20") == [
        (1, "pull", "alpine:3.20")
    ]


def test_a_comment_in_backticks_is_no_word_of_the_command():
    # vdaas/vald@02b97d9's Makefile.d/k0s.mk, as k0s documents running it in Docker: each
    # continued line of `docker run` says what it is for in a `# comment` in backticks, a
    # command substitution that prints nothing (the image was missed, survey s39d)
    text = (
        "docker run -d --name k0s-controller --hostname k0s-controller --net=host \\\n"
        "  -v /var/lib/k0s -v /var/log/pods `# this is where k0s stores its data` \\\n"
        "  --privileged `# this is the easiest way to enable container-in-container` \\\n"
        "  docker.io/k0sproject/k0s:v1.33.2-k0s.0\n"
    )
    assert [image for _, _, image in pulls(text)] == ["docker.io/k0sproject/k0s:v1.33.2-k0s.0"]
    # (a command after the comment's line is run: what it prints is not known)
    assert pulls("docker run `echo -v /x` alpine:3.21\n") == []


def test_minikube_image_pull_pulls_each_image_and_load_pulls_none() -> None:
    # eclipse-che/che-operator build/scripts/minikube-tests/common.sh and eclipse-che/che's
    # pr-check.yml (trimmed): the cluster's runtime pulls each image before workspaces start
    text = (
        "minikube image load quay.io/acme/code:next\n"
        "minikube -p che image pull quay.io/devfile/universal-developer-image:ubi9-latest\n"
        "minikube image pull quay.io/che-incubator/che-code:next busybox:1.37 --alsologtostderr\n"
        "minikube --unknown x image pull alpine:3.22.2\n"
    )
    assert pulls(text) == [
        (2, "image pull", "quay.io/devfile/universal-developer-image:ubi9-latest"),
        (3, "image pull", "quay.io/che-incubator/che-code:next"),
        (3, "image pull", "busybox:1.37"),
    ]
    assert may_pull(b"minikube image pull busybox:1.37")


def test_a_privilege_switch_the_script_never_sets_runs_the_engine_after_it() -> None:
    # `$SUDO docker …`: `sudo`, or nothing, as the environment says; the engine runs either
    # way. Another name a run decides (`$DRY`: `echo` for a dry run?) is no pull here.
    text = (
        "$SUDO docker run redis:7.2.1\n${DOCKER_SUDO} docker pull alpine:3.20\n"
        "$DRY docker pull nginx:1.27.0\n"
    )
    assert [(line, image) for line, _, image in pulls(text)] == [
        (1, "redis:7.2.1"),
        (2, "alpine:3.20"),
    ]


# nickjj/docker-django-example's `run` lint:shell, cut down (MIT; survey 61b): the command an
# array holds, run by `find -exec` on the files found (POSIX find: `-exec utility_name
# [argument ...] {} +` and `… ;` run the utility; GNU's -execdir, -ok, -okdir too).
FIND_EXEC = """\
cmd=(docker container run --rm -i -v "${PWD}:/mnt" koalaman/shellcheck:stable)
find . -type f ! -path "./.git/*" \\
  -exec grep --quiet '^#!.*sh' {} \\; -exec "${cmd[@]}" {} +
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FIND_EXEC, [(2, "run", "koalaman/shellcheck:stable")]),
        (
            "find . -name '*.sh' -exec docker run --rm -v \"$PWD:/mnt\" koalaman/shellcheck:v0.9.0"
            " {} +\n",
            [(1, "run", "koalaman/shellcheck:v0.9.0")],
        ),
        (
            'cmd="docker run --rm koalaman/shellcheck:v0.8.0"\n'
            "find . -name '*.sh' -execdir $cmd {} ';'\n",
            [(1, "run", "koalaman/shellcheck:v0.8.0")],  # (where the image is written)
        ),
        (
            "find /images -name '*.txt' -ok docker pull alpine:3.20.3 \\; -print\n",
            [(1, "pull", "alpine:3.20.3")],
        ),
        # (`+` ends the command only after `{}`; two commands, each read)
        (
            "find . -exec docker run a/b:1 + {} + -exec docker run c/d:2 {} \\;\n",
            [(1, "run", "a/b:1"), (1, "run", "c/d:2")],
        ),
        # (no -exec: nothing run; the file name `{}` is no image)
        ("find . -name Dockerfile -print\n", []),
        ("find . -name '*.tar' -exec docker pull {} \\;\n", []),
        # (no end to -exec: find refuses to run)
        ("find . -exec docker run alpine:3.20.3\n", []),
        ("find . -exec docker run alpine:3.20.3 +\n", []),
    ],
)
def test_find_runs_the_command_of_its_exec(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert pulls(text) == expected
