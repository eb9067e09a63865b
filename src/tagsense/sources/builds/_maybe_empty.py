"""Unquoted words that may expand to no word at all before an engine's image.

``docker run --rm ${TEST_DOCKER_OPTIONS:-} ${TEST_IMAGE:-gristlabs/grist}`` (gristlabs/grist-core's
``test/test_under_docker.sh``): an unquoted expansion is split into words by the shell, and an
empty one is no word at all (POSIX, *Field Splitting*: an empty field of an unquoted expansion is
removed). When a run leaves it empty, the image is the next word; when it holds options, they
come before the image, which is still the first word after them that is not an option. So a
``run``'s image is read with such a word taken for zero or more option words, where reading it
as the image gives none: only an unquoted word that is one variable, whose value only a run
knows, written with an empty default (``${NAME:-}``, ``${NAME-}``: the script says it may be
empty) or named for options (``$DOCKER_OPTS``, ``${EXTRA_ARGS}``), and not named for an image.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ._shell_values import SPLIT, UNKNOWN, plain_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["optional_words"]

_LONE = lazy_pattern(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(:?-)?\}|([A-Za-z_][A-Za-z0-9_]*))")
#: A variable's name that says it holds a command's options.
_OPTIONS_NAME = lazy_pattern(
    r"(?i)(?:^|_)(?:opts?|options?|args?|arguments|flags?|params?|parameters|extra)(?:_|$)"
)
#: A variable's name that says it holds an image, or a part of one: it is the image.
_IMAGE_NAME = lazy_pattern(r"(?i)image|img|(?:^|_)(?:repo|repository|tag|version|registry)(?:_|$)")


def optional_words(
    words: list[str], expand: Callable[[str], list[str]]
) -> tuple[list[str], bool] | None:
    """``words`` (a command's, as split) without the unquoted ones that may be no word or
    options (see the module), and whether every one of those is named for options (else one
    is only written with an empty default); ``None`` when there is none. ``expand``: the
    words one word is, its variables put in.

    >>> unknown = lambda word: [UNKNOWN]
    >>> optional_words(["run", "--rm", SPLIT + "${OPTS:-}", "redis:6"], unknown)
    (['run', '--rm', 'redis:6'], True)
    >>> optional_words(["run", SPLIT + "${X:-}", "a:1"], lambda word: [""])
    (['run', 'a:1'], False)
    >>> optional_words(["run", SPLIT + "$IMAGE", "sh"], unknown) is None
    True
    >>> optional_words(["run", "${OPTS:-}", "a:1"], unknown) is None  # (quoted: one word)
    True
    >>> optional_words(["run", SPLIT + "$X", "a:1"], unknown) is None  # (no sign it may be none)
    True
    >>> optional_words(["run", SPLIT + "$TARGET", SPLIT + "${IMAGE_ARGS}", "a:1"], unknown) is None
    True
    """
    kept: list[str] = []
    dropped = False
    named = True
    for word in words:
        found = _LONE.fullmatch(word[1:]) if word.startswith(SPLIT) else None
        if found is None:
            kept.append(word)
            continue
        name = found.group(1) or found.group(3)
        options = _OPTIONS_NAME.search(name) is not None
        if _IMAGE_NAME.search(name) is not None or not (options or found.group(2)):
            kept.append(word)
            continue
        if not all(plain_text(expanded) in (UNKNOWN, "") for expanded in expand(word)):
            kept.append(word)  # (a value the script gives: read as it is)
            continue
        dropped = True
        named = named and options
    return (kept, named) if dropped else None
