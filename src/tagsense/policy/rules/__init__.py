"""The rules: one module each, its docstring its documentation page (ruff's sections).

:data:`RULES` is the registry: each rule's metadata, written here, so that the
configuration, suppressions and reports know every rule without importing its
module; a rule's module is imported when the engine first runs its check (or its
documentation is read). A one-file check imports only the rules that have
something to judge: not TS007 (off by default), TS008-TS010 (inert until their
option is set), TS013 (judges registry answers only) nor TS900 (files with
suppression comments only). ``tests/rules/test_registry.py`` proves that the
registry says what each module says (``CODE``, ``NAME``, ``SEVERITY``, flags,
``OPTIONS``).
"""

from __future__ import annotations

from ._base import FileSubject, Option, Rule, Subject, Verdict

__all__ = [
    "RULES",
    "RULES_BY_KEY",
    "FileSubject",
    "Option",
    "Rule",
    "Subject",
    "Verdict",
]

#: Every built-in rule, in code order.
RULES: tuple[Rule, ...] = (
    Rule("ts001_latest_tag", "TS001", "latest-tag", "error", digest_pins=True),
    Rule("ts002_missing_tag", "TS002", "missing-tag", "error"),
    Rule("ts003_floating_alias", "TS003", "floating-alias", "warning", digest_pins=True),
    Rule(
        "ts004_floating_version",
        "TS004",
        "floating-version",
        "warning",
        digest_pins=True,
        options={"min-precision": "patch", "per-image-precision": None, "syntax-directive": False},
    ),
    Rule("ts005_prerelease", "TS005", "prerelease", "warning", digest_pins=True),
    Rule(
        "ts006_eol_os",
        "TS006",
        "eol-os",
        "error",
        options={"eol.support": "extended", "eol.grace-days": 0},
    ),
    Rule("ts007_missing_digest", "TS007", "missing-digest", "error", default_enabled=False),
    Rule(
        "ts008_registry_not_allowed",
        "TS008",
        "registry-not-allowed",
        "error",
        options={"allowed-registries": None},
        inert_without="allowed-registries",
    ),
    Rule(
        "ts009_untrusted_publisher",
        "TS009",
        "untrusted-publisher",
        "error",
        options={"trusted-publishers": None},
        inert_without="trusted-publishers",
    ),
    Rule(
        "ts010_version_not_allowed",
        "TS010",
        "version-not-allowed",
        "error",
        options={"versions": None},
        inert_without="versions",
    ),
    Rule("ts011_unresolved_variable", "TS011", "unresolved-variable", "warning"),
    Rule("ts012_invalid_reference", "TS012", "invalid-reference", "error", judges_built=True),
    Rule("ts013_tag_not_found", "TS013", "tag-not-found", "error", needs_registry=True),
    Rule("ts900_unused_suppression", "TS900", "unused-suppression", "warning", file_level=True),
)
#: Rules by code and by name.
RULES_BY_KEY: dict[str, Rule] = {rule.code: rule for rule in RULES} | {
    rule.name: rule for rule in RULES
}
