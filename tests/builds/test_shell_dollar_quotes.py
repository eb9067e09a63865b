"""Dollar-single-quoted text (``$'…'``, bash's "ANSI-C Quoting", POSIX.1-2024's
"Dollar-Single-Quotes") is one quoted word in which a backslash escapes the character after
it, ``\\'`` too (survey s48c, Azure/iotedge: 5 missed images).

iotedge's ``edgelet/build/linux/package.sh`` sets ``DOCKER_IMAGE`` in a ``case`` on the
package's OS (``redhat/ubi8:latest``, ``…/ubuntu:24.04``…), then writes the set-up commands as
``SETUP_COMMAND=$'… git config --global --add safe.directory \\'*\\' …'``: read as a plain
single quote, the ``\\'`` closed it and the next ``'`` opened one that never closed, so the rest
of the script, its ``docker run … "$DOCKER_IMAGE"`` too, was left unread.
"""

from __future__ import annotations

from tagsense.sources.builds._shell_text import prepare, prepare_open, split_words
from tagsense.sources.builds.shell import ShellReader


def pulls(text: str) -> list[tuple[int, str]]:
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return sorted({(pull.line, pull.image) for pull in reader.pulls})


def test_an_escaped_quote_does_not_end_the_text() -> None:
    text = "X=$'it\\'s'\ndocker run --rm alpine:3.19 echo \"$X\"\n"
    assert prepare_open(text)[1] == ""
    assert pulls(text) == [(2, "alpine:3.19")]


def test_the_lines_after_a_multi_line_text_are_read() -> None:
    text = (
        'case "$PACKAGE_OS" in\n'
        "    redhat8) DOCKER_IMAGE='redhat/ubi8:latest' ;;\n"
        "    debian12) DOCKER_IMAGE='debian:bookworm-slim' ;;\n"
        "esac\n"
        "SETUP_COMMAND=$'\n"
        "    apt-get update &&\n"
        "    git config --global --add safe.directory \\'*\\'\n"
        "'\n"
        'docker run --rm -i "$DOCKER_IMAGE" sh -c "$SETUP_COMMAND"\n'
    )
    assert pulls(text) == [(9, "debian:bookworm-slim"), (9, "redhat/ubi8:latest")]


def test_the_word_is_what_the_shell_makes_of_it() -> None:
    # (escapes stand for their characters; a `$` in it is no expansion)
    prepared, complete = prepare("printf $'a\\'b\\tc $HOME \\x41\\101' next")
    assert complete
    assert split_words(prepared) is not None
    words = split_words(prepared) or []
    assert words[0] == "printf"
    assert words[1].replace("\ue001", "$") == "a'b\tc $HOME AA"
    assert words[2] == "next"


def test_in_double_quotes_it_is_no_such_text() -> None:
    # (`"$'x'"` is the five characters: the double quotes keep the `$` and the quotes)
    prepared, complete = prepare("echo \"$'x'\" done")
    assert complete
    assert split_words(prepared) == ["echo", "$'x'", "done"]


def test_an_unclosed_text_leaves_a_quote_open() -> None:
    assert prepare_open("X=$'abc \\' def")[1] == "'"


def test_a_substitution_holding_one_ends_where_the_shell_ends_it() -> None:
    # (the `)` inside the quoted text is no end of the substitution)
    text = "V=$(printf $'%s\\') x' a)\ndocker pull busybox:1.36\n"
    assert prepare_open(text)[1] == ""
    assert pulls(text) == [(2, "busybox:1.36")]
