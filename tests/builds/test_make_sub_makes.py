"""Makefiles: GNU Make's own variables (``CURDIR``, ``MAKE``), ``$(call …)``, and the
Makefiles a recipe runs ``make`` on, read with the variables of that command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tagsense.cli import main
from tagsense.sources.builds.make import read_makefile

if TYPE_CHECKING:
    from tagsense.sources.project import BuildConfig


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def builds(root: Path) -> list[BuildConfig]:
    return list(read_makefile(str(root / "Makefile")).builds)


def by_dockerfile(root: Path) -> dict[str, dict[str, str]]:
    """Each Dockerfile the Makefile feeds (relative to ``root``), with its build arguments."""
    return {
        str(Path(config.dockerfile).relative_to(root)): dict(config.args)
        for config in builds(root)
        if config.dockerfile is not None
    }


def test_curdir_is_the_directory_make_runs_in(tmp_path: Path) -> None:
    # harbor's Makefile: TOOLSPATH=$(CURDIR)/tools, then `-f ${TOOLSPATH}/spectral/Dockerfile`.
    write(
        tmp_path,
        {
            "Makefile": "TOOLS=$(CURDIR)/tools\nb:\n"
            "\tcd tools && docker build -f $(TOOLS)/lint/Dockerfile --build-arg NODE=node:22 .\n",
            "tools/lint/Dockerfile": "ARG NODE\nFROM ${NODE}\n",
        },
    )
    # (absolute: the recipe's `cd` does not move it)
    assert by_dockerfile(tmp_path) == {"tools/lint/Dockerfile": {"NODE": "node:22"}}


def test_a_makefile_s_own_curdir_and_make_win(tmp_path: Path) -> None:
    write(tmp_path, {"Makefile": "CURDIR=/elsewhere\nMAKE=gmake\nb:\n\techo $(MAKE) $(CURDIR)\n"})
    assert builds(tmp_path) == []


CALL_MAKEFILE = """\
NODEIMAGE=node:22.22.3
DOCKERBUILD=docker build
define prepare_image
\t@if [ -z "$$(docker images -q $(1):$(2))" ]; then \\
\t\t$(3) && echo "built $(0) $(1):$(2)" ; \\
\tfi
endef
LINT_BUILD=$(DOCKERBUILD) -f lint/Dockerfile --build-arg NODE=$(NODEIMAGE) -t acme/lint:v1 .

lint:
\t$(call prepare_image,acme/lint,v1,$(LINT_BUILD))
\t$(call undefined_function,acme/x)
"""


def test_call_expands_a_canned_recipe_with_its_arguments(tmp_path: Path) -> None:
    # harbor's Makefile builds its tool images through `$(call prepare_docker_image,NAME,
    # VERSION,${SPECTRAL_IMAGE_BUILD_CMD})`: the build is in the third argument.
    write(tmp_path, {"Makefile": CALL_MAKEFILE, "lint/Dockerfile": "ARG NODE\nFROM ${NODE}\n"})
    (config,) = builds(tmp_path)
    assert config.tags == ("acme/lint",)
    assert dict(config.args) == {"NODE": "node:22.22.3"}
    assert config.site.line == 11


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # $(1)… are the arguments (a missing one is empty), $(0) the variable's name
        ("f = acme/$(1)$(2)-$(0)\nb:\n\tdocker build -t $(call f,app) .\n", ["acme/app-f"]),
        # the arguments are split at the commas outside parentheses
        ("f = $(1)/$(2)\nb:\n\tdocker build -t $(call f,acme,$(subst a,b,xa)) .\n", ["acme/xb"]),
        # the name may be made of variables; a call of nothing known is a run's
        ("K = f\nf = acme/$(1)\nb:\n\tdocker build -t $(call $(K),api) .\n", ["acme/api"]),
        ("b:\n\tdocker build -t acme/$(call $(X),api) .\n", ["acme/*"]),
        # nested calls see their own arguments
        (
            "in = $(1)-in\nout = $(call in,$(1))/$(1)\nb:\n\tdocker build -t $(call out,x) .\n",
            ["x-in/x"],
        ),
    ],
)
def test_call(tmp_path: Path, text: str, expected: list[str]) -> None:
    (tmp_path / "Makefile").write_text(text)
    assert [image.name for image in read_makefile(str(tmp_path / "Makefile")).built] == expected


# harbor (trimmed): the top Makefile's `build` runs the photon Makefile with the versions on
# its command line; the photon Makefile builds the base images, then the images on them.
SUB_MAKE_FILES = {
    "Makefile": """\
BUILDPATH=$(CURDIR)
MAKEFILEPATH_PHOTON=$(BUILDPATH)/make/photon
BASEIMAGETAG=dev
GOBUILDIMAGE=golang:1.26.4

build:
\tmake -f $(MAKEFILEPATH_PHOTON)/Makefile build -e BASEIMAGETAG=$(BASEIMAGETAG) \\
\t -e GOBUILDIMAGE=$(GOBUILDIMAGE) -e VERSION=$(shell cat VERSION)

build_migrator:
\tmake -f $(MAKEFILEPATH_PHOTON)/Makefile _build_migrator -e BASEIMAGETAG=$(BASEIMAGETAG)
""",
    "make/photon/Makefile": """\
MAKEPATH=$(CURDIR)/make
BASEIMAGENAMESPACE=goharbor
BASEIMAGETAG=never
DOCKERBUILD=$(shell which docker) build
define _build_base
\t$(DOCKERBUILD) -f $(MAKEPATH)/photon/$(1)/Dockerfile.base \\
\t\t-t $(BASEIMAGENAMESPACE)/harbor-$(1)-base:$(BASEIMAGETAG) .
endef

_build_core:
\t@$(call _build_base,core)
\t$(DOCKERBUILD) --build-arg base_tag=$(BASEIMAGETAG) --build-arg build_image=$(GOBUILDIMAGE) \\
\t\t-f $(MAKEPATH)/photon/core/Dockerfile -t goharbor/harbor-core:dev .

_build_migrator:
\t$(DOCKERBUILD) --build-arg build_image=$(GOBUILDIMAGE) -f $(MAKEPATH)/photon/migrator/Dockerfile .

build: _build_core
""",
    "make/photon/core/Dockerfile.base": "FROM photon:5.0\n",
    "make/photon/core/Dockerfile": (
        "ARG build_image\nARG base_tag\nFROM ${build_image} AS b\n"
        "FROM goharbor/harbor-core-base:${base_tag}\n"
    ),
    "make/photon/migrator/Dockerfile": "ARG build_image\nFROM ${build_image}\n",
}


def test_a_recipe_s_make_reads_that_makefile_with_its_command_line(tmp_path: Path) -> None:
    write(tmp_path, SUB_MAKE_FILES)
    found = read_makefile(str(tmp_path / "Makefile"))
    configs = {str(Path(c.dockerfile or "").relative_to(tmp_path)): c for c in found.builds}
    core = configs["make/photon/core/Dockerfile"]
    # (the command line's BASEIMAGETAG wins over the file's; make runs in the top directory)
    assert dict(core.args) == {"base_tag": "dev", "build_image": "golang:1.26.4"}
    assert core.site.path == str(tmp_path / "make" / "photon" / "Makefile")
    assert core.site.line == 12
    base = configs["make/photon/core/Dockerfile.base"]
    assert base.tags == ("goharbor/harbor-core-base",)
    # (only the goal's recipes run: _build_migrator is another command's, without GOBUILDIMAGE)
    migrator = configs["make/photon/migrator/Dockerfile"]
    assert dict(migrator.args) == {} and set(migrator.unresolved) == {"build_image"}
    # (and VERSION, which `$(shell cat VERSION)` looks for: a file not there is a run's)
    assert {str(Path(p).relative_to(tmp_path)) for p in found.inputs} == {
        "make/photon/Makefile",
        "VERSION",
    }


def test_check_finds_nothing_unresolved_in_what_a_sub_make_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, SUB_MAKE_FILES)
    code = main(["check", "--format", "json", "--offline", str(tmp_path)])
    report = json.loads(capsys.readouterr().out)
    found = {
        (Path(f["path"]).relative_to(tmp_path).as_posix(), f["code"]) for f in report["findings"]
    }
    # (before: TS011 on both FROMs of core/Dockerfile; the migrator's goal is not `build`'s)
    assert found == {("make/photon/migrator/Dockerfile", "TS011")}
    assert code == 0  # (a warning)


@pytest.mark.parametrize(
    ("command", "followed"),
    [
        ("$(MAKE) -C sub IMG=acme/app", True),
        ("make --directory=sub IMG=acme/app", True),
        ("make -Csub -f Makefile IMG=acme/app image", True),
        ("$(MAKE) -j 4 -l 2.5 -s -C sub IMG=acme/app", True),  # (4 and 2.5 are no goals)
        ("make -C sub --file=other.mk IMG=acme/app", False),  # (no such file there)
        ("cd sub && make IMG=acme/app", True),  # (a cd before it on the line: there)
        ("pushd sub; make IMG=acme/app; popd", True),
        ("for d in sub; do pushd $$d; make IMG=acme/app; popd; done", True),
        ("for d in sub other; do $(MAKE) -C $$d IMG=acme/app image; done", True),
        # (a loop whose word names only a goal is read once, the goal left as written)
        ("for g in image other; do $(MAKE) -C sub IMG=acme/app $$g; done", False),
        ("pushd sub; popd; make IMG=acme/app", False),  # (back at the top: no Makefile)
        ("cd $(DIR) && make IMG=acme/app", False),  # (a run decides where)
        ("cd $$HOME; cd sub; make IMG=acme/app", False),
        ("make -C sub IMG=acme/app $(TARGET)", False),  # (a goal a run decides)
        ("make -C sub IMG=acme/app $(MAKECMDGOALS)", True),  # (those the run is given: any)
        # (a test the line settles runs one arm)
        (
            'if [ -n "" ]; then make -C sub IMG=acme/no image; else make -C sub IMG=acme/app'
            " image; fi",
            True,
        ),
        (
            "if [ x = x ]; then make -C sub IMG=acme/app image; else make -C sub IMG=acme/no; fi",
            True,
        ),
        ("make -C $(DIR) IMG=acme/app", False),
        ("make -C /usr/src IMG=acme/app", False),  # (outside the project)
        ("make -C sub other", False),  # (that goal builds nothing)
    ],
)
def test_which_make_commands_are_followed(tmp_path: Path, command: str, followed: bool) -> None:
    write(
        tmp_path,
        {
            "Makefile": f"all:\n\t{command}\n",
            "sub/Makefile": (
                "IMG ?= never/app\nimage:\n\tdocker build -t $(IMG) .\nother:\n\ttrue\n"
            ),
            "sub/Dockerfile": "FROM alpine:3.22.1\n",
        },
    )
    names = [image.name for image in read_makefile(str(tmp_path / "Makefile")).built]
    assert names == (["acme/app"] if followed else [])


def test_an_override_wins_over_the_command_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Makefile": "all:\n\t$(MAKE) -C sub IMG=acme/app TAG=v1\n",
            "sub/Makefile": "override IMG = acme/fixed\nTAG = v0\n"
            "image:\n\tdocker build -t $(IMG):$(TAG) .\n",
        },
    )
    (config,) = builds(tmp_path)
    assert (config.tags, config.context) == (("acme/fixed",), str(tmp_path / "sub"))


def test_a_makefile_that_runs_make_on_itself_ends(tmp_path: Path) -> None:
    # (a common pattern: `$(MAKE) image IMG=…` from the same Makefile; each level once more)
    text = "all:\n\t$(MAKE) image IMG=acme/app\nimage:\n\tdocker build -t $(IMG) .\n"
    (tmp_path / "Makefile").write_text(text)
    names = {image.name for image in read_makefile(str(tmp_path / "Makefile")).built}
    assert names == {"acme/app"}


def test_the_module_s_examples() -> None:
    import doctest

    import tagsense.sources.builds.make
    import tagsense.sources.discover

    for module in (tagsense.sources.builds.make, tagsense.sources.discover):
        assert doctest.testmod(module).failed == 0


def test_a_sub_make_s_variable_that_a_pattern_rule_s_stem_gives_is_left_to_its_default(
    tmp_path: Path,
) -> None:
    # kubernetes-sigs/cluster-api's Makefile: `docker-build-%: ; $(MAKE) ARCH=$* docker-build`;
    # the stem is a run's (`make docker-build-arm64`), so that reading would build with no ARCH
    # at all (a false TS011 on `FROM gcr.io/distroless/static:nonroot-${ARCH}`).
    (tmp_path / "Makefile").write_text(
        "ARCH ?= amd64\n"
        "docker-build-%:\n\t$(MAKE) ARCH=$* docker-build\n"
        "docker-build:\n\tdocker build --build-arg ARCH=$(ARCH) -t acme/app-$(ARCH) .\n"
    )
    found = read_makefile(str(tmp_path / "Makefile"))
    assert {(c.tags, tuple(dict(c.args).items()), tuple(c.unresolved)) for c in found.builds} == {
        (("acme/app-amd64",), (("ARCH", "amd64"),), ())
    }


# edgexfoundry/edgex-compose's compose-builder/Makefile (trimmed): its arguments are the goals
# after the first, `$(eval $(ARGS):;@:)` makes them targets, conditionals on them choose the
# compose files and export ARCH, and `build-canned` runs `make compose ds-rest arm64`.
EDGEX_MAKEFILE = """\
ARGS:=$(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS))
$(eval $(ARGS):;@:)
COMPOSE_FILES:=-f docker-compose-base.yml
ifeq (ds-rest, $(filter ds-rest,$(ARGS)))
\tCOMPOSE_FILES:=$(COMPOSE_FILES) -f add-device-rest.yml
endif
ifeq (arm64, $(filter arm64,$(ARGS)))
\texport ARCH=-arm64
else
\texport ARCH=
endif

gen:
\tdocker compose -p edgex $(COMPOSE_FILES) config --output docker-compose.yml.gen

compose: gen
\tcat docker-compose.yml.gen > ../docker-compose$(ARCH).yml

build-canned:
\tmake compose ds-rest
\tmake compose ds-rest arm64
"""


def test_a_sub_make_s_goals_are_its_makecmdgoals(tmp_path: Path) -> None:
    from tagsense.sources import scan_paths

    write(
        tmp_path,
        {
            "compose-builder/Makefile": EDGEX_MAKEFILE,
            "compose-builder/.env": "REPOSITORY=nexus3.edgexfoundry.org:10004\n",
            "compose-builder/docker-compose-base.yml": "services:\n  core-keeper:\n"
            "    image: ${REPOSITORY}/core-keeper${ARCH}:3.2.1\n",
            "compose-builder/add-device-rest.yml": "services:\n  device-rest:\n"
            "    image: ${REPOSITORY}/device-rest${ARCH}:3.2.1\n",
        },
    )
    (tmp_path / ".git").mkdir()
    scan = scan_paths([str(tmp_path)])
    found = sorted((Path(o.path).name, o.text, o.unresolved) for o in scan.occurrences)
    # (each run's ARCH, not an unresolved variable: 43 false TS011 in survey 28c)
    assert found == [
        ("add-device-rest.yml", "nexus3.edgexfoundry.org:10004/device-rest-arm64:3.2.1", ()),
        ("add-device-rest.yml", "nexus3.edgexfoundry.org:10004/device-rest:3.2.1", ()),
        ("docker-compose-base.yml", "nexus3.edgexfoundry.org:10004/core-keeper-arm64:3.2.1", ()),
        ("docker-compose-base.yml", "nexus3.edgexfoundry.org:10004/core-keeper:3.2.1", ()),
    ]


def test_a_rule_an_eval_defines_takes_no_line_after_the_eval() -> None:
    # (GNU Make reads an eval's text as a buffer of its own: the tab-started lines after it
    # are the file's, here an assignment in a conditional, not the evaluated rule's recipe)
    from tagsense.sources.builds.make import MakeReader

    reader = MakeReader()
    reader.parse("$(eval a b:;@:)\nifeq (x,x)\n\tARCH:=-arm64\nendif\nc:\n\techo $(ARCH)\n", None)
    assert reader.expand("$(ARCH)", ()) == "-arm64"
    assert [(recipe.targets, recipe.text) for recipe in reader.recipes] == [
        (("a", "b"), "@:"),
        (("c",), "echo $(ARCH)"),
    ]


# envoyproxy/gateway (trimmed; Apache-2.0): `make kube-install-examples-image` builds each
# example's image with its own Makefile, in a loop that `pushd`es into it; the end-to-end
# tests' manifests run those images (survey 31a: 16 false TS001/TS002 under test/e2e/).
GATEWAY_FILES = {
    # (a wrapper: the goals the run is given, passed on to the Makefile that holds the rules)
    "Makefile": "_run:\n\t@$(MAKE) --warn-undefined-variables -f tools/make/common.mk "
    "$(MAKECMDGOALS)\n.PHONY: _run\n$(if $(MAKECMDGOALS),$(MAKECMDGOALS): %: _run)\n",
    "tools/make/common.mk": "ROOT_DIR := $(abspath $(shell pwd -P))\n"
    "include tools/make/examples.mk\n",
    "tools/make/examples.mk": """\
EXAMPLE_APPS := \\
\tenvoy-ext-auth \\
\tgrpc-ext-proc
ENVOY_PROXY_VERSION := $(shell grep 'DefaultEnvoyProxyImage' api/shared_types.go \\
\t| grep -oE 'v[0-9]+\\.[0-9]+\\.[0-9]+')

.PHONY: kube-build-examples-image
kube-build-examples-image:
\t@$(LOG_TARGET)
\t@for app in $(EXAMPLE_APPS); do \\
\t\tpushd $(ROOT_DIR)/examples/$$app; \\
\t\tif [ -n "$(ENVOY_PROXY_VERSION)" ]; then \\
\t\t\tmake docker-buildx ENVOY_VERSION=$(ENVOY_PROXY_VERSION); \\
\t\telse \\
\t\t\tmake docker-buildx; \\
\t\tfi; \\
\t\tpopd; \\
\tdone
""",
    **{
        f"examples/{app}/Makefile": f"IMAGE_PREFIX ?= envoyproxy/gateway-\nAPP_NAME ?= {app}\n"
        "TAG ?= latest\n\n.PHONY: docker-buildx\ndocker-buildx:\n"
        "\tdocker buildx build . -t $(IMAGE_PREFIX)$(APP_NAME):$(TAG) --load\n"
        for app in ("envoy-ext-auth", "grpc-ext-proc")
    },
}


def test_a_loop_that_pushds_into_each_example_runs_its_makefile(tmp_path: Path) -> None:
    write(tmp_path, GATEWAY_FILES)
    names = {image.name for image in read_makefile(str(tmp_path / "Makefile")).built}
    assert names == {"envoyproxy/gateway-envoy-ext-auth", "envoyproxy/gateway-grpc-ext-proc"}


def test_a_test_the_recipe_line_settles_runs_one_arm(tmp_path: Path) -> None:
    # envoyproxy/gateway: ENVOY_PROXY_VERSION is empty on its main branch (the Go constant says
    # `distroless-dev`), so the loop runs `make docker-buildx`, whose ENVOY_VERSION is `dev`;
    # not the arm that passes the empty version (survey 31a: a false `envoy:distroless-`).
    files = dict(GATEWAY_FILES)
    files["tools/make/examples.mk"] = files["tools/make/examples.mk"].replace(
        "\tgrpc-ext-proc", "\tdynamic-module-test"
    )
    files["api/shared_types.go"] = (
        'DefaultEnvoyProxyImage = "docker.io/envoyproxy/envoy:distroless-dev"\n'
    )
    files["examples/dynamic-module-test/Makefile"] = (
        "IMAGE_PREFIX ?= envoyproxy/gateway-\nAPP_NAME ?= dynamic-module-test\nTAG ?= latest\n"
        "ENVOY_VERSION ?= dev\n\ndocker-buildx:\n\tdocker buildx build . --build-arg "
        "ENVOY_VERSION=$(ENVOY_VERSION) -t $(IMAGE_PREFIX)$(APP_NAME):$(TAG) --load\n"
    )
    write(tmp_path, files)
    (tmp_path / "examples" / "dynamic-module-test" / "Dockerfile").write_text(
        "ARG ENVOY_VERSION=dev\nFROM docker.io/envoyproxy/envoy:distroless-${ENVOY_VERSION}\n"
    )
    args = [
        dict(config.args)
        for config in builds(tmp_path)
        if "dynamic-module-test" in (config.dockerfile or "")
    ]
    assert args == [{"ENVOY_VERSION": "dev"}]


def test_a_makefile_read_alone_gives_way_to_the_make_that_runs_it_with_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # jupyter-server/enterprise_gateway (cut down): only the top Makefile sets TAG, and runs
    # `make TAG=$(TAG) -C etc $@`; etc/Makefile read alone builds with an empty TAG, a run that
    # fails (3 false TS011 before: `$HUB_ORG/kernel-py:$TAG` unresolved; survey 34c)
    write(
        tmp_path,
        {
            "Makefile": "TAG:=dev\nkernel-spark-py:\n\tmake TAG=$(TAG) -C etc $@\n",
            "etc/Makefile": (
                "HUB_ORG:=elyra\nkernel-spark-py:\n\tcd docker/kernel-spark-py && docker build "
                "--build-arg HUB_ORG=${HUB_ORG} --build-arg TAG=${TAG} -t $(HUB_ORG)/$@:$(TAG) .\n"
            ),
            "etc/docker/kernel-spark-py/Dockerfile": (
                "ARG HUB_ORG\nARG TAG\nFROM $HUB_ORG/kernel-py:$TAG\n"
            ),
        },
    )
    code = main(["refs", "--format", "json", str(tmp_path)])
    refs = json.loads(capsys.readouterr().out)["references"]
    assert (code, [(r["text"], r["unresolved"]) for r in refs]) == (
        0,
        [("elyra/kernel-py:dev", None)],
    )
