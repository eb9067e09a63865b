"""Reference parsing: the public API, its errors, and real references."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import tagsense
from tagsense import InvalidReference, Reference, TagsenseError, parse_reference

DATA = Path(__file__).parent / "data"

# --- the parts, one row a case (as distribution/reference's tests) ----------

PARTS = [
    # text, registry, namespace, app, repository, tag, digest, familiar
    ("redis", "docker.io", "library", "redis", "library/redis", None, None, "redis"),
    (
        "redis:7.0-rc-bullseye",
        "docker.io",
        "library",
        "redis",
        "library/redis",
        "7.0-rc-bullseye",
        None,
        "redis:7.0-rc-bullseye",
    ),
    (
        "bitnami/redis:7",
        "docker.io",
        "bitnami",
        "redis",
        "bitnami/redis",
        "7",
        None,
        "bitnami/redis:7",
    ),
    ("docker.io/redis", "docker.io", "library", "redis", "library/redis", None, None, "redis"),
    (
        "index.docker.io/library/redis",
        "docker.io",
        "library",
        "redis",
        "library/redis",
        None,
        None,
        "redis",
    ),
    (
        "ghcr.io/acme/api:1.4.2",
        "ghcr.io",
        "acme",
        "api",
        "acme/api",
        "1.4.2",
        None,
        "ghcr.io/acme/api:1.4.2",
    ),
    (
        "ghcr.io/acme/team/api",
        "ghcr.io",
        "acme/team",
        "api",
        "acme/team/api",
        None,
        None,
        "ghcr.io/acme/team/api",
    ),
    ("localhost:5000/app", "localhost:5000", "", "app", "app", None, None, "localhost:5000/app"),
    ("localhost/app", "localhost", "", "app", "app", None, None, "localhost/app"),
    ("[::1]:5000/app:v1", "[::1]:5000", "", "app", "app", "v1", None, "[::1]:5000/app:v1"),
    ("Foo/bar", "Foo", "", "bar", "bar", None, None, "Foo/bar"),
    (
        "team__infra/app",
        "docker.io",
        "team__infra",
        "app",
        "team__infra/app",
        None,
        None,
        "team__infra/app",
    ),
    # Docker quirk: looks like a host to the normaliser, is none to the grammar.
    ("a_b.io/x", "", "a_b.io", "x", "a_b.io/x", None, None, "a_b.io/x"),
    (
        "alpine@sha256:" + "0" * 64,
        "docker.io",
        "library",
        "alpine",
        "library/alpine",
        None,
        "sha256:" + "0" * 64,
        "alpine@sha256:" + "0" * 64,
    ),
]


@pytest.mark.parametrize(
    ("text", "registry", "namespace", "app", "repository", "tag", "digest", "familiar"), PARTS
)
def test_parts(
    text: str,
    registry: str,
    namespace: str,
    app: str,
    repository: str,
    tag: str | None,
    digest: str | None,
    familiar: str,
) -> None:
    ref = parse_reference(text)
    assert (ref.registry, ref.namespace, ref.app, ref.repository) == (
        registry,
        namespace,
        app,
        repository,
    )
    assert (ref.tag, ref.digest, ref.familiar) == (tag, digest, familiar)
    assert ref.name == "/".join(filter(None, [registry, repository]))


def test_normalized_makes_the_implied_tag_explicit() -> None:
    assert parse_reference("redis").normalized == "docker.io/library/redis:latest"
    assert parse_reference("redis:7").normalized == "docker.io/library/redis:7"
    digest = "sha256:" + "a" * 64
    assert parse_reference(f"redis@{digest}").normalized == f"docker.io/library/redis@{digest}"
    assert parse_reference(f"redis:7@{digest}").normalized == f"docker.io/library/redis:7@{digest}"


def test_without_normalisation_nothing_is_added() -> None:
    ref = parse_reference("redis", normalize=False)
    assert (ref.registry, ref.repository, str(ref), ref.familiar) == ("", "redis", "redis", "redis")
    # Docker's Parse takes any valid host-shaped first component as the domain.
    assert parse_reference("foo/bar", normalize=False).registry == "foo"
    assert parse_reference("docker.io/redis", normalize=False).repository == "redis"


def test_equality_and_hash_use_the_canonical_form() -> None:
    forms = ["redis", "docker.io/redis", "library/redis", "index.docker.io/library/redis"]
    refs = {parse_reference(text) for text in forms}
    assert len(refs) == 1
    assert parse_reference("redis") != parse_reference("redis:latest")
    assert parse_reference("redis") != "docker.io/library/redis"
    assert repr(parse_reference("redis:7")) == "<Reference('docker.io/library/redis:7')>"


def test_with_tag_and_with_digest_validate() -> None:
    ref = parse_reference("busybox:1.36")
    assert str(ref.with_tag("1.37")) == "docker.io/library/busybox:1.37"
    assert ref.with_tag(None).tag is None
    with pytest.raises(InvalidReference) as info:
        ref.with_tag("-foo")
    assert (info.value.kind, info.value.position) == ("invalid-tag", 0)
    with pytest.raises(InvalidReference) as info:
        ref.with_tag("")
    assert info.value.kind == "invalid-tag"
    with pytest.raises(InvalidReference) as info:
        ref.with_digest("foo")
    assert info.value.kind == "invalid-digest"
    digest = "sha256:" + "b" * 64
    assert ref.with_digest(digest).familiar == f"busybox:1.36@{digest}"


# --- errors: kind, position, message ----------------------------------------

ERRORS = [
    # text, kind, position, words in the reason
    ("", "empty", 0, "empty"),
    ("redis:7 alpine", "invalid-format", 7, "space"),
    ("redis:", "invalid-format", 6, "empty tag"),
    ("redis:" + "x" * 129, "invalid-format", 6 + 128, "128"),
    ("redis:-1", "invalid-format", 6, "tag must start"),
    ("a//b", "invalid-format", 2, "//"),
    ("-redis", "invalid-format", 0, "start with a letter or digit"),
    ("redis-", "invalid-format", 5, "end with a letter or digit"),
    ("re..dis", "invalid-format", 2, "separator"),
    ("https://github.com/docker/docker", "invalid-format", 6, "port"),
    ("localhost:/app", "invalid-format", 10, "empty port"),
    ("[::1/app", "invalid-format", 4, "IPv6"),
    ("Redis", "uppercase", 0, "lowercase"),
    ("ghcr.io/Acme/api", "uppercase", 8, "lowercase"),
    ("x" * 256, "name-too-long", 255 - len("library/"), "255"),
    ("ghcr.io/" + "x" * 256, "name-too-long", 8 + 255, "255"),
    ("a" * 64, "identifier-as-name", 0, "image ID"),
    ("redis@sha256:" + "a" * 63, "digest-length", 13 + 63, "64 hex digits"),
    ("redis@sha256:" + "A" * 64, "invalid-digest", 13, "lower-case"),
    ("redis@md5:" + "a" * 32, "unsupported-digest", 6, "md5"),
    ("redis@sha256:abc", "invalid-format", 16, "at least 32"),
]


@pytest.mark.parametrize(("text", "kind", "position", "words"), ERRORS)
def test_errors_say_what_and_where(text: str, kind: str, position: int, words: str) -> None:
    with pytest.raises(InvalidReference) as info:
        parse_reference(text)
    error = info.value
    assert (error.kind, error.position, error.text) == (kind, position, text)
    assert words in error.reason
    assert isinstance(error, TagsenseError)
    assert isinstance(error, ValueError)
    assert error.kind in tagsense.REFERENCE_ERROR_KINDS


def test_the_message_shows_a_caret_under_the_position() -> None:
    with pytest.raises(InvalidReference) as info:
        parse_reference("redis:7 alpine")
    assert str(info.value) == (
        "invalid reference: a space is not allowed in a reference\n  redis:7 alpine\n         ^"
    )


def test_long_inputs_are_shown_around_the_position() -> None:
    text = "a" * 200 + " " + "b" * 200
    with pytest.raises(InvalidReference) as info:
        parse_reference(text)
    shown, caret = str(info.value).splitlines()[1:]
    assert len(shown) < 140
    assert shown[len(caret) - 1] == " "  # the caret is under the space


def test_errors_pickle() -> None:
    import pickle

    with pytest.raises(InvalidReference) as info:
        parse_reference("a b")
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.kind, again.text, again.position, again.reason) == (
        info.value.kind,
        info.value.text,
        info.value.position,
        info.value.reason,
    )


def test_non_strings_are_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_reference(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_reference(b"redis")  # type: ignore[arg-type]


# --- no input makes the parser super-linear ---------------------------------

ADVERSARIAL = {
    "long name": "a" * 100_000,
    "long name, then a bad char": "a" * 100_000 + "!",
    "dashes": "a" + "-" * 100_000 + "!",
    "separators": "a." * 50_000 + "!",
    "underscores": "a_" * 50_000 + "/",
    "components": "a/" * 50_000 + "!",
    "host labels": "a." * 50_000 + "/b:",
    "hyphenated labels": "a-b." * 25_000 + "-/x",
    "ports": "a:" * 50_000,
    "ipv6": "[" + ":" * 100_000,
    "tag": "a:" + "b" * 100_000,
    "digest": "a@sha256:" + "0" * 100_000,
    "digest algorithm": "a@" + "a+" * 50_000,
    "upper case": "A" * 100_000,
    "at signs": "@" * 100_000,
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_adversarial_inputs_are_refused_promptly(text: str) -> None:
    # A generous bound: linear work on 100k characters takes milliseconds;
    # quadratic backtracking would take minutes.
    start = time.perf_counter()
    for normalize in (True, False):
        with pytest.raises(InvalidReference) as info:
            parse_reference(text, normalize=normalize)
        assert 0 <= info.value.position <= len(text)
        str(info.value)
    assert time.perf_counter() - start < 5.0


# --- real references ---------------------------------------------------------


def corpus_references() -> list[str]:
    references = []
    for name in ("official-tags.tsv", "other-tags.tsv"):
        for line in (DATA / name).read_text().splitlines():
            if line.startswith(("#", "repo\t", "image\t")):
                continue
            image, tag = line.split("\t")[:2]
            references.append(f"{image}:{tag}")
    return references


def test_every_real_tag_parses_and_round_trips() -> None:
    references = corpus_references()
    assert len(references) > 20_000
    for text in references:
        ref = parse_reference(text)
        image, _, tag = text.rpartition(":")
        assert ref.tag == tag
        assert ref.app == image.rpartition("/")[2]
        assert parse_reference(str(ref)) == ref
        assert parse_reference(ref.familiar) == ref


# --- the package -------------------------------------------------------------


def test_public_api() -> None:
    assert set(tagsense.__all__) >= {
        "parse_reference",
        "Reference",
        "TagsenseError",
        "InvalidReference",
    }
    for name in tagsense.__all__:
        assert getattr(tagsense, name) is not None
    assert isinstance(Reference("redis"), Reference)
    assert tagsense.__version__.count(".") == 2
    assert (Path(tagsense.__file__).parent / "py.typed").exists()


def test_import_is_cheap() -> None:
    code = (
        "import sys, tagsense; "
        "print(sorted(m for m in ('re', 'typing', 'packaging', 'pyparsing', 'yaml', 'json', "
        "'argparse') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
