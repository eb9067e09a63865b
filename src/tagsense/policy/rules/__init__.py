"""The rules: one module each, its docstring its documentation page (ruff's sections)."""

from __future__ import annotations

from . import (
    ts001_latest_tag,
    ts002_missing_tag,
    ts003_floating_alias,
    ts004_floating_version,
    ts005_prerelease,
    ts006_eol_os,
    ts007_missing_digest,
    ts008_registry_not_allowed,
    ts009_untrusted_publisher,
    ts010_version_not_allowed,
    ts011_unresolved_variable,
    ts012_invalid_reference,
    ts013_tag_not_found,
    ts900_unused_suppression,
)
from ._base import FileSubject, Option, Rule, Subject, Verdict

__all__ = [
    "MODULES",
    "RULES",
    "RULES_BY_KEY",
    "FileSubject",
    "Option",
    "Rule",
    "Subject",
    "Verdict",
]

#: The rule modules, one a rule, in code order.
MODULES = (
    ts001_latest_tag,
    ts002_missing_tag,
    ts003_floating_alias,
    ts004_floating_version,
    ts005_prerelease,
    ts006_eol_os,
    ts007_missing_digest,
    ts008_registry_not_allowed,
    ts009_untrusted_publisher,
    ts010_version_not_allowed,
    ts011_unresolved_variable,
    ts012_invalid_reference,
    ts013_tag_not_found,
    ts900_unused_suppression,
)
#: Every built-in rule, in code order.
RULES: tuple[Rule, ...] = tuple(Rule(module) for module in MODULES)
#: Rules by code and by name.
RULES_BY_KEY: dict[str, Rule] = {rule.code: rule for rule in RULES} | {
    rule.name: rule for rule in RULES
}
