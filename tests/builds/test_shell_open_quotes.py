"""A long single-quoted text (``sh -c '…'`` over many lines) is read once, not once a line
(survey 34, mockserver: 2 missed images).

mockserver's ``.buildkite/scripts/steps/helm-validate.sh`` runs ``run-in-docker.sh -i
alpine/helm:3.17.3 --entrypoint sh -- -c '…'`` with a 40-line script in the quote: the
reader joined each next line to the open command and read it all again, so the work grew
with the square of the quote's length and its budget ran out before the quote closed.
"""

from __future__ import annotations

from tagsense.sources.builds._shell_text import prepare, prepare_open
from tagsense.sources.builds.shell import ShellReader


def pulls(text: str) -> list[tuple[int, str]]:
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return sorted({(pull.line, pull.image) for pull in reader.pulls})


def quoted_script(lines: int) -> str:
    body = "".join(
        f'    helm template test-release "chart-{i}" --set a.b={i} > /dev/null || e=$((e + 1))\n'
        for i in range(lines)
    )
    return "docker run --rm --entrypoint sh alpine/helm:3.17.3 -c '\n" + body + "'\n"


def test_the_command_of_a_long_single_quoted_script_is_read() -> None:
    text = quoted_script(60) + "docker pull busybox:1.36\n"
    assert pulls(text) == [(1, "alpine/helm:3.17.3"), (63, "busybox:1.36")]


def test_a_line_that_closes_the_quote_ends_it() -> None:
    # (a `'` on a later line closes the quote, however the line goes on)
    text = "docker run alpine:3.20 sh -c '\n  echo a\n  echo b' && docker pull busybox:1.36\n"
    assert pulls(text) == [(1, "alpine:3.20"), (1, "busybox:1.36")]


def test_what_a_text_leaves_open() -> None:
    assert [prepare_open(text)[1] for text in ("a 'b", 'a "b', "a $(b", "a `b", "a 'b'")] == [
        "'",
        '"',
        "$(",
        "`",
        "",
    ]
    assert prepare("a 'b") == (prepare_open("a 'b")[0], False)
