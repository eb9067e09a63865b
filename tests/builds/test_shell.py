"""Build commands in shell text (issue 12, "images the project builds are not pulls").

What :class:`ShellReader` takes for a build of an image, what it does not, and the names it
keeps: each row is a script and the names it builds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources.builds._shell_values import UNKNOWN, name_pattern
from tagsense.sources.builds.shell import ShellReader, may_build, read_shell_script

if TYPE_CHECKING:
    from pathlib import Path


def names(text: str, variables: dict[str, str] | None = None) -> list[str]:
    return [name for build in ShellReader(variables).read(text) for name in build.names]


BUILDS = [
    # (script, names it builds)
    ("docker build -t acme/app:1.0 .", ["acme/app"]),
    ("docker build --tag=acme/app .", ["acme/app"]),
    ("docker build --tag acme/app -t ghcr.io/acme/app:1 .", ["acme/app", "ghcr.io/acme/app"]),
    ("docker build -tacme/app .", ["acme/app"]),
    ("docker buildx build --platform linux/amd64 -t acme/app --push .", ["acme/app"]),
    ("docker buildx --builder ci build -t acme/app .", ["acme/app"]),
    ("docker buildx b -t acme/app .", ["acme/app"]),
    ("docker image build -t acme/app .", ["acme/app"]),
    ("docker builder build -t acme/app .", ["acme/app"]),
    ("docker --context remote build -t acme/app .", ["acme/app"]),
    ("/usr/bin/docker build -t acme/app .", ["acme/app"]),
    ("podman build -t quay.io/acme/app .", ["quay.io/acme/app"]),
    ("podman image build -t quay.io/acme/app .", ["quay.io/acme/app"]),
    ("buildah bud -t localhost/app .", ["localhost/app"]),
    ("buildah build --tag quay.io/acme/app .", ["quay.io/acme/app"]),
    ("nerdctl build -t acme/app .", ["acme/app"]),
    ("docker tag acme/app:1 registry.example.com/acme/app:1", ["registry.example.com/acme/app"]),
    ("docker image tag acme/app registry.example.com/app", ["registry.example.com/app"]),
    ("podman tag acme/app quay.io/acme/a quay.io/acme/b", ["quay.io/acme/a", "quay.io/acme/b"]),
    # (another tag of the source's own repository is no image of the project's)
    ("podman tag acme/app:dev acme/app:latest ghcr.io/acme/app:1", ["ghcr.io/acme/app"]),
    ("docker tag acme/app:$SHA acme/app:stable", ["acme/app"]),  # (a release promoted)
    # (a local registry's image under another name, or a remote registry's under its own
    # name elsewhere: the project's copy, as before)
    ("docker tag localhost:5000/app:1 acme/app:1", ["acme/app"]),
    ("docker tag ghcr.io/acme/app:1 acme/app:1", ["acme/app"]),
    # a manifest list, or an index, made of images: the project's own name
    (
        "docker manifest create --amend ghcr.io/acme/app:1 ghcr.io/acme/app-amd64:1",
        ["ghcr.io/acme/app"],
    ),
    ("podman manifest create --annotation a=b quay.io/acme/app", ["quay.io/acme/app"]),
    ("buildah manifest create --all localhost/app:1 docker://quay.io/x/y", ["localhost/app"]),
    # (a list pushed to its destination: searxng's `podman manifest push "localhost/$ORG/$NAME:$tag"
    # "docker://$registry/$ORG/$NAME:$tag"` publishes docker.io/searxng/searxng: 1 false TS001)
    (
        "podman manifest push --all localhost/searxng/searxng:latest "
        "docker://docker.io/searxng/searxng:latest",
        ["docker.io/searxng/searxng"],
    ),
    ("buildah manifest push --format v2s2 app:1 docker://quay.io/x/y:1", ["quay.io/x/y"]),
    (
        "docker buildx imagetools create -t acme/app:1 --tag=acme/app:latest -tacme/b acme/app-x",
        ["acme/app", "acme/app", "acme/b"],
    ),
    # a bake whose --set gives a target's tags (Unleash's release workflow, survey s22m)
    (
        "docker buildx bake image -f docker-bake.hcl --set image.platform=linux/amd64 \\\n"
        "  --set image.tags=acme/app --set image.tags+=public.ecr.aws/acme/app \\\n"
        "  --set=*.tags=acme/b:1,acme/c",
        ["acme/app", "public.ecr.aws/acme/app", "acme/b", "acme/c"],
    ),
    # continuations, chains, wrappers
    ("docker build \\\n  --pull \\\n  -t acme/app \\\n  .", ["acme/app"]),
    ("cd app && docker build -t acme/app . && docker push acme/app", ["acme/app"]),
    ("make deps; docker build -t acme/app . 2>&1 | tee build.log", ["acme/app"]),
    ("sudo -E docker build -t acme/app .", ["acme/app"]),
    ("sudo -u ci docker build -t acme/app .", ["acme/app"]),
    ("time docker build -t acme/app .", ["acme/app"]),
    ("env DOCKER_BUILDKIT=1 docker build -t acme/app .", ["acme/app"]),
    ("DOCKER_BUILDKIT=1 docker build -t acme/app .", ["acme/app"]),
    ("timeout 10m docker build -t acme/app .", ["acme/app"]),
    ("if docker build -t acme/app .; then echo ok; fi", ["acme/app"]),
    ("sh -c 'docker build -t acme/app .'", ["acme/app"]),
    ('bash -euc "docker build -t acme/app ."', ["acme/app"]),
    # variables
    ("IMAGE=ghcr.io/acme/app\ndocker build -t $IMAGE:dev .", ["ghcr.io/acme/app"]),
    ('IMAGE=ghcr.io/acme/app; docker build -t "${IMAGE}" .', ["ghcr.io/acme/app"]),
    ("export REPO=quay.io/acme\ndocker build -t $REPO/app .", ["quay.io/acme/app"]),
    ("docker build -t ${REGISTRY:-ghcr.io/acme}/app .", ["ghcr.io/acme/app"]),
    ("R=ghcr.io/acme\nI=$R/app\ndocker build -t $I .", ["ghcr.io/acme/app"]),
    ("docker build -t acme/app:$(git rev-parse --short HEAD) .", ["acme/app"]),
    ("docker build -t acme/app:`date +%s` .", ["acme/app"]),
    # what a run decides: a wildcard for a component
    ("for i in $(ls); do docker build -t quay.io/acme/$i $i; done", ["quay.io/acme/*"]),
    ("docker build -t ghcr.io/acme/app-$VARIANT .", ["ghcr.io/acme/app-*"]),
    ('build() {\n  docker build -t acme/$1 "$1"\n}', ["acme/*"]),
    # the engine in a variable
    ("$DOCKER build -t acme/app .", ["acme/app"]),
    ("${CONTAINER_ENGINE:-podman} build -t acme/app .", ["acme/app"]),
    ("ENGINE=$(command -v podman || command -v docker)\n$ENGINE build -t acme/app .", ["acme/app"]),
    ("DOCKER='sudo docker'\n$DOCKER build -t acme/app .", ["acme/app"]),  # (split: sudo docker)
    # an option's value (`-r podman`) over the script's own engine: the default's build
    # (eclipse-cyclonedds's scripts/docker/build_docker_image.sh: CONTAINER_RUNTIME="docker",
    # `-r|--runtime) CONTAINER_RUNTIME="$2"` in its parse_args, `$CONTAINER_RUNTIME build`)
    ('R=docker\nif [ "$1" = -r ]; then R="$2"; fi\n$R build -t acme/app .', ["acme/app"]),
    (
        'R="sudo docker"\nargs() {\n  while [ $# -gt 0 ]; do\n    case $1 in\n'
        '      -r) R="$2"; shift 2;;\n      *) shift;;\n    esac\n  done\n}\nargs "$@"\n'
        '"$R" build -t acme/app .',
        ["acme/app"],
    ),
    # (not when the script gives it another value, no engine's: a dry run's `echo`)
    (
        'R=docker\nif [ -n "$DRY" ]; then R=echo; fi\nif [ "$1" = -r ]; then R="$2"; fi\n'
        "$R build -t acme/app .",
        [],
    ),
    # the engine and its build verb in a variable: the unquoted value splits into the command's
    # words (ava-labs/avalanchego's scripts/lib_build_antithesis_images.sh builds with
    # `${docker_cmd} -t "${node_image_name}" -f …`, docker_cmd="docker buildx build --build-arg …")
    (
        'DOCKER_BUILD="docker buildx build --platform linux/amd64"\n$DOCKER_BUILD -t acme/app .',
        ["acme/app"],
    ),
    (
        'docker_cmd="docker buildx build --build-arg GO_VERSION=1.24"\n'
        'docker_cmd="${docker_cmd} --push"\n'
        '${docker_cmd} -t "acme/app-node:1" -f Dockerfile.node .',
        ["acme/app-node"],
    ),
    ("B='podman build --pull'\n${B} -t quay.io/acme/app .", ["quay.io/acme/app"]),
    # bash's pattern substitution: percona/percona-postgresql-operator's e2e-tests/build
    (
        'IMAGE=${IMAGE:-"percona/op:1.0"}\nIMAGE=${IMAGE/#percona\\//perconalab/}\n'
        'docker buildx build -t "${IMAGE}" .',
        ["perconalab/op"],
    ),
    (
        'I=a.b-c.d\ndocker build -t "acme/${I//./-}" -t "acme/${I/./-}" .',
        ["acme/a-b-c-d", "acme/a-b-c.d"],
    ),
    ('I=acme/app-x\ndocker build -t "${I/%-x/-y}" -t "${I/#x/y}" .', ["acme/app-y", "acme/app-x"]),
    # (a value partly a run's stays a run's: `${GIT_BRANCH}` names a tag of a repository that
    # percona's other components, built elsewhere, share)
    ('I="percona/op:${GIT_BRANCH}"\ndocker build -t "${I/#percona\\//perconalab/}" .', []),
    # `sg GROUP -c CMD` runs CMD as `sh -c` does (Percona's Jenkinsfiles: `sg docker -c "…"`)
    ('sg docker -c "docker build -t acme/app ."', ["acme/app"]),
    ("sg - docker -c 'docker build -t acme/app .'", ["acme/app"]),
    # (and `sg GROUP CMD`, without -c: shadow's sg runs its one word after the group with
    # `sh -c` either way, and reads no word after it; algorand/go-algorand's release scripts)
    ("sg docker 'docker build -t acme/app .'", ["acme/app"]),
    ("sg docker 'docker build -t acme/app .' extra", ["acme/app"]),
    # `sed -e SCRIPT` as `sed SCRIPT`
    (
        "I=$(echo percona/op | sed -e 's#percona/#perconalab/#')\ndocker build -t \"$I\" .",
        ["perconalab/op"],
    ),
]


@pytest.mark.parametrize(("script", "expected"), BUILDS, ids=[b[0][:40] for b in BUILDS])
def test_the_names_a_build_command_makes(script: str, expected: list[str]) -> None:
    assert names(script) == expected


NOT_BUILDS = [
    "docker run -t acme/app",
    "sg -c 'docker build -t acme/app .'",  # (no group: sg's usage, nothing run)
    "sg docker -c",  # (no command)
    "docker pull acme/app",
    "docker push acme/app",
    "docker compose build",
    "$DOCKER_COMPOSE build -t acme/app",
    "# docker build -t acme/app .",
    "echo 'docker build -t acme/app .'",
    'echo "docker build -t acme/app ."',
    "printf '%s\\n' \"docker build -t acme/app .\"",
    "go build -tags netgo ./...",
    "command -v docker build -t acme/app",
    "cat <<EOF\ndocker build -t acme/app .\nEOF",
    "cat <<-'END' > build.sh\n\tdocker build -t acme/app .\n\tEND",
    "echo 'a multi-line\ndocker build -t acme/app .\nstring'",
    "docker build .",
    "docker build -f Dockerfile .",
    "kaniko --destination acme/app",
    'X="docker build -t acme/app ."',
    "docker manifest push acme/app:1",
    "podman manifest push acme/app:1 oci-archive:///tmp/app.tar",
    "docker manifest annotate --arch arm64 acme/app:1 acme/app-arm64:1",
    "docker manifest create --new-option x acme/app:1",  # (an option not known: which word?)
    "docker buildx imagetools inspect acme/app:1",
    "docker buildx imagetools create --dry-run acme/app:1",
    "docker buildx bake image --set image.platform=linux/arm64",  # (its files' tags: theirs)
    "docker buildx bake --set image.args.BASE=acme/base:1",
    # juanfont/headscale's test-integration.yaml saves postgres for its integration jobs
    "docker pull postgres:latest\ndocker tag postgres:latest postgres:${GITHUB_SHA}",
    "docker tag redis redis:7-local",
    # nipreps/mriqc's CI takes each image from its cache registry back to the name it mirrors
    "docker pull localhost:5000/nginx:latest\ndocker tag localhost:5000/nginx:latest nginx:latest",
    "docker tag 127.0.0.1:5001/swaggerapi/swagger-ui:latest swaggerapi/swagger-ui:latest",
    # a variable that holds a build command, only printed or quoted whole (one word: no command)
    'cmd="docker build -t acme/app ."\necho "$cmd"',
    'notes="build docker images -t"\n$notes acme/app .',
]


@pytest.mark.parametrize("script", NOT_BUILDS)
def test_what_builds_nothing(script: str) -> None:
    assert names(script) == []


# kubernetes-sigs/kueue's Makefile builds each image through a retry script of its own:
# `$(PROJECT_DIR)/hack/testing/retry.sh --attempts 7 … -- env docker buildx build -t …`.
WRAPPED_BY_SCRIPTS = [
    ("./hack/retry.sh --attempts 7 -- docker build -t acme/app .", ["acme/app"]),
    ("hack/retry.sh --delay 2 --stream -- env docker buildx build -t acme/app .", ["acme/app"]),
    ('$ROOT/hack/retry.sh --if "grep -q x {output}" -- docker build -t acme/app .', ["acme/app"]),
    ("./with-lock.sh -- sudo -E podman build -t quay.io/acme/app .", ["quay.io/acme/app"]),
    # no `--`: the words are the script's own arguments, whatever they say
    ("./hack/retry.sh docker build -t acme/app .", []),
    # after `--`, no command of a program read here: files, or the script's arguments
    ("./hack/run.sh -- echo docker build -t acme/app .", []),
    ("./hack/lint.sh -- docker/Dockerfile", []),
    # not a script: a program of the system, whose operands are its own business
    ("git checkout -- docker build -t acme/app .", []),
]


@pytest.mark.parametrize(
    ("script", "expected"), WRAPPED_BY_SCRIPTS, ids=[w[0][:50] for w in WRAPPED_BY_SCRIPTS]
)
def test_a_script_runs_the_command_after_its_double_dash(script: str, expected: list[str]) -> None:
    assert names(script) == expected


UNTELLABLE = [
    # (a -t value that cannot tell one name from any other marks nothing)
    "docker build -t $IMAGE .",
    'docker build -t "${IMAGE}:${TAG}" .',
    "docker build -t $REGISTRY/app .",
    "docker build -t $(cat image.txt) .",
    "docker build -t ghcr.io/$GITHUB_REPOSITORY .",
    "docker build -t $OWNER/$NAME .",
    "docker build -t localhost:5000/$NAME .",
    "docker build -t Acme/App .",  # (not a valid name)
    "docker build -t '$HOME/app' .",  # (single-quoted: no expansion, no valid name)
]


@pytest.mark.parametrize("script", UNTELLABLE)
def test_a_name_a_run_decides_wholly_marks_nothing(script: str) -> None:
    assert names(script) == []


def test_a_fully_literal_tag_marks_exactly_that_name() -> None:
    (build,) = ShellReader().read("\n\ndocker build -t ghcr.io/acme/api:1.4.2 -f api.Dockerfile .")
    assert (build.line, build.names) == (3, ("ghcr.io/acme/api",))
    assert (build.engine, build.verb, build.dockerfile, build.context) == (
        "docker", "build", "api.Dockerfile", "."
    )  # fmt: skip


def test_a_committed_container_s_image_is_the_project_s() -> None:
    # openmrs/openmrs-distro-referenceapplication's tests/e2e/commit_and_export_images.sh:
    # `docker commit "${frontend_container_id}" e2e/frontend:latest`, the image its e2e
    # compose file runs (4 false TS001, survey 28x); options before the container are skipped.
    script = (
        'docker commit "${frontend_container_id}" e2e/frontend:latest\n'
        "podman commit -a me -m 'snapshot' --pause c1 ghcr.io/acme/db:snap\n"
        "docker commit c2\n"
        "git commit -m 'docker commit x acme/not:1'\n"
    )
    found = ShellReader().read(script)
    assert [(b.line, b.engine, b.verb, b.names) for b in found] == [
        (1, "docker", "commit", ("e2e/frontend",)),
        (2, "podman", "commit", ("ghcr.io/acme/db",)),
    ]
    assert all(b.dockerfile is None for b in found)


def test_an_imported_archive_s_image_is_the_project_s() -> None:
    # DeviceFarmer/stf's docker/armv7l/mkimage-alpine.sh (survey s58c): `tar … | docker import
    # - $IMAGE`, then `docker run -i --rm $IMAGE …`: docker-import(1) makes the image here
    # from the archive, so the run pulls nothing (a false TS003 on alpine:edge). Options
    # before the source are skipped; an import with no name makes no named image.
    script = (
        "tar -C rootfs -c . | docker import - alpine:edge\n"
        "podman import --change 'CMD [\"/bin/sh\"]' -m snap rootfs.tar ghcr.io/acme/base:1\n"
        "docker image import https://example.com/r.tgz acme/remote:2\n"
        "docker import rootfs.tar\n"
        "python -c 'import docker'\n"
    )
    found = ShellReader().read(script)
    assert [(b.line, b.engine, b.verb, b.names) for b in found] == [
        (1, "docker", "import", ("alpine",)),
        (2, "podman", "import", ("ghcr.io/acme/base",)),
        (3, "docker", "import", ("acme/remote",)),
    ]
    assert may_build(b"tar c . | docker import - acme/rootfs:1")


def test_a_command_substitution_s_build_is_read() -> None:
    # DeviceFarmer/stf's docker/armv7l/mkimage-alpine.sh: `id=$(tar … | docker import -
    # $IMAGE)`, then `docker run -i --rm $IMAGE …` (a false TS003 on alpine:edge); and
    # `IID=$(docker build -q -t NAME .)`, `CID=$(docker commit C NAME)`: the substitution
    # runs its commands, so their images are made as on a line of their own.
    script = (
        "IMAGE=${IMAGE:-alpine:edge}\n"
        "id=$(tar -C rootfs -c . | docker import - $IMAGE)\n"
        'iid="$(docker build -q -t acme/app:1.0 -f app.Dockerfile .)"\n'
        "echo $(docker commit c1 acme/snap:1) $(git describe)\n"
        "v=$(git describe --tags)\n"
    )
    found = ShellReader().read(script)
    assert [(b.line, b.verb, b.names) for b in found] == [
        (2, "import", ("alpine",)),
        (3, "build", ("acme/app",)),
        (4, "commit", ("acme/snap",)),
    ]
    assert found[1].dockerfile == "app.Dockerfile"


def test_a_push_to_another_name_makes_it_the_project_s() -> None:
    # containers/buildah's demos: `podman push $demoimg docker-daemon:$quayuser/$demoimg:latest`,
    # then `docker run` of it (2 false TS002, survey 28y); its tests commit and push to
    # docker://localhost:5000/…. docker's push names no other image; a file is no image.
    script = (
        "podman push acme/demo docker-daemon:ipbabble/demo:latest\n"
        "buildah push --cert-dir /root/auth --tls-verify=true alpine docker://localhost:5000/a\n"
        "buildah commit --cert-dir /root/auth --creds=u:p ctr docker://localhost:5000/b\n"
        "docker push acme/app:1.0\n"
        "podman push acme/demo oci-archive:/tmp/demo.tar\n"
    )
    found = ShellReader().read(script)
    assert [(b.line, b.verb, b.names) for b in found] == [
        (1, "push", ("ipbabble/demo",)),
        (2, "push", ("localhost:5000/a",)),
        (3, "commit", ("localhost:5000/b",)),
    ]


def test_the_build_s_dockerfile_context_target_and_arguments_as_written() -> None:
    (build,) = ShellReader().read(
        "docker buildx build --target release --build-arg GO=1.23 --build-arg V=$(git describe)"
        " --build-arg FROM_ENV -f docker/app.Dockerfile -t acme/app --load ./app"
    )
    assert (build.dockerfile, build.context, build.target) == (
        "docker/app.Dockerfile",
        "./app",
        "release",
    )
    assert build.args == (("GO", "1.23"),)  # (one a run decides, one from the environment: out)


def test_variables_a_session_starts_with_and_those_it_sets_carry_on() -> None:
    reader = ShellReader({"REGISTRY": "ghcr.io/acme"})
    assert [b.names for b in reader.read("APP=api")] == []
    assert [b.names for b in reader.read("docker build -t $REGISTRY/$APP .", 10)] == [
        ("ghcr.io/acme/api",)
    ]


def test_a_command_is_at_the_line_it_starts_on() -> None:
    script = "set -e\n\ndocker build \\\n  -t acme/a .\necho done\npodman build -t acme/b ."
    assert [(b.line, b.names) for b in ShellReader().read(script, 20)] == [
        (22, ("acme/a",)),
        (25, ("acme/b",)),
    ]


NAME_PATTERNS = [
    # (a -t value, UNKNOWN for what a run decides; the pattern kept, or None)
    ("acme/app", "acme/app"),
    ("acme/app:1.0", "acme/app"),
    ("acme/app@sha256:" + "a" * 64, "acme/app"),
    ("localhost:5000/app:dev", "localhost:5000/app"),
    ("quay.io/jupyter/" + UNKNOWN, "quay.io/jupyter/*"),
    ("quay.io/jupyter/" + UNKNOWN + ":" + UNKNOWN, "quay.io/jupyter/*"),
    ("gcr.io/" + UNKNOWN + "/build_deps", "gcr.io/*/build_deps"),
    ("acme/" + UNKNOWN, "acme/*"),
    ("acme/app-" + UNKNOWN + UNKNOWN, "acme/app-*"),
    # (a local registry of which the port or the host is written: cloudnative-pg's
    # hack/testing-tools/common/20-utils-k8s.sh, kind's local-registry recipe)
    (UNKNOWN + ":5000/fluentd-kubernetes-daemonset:local", "*:5000/fluentd-kubernetes-daemonset"),
    ("localhost:" + UNKNOWN + "/hello-app:1.0", "localhost:*/hello-app"),
    # (a registry service's host named by a run's account, its domain written: Azure's,
    # AWS's; ajdunney/fastapi-azure-deployment's workflow, survey 33f)
    (UNKNOWN + ".azurecr.io/myapi:latest", "*.azurecr.io/myapi"),
    (
        UNKNOWN + ".dkr.ecr." + UNKNOWN + ".amazonaws.com/shop/api",
        "*.dkr.ecr.*.amazonaws.com/shop/api",
    ),
    (UNKNOWN + ".io/app", None),
    ("registry." + UNKNOWN + "/app", None),
    ("a" + UNKNOWN + ".azurecr.io/app", None),
    (UNKNOWN + ".azurecr.io/" + UNKNOWN, None),
    (UNKNOWN + ":" + UNKNOWN + "/app", None),
    (UNKNOWN + ":50x0/app", None),
    (UNKNOWN + ":5000/" + UNKNOWN, None),
    (UNKNOWN, None),
    (UNKNOWN + ":latest", None),
    (UNKNOWN + "/" + UNKNOWN, None),
    (UNKNOWN + "/app", None),
    ("quay.io/" + UNKNOWN, None),
    ("quay.io/" + UNKNOWN + "/" + UNKNOWN, None),
    ("app-" + UNKNOWN, None),
    ("", None),
    ("acme/App", None),
    ("acme//app", None),
]


@pytest.mark.parametrize(("word", "expected"), NAME_PATTERNS)
def test_name_pattern(word: str, expected: str | None) -> None:
    assert name_pattern(word) == expected


def test_may_build_is_a_quick_look_at_bytes() -> None:
    assert may_build(b"docker build -t x .")
    assert may_build(b"$(DOCKER) tag a b")
    assert may_build(b"docker manifest create --amend acme/app:1 acme/app-amd64:1")
    assert not may_build(b"go build ./...")
    assert not may_build(b"docker run alpine")


def test_a_script_that_cannot_be_read_builds_nothing(tmp_path: Path) -> None:
    script = tmp_path / "build.sh"
    assert read_shell_script(str(script)).built == ()  # (absent)
    script.write_bytes(b"docker build -t acme/app .\n\0")
    assert read_shell_script(str(script)).built == ()  # (binary)
    script.write_text("docker build -t acme/app .\n" + "#" * 100)
    assert read_shell_script(str(script), max_bytes=50).built == ()  # (too large)
    assert [i.name for i in read_shell_script(str(script)).built] == ["acme/app"]


def test_nvidia_docker_runs_and_pulls_as_docker_does(tmp_path: Path) -> None:
    # triton-inference-server's qa/L0_perf_kaldi/create_data.sh: `nvidia-docker run … IMAGE`;
    # NVIDIA's nvidia-docker wrapper runs docker with the NVIDIA runtime added, so it pulls.
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    (tmp_path / "create_data.sh").write_text(
        "#!/bin/sh\nV=20.05\nnvidia-docker run --rm --shm-size=1g -v $PWD/data:/mnt/data \\\n"
        "   nvcr.io/nvidia/tritonserver:${V}-py3 ls\n"
        "sudo /usr/bin/nvidia-docker pull ubuntu:22.04\n"
    )
    (tmp_path / "Makefile").write_text("gpu:\n\tnvidia-docker run --rm alpine:3.21.3 true\n")
    found = sorted(
        ((o.path or "").rpartition("/")[2], o.line, o.text) for o in find_references(str(tmp_path))
    )
    assert found == [
        ("Makefile", 2, "alpine:3.21.3"),
        ("create_data.sh", 4, "nvcr.io/nvidia/tritonserver:20.05-py3"),
        ("create_data.sh", 5, "ubuntu:22.04"),
    ]


def test_a_retagged_pull_is_still_a_pull(tmp_path: Path) -> None:
    # juanfont/headscale: the workflow pulls postgres:latest and tags it postgres:<sha> to
    # save it; `postgres` was taken for an image of the project's, and the pull was not judged.
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    workflow = tmp_path / ".github" / "workflows" / "test.yaml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  save:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n          docker pull postgres:latest\n"
        "          docker tag postgres:latest postgres:${{ github.sha }}\n"
    )
    (pull,) = find_references(str(tmp_path))
    assert (pull.text, pull.line, pull.built) == ("postgres:latest", 7, None)


def test_a_sed_case_conversion_is_a_run_s_value_not_an_error() -> None:
    # lancedb's ci/sysroot-*.sh: `sed -E 's/(…)/\L\1/'` lower-cases, which Python's re cannot
    # do (it raised, and the whole repository's scan was lost)
    script = "I=$(echo Acme/App | sed -E 's/(.*)/\\L\\1/')\ndocker build -t \"$I\" ."
    assert names(script) == []
