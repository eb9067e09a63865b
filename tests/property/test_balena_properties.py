"""balena's ``Dockerfile.template``: each occurrence is where the template has it.

- Any ``FROM`` lines whose images hold balena's placeholders (``%%BALENA_ARCH%%``) at any
  place, read as a ``Dockerfile.template``, give occurrences whose ``raw`` is the template's
  text between their columns, with the placeholders as written.
- Any text read as a ``Dockerfile.template`` raises nothing.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_text

_NAMES = st.sampled_from(
    ["BALENA_ARCH", "BALENA_MACHINE_NAME", "BALENA_APP_NAME", "RESIN_ARCH", "RESIN_MACHINE_NAME"]
)
_PIECES = st.sampled_from(["balenalib", "bh.cr", "org", "node", "debian", "-", "/", "."])


@st.composite
def images(draw: st.DrawFn) -> str:
    """An image name made of words and placeholders, with a tag."""
    parts = [draw(st.sampled_from(["balenalib/", "bh.cr/org/"]))]
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            parts.append(f"%%{draw(_NAMES)}%%")
        else:
            parts.append(draw(_PIECES))
    parts.append(draw(st.sampled_from(["", ":14", ":buster-20240101"])))
    return "".join(parts)


@given(st.lists(images(), min_size=1, max_size=4), st.sampled_from(["", " ", "  \t"]))
def test_occurrences_are_where_the_template_has_them(names: list[str], gap: str) -> None:
    text = "".join(f"FROM{gap} {name}\nRUN true\n" for name in names)
    lines = text.splitlines()
    for occurrence in scan_text(text, name="Dockerfile.template"):
        line = lines[occurrence.line - 1]
        assert line[occurrence.column - 1 : occurrence.end_column - 1] == occurrence.raw
        assert occurrence.raw in names


@given(st.text(alphabet=st.sampled_from(list("FROM %BALENA_ARCH{}$\n:/-a")), max_size=80))
def test_any_text_reads(text: str) -> None:
    scan = scan_text(text, name="Dockerfile.template")
    assert all(error.line is None or error.line >= 1 for error in scan.errors)
