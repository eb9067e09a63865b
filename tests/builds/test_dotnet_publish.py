"""``dotnet publish -t:PublishContainer``: the image the .NET SDK's container build names is
built, not pulled (sources.builds._dotnet_publish, read by the shell reader)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.builds._dotnet_publish import published_names
from tagsense.sources.builds.shell import ShellReader

if TYPE_CHECKING:
    from pathlib import Path


def test_the_repository_and_registry_a_container_publish_is_given() -> None:
    # fullstackhero/dotnet-starter-kit's .github/workflows/backend.yml
    words = ["publish", "src/Api/Api.csproj", "-c", "Release", "/t:PublishContainer"]
    assert published_names([*words, "-p:ContainerRepository=fsh-db-migrator"]) == [
        "fsh-db-migrator"
    ]
    assert published_names(
        [
            *words,
            "-p:ContainerRegistry=ghcr.io",
            "-p:ContainerRepository=acme/fsh-api",
            '-p:ContainerImageTags="dev-1;dev-latest"',
        ]
    ) == ["ghcr.io/acme/fsh-api"]
    # (the profile instead of the target, properties joined with ";", the old name, any case)
    assert published_names(
        ["publish", "-p:PublishProfile=DefaultContainer;containerimagename=acme/app"]
    ) == ["acme/app"]
    assert published_names(["publish", "-t:Build;PublishContainer", "-p", "ContainerRepository=x"])
    assert published_names(
        ["publish", "--target:PublishContainer", "--property:ContainerRepository=y"]
    )


def test_what_builds_no_container_or_names_no_repository_names_nothing() -> None:
    assert published_names(["publish", "-p:ContainerRepository=acme/app"]) == []  # (no target)
    assert published_names(["publish", "/t:PublishContainer"]) == []  # (the project's own)
    assert published_names(["build", "/t:PublishContainer", "-p:ContainerRepository=a"]) == []
    assert published_names([]) == []


def test_a_workflow_runs_the_image_it_published(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "backend.yml").write_text(
        "on: push\njobs:\n  smoke:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n"
        "          dotnet publish src/Migrator/Migrator.csproj -c Release \\\n"
        "            /t:PublishContainer \\\n"
        "            -p:ContainerRepository=fsh-db-migrator \\\n"
        "            -p:ContainerImageTags=smoke\n"
        "      - run: docker run --rm fsh-db-migrator:smoke apply\n"
    )
    (found,) = find_references(tmp_path)
    assert found.text == "fsh-db-migrator:smoke"
    assert found.built is not None and found.built.line == 7
    (build,) = ShellReader().read("dotnet publish -t:PublishContainer -p:ContainerRepository=a/b")
    assert (build.engine, build.verb, build.names) == ("dotnet", "publish", ("a/b",))


@given(st.lists(st.text(max_size=40), max_size=8))
def test_any_words_are_read_without_raising(words: list[str]) -> None:
    for name in published_names(["publish", "-t:PublishContainer", *words]):
        assert name
