"""Properties of reference parsing, checked on generated input."""

from __future__ import annotations

import pickle

from hypothesis import example, given
from hypothesis import strategies as st

from tagsense import InvalidReference, Reference, TagsenseError, parse_reference
from tagsense import _grammar as g
from tagsense._parse import parse_slow

from . import oracle
from .strategies import any_input, references


def outcome(text: str, normalize: bool) -> tuple[str, object]:
    try:
        ref = parse_reference(text, normalize=normalize)
    except InvalidReference as error:
        return ("error", error.kind)
    return ("ok", (ref.registry, ref.repository, ref.tag, ref.digest))


@given(references(valid_parts=True), st.booleans())
@example("[0]/0", True)
def test_canonical_string_round_trips(text: str, normalize: bool) -> None:
    try:
        ref = parse_reference(text, normalize=normalize)
    except InvalidReference as error:
        # Only length limits and upper case can refuse well-formed parts, and
        # (Docker quirk) a bracketed host without ':' when normalising, which
        # reads as a Docker Hub namespace: "[0]/x" is docker.io/[0]/x.
        bracketed = normalize and text.startswith("[") and ":" not in text.split("/")[0]
        assert error.kind in {"name-too-long", "uppercase", "identifier-as-name"} or (
            bracketed and error.kind == "invalid-format"
        )
        return
    again = parse_reference(str(ref), normalize=normalize)
    assert again == ref
    assert str(again) == str(ref)
    assert hash(again) == hash(ref)
    assert pickle.loads(pickle.dumps(ref)) == ref


@given(references(valid_parts=True))
@example("0.0_0/0")
@example("[0]/0")
@example("docker.io/0.0/0")
@example("docker.io/0.0_0/0")
def test_normalisation_is_idempotent(text: str) -> None:
    try:
        ref = parse_reference(text)
    except InvalidReference:
        return
    assert parse_reference(str(ref)) == ref
    first = ref.familiar_name.split("/")[0]
    if (
        ref.registry == "docker.io"
        and "/" in ref.familiar_name
        and ("." in first or first == "localhost")
    ):
        # Docker quirk, kept: FamiliarString drops docker.io even when the
        # namespace then reads as a registry ("docker.io/0.0/x" -> "0.0/x").
        # (or, when it is no valid host either, as a path with no registry)
        assert parse_reference(ref.familiar).registry in {first, ""}
    else:
        assert parse_reference(ref.familiar) == ref
    assert parse_reference(ref.normalized) == (
        ref if ref.tag or ref.digest else ref.with_tag("latest")
    )
    # Docker quirk: "0.0_0/x" looks like a host to the normaliser but is no
    # valid host to the grammar, so it stays a path with no registry.
    assert ref.registry or "." in ref.repository.split("/")[0]
    assert ref.name == "/".join(filter(None, [ref.registry, ref.repository]))
    assert ref.repository == "/".join(filter(None, [ref.namespace, ref.app]))


@given(any_input, st.booleans())
@example("", True)
@example("İmage", False)
@example("a" * 64, True)
@example("x@SHA256:" + "a" * 64, True)
def test_only_tagsense_errors_on_any_text(text: str, normalize: bool) -> None:
    try:
        parse_reference(text, normalize=normalize)
    except TagsenseError as error:
        assert isinstance(error, ValueError)
        assert isinstance(error, InvalidReference)
        assert 0 <= error.position <= len(text)
        rendered = str(error)
        assert error.reason in rendered
        assert rendered.splitlines()[-1].strip() == "^"


@given(any_input, st.booleans())
@example("a_b.c/d", True)
@example("Foo/bar", True)
@example("index.docker.io/x", True)
@example("[::1]:5000/x", True)
@example("\u212a/x", True)
@example("[0]/0", True)
def test_agrees_with_an_independent_parser(text: str, normalize: bool) -> None:
    assert outcome(text, normalize) == oracle.parse(text, normalize)


@given(any_input, st.booleans())
def test_fast_paths_agree_with_the_exact_port(text: str, normalize: bool) -> None:
    try:
        fast: object = parse_reference(text, normalize=normalize)
    except InvalidReference as error:
        fast = error.kind
    try:
        slow: object = parse_slow(text, normalize=normalize)
    except InvalidReference as error:
        slow = error.kind
    assert fast == slow


@given(any_input)
def test_backtracking_free_grammar_matches_docker_regexp(text: str) -> None:
    docker = g.reference_re().fullmatch(text)
    ours = g.split_reference_re().fullmatch(text)
    assert (docker is None) == (ours is None)
    if docker is not None and ours is not None:
        name = g.name_re().fullmatch(docker["name"])
        assert name is not None
        assert (name["domain"], name["path"], docker["tag"], docker["digest"]) == ours.group(
            "domain", "path", "tag", "digest"
        )


@given(references(valid_parts=True), st.from_regex(r"(?a)[\w][\w.-]{0,20}", fullmatch=True))
def test_with_tag_and_with_digest_build_what_parsing_builds(text: str, tag: str) -> None:
    try:
        ref = parse_reference(text)
    except InvalidReference:
        return
    tagged = ref.with_tag(tag)
    assert tagged == parse_reference(f"{ref.name}:{tag}" + (f"@{ref.digest}" if ref.digest else ""))
    assert tagged.with_tag(ref.tag) == ref
    digest = "sha256:" + "0" * 64
    assert ref.with_digest(digest).digest == digest
    assert ref.with_digest(digest).with_digest(ref.digest) == ref


def test_value_is_immutable_and_slotted() -> None:
    ref = parse_reference("redis:7")
    for attribute in ("registry", "tag", "digest", "familiar"):
        try:
            setattr(ref, attribute, "x")
        except AttributeError:
            pass
        else:  # pragma: no cover
            raise AssertionError(f"{attribute} could be set")
    assert not hasattr(ref, "__dict__")
    assert isinstance(Reference("redis:7"), Reference)
    assert Reference("redis:7") == ref
