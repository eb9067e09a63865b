"""Makefiles evaluated as GNU Make evaluates them: its text functions, ``$(foreach …)``,
``$(wildcard …)``, static pattern rules and their ``$*``, and the recipe's shell loop over
words Make settles (survey 17a: Prometheus' shared ``Makefile.common``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources.builds.make import MakeReader, read_makefile
from tagsense.sources.builds.shell import ShellReader

if TYPE_CHECKING:
    from pathlib import Path


def expanded(tmp_path: Path, text: str, name: str = "X") -> str:
    (tmp_path / "Makefile").write_text(text)
    reader = MakeReader(directory=str(tmp_path))
    reader.parse(text, str(tmp_path / "Makefile"))
    return reader.expand(f"$({name})", ())


# (what GNU Make 4.3 prints for each, `make -p`)
FUNCTIONS = [
    ("X := $(addprefix common-docker-,amd64 arm64)", "common-docker-amd64 common-docker-arm64"),
    ("X := $(addsuffix .o,a b)", "a.o b.o"),
    ("X := $(subst /,-,feature/x)", "feature-x"),
    ("X := $(subst a,b,x,a)", "x,b"),  # (the text keeps its commas)
    ("X := $(patsubst %.c,%.o,a.c b.c  c.h)", "a.o b.o c.h"),
    ("X := $(strip  a   b )", "a b"),
    ("X := $(sort b a b)", "a b"),
    ("X := $(words $(subst ., ,1.2.3))", "3"),
    ("X := $(firstword $(subst ., ,1.2.3))", "1"),
    ("X := $(lastword a b c)", "c"),
    ("X := $(word 2,a b c)", "b"),
    ("X := $(wordlist 2,3,a b c d)", "b c"),
    ("X := $(filter %.yaml,a.yaml b.json)", "a.yaml"),
    ("X := $(filter-out %.yaml,a.yaml b.json)", "b.json"),
    ("X := $(findstring a,cat)", "a"),
    ("X := $(notdir src/a.c b)", "a.c b"),
    ("X := $(dir src/a.c b)", "src/ ./"),
    ("X := $(basename src/a.c b)", "src/a b"),
    ("X := $(suffix src/a.c b)", ".c"),
    ("X := $(join a b,1 2 3)", "a1 b2 3"),
    ("Y :=\nX := $(if $(Y),yes,no)\nY = 1", "no"),  # (:= expands where it is defined)
    ("X = $(if $(Y),yes,no)\nY = 1", "yes"),
    ("X := $(or ,,b,c)", "b"),
    ("X := $(and a,,c)", ""),
    ("X := $(and a,b,c)", "c"),
    ("X := $(foreach a,1 2,<$(a)>)", "<1> <2>"),
    ("f = $(1)-$(2)\nX := $(foreach a,x y,$(call f,$(a),z))", "x-z y-z"),
    ("Y = $(Z)\nX := $(value Y)", "$(Z)"),
    ("X := $(info hi)$(warning careful)ok", "ok"),
    ("GO ?= go\nX := $(shell $(GO) env GOARCH)", "amd64"),
    # (its own reference, where nothing set it: the environment's, as for `?=`;
    # SeleniumHQ/docker-selenium's Makefile)
    ("X := $(or $(X),$(X),selenium)", "selenium"),
    ("N := ns\nX := $(or ${X},$(N))", "ns"),
    ("X = $(or $(X))", ""),
    ("X := a\nX := $(or $(X),b)", "a"),
    # (the same with `if`: nuclio/nuclio's `NUCLIO_LABEL := $(if $(NUCLIO_LABEL),$(NUCLIO_LABEL),
    # latest)`, and its `$(shell go env GOARCH || echo amd64)`, whose fallback goes unused)
    ("X := $(if $(X),$(X),latest)", "latest"),
    ("X := a\nX := $(if $(X),$(X),latest)", "a"),
    ("X := $(shell go env GOARCH || echo amd64)", "amd64"),
]


@pytest.mark.parametrize(("text", "value"), FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
def test_gnu_make_s_functions(tmp_path: Path, text: str, value: str) -> None:
    assert expanded(tmp_path, text + "\n") == value


UNKNOWN_FUNCTIONS = [
    # (what only a run knows: the whole answer, or a word of it)
    ("X := $(sort $(shell ls) a)", "*"),
    ("X := $(firstword $(Y) a)", "*"),
    ("X := $(addprefix p-,$(Y))", "p-*"),
    ("X := $(notdir a/b $(Y))", "b *"),
    ("X := $(if $(Y),a,b)", "*"),
    ("X := $(if $(Y),a,a)", "a"),  # (the same either way)
    ("X := $(if $(Y),$(X),b)", "*"),  # (another variable's test: the environment's)
    ("X := $(or $(shell sed -n p f),default)", "*"),  # (Prometheus' dockerfile_variant)
    ("X := $(or x$(Y),default)", "x*"),  # (not empty, whatever Y is)
    ("X := $(foreach a,$(Y),$(a))", "*"),
    ("X := $(error stop)", "*"),
    ("X := $(value Y)\nY = $(Z)", "*"),  # (not defined yet: the environment's, a run's)
]


@pytest.mark.parametrize(
    ("text", "value"), UNKNOWN_FUNCTIONS, ids=[u[0] for u in UNKNOWN_FUNCTIONS]
)
def test_what_only_a_run_knows_stays_unknown(tmp_path: Path, text: str, value: str) -> None:
    from tagsense.sources.builds._shell_values import UNKNOWN

    assert expanded(tmp_path, text + "\n").replace(UNKNOWN, "*") == value


def test_wildcard_abspath_and_makefile_list(tmp_path: Path) -> None:
    for name in ("Dockerfile", "Dockerfile.b", "Dockerfile.a", ".Dockerfile.hidden"):
        (tmp_path / name).write_text("FROM scratch\n")
    (tmp_path / "common.mk").write_text("HERE := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))\n")
    text = (
        "X := $(wildcard Dockerfile Dockerfile.* nothere missing*)\n"
        "include common.mk\n"
        "L := $(MAKEFILE_LIST)\n"
    )
    assert expanded(tmp_path, text) == "Dockerfile Dockerfile.a Dockerfile.b"
    assert expanded(tmp_path, text, "HERE") == str(tmp_path) + os.sep
    # (the files as make names them, from where it runs: kueue's cmd/experimental/*/Makefile
    # is run with -C, and its ROOT_DIR is $(shell dirname $(abspath …))/../../..)
    assert expanded(tmp_path, text, "L") == "Makefile common.mk"


def test_wildcard_whose_directories_are_a_pattern(tmp_path: Path) -> None:
    for name in ("runc", "etcd", ".hidden", "docs"):
        (tmp_path / name).mkdir()
    for name in ("runc", "etcd", ".hidden"):
        (tmp_path / name / "Dockerfile").write_text("FROM scratch\n")
    # (what GNU Make 4.3 gives: the shell's glob, sorted, no hidden directory)
    found = expanded(tmp_path, "X := $(wildcard */Dockerfile)\n")
    assert found == "etcd/Dockerfile runc/Dockerfile"


def test_pattern_rule_builds_each_directory_a_wildcard_finds(tmp_path: Path) -> None:
    # k0s' embedded-bins/Makefile (Apache-2.0): each */Dockerfile is built by one pattern
    # rule, its BUILDIMAGE named after the directory
    text = (
        "runc_buildimage = docker.io/library/golang:1.26.6-alpine3.24\n"
        "iptables_buildimage = docker.io/library/alpine:3.24.1\n"
        "dockerfiles := $(wildcard */Dockerfile)\n"
        "images := $(patsubst %/Dockerfile,%,$(dockerfiles))\n"
        "docker-images: $(images:%=.docker-image.%.stamp)\n"
        "build_docker_image = \\\n"
        "\tdocker build --iidfile '$@' -t k0sbuild$(basename $@):latest \\\n"
        "\t  --build-arg BUILDIMAGE=$($(patsubst %/Dockerfile,%,$<)_buildimage) \\\n"
        "\t  -- $(dir $<)\n"
        ".docker-image.%.stamp: %/Dockerfile\n"
        "\t$(build_docker_image)\n"
    )
    (tmp_path / "Makefile").write_text(text)
    for name in ("runc", "iptables"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Dockerfile").write_text("ARG BUILDIMAGE\nFROM $BUILDIMAGE AS build\n")
    found = {
        os.path.basename(os.path.dirname(ref.path)): ref.text
        for ref in find_references(str(tmp_path))
        if ref.path.endswith("Dockerfile")
    }
    assert found == {
        "iptables": "docker.io/library/alpine:3.24.1",
        "runc": "docker.io/library/golang:1.26.6-alpine3.24",
    }


def test_a_rule_s_targets_are_expanded_and_a_static_pattern_gives_each_its_stem(
    tmp_path: Path,
) -> None:
    text = (
        "ARCHS ?= amd64 arm64\n"
        "BUILD = $(addprefix image-,$(ARCHS))\n"
        "$(BUILD): image-%: prepare-%\n"
        "\tdocker build -t acme/app-$* --build-arg ARCH=$* .\n"
    )
    makefile = tmp_path / "Makefile"
    makefile.write_text(text)
    (tmp_path / "Dockerfile").write_text("ARG ARCH\nFROM alpine:3.20-$ARCH\n")
    found = read_makefile(str(makefile))
    assert [image.name for image in found.built] == ["acme/app-amd64", "acme/app-arm64"]
    assert [dict(build.args) for build in found.builds] == [{"ARCH": "amd64"}, {"ARCH": "arm64"}]
    reader = MakeReader(directory=str(tmp_path))
    reader.parse(text, str(makefile))
    assert reader.prerequisites["image-arm64"] == ["prepare-arm64"]
    assert reader.goals(("image-amd64",)) == {"image-amd64", "prepare-amd64"}


PARAMETERS = [
    # (the shell's ${NAME#…}, ##, %, %%: its value without a prefix or suffix)
    ("v=busybox:app; docker build -t acme/${v#*:} .", "acme/app"),
    ("v=a.b.c; docker build -t acme/${v##*.} .", "acme/c"),
    ("v=a.b.c; docker build -t acme/${v%.*} .", "acme/a.b"),
    ("v=a.b.c; docker build -t acme/${v%%.*} .", "acme/a"),
    ("v=abc; docker build -t acme/${v#x} .", "acme/abc"),  # (no match: the whole value)
    ("docker build -t acme/x${UNSET#*:} .", "acme/x*"),
]


@pytest.mark.parametrize(("text", "name"), PARAMETERS)
def test_the_shell_s_prefix_and_suffix_removals(text: str, name: str) -> None:
    (build,) = ShellReader().read(text)
    assert build.names == (name,)


# prometheus/node_exporter, Makefile.common (the variables and the docker target, trimmed;
# shared by every Prometheus project): one target an architecture, each building every
# Dockerfile variant, the variant's name read from its label by $(shell sed …).
PROMETHEUS_MAKEFILE_COMMON = """\
DOCKER_ARCHS ?= amd64 arm64 armv7
DOCKERFILE_VARIANTS     ?= $(wildcard Dockerfile Dockerfile.*)
DOCKER_REPO             ?= prom
DOCKER_IMAGE_TAG        ?= $(subst /,-,$(shell git rev-parse --abbrev-ref HEAD))
DOCKERBUILD_CONTEXT     ?= ./

define dockerfile_variant
$(strip $(or $(shell sed -n 's/.*io\\.prometheus\\.image\\.variant="\\([^"]*\\)".*/\\1/p' $(1)),default))
endef

DOCKERFILE_VARIANTS_WITH_NAMES := $(foreach df,$(DOCKERFILE_VARIANTS),$(call dockerfile_variant,$(df)):$(df))
BUILD_DOCKER_ARCHS = $(addprefix common-docker-,$(DOCKER_ARCHS))
SANITIZED_DOCKER_IMAGE_TAG := $(subst +,-,$(DOCKER_IMAGE_TAG))

%: common-% ;

.PHONY: common-docker $(BUILD_DOCKER_ARCHS)
common-docker: $(BUILD_DOCKER_ARCHS)
$(BUILD_DOCKER_ARCHS): common-docker-%:
\t@for variant in $(DOCKERFILE_VARIANTS_WITH_NAMES); do \\
\t\tdockerfile=$${variant#*:}; \\
\t\tvariant_name=$${variant%%:*}; \\
\t\tdistroless_arch="$*"; \\
\t\tif [ "$*" = "armv7" ]; then \\
\t\t\tdistroless_arch="arm"; \\
\t\tfi; \\
\t\tif [ "$$dockerfile" = "Dockerfile" ]; then \\
\t\t\tdocker build -t "$(DOCKER_REPO)/$(DOCKER_IMAGE_NAME)-linux-$*:$(SANITIZED_DOCKER_IMAGE_TAG)" \\
\t\t\t\t-f $$dockerfile \\
\t\t\t\t--build-arg ARCH="$*" \\
\t\t\t\t--build-arg OS="linux" \\
\t\t\t\t--build-arg DISTROLESS_ARCH="$$distroless_arch" \\
\t\t\t\t$(DOCKERBUILD_CONTEXT); \\
\t\telse \\
\t\t\tdocker build -t "$(DOCKER_REPO)/$(DOCKER_IMAGE_NAME)-linux-$*:$(SANITIZED_DOCKER_IMAGE_TAG)-$$variant_name" \\
\t\t\t\t-f $$dockerfile \\
\t\t\t\t--build-arg ARCH="$*" \\
\t\t\t\t--build-arg OS="linux" \\
\t\t\t\t--build-arg DISTROLESS_ARCH="$$distroless_arch" \\
\t\t\t\t$(DOCKERBUILD_CONTEXT); \\
\t\tfi; \\
\tdone
"""  # noqa: E501
NODE_EXPORTER_MAKEFILE = """\
all::
DOCKER_ARCHS ?= amd64 arm64 armv7
include Makefile.common
DOCKER_IMAGE_NAME       ?= node-exporter
"""
BUSYBOX_DOCKERFILE = """\
ARG ARCH="amd64"
ARG OS="linux"
FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest
LABEL io.prometheus.image.variant="busybox"
"""
DISTROLESS_DOCKERFILE = """\
ARG DISTROLESS_ARCH="amd64"
FROM gcr.io/distroless/static-debian13:nonroot-${DISTROLESS_ARCH}
LABEL io.prometheus.image.variant="distroless"
"""


def test_prometheus_builds_each_dockerfile_variant_for_each_architecture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(NODE_EXPORTER_MAKEFILE)
    (tmp_path / "Makefile.common").write_text(PROMETHEUS_MAKEFILE_COMMON)
    (tmp_path / "Dockerfile").write_text(BUSYBOX_DOCKERFILE)
    (tmp_path / "Dockerfile.distroless").write_text(DISTROLESS_DOCKERFILE)
    monkeypatch.chdir(tmp_path)
    found = read_makefile("Makefile")
    assert sorted({image.name for image in found.built}) == [
        "prom/node-exporter-linux-amd64",
        "prom/node-exporter-linux-arm64",
        "prom/node-exporter-linux-armv7",
    ]
    scan = find_references(".")
    # (before: only the Dockerfiles' defaults, amd64)
    assert sorted((o.path, o.text) for o in scan) == [
        ("Dockerfile", f"quay.io/prometheus/busybox-linux-{arch}:latest")
        for arch in ("amd64", "arm64", "armv7")
    ] + [
        ("Dockerfile.distroless", f"gcr.io/distroless/static-debian13:nonroot-{arch}")
        for arch in ("amd64", "arm", "arm64")
    ]


def test_a_static_pattern_rule_s_recipe_after_a_semicolon(tmp_path: Path) -> None:
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "T = img-a img-b\n$(T): img-%: ; docker build -t acme/$* .\nx: y ; echo a:b\n"
    )
    assert [image.name for image in read_makefile(str(makefile)).built] == ["acme/a", "acme/b"]


SHELL_COMMANDS = [
    # (a $(shell …) of the project's files, what GNU Make makes of its output)
    ("cat NGINX_BASE", "registry.k8s.io/ingress-nginx/nginx:v2.2.8@sha256:1c31"),
    ("grep '^FROM' \"hack/images/distroless/Dockerfile\" | awk '{print $$2}'",
     "gcr.io/distroless/static:nonroot@sha256:f7f8"),
    ("grep '^FROM' hack/ray/Dockerfile | cut -d: -f2 | cut -d@ -f1", "2.57.0"),
    ("grep -E '^go [0-9.]+$$' go.mod | awk '{ print $$2 }'", "1.26.4"),
    # (omec-project/gnbsim's GOLANG_MINIMUM_VERSION, survey 34b: awk reads the file, and the
    # fallback after `||` runs only when it fails)
    ("awk '/^go / {print $$2}' go.mod 2>/dev/null || echo \"1.25\"", "1.26.4"),
    ("awk '/^go / {print $$2}' missing || echo \"1.25\"", None),
    # (`exit` after the print: the first line selected; ipfs/kubo's step output, survey s44c)
    ("awk '/^go / {print $$2; exit}' go.mod", "1.26.4"),
    ("awk '{print $$1; exit;}' two-lines", "a"),
    # (kubernetes-sigs/jobset and lws: `-n1`, the option's argument attached; before, the whole
    # value was a run's and their `golang:$(GO_VERSION)` builder a false TS011)
    ("awk '/^go /{print $$2}' go.mod|head -n1", "1.26.4"),
    ("cat two-lines | head -n1", "a"),
    ("cat two-lines | tail -n1", "b"),
    ("cat two-lines | head -1", "a"),
    ("cat two-lines | head -n 1", "a"),
    ("cat two-lines | head -nx", None),
    ("awk '{print $$1 exit}' two-lines", None),
    ("git describe --tags || echo dev", None),
    ("sed -n 's/.*io\\.prometheus\\.image\\.variant=\"\\([^\"]*\\)\".*/\\1/p' Dockerfile",
     "busybox"),
    ("cat VERSION | tr -d v", "1.2.3"),
    # (open-telemetry/opentelemetry-helm-charts: a bracket after the first character; it
    # sent the translation back to the start, for ever)
    ("cat Chart.yaml | sed -nr 's/appVersion: ([0-9]+\\.[0-9]+\\.[0-9]+)/\\1/p'", "0.140.0"),
    ("cat VERSION 2>/dev/null | tr -d v", "1.2.3"),
    # (a `|` inside quotes is the pattern's, not a pipe: apache/nifi's DockerBuild.sh)
    ("grep -Ev '^x|^;' VERSION | tr -d v", "1.2.3"),
    ("cat two-lines", "a b"),  # (each newline a space, the last one dropped)
    ("dirname $(abspath Makefile)", "."),  # (replaced by the test: the project's directory)
    ("pwd", "."),
    ("echo $$HOME", None),
    ("cat /etc/hostname", None),  # (outside the project: the machine's)
    ("cat ../outside", None),
    ("git describe --tags", None),
    ("cat missing", None),
    ("grep '\\<go\\>' go.mod", None),  # (a pattern not translated here)
    ("cat VERSION; rm -rf x", None),
]  # fmt: skip


@pytest.mark.parametrize(("command", "value"), SHELL_COMMANDS, ids=[c[0] for c in SHELL_COMMANDS])
def test_a_shell_function_that_reads_the_project_s_files(
    tmp_path: Path, command: str, value: str | None
) -> None:
    from tagsense.sources.builds._shell_values import UNKNOWN

    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "hack" / "images" / "distroless").mkdir(parents=True)
    (project / "hack" / "ray").mkdir(parents=True)
    (project / "NGINX_BASE").write_text("registry.k8s.io/ingress-nginx/nginx:v2.2.8@sha256:1c31\n")
    (project / "hack" / "images" / "distroless" / "Dockerfile").write_text(
        "# the image\nFROM gcr.io/distroless/static:nonroot@sha256:f7f8\n"
    )
    (project / "hack" / "ray" / "Dockerfile").write_text("FROM rayproject/ray:2.57.0@sha256:ab\n")
    (project / "go.mod").write_text("module x\n\ngo 1.26.4\n")
    (project / "Dockerfile").write_text(
        'FROM scratch\nLABEL io.prometheus.image.variant="busybox"\n'
    )
    (project / "VERSION").write_text("v1.2.3\n")
    (project / "Chart.yaml").write_text("name: operator\nappVersion: 0.140.0\n")
    (project / "two-lines").write_text("a\nb\n")
    (tmp_path / "outside").write_text("secret\n")
    found = expanded(project, f"X := $(shell {command})\n")
    if value == ".":
        value = str(project)
    assert found == (UNKNOWN if value is None else value)


CONDITIONALS = [
    # (a Makefile, what X is: a condition of known values picks its branch)
    ("A = 1\nifeq ($(A),1)\nX = yes\nelse\nX = no\nendif\n", "yes"),
    ("A = 2\nifeq ($(A), 1)\nX = yes\nelse ifeq '$(A)' '2'\nX = two\nelse\nX = no\nendif\n", "two"),
    ('A = 1\nifneq "$(A)" "1"\nX = yes\nelse\nX = no\nendif\n', "no"),
    ("A = $(B)\nifdef A\nX = yes\nendif\n", "yes"),  # (its value, unexpanded, is not empty)
    ("A =\nifndef A\nX = unset\nendif\n", "unset"),
    ("ifeq (1,1)\nifeq (1,2)\nX = inner\nelse\nX = outer\nendif\nendif\n", "outer"),
    ("ifeq (1,2)\ndefine X\nskipped\nendef\nendif\nX ?= kept\n", "kept"),
    # (what only a run knows leaves both branches: X is a run's)
    ("ifeq ($(CI),true)\nX = ci\nelse\nX = local\nendif\n", "*"),
    ("ifdef CI\nX = ci\nelse\nX = local\nendif\n", "*"),
]


@pytest.mark.parametrize(("text", "value"), CONDITIONALS, ids=[c[0] for c in CONDITIONALS])
def test_a_conditional_of_known_values_reads_its_branch(
    tmp_path: Path, text: str, value: str
) -> None:
    from tagsense.sources.builds._shell_values import UNKNOWN

    assert expanded(tmp_path, text).replace(UNKNOWN, "*") == value


# thanos-io/thanos, Makefile (trimmed) and .busybox-versions: the busybox digest of the machine's
# architecture (uname -m: x86_64 on the linux/amd64 every Dockerfile is read for), and one a
# target for each architecture of DOCKER_ARCHS ($($*) is the variable the stem names).
THANOS_MAKEFILE = """\
include .busybox-versions
BASE_DOCKER_SHA=''
arch = $(shell uname -m)
ifeq ($(arch), x86_64)
\t# amd64
\tBASE_DOCKER_SHA=${amd64}
else ifeq ($(arch), arm64)
\tBASE_DOCKER_SHA=${arm64}
else
\techo >&2 "only support amd64, arm64 or ppc64le arch" && exit 1
endif
DOCKER_ARCHS       ?= amd64 arm64
BUILD_DOCKER_ARCHS = $(addprefix docker-build-,$(DOCKER_ARCHS))

docker-multi-stage:
\t@docker build -f Dockerfile.multi-stage -t "thanos" \\
  --build-arg BASE_DOCKER_SHA=$(BASE_DOCKER_SHA) .

$(BUILD_DOCKER_ARCHS): docker-build-%:
\t@docker build -t "thanos-linux-$*" \\
  --build-arg BASE_DOCKER_SHA="$($*)" \\
  --build-arg ARCH="$*" \\
  -f Dockerfile.multi-arch .
"""
THANOS_DOCKERFILE = """\
ARG BASE_DOCKER_SHA="14d68ca3d69fceaa6224250c83d81d935c053fb13594c811038c461194599973"
FROM quay.io/prometheus/busybox@sha256:${BASE_DOCKER_SHA}
"""


def test_thanos_builds_on_the_busybox_of_its_architecture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(THANOS_MAKEFILE)
    amd64, arm64 = "d86c" + "0" * 60, "d67d" + "0" * 60
    (tmp_path / ".busybox-versions").write_text(f"amd64={amd64}\narm64={arm64}\n")
    (tmp_path / "Dockerfile.multi-stage").write_text(THANOS_DOCKERFILE)
    (tmp_path / "Dockerfile.multi-arch").write_text(THANOS_DOCKERFILE)
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    # (before: both unresolved, TS011 "BASE_DOCKER_SHA has no value here")
    assert sorted((o.path, o.text, o.unresolved) for o in scan) == [
        ("Dockerfile.multi-arch", f"quay.io/prometheus/busybox@sha256:{arm64}", ()),
        ("Dockerfile.multi-arch", f"quay.io/prometheus/busybox@sha256:{amd64}", ()),
        ("Dockerfile.multi-stage", f"quay.io/prometheus/busybox@sha256:{amd64}", ()),
    ]


# cert-manager/cert-manager, make/base_images.mk and make/containers.mk (trimmed): each
# architecture's target sets BASE with $(eval …), and the build line after it passes
# $($(BASE)): Make expands all of one target's lines before the next target's.
CERT_MANAGER_MAKEFILE = """\
CTR ?= docker
STATIC_BASE_IMAGE_amd64 := gcr.io/distroless/static-debian13@sha256:2379
STATIC_BASE_IMAGE_arm64 := gcr.io/distroless/static-debian13@sha256:42ae
BASE_IMAGE_TYPE:=STATIC
BASE_IMAGE_controller-linux-amd64:=$($(BASE_IMAGE_TYPE)_BASE_IMAGE_amd64)
BASE_IMAGE_controller-linux-arm64:=$($(BASE_IMAGE_TYPE)_BASE_IMAGE_arm64)

bin/controller-linux-amd64.tar bin/controller-linux-arm64.tar: bin/controller-linux-%.tar: \\
\t\thack/containers/Containerfile.controller
\t@$(eval TAG := cert-manager-controller-$*:$(VERSION))
\t@$(eval BASE := BASE_IMAGE_controller-linux-$*)
\t$(CTR) build --quiet \\
\t\t-f hack/containers/Containerfile.controller \\
\t\t--build-arg BASE_IMAGE=$($(BASE)) \\
\t\t-t $(TAG) \\
\t\t$(dir $<) >/dev/null
"""


def test_a_recipe_s_eval_sets_what_its_next_lines_use_for_each_target(tmp_path: Path) -> None:
    makefile = tmp_path / "Makefile"
    makefile.write_text(CERT_MANAGER_MAKEFILE)
    (tmp_path / "hack" / "containers").mkdir(parents=True)
    (tmp_path / "hack" / "containers" / "Containerfile.controller").write_text(
        "ARG BASE_IMAGE\nFROM $BASE_IMAGE\n"
    )
    found = read_makefile(str(makefile))
    # (before: BASE_IMAGE unknown, a TS011 "BASE_IMAGE has no value here" for each)
    assert [dict(build.args) for build in found.builds] == [
        {"BASE_IMAGE": "gcr.io/distroless/static-debian13@sha256:2379"},
        {"BASE_IMAGE": "gcr.io/distroless/static-debian13@sha256:42ae"},
    ]


EVALUATED = [
    # ($(eval …) of assignments only sets them; of anything else, nothing)
    ("$(eval X := a)", "a"),
    ("$(eval X = $$(Y))\nY = b", "b"),
    ("$(eval $(call f))\ndefine f\nX := c\nendef", "*"),  # (f not defined yet: a run's)
    ("define f\nX := c\nendef\n$(eval $(call f))", "c"),
    ("define f\nifeq (1,1)\nX := d\nendif\nendef\n$(eval $(call f))", "*"),
]


@pytest.mark.parametrize(("text", "value"), EVALUATED, ids=[e[0] for e in EVALUATED])
def test_eval_of_assignments(tmp_path: Path, text: str, value: str) -> None:
    from tagsense.sources.builds._shell_values import UNKNOWN

    assert expanded(tmp_path, text + "\n").replace(UNKNOWN, "*") == value


@pytest.mark.parametrize(
    ("fields", "printed"),
    [
        ("2", "1.23.4"),
        ("1-2", "go 1.23.4"),
        ("2-", "1.23.4 x"),
        ("-1", "go"),
        ("1,3", "go x"),
        ("0", None),
        ("3-1", None),
        ("a", None),
    ],
)
def test_cut_prints_a_list_of_fields_and_ranges(
    tmp_path: Path, fields: str, printed: str | None
) -> None:
    # osmosis-labs/osmosis' Makefile (survey s41f: its goreleaser image missed):
    # GO_MAJOR_MINOR := $(shell cat go.mod | … | cut -d ' ' -f 2 | cut -d '.' -f 1-2)
    from tagsense.sources.builds._make_shell import evaluate

    (tmp_path / "go.mod").write_text("go 1.23.4 x\n")
    command = f"grep '^go ' go.mod | cut -d ' ' -f {fields}"
    assert evaluate(command, str(tmp_path), str(tmp_path), {}) == printed
    if printed is not None and fields == "2":
        minor = evaluate(f"{command} | cut -d '.' -f 1-2", str(tmp_path), str(tmp_path), {})
        assert minor == "1.23"
