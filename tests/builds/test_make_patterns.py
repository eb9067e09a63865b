"""Makefiles: pattern rules read for the targets the files name, pattern-specific variables,
targets named after a template of variables, and a Makefile run as a program (``#!/usr/bin/make
-f``) from the directory above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagsense import find_references
from tagsense.sources.builds.make import make_run_builds, read_makefile


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def by_dockerfile(makefile: Path, root: Path) -> dict[str, list[dict[str, str]]]:
    """Each Dockerfile a Makefile feeds (relative to ``root``), with each build's arguments."""
    found: dict[str, list[dict[str, str]]] = {}
    for config in read_makefile(str(makefile)).builds:
        if config.dockerfile is not None:
            path = str(Path(config.dockerfile).resolve().relative_to(root.resolve()))
            args = dict(config.args)
            if args not in found.setdefault(path, []):
                found[path].append(args)
    return found


# (trimmed from syslog-ng/syslog-ng's dbld/rules, run by its workflows as `dbld/rules image-…`)
DBLD_RULES = """\
#!/usr/bin/make -f

BUILDER_IMAGES=		\\
	centos-7 	\\
	tarball

IMAGES=${BUILDER_IMAGES} devshell
DOCKER=docker
CONTAINER_REGISTRY ?= ghcr.io/syslog-ng
ROOT_DIR=$(shell pwd)
DBLD_DIR=$(ROOT_DIR)/dbld

images: $(foreach image,$(IMAGES), image-$(image))
image-kira: image-ubuntu-focal
image-%:
\t$(DOCKER) build --build-arg=CONTAINER_REGISTRY=${CONTAINER_REGISTRY} --network=host \\
\t\t-t ${CONTAINER_REGISTRY}/dbld-$* -f $(DBLD_DIR)/images/$*.dockerfile $(DBLD_DIR)
"""
REGISTRY_FROM = "ARG CONTAINER_REGISTRY\nFROM $CONTAINER_REGISTRY/dbld-{base}:latest\n"


@pytest.fixture
def syslog_ng(tmp_path: Path) -> Path:
    write(
        tmp_path,
        {
            "dbld/rules": DBLD_RULES,
            "dbld/images/tarball.dockerfile": REGISTRY_FROM.format(base="centos-7"),
            "dbld/images/kira.dockerfile": REGISTRY_FROM.format(base="ubuntu-focal"),
            "dbld/images/centos-7.dockerfile": "FROM centos:7\n",
        },
    )
    (tmp_path / "dbld" / "rules").chmod(0o755)  # (a program: see discover.program_kind)
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_a_pattern_rule_builds_each_target_the_files_name(syslog_ng: Path) -> None:
    # `image-%` runs for `image-kira` (a rule of its own without a recipe), the prerequisites
    # of `images` and of `image-kira`: `$*` is each one's stem. (3 false TS011 "CONTAINER_
    # REGISTRY has no value" on the FROM lines in the survey's checkout of syslog-ng.)
    found = by_dockerfile(syslog_ng / "dbld" / "rules", syslog_ng)
    registry = {"CONTAINER_REGISTRY": "ghcr.io/syslog-ng"}
    assert found == {
        "dbld/images/centos-7.dockerfile": [registry],
        "dbld/images/tarball.dockerfile": [registry],
        "dbld/images/devshell.dockerfile": [registry],
        "dbld/images/kira.dockerfile": [registry],
        "dbld/images/ubuntu-focal.dockerfile": [registry],
    }
    names = {image.name for image in read_makefile(str(syslog_ng / "dbld" / "rules")).built}
    # (a run by hand may name any other: the name of the pattern's stays)
    assert {"ghcr.io/syslog-ng/dbld-kira", "ghcr.io/syslog-ng/dbld-*"} <= names
    texts = {o.path: o.text for o in find_references(str(syslog_ng))}
    assert texts[str(syslog_ng / "dbld/images/kira.dockerfile")] == (
        "ghcr.io/syslog-ng/dbld-ubuntu-focal:latest"
    )


def test_a_run_s_goal_builds_only_what_the_pattern_makes_of_it(syslog_ng: Path) -> None:
    found = make_run_builds(
        ["-f", "dbld/rules", "image-kira"],
        str(syslog_ng),
        str(syslog_ng),
        max_bytes=1 << 20,
        inputs={},
    )
    dockerfiles = {
        Path(build.dockerfile or "").name for _, _, builds, _, _ in found for build in builds
    }
    # (image-kira's own prerequisite, image-ubuntu-focal, is not run: it has none in the
    # reading of goals; the goal itself is)
    assert "kira.dockerfile" in dockerfiles
    assert "centos-7.dockerfile" not in dockerfiles


def test_a_target_s_own_recipe_wins_and_the_shortest_stem_chooses(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Makefile": "all: img-a img-b img-special-c\n"
            "img-%:\n\tdocker build --build-arg B=generic:$* -f $*.Dockerfile .\n"
            "img-special-%:\n\tdocker build --build-arg B=special:$* -f $*.Dockerfile .\n"
            "img-b:\n\tdocker build --build-arg B=own:1 -f b.Dockerfile .\n",
            "a.Dockerfile": "ARG B\nFROM $B\n",
            "b.Dockerfile": "ARG B\nFROM $B\n",
            "c.Dockerfile": "ARG B\nFROM $B\n",
        },
    )
    found = by_dockerfile(tmp_path / "Makefile", tmp_path)
    assert found == {
        "a.Dockerfile": [{"B": "generic:a"}],
        "b.Dockerfile": [{"B": "own:1"}],
        "c.Dockerfile": [{"B": "special:c"}],
    }


# (trimmed from apache/skywalking's test/Makefile)
SKYWALKING = """\
HUB ?= ghcr.io/apache/skywalking
TRACE_MOCKER_NAME = trace-mocker
E2E_SERVICE_PROVIDER_NAME = e2e-service-provider
DOCKER_TARGETS:=docker.e2e-service-provider docker.trace-mocker

%.e2e-service-provider: NAME = $(E2E_SERVICE_PROVIDER_NAME)
%.trace-mocker: NAME = $(TRACE_MOCKER_NAME)
docker.%: LOAD_OR_PUSH = --load

docker.e2e-service-%: Dockerfile
\t$(DOCKER_RULE)

docker.trace-mocker: Dockerfile
\t$(DOCKER_RULE)

docker.e2e-service: $(DOCKER_TARGETS)

define DOCKER_RULE
\tdocker buildx build $(LOAD_OR_PUSH) -t $(HUB)/$(NAME):latest .
endef
"""


def test_pattern_specific_variables(tmp_path: Path) -> None:
    # (GNU Make gives a target the variables of each pattern that matches it: NAME of
    # `%.trace-mocker`, LOAD_OR_PUSH of `docker.%`)
    write(tmp_path, {"Makefile": SKYWALKING, "Dockerfile": "FROM eclipse-temurin:21\n"})
    configs = read_makefile(str(tmp_path / "Makefile")).builds
    # (and the pattern's own name, `…/*`: a run by hand may name any other target it makes)
    assert {tag for config in configs for tag in config.tags} >= {
        "ghcr.io/apache/skywalking/e2e-service-provider",
        "ghcr.io/apache/skywalking/trace-mocker",
    }


def test_the_shortest_stem_s_pattern_variable_wins(tmp_path: Path) -> None:
    # elastic/apm-server's packaging.mk: the wolfi image's Dockerfile over the default one.
    write(
        tmp_path,
        {
            "Makefile": "IMAGES := build/apm-server-9.txt build/apm-server-wolfi-9.txt\n"
            "build/%.txt: DOCKER_FILE_ARGS := -f Dockerfile\n"
            "build/apm-server-wolfi-%.txt: DOCKER_FILE_ARGS := -f Dockerfile.wolfi\n"
            "$(IMAGES):\n\tdocker build --iidfile=$(@) --build-arg V=1 $(DOCKER_FILE_ARGS) .\n",
            "Dockerfile": "ARG V\nFROM golang:$V\n",
            "Dockerfile.wolfi": "ARG V\nFROM wolfi/go:$V\n",
        },
    )
    found = by_dockerfile(tmp_path / "Makefile", tmp_path)
    assert found == {"Dockerfile": [{"V": "1"}], "Dockerfile.wolfi": [{"V": "1"}]}


# (trimmed from containerd/containerd's integration/images/volume-copy-up/Makefile)
CONTAINERD = """\
PROJ=ghcr.io/containerd
IMAGE=$(PROJ)/volume-copy-up:2.1
OS ?= linux
ARCH ?= amd64
OSVERSION ?= 1809
OUTPUT_TYPE ?= docker

ALL_ARCH.linux = amd64 arm64
ALL_OS_ARCH.linux = $(foreach arch, ${ALL_ARCH.linux}, linux-$(arch))
@WINDOWS@
BASE.linux.amd64 := busybox
BASE.linux.arm64 := arm64v8/busybox
BASE.linux := ${BASE.linux.${ARCH}}
BASE := ${BASE.${OS}}

build-local: $(addprefix sub-container-docker-,$(ALL_OS_ARCH.linux))

word-hyphen = $(word $2,$(subst -, ,$1))
sub-container-%:
\t$(MAKE) OUTPUT_TYPE=$(call word-hyphen,$*,1) OS=$(call word-hyphen,$*,2) \\
\t\tARCH=$(call word-hyphen,$*,3) OSVERSION=$(call word-hyphen,$*,4) container

container: .container-${OS}-$(ARCH)

.container-linux-$(ARCH):
\tdocker buildx build --pull --output=type=${OUTPUT_TYPE} --platform ${OS}/${ARCH} \\
\t\t-t $(IMAGE)-${OS}-${ARCH} --build-arg BASE=${BASE} .

.container-windows-$(ARCH):
\tdocker build --isolation=hyperv --no-cache --pull \\
\t\t-t $(IMAGE)-${OS}-${ARCH}-${OSVERSION} --build-arg BASE=${BASE}:${OSVERSION} \\
\t\t-f Dockerfile_windows .
"""
#: The Windows images' base, which the real file sets only under ``ifneq
#: ($(REMOTE_DOCKER_URL),)`` (their CI job gives it).
WINDOWS_BASE = "BASE.windows := mcr.microsoft.com/windows/nanoserver\n"


def test_a_pattern_s_sub_make_gives_each_architecture(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Makefile": CONTAINERD.replace("@WINDOWS@", ""),
            "Dockerfile": "ARG BASE\nFROM $BASE\n",
            "Dockerfile_windows": "ARG BASE\nFROM $BASE\n",
        },
    )
    (tmp_path / ".git").mkdir()
    found = by_dockerfile(tmp_path / "Makefile", tmp_path)
    # (`sub-container-docker-linux-arm64` runs `make … OS=linux ARCH=arm64 container`)
    assert {"BASE": "arm64v8/busybox"} in found["Dockerfile"]
    assert {"BASE": "busybox"} in found["Dockerfile"]
    # (the Windows target is made only with OS=windows, and BASE.windows unset here: its base
    # is no image of Linux's busybox, as it was read with the file's `OS ?= linux`)
    assert all(args.get("BASE") != "busybox:1809" for args in found.get("Dockerfile_windows", []))


def test_a_target_named_after_a_template_runs_with_the_values_its_name_says(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "Makefile": CONTAINERD.replace("@WINDOWS@", WINDOWS_BASE),
            "Dockerfile": "ARG BASE\nFROM $BASE\n",
            "Dockerfile_windows": "ARG BASE\nFROM $BASE\n",
        },
    )
    (tmp_path / ".git").mkdir()
    found = by_dockerfile(tmp_path / "Makefile", tmp_path)
    assert found["Dockerfile_windows"] == [{"BASE": "mcr.microsoft.com/windows/nanoserver:1809"}]


def test_a_variant_target_s_reading_sees_an_edit_of_an_included_file(tmp_path: Path) -> None:
    """The readings of a Makefile's variant targets are kept across readings of it (speed:
    aquasecurity/tracee's some 160 ``make`` commands each read its two variant targets); an
    edit of a file the Makefile includes is read."""
    write(
        tmp_path,
        {
            "Makefile": CONTAINERD.replace("@WINDOWS@", "include windows.mk\n"),
            "windows.mk": WINDOWS_BASE,
            "Dockerfile": "ARG BASE\nFROM $BASE\n",
            "Dockerfile_windows": "ARG BASE\nFROM $BASE\n",
        },
    )
    (tmp_path / ".git").mkdir()
    before = by_dockerfile(tmp_path / "Makefile", tmp_path)["Dockerfile_windows"]
    assert before == [{"BASE": "mcr.microsoft.com/windows/nanoserver:1809"}]
    write(tmp_path, {"windows.mk": "BASE.windows := mcr.microsoft.com/windows/servercore\n"})
    after = by_dockerfile(tmp_path / "Makefile", tmp_path)["Dockerfile_windows"]
    assert after == [{"BASE": "mcr.microsoft.com/windows/servercore:1809"}]


def test_a_variant_target_is_read_once_for_make_commands_in_many_environments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make .container-windows-amd64`` run in environments that tell its readings apart
    (``IMAGE``) reads the target as its name says (``OS=windows``) once: that reading has no
    environment."""
    from tagsense.sources.builds import make

    write(
        tmp_path,
        {
            "Makefile": CONTAINERD.replace("@WINDOWS@", WINDOWS_BASE),
            "Dockerfile": "ARG BASE\nFROM $BASE\n",
            "Dockerfile_windows": "ARG BASE\nFROM $BASE\n",
        },
    )
    (tmp_path / ".git").mkdir()
    given: list[dict[str, str]] = []
    parse = make.MakeReader.parse

    def counted(reader: make.MakeReader, text: str, path: str | None, depth: int = 0) -> None:
        given.append(reader.command_line)
        parse(reader, text, path, depth)

    monkeypatch.setattr(make.MakeReader, "parse", counted)
    windows: list[set[str]] = []
    for image in ("one", "two"):
        found = make_run_builds(
            [".container-windows-amd64"],
            str(tmp_path),
            str(tmp_path),
            max_bytes=1 << 20,
            inputs={},
            environment={"IMAGE": image},
        )
        windows.append(
            {
                dict(build.args).get("BASE", "")
                for _, _, builds, _, _ in found
                for build in builds
                if (build.dockerfile or "").endswith("Dockerfile_windows")
            }
        )
    assert windows == [{"mcr.microsoft.com/windows/nanoserver:1809"}] * 2
    assert len(given) == 3  # (the command in each environment, and its Windows reading)
    assert sum(values.get("OS") == "windows" for values in given) == 1


def test_a_recipe_s_first_prerequisite_and_all_of_them(tmp_path: Path) -> None:
    # (`$<` is the first prerequisite, the pattern's with the stem put in; `$^` all of them)
    write(
        tmp_path,
        {
            "Makefile": "IMAGES = api worker\n"
            "all: image-web $(IMAGES)\n"
            "image-%: docker/%.Dockerfile\n\tdocker build -f $< -t acme/$* .\n"
            "$(IMAGES): %: %/Dockerfile\n\tdocker build -f $< -t acme/$@ $(dir $^)\n",
            "docker/web.Dockerfile": "FROM nginx:1.27.3\n",
            "api/Dockerfile": "FROM python:3.13.1\n",
            "worker/Dockerfile": "FROM python:3.13.1\n",
        },
    )
    found = {
        str(Path(config.dockerfile or "").relative_to(tmp_path)): config.tags
        for config in read_makefile(str(tmp_path / "Makefile")).builds
    }
    assert found == {
        "docker/web.Dockerfile": ("acme/web",),
        "api/Dockerfile": ("acme/api",),
        "worker/Dockerfile": ("acme/worker",),
    }


def test_a_phony_target_is_made_by_no_pattern(tmp_path: Path) -> None:
    # (kubernetes-sigs/cluster-api: `.PHONY: docker-build-all`, `docker-build-all:
    # $(addprefix docker-build-,$(ALL_ARCH))`, `docker-build-%:` runs `$(MAKE) ARCH=$* …`;
    # GNU Make skips the implicit rule search for a phony target: no ARCH=all)
    write(
        tmp_path,
        {
            "Makefile": ".PHONY: img-all\nimg-all: img-arm64\n"
            "img-%:\n\tdocker build --build-arg B=base:$* -f Dockerfile .\n",
            "Dockerfile": "ARG B\nFROM $B\n",
        },
    )
    found = by_dockerfile(tmp_path / "Makefile", tmp_path)
    assert {"B": "base:arm64"} in found["Dockerfile"]
    assert {"B": "base:all"} not in found["Dockerfile"]


def test_a_target_s_pattern_values_win_over_its_asker_s(tmp_path: Path) -> None:
    # (vectordotdev/vector: `target/%/vector: export TRIPLE ?= …` and
    # `target/%/vector.tar.gz: export TRIPLE ?= …`, whose `$@` is not the prerequisite's)
    write(
        tmp_path,
        {
            "Makefile": "all: target/x86/vector.tar.gz target/x86/vector\n"
            "target/%/vector.tar.gz: TRIPLE ?= $(@:target/%/vector.tar.gz=%)\n"
            "target/%/vector.tar.gz: target/%/vector\n\ttar czf $@ $<\n"
            "target/%/vector: TRIPLE ?= $(@:target/%/vector=%)\n"
            "target/%/vector:\n\tdocker build --build-arg B=cross:$(TRIPLE) -f Dockerfile .\n",
            "Dockerfile": "ARG B\nFROM $B\n",
        },
    )
    found = by_dockerfile(tmp_path / "Makefile", tmp_path)
    assert {"B": "cross:x86"} in found["Dockerfile"]
    assert all("target" not in args.get("B", "") for args in found["Dockerfile"])


def pulled_stages(tmp_path: Path) -> dict[str, bool]:
    return {
        str(o.context["stage"]): bool(o.context["pulled"])
        for o in find_references(str(tmp_path))
        if o.kind == "from"
    }


def test_targets_of_one_rule_with_their_own_values_run_each_with_its_own(
    tmp_path: Path,
) -> None:
    """NVIDIA/nvidia-container-toolkit's deployments/container/Makefile: one static pattern
    rule makes image-application and image-packaging, and only the second has a
    pattern-specific `--target=packaging`. The two targets were one run with it: the
    application's stages were not pulled (survey s48e)."""
    write(
        tmp_path,
        {
            "Makefile": "IMAGE_TARGETS := image-application image-packaging\n"
            "%-packaging: INTERMEDIATE_TARGET := --target=packaging\n"
            "$(IMAGE_TARGETS): image-%:\n"
            "\tdocker build $(INTERMEDIATE_TARGET) -t acme/app:1 .\n",
            "Dockerfile": "FROM alpine:3.24.1 AS packaging\nFROM busybox:1.37.0 AS application\n",
        },
    )
    assert pulled_stages(tmp_path) == {"packaging": True, "application": True}
    # (the same rule whose targets share their values is one run, as before)
    write(tmp_path, {"Makefile": "T := --target=packaging\nimage-a image-b:\n"
                                 "\tdocker build $(T) -t acme/app:1 .\n"})  # fmt: skip
    assert pulled_stages(tmp_path) == {"packaging": True, "application": False}


def test_a_pattern_rule_s_target_has_the_values_of_the_target_that_needs_it(
    tmp_path: Path,
) -> None:
    """NVIDIA/dcgm-exporter: `distroless: BUILD_TARGET = runtime-distroless` and
    `distroless: --docker-build-distroless`, whose pattern rule `--docker-build-%` builds
    `--target $(BUILD_TARGET)`; GNU Make gives a prerequisite the target-specific values of
    the target that needs it. The distroless stage was not pulled (survey s48e)."""
    write(
        tmp_path,
        {
            "Makefile": "all: distroless\n"
            "distroless: BUILD_TARGET = runtime-distroless\n"
            "distroless: --docker-build-distroless\n\t@\n"
            "--docker-build-%:\n"
            "\tdocker build $(if $(BUILD_TARGET),--target $(BUILD_TARGET)) -t acme/x:1 .\n",
            "Dockerfile": "FROM alpine:3.24.1 AS runtime-distroless\n"
            "FROM busybox:1.37.0 AS runtime-other\n",
        },
    )
    assert pulled_stages(tmp_path)["runtime-distroless"] is True


def test_a_chain_of_pattern_rules_gives_the_last_one_the_values_of_each(
    tmp_path: Path,
) -> None:
    """NVIDIA/nvidia-container-toolkit's docker/docker.mk: `make ubuntu18.04-amd64` (a static
    pattern rule's target, `ARCH := amd64`) needs `--ubuntu18.04-amd64`, whose pattern
    rule `--%: docker-build-%` has pattern-specific `BASEIMAGE = $(OS):$(VERSION)` (`OS` of
    `--ubuntu%`), and `docker-build-%` builds `--build-arg BASEIMAGE`. Before, the
    Dockerfiles' `FROM ${BASEIMAGE}` were false TS011 (4) and their bases missed (survey s48e)."""
    write(
        tmp_path,
        {
            "Makefile": "TARGETS := ubuntu18.04 debian10\n"
            "$(TARGETS): %: %-amd64\n"
            "TARGETS := $(patsubst %, %-amd64, $(TARGETS))\n"
            "$(TARGETS): ARCH := amd64\n"
            "$(TARGETS): %: --%\n"
            "--%: TARGET_PLATFORM = $(*)\n"
            "--%: VERSION = $(patsubst $(OS)%-$(ARCH),%,$(TARGET_PLATFORM))\n"
            "--%: BASEIMAGE = $(OS):$(VERSION)\n"
            "--%: DOCKERFILE = docker/Dockerfile.$(OS)\n"
            "--%: docker-build-%\n\t@\n"
            "--ubuntu%: OS := ubuntu\n"
            "--debian%: OS := debian\n"
            "docker-build-%:\n"
            '\tdocker build --build-arg BASEIMAGE="$(BASEIMAGE)" -f $(DOCKERFILE) .\n',
            "docker/Dockerfile.ubuntu": "ARG BASEIMAGE\nFROM ${BASEIMAGE}\n",
            "docker/Dockerfile.debian": "ARG BASEIMAGE\nFROM ${BASEIMAGE}\n",
        },
    )
    assert sorted((o.path, o.text) for o in find_references(str(tmp_path))) == [
        (str(tmp_path / "docker" / "Dockerfile.debian"), "debian:10"),
        (str(tmp_path / "docker" / "Dockerfile.ubuntu"), "ubuntu:18.04"),
    ]
