"""A Makefile's exported variables and a recipe's ``NAME=value`` prefix reach what its recipes
run: the scripts (in the directory a ``cd`` moves to, an absolute one the Makefile computes
too) and the ``make`` commands on the project's other Makefiles (GNU Make, "Communicating
Variables to a Sub-make": exported variables are in every recipe's environment; a sub-make's
``?=`` leaves a variable of its environment as it is, its ``=`` wins over it).

deepfence/ThreatMapper's root Makefile says ``PWD=$(shell pwd)``, ``export
DEEPFENCE_AGENT_DIR=$(PWD)/deepfence_agent``, ``export IMAGE_REPOSITORY?=quay.io/deepfenceio``
and ``export DF_IMG_TAG?=latest``; its ``agent`` recipe runs ``(cd $(DEEPFENCE_AGENT_DIR) &&
IMAGE_REPOSITORY=$(IMAGE_REPOSITORY) DF_IMG_TAG=$(DF_IMG_TAG) … bash build.sh)``, whose
``docker run $IMAGE_REPOSITORY/deepfence_builder_ce:$DF_IMG_TAG`` runs the builder the
Makefile's ``alpine_builder`` builds, and whose ``docker build --build-arg
IMAGE_REPOSITORY=…`` feeds the Dockerfile's ``FROM $IMAGE_REPOSITORY/…_scanner_ce``, images
the Makefile builds too; its ``server`` recipe runs ``(cd ./deepfence_server && VERSION=$(VERSION)
make image)``, whose Makefile builds ``$(IMAGE_REPOSITORY)/deepfence_server_ce:$(DF_IMG_TAG)``
without setting either (survey 48g: 11 false TS001, 5 own images not known as built).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources.builds.make import read_makefile

if TYPE_CHECKING:
    from pathlib import Path


def write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


HEAD = """\
PWD=$(shell pwd)
export AGENT_DIR=$(PWD)/agent
export IMAGE_REPOSITORY?=quay.io/acme
export DF_IMG_TAG?=latest

builder:
\tdocker build --tag=$(IMAGE_REPOSITORY)/builder_ce:$(DF_IMG_TAG) -f Dockerfile.builder .

scanner:
\tdocker build --tag=$(IMAGE_REPOSITORY)/scanner_ce:$(DF_IMG_TAG) -f Dockerfile.scanner .

"""
BUILD_SH = """\
#!/bin/bash
IMAGE_REPOSITORY=${IMAGE_REPOSITORY:-acmeio}
DF_IMG_TAG=${DF_IMG_TAG:-latest}
docker run --rm -v $(pwd):/src $IMAGE_REPOSITORY/builder_ce:$DF_IMG_TAG make
docker build --build-arg IMAGE_REPOSITORY="${IMAGE_REPOSITORY}" \\
  --tag=$IMAGE_REPOSITORY/agent_ce:$DF_IMG_TAG -f Dockerfile .
"""
AGENT_DOCKERFILE = """\
ARG IMAGE_REPOSITORY=acmeio
FROM $IMAGE_REPOSITORY/scanner_ce:latest AS scanner
FROM debian:13.2-slim
COPY --from=scanner /bin/scan /bin/scan
"""


def agent_project(root: Path, recipe: str) -> Path:
    return write(
        root,
        {
            "Makefile": f"{HEAD}agent:\n\t{recipe}\n",
            "Dockerfile.builder": "FROM golang:1.25.5-alpine3.23\n",
            "Dockerfile.scanner": "FROM alpine:3.23.2\n",
            "agent/build.sh": BUILD_SH,
            "agent/Dockerfile": AGENT_DOCKERFILE,
        },
    )


def seen(root: Path) -> dict[tuple[str, int], tuple[str | None, str | None]]:
    """Each reference by file and line: its resolved text and the tool that builds it."""
    found: dict[tuple[str, int], tuple[str | None, str | None]] = {}
    for o in find_references(str(root)):
        path = o.path.replace(str(root) + "/", "")
        found[(path, o.line)] = (o.text, o.built.tool if o.built is not None else None)
    return found


@pytest.mark.parametrize(
    "recipe",
    [
        # (ThreatMapper's: an absolute directory the Makefile computes, a subshell, a prefix)
        "(cd $(AGENT_DIR) &&\\\n\tIMAGE_REPOSITORY=$(IMAGE_REPOSITORY) DF_IMG_TAG=$(DF_IMG_TAG)"
        " bash build.sh)",
        "(cd $(AGENT_DIR) && bash build.sh)",  # (the exported variables alone)
        "cd $(CURDIR)/agent && ./build.sh",
        "cd agent && bash build.sh",
    ],
)
def test_a_script_run_in_the_makefile_s_directory_gets_its_exported_variables(
    tmp_path: Path, recipe: str
) -> None:
    root = agent_project(tmp_path, recipe)
    (root / "agent" / "build.sh").chmod(0o755)
    found = seen(root)
    # (the builder the Makefile builds, not Docker Hub's acmeio/builder_ce:latest)
    assert found[("agent/build.sh", 4)] == ("quay.io/acme/builder_ce:latest", "make")
    # (the script's --build-arg: the scanner the Makefile builds)
    assert found[("agent/Dockerfile", 2)] == ("quay.io/acme/scanner_ce:latest", "make")


def test_a_directory_written_out_in_the_makefile_is_the_machine_s(tmp_path: Path) -> None:
    # (an absolute path the file writes is where that machine keeps it, wherever it points)
    root = agent_project(tmp_path, f"(cd {tmp_path}/agent && bash build.sh)")
    found = seen(root)
    assert found[("agent/build.sh", 4)] == ("acmeio/builder_ce:latest", None)
    assert found[("agent/Dockerfile", 2)] == ("acmeio/scanner_ce:latest", None)


SERVER_MAKEFILE = """\
VERSION?=$(shell git describe --tags)
{assignment}
image:
\tdocker build --build-arg IMAGE_REPOSITORY=$(IMAGE_REPOSITORY) \\
\t  -t $(IMAGE_REPOSITORY)/server_ce:$(DF_IMG_TAG) ..
"""


@pytest.mark.parametrize(
    ("recipe", "assignment", "name"),
    [
        # (ThreatMapper's: the exported variables, through a subshell and a prefix)
        ("(cd ./server && VERSION=$(VERSION) make image)", "", "quay.io/acme/server_ce"),
        ("$(MAKE) -C server image", "", "quay.io/acme/server_ce"),
        ("cd server && env VERSION=1 make image", "", "quay.io/acme/server_ce"),
        # (its `?=` leaves the environment's value, its `=` wins over it)
        ("$(MAKE) -C server image", "IMAGE_REPOSITORY ?= acmeio", "quay.io/acme/server_ce"),
        ("$(MAKE) -C server image", "IMAGE_REPOSITORY = acmeio", "acmeio/server_ce"),
        # (the command's prefix over the exported value; the command line over both)
        (
            "cd server && IMAGE_REPOSITORY=ghcr.io/acme make image",
            "IMAGE_REPOSITORY ?= acmeio",
            "ghcr.io/acme/server_ce",
        ),
        (
            "$(MAKE) -C server image IMAGE_REPOSITORY=ghcr.io/acme",
            "IMAGE_REPOSITORY = acmeio",
            "ghcr.io/acme/server_ce",
        ),
    ],
)
def test_a_sub_make_gets_the_exported_variables_and_the_command_s_prefix(
    tmp_path: Path, recipe: str, assignment: str, name: str
) -> None:
    root = write(
        tmp_path,
        {
            "Makefile": f"{HEAD}server:\n\t{recipe}\n",
            "server/Makefile": SERVER_MAKEFILE.format(assignment=assignment),
            "Dockerfile": "ARG IMAGE_REPOSITORY\nFROM $IMAGE_REPOSITORY/builder_ce:latest\n",
        },
    )
    names = {image.name for image in read_makefile(str(root / "Makefile")).built}
    assert name in names
    configs = [c for c in read_makefile(str(root / "Makefile")).builds if name in c.tags]
    assert [dict(c.args).get("IMAGE_REPOSITORY") for c in configs] == [name.rsplit("/", 1)[0]]


def test_a_variable_the_makefile_does_not_export_is_not_the_sub_make_s(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "Makefile": "IMAGE_REPOSITORY?=quay.io/acme\nserver:\n\t$(MAKE) -C server image\n",
            "server/Makefile": SERVER_MAKEFILE.format(assignment="IMAGE_REPOSITORY ?= acmeio"),
        },
    )
    names = {image.name for image in read_makefile(str(root / "Makefile")).built}
    assert names == {"acmeio/server_ce"}


@pytest.mark.parametrize(
    ("command", "followed"),
    [
        ("(cd sub && make IMG=acme/app)", True),
        ("( cd sub && make IMG=acme/app )", True),
        ("(cd sub; make IMG=acme/app) && true", True),
        # (the subshell's `cd` ends with it)
        ("(cd sub) && make IMG=acme/app", False),
        ("(cd sub && true); make IMG=acme/app", False),
        ("(cd other && true); (cd sub && make IMG=acme/app)", True),
        # (`$(pwd)` closes its own parenthesis)
        ("(cd sub && make IMG=acme/app DIR=$$(pwd))", True),
        ("IMG=acme/app make -C sub", True),  # (its prefix, the sub-make's `?=`: the value)
        ("env IMG=acme/app make -C sub", True),
    ],
)
def test_a_subshell_s_directory_and_a_prefix_of_a_sub_make(
    tmp_path: Path, command: str, followed: bool
) -> None:
    write(
        tmp_path,
        {
            "Makefile": f"all:\n\t{command}\n",
            "sub/Makefile": "IMG ?= never/app\nimage:\n\tdocker build -t $(IMG) .\n",
            "sub/Dockerfile": "FROM alpine:3.22.1\n",
        },
    )
    names = [image.name for image in read_makefile(str(tmp_path / "Makefile")).built]
    assert names == (["acme/app"] if followed else [])


@pytest.mark.parametrize(
    "recipe",
    [
        "$(MAKE) -C sub image",
        "(cd sub && make image)",
        "cd sub && REG=quay.io/acme make image",
        # (a script's `make -C DIR`: the recipes run in DIR, not where the script runs)
        "bash hack/images.sh",
    ],
)
def test_the_scripts_a_sub_make_s_recipes_run_get_the_exported_variables(
    tmp_path: Path, recipe: str
) -> None:
    # (GNU Make passes its environment down: the sub-make's recipes run `./build.sh` in its
    # own directory, with `REG` from the top Makefile's export)
    root = write(
        tmp_path,
        {
            "Makefile": f"export REG?=quay.io/acme\nall:\n\t{recipe}\n",
            "sub/Makefile": "image:\n\t./build.sh\n",
            "sub/build.sh": "#!/bin/bash\ndocker run --rm $REG/builder:1.0 make\n"
            "docker build --build-arg REG=$REG -t $REG/app:1.0 .\n",
            "sub/Dockerfile": "ARG REG\nFROM $REG/base:1.0\n",
            "hack/images.sh": "#!/bin/bash\nset -e\nmake -C sub image\n",
        },
    )
    (root / "sub" / "build.sh").chmod(0o755)
    found = seen(root)
    assert found[("sub/build.sh", 2)] == ("quay.io/acme/builder:1.0", None)
    assert found[("sub/Dockerfile", 2)] == ("quay.io/acme/base:1.0", None)
    built = {image.name for image in read_makefile(str(root / "Makefile")).built}
    assert "quay.io/acme/app" in built
