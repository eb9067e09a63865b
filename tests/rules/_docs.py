"""A rule's documentation, tried: its "Example" must fire, its "Use instead" must not.

Each rule's test module calls :func:`check_documented_examples`, so the pages
``tagsense rules CODE`` prints (and the docs generate) can never lie. A rule
that judges registry answers (``NEEDS_REGISTRY``: TS013) is tried with a
registry client (against the local registry of ``tests/registry``): the
answers about each code block's references are asked first, then given to
the check, as ``tagsense check --fix`` does.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from typing import TYPE_CHECKING, Any

from tagsense import check, find_references
from tagsense.policy.rules import RULES_BY_KEY

if TYPE_CHECKING:
    from tagsense.policy import Finding
    from tagsense.registry import Client

#: The day the examples are judged on (end-of-life dates are an input).
DAY = datetime.date(2026, 11, 28)

_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)
#: What each language of a code block is scanned as.
_KINDS = {"dockerfile": ("dockerfile", "Dockerfile"), "yaml": ("compose", "compose.yaml")}


def sections(doc: str) -> dict[str, str]:
    """The documentation's sections by heading (``What it does``, ``Example``…)."""
    found: dict[str, str] = {}
    matches = list(_SECTION.finditer(doc))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(doc)
        found[match[1]] = doc[match.end() : end]
    return found


def blocks(section: str) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A section's configuration (its ``toml`` block) and its sources (language, text)."""
    config: dict[str, Any] = {}
    sources = []
    for language, text in _BLOCK.findall(section):
        if language == "toml":
            config = tomllib.loads(text).get("tool", {}).get("tagsense", {})
        else:
            assert language in _KINDS, f"a code block in {language!r}: scan it as what?"
            sources.append((language, text))
    return config, sources


def findings(
    code: str,
    config: dict[str, Any],
    sources: list[tuple[str, str]],
    registry: Client | None = None,
) -> list[Finding]:
    """What the rule alone says of the sources, under the configuration (with the
    registry's answers about their references, when a client is given)."""
    found: list[Finding] = []
    for language, text in sources:
        kind, name = _KINDS[language]
        scan = find_references(text, kind=kind, name=name)
        answers = None
        if registry is not None:
            from tagsense.registry import answer

            answers = answer([o.reference for o in scan if o.reference is not None], registry)
            assert not [a for a in answers.values() if a.error], answers
        found.extend(check(scan, config={**config, "select": [code]}, as_of=DAY, answers=answers))
    return found


def check_documented_examples(code: str, *, registry: Client | None = None) -> None:
    """The rule's "Example" fires; its "Use instead" (with the example's configuration) does not.

    A rule that needs registry answers needs ``registry``, a client of a
    registry that has the images of its "Use instead" and not those of its
    "Example".
    """
    rule = RULES_BY_KEY[code]
    if rule.needs_registry:
        assert registry is not None, f"{code} judges registry answers: give it a registry client"
    parts = sections(rule.doc)
    config, example = blocks(parts["Example"])
    assert example, f"{code}: the Example has no code to try"
    fired = findings(code, config, example, registry)
    assert fired, f"{code}: the documented Example does not fire"
    assert {finding.code for finding in fired} == {code}
    instead_config, instead = blocks(parts["Use instead"])
    assert instead, f"{code}: 'Use instead' has no code to try"
    quiet = findings(code, instead_config or config, instead, registry)
    assert quiet == [], f"{code}: 'Use instead' fires: {quiet}"
    if rule.needs_registry:  # without answers, the rule says nothing
        assert findings(code, config, example) == []
