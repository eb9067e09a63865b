"""Tag anatomy properties: composed tags give their parts back, any tag parses, order is total."""

from __future__ import annotations

from hypothesis import assume, example, given
from hypothesis import strategies as st

from tagsense import parse_tag
from tagsense.tag import TOKEN_KINDS

# Parts a publisher composes a tag from (real vocabulary, one of each kind).
VERSIONS = st.lists(st.integers(0, 40), min_size=1, max_size=4).map(
    lambda numbers: ".".join(map(str, numbers))
)
PRERELEASES = st.sampled_from([None, "rc", "rc1", "beta.1", "preview.7", "ea-46", "M1", "SNAPSHOT"])
VARIANTS = st.sampled_from([None, "jdk", "jre17", "fpm", "apache", "cli", "php8.3", "go1.21.5"])
OSES = st.sampled_from(
    [
        None,
        ("alpine3.19", "alpine", "3.19"),
        ("bookworm", "debian", "12"),
        ("jammy", "ubuntu", "22.04"),
        ("ubi9", "ubi", "9"),
        ("debian-11", "debian", "11"),
        ("al2023", "amazonlinux", "2023"),
    ]
)
FLAVOURS = st.sampled_from([None, "slim", "minimal", "nonroot", "debug", "headless"])
ARCHES = st.sampled_from([None, "amd64", "arm64v8", "arm32v7", "ppc64le", "s390x"])


@given(VERSIONS, st.booleans(), PRERELEASES, VARIANTS, OSES, FLAVOURS, ARCHES)
def test_composed_tags_give_their_parts_back(
    version: str,
    v_prefix: bool,
    prerelease: str | None,
    variant: str | None,
    os: tuple[str, str, str] | None,
    flavour: str | None,
    arch: str | None,
) -> None:
    parts = [("v" if v_prefix else "") + version]
    if prerelease is not None:
        parts.append(prerelease)
    if variant is not None:
        parts.append(variant)
    if os is not None:
        parts.append(os[0])
    if flavour is not None:
        parts.append(flavour)
    if arch is not None:
        parts.append(arch)
    tag = parse_tag("-".join(parts))
    assert tag.version == version
    assert tag.release == tuple(int(n) for n in version.split("."))
    assert tag.precision == ("major", "minor", "patch")[min(len(tag.release), 3) - 1]
    assert tag.prerelease == prerelease
    assert tag.variants == (() if variant is None else (variant,))
    if os is None:
        assert tag.os is None
    else:
        assert tag.os is not None
        assert (tag.os.family, tag.os.version) == os[1:]
    assert tag.flavours == (() if flavour is None else (flavour,))
    assert tag.arch == arch
    assert not tag.has_unknown


TAGS = st.from_regex(r"(?a)[\w][\w.-]{0,30}", fullmatch=True) | st.from_regex(
    r"(?a)[\w][\w.-]{100,127}", fullmatch=True
)
IMAGES = st.sampled_from(
    [None, "ubuntu", "debian", "node", "ros", "mcr.microsoft.com/windows/servercore"]
)


@given(TAGS, IMAGES)
@example("a.0", None)
@example("_", None)
@example("1809", "mcr.microsoft.com/windows/servercore")
@example("0.0.0.0.0-0-0-0", "debian")
def test_any_tag_the_grammar_allows_is_explained(text: str, image: str | None) -> None:
    tag = parse_tag(text, image=image)
    previous_end = 0
    for token in tag.tokens:
        assert token.kind in TOKEN_KINDS
        assert previous_end <= token.start < token.end <= len(text)
        assert text[token.start : token.end] == token.text
        previous_end = token.end
    # Nothing is dropped: every letter and digit belongs to a token.
    covered = {i for token in tag.tokens for i in range(token.start, token.end)}
    assert all(i in covered for i, c in enumerate(text) if c.isalnum())
    assert tag.precision in (None, "major", "minor", "patch")
    assert (tag.version is None) == (tag.precision is None)


@given(st.lists(TAGS, min_size=3, max_size=3))
def test_order_is_total_and_consistent_with_equality(texts: list[str]) -> None:
    a, b, c = (parse_tag(text) for text in texts)
    assert (a < b) + (a == b) + (a > b) == 1
    assert (a == b) == (a.sort_key == b.sort_key)
    if a <= b and b <= c:
        assert a <= c
    assume(a != b)
    assert (a < b) != (b < a)


# The plain-version shortcut (start-up time) must answer as the full shapes pattern would.
_NUMBERISH = st.text(alphabet="0123456789.vV_-uab\u0663", max_size=16)


@given(_NUMBERISH)
@example("20240111")  # a date, not a version: the full pattern's
@example("2024011.1")
@example("v3.12")
@example("V10")  # a capital V marks a version too
@example("v.1.0")  # and a dot after the mark
@example("1..2")
@example("\u0663.1")  # an Arabic-Indic digit is not a version digit
def test_the_plain_version_shortcut_agrees_with_the_shapes_pattern(part: str) -> None:
    import re

    from tagsense import _anatomy

    plain = _anatomy._plain_number(part)
    if plain is None:
        return
    full = re.compile(_anatomy._PART_SOURCE, re.VERBOSE | re.ASCII).fullmatch(part)
    assert full is not None
    assert full.lastgroup != "date" and full["date"] is None
    for group in ("number", "release", "update", "build", "pre", "vword"):
        assert plain.span(group) == full.span(group), group


def test_the_plain_version_shortcut_takes_plain_versions_only() -> None:
    from tagsense._anatomy import _plain_number

    assert [part for part in ("3.12", "v18", "1", "0.0.1") if _plain_number(part) is None] == []
    refused = ("20240111", "3.12rc1", "v", "1.", "20h2", "abc1234", "1_2", "\u0663")
    assert [part for part in refused if _plain_number(part) is not None] == []


# parse_tag reads a tag that starts with a plain version as that version and the anatomy of
# what follows (cached an image kind): the same as reading the whole tag.
_PARTS = st.sampled_from(
    [
        "alpine3.21",
        "bookworm",
        "slim",
        "jdk",
        "amd64",
        "rc",
        "rc1",
        "5",
        "1",
        "r9",
        "debian",
        "11",
        "ubuntu",
        "22.04",
        "windowsservercore",
        "ltsc2022",
        "nanoserver",
        "1809",
        "sha",
        "c8dc44cb",
        "20240111",
        "latest",
        "lts",
        "dev",
        "otp",
        "28",
        "eclipse",
        "temurin",
        "cbl",
        "mariner2.0",
        "preview.7",
        "ea",
        "beta.1",
        "x86_64",
        "386",
        "iron",
        "0",
        "10.0.17763.5576",
        "2004",
        "v1.2",
        "1.2.3",
        "95.2.beta",
        "al2023",
        "",
        "fedora",
        "heisenbug",
        "sid",
        "kinetic",
        "unstable",
        "edge",
        "sac2016",
        "ubi9",
        "jre17",
    ]
)
_HEADS = st.sampled_from(
    [
        "1",
        "3.12",
        "3.12.1",
        "v2",
        "v1.30.0",
        "8u392",
        "1809",
        "2004",
        "10.0.17763",
        "10.0.17763.5576",
        "386",
        "20240111",
        "2023.12.20260817.0",
        "0",
        "00.1",
        "9.7",
        "V10",
        "v.1.0",
        "0124",
    ]
)
_IMAGES = st.sampled_from(
    [
        None,
        "ubuntu",
        "debian",
        "alpine",
        "node",
        "ros",
        "fedora",
        "centos",
        "mcr.microsoft.com/windows/servercore",
        "mcr.microsoft.com/windows/nanoserver",
        "mcr.microsoft.com/dotnet/aspnet",
        "gcr.io/distroless/static-debian12",
        "registry.access.redhat.com/ubi9/ubi-minimal",
        "amazonlinux",
        "buildpack-deps",
    ]
)


@given(_HEADS, st.lists(_PARTS, max_size=5), _IMAGES)
@example("386", ["alpine"], None)  # an architecture, not a version
@example("1809", ["nanoserver"], None)  # a Windows release where Windows is named
@example("2023.12.20260817.0", [], "amazonlinux")  # a date inside the version
@example("3.12", [""], None)  # "3.12-": nothing after the dash
@example("1809", ["mywindows"], None)  # only the last part names Windows
@example("1", ["jdk", "temurin", "jammy"], None)  # variants and an OS added part by part
@example("1", ["eclipse", "temurin"], None)  # a compound is read whole
@example("V10", ["alpine3.21"], None)  # a capital V marks a version
@example("v.1.0", ["slim"], None)  # and a dot after the mark
@example("0124", ["amd64"], None)  # led by a zero: a build, no version
@example("V10", ["nanoserver", "ltsc2022"], "buildpack-deps")  # a Windows release: the OS
@example("3.12.1", ["11", "windowsservercore", "ltsc2022"], "alpine")  # (on any OS image)
def test_a_version_and_its_tail_read_as_the_whole_tag(
    head: str, parts: list[str], image: str | None
) -> None:
    from tests.test_tag import _read, _read_whole

    text = "-".join([head, *parts])
    assume(len(text) <= 128)
    assert _read(parse_tag(text, image=image)) == _read_whole(text, image)


# Releases newer than the data: read only from a shape that names one release.
_FAMILIES = st.sampled_from(["ubuntu", "alpine", "debian", "fedora", "photon", "sles", "rhel"])
_VERSIONS_ANY = st.lists(st.integers(0, 120), min_size=1, max_size=3).map(
    lambda numbers: ".".join(
        f"{n:02d}" if i == 1 and n < 13 else str(n) for i, n in enumerate(numbers)
    )
)


@given(_FAMILIES, _VERSIONS_ANY)
@example("ubuntu", "27.04")
@example("ubuntu", "26.10")  # in the data: listed, not unlisted
@example("debian", "16.1")
def test_a_release_is_listed_or_unlisted_never_both(family: str, version: str) -> None:
    from tagsense import os_releases

    listed = os_releases.lookup(family, version)
    unlisted = os_releases.unlisted(family, version)
    assert listed is None or unlisted is None
    if unlisted is not None:
        assert unlisted.family == family
        assert unlisted.version is not None
        assert os_releases.lookup(family, unlisted.version) is None
        assert (unlisted.released, unlisted.eol, unlisted.eol_extended) == (None, None, None)
        newest = [r for r in os_releases.releases(family) if r.version and r.version[0].isdigit()]
        assert unlisted.sort_key[3] > newest[-1].sort_key[3]  # its numbers: newer than any
        # A point release of it names it too.
        assert os_releases.unlisted(family, unlisted.version + ".3") == unlisted


@given(st.integers(27, 99), st.sampled_from(["04", "10"]))
def test_every_later_ubuntu_release_is_read(year: int, month: str) -> None:

    release = parse_tag(f"{year}.{month}", image="ubuntu").os
    assert release is not None
    assert (release.family, release.version, release.eol) == ("ubuntu", f"{year}.{month}", None)


_NAMESPACES = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True).filter(
    lambda name: name not in ("library", "redhat", "microsoft", "bitnami", "opensuse", "chainguard")
)
_OS_APPS = st.sampled_from(["ubuntu", "debian", "alpine", "fedora", "centos", "ubi", "photon"])


@given(_NAMESPACES, _OS_APPS, st.sampled_from(["", "ghcr.io/", "registry.example.com/"]))
@example(namespace="al0", app="ubuntu", registry="")  # (was read as Amazon Linux: "al" + 0)
def test_an_image_named_like_an_os_under_another_name_is_no_os_image(
    namespace: str, app: str, registry: str
) -> None:
    from tagsense._anatomy import _glued_os, os_image_family

    release = _glued_os(namespace)
    # (a namespace that names an OS release, el4 or ubi9, is the image's OS: ubi9/ubi-minimal)
    assume(release is None or release.version is None)
    assert os_image_family(f"{registry}{namespace}/{app}") is None
    assert parse_tag("v18", image=f"{registry}{namespace}/{app}").os is None


# An image of one path component is read as library/ and the name (one reference pattern
# compiled for every image): the same reference, or an error for both.
@given(
    st.text(alphabet="abcxyzABC019._-:@/", max_size=12)
    | st.from_regex(r"(?a)[a-z0-9._-]{1,70}", fullmatch=True)
)
@example("redis")
@example("redis:7.2")
@example("Redis")
@example("localhost:5000")
@example("redis@sha256:" + "a" * 64)
@example("a" * 64)
def test_a_name_of_one_component_reads_as_the_official_image(name: str) -> None:
    from tagsense import InvalidReference, parse_reference

    assume("/" not in name and len(name) != 64)

    def read(text: str) -> object:
        try:
            ref = parse_reference(text)
        except InvalidReference:
            return None
        return (ref.name, ref.familiar_name, ref.repository, ref.tag, ref.digest)

    assert read(name) == read("library/" + name)


# Words a model's name is made of (weaviate's modules are tagged by the model they serve).
NAME_WORDS = st.lists(
    st.sampled_from(["sentence", "transformers", "MiniLM", "cross", "encoder", "bge", "en", "cos"]),
    min_size=3,
    max_size=6,
)
MODEL_NUMBERS = st.sampled_from(["v1", "v1.5", "6", "8M", "v2", "32"])


@given(NAME_WORDS, MODEL_NUMBERS, st.tuples(*[st.integers(0, 30)] * 3), st.booleans())
def test_a_name_of_several_words_keeps_its_numbers(
    words: list[str], model: str, release: tuple[int, int, int], pinned: bool
) -> None:
    """A tag that opens with a name of three words or more: the name's numbers are never the
    image's version; a full version after it is, and pins the image."""
    version = ".".join(map(str, release))
    tag = parse_tag("-".join([*words, model, *([version] if pinned else [])]))
    assert tag.prerelease is None
    if pinned:
        assert (tag.version, tag.release, tag.is_floating) == (version, release, False)
    else:
        assert (tag.version, tag.is_floating) == (None, True)


@given(
    st.sampled_from(["stable", "unstable", "latest", "edge", "nightly", "lts", "mainline"]),
    st.integers(1000, 99_999_999)
    .map(str)
    .filter(lambda n: not (len(n) in (4, 8) and n[:2] in ("19", "20"))),
    st.sampled_from(["", "-1", "-2"]),
    st.sampled_from(["jitsi/web", "acme/app", "ghcr.io/acme/app"]),
)
def test_a_build_number_after_a_leading_channel_is_one_build(
    channel: str, number: str, rebuild: str, image: str
) -> None:
    # jitsi's stable-9584 (and its rebuild stable-9584-1) is one release of the channel
    tag = parse_tag(f"{channel}-{number}{rebuild}", image=image)
    assert tag.alias == channel
    assert tag.revision == number or tag.date is not None  # (370501 may read as a date)
    assert tag.version is None
    assert not tag.is_floating


@given(
    st.sampled_from(["stable", "beta", "lts", "esr"]),
    st.integers(0, 999).map(str) | st.integers(1900, 2099).map(str),
)
def test_a_short_number_after_a_leading_channel_still_floats(channel: str, number: str) -> None:
    # wordpress's beta-5 follows the 5.x betas; a major (esr-128) is not a build, nor a year
    # (nuxeo's LTS-2015)
    assert parse_tag(f"{channel}-{number}", image="acme/app").is_floating


# A word and its version, the version's dots written `_` (PyTorch's py3_10 and cuda11_8,
# GSA's catalog-db:inventory2_8): read as the word with the dots, its text as written.
_GLUED_WORDS = st.sampled_from(
    ["py", "python", "php", "cuda", "torch", "inventory", "ckan", "alpine", "ubuntu", "el", "jdk"]
)


@given(
    _GLUED_WORDS,
    st.lists(st.integers(0, 120), min_size=2, max_size=3),
    st.sampled_from(["", "3.9-", "1.2.3-", "v2-"]),
    st.sampled_from(["", "-slim", "-fpm", "-amd64", "-bookworm"]),
    st.sampled_from([None, "acme/app", "node"]),
)
@example("inventory", [2, 8], "", "", "datagov/catalog-db")
@example("el", [7, 9], "", "", None)
def test_a_word_s_version_written_with_underscores_reads_as_with_dots(
    word: str, numbers: list[int], before: str, after: str, image: str | None
) -> None:
    glued = word + "_".join(map(str, numbers))
    text = before + glued + after
    tag = parse_tag(text, image=image)
    dotted = parse_tag(before + word + ".".join(map(str, numbers)) + after, image=image)
    assert (tag.version, tag.precision, tag.is_floating) == (
        dotted.version,
        dotted.precision,
        dotted.is_floating,
    )
    assert (tag.variants_key, tag.os, tag.flavours, tag.arch) == (
        dotted.variants_key,
        dotted.os,
        dotted.flavours,
        dotted.arch,
    )
    assert glued in [token.text for token in tag.tokens]
    for token in tag.tokens:
        assert text[token.start : token.end] == token.text


# A name of two words or more and one bare number (Blazemeter/taurus's taurus-agent-2): the
# number is the name's last word's, no version of the image.
_PLAIN_WORDS = st.lists(
    st.sampled_from(["taurus", "agent", "runner", "inventory", "worker", "blue", "green"]),
    min_size=2,
    max_size=5,
)


@given(
    _PLAIN_WORDS,
    st.integers(0, 999),
    st.sampled_from(["-", "_"]),
    st.sampled_from([None, "acme/app", "us.gcr.io/acme/jenkins-docker-agent"]),
)
@example(["taurus", "taurus"], 386, "-", None)  # Go's name of 32-bit x86: the architecture
def test_a_number_after_a_name_of_words_is_the_name_s(
    words: list[str], number: int, separator: str, image: str | None
) -> None:
    from tagsense._vocabulary import ARCHES

    text = separator.join([*words, str(number)])
    assume(len(text) <= 128)
    tag = parse_tag(text, image=image)
    if str(number) in ARCHES:  # (a number that names an architecture, as 386-alpine's)
        assert (tag.version, tag.arch, tag.variants) == (None, str(number), tuple(words))
        return
    assert (tag.version, tag.precision, tag.is_floating) == (None, None, True)
    assert tag.variants[-1] == f"{words[-1]}{separator}{number}"
    # one word and the number: still the image's version (wordpress's cli-2)
    assert parse_tag(f"{words[-1]}-{number}", image=image).version == str(number)
