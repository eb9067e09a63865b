"""Which tag to use instead: columns of the same shape, OS upgrades, the precise tag."""

from __future__ import annotations

import datetime
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tagsense import InvalidReference, parse_tag
from tagsense.registry import Suggestion, precise_tag, same_shape, shape, suggest

TYPE_CHECKING = False
if TYPE_CHECKING:
    import random

DATA = Path(__file__).parents[1] / "data"

# A slice of python's real tag list (tests/data/official-tags.tsv), plus older builds.
PYTHON = """
3.15.0rc1-trixie 3.15-rc-trixie 3.15.0rc1 3.15-rc 3.15.0rc1-slim-trixie 3.15-rc-slim-trixie
3.14.7-trixie 3.14-trixie 3-trixie trixie 3.14.7 3.14 3 latest 3.14.7-slim-trixie
3.14-slim-trixie 3-slim-trixie slim-trixie 3.14.7-slim 3.14-slim 3-slim slim 3.14.7-bookworm
3.14-bookworm 3-bookworm bookworm 3.14.7-slim-bookworm 3.14-slim-bookworm 3.14.7-alpine3.24
3.14-alpine3.24 3-alpine3.24 alpine3.24 3.14.7-alpine 3.14-alpine 3-alpine alpine
3.13.15-trixie 3.13-trixie 3.13.15 3.13 3.13.15-slim 3.13-slim 3.13.15-slim-bookworm
3.13-slim-bookworm 3.13.15-alpine3.23 3.13-alpine3.23 3.12.14-slim 3.12-slim 3.12.14-bookworm
3.12.14-slim-bookworm 3.12-slim-bookworm 3.12.14 3.12 3.12.13-slim 3.12.13-slim-bookworm
3.12.8-slim 3.12.8-slim-bullseye 3.12.14-slim-trixie 3.12-slim-trixie 3.12.8-slim-bookworm
3.11.16-slim 3.11-slim v3.12.15-slim 3.12.15rc1-slim 3.12.14-slim-arm64v8 3.12.14_1-slim
""".split()  # noqa: SIM905
AS_OF = datetime.date(2026, 12, 1)  # bullseye past its end of life, bookworm in extended support


def _texts(suggestion: Suggestion) -> tuple[str | None, ...]:
    return tuple(
        None if tag is None else tag.text
        for tag in (
            suggestion.patch,
            suggestion.minor,
            suggestion.major,
            suggestion.newest,
            suggestion.os_upgrade,
        )
    )


@pytest.mark.parametrize(
    ("reference", "options", "expected"),
    [
        # patch, minor, major, newest, os_upgrade
        (
            "python:3.12.8-slim",
            {},
            ("3.12.14-slim", "3.14.7-slim", "3.14.7-slim", "3.14.7-slim", None),
        ),
        # Floating minor: no patch column, the same number of version numbers.
        ("python:3.12-slim", {}, (None, "3.14-slim", "3.14-slim", "3.14-slim", None)),
        ("python:3-slim", {}, (None, None, "3-slim", "3-slim", None)),
        # The OS release stays...
        (
            "python:3.12.8-slim-bookworm",
            {},
            ("3.12.14-slim-bookworm", "3.14.7-slim-bookworm") * 1
            + ("3.14.7-slim-bookworm", "3.14.7-slim-bookworm", None),
        ),
        # ...unless an OS upgrade is allowed (same family, no older).
        (
            "python:3.12.8-slim-bookworm",
            {"allow_os_upgrade": True},
            ("3.12.14-slim-trixie", "3.14.7-slim-trixie", "3.14.7-slim-trixie") * 1
            + ("3.14.7-slim-trixie", None),
        ),
        # Past end of life: the same version on a supported release, when there is one.
        (
            "python:3.12.8-slim-bullseye",
            {"as_of": AS_OF},
            ("3.12.8-slim-bullseye",) * 4 + (None,),  # no 3.12.8 on trixie in the list
        ),
        (
            "python:3.12.14-slim-bullseye",
            {"as_of": AS_OF},
            ("3.12.14-slim-bullseye",) * 4 + ("3.12.14-slim-trixie",),
        ),
        # Prereleases only for a prerelease.
        (
            "python:3.15.0rc1-slim-trixie",
            {},
            ("3.15.0rc1-slim-trixie", "3.15.0rc1-slim-trixie")
            + ("3.15.0rc1-slim-trixie",) * 2
            + (None,),
        ),
        (
            "python:3.15-rc-trixie",
            {},
            (None, "3.15-rc-trixie", "3.15-rc-trixie", "3.15-rc-trixie", None),
        ),
        # No version: nothing to move along.
        ("python:latest", {}, (None, None, None, None, None)),
        ("python", {}, (None, None, None, None, None)),
        ("python:slim-bookworm", {}, (None, None, None, None, None)),
        # A 'v', an architecture, a build number are part of the shape.
        (
            "python:v3.12.1-slim",
            {},
            ("v3.12.15-slim", "v3.12.15-slim", "v3.12.15-slim", "v3.12.15-slim", None),
        ),
        (
            "python:3.12.1-slim-arm64v8",
            {},
            ("3.12.14-slim-arm64v8",) * 4 + (None,),
        ),
        ("python:3.12.1_1-slim", {}, ("3.12.14_1-slim",) * 4 + (None,)),
    ],
)
def test_suggest(reference: str, options: dict[str, object], expected: tuple[str | None]) -> None:
    assert _texts(suggest(reference, PYTHON, **options)) == expected  # type: ignore[arg-type]


def test_a_date_tag_moves_to_the_newest_build() -> None:
    tags = ["jammy-20240111", "jammy-20240808", "noble-20241011", "jammy", "22.04"]
    result = suggest("ubuntu:jammy-20240111", tags)
    assert result.newest is not None and result.newest.text == "jammy-20240808"
    assert (result.patch, result.minor, result.major) == (None, None, None)
    assert result.outdated


def test_os_images_keep_their_release() -> None:
    tags = ["22.04", "24.04", "24.10", "20.04", "jammy"]
    assert _texts(suggest("ubuntu:22.04", tags))[:3] == (None, "22.04", "22.04")
    assert _texts(suggest("ubuntu:22.04", tags, allow_os_upgrade=True))[:3] == (
        None,
        "22.04",
        "24.10",
    )


def test_suggestion_is_an_immutable_value() -> None:
    first = suggest("python:3.12.8-slim", PYTHON)
    assert first == suggest("python:3.12.8-slim", list(reversed(PYTHON)))
    assert hash(first) == hash(suggest("python:3.12.8-slim", PYTHON))
    assert first.outdated
    assert repr(first).startswith("<Suggestion '3.12.8-slim': patch='3.12.14-slim'")
    with pytest.raises(AttributeError):
        first.patch = None  # type: ignore[misc]
    latest = suggest("python:3.14.7-slim", PYTHON)
    assert not latest.outdated


def test_bad_input() -> None:
    with pytest.raises(InvalidReference):
        suggest("Python:3", PYTHON)
    # A name in a registry's list that is no tag is skipped, not an error.
    assert suggest("python:3.12.8-slim", ["not a tag", "", "3.12.9-slim"]).patch.text == (  # type: ignore[union-attr]
        "3.12.9-slim"
    )


@pytest.mark.parametrize(
    ("tag", "exact", "family", "drop"),
    [
        (
            "3.13.0rc1-slim-bookworm",
            "<version>-slim-bookworm",
            "<version>-slim-<os:debian>",
            "<version>-slim",
        ),
        ("7.0-rc-bullseye", "<version>-bullseye", "<version>-<os:debian>", "<version>"),
        (
            "7.2.4-debian-12-r5",
            "<version>-debian-12-r<#>",
            "<version>-<os:debian>-r<#>",
            "<version>-r<#>",
        ),
        ("v1.30.0-alpine3.19", "v<version>-alpine3.19", "v<version>-<os:alpine>", "v<version>"),
        (
            "17.0.9_9-jdk-alpine3.15",
            "<version>_<#>-jdk-alpine3.15",
            "<version>_<#>-jdk-<os:alpine>",
            "<version>_<#>-jdk",
        ),
        ("jammy-20240111", "jammy-<date>", "<os:ubuntu>-<date>", "<date>"),
        ("sha-1a2b3c4d", "sha-<sha>", "sha-<sha>", "sha-<sha>"),
        ("alpine3.19", "alpine3.19", "<os:alpine>", ""),
        ("latest", "latest", "latest", "latest"),
    ],
)
def test_shape(tag: str, exact: str, family: str, drop: str) -> None:
    assert (shape(tag), shape(tag, os="family"), shape(tag, os="drop")) == (exact, family, drop)


# --- the precise tag behind a floating one -------------------------------------------------------


DIGESTS = {
    "latest": "A",
    "3": "A",
    "3.14": "A",
    "3.14.7": "A",
    "3.14.7-trixie": "A",
    "slim": "B",
    "3-slim": "B",
    "3.14-slim": "B",
    "3.14.7-slim": "B",
    "3.12-slim": "C",
    "3.12.14-slim": "C",
    "3.12.14-slim-bookworm": "C",
    "alpine": "D",
    "3.14.7-alpine": "D",
    "3.14.7-alpine3.24": "D",
    "3.15-rc-trixie": "E",
    "3.15.0rc1-trixie": "E",
    "bookworm": "F",
    "3.14.7-bookworm": "F",
}


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("python:3.12-slim", "3.12.14-slim"),
        ("python:3-slim", "3.14.7-slim"),
        ("python:3", "3.14.7"),
        ("python:latest", "3.14.7"),
        ("python", "3.14.7"),
        ("python:slim", "3.14.7-slim"),
        ("python:alpine", "3.14.7-alpine"),
        ("python:bookworm", "3.14.7-bookworm"),
        ("python:3.15-rc-trixie", "3.15.0rc1-trixie"),
        ("python:3.14.7", None),  # nothing more precise
        ("python:3.11-slim", None),  # no digest known
    ],
)
def test_precise_tag(reference: str, expected: str | None) -> None:
    asked: list[str] = []

    def digest_of(tag: str) -> str | None:
        asked.append(tag)
        return DIGESTS.get(tag)

    found = precise_tag(reference, PYTHON, digest_of, max_lookups=4)
    assert (found.text if found else None) == expected
    assert len(asked) <= 5  # the floating tag, then at most max_lookups candidates


def test_precise_tag_prefers_no_os_then_adds_one() -> None:
    tags = ["latest", "3.14.7-trixie", "3.14.7-bookworm", "3.14-trixie"]
    digests = {"latest": "A", "3.14.7-trixie": "A", "3.14-trixie": "A"}
    found = precise_tag("python", tags, digests.get)
    assert found is not None and found.text == "3.14.7-trixie"
    # ubuntu:latest names the OS family only: any release of it will do.
    found = precise_tag("ubuntu", ["24.04", "22.04", "noble"], {"latest": "U", "24.04": "U"}.get)
    assert found is not None and found.text == "24.04"


def test_precise_tag_asks_nothing_when_given_the_digest() -> None:
    asked: list[str] = []

    def digest_of(tag: str) -> str | None:
        asked.append(tag)
        return DIGESTS.get(tag)

    found = precise_tag("python:3.12-slim", PYTHON, digest_of, digest="C")
    assert found is not None and found.text == "3.12.14-slim"
    assert "3.12-slim" not in asked
    assert precise_tag("python:3.12-slim", PYTHON, digest_of, digest="C", max_lookups=0) is None


# --- properties ----------------------------------------------------------------------------------

VERSIONS = st.lists(st.integers(0, 12), min_size=1, max_size=3).map(lambda n: ".".join(map(str, n)))
PRERELEASES = st.sampled_from(["", "", "", "rc1", "-rc", "b2"])
SUFFIXES = st.sampled_from(
    ["", "-slim", "-alpine", "-alpine3.19", "-alpine3.21", "-slim-bookworm", "-slim-bullseye",
     "-bookworm", "-trixie", "-jdk", "-jre17", "-jre21-alpine", "-r1",
     "-windowsservercore-ltsc2022"]
)  # fmt: skip


@st.composite
def tag_texts(draw: st.DrawFn) -> str:
    version = draw(VERSIONS)
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["latest", "slim", "alpine", "bookworm", "stable"]))
    return (
        ("v" if draw(st.integers(0, 9)) == 0 else "") + version + draw(PRERELEASES) + draw(SUFFIXES)
    )


TAG_LISTS = st.lists(tag_texts(), max_size=30)


@given(tag_texts(), TAG_LISTS, st.booleans(), st.randoms())
@example("3.12.8-slim", ["3.12.9-slim", "3.13.0rc1-slim", "3.13-slim"], False, None)
def test_columns_are_of_the_same_shape_and_ordered(
    current: str, tags: list[str], os_upgrade: bool, shuffle: random.Random | None
) -> None:
    result = suggest(f"python:{current}", tags, allow_os_upgrade=os_upgrade, as_of=AS_OF)
    like = result.current
    columns = [result.patch, result.minor, result.major]
    for column in [*columns, result.newest]:
        if column is None:
            continue
        # Each column is the current tag or one of the list, of the same shape, never older.
        assert column.text == like.text or column.text in tags
        assert same_shape(column, like, allow_os_upgrade=os_upgrade)
        assert column.sort_key >= like.sort_key
        if like.prerelease is None:
            assert column.prerelease is None
        if not os_upgrade:
            assert column.os == like.os
    present = [column for column in columns if column is not None]
    # patch ≤ minor ≤ major, and each is the newest of its column.
    assert [c.sort_key for c in present] == sorted(c.sort_key for c in present)
    if result.patch is not None:
        assert result.patch.release[:2] == like.release[:2]
    if result.minor is not None:
        assert result.minor.release[:1] == like.release[:1]
    for tag in tags:
        other = parse_tag(tag, image="python")
        if result.major is not None and same_shape(other, like, allow_os_upgrade=os_upgrade):
            assert other.sort_key <= result.major.sort_key
    # The order of the list does not matter.
    if shuffle is not None:
        shuffled = list(tags)
        shuffle.shuffle(shuffled)
        again = suggest(f"python:{current}", shuffled, allow_os_upgrade=os_upgrade, as_of=AS_OF)
        assert again == result


@given(tag_texts(), TAG_LISTS, TAG_LISTS)
def test_tags_of_another_shape_change_nothing(
    current: str, tags: list[str], noise: list[str]
) -> None:
    like = parse_tag(current, image="python")
    others = [t for t in noise if not same_shape(parse_tag(t, image="python"), like)]
    plain = suggest(f"python:{current}", tags, as_of=AS_OF)
    noisy = suggest(f"python:{current}", tags + others, as_of=AS_OF)
    assert _texts(plain)[:4] == _texts(noisy)[:4]


@given(tag_texts(), TAG_LISTS)
def test_the_newest_suggests_itself(current: str, tags: list[str]) -> None:
    first = suggest(f"python:{current}", tags, as_of=AS_OF)
    if first.major is None:
        return
    again = suggest(f"python:{first.major.text}", tags, as_of=AS_OF)
    assert again.major is not None and again.major.text == first.major.text


@given(tag_texts(), TAG_LISTS, st.data())
def test_precise_tag_has_the_digest_and_more_numbers(
    current: str, tags: list[str], data: st.DataObject
) -> None:
    digests = {tag: data.draw(st.sampled_from("ABC"), label=tag) for tag in [current, *tags]}
    asked: list[str] = []

    def digest_of(tag: str) -> str | None:
        asked.append(tag)
        return digests.get(tag)

    found = precise_tag(f"python:{current}", tags, digest_of, max_lookups=5)
    assert len(asked) <= 6
    if found is None:
        return
    like = parse_tag(current, image="python")
    assert digests[found.text] == digests[current]
    assert found.text in tags
    assert len(found.release) > len(like.release)
    assert found.release[: len(like.release)] == like.release
    if like.prerelease is None:
        assert found.prerelease is None


# --- the real tag lists of official images -------------------------------------------------------


def _official() -> dict[str, list[str]]:
    images: dict[str, list[str]] = defaultdict(list)
    with open(DATA / "official-tags.tsv", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(("#", "repo\t")):
                continue
            repo, tag = line.split("\t")[:2]
            images[repo].append(tag)
    return images


def test_every_official_tag_keeps_its_shape() -> None:
    images = _official()
    checked = 0
    for name in sorted(images)[::7]:  # every seventh image, all its tags
        # Parsed once: suggest() takes Tag values too, for many references of one repository.
        tags = [parse_tag(tag, image=name) for tag in images[name]]
        for current in images[name]:
            result = suggest(name + ":" + current, tags, as_of=AS_OF)
            for column in (result.patch, result.minor, result.major):
                if column is not None:
                    assert shape(column) == shape(result.current), (name, current, column)
                    assert column.sort_key >= result.current.sort_key
                    checked += 1
    assert checked > 1000
