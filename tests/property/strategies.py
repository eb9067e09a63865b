"""Hypothesis strategies for image references, shared by the property tests."""

from __future__ import annotations

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
