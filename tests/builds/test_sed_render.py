"""``sed`` substitutions applied to a file's lines (``._sed_render``), as GNU sed applies them."""

from __future__ import annotations

import doctest

import pytest

from tagsense.sources.builds import _compose_cmd, _dotenv_writes, _sed_render, _shell_documents
from tagsense.sources.builds._sed_render import in_place_script, render, sed_script
from tagsense.sources.builds._shell_values import UNKNOWN


def rendered(arguments: list[str], text: str) -> str | None:
    parsed = sed_script(arguments)
    return None if parsed is None else render(parsed[0], text)


@pytest.mark.parametrize(
    ("arguments", "text", "expected"),
    [
        # loomio/loomio-deploy's create_env.sh: several -e, `|` delimiters, lines kept
        (["-e", "s|HOST|example.org|g", "-e", "s|MAIL|a@b|g", "t"], "A=HOST\nB=x\nC=MAIL\n",
         "A=example.org\nB=x\nC=a@b\n"),
        # one script of several commands, the first match only without `g`
        (["s/a/b/; s/c/d/", "t"], "aa cc", "ba dc"),
        (["--expression=s/K8S_VERSION/v1.36.1/g", "t"], "image: kindest/node:K8S_VERSION",
         "image: kindest/node:v1.36.1"),
        # groups, `&`, an escaped delimiter, an extended expression, the Nth match on
        (["-E", r"s/(v[0-9]+)\.x/\1.0 (&)/", "t"], "tag v2.x", "tag v2.0 (v2.x)"),
        ([r"s/a\/b/c/", "t"], "a/b", "c"),
        (["s/x/y/2", "t"], "xxx", "xyx"),
        (["s/x/y/2g", "t"], "xxx", "xyy"),
        (["s/tag/TAG/I", "t"], "Tag", "TAG"),
    ],
)  # fmt: skip
def test_substitutions_are_applied_line_by_line(
    arguments: list[str], text: str, expected: str
) -> None:
    assert rendered(arguments, text) == expected


def test_a_replacement_a_run_gives_leaves_only_its_lines_unknown() -> None:
    text = rendered(["-e", f"s|SECRET|{UNKNOWN}|g", "t"], "TAG=17\nPASSWORD=SECRET\n")
    assert text == f"TAG=17\nPASSWORD={UNKNOWN}\n"


@pytest.mark.parametrize(
    "arguments",
    [
        ["-n", "s/a/b/p", "t"],  # (prints only some lines)
        ["-i", "s/a/b/", "t"],  # (in place: writes no output)
        ["-f", "script.sed", "t"],
        ["/^#/d", "t"],  # (an address, another command)
        ["s/a/b/w out", "t"],
        [f"s/{UNKNOWN}/b/", "t"],  # (which lines change is a run's)
        [r"s/a/\U&/", "t"],  # (GNU's case conversion)
        ["s/a/b", "t"],  # (unterminated)
        [],
    ],
)
def test_what_is_not_only_substitutions_is_not_read(arguments: list[str]) -> None:
    assert sed_script(arguments) is None


def test_files_are_the_operands_after_the_script() -> None:
    parsed = sed_script(["-e", "s/a/b/", "one.env", "two.env"])
    assert parsed is not None and parsed[1] == ["one.env", "two.env"]
    parsed = sed_script(["s/a/b/"])
    assert parsed is not None and parsed[1] == []  # (the standard input)


@pytest.mark.parametrize(
    ("arguments", "files"),
    [
        (["-i", "s|^TAG=.*|TAG=v2|", ".env"], [".env"]),  # (GNU sed)
        (["-i", "", "-e", "s#^TAG.*#TAG=v2#", ".env"], [".env"]),  # (BSD sed's `-i ''`)
        (["-i.bak", "-e", "s/^TAG=.*/TAG=v2/", "a/.env", "b/.env"], ["a/.env", "b/.env"]),
        (["-Ei", r"s/^(TAG)=.*/\1=v2/", ".env"], [".env"]),
        (["--in-place=.orig", "s/^TAG=.*/TAG=v2/", ".env"], [".env"]),
        (["-e", "s/^TAG=.*/TAG=v2/", "-i", ".env"], [".env"]),
    ],
)  # fmt: skip
def test_an_in_place_edit_applies_its_substitutions_to_each_file(
    arguments: list[str], files: list[str]
) -> None:
    parsed = in_place_script(arguments)
    assert parsed is not None
    commands, edited = parsed
    assert edited == files
    assert render(commands, "IMAGE=app\nTAG=v1\n") == "IMAGE=app\nTAG=v2\n"


@pytest.mark.parametrize(
    "arguments",
    [
        ["s/a/b/", ".env"],  # (not in place: what sed_script reads)
        ["-i", "/^GEO/d", ".env"],  # (another command)
        ["-i", "s/a/b/"],  # (no file: sed reads its standard input, edits nothing)
        ["-n", "-i", "s/a/b/p", ".env"],
    ],
)
def test_what_is_no_in_place_substitution_is_not_read(arguments: list[str]) -> None:
    assert in_place_script(arguments) is None


@pytest.mark.parametrize("module", [_sed_render, _shell_documents, _compose_cmd, _dotenv_writes])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.failed == 0
