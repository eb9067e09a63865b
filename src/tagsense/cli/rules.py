"""``tagsense rules``: every rule, or what one rule means (its documentation page)."""

from __future__ import annotations

import sys

from ._common import EXIT_ERROR, EXIT_OK, Formatter

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    rules = commands.add_parser(
        "rules",
        help="list the rules, or show one rule's documentation",
        description="List every rule (code, name, default severity), or print the\n"
        "documentation of one rule given by code or name.",
        epilog="examples:\n  tagsense rules\n  tagsense rules TS004\n  tagsense rules latest-tag",
        formatter_class=Formatter,
    )
    rules.add_argument("rule", nargs="?", metavar="CODE|NAME", help="a rule's code or name")
    rules.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from ..policy.rules import RULES, RULES_BY_KEY

    if args.rule:
        rule = RULES_BY_KEY.get(args.rule) or RULES_BY_KEY.get(args.rule.upper())
        if rule is None:
            from difflib import get_close_matches

            hint = get_close_matches(args.rule, list(RULES_BY_KEY), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            print(f"tagsense: no rule {args.rule!r}{extra}", file=sys.stderr)
            return EXIT_ERROR
        selected = [rule]
    else:
        selected = list(RULES)
    if args.json:
        import json

        document = [
            {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity,
                "default_enabled": rule.default_enabled,
                "needs_registry": rule.needs_registry,
                "summary": rule.summary,
                "options": [option.key for option in rule.options],
                "documentation": rule.doc,
            }
            for rule in selected
        ]
        json.dump(document if not args.rule else document[0], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if args.rule:
        rule = selected[0]
        enabled = "" if rule.default_enabled else " (off by default; on in the strict preset)"
        if rule.needs_registry:
            enabled += " (with registry access only: tagsense check --fix, or registry = true)"
        sys.stdout.write(f"{rule.code} {rule.name}: default severity {rule.severity}{enabled}\n\n")
        sys.stdout.write(rule.doc + "\n")
        return EXIT_OK
    width = max(len(rule.name) for rule in RULES)
    for rule in selected:
        marker = "+" if rule.needs_registry else " " if rule.default_enabled else "*"
        sys.stdout.write(
            f"{rule.code}{marker} {rule.name.ljust(width)}  {rule.severity:<7}  {rule.summary}\n"
        )
    sys.stdout.write("\n* off by default (on in the strict preset)\n")
    if any(rule.needs_registry for rule in selected):
        sys.stdout.write("+ with registry access only (tagsense check --fix, or registry = true)\n")
    return EXIT_OK
