"""Configuration: ``[tool.tagsense]`` in ``pyproject.toml`` or a ``.tagsense.toml``, validated.

Every key is checked; an unknown key or a bad value is a :class:`ConfigError`
naming the file, the line and the key. The nearest configuration upward from a
checked file wins (:meth:`Config.discover`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType

from .._roots import find_config_file
from ..errors import TagsenseError
from .finding import SEVERITIES
from .rules import RULES, RULES_BY_KEY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .expr import Condition

__all__ = ["OWN_IMAGES", "PRESETS", "Config", "ConfigError", "UserRule"]

#: The presets, and what each turns on (rules not listed keep their default).
PRESETS: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "default": {"enable": (), "severity": {}},
        "strict": {
            "enable": ("TS007",),
            "severity": {"TS003": "error", "TS004": "error", "TS005": "error"},
            "options": {"syntax-directive": True},
        },
    }
)

#: The keys of the engine itself; each rule declares its own options (``OPTIONS``), and a
#: dotted option key (``eol.support``) is a key of a table (``[tool.tagsense.eol]``).
_ENGINE_KEYS = {
    "preset",
    "select",
    "extend-select",
    "ignore",
    "severity",
    "per-file-ignores",
    "exclude",
    "trust-digests",
    "registry",
    "rules",
    "own-images",
}
#: What ``own-images`` may say of a name the project builds, named at another tag: the
#: project's own build (``built``, the default), or a pull to judge (``flag``).
OWN_IMAGES = ("flag", "built")
#: Every rule option's key, and its default (the registry's: no rule module is imported).
_OPTIONS = {key: default for rule in RULES for key, default in rule.option_defaults.items()}
_TOP_KEYS = _ENGINE_KEYS | {key.split(".", 1)[0] for key in _OPTIONS}
_USER_RULE_KEYS = {"code", "name", "message", "severity", "when"}
#: Each configuration file loaded (by its path, and the working directory when relative), with
#: the text it was built from: a configuration is a value, never changed once built.
_LOADED: dict[tuple[str, str], tuple[str, Config]] = {}


class ConfigError(TagsenseError):
    """A configuration that cannot be used: which file, which line, which key, and why."""

    def __init__(
        self,
        reason: str,
        *,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(reason, path, line, key)
        self.reason = reason
        self.path = path
        self.line = line
        self.key = key

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.reason}"


class UserRule:
    """A rule written in the configuration: a condition and a message."""

    __slots__ = ("code", "condition", "message", "name", "severity")

    def __init__(
        self, code: str, name: str, message: str, severity: str, condition: Condition
    ) -> None:
        self.code = code
        self.name = name
        self.message = message
        self.severity = severity
        self.condition = condition

    def __repr__(self) -> str:
        return f"<UserRule {self.code} {self.name}: {self.condition.source!r}>"


class _Locator:
    """Finds the line of a key in TOML text (tomllib keeps no positions)."""

    def __init__(self, text: str | None, prefix: str) -> None:
        self.lines = [] if text is None else text.splitlines()
        self.prefix = prefix

    def line(self, *keys: str) -> int | None:
        if not self.lines:
            return None
        table = ".".join([p for p in (self.prefix, *keys[:-1]) if p])
        current = ""
        found_table: int | None = None
        for number, raw in enumerate(self.lines, 1):
            stripped = raw.strip()
            if stripped.startswith("["):
                current = stripped.strip("[]").strip().replace('"', "")
                if current == table or (not keys[:-1] and current == self.prefix):
                    found_table = found_table or number
                continue
            name = stripped.split("=", 1)[0].strip().strip('"').strip("'")
            if "=" not in stripped:
                continue
            full = ".".join(p for p in (current, name) if p)
            wanted = ".".join(p for p in (self.prefix, *keys) if p)
            if full == wanted or (current == table and name == keys[-1]):
                return number
        if found_table is None:
            # A table-valued key: its own header ([tool.tagsense.versions]).
            header = ".".join(p for p in (self.prefix, *keys) if p)
            for number, raw in enumerate(self.lines, 1):
                if raw.strip().strip("[]").strip().replace('"', "") == header:
                    return number
        return found_table


def _codes(
    value: Any, key: str, fail: Any, user: Mapping[str, str] | None = None
) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        fail(key, "must be a list of rule codes or names")
    codes: set[str] = set()
    user = user or {}
    for item in value:
        if item.upper() == "ALL":
            codes.update(rule.code for rule in RULES)
            codes.update(user.values())
            continue
        if item in user:
            codes.add(user[item])
            continue
        rule = RULES_BY_KEY.get(item) or RULES_BY_KEY.get(item.upper())
        if rule is None:
            from difflib import get_close_matches

            hint = get_close_matches(item, list(RULES_BY_KEY), n=1)
            fail(key, f"unknown rule {item!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""))
        else:
            codes.add(rule.code)
    return frozenset(codes)


class Config:
    """A validated configuration: :meth:`load`, :meth:`discover` or :meth:`from_dict` build one."""

    __slots__ = (
        "data",
        "enabled",
        "exclude",
        "options",
        "own_images",
        "path",
        "per_file_ignores",
        "preset",
        "registry",
        "root",
        "severities",
        "trust_digests",
        "user_rules",
    )

    def __init__(self) -> None:
        self.preset = "default"
        self.enabled: frozenset[str] = frozenset(r.code for r in RULES if r.default_enabled)
        self.severities: Mapping[str, str] = MappingProxyType({r.code: r.severity for r in RULES})
        # (user rules add their own codes and severities when loaded)
        self.options: Mapping[str, Any] = MappingProxyType(_OPTIONS)
        self.per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
        self.exclude: tuple[str, ...] = ()
        self.trust_digests = True
        #: Whether ``tagsense check`` may ask registries (``registry = true``); ``None``
        #: when the configuration does not say (then only ``--fix`` asks them).
        self.registry: bool | None = None
        #: How the scan reads a name the project builds, named at a tag it does not build
        #: (``own-images``: one of :data:`OWN_IMAGES`).
        self.own_images = "built"
        self.user_rules: tuple[UserRule, ...] = ()
        self.path: str | None = None
        #: The directory of the configuration file (absolute, links resolved): paths in
        #: ``exclude`` and ``per-file-ignores`` are relative to it.
        self.root: str | None = None
        #: The table it was built from (for :meth:`with_overrides`).
        self.data: Mapping[str, Any] = MappingProxyType({})

    # --- building --------------------------------------------------------------

    @classmethod
    def default(cls) -> Config:
        """The default preset, nothing configured."""
        return cls()

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        path: str | None = None,
        text: str | None = None,
        prefix: str = "",
    ) -> Config:
        """Validate a ``[tool.tagsense]`` table (``text`` and ``prefix`` locate error lines)."""
        locator = _Locator(text, prefix)

        def fail(key: str, reason: str) -> None:
            keys = key.split(".")
            raise ConfigError(reason, path=path, line=locator.line(*keys), key=key)

        if not isinstance(data, Mapping):
            raise ConfigError("the tagsense table must be a table", path=path)
        for key in data:
            if key not in _TOP_KEYS:
                from difflib import get_close_matches

                hint = get_close_matches(key, sorted(_TOP_KEYS), n=1)
                fail(key, "unknown key" + (f" (did you mean {hint[0]!r}?)" if hint else ""))
        config = cls()
        config.path = path
        config.root = os.path.dirname(os.path.realpath(path)) if path else None
        config.data = MappingProxyType(dict(data))
        preset = data.get("preset", "default")
        if preset not in PRESETS:
            fail("preset", f"unknown preset {preset!r} (one of {', '.join(PRESETS)})")
        config.preset = preset
        config.user_rules = _user_rules(data.get("rules", []), fail, locator, path)
        user = {rule.code: rule.code for rule in config.user_rules}
        user |= {rule.name: rule.code for rule in config.user_rules}
        enabled = set(config.enabled) | set(PRESETS[preset]["enable"]) | set(user.values())
        severities = dict(config.severities) | dict(PRESETS[preset]["severity"])
        if "select" in data:
            enabled = set(_codes(data["select"], "select", fail, user))
        if "extend-select" in data:
            enabled |= _codes(data["extend-select"], "extend-select", fail, user)
        if "ignore" in data:
            enabled -= _codes(data["ignore"], "ignore", fail, user)
        for key, value in _table(data, "severity", fail).items():
            rule = RULES_BY_KEY.get(key) or RULES_BY_KEY.get(key.upper())
            if rule is None and key in user and value in SEVERITIES:
                severities[user[key]] = value
            elif rule is None:
                fail(f"severity.{key}", "unknown rule")
            elif value not in SEVERITIES:
                fail(f"severity.{key}", f"must be one of {', '.join(SEVERITIES)}")
            else:
                severities[rule.code] = value
        config.enabled = frozenset(enabled)
        config.severities = MappingProxyType(severities)
        config.options = MappingProxyType(_options(data, fail, PRESETS[preset]))
        ignores = []
        for pattern, codes in _table(data, "per-file-ignores", fail).items():
            ignores.append((pattern, _codes(codes, f"per-file-ignores.{pattern}", fail, user)))
        config.per_file_ignores = tuple(ignores)
        exclude = data.get("exclude", [])
        if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
            fail("exclude", "must be a list of path patterns")
        config.exclude = tuple(exclude)
        trust = data.get("trust-digests", True)
        if not isinstance(trust, bool):
            fail("trust-digests", "must be true or false")
        config.trust_digests = trust
        registry = data.get("registry")
        if registry is not None and not isinstance(registry, bool):
            fail("registry", "must be true or false")
        config.registry = registry
        own_images = data.get("own-images", "built")
        if own_images not in OWN_IMAGES:
            fail("own-images", f"must be one of {', '.join(repr(v) for v in OWN_IMAGES)}")
        config.own_images = own_images
        return config

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Config:
        """Load ``pyproject.toml`` (its ``[tool.tagsense]``) or a ``.tagsense.toml``.

        The file is read each time, and parsed once while its text is the same: the scan (the
        project's ``own-images``) and the policy engine (the rules) share one reading.
        """
        file = os.fspath(path)
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise ConfigError(f"cannot read: {error.strerror or error}", path=file) from None
        except UnicodeDecodeError:
            raise ConfigError("not UTF-8 text", path=file) from None
        # (a relative path means another file, and another root, in another directory)
        key = (file, "" if os.path.isabs(file) else os.getcwd())
        loaded = _LOADED.get(key)
        if loaded is not None and loaded[0] == text:
            return loaded[1]
        config = cls._parse(file, text)
        _LOADED[key] = (text, config)
        return config

    @classmethod
    def _parse(cls, file: str, text: str) -> Config:
        import tomllib

        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            import re

            where = re.search(r"at line (\d+)", str(error))
            line = int(where[1]) if where else None
            raise ConfigError(f"invalid TOML: {error}", path=file, line=line) from None
        if os.path.basename(file) == "pyproject.toml":
            table = document.get("tool", {}).get("tagsense", {})
            return cls.from_dict(table, path=file, text=text, prefix="tool.tagsense")
        return cls.from_dict(document, path=file, text=text)

    @classmethod
    def discover(cls, start: str | os.PathLike[str]) -> Config:
        """The nearest configuration upward from ``start`` (file or directory), else the default."""
        found = find_config_file(start)
        return cls.load(found) if found is not None else cls.default()

    def with_overrides(self, overrides: Mapping[str, Any]) -> Config:
        """The same configuration with some keys replaced (the command line's ``--select``…)."""
        if not overrides:
            return self
        merged = dict(self.data) | {k: v for k, v in overrides.items() if k != "extend-ignore"}
        if "extend-ignore" in overrides:  # added to the ignore list, not replacing it
            merged["ignore"] = [*merged.get("ignore", []), *overrides["extend-ignore"]]
        config = Config.from_dict(merged, path=self.path)
        config.root = self.root
        return config

    # --- use -------------------------------------------------------------------

    @property
    def user_names(self) -> Mapping[str, str]:
        """The user rules' names, each with its code (suppression comments may name them)."""
        return {rule.name: rule.code for rule in self.user_rules}

    def enabled_for(self, path: str | None) -> frozenset[str]:
        """The rule codes enabled for a file (``per-file-ignores`` applied)."""
        if path is None or not self.per_file_ignores:
            return self.enabled
        relative = self._relative(path)
        from fnmatch import fnmatchcase

        codes = set(self.enabled)
        for pattern, ignored in self.per_file_ignores:
            if fnmatchcase(relative, pattern) or fnmatchcase(relative.rpartition("/")[2], pattern):
                codes -= ignored
        return frozenset(codes)

    def excludes(self, path: str) -> bool:
        """Whether ``exclude`` leaves this file out."""
        if not self.exclude:
            return False
        from fnmatch import fnmatchcase

        relative = self._relative(path)
        return any(fnmatchcase(relative, pattern) for pattern in self.exclude)

    def _relative(self, path: str) -> str:
        # The path relative to the root, with "/" (what patterns are written with);
        # as given when it is outside the root.
        inside = None
        root = self.root
        if root is not None:
            real = os.path.realpath(path)
            if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
                inside = os.path.relpath(real, root)
        shown = os.path.normpath(path) if inside is None else inside
        return shown.replace(os.sep, "/") if os.sep != "/" else shown

    def __repr__(self) -> str:
        return f"<Config {self.path or '(default)'} preset={self.preset}>"


def _table(data: Mapping[str, Any], key: str, fail: Any) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        fail(key, "must be a table")
    table: Mapping[str, Any] = value
    return table


def _options(data: Mapping[str, Any], fail: Any, preset: Mapping[str, Any]) -> dict[str, Any]:
    """Every rule option's value, validated by the declaration of the rule that owns it
    (a value the configuration does not give is the preset's, else the rule's default)."""
    defaults = preset.get("options", {})
    tables = {key.split(".", 1)[0] for key in _OPTIONS if "." in key}
    for name in sorted(tables):
        known = sorted(key.split(".", 1)[1] for key in _OPTIONS if key.startswith(name + "."))
        for key in _table(data, name, fail):
            if key not in known:
                takes = " and ".join(repr(k) for k in known)
                fail(f"{name}.{key}", f"unknown key ({name} takes {takes})")
    values: dict[str, Any] = {}
    # (each option is validated by its rule's declaration: a configuration file imports the
    # modules of the rules that have options)
    declared = {option.key: option for rule in RULES for option in rule.options}
    for key in _OPTIONS:
        option = declared[key]
        table, dot, leaf = key.partition(".")
        default = defaults.get(key, option.default)
        raw = _table(data, table, fail).get(leaf, default) if dot else data.get(key, default)
        try:
            values[key] = option.validate(raw)
        except (ValueError, TagsenseError) as error:
            fail(key, str(error).splitlines()[0])
    return values


def _user_rules(value: Any, fail: Any, locator: _Locator, path: str | None) -> tuple[UserRule, ...]:
    if not isinstance(value, list):
        fail("rules", "must be an array of tables ([[tool.tagsense.rules]])")
    rules = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        where = f"rules[{index}]"
        if not isinstance(item, Mapping):
            fail(where, "must be a table")
        for key in item:
            if key not in _USER_RULE_KEYS:
                fail(
                    f"rules.{key}",
                    f"unknown key in {where} (one of {', '.join(sorted(_USER_RULE_KEYS))})",
                )
        code = item.get("code")
        if not isinstance(code, str) or not code[:1].isalpha() or not code.isalnum():
            fail("rules.code", f"{where} needs a code like 'ACME001'")
        if code in RULES_BY_KEY or code in seen:
            fail("rules.code", f"{where}: the code {code!r} is already taken")
        seen.add(code)
        message = item.get("message")
        if not isinstance(message, str) or not message:
            fail("rules.message", f"{where} needs a message")
        severity = item.get("severity", "error")
        if severity not in SEVERITIES:
            fail("rules.severity", f"{where}: must be one of {', '.join(SEVERITIES)}")
        when = item.get("when")
        if not isinstance(when, str) or not when.strip():
            fail("rules.when", f"{where} needs a condition ('when')")
        from .expr import InvalidCondition, compile_condition

        try:
            condition = compile_condition(when)
        except InvalidCondition as error:
            raise ConfigError(
                str(error), path=path, line=locator.line("rules", "when"), key="rules.when"
            ) from None
        name = item.get("name", code.lower())
        rules.append(UserRule(code, str(name), message, severity, condition))
    return tuple(rules)
