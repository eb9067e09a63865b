"""Dagger modules and programs: the images their pipelines' containers start from
(sources.builds.dagger)."""

from __future__ import annotations

from pathlib import Path

from tagsense import check
from tagsense.sources import scan_paths

DATA = Path(__file__).parent.parent / "data" / "dagger"

# A Python module's functions, as Dagger's documentation writes them (`dagger init
# --sdk=python`'s template).
PYTHON = """\
import dagger
from dagger import dag, function, object_type


@object_type
class MyModule:
    @function
    def container_echo(self, string_arg: str) -> dagger.Container:
        return dag.container().from_("alpine:latest").with_exec(["echo", string_arg])

    @function
    def build_env(self, source: dagger.Directory) -> dagger.Container:
        return (
            dag.container()
            .from_("python:3.13-slim")  # the build's base
            .with_directory("/src", source)
        )
"""
# A TypeScript module's (`dagger init --sdk=typescript`), and an `Array.from` of a string.
TYPESCRIPT = """\
import { dag, Container, Directory, object, func } from "@dagger.io/dagger"

@object()
export class MyModule {
  @func()
  buildEnv(source: Directory): Container {
    const letters = Array.from("abc")
    return dag
      .container()
      .from("node:21-slim")
      .withDirectory("/src", source)
  }
}
"""
# A Go program connected to the engine (`dagger run go run ci/main.go`), and a name only a
# run knows.
GO_PROGRAM = """\
package main

import (
	"context"

	"dagger.io/dagger"
)

func main() {
	client, _ := dagger.Connect(context.Background())
	golang := client.Container(dagger.ContainerOpts{Platform: "linux/amd64"}).From("golang:1.23")
	other := client.Container().From(image)
	_ = golang
	_ = other
}
"""


def test_modules_are_found_in_a_scan(tmp_path: Path) -> None:
    # (a module's sources in `.dagger`, which the go tool would leave out; one that uses the
    # generated `dag` without importing the package, beside the module's dagger.json)
    module = tmp_path / ".dagger"
    module.mkdir()
    (tmp_path / "dagger.json").write_text(
        '{"name": "ci", "sdk": {"source": "go"}, "source": ".dagger"}'
    )
    (module / "pelias.go").write_text((DATA / "pelias.go").read_text())
    (module / "check.go").write_text(
        "package main\n\nfunc (m *Ci) Check() *Container {\n"
        '\treturn dag.Container().From("alpine:3.20")\n}\n'
    )
    (tmp_path / "other.go").write_text(
        'package main\n\nfunc f() { dag.Container().From("alpine:3.20") }\n'
    )
    python = tmp_path / "ci"
    python.mkdir()
    (python / "main.py").write_text(PYTHON)
    scan = scan_paths([str(tmp_path)])
    assert sorted((Path(o.path).name, o.line, o.text) for o in scan) == [
        ("check.go", 4, "alpine:3.20"),
        ("main.py", 9, "alpine:latest"),
        ("main.py", 15, "python:3.13-slim"),
        ("pelias.go", 18, "pelias/whosonfirst:master"),
        ("pelias.go", 30, "pelias/schema:master"),
        ("pelias.go", 36, "pelias/elasticsearch:8.12.2-beta"),
        ("pelias.go", 41, "debian:bookworm-slim"),
    ]
    codes = sorted(f.code for f in check(scan) if f.code != "TS006")  # (TS006: as of today)
    assert codes == ["TS001", "TS003", "TS003", "TS004", "TS005"]


def test_a_go_module_a_documentation_page_shows_is_not_read(tmp_path: Path) -> None:
    # dagger/dagger's docs/current_docs/**/snippets/NAME/go/main.go and the copies of old
    # versions' pages in Docusaurus' docs/versioned_docs/version-*/: Dagger modules a page
    # shows, which no test runs (464 findings, survey s40b), as Python's and Node's there.
    for where in ("docs/extending/snippets/cache/go", "docs/versioned_docs/version-0.21.4/go"):
        module = tmp_path / where
        module.mkdir(parents=True)
        (module / "dagger.json").write_text('{"name": "cache", "sdk": {"source": "go"}}')
        (module / "main.go").write_text(
            "package main\n\nfunc (m *Cache) Build() *Container {\n"
            '\treturn dag.Container().From("golang:latest")\n}\n'
        )
    # (a test there is the module's when `go test ./...` runs it)
    (tmp_path / "docs" / "examples_test.go").write_text(
        GO_PROGRAM.replace("package main", "package docs")
    )
    scan = scan_paths([str(tmp_path)])
    assert sorted((Path(o.path).name, o.text) for o in scan) == [
        ("examples_test.go", "golang:1.23")
    ]
