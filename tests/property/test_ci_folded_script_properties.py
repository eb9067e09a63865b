"""CI scripts that YAML folds (a plain or quoted scalar on several lines, a ``>`` block):
each image a command pulls is placed where the file writes it, not at the scalar's first line.

- Any ``docker run`` commands written one a line in such a scalar (GitLab's ``script``,
  GitHub's ``run``, Bitbucket's ``script``, Drone's and Woodpecker's ``commands``) give
  occurrences whose line and column point at the image's text in the file.
"""

from __future__ import annotations

import os
import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st

from tagsense import find_references

_IMAGES = st.sampled_from(
    ["mysql:8.0", "mongo:6.0", "redis:7.0-alpine", "acme/api:1.2.3", "nginx:1.27", "node:22"]
)
_OPTIONS = st.sampled_from(["", "-d ", "--rm -p 80:80 ", "-e A=b --name db "])
#: (file name, the text before the script's items, their indentation)
_SYSTEMS = st.sampled_from(
    [
        (".gitlab-ci.yml", "deploy:\n  script:\n", "    "),
        (".github/workflows/ci.yml", "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n",
         "      "),
        ("bitbucket-pipelines.yml", "pipelines:\n  default:\n    - step:\n        script:\n",
         "          "),
        (".drone.yml", "kind: pipeline\nsteps:\n  - name: d\n    image: alpine:3.20\n"
         "    commands:\n", "      "),
    ]
)  # fmt: skip
#: How the scalar is written: plain, in an ssh command's double quotes, a ``>`` block.
_STYLES = st.sampled_from(["plain", "ssh", "folded"])


@settings(max_examples=60, deadline=None)
@given(
    _SYSTEMS,
    _STYLES,
    st.lists(st.tuples(_OPTIONS, _IMAGES), min_size=1, max_size=4, unique_by=lambda p: p[1]),
    st.integers(1, 4),
)  # fmt: skip
def test_each_image_of_a_folded_script_is_where_the_file_writes_it(
    system: tuple[str, str, str], style: str, commands: list[tuple[str, str]], extra: int
) -> None:
    name, head, indent = system
    key = "run: " if name.startswith(".github") else ""
    inner = indent + " " * (2 + extra)
    lines = [f"docker run {options}{image} &&" for options, image in commands] + ["true"]
    if style == "plain":
        body = f"{indent}- {key}echo start &&\n" + "".join(f"{inner}{line}\n" for line in lines)
    elif style == "ssh":
        body = f'{indent}- {key}ssh -o StrictHostKeyChecking=no root@host "\n'
        body += "".join(f"{inner}{line}\n" for line in lines) + f'{inner}"\n'
    else:
        body = f"{indent}- {key}>\n" + "".join(f"{inner}{line}\n" for line in lines)
    text = head + body
    written = text.split("\n")
    with tempfile.TemporaryDirectory() as top:
        path = os.path.join(top, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        found = [o for o in find_references(path).occurrences if o.kind == "shell"]
    assert sorted(o.text for o in found) == sorted(image for _, image in commands)
    for occurrence in found:
        line = written[occurrence.line - 1]
        start = occurrence.column - 1
        assert line[start : start + len(occurrence.text)] == occurrence.text
