"""Suppression comments in program sources (Testcontainers in Java, Go, JavaScript and Python
tests, Aspire AppHosts, Jib's Gradle scripts): each language's own comments, never a string."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources.builds._go_source import _tokens as go_tokens
from tagsense.sources.builds._node_source import _tokens as node_tokens
from tagsense.sources.builds._source_code import comment_suppressions, source_suppressions
from tagsense.sources.builds.python import scan_python_source

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

JAVA = """\
import org.testcontainers.containers.GenericContainer;
class T {
  // tagsense: ignore[TS001]
  GenericContainer<?> a = new GenericContainer<>("redis:latest");
  GenericContainer<?> b = new GenericContainer<>("nginx:latest"); /* tagsense: ignore[latest-tag] */
  String s = "// tagsense: ignore";
  GenericContainer<?> c = new GenericContainer<>("busybox:latest");
}
"""

GO = """\
package x

import (
\t"testing"

\t"github.com/testcontainers/testcontainers-go"
)

func TestX(t *testing.T) {
\t// tagsense: ignore[TS001]
\tc, _ := testcontainers.Run(ctx, "redis:latest")
\td, _ := testcontainers.Run(ctx, "nginx:latest")
\t_ = "/* tagsense: ignore */"
\t_ = c
\t_ = d
}
"""

TYPESCRIPT = """\
import { GenericContainer } from "testcontainers";
// tagsense: ignore[TS001]
const a = await new GenericContainer("redis:latest").start();
const u = `http://x // tagsense: ignore`;
const b = await new GenericContainer("nginx:latest").start();
"""

PYTHON = """\
from testcontainers.redis import RedisContainer

def test_a():
    # tagsense: ignore[TS001]
    with RedisContainer("redis:latest") as r:
        pass
    with RedisContainer("nginx:latest") as r:  # tagsense: ignore[TS001]
        pass
    s = "# tagsense: ignore"
    with RedisContainer("busybox:latest") as r:
        pass
"""


def _where(found: object) -> list[tuple[int, int, str, frozenset[str] | None]]:
    return [(s.line, s.column, s.text, s.keys) for s in found]  # type: ignore[attr-defined]


def test_java_line_and_block_comments_are_read_and_strings_are_not() -> None:
    assert _where(source_suppressions(JAVA, "T.java")) == [
        (3, 3, "// tagsense: ignore[TS001]", frozenset({"TS001"})),
        (5, 67, "/* tagsense: ignore[latest-tag]", frozenset({"latest-tag"})),
    ]


def test_go_comments_are_read_and_strings_are_not() -> None:
    assert _where(comment_suppressions(GO, go_tokens(), "x_test.go")) == [
        (10, 2, "// tagsense: ignore[TS001]", frozenset({"TS001"}))
    ]


def test_javascript_comments_are_read_and_template_literals_are_not() -> None:
    assert _where(comment_suppressions(TYPESCRIPT, node_tokens(), "a.test.ts")) == [
        (2, 1, "// tagsense: ignore[TS001]", frozenset({"TS001"}))
    ]


def test_python_comments_are_read_as_its_tokenizer_finds_them() -> None:
    scan = scan_python_source(PYTHON, path="test_a.py")
    assert _where(scan.suppressions) == [
        (4, 5, "# tagsense: ignore[TS001]", frozenset({"TS001"})),
        (7, 48, "# tagsense: ignore[TS001]", frozenset({"TS001"})),
    ]


def test_check_silences_only_what_the_comments_cover(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    java = tmp_path / "src" / "test" / "java"
    java.mkdir(parents=True)
    (java / "T.java").write_text(JAVA)
    (tmp_path / "go").mkdir()
    (tmp_path / "go" / "x_test.go").write_text(GO)
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "package.json").write_text('{"devDependencies": {"testcontainers": "1"}}')
    (tmp_path / "js" / "a.test.ts").write_text(TYPESCRIPT)
    (tmp_path / "py").mkdir()
    (tmp_path / "py" / "test_a.py").write_text(PYTHON)
    result = subprocess.run(
        [sys.executable, "-m", "tagsense", "check", "--format", "json", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "TAGSENSE_NO_CACHE": "1"},
        check=False,
    )
    findings = json.loads(result.stdout)["findings"]
    assert sorted((f["path"], f["reference"], f["code"]) for f in findings) == [
        ("go/x_test.go", "nginx:latest", "TS001"),
        ("js/a.test.ts", "nginx:latest", "TS001"),
        ("py/test_a.py", "busybox:latest", "TS001"),
        ("src/test/java/T.java", "busybox:latest", "TS001"),
    ]


@given(st.text(alphabet="/*\"'`\n tagsense:ignore[TS001]x", max_size=80))
def test_any_text_gives_suppressions_on_its_own_lines_and_never_raises(text: str) -> None:
    lines = text.count("\n") + 1
    for tokens in (go_tokens(), node_tokens()):
        for suppression in comment_suppressions(text, tokens, None):
            assert 1 <= suppression.line <= lines
            assert suppression.kind in ("ignore", "disable-file")
    for suppression in source_suppressions(text, None):
        assert 1 <= suppression.line <= lines
    scan_python_source("import testcontainers\n" + text, path=None)


def test_a_python_source_s_own_syntax_warnings_are_not_ours() -> None:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scan_python_source('import docker\nPATTERN = "\\d+"\n', path="test_re.py")
    assert [str(w.message) for w in caught] == []
