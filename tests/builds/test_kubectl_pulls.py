"""The images ``kubectl`` (and OpenShift's ``oc``) commands have a cluster run, in scripts,
Makefiles and CI jobs: ``kubectl run --image``, ``create deployment|job|cronjob --image``,
``set image TYPE/NAME CONTAINER=IMAGE``, ``debug --image``, and the manifest a
here-document gives ``kubectl apply -f -`` (see ``tagsense.sources.builds._kubectl``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources.builds._shell_values import unknown_for
from tagsense.sources.builds.make import scan_makefile
from tagsense.sources.builds.script import scan_shell_script
from tagsense.sources.builds.shell import ShellReader, may_pull
from tagsense.sources.ci import scan_ci

if TYPE_CHECKING:
    from pathlib import Path


def pulls(text: str, variables: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    reader = ShellReader(variables, pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return [(pull.engine, pull.verb, pull.image) for pull in reader.pulls]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kubectl run nginx --image=nginx:1.27", [("run", "nginx:1.27")]),
        ("kubectl run -i -t tmp --image busybox:1.36 --restart=Never", [("run", "busybox:1.36")]),
        # (the last --image wins; the words after `--` are the container's command)
        ("kubectl run x --image=a:1 --image=b:2 -- sh -c --image=c:3", [("run", "b:2")]),
        ("kubectl -n prod --context kind-x run x --image=redis:7", [("run", "redis:7")]),
        ("kubectl run x -nprod -oyaml --image=redis:7", [("run", "redis:7")]),
        # (an option this reader does not know is taken alone: only --image is looked for)
        ("kubectl run x --some-new-flag --image=redis:7", [("run", "redis:7")]),
        (
            "kubectl create deployment web --image=redis:7 --image=memcached:1.6,envoy:v1",
            [
                ("create deployment", "redis:7"),
                ("create deployment", "memcached:1.6"),
                ("create deployment", "envoy:v1"),
            ],
        ),
        (
            "kubectl create deploy web --image=nginx:1.27 -r 3",
            [("create deployment", "nginx:1.27")],
        ),
        ("kubectl create job m --image=acme/m:2 -- m up", [("create job", "acme/m:2")]),
        (
            "kubectl create cj c --image=busybox:1 --schedule='* * * * *'",
            [("create cronjob", "busybox:1")],
        ),
        (
            "kubectl set image deployment/nginx busybox=busybox:1.36 nginx=nginx:1.9.1",
            [("set image", "busybox:1.36"), ("set image", "nginx:1.9.1")],
        ),
        ("kubectl set image deploy web '*=nginx:1.25' --all", [("set image", "nginx:1.25")]),
        # (-l takes a value: `app=web` is the selector's, no container's)
        ("kubectl set image deploy -l app=web web=traefik:v3.1", [("set image", "traefik:v3.1")]),
        ("kubectl set image -f web.yaml web=nginx:1.27 -n prod", [("set image", "nginx:1.27")]),
        ("kubectl debug pod/x -it --image=busybox:1.36 --target=app", [("debug", "busybox:1.36")]),
        (
            "kubectl debug x --copy-to=y --set-image=app=app:debug,side=side:2",
            [("debug", "app:debug"), ("debug", "side:2")],
        ),
        # (a dry run whose objects are applied at once)
        (
            "kubectl create deployment w --image=caddy:2.8 --dry-run=client -o yaml"
            " | kubectl apply -f -",
            [("create deployment", "caddy:2.8")],
        ),
        ("IMG=nginx:1.27\nkubectl run w --image=$IMG", [("run", "nginx:1.27")]),
        ("kubectl run w --image=${IMG:-nginx:1.27}", [("run", "nginx:1.27")]),
        ("sudo -E kubectl run w --image=nginx:1.27", [("run", "nginx:1.27")]),
        ("/usr/local/bin/kubectl run w --image=nginx:1.27", [("run", "nginx:1.27")]),
    ],
)
def test_the_images_kubectl_commands_run(text: str, expected: list[tuple[str, str]]) -> None:
    assert pulls(text) == [("kubectl", verb, image) for verb, image in expected]


@pytest.mark.parametrize(
    "text",
    [
        "kubectl get pods -o jsonpath='{.items[*].spec.containers[*].image}'",
        "kubectl describe pod x | grep image",
        "kubectl logs -l image=x",
        "kubectl create secret generic image --from-literal=image=nginx:1",
        "kubectl set env deployment/x IMAGE=nginx:1",
        'echo "kubectl run x --image=alpine:3.20"',
        "# kubectl run x --image=alpine:3.20",
        "kubectl run x --image=$UNSET_IMAGE",
        "kubectl run x --image=acme/app:$(git rev-parse HEAD)",
        "kubectl run x --image='not an image'",
        # a dry run creates nothing; printed, it is a file the project reads, if it keeps it
        "kubectl run x --image=alpine:3.20 --dry-run=client -o yaml > pod.yaml",
        "kubectl create deployment x --image=alpine:3.20 --dry-run",
        "kubectl create deployment x --image=alpine:3.20 --dry-run=client | kubectl apply -f -",
        "kubectl set image --local -f x.yaml app=alpine:3.20 -o yaml",
        "kubectl create job j --from=cronjob/nightly --image=alpine:3.20",
        # the resources come before the pairs: a resource after one is kubectl's error
        "kubectl set image app=alpine:3.20 deployment/x",
        "kubectl set image app=alpine:3.20",
        # an option set image does not know may take a value, which may look like a pair
        "kubectl set image deploy/x --new-flag app=alpine:3.20",
        "kubectl --unknown-global x run y --image=alpine:3.20",
        # oc: an image stream's tag is no registry's image
        "oc set image dc/x app=myapp:latest --source=istag",
        # kubectl exec runs its command in a container, not here
        "kubectl exec pod -- kubectl run x --image=alpine:3.20",
    ],
)
def test_what_kubectl_runs_no_known_image_for(text: str) -> None:
    assert pulls(text) == []


def test_oc_and_kubectl_through_a_variable_that_names_it() -> None:
    assert pulls("oc run o --image=quay.io/openshift/origin-cli:4.15") == [
        ("oc", "run", "quay.io/openshift/origin-cli:4.15")
    ]
    assert pulls('KUBECTL="kubectl --context kind-kind"\n$KUBECTL run w --image=nginx:1') == [
        ("kubectl", "run", "nginx:1")
    ]
    assert pulls("${KUBECTL} set image deploy/w w=nginx:1") == [("kubectl", "set image", "nginx:1")]
    assert pulls("$OC_BIN debug node/x --image=ubi9:9.4") == [("oc", "debug", "ubi9:9.4")]
    assert pulls("$(which kubectl) run w --image=nginx:1") == [("kubectl", "run", "nginx:1")]
    # (a variable that names nothing it could run stays a run's, as for docker)
    assert pulls("$KUBE_TOOL run w --image=nginx:1") == []
    assert unknown_for("KUBECTL_CMD").strip("\ue002") == "kubectl"
    assert unknown_for("DOCKER_KUBECTL").strip("\ue002") == "docker"  # (the engines first)


def test_the_quick_looks() -> None:
    assert may_pull(b"kubectl set image deploy/w w=nginx:1")
    assert may_pull(b"$(OC) run x --image=y")
    assert not may_pull(b"kubectl get pods") and not may_pull(b"echo image")


SCRIPT = """\
#!/usr/bin/env bash
TAG=1.27.2
kubectl run nginx --image=nginx --restart=Never
kubectl set image deployment/nginx nginx=nginx:$TAG
kubectl create deployment web \\
  --image=redis:7,memcached:1.6
kubectl apply -n demo -f - <<EOF
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:${TAG}
        - name: side
          image: "$SIDECAR"
EOF
cat <<'YAML' | kubectl create -f -
apiVersion: v1
kind: Pod
spec:
  containers:
  - {name: c, image: "busybox:1.36"}
  - {name: d, image: $NOT_PUT_IN}
YAML
cat > pod.yaml <<EOF
apiVersion: v1
kind: Pod
spec:
  containers:
  - image: redis:6
EOF
kubectl debug mypod -it --image=busybox:1.37  # tagsense: ignore
"""


def test_a_script_s_kubectl_pulls_where_their_images_are_written(tmp_path: Path) -> None:
    script = tmp_path / "deploy.sh"
    script.write_text(SCRIPT)
    scan = scan_shell_script(str(script))
    found = [(o.line, o.column, o.text, o.context["verb"]) for o in scan]
    assert found == [
        (3, 27, "nginx", "run"),  # (the --image's, not the pod's name)
        (4, 42, "nginx:1.27.2", "set image"),  # (its tag from a variable: at its name)
        (6, 11, "redis:7", "create deployment"),
        (6, 19, "memcached:1.6", "create deployment"),
        (15, 18, "nginx:1.27.2", "apply"),  # (a here-document's manifest, variables put in)
        (24, 23, "busybox:1.36", "create"),  # (`<<'YAML'`: nothing put in; `cat` piped)
        (34, 33, "busybox:1.37", "debug"),
    ]
    assert {o.context["engine"] for o in scan} == {"kubectl"}
    assert [s.line for s in scan.suppressions] == [34]


def test_a_makefile_s_kubectl_through_its_variable(tmp_path: Path) -> None:
    # googleforgames/open-match and others: `$(KUBECTL) run NAME --rm -i --image=…`,
    # KUBECTL the path of a kubectl the Makefile downloads (or $(shell which kubectl)).
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "LOCALBIN ?= $(shell pwd)/bin\nKUBECTL ?= $(LOCALBIN)/kubectl\nOC = $(shell which oc)\n"
        "CURL_IMAGE ?= curlimages/curl:8.10.1\n\nsmoke:\n"
        "\t$(KUBECTL) run curl --rm -i --restart=Never --image=$(CURL_IMAGE) -- curl web\n"
        "\t$(OC) set image dc/web web=registry.access.redhat.com/ubi9/nginx-124:1\n"
        "\t$(KUBECTL) run x --image=$(UNSET_IMAGE)\n"
        '\t@echo "$(KUBECTL) run x --image=alpine:3.20"\n'
        "\t$(KUBECTL) get pods -o wide\n"
    )
    found = [(o.line, o.column, o.text, o.context["engine"]) for o in scan_makefile(str(makefile))]
    assert found == [
        (7, 2, "curlimages/curl:8.10.1", "kubectl"),
        (8, 29, "registry.access.redhat.com/ubi9/nginx-124:1", "oc"),
    ]


def test_a_ci_job_that_runs_only_kubectl_or_kind(tmp_path: Path) -> None:
    # (no docker command in the job: before, such a job's scripts were not read for pulls)
    workflow = (
        "on: push\nenv:\n  NGINX_IMAGE: nginx:1.27.2\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: kind create cluster --image kindest/node:v1.31.0\n"
        "      - run: |\n"
        "          kubectl create deployment web --image=${NGINX_IMAGE}\n"
        "          oc debug node/a --image=registry.redhat.io/rhel9/support-tools:9.4\n"
    )
    path = tmp_path / "e2e.yml"
    path.write_text(workflow)
    scan = scan_ci(workflow, path=str(path), system="github-workflow")
    found = [(o.line, o.column, o.text, o.context["engine"]) for o in scan if o.kind == "shell"]
    assert found == [
        (8, 42, "kindest/node:v1.31.0", "kind"),
        (10, 11, "nginx:1.27.2", "kubectl"),
        (11, 35, "registry.redhat.io/rhel9/support-tools:9.4", "oc"),
    ]
