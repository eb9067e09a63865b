"""``docker buildx create --driver-opt image=IMAGE`` runs its builder's BuildKit from IMAGE,
which buildx pulls when it boots the builder (docker's buildx ``create`` reference and its
drivers' pages: the ``docker-container`` driver, the default, and ``kubernetes`` take an
``image`` driver option; ``remote`` runs no container). Survey 46b: castopod's
``docker/production/.gitlab-ci.yml`` pins ``moby/buildkit:v0.27.1`` so, 2 missed pulls;
flyte's ``docker/devbox-bundled/Makefile`` and kas's ``scripts/build-container.sh`` too.
"""

from __future__ import annotations

import pytest

from tagsense.sources.builds.shell import ShellReader
from tagsense.sources.ci import scan_ci


def pulls(text: str) -> list[tuple[int, str, str]]:
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return sorted({(pull.line, pull.verb, pull.image) for pull in reader.pulls})


@pytest.mark.parametrize(
    "command",
    [
        "docker buildx create --name fast --driver-opt image=moby/buildkit:v0.27.1 --use",
        "docker buildx create --driver docker-container --driver-opt=image=moby/buildkit:v0.27.1",
        "docker buildx create --driver=kubernetes --driver-opt network=host,image=$BUILDKIT",
        'docker buildx create --driver-opt image="$BUILDKIT" --use',
    ],
)
def test_the_builder_image_is_pulled(command: str) -> None:
    text = 'BUILDKIT="moby/buildkit:v0.27.1"\n' + command + "\n"
    assert pulls(text) == [(2, "create", "moby/buildkit:v0.27.1")]


@pytest.mark.parametrize(
    "command",
    [
        "docker buildx create --name fast --use",  # (buildx's default image, not written)
        "docker buildx create --driver remote --driver-opt image=moby/buildkit:v0.27.1 tcp://b:1234",
        "docker buildx create --name fast --leave --node fast0",
        "docker buildx use fast",
    ],
)
def test_a_builder_without_an_image_of_its_own_pulls_nothing(command: str) -> None:
    assert pulls(command + "\n") == []


# castopod, docker/production/.gitlab-ci.yml (trimmed): the command folded over a list item.
CASTOPOD_JOB = """\
docker-build-release:
  image: docker:29.2-dind
  script:
    - docker buildx create
      --name fast-multiplatform
      --driver docker-container
      --driver-opt image=moby/buildkit:v0.27.1
      --use
      tls-environment
    - docker buildx build --push --tag castopod/castopod:latest .
"""


def test_a_ci_job_s_builder_image_is_found_where_it_is_written() -> None:
    scan = scan_ci(CASTOPOD_JOB, system="gitlab")
    found = [(o.text, o.line, o.column) for o in scan if o.kind == "shell"]
    assert found == [("moby/buildkit:v0.27.1", 7, 26)]
