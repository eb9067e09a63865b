"""Pattern rules: the targets a Makefile names that each one makes, and the pattern-specific
variables a target has (GNU Make manual, "Defining and Redefining Pattern Rules", "How
Patterns Match", "Pattern-specific Variable Values").

A pattern rule (``image-%:``) runs for a target only a run's goals name; but the targets the
Makefile itself names that it matches are those the project's runs make: syslog-ng's
``dbld/rules`` says ``image-kira: image-ubuntu-focal`` and ``images: $(foreach image,$(IMAGES),
image-$(image))``, and ``image-%`` builds ``-f $(DBLD_DIR)/images/$*.dockerfile`` for each.
As GNU Make 3.82 and later choose:

- a target with a recipe of its own is made by it, not by a pattern rule, and so is a phony
  one (GNU Make skips the implicit rule search for a target ``.PHONY`` lists);
- of the pattern rules with a recipe that match a target, the one whose stem (what ``%``
  matches, never empty) is shortest, the first written on a tie;
- a target's pattern-specific variables are those of every pattern that matches it, the
  shortest stem first (``build/docker/apm-server-wolfi-%.txt: DOCKER_FILE_ARGS := -f
  packaging/docker/Dockerfile.wolfi`` over ``build/docker/%.txt``'s), after its own
  target-specific ones.

A bare ``%`` (a match-anything rule) matches every name, files too: it is left out here.
"""

from __future__ import annotations

from ._make_functions import stem_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["instances", "matching_patterns", "pattern_keys"]


def _stem(pattern: str, name: str) -> str | None:
    """What ``%`` matches when ``pattern`` makes ``name`` (not empty), else ``None``."""
    if pattern == "%" or "%" in name:
        return None
    stem = stem_of(pattern, name)
    return stem or None


def instances(
    names: Iterable[str], patterns: Iterable[str], explicit: set[str]
) -> dict[str, list[tuple[str, str]]]:
    """Each pattern (of rules with a recipe, in the order written) with the ``names`` it
    makes and their stems, in the order of ``names``; a name in ``explicit`` (a target with a
    recipe of its own) is made by none.

    >>> instances(["image-kira", "push-image-kira", "image-x"], ["image-%", "push-%"], {"image-x"})
    {'image-%': [('image-kira', 'kira')], 'push-%': [('push-image-kira', 'image-kira')]}
    """
    written = list(dict.fromkeys(patterns))
    found: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        if name in explicit:
            continue
        best: tuple[str, str] | None = None
        for pattern in written:
            stem = _stem(pattern, name)
            if stem is not None and (best is None or len(stem) < len(best[1])):
                best = (pattern, stem)
        if best is not None:
            found.setdefault(best[0], []).append((name, best[1]))
    return found


def matching_patterns(name: str, patterns: Iterable[str]) -> list[str]:
    """The ``patterns`` that match ``name``, the shortest stem first (the first written on a
    tie): the order in which its pattern-specific variables are looked up.

    >>> matching_patterns("build/docker/apm-server-wolfi-9.txt",
    ...                   ["build/docker/%.txt", "build/docker/apm-server-wolfi-%.txt", "x-%"])
    ['build/docker/apm-server-wolfi-%.txt', 'build/docker/%.txt']
    """
    found = [(len(stem), index, pattern) for index, pattern in enumerate(patterns)
             if (stem := _stem(pattern, name)) is not None]  # fmt: skip
    return [pattern for _, _, pattern in sorted(found)]


def pattern_keys(scopes: Mapping[str, object]) -> list[str]:
    """The keys of ``scopes`` that are patterns (``%`` in them, not ``%`` alone)."""
    return [key for key in scopes if "%" in key and key != "%"]
