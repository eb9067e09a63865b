"""The rule registry (``tagsense.policy.rules.RULES``) says what each rule's module says.

The registry holds every rule's metadata so that a check imports only the modules of
the rules that have something to judge; these tests fail when the two drift apart.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tagsense import parse_reference as parse
from tagsense.occurrence import Occurrence
from tagsense.policy import Config
from tagsense.policy.rules import RULES, Subject

_FOLDER = Path(__file__).parents[2] / "src" / "tagsense" / "policy" / "rules"


def test_every_rule_module_is_in_the_registry_once_in_code_order() -> None:
    modules = sorted(path.stem for path in _FOLDER.glob("ts*.py"))
    assert [rule.module_name for rule in RULES] == modules
    codes = [rule.code for rule in RULES]
    assert codes == sorted(set(codes))


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_the_registry_says_what_the_module_says(rule) -> None:  # type: ignore[no-untyped-def]
    module = rule.module
    assert module.__name__ == f"tagsense.policy.rules.{rule.module_name}"
    assert (rule.code, rule.name, rule.severity) == (module.CODE, module.NAME, module.SEVERITY)
    assert rule.default_enabled == getattr(module, "DEFAULT_ENABLED", True)
    assert rule.digest_pins == getattr(module, "DIGEST_PINS", False)
    assert rule.judges_built == getattr(module, "JUDGES_BUILT", False)
    assert rule.needs_registry == getattr(module, "NEEDS_REGISTRY", False)
    assert rule.file_level == hasattr(module, "check_file")
    assert rule.file_level != hasattr(module, "check")  # one check, of a file or a reference
    declared = getattr(module, "OPTIONS", ())
    assert rule.option_defaults == {option.key: option.default for option in declared}
    assert rule.options == tuple(declared)
    assert rule.doc == (module.__doc__ or "").strip()


def _subjects() -> list[Subject]:
    day = datetime.date(2026, 1, 1)
    texts = ["redis", "redis:latest", "ghcr.io/acme/app:1.2.3", "quay.io/x/y:7", "acme/tool:1.0"]
    subjects = [Subject(text, parse(text), as_of=day) for text in texts]
    unresolved = Occurrence(
        path="Dockerfile",
        line=1,
        column=6,
        kind="from",
        raw="node:${TAG}",
        text="",
        reference=None,
        unresolved=("TAG",),
    )
    subjects.append(Subject(unresolved.text, None, occurrence=unresolved, as_of=day))
    return subjects


@pytest.mark.parametrize(
    "rule", [rule for rule in RULES if rule.inert_without], ids=lambda rule: rule.code
)
def test_a_rule_the_engine_leaves_out_while_its_option_is_unset_says_nothing_then(
    rule,  # type: ignore[no-untyped-def]
) -> None:
    assert rule.option_defaults[rule.inert_without] is None
    options = Config.default().options
    assert options[rule.inert_without] is None
    assert rule.run is not None
    assert [list(rule.run(subject, options)) for subject in _subjects()] == [[]] * 6


def test_a_one_file_check_imports_only_the_rules_with_something_to_judge(tmp_path: Path) -> None:
    # TS007 is off, TS008-TS010 have no option set, TS013 no registry answer, and the file no
    # suppression comment (TS900): their modules are not imported.
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nFROM nginx\n")
    code = (
        "import sys\n"
        "from tagsense.cli import main\n"
        "main(['check', '--exit-zero', 'Dockerfile'])\n"
        "print(sorted(m.rpartition('.')[2][:5] for m in sys.modules\n"
        "    if m.startswith('tagsense.policy.rules.ts')))\n"
    )
    env = dict(os.environ, TAGSENSE_CACHE_DIR=str(tmp_path / "cache"))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    imported = result.stdout.splitlines()[-1]
    assert imported == str(["ts001", "ts002", "ts003", "ts004", "ts005", "ts006", "ts011", "ts012"])


def test_a_configured_option_brings_its_rule_in(tmp_path: Path) -> None:
    from tagsense import check

    config = {"allowed-registries": ["ghcr.io/acme/*"], "trusted-publishers": ["acme"]}
    found = check(["quay.io/other/app:1.2.3", "evil/app:1.2.3"], config=config)
    assert [finding.code for finding in found] == ["TS008", "TS008", "TS009"]
