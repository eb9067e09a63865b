"""What registries said about references, as the policy reads it: a shared value, no I/O.

:func:`tagsense.registry.answer` asks the registries and makes these values;
:func:`tagsense.check` takes them (``answers=``) and gives them to the rules
(``Subject.answer``): so the policy judges registry facts without ever doing
network I/O, and a check with the same answers gives the same findings.

>>> from tagsense import parse_reference
>>> answer = RegistryAnswer(parse_reference("python:3.12-slim"), digest="sha256:…",
...                         precise="3.12.8-slim")
>>> answer.exists, answer_key(parse_reference("python:3.12-slim@sha256:ab" + "0" * 62))
(True, <Reference('docker.io/library/python:3.12-slim')>)
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from .reference import Reference

__all__ = ["MISSING", "RegistryAnswer", "answer_key", "index_answers"]

#: What :attr:`RegistryAnswer.missing` may say the registry does not have.
MISSING = ("tag", "repository")


def answer_key(reference: Reference) -> Reference:
    """The reference an answer is about: its tag (``latest`` when none is written), no digest."""
    return reference.with_digest(None).with_tag(reference.tag or "latest")


class RegistryAnswer:
    """What a registry said about one reference's tag.

    - ``reference``: what was asked (see :func:`answer_key`);
    - ``digest``: the digest the tag points at today;
    - ``missing``: ``"tag"`` or ``"repository"`` when the registry has no such
      tag (or no such repository): pulling it fails; else ``None``;
    - ``precise``: the most precise tag of the same shape whose digest is the
      tag's today (``3.12-slim`` → ``3.12.8-slim``), when it was asked for and
      found (see :func:`tagsense.registry.precise_tag`);
    - ``finer``: whether the repository has tags that refine this tag's version
      (``7.2`` → ``7.2.4``), when its tags were listed; ``False`` says the
      version is as precise as the image's tags get (``gb-frontend:v5`` with
      only ``v1`` … ``v6``); ``None`` when not asked;
    - ``error``: why the registry could not answer (one line), else ``None``.
    """

    __slots__ = ("digest", "error", "finer", "missing", "precise", "reference")

    reference: Reference
    digest: str | None
    missing: str | None
    precise: str | None
    finer: bool | None
    error: str | None

    def __init__(
        self,
        reference: Reference,
        *,
        digest: str | None = None,
        missing: str | None = None,
        precise: str | None = None,
        finer: bool | None = None,
        error: str | None = None,
    ) -> None:
        if missing is not None and missing not in MISSING:
            raise ValueError(f"missing must be one of {', '.join(MISSING)}, not {missing!r}")
        object.__setattr__(self, "reference", answer_key(reference))
        object.__setattr__(self, "digest", digest)
        object.__setattr__(self, "missing", missing)
        object.__setattr__(self, "precise", precise)
        object.__setattr__(self, "finer", finer)
        object.__setattr__(self, "error", error)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"RegistryAnswer is immutable: cannot set {name!r}")

    @property
    def exists(self) -> bool | None:
        """Whether the tag exists: ``None`` when the registry could not say."""
        if self.missing is not None:
            return False
        return None if self.digest is None else True

    def _key(self) -> tuple[object, ...]:
        return (self.reference, self.digest, self.missing, self.precise, self.error)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RegistryAnswer):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[object, ...]:
        return (_answer, self._key())

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={value!r}"
            for name, value in zip(
                ("digest", "missing", "precise", "error"), self._key()[1:], strict=True
            )
            if value is not None
        )
        return f"<RegistryAnswer {self.reference.familiar}{': ' + fields if fields else ''}>"


def _answer(
    reference: Reference,
    digest: str | None,
    missing: str | None,
    precise: str | None,
    error: str | None,
) -> RegistryAnswer:
    return RegistryAnswer(reference, digest=digest, missing=missing, precise=precise, error=error)


def index_answers(
    answers: Mapping[Reference, RegistryAnswer] | Iterable[RegistryAnswer] | None,
) -> dict[Reference, RegistryAnswer]:
    """Answers by the reference they are about (a mapping's values, or the answers given)."""
    if answers is None:
        return {}
    values = answers.values() if hasattr(answers, "values") else answers
    return {answer.reference: answer for answer in values}
