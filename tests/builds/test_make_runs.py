"""A script's or a CI step's ``make`` command reads the project's Makefile with the command
line's variables and goals: what it builds is built (see ``.builds.make.make_run_builds``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

# kubebuilder's scaffold (trimmed): the Makefile alone builds `controller`; CI passes IMG.
MAKEFILE = """\
IMG ?= controller:latest

.PHONY: test
test:
\tgo test ./...

docker-build:
\tdocker build -t ${IMG} .

docker-push:
\tdocker push ${IMG}
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: op}
spec:
  template:
    spec:
      containers:
        - name: op
          image: ghcr.io/acme/op:latest
"""


def project(tmp_path: Path, workflow_run: str) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(MAKEFILE)
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.21.3\n")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "deploy.yaml").write_text(DEPLOYMENT)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "release.yml").write_text(
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-24.04\n    steps:\n"
        f"      - uses: actions/checkout@v4\n      - run: {workflow_run}\n"
    )
    return tmp_path


@pytest.mark.parametrize(
    "command",
    [
        "make docker-build docker-push IMG=ghcr.io/acme/op:${{ github.sha }}",
        "make -C . IMG=ghcr.io/acme/op:v1.2.3 docker-build",
        "make IMG=ghcr.io/acme/op:v1 docker-build -j 4",
    ],
)
def test_a_ci_step_s_make_builds_with_the_command_line_s_values(
    tmp_path: Path, command: str
) -> None:
    root = project(tmp_path, command)
    built = {o.text: o.built for o in find_references(str(root)) if o.kind == "kubernetes"}
    site = built["ghcr.io/acme/op:latest"]
    assert site is not None and (site.tool, site.line) == ("make", 8)


@pytest.mark.parametrize(
    "command",
    [
        "make test IMG=ghcr.io/acme/op:v1",  # (a goal whose recipes build nothing)
        "make docker-build IMG=ghcr.io/other/op:v1",  # (another name)
        "cd sub && make docker-build IMG=ghcr.io/acme/op:v1",  # (no Makefile there)
    ],
)
def test_a_make_that_builds_other_names_or_nothing_leaves_the_pull(
    tmp_path: Path, command: str
) -> None:
    root = project(tmp_path, command)
    (root / "sub").mkdir()
    built = {o.text: o.built for o in find_references(str(root)) if o.kind == "kubernetes"}
    assert built["ghcr.io/acme/op:latest"] is None


def test_a_script_s_make_is_followed_too(tmp_path: Path) -> None:
    root = project(tmp_path, "./hack/release.sh")
    (root / "hack").mkdir()
    (root / "hack" / "release.sh").write_text(
        '#!/bin/sh\nset -e\ncd "$(dirname "$0")/.."\nmake docker-build IMG="ghcr.io/acme/op:$1"\n'
    )
    built = {o.text: o.built for o in find_references(str(root)) if o.kind == "kubernetes"}
    site = built["ghcr.io/acme/op:latest"]
    assert site is not None and site.tool == "make"


@pytest.mark.parametrize(
    "recipe",
    ["bash hack/upgrade.sh", "@(env bash $(PWD)/hack/upgrade.sh)", "$(CURDIR)/hack/upgrade.sh"],
)
def test_the_make_of_a_script_a_recipe_runs_is_followed(tmp_path: Path, recipe: str) -> None:
    # minio/minio: `make test-upgrade` runs buildscripts/minio-upgrade.sh (`PWD := $(shell
    # pwd)`), which builds with `TAG=minio/minio:dev make docker` and runs the compose file
    # on the image (survey 22e: a false TS003). The recipe's own `make` is a sub-make.
    root = project(tmp_path, "make test-upgrade")
    makefile = (root / "Makefile").read_text()
    (root / "Makefile").write_text(f"PWD := $(shell pwd)\n{makefile}\nt-up:\n\t{recipe}\n")
    (root / "hack").mkdir()
    (root / "hack" / "upgrade.sh").write_text(
        "#!/bin/bash\nmain() {\n  IMG=ghcr.io/acme/op:dev make docker-build\n}\nmain\n"
    )
    built = {o.text: o.built for o in find_references(str(root)) if o.kind == "kubernetes"}
    site = built["ghcr.io/acme/op:latest"]
    assert site is not None and site.tool == "make"


def test_a_script_run_by_an_absolute_path_outside_the_project_is_not_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "p").mkdir()
    root = project(tmp_path / "p", "make t-up")
    outside = tmp_path / "x.sh"  # (the machine's script: what it builds is not the project's)
    outside.write_text("#!/bin/bash\nIMG=ghcr.io/acme/op:dev make docker-build\n")
    (root / "Makefile").write_text(f"{(root / 'Makefile').read_text()}\nt-up:\n\tbash {outside}\n")
    built = {o.text: o.built for o in find_references(str(root)) if o.kind == "kubernetes"}
    assert built["ghcr.io/acme/op:latest"] is None


def test_the_same_make_command_is_read_once_while_its_files_are_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # kyverno/kyverno@111e07bb: 30 workflows run some 350 `make` commands of a 1,000-line
    # Makefile, each read anew before (most of a 10 s one-file check). A changed Makefile is
    # read again.
    from tagsense.sources.builds import make

    make._MADE.clear()
    parses: list[str] = []
    real_parse = make.MakeReader.parse

    def counting(self: make.MakeReader, text: str, path: str | None, depth: int = 0) -> None:
        parses.append(str(path))
        real_parse(self, text, path, depth)

    monkeypatch.setattr(make.MakeReader, "parse", counting)
    root = tmp_path / "p"
    root.mkdir()
    (root / "Makefile").write_text(MAKEFILE)
    first = make.make_run_builds(
        ["docker-build"], str(root), str(root), max_bytes=1 << 20, inputs={}
    )
    inputs: dict[str, tuple[int, int] | None] = {}
    again = make.make_run_builds(
        ["docker-build"], str(root), str(root), max_bytes=1 << 20, inputs=inputs
    )
    assert again == first and len(parses) == 1
    assert list(inputs) == [str(root / "Makefile")]  # (the files looked at, as before)
    # (within a scan the files are looked at once: micropython's CI scripts run `make` 8,000
    # times over some 200 files each)
    looked: list[str] = []
    real_stat = make.stat_of
    monkeypatch.setattr(make, "stat_of", lambda path: looked.append(path) or real_stat(path))
    make.make_run_builds(["docker-build"], str(root), str(root), max_bytes=1 << 20, inputs={})
    assert looked == []
    (root / "Makefile").write_text(MAKEFILE.replace("controller:latest", "manager:v1.0.0"))
    make.forget()  # (a new scan: the files are looked at again)
    changed = make.make_run_builds(
        ["docker-build"], str(root), str(root), max_bytes=1 << 20, inputs={}
    )
    assert len(parses) == 2
    assert [build.names for build in first[0][2]] == [("controller",)]
    assert [build.names for build in changed[0][2]] == [("manager",)]


def test_a_make_command_is_read_again_only_for_a_variable_its_files_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # micropython/micropython: 20 workflows source tools/ci.sh and run `make -C mpy-cross`
    # in as many environments (IDF_VER, MICROPY_MAINTAINER_BUILD… set for other tools): 1,999
    # readings of 221 commands, 320 s for a one-file check (survey 30d); 221 readings, 48 s.
    from tagsense.sources.builds import make

    make._MADE.clear()
    parses: list[str] = []
    real_parse = make.MakeReader.parse

    def counting(self: make.MakeReader, text: str, path: str | None, depth: int = 0) -> None:
        parses.append(str(path))
        real_parse(self, text, path, depth)

    monkeypatch.setattr(make.MakeReader, "parse", counting)
    root = tmp_path / "p"
    root.mkdir()
    (root / "Makefile").write_text(MAKEFILE)

    def built(environment: dict[str, str]) -> list[tuple[str, ...]]:
        found = make.make_run_builds(
            ["docker-build"], str(root), str(root), max_bytes=1 << 20, inputs={},
            environment=environment,
        )  # fmt: skip
        return [build.names for build in found[0][2]]

    assert built({"IDF_VER": "v5.3"}) == [("controller",)]
    assert built({"IDF_VER": "v5.5.2", "CI": "true"}) == [("controller",)]
    assert len(parses) == 1  # (names the Makefile does not write: the same reading)
    assert built({"IDF_VER": "v5.3", "IMG": "acme/op:v1"}) == [("acme/op",)]
    assert len(parses) == 2  # (IMG is the Makefile's: read in that environment)
    assert built({"IMG": "acme/op:v1"}) == [("acme/op",)]
    assert len(parses) == 2


def test_a_makefile_run_as_a_program_builds_what_a_workflow_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # syslog-ng/syslog-ng (GPL-2.0), dbld/rules @ 3.38.1 (trimmed): `#!/usr/bin/make -f`, run
    # by its workflows as `dbld/rules image-devshell`, whose image they run (5 false TS001).
    (tmp_path / ".git").mkdir()  # (a CI job's checkout: the repository's top)
    rules = tmp_path / "dbld" / "rules"
    rules.parent.mkdir()
    rules.write_text(
        "#!/usr/bin/make -f\nCONTAINER_REGISTRY ?= ghcr.io/syslog-ng\n\n"
        "image-devshell: image-tarball\nimage-%:\n"
        "\tdocker build -t ${CONTAINER_REGISTRY}/dbld-$* -f $*.dockerfile .\n"
    )
    rules.chmod(0o755)
    workflow = tmp_path / ".github" / "workflows" / "devshell.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    container: ghcr.io/syslog-ng/dbld-devshell:latest\n    steps:\n"
        "      - run: dbld/rules image-devshell\n"
    )
    monkeypatch.chdir(tmp_path)
    whole = find_references(".")
    (devshell,) = (o for o in whole if o.text == "ghcr.io/syslog-ng/dbld-devshell:latest")
    assert devshell.built is not None and devshell.built.path == "dbld/rules"
    alone = find_references(str(workflow.relative_to(tmp_path)))
    assert [o.built for o in alone if o.text == devshell.text] == [devshell.built]


def test_a_recipe_that_sets_variables_then_runs_a_program_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # grafana/loki's docs/docs.mk: `DOCS_IMAGE=$(VALE_IMAGE) $(CURDIR)/make-docs $(PROJECTS)`
    # (MIT-licensed grafana/writers-toolkit's make-docs runs "${DOCS_IMAGE}"): the run was
    # read only while a word of the absolute path happened to start with "do", and not at all
    # with a `$(CURDIR)` the recipe's text had not expanded yet.
    docs = tmp_path / "site+docs"
    docs.mkdir()
    (docs / "docs.mk").write_text(
        "VALE_IMAGE := grafana/vale:latest\n\nvale:\n"
        "\tDOCS_IMAGE=$(VALE_IMAGE) $(CURDIR)/make-docs $(PROJECTS)\n"
    )
    script = docs / "make-docs"
    script.write_text('#!/bin/sh\npodman run --rm "${DOCS_IMAGE:-grafana/docs-base:latest}"\n')
    script.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    found = [(o.text, o.context.get("run_by")) for o in find_references(".")]
    # (the script is read as the recipe runs it, not alone with its default)
    assert found == [("grafana/vale:latest", "site+docs/docs.mk:4")]


# containerd/containerd: .github/workflows/build-test-images.yml and
# integration/images/volume-copy-up/Makefile (Apache-2.0, cut down): the checkout is at a
# `path` in the workspace, the make command names its directory from $GITHUB_WORKSPACE, and
# the Windows image is built only when the command line gives REMOTE_DOCKER_URL.
CONTAINERD_WORKFLOW = """\
on: workflow_dispatch
jobs:
  images:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: src/github.com/containerd/containerd
    steps:
      - uses: actions/checkout@v4
        with:
          path: src/github.com/containerd/containerd
      - run: |
          make -C $GITHUB_WORKSPACE/src/github.com/containerd/containerd/images/copy-up \\
            build-registry REMOTE_DOCKER_URL=${{ env.PUBLIC_IP }}:2376
"""
CONTAINERD_MAKEFILE = """\
REMOTE_DOCKER_URL ?=
OS ?= linux
OSVERSION ?= 1809
ALL_OS = linux
ifneq ($(REMOTE_DOCKER_URL),)
ALL_OS += windows
BASE.windows := mcr.microsoft.com/windows/nanoserver
endif
BASE.linux := busybox:1.37.0
BASE := ${BASE.${OS}}

build-registry: $(addprefix sub-container-,$(ALL_OS))
sub-container-%:
\t$(MAKE) OS=$* container

container: .container-${OS}

.container-linux:
\tdocker buildx build -t ghcr.io/containerd/copy-up:2.1-linux --build-arg BASE=${BASE} .

.container-windows:
\tdocker build -t ghcr.io/containerd/copy-up:2.1-windows --build-arg BASE=${BASE}:${OSVERSION} \\
\t\t-f Dockerfile_windows .
"""


def test_a_ci_make_of_a_directory_in_the_workspace_builds_in_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # containerd: mcr.microsoft.com/windows/nanoserver was missed (6 pulls; survey 29a/30f)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "images.yml").write_text(CONTAINERD_WORKFLOW)
    images = tmp_path / "images" / "copy-up"
    images.mkdir(parents=True)
    (images / "Makefile").write_text(CONTAINERD_MAKEFILE)
    (images / "Dockerfile").write_text("ARG BASE\nFROM $BASE\n")
    (images / "Dockerfile_windows").write_text("ARG BASE\nFROM $BASE\n")
    monkeypatch.chdir(tmp_path)
    found = {o.text for o in find_references(".") if o.path == "images/copy-up/Dockerfile_windows"}
    assert "mcr.microsoft.com/windows/nanoserver:1809" in found


# wodby/docker4drupal@ded33f93 (trimmed): Makefile, tests/{10,11}/run.sh and compose.yml,
# .github/workflows/workflow.yml. The CI matrix gives DRUPAL_VER and PHP_VER to `make test`,
# whose recipe runs the script of the directory DRUPAL_VER names.
D4D_MAKEFILE = """\
DRUPAL_VER ?= 11
PHP_VER ?= 8.5

test:
\tcd ./tests/$(DRUPAL_VER) && PHP_VER=$(PHP_VER) ./run.sh
.PHONY: test

other:
\tcd ./tests/9 && PHP_VER=7.4 ./run.sh
"""
D4D_WORKFLOW = """\
on: push
jobs:
  test:
    strategy:
      matrix:
        drupal_ver: [ 11,10 ]
        php_ver: [ '8.5','8.4' ]
        exclude:
        - drupal_ver: 10
          php_ver: '8.5'
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v6
    - name: test
      env:
        DRUPAL_VER: ${{ matrix.drupal_ver }}
        PHP_VER: ${{ matrix.php_ver }}
      run: make test
"""


def d4d_project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(D4D_MAKEFILE)
    for version in ("9", "10", "11"):
        tests = tmp_path / "tests" / version
        tests.mkdir(parents=True)
        run = tests / "run.sh"
        run.write_text("#!/usr/bin/env bash\nset -e\ndocker compose up -d\n")
        run.chmod(0o755)
        (tests / "compose.yml").write_text(
            f'services:\n  php:\n    image: "wodby/drupal:{version}-${{PHP_VER}}-4.100.10"\n'
        )
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "workflow.yml").write_text(D4D_WORKFLOW)
    return tmp_path


def test_the_scripts_a_ci_make_s_recipe_runs_get_the_step_s_environment(
    tmp_path: Path,
) -> None:
    root = d4d_project(tmp_path)
    found = [o for o in find_references(str(root)) if o.kind == "compose"]
    resolved = {(o.path.split("tests/")[-1], o.text) for o in found if not o.unresolved}
    names = {text for _, text in resolved}
    # the matrix's legs (in their directories), and the Makefile's own default (11, 8.5)
    assert ("10/compose.yml", "wodby/drupal:10-8.4-4.100.10") in resolved
    assert {"wodby/drupal:11-8.4-4.100.10", "wodby/drupal:11-8.5-4.100.10"} <= names
    # an excluded leg, and a recipe of a goal the step does not make, run nothing
    assert "wodby/drupal:10-8.5-4.100.10" not in names
    assert "wodby/drupal:9-8.4-4.100.10" not in names
    # tests/10 is run by a command now: no unresolved PHP_VER there
    assert not [o for o in found if o.unresolved and "tests/10" in o.path]


def test_a_recipe_that_runs_make_again_is_read_once(tmp_path: Path) -> None:
    # vmware-tanzu/velero (d30d389b): its Makefile's recipes run `$(MAKE) shell CMD=…` and
    # `$(MAKE) build` again; a CI step's `make test` read the scripts of those recipes, whose
    # own `make` was read again, without end (RecursionError: no reference of the project)
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(
        "test:\n\t@$(MAKE) shell CMD=test\n\nshell:\n\t@$(MAKE) test\n\t./hack/run.sh\n"
    )
    hack = tmp_path / "hack"
    hack.mkdir()
    (hack / "run.sh").write_text("#!/usr/bin/env bash\ndocker run --rm alpine:3.20.3 true\n")
    (hack / "run.sh").chmod(0o755)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "test.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: make test\n"
    )
    found = {o.text for o in find_references(str(tmp_path))}
    assert "alpine:3.20.3" in found


def test_a_recipe_that_runs_make_again_in_a_growing_environment_is_read_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rabbitmq/rabbitmq-server (erlang.mk): the Makefile exports a variable it appends to
    # (`NO_AUTOPATCH += …`), and `make escript`'s recipe runs `$(MAKE) escript` again, so each
    # level's recipes got a longer value, a new environment: the scan never finished
    parses = _counting_parses(monkeypatch)
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(
        "export GROWN += plugin\n\nescript:\n\t@$(MAKE) escript\n\t./hack/run.sh\n"
    )
    hack = tmp_path / "hack"
    hack.mkdir()
    (hack / "run.sh").write_text("#!/usr/bin/env bash\ndocker run --rm alpine:3.20.3 true\n")
    (hack / "run.sh").chmod(0o755)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "test.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: make escript\n"
    )
    found = {o.text for o in find_references(str(tmp_path))}
    assert "alpine:3.20.3" in found
    # (a bounded number of parses: each reader of the Makefile reads `make escript` and one
    # `make escript` inside itself, MAX_MAKE_NESTING; before, it went on until RecursionError)
    assert 0 < sum(path.endswith("Makefile") for path in parses) <= 20


def test_a_ci_make_that_runs_compose_reads_it_in_each_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (redis/ioredis's form, through make: each matrix leg's REDIS_VERSION reaches the compose
    # file the recipe runs, a name the Makefile never writes; only the first leg's did, the
    # kept reading of `make setup` matched the others; survey s48f)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text("setup:\n\tdocker compose -f test/compose.yml up -d\n")
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "compose.yml").write_text(
        "services:\n  redis:\n    image: redislabs/client-libs-test:${REDIS_VERSION:-8.0.0}\n"
    )
    workflow = tmp_path / ".github" / "workflows" / "ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    strategy: {matrix: {redis: ['8.2', '8.4.0', '8.6.1']}}\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: make setup\n"
        "        env: {REDIS_VERSION: '${{ matrix.redis }}', OTHER: x}\n"
    )
    texts = {o.text for o in find_references(".")}
    assert texts == {
        f"redislabs/client-libs-test:{version}" for version in ("8.0.0", "8.2", "8.4.0", "8.6.1")
    }


# apache/solr-operator (trimmed): its e2e workflow runs `make e2e-tests SOLR_IMAGE=…
# KUBERNETES_VERSION=…`; the recipe runs tests/scripts/manage_e2e_tests.sh, which keeps those
# it is given and defaults the rest. GNU Make exports the command line's variables to the
# recipes' shells ("Communicating Variables to a Sub-make"), as it does its environment's.
SOLR_MAKEFILE = """\
IMG = apache/solr-operator
e2e-tests: export OPERATOR_IMAGE=$(IMG):dev
e2e-tests:
\t./tests/scripts/manage_e2e_tests.sh run-tests
"""
SOLR_SCRIPT = """\
#!/usr/bin/env bash
if [[ -z "${KUBERNETES_VERSION:-}" ]]; then
  KUBERNETES_VERSION="v1.33.7"
fi
if [[ -z "${SOLR_IMAGE:-}" ]]; then
  SOLR_IMAGE="solr:9.10.0"
fi
kind create cluster --image "kindest/node:${KUBERNETES_VERSION}"
docker pull "${SOLR_IMAGE}"
"""
SOLR_WORKFLOW = """\
on: push
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v4
    - run: make e2e-tests SOLR_IMAGE="solr:${{ matrix.solr }}" KUBERNETES_VERSION="v1.26.6"
    strategy:
      matrix:
        solr: [ '9' ]
"""


def test_a_ci_make_s_command_line_variables_reach_the_scripts_its_recipes_run(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(SOLR_MAKEFILE)
    scripts = tmp_path / "tests" / "scripts"
    scripts.mkdir(parents=True)
    (scripts / "manage_e2e_tests.sh").write_text(SOLR_SCRIPT)
    (scripts / "manage_e2e_tests.sh").chmod(0o755)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "e2e.yml").write_text(SOLR_WORKFLOW)
    found = {o.text for o in find_references(str(tmp_path)) if o.path.endswith(".sh")}
    # the CI run's values, and the script's own defaults (a developer's `make e2e-tests`)
    assert {"solr:9", "kindest/node:v1.26.6"} <= found
    assert {"solr:9.10.0", "kindest/node:v1.33.7"} <= found


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from tagsense.sources.builds import make

    parses: list[str] = []
    real_parse = make.MakeReader.parse

    def counting(self: make.MakeReader, text: str, path: str | None, depth: int = 0) -> None:
        if depth == 0:
            parses.append(str(path))
        real_parse(self, text, path, depth)

    monkeypatch.setattr(make.MakeReader, "parse", counting)
    return parses


def test_a_makefile_is_parsed_once_a_scan_for_commands_that_read_it_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # aquasecurity/tracee: its CI steps and scripts run `make` with many goals in as many
    # environments; each parsed the Makefile again (229 parses for a cold one-file check of
    # tests/e2e/common.sh). A parse is kept for the scan; an edited Makefile is parsed again
    # in the next.
    from tagsense.sources.builds import make

    make.forget()
    make._MADE.clear()
    parses = _counting_parses(monkeypatch)
    root = tmp_path / "p"
    root.mkdir()
    (root / "Makefile").write_text(MAKEFILE)

    def built(goal: str, environment: dict[str, str]) -> list[tuple[str, ...]]:
        found = make.make_run_builds(
            [goal], str(root), str(root), max_bytes=1 << 20, inputs={}, environment=environment
        )
        return [build.names for recipes in found for build in recipes[2]]

    assert built("docker-build", {"CI": "true"}) == [("controller",)]
    assert built("docker-push", {"CI": "true"}) == []
    assert built("docker-build", {"IDF_VER": "v5.3"}) == [("controller",)]
    assert len(parses) == 1
    (root / "Makefile").write_text(MAKEFILE.replace("controller:latest", "manager:v1.0.0"))
    make.forget()  # (a new scan: the Makefile is parsed again)
    make._MADE.clear()
    assert built("docker-build", {"CI": "true"}) == [("manager",)]
    assert len(parses) == 2


def test_a_kept_parse_is_each_caller_s_own_with_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (a reading changes its reader: `$(eval …)` setters, pattern instances; a variable of
    # the environment that the files never name is the caller's, exported to the recipes)
    from tagsense.sources.builds import make

    make.forget()
    parses = _counting_parses(monkeypatch)
    root = tmp_path / "p"
    root.mkdir()
    (root / "Makefile").write_text(MAKEFILE)
    file = str(root / "Makefile")

    def parsed(
        command_line: dict[str, str], environment: dict[str, str], goals: tuple[str, ...]
    ) -> make.MakeReader:
        reader = make._parsed(
            file, max_bytes=1 << 20, directory=str(root), command_line=command_line,
            environment=environment, depth=0, goals=goals,
        )  # fmt: skip
        assert reader is not None
        return reader

    first = parsed({}, {"BUILD_ID": "1"}, ("docker-build",))
    first.variables["IMG"].value = "changed:by-the-first"
    second = parsed({}, {"BUILD_ID": "2"}, ("docker-push",))
    assert len(parses) == 1
    assert second.expand("$(IMG)", ()) == "controller:latest"
    assert second.expand("$(BUILD_ID) $(MAKECMDGOALS)", ()) == "2 docker-push"
    assert "BUILD_ID" in second.exported
    assert "BUILD_ID" not in parsed({}, {}, ("docker-build",)).variables
    # (other command-line values, or a value of the environment the files name: another parse)
    assert parsed({"IMG": "acme/op:v1"}, {}, ("docker-build",)).expand("$(IMG)", ()) == (
        "acme/op:v1"
    )
    assert parsed({"IMG": "acme/op:v2"}, {}, ("docker-build",)).expand("$(IMG)", ()) == (
        "acme/op:v2"
    )
    assert parsed({}, {"IMG": "acme/op:v3"}, ("docker-build",)).expand("$(IMG)", ()) == (
        "acme/op:v3"
    )
    assert len(parses) == 4


GOALS_MAKEFILE = """\
ifneq ($(filter clean distclean,$(MAKECMDGOALS)),)
IMG := cleaner:1
else
IMG := builder:1
endif
docker-build:
\tdocker build -t $(IMG) .
"""


def test_a_kept_parse_serves_other_goals_and_depths_that_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rabbitmq/rabbitmq-server: its erlang.mk projects test `ifneq ($(filter distclean
    # distclean-deps,$(MAKECMDGOALS)),)` as they are read, and each recipe's `$(MAKE) GOAL`
    # (one level deeper) parsed them again: 1,086 parses for a cold one-file check of a
    # workflow. A parse is the same for goals its `$(filter …)` of them gives the same, at any
    # depth; goals read otherwise are each a parse of their own.
    from tagsense.sources.builds import make

    make.forget()
    parses = _counting_parses(monkeypatch)
    root = tmp_path / "p"
    root.mkdir()
    (root / "Makefile").write_text(GOALS_MAKEFILE)
    (root / "first.mk").write_text("GOAL := $(firstword $(MAKECMDGOALS))\n" + GOALS_MAKEFILE)

    def parsed(goals: tuple[str, ...] | None, depth: int, name: str = "Makefile") -> str:
        reader = make._parsed(
            str(root / name), max_bytes=1 << 20, directory=str(root), command_line={},
            environment={}, depth=depth, goals=goals,
        )  # fmt: skip
        assert reader is not None
        return reader.expand("$(IMG) $(MAKECMDGOALS)", ())

    assert parsed(("docker-build",), 0) == "builder:1 docker-build"
    assert parsed(("docker-push",), 2) == "builder:1 docker-push"
    assert parsed(("test", "lint"), 1) == "builder:1 test lint"
    assert len(parses) == 1
    assert parsed(("clean",), 1) == "cleaner:1 clean"
    assert parsed(("clean", "lint"), 0) == "cleaner:1 clean lint"
    assert len(parses) == 2
    assert "builder:1" not in parsed(None, 0)  # (the goals a run gives decide: read anew)
    assert len(parses) == 3
    assert parsed(("docker-build",), 0, "first.mk") == "builder:1 docker-build"
    assert parsed(("docker-push",), 1, "first.mk") == "builder:1 docker-push"
    assert len(parses) == 5


def test_a_kept_parse_read_at_another_depth_still_ends_its_sub_makes(tmp_path: Path) -> None:
    # (the depth is not part of what a parse keeps, but each reading bounds its sub-makes:
    # a Makefile whose recipes run `$(MAKE) GOAL` on itself, read first from deep down)
    from tagsense.sources.builds import make

    make.forget()
    (tmp_path / "Makefile").write_text(
        "a:\n\t$(MAKE) b\nb:\n\t$(MAKE) a\n\tdocker build -t acme/b:1 .\n"
    )
    root = str(tmp_path)
    for depth in (make._MAX_SUB_MAKE_DEPTH, 0):
        reading = make._made(
            make._SubMake((), None, {}, ("a",)), root, root, max_bytes=1 << 20,
            command_line={}, inputs={}, depth=depth,
        )  # fmt: skip
        assert reading is not None
        reader, goals = reading
        names = {build.names for recipes in reader.builds(root, goals) for build in recipes[2]}
        assert names == (set() if depth else {("acme/b",)})
