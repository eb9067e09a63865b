"""The policy engine: rules with codes, presets, configuration, a condition language, suppression.

>>> from tagsense.policy import check
>>> [(f.code, f.severity) for f in check(["redis:7", "redis:latest"])]
[('TS004', 'warning'), ('TS001', 'error')]
"""

from .config import PRESETS, Config, ConfigError, UserRule
from .engine import check
from .finding import SEVERITIES, Finding
from .rules import RULES, Rule

__all__ = [
    "PRESETS",
    "RULES",
    "SEVERITIES",
    "Config",
    "ConfigError",
    "Finding",
    "Rule",
    "UserRule",
    "check",
]
