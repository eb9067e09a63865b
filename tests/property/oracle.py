"""A second, independent reference parser for differential tests.

tagsense parses with regular expressions; this one splits strings and checks
characters one by one, written from the grammar in Docker's ``reference.go``
and go-digest's rules, without looking at tagsense's code. It is slow and
simple on purpose. ``parse(text, normalize)`` returns ``("ok", (registry,
repository, tag, digest))`` or ``("error", kind)``.
"""

from __future__ import annotations

import string

LOWER_ALNUM = set(string.ascii_lowercase + string.digits)
ALNUM = set(string.ascii_letters + string.digits)
WORD = ALNUM | {"_"}
HEX = set("0123456789abcdefABCDEF")
LOWER_HEX = set("0123456789abcdef")
KNOWN_DIGESTS = {"sha256": 64, "sha384": 96, "sha512": 128}

Outcome = tuple[str, object]


def go_lower(text: str) -> str:
    out = []
    for c in text:
        if "A" <= c <= "Z":
            out.append(chr(ord(c) + 32))
        elif c == "\u0130":  # Go's unicode.ToLower: a plain "i"
            out.append("i")
        else:
            lowered = c.lower()
            out.append(lowered if len(lowered) == 1 else c)
    return "".join(out)


def runs(text: str, members: set[str]) -> list[tuple[bool, str]]:
    """Split text into maximal runs of member / non-member characters."""
    result: list[tuple[bool, str]] = []
    for c in text:
        inside = c in members
        if result and result[-1][0] == inside:
            result[-1] = (inside, result[-1][1] + c)
        else:
            result.append((inside, c))
    return result


def is_path_component(text: str) -> bool:
    parts = runs(text, LOWER_ALNUM)
    if not parts or not parts[0][0] or not parts[-1][0]:
        return False
    for inside, run in parts:
        if inside:
            continue
        if run not in (".", "_", "__") and set(run) != {"-"}:
            return False
    return True


def is_domain_label(text: str) -> bool:
    if not text or not all(c in ALNUM or c == "-" for c in text):
        return False
    return text[0] != "-" and text[-1] != "-"


def is_domain(text: str) -> bool:
    host, port = text, None
    if text.startswith("["):
        close = text.find("]")
        if close < 0:
            return False
        inner = text[1:close]
        if not inner or not all(c in HEX or c == ":" for c in inner):
            return False
        rest = text[close + 1 :]
        if rest == "":
            return True
        if not rest.startswith(":"):
            return False
        port = rest[1:]
        return port.isascii() and port.isdigit()
    if ":" in text:
        host, port = text.split(":", 1)
        if not (port.isascii() and port.isdigit()):
            return False
    return all(is_domain_label(label) for label in host.split("."))


def is_tag(text: str) -> bool:
    if not 1 <= len(text) <= 128 or text[0] not in WORD:
        return False
    return all(c in WORD or c in ".-" for c in text)


def is_digest_syntax(text: str) -> bool:
    algorithm, colon, encoded = text.partition(":")
    if not colon or len(encoded) < 32 or not all(c in HEX for c in encoded):
        return False
    component = ""
    for c in algorithm + "+":
        if c in "-_+.":
            if not component or not component[0].isascii() or not component[0].isalpha():
                return False
            if not all(x in ALNUM for x in component):
                return False
            component = ""
        else:
            component += c
    return True


def go_digest_anchored(text: str) -> bool:
    """go-digest's DigestRegexpAnchored, by hand."""
    algorithm, colon, encoded = text.partition(":")
    if not colon or not encoded:
        return False
    if not all(c in ALNUM or c in "=_-" for c in encoded):
        return False
    pieces = [""]
    for c in algorithm:
        if c in ".+_-":
            pieces.append("")
        else:
            pieces[-1] += c
    return all(p and all(x in LOWER_ALNUM for x in p) for p in pieces)


def split_reference(text: str) -> tuple[str | None, str, str | None, str | None] | None:
    """The grammar alone: (domain, path, tag, digest), or None."""
    head, at, digest = text.partition("@")
    if at and not is_digest_syntax(digest):
        return None
    tag = None
    colon = head.rfind(":")
    if colon > head.rfind("/"):
        head, tag = head[:colon], head[colon + 1 :]
        if not is_tag(tag):
            return None
    components = head.split("/")
    domain = None
    if len(components) > 1 and is_domain(components[0]):
        domain, components = components[0], components[1:]
    if not all(is_path_component(c) for c in components):
        # Without a domain, the first component must itself be a path component.
        return None
    return domain, "/".join(components), tag, (digest if at else None)


def docker_parse(text: str) -> Outcome:
    if text == "":
        return ("error", "empty")
    parts = split_reference(text)
    if parts is None:
        lowered = go_lower(text)
        if lowered != text and split_reference(lowered) is not None:
            return ("error", "uppercase")
        return ("error", "invalid-format")
    domain, path, tag, digest = parts
    if len(path) > 255:
        return ("error", "name-too-long")
    if digest is not None:
        algorithm, _, encoded = digest.partition(":")
        if algorithm not in KNOWN_DIGESTS:
            return (
                "error",
                "unsupported-digest" if go_digest_anchored(digest) else "invalid-digest",
            )
        if len(encoded) != KNOWN_DIGESTS[algorithm]:
            return ("error", "digest-length")
        if not all(c in LOWER_HEX for c in encoded):
            return ("error", "invalid-digest")
    return ("ok", (domain or "", path, tag, digest))


def parse(text: str, normalize: bool = True) -> Outcome:
    if not normalize or text == "":
        return docker_parse(text)
    if len(text) == 64 and all(c in LOWER_HEX for c in text):
        return ("error", "identifier-as-name")
    first, slash, rest = text.partition("/")
    if not slash:
        domain, remote = "docker.io", "library/" + text
    elif first == "localhost":
        domain, remote = first, rest
    elif first == "index.docker.io":
        domain, remote = "docker.io", rest
    elif "." in first or ":" in first or go_lower(first) != first:
        domain, remote = first, rest
    else:
        domain, remote = "docker.io", text
    if domain == "docker.io" and "/" not in remote:
        remote = "library/" + remote
    name_part = remote.split(":", 1)[0]
    if go_lower(name_part) != name_part:
        return ("error", "uppercase")
    return docker_parse(domain + "/" + remote)
