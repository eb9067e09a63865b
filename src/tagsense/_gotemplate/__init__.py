"""Go's ``text/template``, as Helm uses it, for finding the images a chart deploys.

* :mod:`.lexer` — a file's structure (text, actions, ``if``/``range``/…);
* :mod:`.grammar` — an action's pipeline, parsed with pyparsing when it is
  first evaluated (pyparsing is imported then, not before);
* :mod:`.engine` — execution, with Go's semantics and Helm's ``include``/``tpl``;
* :mod:`.functions` — Go's builtins, Sprig and Helm's functions;
* :mod:`.values` — Go values, traced strings (:class:`TStr`), :class:`Unknown`;
* :mod:`.goyaml` — YAML as Helm reads and writes it;
* :mod:`.relevance` — which parts of a template can lead to an image;
* :mod:`.semver` — Masterminds/semver constraints (Helm's and Sprig's).

Private: the API is the Helm source's (:mod:`tagsense.sources.helm`).
"""

from __future__ import annotations

from .engine import NO_VALUE, PLACEHOLDER, Engine
from .functions import FUNCTIONS, Failed
from .lexer import Template, TemplateSyntaxError, parse_structure
from .values import ExecError, GoObject, Origin, Site, TFloat, TStr, Unknown

__all__ = [
    "FUNCTIONS",
    "NO_VALUE",
    "PLACEHOLDER",
    "Engine",
    "ExecError",
    "Failed",
    "GoObject",
    "Origin",
    "Site",
    "TFloat",
    "TStr",
    "Template",
    "TemplateSyntaxError",
    "Unknown",
    "clear_caches",
    "parse_template",
]

_STRUCTURES: dict[str, tuple[object, object]] = {}
_MAX_CACHED = 4096


def parse_template(text: str, name: str) -> Template:
    """A file's structure, parsed once per distinct text; raises :class:`TemplateSyntaxError`."""
    known = _STRUCTURES.get(text)
    if known is None:
        try:
            template = parse_structure(text, name)
        except RecursionError:
            raise TemplateSyntaxError(name, 1, "nested too deeply") from None
        if len(_STRUCTURES) >= _MAX_CACHED:
            _STRUCTURES.clear()
        _STRUCTURES[text] = (template.body, template.defines)
        return template
    body, defines = known
    return Template(name, body, defines)  # type: ignore[arg-type]


def clear_caches() -> None:
    """Forget every parsed template, pipeline and plan (for benchmarks and tests)."""
    from . import grammar, relevance

    _STRUCTURES.clear()
    grammar.clear_cache()
    relevance.clear_caches()
