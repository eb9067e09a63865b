"""The nearest directory up from a file's for which a test holds, memoised: a project's root
(its configuration, its ``.git``), a Bazel workspace, a Pants build root."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["nearest_up"]


def nearest_up(
    directory: str, memo: dict[str, str | None], here: Callable[[str], bool]
) -> str | None:
    """The nearest directory from ``directory`` up for which ``here`` holds; ``memo`` keeps
    the answer for each directory climbed (the files of one tree ask about the same ones)."""
    climbed: list[str] = []
    found: str | None = None
    current = directory
    while True:
        if current in memo:
            found = memo[current]
            break
        climbed.append(current)
        if here(current):
            found = current
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for step in climbed:
        memo[step] = found
    return found
