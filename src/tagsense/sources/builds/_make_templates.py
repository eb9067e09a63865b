"""Targets named after a template of variables: the values a rule's target says its recipe
runs with.

A Makefile may write one rule for each value of a variable and reach them through a
prerequisite made of that variable: containerd's ``integration/images/*/Makefile`` says
``container: .container-${OS}-$(ARCH)``, then ``.container-linux-$(ARCH):`` and
``.container-windows-$(ARCH):``. The second runs only when ``OS`` is ``windows`` (``make
OS=windows … container``, from its ``sub-container-%`` goals), where ``BASE :=
${BASE.${OS}}`` is Windows' nanoserver; read with the file's ``OS ?= linux`` it would build
the Windows Dockerfile from ``busybox``. :func:`bindings` gives the values a written
prerequisite's variables must have for it to name a target; the reader reads such a rule
with them, as ``make`` given them on its command line reads it.
"""

from __future__ import annotations

import functools
import re

from ..._lazy import lazy_pattern

__all__ = ["bindings", "is_template"]

#: A reference to a variable in a written prerequisite: ``$(NAME)``, ``${NAME}``.
_REFERENCE = lazy_pattern(r"\$\(([A-Za-z_][\w.]*)\)|\$\{([A-Za-z_][\w.]*)\}")
#: What a variable's value may be to be read off a target's name: one word of a name.
_VALUE = r"[\w.]+"


def is_template(word: str) -> bool:
    """Whether a written prerequisite is text and variables only, with text (a template).

    >>> is_template(".container-${OS}-$(ARCH)"), is_template("$(IMAGES)"), is_template("$(x y)")
    (True, False, False)
    """
    parts = _REFERENCE.split(word)
    literal = "".join(part for part in parts[::3] if part)
    return bool(literal) and "$" not in literal and _REFERENCE.search(word) is not None


@functools.lru_cache(maxsize=1024)
def _compiled(template: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """A template as a pattern of the names it makes, with its variables in order."""
    pattern: list[str] = []
    names: list[str] = []
    position = 0
    for found in _REFERENCE.finditer(template):
        pattern.append(re.escape(template[position : found.start()]))
        pattern.append(f"({_VALUE})")
        names.append(found.group(1) or found.group(2))
        position = found.end()
    pattern.append(re.escape(template[position:]))
    return re.compile("".join(pattern)), tuple(names)


def bindings(template: str, target: str) -> dict[str, str] | None:
    """The value each variable of ``template`` has when it names ``target``; ``None`` when
    it cannot (or one variable would need two values).

    >>> bindings(".container-${OS}-$(ARCH)", ".container-windows-amd64")
    {'OS': 'windows', 'ARCH': 'amd64'}
    >>> bindings(".container-${OS}-$(ARCH)", "container") is None
    True
    """
    compiled, names = _compiled(template)
    matched = compiled.fullmatch(target)
    if matched is None:
        return None
    values: dict[str, str] = {}
    for name, value in zip(names, matched.groups(), strict=True):
        if values.setdefault(name, value) != value:
            return None
    return values
