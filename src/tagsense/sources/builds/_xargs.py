"""The commands ``xargs`` runs with a here-document's words (POSIX ``xargs``, GNU findutils).

``xargs [OPTIONS] COMMAND [ARGS] <<EOF`` runs ``COMMAND ARGS`` with the words of its input put
after them: all at once, or ``-n N`` (``-L N``: lines) at a time. An installer's image list is
often pulled so: rancher/rke2's ``scripts/build-images`` runs ``xargs -n1 -t $PULL_CMD_CORE <<
EOF`` with ``PULL_CMD_CORE="docker image pull --quiet"`` and one image a line, the images its
airgap bundle holds. With ``-I`` (a word replaced), ``-d`` (other separators) or ``-a`` (another
input) the input is not read here.

>>> runs(["xargs", "-n1", "-t", "docker", "pull"], [(4, "  a:1 b:2"), (5, "c:3")])
(['docker', 'pull'], [(4, ['a:1']), (4, ['b:2']), (5, ['c:3'])])
>>> runs(["xargs", "podman", "pull"], [(4, "a:1"), (5, "b:2")])
(['podman', 'pull'], [(4, ['a:1', 'b:2'])])
>>> runs(["xargs", "-L", "1", "docker", "tag"], [(4, "a:1 b:1"), (5, ""), (6, "c:1 d:1")])
(['docker', 'tag'], [(4, ['a:1', 'b:1']), (6, ['c:1', 'd:1'])])
>>> runs(["xargs", "-I", "{}", "docker", "pull", "{}"], [(4, "a:1")]) is None
True
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["runs"]

#: The options that take a value (``-n 1`` or ``-n1``; ``--max-args=1``).
_VALUES = frozenset({"-n", "-L", "-P", "-s", "-E", "-e", "--max-args", "--max-lines"})
_VALUES |= frozenset({"--max-procs", "--max-chars", "--eof"})
#: The options after which the input is not the command's words as read here.
_OTHER_INPUT = frozenset({"-I", "-i", "--replace", "-d", "--delimiter", "-a", "--arg-file", "-0"})
_OTHER_INPUT |= frozenset({"--null"})
#: The most commands read for one ``xargs`` (an image list is a few dozen).
_MAX_RUNS = 256


def runs(
    words: Sequence[str], lines: Sequence[tuple[int, str]]
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The command ``xargs`` (``words``, its own first) runs, and the input's words of each
    run of it (``lines``: each line's number and text), with the line of its first word;
    ``None`` when the input is not read as words here (see the module)."""
    index, per_run, by_lines = 1, 0, False
    while index < len(words) and words[index].startswith("-") and words[index] != "-":
        word = words[index]
        if word == "--":
            index += 1
            break
        option, equals, value = word.partition("=")
        short = option[:2] if not option.startswith("--") else option
        if short in _OTHER_INPUT or option in _OTHER_INPUT:
            return None
        if option in _VALUES and not equals:
            index += 1
            value = words[index] if index < len(words) else ""
        elif short in _VALUES and not option.startswith("--"):
            value = option[2:]
        if short in ("-n", "-L", "--max-args", "--max-lines"):
            if not value.isdigit() or int(value) < 1:
                return None
            per_run = int(value)
            by_lines = short in ("-L", "--max-lines")
        index += 1
    command = list(words[index:])
    if not command:
        return None  # (`echo` by default: nothing run)
    if by_lines:  # (`-L N`: the words of N lines that have any)
        given = [(number, text.split()) for number, text in lines if text.split()]
        groups = [given[start : start + per_run] for start in range(0, len(given), per_run)]
        fed = [(group[0][0], [word for _, words in group for word in words]) for group in groups]
        return command, fed[:_MAX_RUNS]
    items = [(number, word) for number, text in lines for word in text.split()]
    step = per_run or len(items) or 1
    fed = [
        (items[start][0], [word for _, word in items[start : start + step]])
        for start in range(0, len(items), step)
    ]
    return command, fed[:_MAX_RUNS]
