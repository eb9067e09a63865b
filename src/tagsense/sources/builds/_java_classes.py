"""The images a JVM source's Testcontainers calls name through another class's constant, or
through a simple method of its own class or another's (see ``.testcontainers``).

karatelabs/karate's e2e tests start ``new GenericContainer<>(SeleniumImages.hub())``, whose
``hub()`` (in ``SeleniumImages.java`` beside them) returns ``resolve("KARATE_SELENIUM_HUB_IMAGE",
"seleniarm/hub:latest", "selenium/hub:latest")``: an environment variable's value if it is set,
else the image of the host's architecture. A Java source's argument is read so when it is

* ``Class.NAME``: a string constant of the class ``Class``, found as ``javac`` finds it: the
  file ``Class.java`` of the package the source imports it from (``import a.b.Class;``, or
  ``import a.b.*;``), else of the source's own package, in the source's root (the directory
  its ``package`` line puts it in) or another of its module's (``src/main/java`` for one in
  ``src/test/java``); a constant a source imports statically (``import static
  a.b.Class.NAME;``, or ``.*``) is read so when the source names it alone;
* ``name()`` or ``Class.name()``: a method without parameters, of the source's own class or of
  such a class, declared to return a ``String`` or a ``DockerImageName``, whose ``return``
  statements give a literal or a constant (each ``return`` a possible image); a local it
  assigned once; ``DockerImageName.parse(…)`` of a local (one of a literal or a constant is
  read where it is written); or a call or a condition whose literal arguments or constants
  have an image's shape (a lower-case name with a ``/``, a ``:`` tag or a ``@`` digest): each
  is a possible image (karate's ``resolve(…)``, ``ARM64 ? A : B``).

Nothing else is read here (no whole-program analysis): a class of another module, a value made
at run time give nothing; a method with parameters is read only as a helper whose parameter
becomes the image (``._java_helpers``). An image of the source's own class is
reported at its literal; one of another class where the source names it (``SeleniumImages.hub()``),
as testcontainers-go's readings of another package's constants are. The files looked at are
the reading's inputs (:attr:`inputs`), and each class file is read once a run.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..._lazy import lazy_pattern
from ._common import MAX_BYTES, read_text
from ._source_code import LITERAL, Written, closing_brace, literal_text, without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["Classes", "method_values"]

#: How long a method's body may be, and how many locals deep a ``return`` is followed.
_MAX_BODY = 4000
_MAX_DEPTH = 2
#: How many source roots of a module are looked in.
_MAX_ROOTS = 8

#: The files a reading depends on: (modification time in nanoseconds, size) of each.
Inputs = dict[str, tuple[int, int] | None]


class Classes:
    """What the other classes of the Java source at ``path`` (its text without comments:
    ``code``) give it; ``constants`` reads a source's constants (``.testcontainers``)."""

    def __init__(
        self,
        path: str | None,
        code: str,
        constants: Callable[[str], Mapping[str, Written]],
    ) -> None:
        self.path = path
        self.code = code
        self.constants = constants
        #: The files looked at, found or not.
        self.inputs: Inputs = {}
        self._imports: list[tuple[bool, str]] | None = None

    def member(self, qualifier: str, name: str, called: bool) -> list[str]:
        """The images ``qualifier.name`` (``qualifier.name()`` when ``called``) gives."""
        found = self._class_file(qualifier, None)
        if found is None:
            return []
        code = _class_code(found, self._stat(found))
        if code is None:
            return []
        constants = self.constants(code)
        if called:
            return [text for text, _ in method_values(code, constants, name)]
        return _constant(code, constants, name)

    def class_code(self, qualifier: str) -> str | None:
        """The text without comments of the class ``qualifier``'s file (``None``: not found)."""
        found = self._class_file(qualifier, None)
        return None if found is None else _class_code(found, self._stat(found))

    def imported(self, name: str, called: bool) -> list[str]:
        """The images a name the source imports statically gives (a constant, or a method
        when ``called``)."""
        for static, imported in self._imported():
            owner, _, member = imported.rpartition(".")
            if not static or member not in (name, "*") or "." not in owner:
                continue
            package, _, qualifier = owner.rpartition(".")
            found = self._class_file(qualifier, package)
            if found is None:
                continue
            code = _class_code(found, self._stat(found))
            if code is None:
                continue
            constants = self.constants(code)
            if called:
                values = [text for text, _ in method_values(code, constants, name)]
            else:
                values = _constant(code, constants, name)
            if values:
                return values
        return []

    def _stat(self, path: str) -> tuple[int, int] | None:
        """The file's stamp, noted as an input of the reading."""
        from .._context_cache import stat_of

        stat = self.inputs[path] = stat_of(path)
        return stat

    def _imported(self) -> list[tuple[bool, str]]:
        """The source's imports: whether each is static, and its name (``a.b.C``,
        ``a.b.*``, ``a.b.C.NAME``)."""
        if self._imports is None:
            self._imports = [
                (found["static"] is not None, found["name"])
                for found in _IMPORT.finditer(self.code)
            ]
        return self._imports

    def _class_file(self, qualifier: str, package: str | None) -> str | None:
        """The file of the class ``qualifier`` (in ``package`` when known), or ``None``."""
        if self.path is None or not self.path.endswith(".java"):
            return None
        own = _PACKAGE.search(self.code)
        own_package = own["name"] if own is not None else ""
        roots = _roots(os.path.dirname(os.path.abspath(self.path)), own_package)
        if not roots:
            return None
        if package is not None:
            packages = [package]
        else:
            packages = []
            for static, name in self._imported():
                head, _, last = name.rpartition(".")
                if not static and last == qualifier:
                    packages = [head]  # (imported by name: that class, and only it)
                    break
                if not static and last == "*":
                    packages.append(head)
            else:
                packages = [own_package, *packages]
        for each in packages:
            for root in roots:
                candidate = os.path.join(
                    root, *each.split(".") if each else (), f"{qualifier}.java"
                )
                if self._stat(candidate) is not None:
                    return candidate
        return None


def _constant(code: str, constants: Mapping[str, Written], name: str) -> list[str]:
    """The value of another class's constant ``name``: one it declares ``final`` (a
    ``static`` field any class may assign is not one)."""
    import re

    value = constants.get(name)
    final = re.search(rf"\bfinal\s[^;=(){{}}]*\b{re.escape(name)}\s*=", code)
    return [] if value is None or final is None else [value[0]]


def method_values(code: str, constants: Mapping[str, Written], name: str) -> list[Written]:
    """The images the method ``name`` (no parameters) of the source ``code`` returns, each where
    its literal is written (see the module's documentation)."""
    import re

    header = re.search(
        rf"\b(?:String|DockerImageName)\s+{re.escape(name)}\s*\(\s*\)\s*(?:throws\s[^{{;]*)?\{{",
        code,
    )
    if header is None:
        return []
    start = header.end()
    end = closing_brace(code, start, _MAX_BODY + 1)
    if end < 0 or end - start > _MAX_BODY:
        return []
    found: dict[Written, None] = {}
    for returned in _RETURN.finditer(code, start, end):
        for value in _expression(
            code, returned.start(1), returned.end(1), (start, end), constants, 0
        ):
            found.setdefault(value)
    return list(found)


def _expression(
    code: str,
    start: int,
    end: int,
    body: tuple[int, int],
    constants: Mapping[str, Written],
    depth: int,
) -> list[Written]:
    """The images the expression ``code[start:end]`` of a method's body may have."""
    import re

    text = code[start:end]
    while True:
        substitute = _SUBSTITUTE.search(text)
        if substitute is None:
            break
        text = text[: substitute.start()]  # (`.asCompatibleSubstituteFor(…)`: the same image)
    stripped = text.strip()
    at = start + len(text) - len(text.lstrip())
    if re.fullmatch(LITERAL, stripped):
        value = literal_text(stripped, at)
        return [] if value is None else [value]
    parsed = _PARSED.fullmatch(stripped)
    if parsed is not None:
        inner = parsed["inner"]
        if inner in constants or not inner.isidentifier():
            return []  # (a literal's or a constant's: read where it is written)
        stripped = inner
    if stripped.isidentifier():
        if stripped in constants:
            return [constants[stripped]]
        if depth >= _MAX_DEPTH:
            return []
        assigned = list(
            re.finditer(
                rf"\b(?:final\s+)?(?:String|var)\s+{re.escape(stripped)}\s*=\s*([^;]*);",
                code[: body[1]],
            )
        )
        assigned = [each for each in assigned if each.start() >= body[0]]
        if len(assigned) != 1:
            return []
        found = assigned[0]
        return _expression(code, found.start(1), found.end(1), body, constants, depth + 1)
    if "(" not in stripped and "?" not in stripped:
        return []
    values: list[Written] = []
    for token in _TOKEN.finditer(code, at, at + len(stripped)):
        if token["lit"] is not None:
            value = literal_text(token["lit"], token.start())
        else:
            value = constants.get(token["id"])
        if value is not None and _IMAGE_SHAPE.fullmatch(value[0]):
            values.append(value)
    return values


def _roots(directory: str, package: str) -> list[str]:
    """The source root of a source in ``directory`` of ``package``, and the other roots of
    its module (``src/*/java``)."""
    parts = [part for part in package.split(".") if part]
    root = directory
    for part in reversed(parts):
        if os.path.basename(root) != part:
            return []
        root = os.path.dirname(root)
    roots = [root]
    sets = os.path.dirname(os.path.dirname(root))
    if os.path.basename(sets) == "src":
        language = os.path.basename(root)
        try:
            names = sorted(os.listdir(sets))[:_MAX_ROOTS]
        except OSError:
            names = []
        for name in names:
            other = os.path.join(sets, name, language)
            if other != root and os.path.isdir(other):
                roots.append(other)
    return roots


@lru_cache(maxsize=256)
def _class_code(path: str, stat: tuple[int, int] | None) -> str | None:
    """The text without comments of the class file ``path`` (as of ``stat``)."""
    if stat is None:
        return None
    text = read_text(path, MAX_BYTES)
    return without_comments(text) if isinstance(text, str) else None


#: A source's ``package`` line.
_PACKAGE = lazy_pattern(r"(?m)^\s*package\s+(?P<name>[\w.]+)\s*;")
#: An import (``static``, or not), its name (``a.b.C``, ``a.b.*``, ``a.b.C.NAME``).
_IMPORT = lazy_pattern(r"(?m)^\s*import\s+(?P<static>static\s+)?(?P<name>[\w.]+(?:\.\*)?)\s*;")
#: A ``return`` statement's expression.
_RETURN = lazy_pattern(r"\breturn\s+([^;]*);")
#: ``.asCompatibleSubstituteFor(…)`` at an expression's end.
_SUBSTITUTE = lazy_pattern(r"\s*\.\s*asCompatibleSubstituteFor\s*\([^()]*\)\s*$")
#: ``DockerImageName.parse(X)``.
_PARSED = lazy_pattern(r"(?:DockerImageName\s*\.\s*)?parse\s*\(\s*(?P<inner>[^()]*?)\s*\)")
#: A literal or a name in an expression.
_TOKEN = lazy_pattern(rf"(?P<lit>{LITERAL})|(?<![\w.])(?P<id>[A-Za-z_][A-Za-z0-9_]*)(?![\w(])")
#: What an image's name looks like: lower-case path components, a tag, a digest; one of
#: ``/``, ``:``, ``@`` at least.
_IMAGE_SHAPE = lazy_pattern(
    r"(?=[^/:@]*[/:@])[a-z0-9][a-z0-9._-]*(?::[0-9]+)?(?:/[a-z0-9][a-z0-9._-]*)*"
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[a-z0-9]+:[0-9a-f]{32,})?"
)
