"""Makefiles: the images their recipes run or pull (kind ``shell``), found as a source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from tagsense.cli import main
from tagsense.sources import scan_paths
from tagsense.sources.builds.make import scan_makefile
from tagsense.sources.discover import kind_of_file

if TYPE_CHECKING:
    import pytest

# cloudnative-pg, Makefile (spellcheck, woke) and kubernetes-sigs/cluster-api, Makefile
# (generate-diagrams-book, docker-pull-prerequisites), trimmed; and lines that pull nothing.
MAKEFILE = """\
ROOT_DIR := $(shell pwd)
SPELLCHECK_VERSION ?= 0.56.0
WOKE_VERSION = latest
PLANTUML_VER := 1.2024.7
IMG ?= controller:latest

spellcheck: ## Runs the spellcheck on the project
\tdocker run --rm -v $(PWD):/tmp:Z jonasbn/github-action-spellcheck:$(SPELLCHECK_VERSION)

woke:
\tdocker run --rm -v $(PWD):/src:Z -w /src getwoke/woke:$(WOKE_VERSION) \\
\t\twoke -c .woke.yaml

generate-diagrams-book:
\tdocker run -v $(ROOT_DIR)/docs:/docs  plantuml/plantuml:$(PLANTUML_VER) /docs/*.plantuml

docker-pull-prerequisites:
\tdocker pull docker.io/docker/dockerfile:1.4
\tdocker pull $(GO_CONTAINER_IMAGE)
\tdocker run $$IMAGE
\t@echo "docker run alpine:3.20"
\tdocker run --unknown-opt value debian:12
# \tdocker run busybox:1.36

docker-build:
\tdocker build -t $(IMG) .
\tdocker run --rm $(IMG) --version
"""


def test_a_makefile_s_recipes_run_and_pull_images(tmp_path: Path) -> None:
    makefile = tmp_path / "Makefile"
    makefile.write_text(MAKEFILE)
    scan = scan_makefile(str(makefile))
    assert [(o.line, o.column, o.text, o.context.get("target")) for o in scan] == [
        (8, 35, "jonasbn/github-action-spellcheck:0.56.0", "spellcheck"),
        (11, 43, "getwoke/woke:latest", "woke"),
        (15, 40, "plantuml/plantuml:1.2024.7", "generate-diagrams-book"),
        (18, 14, "docker.io/docker/dockerfile:1.4", "docker-pull-prerequisites"),
        (27, 2, "controller:latest", "docker-build"),
    ]
    assert all(o.kind == "shell" and o.unresolved == () for o in scan)
    assert scan.occurrences[0].context == {
        "tool": "make", "engine": "docker", "verb": "run", "target": "spellcheck"}  # fmt: skip


def test_makefiles_are_a_source_and_what_they_build_is_built(tmp_path: Path) -> None:
    assert kind_of_file("Makefile") == "make" and kind_of_file("docker.mk") == "make"
    assert kind_of_file("make") is None
    (tmp_path / "Makefile").write_text(MAKEFILE)
    scan = scan_paths([str(tmp_path)])
    built = {o.text: o.built for o in scan if o.kind == "shell"}
    assert built["getwoke/woke:latest"] is None
    site = built["controller:latest"]
    assert site is not None and (site.tool, site.line) == ("make", 26)


def test_a_canned_recipe_s_lines_are_read_where_a_recipe_uses_it(tmp_path: Path) -> None:
    # grafana/loki, Makefile (run_in_container), trimmed: the image is built and run by the
    # lines of a define, each at the recipe line that uses it (line 13, the last).
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "IMAGE := acme/loki-makefile:latest\n"
        "define run_in_container\n"
        "\t@docker build --rm \\\n\t\t-t $(IMAGE) \\\n\t\t.\n"
        "\n\t@docker run --rm \\\n\t\t$(IMAGE) \\\n\t\t$@\n"
        "\tdocker run --rm alpine:3.21.3 true\n"
        "endef\n"
        "lint:\n\t$(run_in_container)\n"
    )
    scan = scan_makefile(str(makefile))
    assert [(o.line, o.text) for o in scan] == [
        (13, "acme/loki-makefile:latest"),
        (13, "alpine:3.21.3"),
    ]
    built = {o.text: o.built for o in scan_paths([str(tmp_path)]) if o.kind == "shell"}
    site = built["acme/loki-makefile:latest"]
    assert site is not None and (site.tool, site.line) == ("make", 13)
    assert built["alpine:3.21.3"] is None


def test_a_variable_that_gives_a_recipe_line_s_prefix_leaves_its_command(tmp_path: Path) -> None:
    # jaegertracing/jaeger-operator, Makefile (changelog, scorecard-tests-local), trimmed:
    # Make takes `@` off once the line is expanded, so `$(VECHO)docker run` runs docker.
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        'ifeq ("$(VERBOSE)","true")\necho_prefix=">>>>"\nelse\nVECHO = @\nendif\nQ = @-\n'
        "SCORECARD_TEST_IMG ?= quay.io/operator-framework/scorecard-test:v1.32.0\n"
        'changelog:\n\t$(VECHO)docker run --rm -v "${PWD}:/app" pavolloffay/gch:latest\n'
        "scorecard:\n\t$(Q) docker pull $(SCORECARD_TEST_IMG)\n"
    )
    assert [(o.line, o.text) for o in scan_makefile(str(makefile))] == [
        (9, "pavolloffay/gch:latest"),
        (11, "quay.io/operator-framework/scorecard-test:v1.32.0"),
    ]


def test_a_makefile_without_pulls_gives_nothing(tmp_path: Path) -> None:
    makefile = tmp_path / "Makefile"
    makefile.write_text("all:\n\tgo build ./...\n\tnpm run lint\n")
    assert list(scan_makefile(str(makefile))) == []
    assert list(scan_makefile(str(tmp_path / "missing.mk"))) == []


def test_a_makefile_s_and_a_script_s_comments_suppress_findings_on_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Makefile").write_text(
        "lint:\n"
        "\tdocker run --rm golangci/golangci-lint:latest  # tagsense: ignore[TS001]\n"
        "\t@echo (an ignore comment covers its line and the next)\n"
        "\tdocker run --rm getwoke/woke:latest\n"
    )
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(
        "jobs:\n"
        "  lint:\n"
        "    steps:\n"
        "      - run: |\n"
        "          # tagsense: ignore[latest-tag]\n"
        "          docker run --rm hadolint/hadolint:latest < Dockerfile\n"
        "          docker pull ubuntu:latest\n"
    )
    code = main(["check", "--format", "json", "--offline", str(tmp_path)])
    report = json.loads(capsys.readouterr().out)
    findings = [(Path(f["path"]).name, f["line"], f["code"]) for f in report["findings"]]
    assert (code, findings) == (1, [("ci.yml", 7, "TS001"), ("Makefile", 4, "TS001")])


def test_kind_run_through_a_variable_named_for_it(tmp_path: Path) -> None:
    # mariadb-operator/mariadb-operator make/deploy.mk: `$(KIND) create cluster --image
    # $(KIND_IMAGE)`, KIND set in another included file (make/deps.mk: $(LOCALBIN)/kind).
    # Read alone, the variable's name still says which tool runs (as $(DOCKER) does).
    deploy = tmp_path / "deploy.mk"
    deploy.write_text(
        "KIND_IMAGE ?= kindest/node:v1.33.1\n\ncluster:\n"
        "\t$(KIND) create cluster --name x --image $(KIND_IMAGE)\n"
        "\t$(KIND_CLUSTER_TOOL) create cluster --image other/node:1\n"
    )
    assert [(o.line, o.text, o.context["engine"]) for o in scan_makefile(str(deploy))] == [
        (4, "kindest/node:v1.33.1", "kind")
    ]


def test_options_a_conditional_decides_are_options(tmp_path: Path) -> None:
    # VictoriaMetrics/helm-charts Makefile (helm-docker): CONTAINER_USER_OPTION is
    # `--user …` or nothing, as an `ifeq` decides; the image after it is pulled either way.
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "HELM_IMAGE = alpine/helm:3.16.2\nCONTAINER_TOOL ?= docker\n\n"
        "ifeq ($(CONTAINER_TOOL),docker)\n"
        "    CONTAINER_USER_OPTION = --user $(shell id -u):$(shell id -g)\n"
        "else\n    CONTAINER_USER_OPTION =\nendif\n\n"
        "helm-docker:\n\t$(CONTAINER_TOOL) run --rm --name helm-exec \\\n"
        "\t\t$(CONTAINER_USER_OPTION) \\\n\t\t-w /helm-charts \\\n"
        "\t\t$(HELM_IMAGE) \\\n\t\t$(CMD)\n"
    )
    assert [(o.line, o.text) for o in scan_makefile(str(makefile))] == [(11, "alpine/helm:3.16.2")]


# mozilla/sccache's tests/integration/Makefile, trimmed (Apache-2.0; survey 30c): options an
# `$(if …)` of a variable the run gives adds, before the same image either way.
SCCACHE = """\
$(SCCACHE_BIN): Cargo.toml
\t@docker run --rm \\
\t\t-w /sccache \\
\t\t$(if $(WITH_COVERAGE),-e RUSTFLAGS="-Cinstrument-coverage" -e CARGO_INCREMENTAL=0) \\
\t\trust:latest \\
\t\tbash -c "cargo build --all-features"

other:
\tdocker run --rm $(if $(SLIM),alpine:3.20,debian:12) sh
"""


def test_an_if_a_run_decides_pulls_the_image_of_each_side(tmp_path: Path) -> None:
    """The image either way once; an image the `$(if …)` itself chooses, on each side, as
    an `ifeq`/`else` of the same variable gives each branch's (survey s52e)."""
    makefile = tmp_path / "Makefile"
    makefile.write_text(SCCACHE)
    found = sorted((o.line, o.text) for o in scan_makefile(str(makefile)))
    assert found == [(5, "rust:latest"), (9, "alpine:3.20"), (9, "debian:12")]


def test_an_or_and_an_and_a_run_decides_pull_each_side(tmp_path: Path) -> None:
    """`$(or A,B)` whose A a run gives: A's image (a run's) or B's; `$(and A,B)`: B or
    nothing. Known parts choose as before (survey s52e)."""
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "IMG = $(or $(shell cat .image 2>/dev/null | xargs),alpine:3.20)\n"
        "KNOWN = $(or $(EMPTY),$(FULL),busybox:1.35)\n"
        "FULL = busybox:1.36\n"
        "EMPTY =\n"
        "run:\n"
        "\tdocker run $(IMG) true\n"
        "\tdocker run $(KNOWN) true\n"
        "\tdocker run $(and $(shell git status --porcelain),--rm) debian:12 true\n"
    )
    found = sorted((o.line, o.text) for o in scan_makefile(str(makefile)))
    assert found == [(6, "alpine:3.20"), (7, "busybox:1.36"), (8, "debian:12")]


# jenkinsci/docker's Makefile, trimmed (MIT; survey s51b): a target-specific `?=` whose
# `$(shell …)` runs a container, used by the pattern rule's recipe through another variable.
JENKINS = """\
A ?= $(shell docker run --rm busybox:1.36 nproc)
UNUSED ?= $(shell docker run --rm hello-world:linux)
B := $(shell docker run --rm \\
\talpine:3.19 nproc)
C != docker run --rm debian:12-slim true
test-%: PARALLEL_JOBS ?= $(shell echo $$(( $(shell docker run --rm alpine nproc) * 2)))
test-%: bats_flags += --jobs $(PARALLEL_JOBS)
test-%:
\techo $(bats_flags) $(A)
\techo $(shell podman run --rm fedora:40 true)

test: test-x
"""


def test_an_engine_command_of_a_shell_function_pulls_where_make_runs_it(
    tmp_path: Path,
) -> None:
    """GNU Make runs a `:=` (or `!=`) assignment's command as it reads the file, a `=`/`?=`
    one's where the variable is expanded (a recipe): each pull at the `$(shell …)`'s own
    lines; a variable nothing expands runs nothing (jenkinsci/docker, survey s51b)."""
    makefile = tmp_path / "Makefile"
    makefile.write_text(JENKINS)
    scan = scan_makefile(str(makefile))
    found = sorted((o.line, o.column, o.text, o.context["engine"]) for o in scan)
    assert found == [
        (1, 30, "busybox:1.36", "docker"),
        (4, 2, "alpine:3.19", "docker"),
        (5, 22, "debian:12-slim", "docker"),
        (6, 68, "alpine", "docker"),
        (10, 31, "fedora:40", "podman"),
    ]
    assert {o.context.get("target") for o in scan if o.line == 6} == {"test-x"}


def test_a_shell_function_of_an_included_file_pulls_in_that_file(tmp_path: Path) -> None:
    """A `$(shell docker run …)` written in an included file is reported with that file's
    recipes (through its includer), not in the Makefile that includes it."""
    (tmp_path / "tools.mk").write_text("NPROC = $(shell docker run --rm busybox:1.36 nproc)\n")
    makefile = tmp_path / "Makefile"
    makefile.write_text("include tools.mk\nall:\n\techo $(NPROC)\n")
    assert [o.text for o in scan_makefile(str(makefile))] == []
    scan = scan_paths([str(tmp_path)])
    placed = sorted((Path(o.path).name, o.line, o.text) for o in scan if o.kind == "shell")
    assert placed == [("tools.mk", 1, "busybox:1.36")]


# open-horizon/anax's test/Makefile, trimmed (Apache-2.0; survey 48c): both branches of a
# conditional a run decides set the image's name and digest; the recipe runs the image.
ANAX = """\
arch ?= $(shell ../tools/arch-tag)
ifeq ($(arch),ppc64le)
\tDOCKER_REG_INAME ?= ibmcom/registry-ppc64le
\tDOCKER_REG_TAG ?= sha256:%(ppc)s
else
\tDOCKER_REG_INAME ?= registry
\tDOCKER_REG_TAG ?= sha256:%(other)s
endif
ifeq ($(shell uname -r),5)
\tQUIET = -q
endif

run:
\tdocker run --name reg -t $(DOCKER_REG_INAME)@$(DOCKER_REG_TAG) htpasswd
\tdocker run $(QUIET) alpine:3.20 true
"""


def test_a_conditional_a_run_decides_pulls_the_image_of_each_side(tmp_path: Path) -> None:
    """open-horizon/anax: each branch's pair of values, never one branch's name with the
    other's digest, and an image the branches do not choose once."""
    ppc, other = "b" * 64, "7" * 64
    makefile = tmp_path / "Makefile"
    makefile.write_text(ANAX % {"ppc": ppc, "other": other})
    found = sorted((o.line, o.text) for o in scan_makefile(str(makefile)))
    assert found == [
        (14, f"ibmcom/registry-ppc64le@sha256:{ppc}"),
        (14, f"registry@sha256:{other}"),
        (15, "alpine:3.20"),
    ]


def test_each_branch_of_an_else_ifeq_chain_pulls_its_own_image(tmp_path: Path) -> None:
    """A conditional of three branches a run decides, each with its `?=`: the `else`'s
    value is what a run on neither architecture pulls, and the middle one is pulled too."""
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "arch ?= $(shell ../tools/arch-tag)\n"
        "ifeq ($(arch),ppc64le)\n"
        "\tIMG ?= ibmcom/registry-ppc64le:2.6\n"
        "else ifeq ($(arch),s390x)\n"
        "\tIMG ?= s390x/registry:2.7\n"
        "else\n"
        "\tIMG ?= registry:2.8\n"
        "endif\n"
        "\n"
        "run:\n"
        "\tdocker run -t $(IMG) htpasswd\n"
    )
    found = sorted((o.line, o.text) for o in scan_makefile(str(makefile)))
    assert found == [
        (11, "ibmcom/registry-ppc64le:2.6"),
        (11, "registry:2.8"),
        (11, "s390x/registry:2.7"),
    ]


def test_a_kind_configuration_a_recipe_fills_in_with_sed_pulls_its_node_images(
    tmp_path: Path,
) -> None:
    """projectsveltos/sveltos (trimmed): its Makefile fills in the kind configuration's
    placeholder, `sed -e "s/K8S_VERSION/$(K8S_VERSION)/g" test/$(KIND_CONFIG) >
    test/$(KIND_CONFIG).tmp`, then runs `kind create cluster --config test/$(KIND_CONFIG).tmp`:
    the file alone is a template (`image: kindest/node:K8S_VERSION`), the cluster's nodes run
    what the sed writes (survey s59d: kindest/node missed). A sed of a file of another kind,
    or one that fills in what a run gives, pulls nothing."""
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "kind-cluster.yaml").write_text(
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n"
        "- role: control-plane\n  image: kindest/node:K8S_VERSION\n"
        "- role: worker\n  image: kindest/node:K8S_VERSION\n"
    )
    (tmp_path / "test" / "notes.txt").write_text("image: kindest/node:K8S_VERSION\n")
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "K8S_VERSION := v1.36.1\nKIND_CONFIG ?= kind-cluster.yaml\n\n"
        "create-cluster:\n"
        '\tsed -e "s/K8S_VERSION/$(K8S_VERSION)/g"  test/$(KIND_CONFIG) > test/$(KIND_CONFIG).tmp\n'
        "\tkind create cluster --config test/$(KIND_CONFIG).tmp\n"
        "notes:\n"
        '\tsed -e "s/K8S_VERSION/$(K8S_VERSION)/g" test/notes.txt > notes.out\n'
        "unknown:\n"
        '\tsed -e "s/K8S_VERSION/$$VERSION/g" test/$(KIND_CONFIG) > other.yaml\n'
    )
    found = [(o.line, o.text) for o in scan_makefile(str(makefile))]
    assert found == [(5, "kindest/node:v1.36.1")]
