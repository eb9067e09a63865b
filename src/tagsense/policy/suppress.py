"""What suppression comments silence: ``# tagsense: ignore[TS001]``, ``disable-file[…]``.

The scanners read the comments (:class:`~tagsense.occurrence.Suppression`),
each the way its format defines a comment; here they meet the rules: a
comment names rules by code or by name (a user rule's name too), and
``ignore`` with no list silences every rule. A comment that silenced nothing
is reported by TS900.
"""

from __future__ import annotations

from .rules import RULES_BY_KEY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..occurrence import Suppression

__all__ = ["code_of", "silences"]


def silences(suppression: Suppression, code: str, user_names: Mapping[str, str]) -> bool:
    """Whether the comment names the rule ``code`` (``user_names``: user rule name -> code)."""
    keys = suppression.keys
    if keys is None:
        return True
    return any(code_of(key, user_names) == code for key in keys)


def code_of(key: str, user_names: Mapping[str, str]) -> str:
    """The code of a rule a comment names by code or by name."""
    rule = RULES_BY_KEY.get(key) or RULES_BY_KEY.get(key.upper())
    if rule is not None:
        return rule.code
    return user_names.get(key, key.upper())
