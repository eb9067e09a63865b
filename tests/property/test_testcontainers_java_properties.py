"""The Testcontainers reader of JVM sources, on any text made of the pieces it looks for.

The reader is regular expressions over code whose comments are blanked: static ``parse``
imports, ``super(…)`` calls of container subclasses, class headers with nested type
parameters. Whatever the glue, it raises nothing, and every image it gives is written in the
text where it says (a literal's text, just after its quote).
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from tagsense.sources.builds.testcontainers import scan_test_source

FRAGMENTS = [
    "\n", " ", "(", ")", "{", "}", "<", ">", ",", ";", ".", '"', "\\", "//", "/*", "*/",
    "import static org.testcontainers.utility.DockerImageName.parse;\n",
    "import static org.testcontainers.utility.DockerImageName.*;\n", "org.testcontainers",
    "class A ", "class B<T extends B<T>> ", "extends ", "GenericContainer", "MySQLContainer<A>",
    "Base", "super(", "parse(", "DockerImageName.parse(", ".withTag(", "new ", '"redis:7.4.2"',
    '"mysql:8.0"', '"x"', "IMAGE", "final String IMAGE = ", "val IMAGE = ",
    "com.dimafeng.testcontainers", "dockerImage = ", ".Def", 's"', " + ", "+",
]  # fmt: skip

texts = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


@given(texts)
@example(
    "import static org.testcontainers.utility.DockerImageName.parse;\n"
    'class B<T extends B<T>> extends GenericContainer<T> { B() { super(parse("redis:7.4.2")); } }'
)
def test_any_text_raises_nothing_and_images_are_where_they_are_written(text: str) -> None:
    lines = text.splitlines()
    for found in scan_test_source(text, path="T.java"):
        line = lines[found.line - 1]
        assert line[found.column - 2 :].startswith('"' + found.raw)
