"""Every test vector of Docker's distribution/reference, run against its tagsense equivalent.

The vectors (tests/data/reference-vectors.json) name the Go function each
upstream test called; ``RUNNERS`` maps each to the tagsense API that does the
same job. One deliberate difference, from the vectors' own README: the
upstream test binary does not link sha512, so it expects ``sha512:`` digests to
be unsupported; real docker and containerd accept them, and so does tagsense.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tagsense import InvalidPattern, InvalidReference, Reference, parse_reference
from tagsense import _grammar as g

if TYPE_CHECKING:
    from collections.abc import Callable

DATA = json.loads((Path(__file__).parent / "data" / "reference-vectors.json").read_text())
VECTORS: list[dict[str, Any]] = DATA["vectors"]

#: Go error -> InvalidReference.kind, for the parse functions.
KINDS = {
    "ErrNameEmpty": "empty",
    "ErrReferenceInvalidFormat": "invalid-format",
    "ErrNameContainsUppercase": "uppercase",
    "ErrNameTooLong": "name-too-long",
    "digest.ErrDigestInvalidLength": "digest-length",
    "digest.ErrDigestUnsupported": "unsupported-digest",
    "digest.ErrDigestInvalidFormat": "invalid-digest",
}

#: Vectors where real Docker differs from the upstream test binary (see module doc).
REAL_DOCKER_ACCEPTS = {
    "validname@sha512:" + "f" * 128,
}


def _optional(value: str | None) -> str:
    return "" if value is None else value


def check_fields(vector: dict[str, Any], ref: Reference) -> None:
    expected = {
        "domain": ref.registry,
        "path": ref.repository,
        "tag": _optional(ref.tag),
        "digest": _optional(ref.digest),
        "name": ref.name,
        "string": str(ref),
        "familiar": ref.familiar,
    }
    for field, actual in expected.items():
        if vector.get(field) is not None:
            assert actual == vector[field], field


def check_error(vector: dict[str, Any], call: Callable[[], object]) -> None:
    with pytest.raises(InvalidReference) as info:
        call()
    if vector["error"] in KINDS:
        assert info.value.kind == KINDS[vector["error"]]
    assert 0 <= info.value.position <= len(info.value.text)


def run_parse(vector: dict[str, Any], *, normalize: bool) -> None:
    text = vector["input"]
    if vector["valid"] or text in REAL_DOCKER_ACCEPTS:
        ref = parse_reference(text, normalize=normalize)
        check_fields(vector, ref)
        # the canonical string parses back to the same value
        assert parse_reference(str(ref), normalize=normalize) == ref
    else:
        check_error(vector, lambda: parse_reference(text, normalize=normalize))


def with_name(text: str) -> Reference:
    """Docker's WithName: a name alone, no tag or digest."""
    ref = parse_reference(text, normalize=False)
    if ref.tag is not None or ref.digest is not None:
        raise InvalidReference("invalid-format", text, len(ref.name), "not a bare name")
    return ref


def parse_any(text: str) -> Reference | str:
    """Docker's ParseAnyReference: an image ID or a bare digest stays a digest string."""
    if g.identifier_re().fullmatch(text):
        return "sha256:" + text
    try:
        return str(parse_reference("name@" + text).digest)
    except InvalidReference:
        return parse_reference(text)


def run_vector(vector: dict[str, Any]) -> None:
    func, text = vector["func"], vector["input"]
    if func == "Parse":
        run_parse(vector, normalize=False)
    elif func == "ParseNormalizedNamed":
        run_parse(vector, normalize=True)
    elif func == "ParseNamed":
        # ParseNamed: ParseNormalizedNamed, and the input must already be canonical.
        canonical = str(parse_reference(text)) == text
        assert canonical == vector["valid"]
        if vector["valid"]:
            check_fields(vector, parse_reference(text))
    elif func == "ParseDockerRef":
        ref = parse_reference(text)
        pulled = ref.with_tag(None) if ref.digest else ref
        assert pulled.normalized == vector["string"]
    elif func == "ParseAnyReference":
        parsed = parse_any(text)
        if isinstance(parsed, str):
            assert vector["name"] == ""
            assert parsed == vector["digest"] == vector["string"]
        else:
            check_fields(vector, parsed)
    elif func == "ParseAnyReference+FamiliarMatch":
        parsed = parse_any(text)
        assert isinstance(parsed, Reference)
        if vector.get("match_error"):
            with pytest.raises(InvalidPattern):
                parsed.matches(vector["pattern"])
        else:
            assert parsed.matches(vector["pattern"]) == vector["match"]
    elif func.startswith("WithName"):
        if not vector["valid"]:
            with pytest.raises(InvalidReference) as info:
                with_name(text)
            if vector["error"] == "ErrNameTooLong":
                assert info.value.kind == "name-too-long"
            return
        ref = with_name(text)
        for step in func.split("+")[1:]:
            if step == "WithTag":
                ref = ref.with_tag(vector["tag"])
            else:
                ref = ref.with_digest(vector["digest"])
        check_fields(vector, ref)
    elif func == "ParseNormalizedNamed+WithTag":
        with pytest.raises(InvalidReference) as info:
            parse_reference(text).with_tag(vector["tag"])
        assert info.value.kind == "invalid-tag"
    elif func == "ParseNormalizedNamed+WithDigest":
        with pytest.raises(InvalidReference) as info:
            parse_reference(text).with_digest(vector["digest"])
        assert info.value.kind == "invalid-digest"
    elif func.startswith("regexp:"):
        run_regexp(vector)
    else:  # pragma: no cover - a new kind of vector must get a runner
        raise AssertionError(f"no runner for {func}")


REGEXPS = {
    "regexp:DomainRegexp(anchored)": g.domain_re(),
    "regexp:anchoredNameRegexp": g.name_re(),
    "regexp:ReferenceRegexp": g.reference_re(),
    "regexp:anchoredIdentifierRegexp": g.identifier_re(),
}


def run_regexp(vector: dict[str, Any]) -> None:
    m = REGEXPS[vector["func"]].fullmatch(vector["input"])
    assert (m is not None) == vector["valid"]
    if m is None:
        return
    groups = m.groupdict()
    for field, group in (
        ("domain", "domain"),
        ("path", "path"),
        ("name", "name"),
        ("tag", "tag"),
        ("digest", "digest"),
    ):
        if group in groups and vector.get(field) is not None:
            assert _optional(groups[group]) == vector[field], field


@pytest.mark.parametrize(
    "vector",
    VECTORS,
    ids=[f"{i}-{v['func']}-{v['input'][:40]}" for i, v in enumerate(VECTORS)],
)
def test_vector(vector: dict[str, Any]) -> None:
    run_vector(vector)


def test_all_vectors_are_present() -> None:
    assert len(VECTORS) == 353
