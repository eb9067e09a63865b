"""Makefiles: the images their recipes build, with the variables the Makefile defines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import BuildSite
from tagsense.sources.builds._make_staging import staged_copies
from tagsense.sources.builds._shell_values import UNKNOWN
from tagsense.sources.builds.make import MakeReader, is_makefile_name, read_makefile

if TYPE_CHECKING:
    from pathlib import Path


def built(tmp_path: Path, text: str, name: str = "Makefile") -> list[tuple[str, int | None]]:
    makefile = tmp_path / name
    makefile.write_text(text)
    return [(image.name, image.site.line) for image in read_makefile(str(makefile)).built]


# jupyter/docker-stacks, Makefile (the variables and the build recipe, trimmed): the images
# are built as $(REGISTRY)/$(OWNER)/<the stack's directory>, with an engine the run chooses.
JUPYTER_MAKEFILE = """\
SHELL:=bash
REGISTRY?=quay.io
OWNER?=jupyter
# The full image reference, only used in the per-image targets, as it depends on the target name
IMG=$(REGISTRY)/$(OWNER)/$(notdir $@)

# Use Docker if available, otherwise use Apple's container framework
CONTAINER_CLI?=$(if $(shell command -v docker),docker,container)
ifeq ($(CONTAINER_CLI),docker)
\tCONTAINER_NS:=docker container
else
\tCONTAINER_NS:=container
endif

build/%: DOCKER_BUILD_ARGS?=
build/%: ROOT_IMAGE?=default_root_image
build/%: ## build the latest image for a stack using the system's architecture
\t$(CONTAINER_CLI) build $(DOCKER_BUILD_ARGS) \\
\t  --tag "$(IMG)" \\
\t  "./images/$(notdir $@)" \\
\t  --build-arg REGISTRY="$(REGISTRY)" \\
\t  --build-arg OWNER="$(OWNER)"
\t@$(CONTAINER_CLI) image ls | grep -E "^$(IMG)[: ]"

pull/%: ## pull a jupyter image
\t$(CONTAINER_CLI) image pull "$(IMG)"
run-shell/%: ## run a bash in interactive mode in a stack
\t$(CONTAINER_CLI) run -it --rm "$(IMG)" $(SHELL)
"""

# GoogleContainerTools/skaffold, Makefile (trimmed): build_deps is built by tag.
SKAFFOLD_MAKEFILE = """\
GCP_PROJECT ?= k8s-skaffold
COMMIT = $(shell git rev-parse HEAD)

.PHONY: build_deps
build_deps:
\t$(eval DEPS_DIGEST := $(shell ./hack/skaffold-deps-sha1.sh))
\tdocker buildx build \\
\t\t-f deploy/skaffold/Dockerfile.deps \\
\t\t-t gcr.io/$(GCP_PROJECT)/build_deps:$(DEPS_DIGEST) \\
\t\t--load \\
\t\tdeploy/skaffold
\tdocker push gcr.io/$(GCP_PROJECT)/build_deps:$(DEPS_DIGEST)

.PHONY: skaffold-builder
skaffold-builder:
\ttime docker buildx build \\
\t\t-f deploy/skaffold/Dockerfile \\
\t\t--target builder \\
\t\t-t gcr.io/$(GCP_PROJECT)/skaffold-builder \\
\t\t--load \\
\t\t.
"""


def test_jupyter_docker_stacks_builds_every_stack_under_its_owner(tmp_path: Path) -> None:
    makefile = tmp_path / "Makefile"
    makefile.write_text(JUPYTER_MAKEFILE)
    (image,) = read_makefile(str(makefile)).built
    assert image.name == "quay.io/jupyter/*"
    assert image.site == BuildSite("make", str(makefile), 18)


def test_skaffold_builds_its_build_deps(tmp_path: Path) -> None:
    assert built(tmp_path, SKAFFOLD_MAKEFILE) == [
        ("gcr.io/k8s-skaffold/build_deps", 7),
        ("gcr.io/k8s-skaffold/skaffold-builder", 16),
    ]


MAKEFILES = [
    # (Makefile, names built)
    ("IMAGE = acme/app\nbuild:\n\tdocker build -t $(IMAGE) .\n", ["acme/app"]),
    ("IMAGE := acme/app\nbuild:\n\tdocker build -t ${IMAGE}:dev .\n", ["acme/app"]),
    ("IMAGE ?= acme/app\nIMAGE ?= other/app\nbuild:\n\tdocker build -t $(IMAGE) .\n", ["acme/app"]),
    ("override IMAGE = acme/app\nbuild:\n\tdocker build -t $(IMAGE) .\n", ["acme/app"]),
    ("export IMAGE := acme/app\nbuild:\n\tdocker build -t $(IMAGE) .\n", ["acme/app"]),
    # (recursive: what the variable is when the recipe runs, not when it was written)
    (
        "IMAGE = $(REPO)/app\nREPO = ghcr.io/acme\nb:\n\tdocker build -t $(IMAGE) .\n",
        ["ghcr.io/acme/app"],
    ),
    (
        "NAMES = a\nNAMES += b\nb:\n\tfor n in $(NAMES); do docker build -t acme/$$n .; done\n",
        ["acme/a", "acme/b"],
    ),
    # target-specific values
    ("build: IMAGE = acme/app\nbuild:\n\tdocker build -t $(IMAGE) .\n", ["acme/app"]),
    # a rule's recipe after ";"
    ("build: ; docker build -t acme/app .\n", ["acme/app"]),
    # the shell's own variables ($$ is a $ for the shell)
    ("build:\n\tIMG=acme/app; docker build -t $$IMG .\n", ["acme/app"]),
    # $@ of a rule with one target; a pattern rule's is unknown
    ("acme-api:\n\tdocker build -t acme/$@ .\n", ["acme/acme-api"]),
    ("image-%:\n\tdocker build -t ghcr.io/acme/$* .\n", ["ghcr.io/acme/*"]),
    # the engine in a variable
    ("DOCKER ?= docker\nb:\n\t$(DOCKER) build -t acme/app .\n", ["acme/app"]),
    ("ENGINE ?= $(shell which podman)\nb:\n\t$(ENGINE) build -t acme/app .\n", ["acme/app"]),
    ("b:\n\t@$(DOCKER) build -t acme/app .\n", ["acme/app"]),
    ("b:\n\t-$(CONTAINER_ENGINE) build -t acme/app .\n", []),
    # define ... endef, used as a variable
    ("define BUILD\ndocker build -t acme/app .\nendef\nb:\n\t$(BUILD)\n", ["acme/app"]),
    # a canned recipe: each of its lines is a recipe line, with its own @, -, + (Loki)
    (
        "define RUN\n\t@mkdir -p .pkg\n\t@docker build --rm \\\n\t\t-t acme/app \\\n\t\t.\n"
        "\n\t-docker build -t acme/tool .\nendef\nb:\n\t$(RUN)\n",
        ["acme/app", "acme/tool"],
    ),
    # a command a conditional chooses, that builds the same names either way (Loki)
    (
        "ifeq ($(CI),true)\n\tBUILD := docker buildx build --platform=linux/amd64\nelse\n"
        "\tBUILD := docker build\nendif\nb:\n\t$(BUILD) -t acme/app .\n",
        ["acme/app"],
    ),
    # recipe lines that are not builds
    ("b:\n\tdocker run -t acme/app\n\tdocker pull acme/base\n\t# docker build -t acme/x .\n", []),
    ("b:\n\techo docker build -t acme/app .\n", []),
    ("b:\n\tdocker build -t $(IMAGE) .\n", []),
    ("b:\n\tdocker build -t $(REGISTRY)/app .\n", []),
    # a variable made of itself, or of too much, is unknown
    ("A = $(A)\nb:\n\tdocker build -t acme/x$(A) .\n", ["acme/x*"]),
    # a container committed to an image (google/gvisor's tools/bazel.mk commits its bazel
    # server's container to gvisor.dev/images/builder)
    (
        "B = gv-box\nb:\n\t@docker commit $(B) gvisor.dev/images/runner >&2\n",
        ["gvisor.dev/images/runner"],
    ),
    # (a compiler's line that names build directories builds no image: micropython's)
    ("b:\n\tgcc -Ibuild-standard/genhdr -c -o build-standard/py/obj.o py/obj.c\n", []),
]


@pytest.mark.parametrize(("text", "expected"), MAKEFILES, ids=[m[0][:40] for m in MAKEFILES])
def test_the_names_a_makefile_builds(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert [name for name, _ in built(tmp_path, text)] == expected


def test_a_variable_the_two_sides_of_a_conditional_set_differently_is_a_run_s(
    tmp_path: Path,
) -> None:
    text = (
        "ifdef CI\nREPO := ghcr.io/acme\nelse\nREPO := localhost/acme\nendif\n"
        "SAME := quay.io/acme\nifdef X\nSAME := quay.io/acme\nendif\n"
        "b:\n\tdocker build -t $(REPO)/app .\n\tdocker build -t $(SAME)/tool .\n"
    )
    assert [name for name, _ in built(tmp_path, text)] == ["quay.io/acme/tool"]


def test_a_dockerfile_a_conditional_chooses_is_built_on_each_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # arangodb/kube-arangodb's Makefile: DOCKERFILE is Dockerfile.debug when DEBUG is true,
    # else Dockerfile; `make docker` builds -f $(DOCKERFILE) with --build-arg
    # ENVOY_IMAGE=$(ENVOY_IMAGE), the same names either way (a false TS011 for each before).
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Makefile").write_text(
        "ENVOY_IMAGE ?= envoyproxy/envoy:v1.37.5\n"
        "ifeq ($(DEBUG),true)\n\tDOCKERFILE := Dockerfile.debug\n"
        "else\n\tDOCKERFILE := Dockerfile\nendif\n"
        "docker:\n\tdocker buildx build -f $(DOCKERFILE) "
        '--build-arg "ENVOY_IMAGE=$(ENVOY_IMAGE)" -t acme/operator:dev .\n'
    )
    for name in ("Dockerfile", "Dockerfile.debug"):
        (tmp_path / name).write_text("ARG ENVOY_IMAGE\nFROM ${ENVOY_IMAGE}\n")
    found = sorted((o.path, o.text) for o in find_references("."))
    assert found == [
        ("Dockerfile", "envoyproxy/envoy:v1.37.5"),
        ("Dockerfile.debug", "envoyproxy/envoy:v1.37.5"),
    ]


def test_a_target_a_conditional_chooses_pulls_the_stages_of_each_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NVIDIA/KAI-Scheduler's build/makefile/base.mk: `--target debug` when DEBUG is 1, else
    `--target prod`, the same names and Dockerfile either way. `make DEBUG=1` pulls the
    debug stage's base: before, only one side's build was kept, and refs said the debug
    stage was not pulled while check judged it."""
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Makefile").write_text(
        "ifeq ($(DEBUG), 1)\nARGS=--target debug\nelse\nARGS=--target prod\nendif\n"
        "build:\n\tdocker buildx build ${ARGS} -t acme/app:1 .\n"
    )
    (tmp_path / "Dockerfile").write_text(
        "FROM golang:1.22.5 AS debug\nRUN true\n\nFROM alpine:3.20.1 AS prod\nRUN true\n"
        "\nFROM busybox:1.36.1 AS unused\n"
    )
    pulled: dict[str, set[object]] = {}
    for occurrence in find_references("."):
        pulled.setdefault(occurrence.text, set()).add(occurrence.context.get("pulled"))
    assert pulled == {
        "golang:1.22.5": {True},
        "alpine:3.20.1": {True},
        "busybox:1.36.1": {False},  # (neither side builds it)
    }


def test_a_build_argument_an_else_ifeq_chain_sets_is_each_branch_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """nuclio/nuclio's Makefile: `ARCH` from an `ifeq ($(GOARCH), arm)` chain (else `$(shell go
    env GOARCH || echo amd64)`), then `ifeq ($(ARCH), armhf)` / `else ifeq ($(ARCH), arm64)` /
    `else`, each branch `ALPINE_IMAGE ?= …`, and `docker build --build-arg
    ALPINE_IMAGE=$(ALPINE_IMAGE)` with the same names on every side. Every branch sets the
    value, so make passes one of the three, never one only a run knows (11 false TS011
    before, and the armhf and arm64 images never read)."""
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Makefile").write_text(
        "ifeq ($(GOARCH), arm)\n\tARCH := armhf\nelse ifeq ($(GOARCH), arm64)\n"
        "\tARCH := arm64\nelse\n\tARCH := $(shell go env GOARCH || echo amd64)\nendif\n"
        "ifeq ($(ARCH), armhf)\n\tALPINE_IMAGE ?= acme/arm32v7-alpine:3.20\n"
        "else ifeq ($(ARCH), arm64)\n\tALPINE_IMAGE ?= acme/arm64v8-alpine:3.20\n"
        "else\n\tALPINE_IMAGE ?= acme/alpine:3.20\nendif\n"
        "CACHE = --cache-from acme/cache\n"
        "scaler:\n\tdocker build --build-arg ALPINE_IMAGE=$(ALPINE_IMAGE) $(CACHE) "
        "-f Dockerfile -t acme/scaler:1 .\n"
    )
    (tmp_path / "Dockerfile").write_text("ARG ALPINE_IMAGE\nFROM $ALPINE_IMAGE\nRUN true\n")
    found = sorted((o.text, bool(o.unresolved)) for o in find_references("."))
    assert found == [
        ("acme/alpine:3.20", False),
        ("acme/arm32v7-alpine:3.20", False),
        ("acme/arm64v8-alpine:3.20", False),
    ]


def test_a_simple_variable_of_a_variable_a_chain_sets_has_each_branch_s_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """nuclio/nuclio's Makefile: `NUCLIO_ARCH := $(if $(NUCLIO_ARCH),$(NUCLIO_ARCH),
    $(NUCLIO_DEFAULT_ARCH))`, the default from an `ifeq ($(GOARCH), arm)` chain, then
    `UHTTPC_ARCH ?= $(NUCLIO_ARCH)` passed to the dashboard's `FROM $UHTTPC_IMAGE-$UHTTPC_ARCH`.
    The `:=` takes the value of the side make reads, one of the three; before, the value
    only a run knows (a false TS011)."""
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Makefile").write_text(
        "ifeq ($(GOARCH), arm)\n\tDEFAULT_ARCH := armhf\nelse ifeq ($(GOARCH), arm64)\n"
        "\tDEFAULT_ARCH := arm64\nelse\n\tDEFAULT_ARCH := $(shell go env GOARCH)\nendif\n"
        "ARCH := $(if $(ARCH),$(ARCH),$(DEFAULT_ARCH))\nUHTTPC_ARCH ?= $(ARCH)\n"
        'dashboard:\n\tdocker build --build-arg UHTTPC_ARCH="$(UHTTPC_ARCH)" -t acme/d:1 .\n'
    )
    (tmp_path / "Dockerfile").write_text("ARG UHTTPC_ARCH\nFROM acme/uhttpc:1-$UHTTPC_ARCH\n")
    found = sorted((o.text, bool(o.unresolved)) for o in find_references("."))
    assert found == [
        ("acme/uhttpc:1-amd64", False),
        ("acme/uhttpc:1-arm64", False),
        ("acme/uhttpc:1-armhf", False),
    ]


def test_a_verbosity_switch_before_a_recipe_line_changes_no_command(tmp_path: Path) -> None:
    # spiffe/spire's Makefile: `E:=@`, `ifeq ($(V),1) E= endif`, then `$(E)docker build`
    text = (
        "E:=@\nifeq ($(V),1)\n\tE=\nendif\nQ ?= @\nifdef VERBOSE\nQ := -\nendif\n"
        "b:\n\t$(E)docker build -t acme/app .\n\t${Q}docker build -t acme/tool .\n"
    )
    assert [name for name, _ in built(tmp_path, text)] == ["acme/app", "acme/tool"]


def test_a_privilege_switch_a_run_decides_before_the_engine_changes_no_command(
    tmp_path: Path,
) -> None:
    # cortexproject/cortex, Makefile (packaging test images, trimmed): `$(SUDO)` is empty or
    # `sudo -E` as `docker info` answers; its value names docker, yet it is not the engine
    text = (
        'SUDO := $(shell docker info >/dev/null 2>&1 || echo "sudo -E")\n'
        "IMAGE_PREFIX ?= quay.io/cortexproject/\nARCHS = amd64 arm64\n"
        "packaging/deb/debian-systemd/.uptodate: packaging/deb/debian-systemd/Dockerfile\n"
        "\t@for arch in $(ARCHS); do \\\n"
        "\t\t$(SUDO) docker build --platform linux/$$arch"
        " -t $(IMAGE_PREFIX)$(shell basename $(@D)):$$arch $(@D)/ ; \\\n"
        "\tdone\n"
        "tool:\n\t$(DOCKER_SUDO) docker build -t acme/tool .\n"
        "dry:\n\t$(DRY) docker build -t acme/dry .\n"  # (`echo` for a dry run?)
    )
    assert sorted(name for name, _ in built(tmp_path, text)) == [
        "acme/tool",
        "quay.io/cortexproject/*",  # (its directory, `$(@D)`, a run's: any name under it)
    ]


def test_an_eval_of_a_template_s_rules_reads_them_in_its_place(tmp_path: Path) -> None:
    # spiffe/spire's Makefile (cut down): each image's rule made by a `define` template
    text = (
        "E:=@\nifeq ($(V),1)\n\tE=\nendif\n"
        "define image_rule\n.PHONY: $1\n$1: $3\n\t@echo Building docker image $2\n"
        "\t$(E)docker build \\\n\t\t--target $2 \\\n\t\t-t $2:latest-local \\\n"
        "\t\t-f $3 \\\n\t\t.\n\nendef\n\n"
        "$(eval $(call image_rule,spire-server-image,spire-server,Dockerfile))\n"
        "$(eval $(call image_rule,spire-agent-image,spire-agent,Dockerfile))\n"
        "$(eval X := 1)\n"
    )
    assert [name for name, _ in built(tmp_path, text)] == ["spire-server", "spire-agent"]
    reader = MakeReader()
    reader.parse(text, None)
    assert reader.prerequisites["spire-agent-image"] == ["Dockerfile"]
    assert reader.expand("$(X)", ()) == "1"


def test_a_template_whose_recipe_says_defined_is_read_too(tmp_path: Path) -> None:
    # jupyter-server/enterprise_gateway's etc/Makefile (cut down): the template's recipe
    # echoes "TARGET_ARCH not defined …", which is no define directive (its images were not
    # known as built: 4 false TS003 on elyra/enterprise-gateway:dev and the like)
    text = (
        "HUB_ORG:=elyra\nTAG:=dev\nDOCKER_IMAGES := demo-base enterprise-gateway\n"
        "define BUILD_IMAGE\n$1: ../.image-$1\n../.image-$1: docker/$1/*\n"
        '\t@echo "TARGET_ARCH not defined: building for the default platform"\n'
        "\t(docker build --build-arg HUB_ORG=${HUB_ORG} -t $(HUB_ORG)/$1:$(TAG) .)\n"
        "endef\n"
        "$(foreach image,$(DOCKER_IMAGES),$(eval $(call BUILD_IMAGE,$(image))))\n"
    )
    assert [name for name, _ in built(tmp_path, text)] == [
        "elyra/demo-base",
        "elyra/enterprise-gateway",
    ]


def test_a_build_in_a_staging_copy_reads_the_directory_copied(tmp_path: Path) -> None:
    # jupyter-server/enterprise_gateway's etc/Makefile (cut down): each image's directory is
    # copied to ../build/docker/$1 and built there, with the rule's build arguments (its
    # Dockerfiles' FROM $HUB_ORG/… were 4 false TS011: the copy was not followed)
    for name in ("kernel-py", "kernel-spark-py"):
        (tmp_path / "etc" / "docker" / name).mkdir(parents=True)
    (tmp_path / "etc" / "docker" / "kernel-spark-py" / "Dockerfile").write_text(
        "ARG HUB_ORG\nARG TAG\nARG BASE_CONTAINER=$HUB_ORG/kernel-py:$TAG\nFROM $BASE_CONTAINER\n"
    )
    makefile = tmp_path / "etc" / "Makefile"
    makefile.write_text(
        "HUB_ORG:=elyra\nTAG:=dev\nDOCKER_IMAGES := kernel-spark-py\n"
        "define BUILD_IMAGE\n$1:\n\t@mkdir -p ../build/docker/$1\n"
        "\t@cp -r docker/$1/* ../build/docker/$1\n"
        "\t(cd ../build/docker/$1; docker build --build-arg HUB_ORG=${HUB_ORG} "
        "--build-arg TAG=${TAG} -t $(HUB_ORG)/$1:$(TAG) .)\nendef\n"
        "$(foreach image,$(DOCKER_IMAGES),$(eval $(call BUILD_IMAGE,$(image))))\n"
        "copy:\n\tcp -r docker/kernel-py docker/kernel-spark-py\n"
    )
    configs = read_makefile(str(makefile)).builds
    assert [(c.dockerfile, dict(c.args)) for c in configs] == [
        (
            str(tmp_path / "etc" / "docker" / "kernel-spark-py" / "Dockerfile"),
            {"HUB_ORG": "elyra", "TAG": "dev"},
        )
    ]


def test_only_a_recursive_copy_of_a_directory_to_a_new_place_stages_it(tmp_path: Path) -> None:
    (tmp_path / "docker" / "app").mkdir(parents=True)
    (tmp_path / "out").mkdir()
    copies = staged_copies
    directory = str(tmp_path)
    assert copies("cp -r docker/app/* ../build/app && cd ../build/app", directory) == {
        "../build/app": "docker/app"
    }
    assert copies("cp -a docker/app/. stage", directory) == {"stage": "docker/app"}
    assert copies("cp docker/app/Dockerfile stage", directory) == {}  # (no -r: one file)
    assert copies("cp -r docker/app out", directory) == {}  # (out is the checkout's own)
    assert copies("cp -r docker/missing stage", directory) == {}
    assert copies("cp -r 'docker/app", directory) == {}  # (no words a shell splits)


def test_values_that_double_at_each_step_end_in_unknown(tmp_path: Path) -> None:
    lines = ["A0 = x"] + [f"A{i} = $(A{i - 1})$(A{i - 1})" for i in range(1, 40)]
    text = "\n".join(lines) + "\nb:\n\tdocker build -t acme/$(A39) .\n"
    assert built(tmp_path, text) == [("acme/*", len(lines) + 2)]


def test_included_files_give_values_and_recipes(tmp_path: Path) -> None:
    (tmp_path / "make").mkdir()
    (tmp_path / "make" / "vars.mk").write_text("REGISTRY ?= ghcr.io/acme\n")
    (tmp_path / "make" / "images.mk").write_text("images:\n\tdocker build -t $(REGISTRY)/api .\n")
    text = "include make/vars.mk\n-include make/images.mk make/absent.mk\ninclude $(X)\n"
    makefile = tmp_path / "Makefile"
    makefile.write_text(text)
    result = read_makefile(str(makefile))
    (image,) = result.built
    assert image.name == "ghcr.io/acme/api"
    assert image.site == BuildSite("make", str(tmp_path / "make" / "images.mk"), 2)
    assert set(result.inputs) == {
        str(tmp_path / "make" / "vars.mk"),
        str(tmp_path / "make" / "images.mk"),
        str(tmp_path / "make" / "absent.mk"),
    }
    assert result.inputs[str(tmp_path / "make" / "absent.mk")] is None


def test_an_include_s_patterns_are_the_files_they_match(tmp_path: Path) -> None:
    # cert-manager: `-include make/_shared/*/00_mod.mk` gives `CTR ?= docker`, the engine of
    # make/e2e-setup.mk's `$(CTR) build -t local/pebble:local`; in order, as the shell's.
    for module, text in (("tools", "CTR ?= docker\n"), ("zz", "CTR ?= podman\nX = 1\n")):
        (tmp_path / "make" / "_shared" / module).mkdir(parents=True)
        (tmp_path / "make" / "_shared" / module / "00_mod.mk").write_text(text)
    (tmp_path / "make" / "_shared" / ".hidden").mkdir()
    (tmp_path / "make" / "_shared" / ".hidden" / "00_mod.mk").write_text("CTR := nerdctl\n")
    (tmp_path / "make" / "e2e.mk").write_text("pebble:\n\t$(CTR) build -t local/pebble:local .\n")
    makefile = tmp_path / "Makefile"
    makefile.write_text("-include make/_shared/*/00_mod.mk\n-include make/*.mk make/none/*.mk\n")
    result = read_makefile(str(makefile))
    assert [(image.name, image.site.line) for image in result.built] == [("local/pebble", 2)]
    reader = MakeReader()
    reader.parse(makefile.read_text(), str(makefile))
    assert reader.expand("$(CTR) $(X)", ()) == "docker 1"
    # What a file added to a directory listed would change: those directories are inputs.
    assert {str(tmp_path / "make" / "_shared"), str(tmp_path / "make")} <= set(result.inputs)
    assert str(tmp_path / "make" / "_shared" / ".hidden" / "00_mod.mk") not in result.inputs


def test_an_included_file_s_includes_are_relative_to_where_make_runs(tmp_path: Path) -> None:
    # GNU Make looks for an include in its working directory, not beside the file that
    # names it (Mayan EDMS: makefiles/build.mk says `include makefiles/config.mk`).
    (tmp_path / "makefiles").mkdir()
    (tmp_path / "makefiles" / "config.mk").write_text("REGISTRY = docker.io/mayanedms\n")
    (tmp_path / "makefiles" / "build.mk").write_text(
        "include makefiles/config.mk\nimage:\n\tdocker build -t $(REGISTRY)/app .\n"
    )
    # (a file beside the including one, under the same name, is not the one make reads)
    (tmp_path / "makefiles" / "makefiles").mkdir()
    (tmp_path / "makefiles" / "makefiles" / "config.mk").write_text("REGISTRY = wrong\n")
    makefile = tmp_path / "Makefile"
    makefile.write_text("include makefiles/build.mk\n")
    (image,) = read_makefile(str(makefile)).built
    assert image.name == "docker.io/mayanedms/app"


def test_a_makefile_that_includes_itself_is_read_once(tmp_path: Path) -> None:
    text = "include Makefile\nb:\n\tdocker build -t acme/app .\n"
    assert built(tmp_path, text) == [("acme/app", 3)]


def test_a_makefile_that_cannot_be_read_builds_nothing(tmp_path: Path) -> None:
    assert read_makefile(str(tmp_path / "Makefile")).built == ()
    (tmp_path / "Makefile").write_bytes(b"b:\n\tdocker build -t acme/app .\n\0")
    assert read_makefile(str(tmp_path / "Makefile")).built == ()
    (tmp_path / "Makefile").write_text("b:\n\tdocker build -t acme/app .\n")
    assert read_makefile(str(tmp_path / "Makefile"), max_bytes=10).built == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Makefile", True), ("makefile", True), ("GNUmakefile", True), ("docker.mk", True),
     (".mk", False), ("Makefile.am", False), ("CMakeLists.txt", False)],
)  # fmt: skip
def test_makefile_names(name: str, expected: bool) -> None:
    assert is_makefile_name(name) is expected


def test_a_target_s_builds_through_a_retry_script_of_the_project(tmp_path: Path) -> None:
    # kubernetes-sigs/kueue's Makefile (trimmed): a target-specific value wraps the build
    # command in the project's retry script, whose options end at `--`.
    text = (
        "PROJECT_DIR := $(shell dirname $(abspath $(lastword $(MAKEFILE_LIST))))\n"
        "IMAGE_BUILD_CMD ?= docker buildx build\n"
        "IMAGE_BUILD_RETRY = $(PROJECT_DIR)/hack/testing/retry.sh \\\n"
        "\t--attempts 7 \\\n"
        "\t--continue-if \"grep -qiE '(deadline exceeded|401 Unauthorized)' {output}\" \\\n"
        "\t-- env\n"
        "image-build: IMAGE_BUILD_CMD := $(IMAGE_BUILD_RETRY) $(IMAGE_BUILD_CMD)\n"
        "image-build:\n"
        "\t$(IMAGE_BUILD_CMD) \\\n"
        "\t\t-t quay.io/acme/app:$(GIT_TAG) \\\n"
        "\t\t./\n"
    )
    assert built(tmp_path, text) == [("quay.io/acme/app", 9)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$(shell go env GOARCH)", "acme/app-amd64"),
        ("$(shell  go env  GOOS )", "acme/app-linux"),
        ("$(shell uname -m)", "acme/app-x86_64"),  # (thanos-io/thanos)
        # anything else of a run stays a run's
        ("$(shell go env GOPATH)", "acme/app-*"),
        ("$(shell uname -r)", "acme/app-*"),
        ("$(shell go env GOARCH | tr a-z A-Z)", "acme/app-*"),
    ],
)
def test_go_s_platform_is_the_one_every_dockerfile_is_read_for(
    tmp_path: Path, value: str, expected: str
) -> None:
    # kubernetes-sigs/cluster-api: `ARCH ?= $(shell go env GOARCH)`, the images `…-$(ARCH)`.
    text = f"ARCH ?= {value}\nb:\n\tdocker build --build-arg ARCH=$(ARCH) -t acme/app-$(ARCH) .\n"
    assert [name for name, _ in built(tmp_path, text)] == [expected]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$(shell cat VERSION)", "acme/app-1.4.2"),
        ("$(shell cat ./VERSION 2>/dev/null)", "acme/app-1.4.2"),
        ('$(shell cat "VERSION")', "acme/app-1.4.2"),
        ("$(shell cat $(DIR)VERSION)", "acme/app-1.4.2"),
        ("$(shell cat hack/TWO_LINES)", "acme/app-a"),  # (a newline is a space: two words)
        # what a run decides, a file not there (a step before may write it), the machine's
        ("$(shell cat $(RUN_DECIDES))", "acme/app-*"),
        ("$(shell cat MISSING)", "acme/app-*"),
        ("$(shell cat /etc/hostname)", "acme/app-*"),
        ("$(shell cat VERSION | tr . -)", "acme/app-*"),
        # docker/mcp-gateway@2bd20fe83dd0 Makefile: `GO_VERSION := $(shell sh -c "awk '/^go /
        # { print \$$2 }' go.mod")`, the string a shell runs (survey 35e)
        ("""$(shell sh -c "awk '{ print \\$$1 }' VERSION")""", "acme/app-1.4.2"),
        ("$(shell sh -c 'cat VERSION')", "acme/app-1.4.2"),
        ('$(shell bash -c "date")', "acme/app-*"),
    ],
)
def test_a_file_of_the_project_that_shell_cat_reads(
    tmp_path: Path, value: str, expected: str
) -> None:
    # kubernetes/ingress-nginx, Makefile: `BASE_IMAGE ?= $(shell cat NGINX_BASE)`, passed as
    # `--build-arg BASE_IMAGE="$(BASE_IMAGE)"` to rootfs/Dockerfile's `FROM ${BASE_IMAGE}`.
    (tmp_path / "VERSION").write_text("1.4.2\n")
    (tmp_path / "hack").mkdir()
    (tmp_path / "hack" / "TWO_LINES").write_text("a\nb\n")
    text = f"DIR := ./\nV ?= {value}\nb:\n\tdocker build -t acme/app-$(V) .\n"
    assert [name for name, _ in built(tmp_path, text)] == [expected]


def test_the_repository_s_top_from_git(tmp_path: Path) -> None:
    # etcd-io/etcd, tests/antithesis/Makefile: `REPOSITORY_ROOT := $(shell git rev-parse
    # --show-toplevel)`, then `--build-arg GO_IMAGE_TAG=$(shell cat $(REPOSITORY_ROOT)/.go-version)`
    (tmp_path / ".git").mkdir()
    (tmp_path / ".go-version").write_text("1.26.6\n")
    (tmp_path / "tests").mkdir()
    text = (
        "TOP := $(shell git rev-parse --show-toplevel)\n"
        "b:\n\tdocker build -t acme/app-$(shell cat $(TOP)/.go-version) .\n"
    )
    assert [name for name, _ in built(tmp_path / "tests", text)] == ["acme/app-1.26.6"]
    (tmp_path / ".git").rmdir()  # (no repository here: a run's)
    assert [name for name, _ in built(tmp_path / "tests", text)] == ["acme/app-*"]


# kubernetes/ingress-nginx, images/test-runner/Makefile (trimmed): the Makefile's own directory
# from MAKEFILE_LIST, the files two directories up read with $(shell cat …), and the build
# run by `make push` with the target-specific OUTPUT of push (`make build`: none).
TEST_RUNNER_MAKEFILE = """\
IMAGE ?= acme/e2e-test-runner
TAG ?= $(shell cat TAG)

DIR = $(shell dirname $(realpath $(lastword $(MAKEFILE_LIST))))
BASE_IMAGE ?= $(shell cat $(DIR)/../../NGINX_BASE)

.PHONY: build
build:
\tdocker buildx build \\
\t\t--build-arg BASE_IMAGE=$(BASE_IMAGE) \\
\t\t--build-arg ETCD_VERSION=3.5.13-0 \\
\t\trootfs \\
\t\t--tag $(IMAGE):$(TAG) \\
\t\t$(OUTPUT)

.PHONY: push
push: OUTPUT = --push
push: build
"""


def test_the_makefile_s_own_directory_and_a_prerequisite_run_by_its_asker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "NGINX_BASE").write_text("registry.k8s.io/ingress-nginx/nginx:v2.2.8\n")
    runner = tmp_path / "images" / "test-runner"
    (runner / "rootfs").mkdir(parents=True)
    (runner / "TAG").write_text("v2.2.9\n")
    (runner / "Makefile").write_text(TEST_RUNNER_MAKEFILE)
    monkeypatch.chdir(tmp_path)
    found = read_makefile("images/test-runner/Makefile")
    # (`make build` alone: OUTPUT a run's, which may be any option; `make push`: --push)
    (config,) = found.builds
    assert config.dockerfile == "images/test-runner/rootfs/Dockerfile"
    assert dict(config.args) == {
        "BASE_IMAGE": "registry.k8s.io/ingress-nginx/nginx:v2.2.8",
        "ETCD_VERSION": "3.5.13-0",
    }
    assert [image.name for image in found.built] == ["acme/e2e-test-runner"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$(lastword $(MAKEFILE_LIST))", "Makefile"),
        ("$(firstword a b)", "a"),
        ("$(notdir sub/x.mk)", "x.mk"),
        ("$(dir sub/x.mk)", "sub/"),
        ("$(shell dirname sub/x.mk)", "sub"),
        ("$(notdir $(realpath Makefile))", "Makefile"),
        ("$(realpath missing)", ""),
        ("$(lastword $(RUN_DECIDES))", None),
    ],
)
def test_file_name_functions_of_names_the_files_give(
    tmp_path: Path, value: str, expected: str | None
) -> None:
    makefile = tmp_path / "Makefile"
    makefile.write_text(f"V := {value}\n")
    reader = MakeReader(directory=str(tmp_path))
    reader.parse(makefile.read_text(), str(makefile))
    result = reader.expand("$(V)", ())
    assert (result if "\ue000" not in result else None) == expected


def test_a_substitution_reference_and_a_fallback_from_an_undefined_variable(
    tmp_path: Path,
) -> None:
    # apache/solr-operator, Makefile (the image's name and docker-build, trimmed): nothing
    # defines NAMESPACE, so a plain `make` names the image apache/solr-operator
    text = (
        "NAME ?= solr-operator\n"
        "REPOSITORY ?= $(or $(NAMESPACE:%/=%), apache)\n"
        "IMG = $(REPOSITORY)/$(NAME)\n"
        "docker-build:\n"
        "\tdocker build . -t solr-operator -f ./build/Dockerfile\n"
        "\tdocker tag solr-operator $(IMG):latest\n"
    )
    assert [name for name, _ in built(tmp_path, text)] == ["solr-operator", "apache/solr-operator"]
    reader = MakeReader()
    reader.parse("A = a.c b.c\nNS = acme/\nT = $(or ${UNSET},y)\nNS2 = $(or $(NS),z)\n", None)
    assert reader.expand("$(A:.c=.o) ${A:%.c=%-c} $(NS:%/=%)", ()) == "a.o b.o a-c b-c acme"
    assert (reader.expand("$(T)", ()), reader.expand("$(NS2)", ())) == ("y", "acme/")
    # (one the environment may give, written with more than a reference: still a run's)
    assert UNKNOWN in reader.expand("$(or $(UNSET)x,y)", ()) + reader.expand("$(UNSET:a=b)", ())


# actions/actions-runner-controller, Makefile (Apache-2.0; the lines that name the image):
# DOCKER_USER is given by the environment or not at all.
ARC_MAKEFILE = """\
ifdef DOCKER_USER
\tDOCKER_IMAGE_NAME ?= ${DOCKER_USER}/actions-runner-controller
else
\tDOCKER_IMAGE_NAME ?= summerwind/actions-runner-controller
endif
DOCKER_USER ?= $(shell echo ${DOCKER_IMAGE_NAME} | cut -d / -f1)
VERSION ?= dev

docker-buildx:
\tdocker buildx build --platform ${PLATFORMS} \\
\t\t-t "${DOCKER_IMAGE_NAME}:${VERSION}" \\
\t\t-f Dockerfile \\
\t\t. ${PUSH_ARG}
"""


def test_the_else_of_an_ifdef_of_the_environment_sets_its_own_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the `?=` of the `else` is read by a run without DOCKER_USER, which builds
    # summerwind/actions-runner-controller: its manifests name that build (2 false TS001)
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Makefile").write_text(ARC_MAKEFILE)
    (tmp_path / "Dockerfile").write_text("FROM golang:1.26.3\n")
    (tmp_path / "manager.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: m\nspec:\n  containers:\n"
        "    - name: manager\n      image: summerwind/actions-runner-controller:latest\n"
    )
    found = {o.path: o for o in find_references(".")}
    assert found["manager.yaml"].built is not None


def test_a_question_mark_assignment_in_both_branches_is_ambiguous(tmp_path: Path) -> None:
    # each branch of a conditional a run decides sets the variable where it was unset
    build = "b:\n\tdocker build -t $(IMG) .\n"
    text = "ifdef REG\nIMG ?= $(REG)/app\nelse\nIMG ?= acme/app\nendif\n" + build
    assert [name for name, _ in built(tmp_path, text)] == ["acme/app"]
    text = "ifdef REG\nIMG ?= one/app\nelse\nIMG ?= two/app\nendif\n" + build
    assert built(tmp_path, text) == []  # (both known, and different: a run's)
    text = "IMG = acme/app\nifdef REG\nIMG ?= one/app\nelse\nIMG ?= two/app\nendif\n" + build
    assert [name for name, _ in built(tmp_path, text)] == ["acme/app"]


@pytest.mark.parametrize(
    ("test", "taken"),
    [
        ("ifneq ($(URL),)", True),
        ("ifeq ($(URL),)", False),
        ("ifneq (,$(URL))", True),
        ("ifneq ($(URL),x)", None),  # (a run's value against a word: a run decides)
    ],
)
def test_a_value_with_text_of_its_own_is_not_empty(test: str, taken: bool | None) -> None:
    # containerd's CI gives REMOTE_DOCKER_URL=${{ env.PUBLIC_IP }}:2376 on the command line
    reader = MakeReader(command_line={"URL": UNKNOWN + ":2376"})
    reader.parse(f"{test}\nA := yes\nelse\nA := no\nendif\n", None)
    found = reader.variables["A"]
    expected = {True: "yes", False: "no"}.get(taken) if taken is not None else None
    assert (found.value, found.ambiguous) == ((expected, False) if expected else ("no", True))


@given(st.text(max_size=80))
def test_a_shell_string_is_read_or_left_without_raising(text: str) -> None:
    from tagsense.sources.builds._make_shell import _shell_string

    inner = _shell_string("sh -c " + text)
    assert inner is None or isinstance(inner, str)


def test_a_define_a_recipe_echoes_into_a_build_is_its_dockerfile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # bluenviron/mediamtx's scripts/*.mk shape (survey 38b: 6 pulls missed): make exports the
    # define to the recipe's shell, which prints it into `docker build -f -`; the define's
    # `$$ARCH` is the Dockerfile's own ARG, which `--build-arg` gives.
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Makefile").write_text("BASE_IMAGE = golang:1.26.3-alpine3.24\ninclude ci.mk\n")
    (tmp_path / "ci.mk").write_text(
        "define DOCKERFILE_TEST\nARG ARCH\nFROM $$ARCH/$(BASE_IMAGE)\nRUN go mod download\n"
        "endef\nexport DOCKERFILE_TEST\n\n"
        "test:\n"
        '\techo "$$DOCKERFILE_TEST" | docker build . -f - -t temp --build-arg ARCH=amd64\n'
        "\tdocker run --rm temp make test\n"
    )
    found = sorted(
        (o.path, o.line, o.kind, o.text) for o in find_references(".") if o.kind == "from"
    )
    assert found == [("ci.mk", 3, "from", "amd64/golang:1.26.3-alpine3.24")]


def test_an_exported_value_a_run_ends_names_the_base_the_makefile_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # overleaf/overleaf's server-ce/Makefile, cut down (survey 39b): build-base tags the
    # exported OVERLEAF_BASE_TAG (the branch and commit a run knows), build-community passes it
    # from the environment (`--build-arg OVERLEAF_BASE_TAG`) to `FROM $OVERLEAF_BASE_TAG`: the
    # base the Makefile built, not an unresolved TS011.
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Makefile").write_text(
        "export REVISION := $(shell git rev-parse HEAD)\n"
        "export BASE_TAG ?= sharelatex/sharelatex-base:$(REVISION)\n"
        "build-base:\n\tdocker build --file Dockerfile-base --tag $(BASE_TAG) .\n"
        "build-community:\n\tdocker build --build-arg BASE_TAG --file Dockerfile "
        "--tag sharelatex/sharelatex:dev .\n"
    )
    (tmp_path / "Dockerfile-base").write_text("FROM ubuntu:24.04\n")
    (tmp_path / "Dockerfile").write_text(
        "ARG BASE_TAG=sharelatex/sharelatex-base:latest\nFROM $BASE_TAG\n"
    )
    found = {o.path: o for o in find_references(".")}
    assert found["Dockerfile"].built is not None
    assert found["Dockerfile"].built.path == "Makefile"


def test_a_file_a_recipe_prints_gives_its_build_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # akvorado/akvorado's `docker` recipe (survey s49e: a false TS011): `docker build --pull
    # -f docker/Dockerfile --build-arg NODE_VERSION=$$(cat console/frontend/.nvmrc) …`, and
    # docker/Dockerfile starts `ARG NODE_VERSION` / `FROM node:${NODE_VERSION}-alpine`. make
    # runs the line in the Makefile's directory, where the shell's `cat` reads the file.
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "console" / "frontend").mkdir(parents=True)
    (tmp_path / "console" / "frontend" / ".nvmrc").write_text("24\n")
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "Dockerfile").write_text(
        "ARG NODE_VERSION\nFROM node:${NODE_VERSION}-alpine AS build-js\n"
    )
    (tmp_path / "Makefile").write_text(
        "docker:\n\tgit ls-files | tar -T- -cf- | docker build --pull -f docker/Dockerfile \\\n"
        "\t\t--build-arg NODE_VERSION=$$(cat console/frontend/.nvmrc) \\\n"
        "\t\t-t quay.io/akvorado/akvorado:main -\n"
    )
    (found,) = find_references(".")
    assert (found.text, found.unresolved) == ("node:24-alpine", ())
    (tmp_path / "console" / "frontend" / ".nvmrc").write_text("")  # (prints nothing known)
    (tmp_path / "Makefile").write_text(
        "docker:\n\tdocker build -f docker/Dockerfile"
        " --build-arg NODE_VERSION=$$(cat ../elsewhere/.nvmrc) .\n"
    )
    (found,) = find_references(".")
    assert found.unresolved
