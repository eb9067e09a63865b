"""``while getopts OPTSTRING NAME; do … done`` in a script run with words known here.

jaegertracing/jaeger's ``build-upload-docker-images.sh`` runs ``bash
scripts/build/build-upload-a-docker-image.sh -b -c jaeger-remote-storage -d
cmd/remote-storage …``, whose ``while getopts "bc:d:f:hlop:t:" opt`` loop sets
``base_debug_img_arg`` in its ``b)`` arm and ``dir_arg=${OPTARG}`` in its ``d)`` arm: the
build after it reads ``cmd/remote-storage/Dockerfile`` with ``--build-arg
base_image=localhost:5000/baseimg_alpine:latest``. When the words a script is run with are
known, :class:`.shell.ShellReader` reads the loop's body once for each option they give
(:func:`options`, POSIX's ``getopts``: letters grouped after one ``-``, a letter followed by
``:`` in OPTSTRING takes the rest of its word or the next word, the first word that is no
option ends them), with ``NAME`` the letter and ``OPTARG`` its value, and of the ``case`` on
``NAME`` only the arm that matches runs. Options a run decides (a word only a run knows
where an option may be) leave the loop read as before.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

__all__ = ["header", "opens", "options"]

#: The first words of a ``while getopts`` loop.
_OPENS = lazy_pattern(r"\s*while\s+getopts\s")


def opens(chunk: str) -> bool:
    """Whether a line opens a ``while getopts`` loop.

    >>> opens('while getopts "bc:" opt; do'), opens("while true; do")
    (True, False)
    """
    return _OPENS.match(chunk) is not None


def header(commands: list[list[str]], following: str) -> tuple[str, str] | None:
    """The OPTSTRING (as written) and the variable of a ``while getopts`` line's loop (its
    commands' words; ``following``: the next line), or ``None`` when it is not one read so.

    >>> header([["while", "getopts", "bc:", "opt"], ["do"]], "")
    ('bc:', 'opt')
    >>> header([["while", "getopts", "bc:", "opt", "extra"], ["do"]], "")
    """
    if not commands or len(commands) > 2:
        return None
    words = commands[0]
    if len(words) != 4 or words[:2] != ["while", "getopts"]:
        return None
    if not words[3].isidentifier() or not words[3].isascii():
        return None
    opened = commands[1:] == [["do"]] or (len(commands) == 1 and following.strip() == "do")
    return (words[2], words[3]) if opened else None


def options(
    optstring: str, words: tuple[str, ...], unknown: str
) -> list[tuple[str, str | None]] | None:
    """The options ``getopts OPTSTRING`` reads from ``words``, in order: each letter, and its
    value (``None``: it takes none); a letter OPTSTRING does not have is ``?``. ``None``
    when a word where an option may be holds ``unknown`` (a run's part).

    >>> options("bc:d:", ("-b", "-c", "app", "-dcmd", "rest", "-b"), "?")
    [('b', None), ('c', 'app'), ('d', 'cmd')]
    >>> options("bl", ("-bl", "-x", "--", "-b"), "\\ue000")
    [('b', None), ('l', None), ('?', None)]
    >>> options("b", ("\\ue000",), "\\ue000") is None
    True
    """
    found: list[tuple[str, str | None]] = []
    index = 0
    while index < len(words):
        word = words[index]
        if unknown in word:
            return None
        if word == "--" or not word.startswith("-") or word == "-":
            break
        index += 1
        position = 1
        while position < len(word):
            letter = word[position]
            position += 1
            at = optstring.find(letter)
            if letter == ":" or at < 0:
                found.append(("?", None))
            elif optstring[at + 1 : at + 2] == ":":
                if position < len(word):
                    found.append((letter, word[position:]))
                elif index < len(words):
                    found.append((letter, words[index]))
                    index += 1
                else:
                    found.append(("?", None))  # (a value missing: getopts says so)
                break
            else:
                found.append((letter, None))
    return found
