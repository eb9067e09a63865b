"""Dagger: the images a Dagger pipeline written in Go starts its containers from
(sources.builds.dagger).

The fixtures are flipt-io/flipt's build module (survey 36c: its 26 ``From`` calls, 14 images,
were missed), cut down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds.dagger import container_images
from tagsense.sources.builds.node import scan_node_source
from tagsense.sources.builds.python import scan_python_source

if TYPE_CHECKING:
    from pathlib import Path

# from flipt-io/flipt@f1905b61b533b9c73c4c5c597b6c6646f12a5213 build/testing/test.go and
# build/internal/flipt.go (cut down)
FIXTURE = """\
package testing

import (
	"context"
	"fmt"

	"go.flipt.io/build/internal/dagger"
)

func Unit(ctx context.Context, client *dagger.Client, base *dagger.Container) {
	// create Redis service container
	redisSrv := client.Container().
		From("redis:alpine").
		WithExposedPort(6379)

	gitea := client.Container().
		From("gitea/gitea:1.21.1").
		WithExposedPort(3000)

	golang := dag.Container(dagger.ContainerOpts{
		Platform: dagger.Platform(platforms.Format(platform)),
	})
	baseImageRef := fmt.Sprintf("%s:golang-%s", registryCache[0], "base-1.26")
	cachedBase := golang.From(baseImageRef)
	golang = golang.From("golang:1.26-alpine").
		WithEnvVariable("GOCACHE", goBuildCachePath)
	runtime := base.From("alpine:3.24.1")
	// caCert := client.Container().From("commented/out:1")
	query := sq.Select("*").From("users")
}
"""


def found(text: str) -> list[tuple[int, int, str]]:
    return [(o.line, o.column, o.text) for o in container_images(text, "build/testing/test.go")]


def test_container_from_calls_are_pulled() -> None:
    # (an address made at run time is not read; nor a From that is no container's)
    assert found(FIXTURE) == [
        (13, 9, "redis:alpine"),
        (17, 9, "gitea/gitea:1.21.1"),
        (25, 24, "golang:1.26-alpine"),
        (27, 24, "alpine:3.24.1"),
    ]
    occurrence = container_images(FIXTURE, "test.go")[0]
    assert occurrence.kind == "dagger"
    assert dict(occurrence.context) == {"tool": "dagger", "call": "Container.From"}
    assert occurrence.normalized == "docker.io/library/redis:alpine"


def test_a_module_source_a_test_splices_an_image_into_is_not_an_image() -> None:
    # dagger/dagger's core/integration tests write the module they run in a raw string, the
    # image spliced in (`From("` + alpineImage + `")`) or left to fmt.Sprintf (`From("%s")`);
    # an image written whole there is the module's (7 false TS012 in survey s40b)
    text = (
        'package core\n\nimport "dagger.io/dagger"\n\nvar a = `func (m *Test) Ctr() '
        '*dagger.Container {\n\treturn dag.Container().From("` + alpineImage + `")\n}`\n'
        "var b = fmt.Sprintf(`func (m *Test) Ctr() *dagger.Container {\n"
        '\treturn dag.Container().From("%s").From("%[1]s")\n}`, img)\n'
        "var c = `func (m *Test) Ctr() *dagger.Container {\n"
        '\treturn dag.Container().From("alpine:3.20")\n}`\n'
    )
    assert [o.text for o in container_images(text, "core/integration/module_test.go")] == [
        "alpine:3.20"
    ]


# A Dagger module's function whose image parameter has a default (the shape of the Daggerverse's
# protoc-gen-doc module), and a package's constant (dagger/dagger's own tests' alpineImage)
MODULE = """\
package main

import (
	"dagger/protoc-gen-doc/internal/dagger"
)

const alpineImage = "alpine:3.20"

type ProtocGenDoc struct {
	Ctr *dagger.Container
}

func New(
	// Custom image reference in "repository:tag" format to use as a base container.
	// renovate image: datasource=docker depName=pseudomuto/protoc-gen-doc versioning=docker
	// +default="pseudomuto/protoc-gen-doc:1.5"
	Image string,
) *ProtocGenDoc {
	return &ProtocGenDoc{
		Ctr: dag.Container().From(Image),
	}
}

func (m *ProtocGenDoc) Base(c *dagger.Client) *dagger.Container {
	return c.Container().From(alpineImage)
}

func (m *ProtocGenDoc) Other(image string) *dagger.Container {
	return dag.Container().From(image).From(Version)
}
"""


def test_a_module_s_parameter_default_and_a_package_constant_are_pulled() -> None:
    # (a parameter without a default is the caller's; another file's constant is placed at
    # the name that gives it)
    assert found(MODULE) == [(7, 22, "alpine:3.20"), (16, 15, "pseudomuto/protoc-gen-doc:1.5")]


def test_a_sibling_s_constant_is_placed_at_its_name() -> None:
    from tagsense.sources.builds._go_source import go_file

    sibling = go_file('package main\n\nconst Version = "busybox:1.37"\n', "version.go")
    images = container_images(MODULE, "main.go", [sibling])
    assert [(o.line, o.column, o.raw, o.text) for o in images][-1] == (
        29,
        42,
        "Version",
        "busybox:1.37",
    )


def test_the_sdk_s_import_path_is_read_too() -> None:
    text = FIXTURE.replace('"go.flipt.io/build/internal/dagger"', '"dagger.io/dagger"')
    assert len(found(text)) == 4


def test_a_source_that_does_not_import_dagger_is_not_read() -> None:
    assert found(FIXTURE.replace("internal/dagger", "internal/other")) == []


def test_the_sdk_s_generated_sources_are_not_read() -> None:
    assert found("// Code generated by dagger. DO NOT EDIT.\n" + FIXTURE) == []


def test_a_pipeline_s_sources_are_found_in_a_walk(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    build = tmp_path / "build" / "testing"
    build.mkdir(parents=True)
    (build / "test.go").write_text(FIXTURE)
    (build / "other.go").write_text('package testing\n\nvar x = a.Container().From("b:1")\n')
    scanned = scan_paths([str(tmp_path)])
    assert sorted(o.text for o in scanned.occurrences) == [
        "alpine:3.24.1",
        "gitea/gitea:1.21.1",
        "golang:1.26-alpine",
        "redis:alpine",
    ]


# The Python SDK as Dagger's documentation writes a module (docs/current_docs/api/snippets,
# dagger/dagger), and an older pipeline's client.container()
PYTHON = """\
import dagger
from dagger import dag, function, object_type

BASE = "python:3.11-slim-buster"


@object_type
class MyModule:
    @function
    async def read_file(self, source: dagger.File) -> str:
        return await (
            dag.container()
            .from_("alpine:latest")
            .with_file("/tmp/myfile", source)
            .stdout()
        )

    def python(self, client: dagger.Client, version: str) -> dagger.Container:
        made = client.container().from_(f"python:{version}-alpine")
        return client.container().from_(BASE).with_exec(["python", "-V"])

    def other(self, thing) -> None:
        thing.from_("not/a:container")
"""


def test_python_sdk_container_from_calls_are_pulled() -> None:
    found = scan_python_source(PYTHON, path="src/main.py")
    assert [(o.line, o.column, o.text) for o in found] == [
        (4, 9, "python:3.11-slim-buster"),
        (13, 21, "alpine:latest"),
    ]
    assert found.occurrences[0].kind == "dagger"
    assert scan_python_source(PYTHON.replace("dagger", "other"), path="m.py").occurrences == ()


# The TypeScript SDK as Dagger's documentation writes a module
TYPESCRIPT = """\
import { dag, Container, object, func } from "@dagger.io/dagger"

const NODE = "node:20-slim"

@object()
class MyModule {
  @func()
  build(): Container {
    const parts = Array.from("abc")
    return dag.container().from("alpine:3.20").withExec(["apk", "add", "curl"])
  }

  @func()
  test(): Container {
    return dag
      .container()
      .from(NODE)
  }
}
"""


def test_typescript_sdk_container_from_calls_are_pulled() -> None:
    found = scan_node_source(TYPESCRIPT, path="src/index.ts")
    assert [(o.line, o.text) for o in found] == [(3, "node:20-slim"), (10, "alpine:3.20")]
    assert (
        scan_node_source(TYPESCRIPT.replace("@dagger.io/dagger", "x"), path="a.ts").occurrences
        == ()
    )


def test_python_and_typescript_modules_are_found_in_a_walk(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci" / "src").mkdir(parents=True)
    (tmp_path / "ci" / "src" / "main.py").write_text(PYTHON)
    (tmp_path / "ts" / "src").mkdir(parents=True)
    (tmp_path / "ts" / "package.json").write_text('{"dependencies": {"@dagger.io/dagger": "1"}}')
    (tmp_path / "ts" / "src" / "index.ts").write_text(TYPESCRIPT)
    scanned = scan_paths([str(tmp_path)])
    assert sorted(o.text for o in scanned.occurrences) == [
        "alpine:3.20",
        "alpine:latest",
        "node:20-slim",
        "python:3.11-slim-buster",
    ]


FRAGMENTS = ["client", ".Container()", ".From(", '"a:1"', "x", ")", "(", "\n", '"', " := ",
             '"dagger.io/dagger"', "*dagger.Container", "//", "/*", "`", ".", " "]  # fmt: skip


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_any_text_reads_without_raising(parts: list[str]) -> None:
    text = '"dagger.io/dagger"\n' + "".join(parts)
    for occurrence in container_images(text, "x.go"):
        assert occurrence.text
