"""Kamal's ERB is put out of YAML's way without moving anything: every character outside a
tag stays on its line and in its column, so an accessory's image is reported where it is
written, whatever ERB the file holds around it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources.platforms.kamal import _without_erb, scan_kamal

_CODE = st.text(alphabet=st.characters(blacklist_characters="%\r"), max_size=12)
_TAGS = st.builds(lambda how, code: f"<%{how}{code}%>", st.sampled_from(["", "=", "-", "#"]), _CODE)
_PLAIN = st.text(alphabet="abc :-\n\"'", max_size=12)
_TEXTS = st.lists(st.one_of(_TAGS, _PLAIN), max_size=12).map("".join)


@given(_TEXTS)
def test_erb_tags_keep_every_line_and_column(text: str) -> None:
    cleaned = _without_erb(text)
    assert len(cleaned) == len(text)
    assert cleaned.count("\n") == text.count("\n")
    kept = [i for i, (a, b) in enumerate(zip(text, cleaned, strict=True)) if a != b]
    assert all("<%" in text[: i + 2] for i in kept)  # (only inside tags)


@given(_TEXTS)
def test_an_accessory_image_among_erb_is_found_where_it_is(text: str) -> None:
    prefix = text.replace("\n", " ")
    config = f"# {prefix}\nservice: app\naccessories:\n  db:\n    image: mysql:8.0.40\n"
    scan = scan_kamal(config, "config/deploy.yml")
    assert scan is not None
    assert [(o.line, o.column, o.text) for o in scan] == [(5, 12, "mysql:8.0.40")]
