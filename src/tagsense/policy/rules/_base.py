"""What every rule module provides, and what rules look at."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Iterator, Mapping
    from types import ModuleType
    from typing import Any

    from ...answers import RegistryAnswer
    from ...errors import InvalidReference
    from ...occurrence import Occurrence, Suppression
    from ...reference import Reference
    from ...tag import Tag

__all__ = [
    "FileSubject",
    "Option",
    "Rule",
    "Subject",
    "Verdict",
    "glob_list",
    "names_an_lts_release",
    "names_no_version",
    "pins_a_build",
]


class Subject:
    """One reference as the rules see it: parsed, its tag explained, where it was found.

    ``error`` says why ``text`` is not a reference (``reference`` is then
    ``None``); ``unresolved`` what the text depends on that has no value here
    (variables, or what a CI system fills in when the job runs); ``answer``
    what a registry said about the reference's tag, when registry answers
    were given to the check (:class:`~tagsense.answers.RegistryAnswer`).
    """

    __slots__ = (
        "_answers",
        "_error",
        "_tag",
        "as_of",
        "occurrence",
        "reference",
        "text",
        "unresolved",
    )

    def __init__(
        self,
        text: str,
        reference: Reference | None,
        *,
        error: InvalidReference | None = None,
        occurrence: Occurrence | None = None,
        as_of: datetime.date,
        answers: Mapping[Reference, RegistryAnswer] | None = None,
    ) -> None:
        self.text = text
        self._answers = answers
        self.reference = reference
        self._error = error
        self.occurrence = occurrence
        self.as_of = as_of
        self.unresolved: tuple[str, ...] = ()
        if occurrence is not None and reference is None:
            run_time = occurrence.run_time
            self.unresolved = occurrence.unresolved or ((run_time,) if run_time else ())
        self._tag: Tag | bool | None = False  # False: not computed yet

    @property
    def error(self) -> InvalidReference | None:
        """Why ``text`` is not a reference (the occurrence's, worked out when first asked)."""
        if self._error is None and self.occurrence is not None:
            return self.occurrence.error
        return self._error

    @property
    def tag(self) -> Tag | None:
        """The tag's anatomy (computed once, on first use), or ``None`` without a tag."""
        if self._tag is False:
            self._tag = None if self.reference is None else self.reference.tag_info
        assert self._tag is not True
        return self._tag

    @property
    def channel(self) -> str | None:
        """The channel an unresolved reference's tag starts with whatever its variables say.

        ``node:latest-${ARCH}`` is ``latest`` (the scanner knows the text before the first
        unresolved part: ``context["known_prefix"]``); only a word followed by a separator
        counts (``latest${X}`` could be ``latestfoo``). ``None`` otherwise.
        """
        occurrence = self.occurrence
        if self.reference is not None or occurrence is None:
            return None
        prefix = occurrence.context.get("known_prefix")
        if not isinstance(prefix, str):
            return None
        _, colon, tag = prefix.rpartition(":")
        if not colon or "/" in tag or "@" in tag:
            return None
        word = ""
        for char in tag:
            if char in "-._":
                break
            word += char
        else:
            return None  # no separator after the word: the word may go on
        from ..._vocabulary import ALIASES

        lowered = word.lower()
        return lowered if lowered == "latest" or lowered in ALIASES else None

    @property
    def answer(self) -> RegistryAnswer | None:
        """What a registry said about the reference's tag (``None``: not asked, or no tag)."""
        if not self._answers or self.reference is None:
            return None
        from ...answers import answer_key

        return self._answers.get(answer_key(self.reference))

    def advice(self) -> str | None:
        """The reference with the precise tag a registry named (``python:3.12.8-slim``), if any."""
        answer = self.answer
        if answer is None or answer.precise is None or self.reference is None:
            return None
        return self.reference.with_tag(answer.precise).with_digest(None).familiar

    @property
    def pinned_by_digest(self) -> bool:
        return self.reference is not None and self.reference.digest is not None


class FileSubject:
    """One file as a file-level rule sees it, once its findings are known (TS900).

    ``suppressions`` are the file's suppression comments; ``used`` those that
    silenced a finding; ``user_names`` maps the user rules' names to their codes.
    """

    __slots__ = ("path", "suppressions", "used", "user_names")

    def __init__(
        self,
        path: str | None,
        suppressions: tuple[Suppression, ...],
        used: frozenset[Suppression],
        user_names: Mapping[str, str],
    ) -> None:
        self.path = path
        self.suppressions = suppressions
        self.used = used
        self.user_names = user_names

    def codes(self, suppression: Suppression) -> frozenset[str] | None:
        """The rule codes a comment names (``None``: every rule)."""
        if suppression.keys is None:
            return None
        from ..suppress import code_of

        return frozenset(code_of(key, self.user_names) for key in suppression.keys)


class Verdict:
    """A rule firing: its message, a severity when the rule decides it (TS006), and, for a
    file-level rule, where in the file (``line``, ``column``, ``end_column``)."""

    __slots__ = ("column", "end_column", "line", "message", "severity")

    def __init__(
        self,
        message: str,
        severity: str | None = None,
        *,
        line: int | None = None,
        column: int | None = None,
        end_column: int | None = None,
    ) -> None:
        self.message = message
        self.severity = severity
        self.line = line
        self.column = column
        self.end_column = end_column


class Option:
    """A rule option: its configuration key, a validator, its default, what it does."""

    __slots__ = ("default", "description", "key", "validate")

    def __init__(
        self,
        key: str,
        default: Any,
        validate: Callable[[Any], Any],
        description: str,
    ) -> None:
        self.key = key
        self.default = default
        self.validate = validate  # returns the checked value or raises ValueError(reason)
        self.description = description


class Rule:
    """A rule: its metadata, written in the registry (:mod:`tagsense.policy.rules`), and its
    module, imported the first time its check or its documentation is asked for.

    The metadata (code, name, default severity, flags, options' defaults) is what the
    configuration, suppressions and reports need of every rule; a one-file check imports
    only the modules of the rules that have something to judge (``tests/rules`` proves the
    registry says what each module says).
    """

    __slots__ = (
        "_module",
        "code",
        "default_enabled",
        "digest_pins",
        "file_level",
        "inert_without",
        "judges_built",
        "module_name",
        "name",
        "needs_registry",
        "option_defaults",
        "severity",
    )

    def __init__(
        self,
        module_name: str,
        code: str,
        name: str,
        severity: str,
        *,
        default_enabled: bool = True,
        digest_pins: bool = False,
        judges_built: bool = False,
        needs_registry: bool = False,
        file_level: bool = False,
        options: Mapping[str, Any] | None = None,
        inert_without: str | None = None,
    ) -> None:
        #: The module's name in :mod:`tagsense.policy.rules` (``ts001_latest_tag``).
        self.module_name = module_name
        self.code = code
        self.name = name
        self.severity = severity
        self.default_enabled = default_enabled
        #: Whether a digest silences the rule (TS001-TS005: a digest pins the image).
        self.digest_pins = digest_pins
        #: Whether the rule judges a name a build gives its result (compose's ``image:``
        #: beside ``build:``): that image is made here, not pulled, so pins mean nothing.
        self.judges_built = judges_built
        #: Whether the rule judges registry answers only (TS013): without registry access
        #: (``tagsense check --fix``, ``registry = true``) it says nothing.
        self.needs_registry = needs_registry
        #: Whether the rule judges each file once its findings are known (``check_file``:
        #: TS900) rather than each reference (``check``).
        self.file_level = file_level
        #: Each option's key and default value (the module's ``OPTIONS`` declare the rest).
        self.option_defaults: Mapping[str, Any] = dict(options or {})
        #: The option without which the rule says nothing (TS008's ``allowed-registries``):
        #: while it is unset, the engine does not run (nor import) the rule.
        self.inert_without = inert_without
        self._module: ModuleType | None = None

    @property
    def module(self) -> ModuleType:
        """The rule's module (imported on first use: its check and its documentation)."""
        module = self._module
        if module is None:
            import sys

            # (__import__ rather than importlib: a one-file check should not import importlib.)
            full = f"{__package__}.{self.module_name}"
            __import__(full)
            module = self._module = sys.modules[full]
        return module

    @property
    def options(self) -> tuple[Option, ...]:
        """The options the rule declares: key, default, validator, description."""
        return tuple(getattr(self.module, "OPTIONS", ()))

    @property
    def doc(self) -> str:
        """The documentation: the module's docstring."""
        return (self.module.__doc__ or "").strip()

    @property
    def run(self) -> Callable[[Subject, Mapping[str, Any]], Iterator[Verdict]] | None:
        """The check of each reference; ``None`` for a file-level rule."""
        if self.file_level:
            return None
        check: Callable[[Subject, Mapping[str, Any]], Iterator[Verdict]] = self.module.check
        return check

    @property
    def run_file(self) -> Callable[[FileSubject, Mapping[str, Any]], Iterator[Verdict]] | None:
        """The check of each file once its findings are known (TS900); ``None`` otherwise."""
        if not self.file_level:
            return None
        check: Callable[[FileSubject, Mapping[str, Any]], Iterator[Verdict]] = (
            self.module.check_file
        )
        return check

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.splitlines()[0] if self.doc else ""

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"


def glob_list(value: Any, what: str) -> tuple[str, ...] | None:
    """Validate an option that is a list of glob patterns (``None``: not set)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ValueError(f"must be a list of {what} (strings)")
    from ..._glob import compile_glob

    for item in value:
        compile_glob(item)  # a malformed glob is a configuration error
    return tuple(value)


def tags_never_move(ref: Reference) -> bool:
    """Whether the registry never moves a published tag (``registry.k8s.io``: the Kubernetes
    image promoter refuses tag moves), so that no tag of it floats, whatever it says."""
    from ..._vocabulary import IMMUTABLE_TAG_REGISTRIES

    return ref.registry in IMMUTABLE_TAG_REGISTRIES


def pins_a_build(tag: Tag) -> bool:
    """Whether a tag names one build, by its date, revision or commit (``jammy-20240111``,
    ``7.2-debian-12-r5``): whatever else it says, it does not move."""
    return tag.date is not None or tag.revision is not None or tag.sha is not None


def names_an_lts_release(tag: Tag) -> bool:
    """Whether the tag's ``lts`` follows its version (``24.03-lts-sp1``, ``2.440-lts``): the
    kind of release the version is, as its publisher names it (openEuler's "24.03 LTS SP1",
    a Long Term Support release), not a channel that moves to another release (``lts``,
    ``lts-alpine``, ``lts-jdk17``); how precise the version is stays TS004's question.

    >>> from tagsense.tag import parse_tag
    >>> [names_an_lts_release(parse_tag(t)) for t in ("24.03-lts-sp1", "lts-jdk17", "20-lts")]
    [True, False, True]
    >>> names_an_lts_release(parse_tag("lts-20.04")), names_an_lts_release(parse_tag("2022-latest"))
    (False, False)
    """
    if tag.version is None or tag.alias is None or tag.alias.lower() != "lts":
        return False
    kinds = [token.kind for token in tag.tokens]
    return any(
        kind == "alias" and index > 0 and kinds[index - 1] == "version"
        for index, kind in enumerate(kinds)
    )


def names_no_version(tag: Tag) -> bool:
    """Whether a tag says neither a version, a channel nor a build (``slim``, ``dev``): it
    moves with every release. TS003 reports it; TS005 leaves a prerelease word of it
    (``dev``, ``beta``) to TS003, so that one word is one finding."""
    return tag.version is None and tag.alias is None and not pins_a_build(tag)
