"""Hypothesis strategies for image references, shared by the property tests."""

from __future__ import annotations

import re
import string

from hypothesis import strategies as st

LOWER_ALNUM = string.ascii_lowercase + string.digits
# Characters that matter to the grammar, plus a few that trip it.
TRICKY = LOWER_ALNUM[:6] + "ABZ._-/:@[]+ \t\n\u0130\u212a\xe9#%"

alnum_runs = st.text(LOWER_ALNUM, min_size=1, max_size=6)
separators = st.sampled_from([".", "_", "__", "-", "--", "---"])


@st.composite
def path_components(draw: st.DrawFn) -> str:
    parts = [draw(alnum_runs)]
    for _ in range(draw(st.integers(0, 3))):
        parts.append(draw(separators))
        parts.append(draw(alnum_runs))
    return "".join(parts)


domain_labels = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?", fullmatch=True)


@st.composite
def domains(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["name", "dotted", "ipv4", "ipv6", "localhost", "hub"]))
    if kind == "name":
        host = draw(domain_labels)
    elif kind == "dotted":
        host = ".".join(draw(st.lists(domain_labels, min_size=2, max_size=4)))
    elif kind == "ipv4":
        host = ".".join(str(draw(st.integers(0, 255))) for _ in range(4))
    elif kind == "ipv6":
        host = "[" + draw(st.from_regex(r"[0-9a-fA-F:]{1,12}", fullmatch=True)) + "]"
    elif kind == "localhost":
        host = "localhost"
    else:
        host = draw(st.sampled_from(["docker.io", "index.docker.io"]))
    if draw(st.booleans()):
        host += ":" + str(draw(st.integers(0, 99999)))
    return host


tags = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True) | st.from_regex(
    r"[A-Za-z0-9_][A-Za-z0-9_.-]{120,127}", fullmatch=True
)


@st.composite
def digests(draw: st.DrawFn) -> str:
    algorithm = draw(st.sampled_from(["sha256", "sha384", "sha512", "md5", "SHA256", "b3"]))
    length = {"sha256": 64, "sha384": 96, "sha512": 128}.get(algorithm.lower(), 32)
    if draw(st.integers(0, 9)) == 0:
        length = draw(st.integers(32, 140))
    alphabet = "0123456789abcdef" if draw(st.integers(0, 5)) else "0123456789abcdefABCDEF"
    return algorithm + ":" + draw(st.text(alphabet, min_size=length, max_size=length))


@st.composite
def references(draw: st.DrawFn, *, valid_parts: bool = False) -> str:
    """Reference-shaped strings; with ``valid_parts`` every part is well-formed."""
    text = ""
    if draw(st.booleans()):
        text = draw(domains()) + "/"
    text += "/".join(draw(st.lists(path_components(), min_size=1, max_size=4)))
    if draw(st.booleans()):
        text += ":" + draw(tags)
    if draw(st.booleans()):
        digest = draw(digests())
        if valid_parts:
            digest = "sha256:" + draw(st.text("0123456789abcdef", min_size=64, max_size=64))
        text += "@" + digest
    return text


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A string from ``base`` with a few characters inserted, deleted or replaced."""
    text = draw(base)
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        c = draw(st.sampled_from(TRICKY))
        if action == "insert":
            text = text[:position] + c + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + 1 :]
        else:
            text = text[:position] + c + text[position + 1 :]
    return text


#: Anything a user might type: well-formed, nearly well-formed, or noise.
any_input = st.one_of(
    references(),
    mutated(references()),
    st.text(TRICKY, max_size=40),
    st.text(max_size=40),
)


# Registry hosts whose names tagsense reads (mirrors of the official images, pull-through
# caches, OS publishers, immutable registries…) and the shapes of the clouds' registries.
_REGISTRY_HOSTS = (
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "registry.hub.docker.com",
    "public.ecr.aws",
    "mirror.gcr.io",
    "gcr.io",
    "k8s.gcr.io",
    "registry.k8s.io",
    "mcr.microsoft.com",
    "quay.io",
    "ghcr.io",
    "nvcr.io",
    "cgr.dev",
    "registry.gitlab.com",
    "registry.access.redhat.com",
    "registry.redhat.io",
    "registry.suse.com",
    "registry.opensuse.org",
    "registry.fedoraproject.org",
    "container-registry.oracle.com",
    "registry.depot.dev",
    "scr.sitecore.com",
    "localhost",
    "localhost:5000",
    "registry.example.com",
)
_REGIONS = ("us-east-1", "eu-central-1", "us-west-2", "cn-north-1", "ap-south-1")


@st.composite
def registry_hosts(draw: st.DrawFn) -> str:
    """A registry host of a shape tagsense tells apart, or any other valid one."""
    kind = draw(st.sampled_from(["known", "ecr", "gcr", "pkg", "acr", "any"]))
    if kind == "known":
        return draw(st.sampled_from(_REGISTRY_HOSTS))
    if kind == "ecr":  # a private ECR registry (and its China partition)
        account = draw(st.text(string.digits, min_size=12, max_size=12))
        suffix = draw(st.sampled_from([".amazonaws.com", ".amazonaws.com.cn"]))
        return f"{account}.dkr.ecr.{draw(st.sampled_from(_REGIONS))}{suffix}"
    if kind == "gcr":
        return draw(st.sampled_from(["us.gcr.io", "eu.gcr.io", "asia.gcr.io"]))
    if kind == "pkg":  # Google Artifact Registry
        return draw(st.sampled_from(["us", "europe-west1", "asia-east1"])) + "-docker.pkg.dev"
    if kind == "acr":
        return draw(st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)) + ".azurecr.io"
    host = draw(domains())
    if host.startswith("[") and host.endswith("]"):
        host += ":5000"  # (Docker reads a bracketed host with no port as a Hub namespace)
    return host


def _vocabulary_words() -> list[str]:
    from tagsense import _anatomy
    from tagsense import _vocabulary as v

    words = {"library", "mirror", "docker", "dockerhub", "windows", "servercore", "nanoserver"}
    words |= {"server", "insider", "redhat", "ubi8", "ubi9", "ubi-minimal", "distroless"}
    words |= {"static-debian12", "dev-ubuntu-22.04", "ros", "ros2", "osrf", "nvidia", "chainguard"}
    words |= {"jetson-nano-ubuntu", "raspberrypi3-debian", "rpi-node", "aarch64-alpine"}
    words |= {"i386-ubuntu", "ubuntu-arm64", "node", "ecr-public", "docker-hub"}
    words |= set(v.ARCHITECTURE_NAMESPACES) | set(v.APP_CODENAMES) | set(v.ARCHES)
    words |= set(_anatomy._BALENA_NAMESPACES) | set(v.BSD_NAMES)
    words |= {name for name in v.OS_FAMILIES.values() if isinstance(name, str)}
    names = list(v.OS_IMAGES) + list(v.OFFICIAL_MIRRORS) + list(v.OS_IMAGE_SHAPES)
    names += [f"{host}/{path}" for host, path, *_ in v.STABILITY_TAG_NAMESPACES]
    names += [f"{host}/{path}" for host, path in v.MONTHLY_RELEASE_NAMESPACES]
    for name in names:
        words.update(part for part in name.split("/")[1:] if part)
    component = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
    return sorted(word for word in words if component.fullmatch(word))


_WORDS: list[str] = []


@st.composite
def name_components(draw: st.DrawFn) -> str:
    """A path component: a word tagsense knows (library, arm64v8, balenalib…), or any."""
    if not _WORDS:
        _WORDS.extend(_vocabulary_words())
    if draw(st.integers(0, 2)):
        return draw(st.sampled_from(_WORDS))
    return draw(path_components())


@st.composite
def known_name_shapes(draw: st.DrawFn) -> str:
    """A name tagsense lists (OS images, mirrors' prefixes…), cut short or made longer."""
    from tagsense import _vocabulary as v

    names = sorted(v.OS_IMAGES) + [
        p.rstrip("/") for p in v.OFFICIAL_MIRRORS + tuple(v.OS_IMAGE_SHAPES)
    ]
    parts = draw(st.sampled_from(names)).split("/")
    parts = parts[: draw(st.integers(1, len(parts)))]
    parts += draw(st.lists(name_components(), max_size=2))
    if len(parts) == 1:
        parts.append(draw(name_components()))
    return "/".join(parts)


def _tag_vocabulary() -> list[str]:
    from tagsense import _vocabulary as v
    from tagsense import os_releases

    words = (
        {w for w in v.OS_FAMILIES if isinstance(w, str)}
        | set(v.ALIASES)
        | set(v.PRERELEASE_WORDS)
        | set(v.FLAVOURS)
        | set(v.ARCHES)
        | set(v.WINDOWS_NUMERIC_IDS)
        | set(v.TOOLCHAINS)
        | set(v.NUMBERED_NETWORKS)
        | {word for pair in v.COMPOUNDS if isinstance(pair, tuple) for word in pair}
        | {c for codes in v.APP_CODENAMES.values() for c in codes}
        | {r.codename or "" for r in os_releases.releases()}
        | {"sha", "ltsc", "sac", "windowsservercore", "nanoserver", "r1", "ls248", "CU15"}
    )
    tag_word = re.compile(r"[A-Za-z0-9][\w.-]*", re.ASCII)
    return sorted(word for word in words if tag_word.fullmatch(word))


_TAG_WORDS: list[str] = []


@st.composite
def tag_words(draw: st.DrawFn) -> str:
    """A tag made of the words of tags (versions, OS names and codenames, aliases…),
    joined by any of the separators a tag may have ('-', '.', '_')."""
    if not _TAG_WORDS:
        _TAG_WORDS.extend(_tag_vocabulary())
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            numbers = draw(st.lists(st.integers(0, 2030), min_size=1, max_size=4))
            piece = draw(st.sampled_from(["", "v"])) + ".".join(map(str, numbers))
        elif kind == 1:
            piece = draw(st.sampled_from(_TAG_WORDS))
        elif kind == 2:
            piece = draw(st.sampled_from(_TAG_WORDS)) + str(draw(st.integers(0, 40)))
        else:
            piece = draw(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True))
        pieces.append(piece)
        pieces.append(draw(st.sampled_from(["-", "-", ".", "_"])))
    text = "".join(pieces[:-1])
    if not text[0].isalnum():
        text = "0" + text
    return text[:128]


@st.composite
def hosted_references(draw: st.DrawFn) -> str:
    """A well-formed reference on a registry of a known shape, with 1-5 path components."""
    if draw(st.integers(0, 3)):
        path = "/".join(draw(st.lists(name_components(), min_size=1, max_size=5)))
        name = path
        if draw(st.integers(0, 4)):
            name = draw(registry_hosts()) + "/" + path
    else:
        name = draw(known_name_shapes())
    text = name
    tag_kind = draw(st.integers(0, 4))
    if tag_kind in (1, 2):
        text += ":" + draw(tag_words())
    elif tag_kind == 3:
        text += ":" + draw(tags)
    if draw(st.integers(0, 5)) == 0:
        text += "@sha256:" + draw(st.text("0123456789abcdef", min_size=64, max_size=64))
    return text
