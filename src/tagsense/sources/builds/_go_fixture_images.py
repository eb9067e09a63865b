"""The images an end-to-end Go test runs on: listed in a JSON file it embeds, or in the table
of cases it has BuildKit work on.

A tool that works on images tests itself on real ones, and a table of them often lives in a
JSON file beside the test: project-copacetic/copacetic's ``integration/singlearch/
patch_test.go`` embeds ``fixtures/test-images.json`` (``//go:embed``), decodes it into
``[]testImage`` (``Image string `json:"image"```, ``Tag``, ``Digest``), and pulls and patches
``Image:Tag@Digest`` for each entry with the docker engine and BuildKit; ``multiarch/`` does
the same with ``originalImage`` (survey 31c: 29 pulls missed).

So a Go test of an end-to-end suite (a directory named ``e2e``, ``integration``…, or an
``e2e``/``integration`` build tag) that runs a container engine (``exec.Command("docker", …)``,
see ``.testcontainers_go``) and embeds a ``.json`` file (``//go:embed PATH``, no pattern) is
read for that file's images: each object of its list (or of the one list a top-level object
holds) whose key ``image`` (or ``originalImage``, ``sourceImage``, ``baseImage``) is a string,
with its ``tag`` and its ``digest`` when the image has none. The key must also be a JSON field
name of the test's own structs (`` `json:"image"` ``): the test decodes what it names. What
another key names (``localName``, ``localImage``: where the test tags or pushes the image) is
not pulled. Each image is reported where its key's value is written in the JSON file.

A test of an end-to-end suite that drives BuildKit (it imports ``github.com/moby/buildkit/``:
its client, or the gateway's) has BuildKit pull the images it works on: copacetic's
``integration/gateway/distro_test.go`` patches each case of ``[]patchTestCase{{image:
"docker.io/library/rockylinux:9", …}}`` through the gateway (survey 31c: 12 pulls missed). So
the string literal of each ``image:`` or ``Image:`` field of its composite literals is read when
it is an image with a tag or a digest (``alpine:3.18``; a bare name may be anything); so is a
string literal given as a call's argument, when it also names a registry or a namespace (``/``):
the test's own helpers take the image to work on, ``initBuildkitConfig(ctx, c,
"docker.io/arm64v8/alpine:3.18", &platform)`` and ``testenv.GetOriginalImageLayerCount(…)`` in
``crossarch_test.go`` (field ``argument``).
"""

from __future__ import annotations

import json
import os
import re

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence
from ._common import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["fixture_images", "table_images"]

#: The keys whose value is the image an entry pulls (compared in lower case).
_IMAGE_KEYS = ("image", "originalimage", "sourceimage", "baseimage")
_TAG_KEY = "tag"
_DIGEST_KEY = "digest"
#: ``//go:embed PATH.json`` (one file, no pattern).
_EMBED = lazy_pattern(r"^//go:embed[ \t]+([\w./-]+\.json)[ \t]*$", re.M)
#: A struct field's JSON name (`` `json:"image,omitempty"` ``).
_JSON_FIELD = lazy_pattern(r'json:"([\w-]+)[,"]')
_E2E_BUILD_TAG = lazy_pattern(r"^//go:build\b[^\n]*\b(?:e2e|integration)\b", re.M)
#: The most of a JSON file read.
_MAX_BYTES = 1 << 20


def fixture_images(text: str, path: str) -> tuple[tuple[Occurrence, ...], tuple[str, ...]]:
    """The images of the JSON files the Go test at ``path`` (``text``) embeds (see the
    module), and the JSON files read."""
    if "//go:embed" not in text or ".json" not in text or not _end_to_end(text, path):
        return (), ()
    fields = {name.lower(): name for name in _JSON_FIELD.findall(text)}
    keys = [fields[key] for key in _IMAGE_KEYS if key in fields]
    if not keys:
        return (), ()
    found: list[Occurrence] = []
    read: list[str] = []
    directory = os.path.dirname(path)
    for embedded in dict.fromkeys(_EMBED.findall(text)):
        json_path = os.path.normpath(os.path.join(directory, embedded))
        if json_path.startswith(os.pardir):
            continue  # (go:embed names files of its package's directory and below)
        read.append(json_path)
        found.extend(_images(json_path, keys, fields))
    return tuple(found), tuple(read)


#: What a Go source that drives BuildKit imports.
BUILDKIT_MARKER = '"github.com/moby/buildkit/'
#: A composite literal's ``image:`` (``Image:``) field given a string literal, or a string
#: literal given as a call's argument (``initBuildkitConfig(ctx, c, "…/alpine:3.18", …)``).
_IMAGE_FIELD = lazy_pattern(
    r'(?<![\w."])(?:(?P<field>image|Image)[ \t]*:|(?<=[(,])|(?<=[(,][ \t]))[ \t]*'
    r'"([^"\\\s]{1,300})"'
)


def table_images(text: str, path: str) -> tuple[Occurrence, ...]:
    """The images of the ``image:`` fields of an end-to-end Go test that drives BuildKit (see
    the module)."""
    if BUILDKIT_MARKER not in text or not _end_to_end(text, path):
        return ()
    from ...reference import parse_reference
    from ._go_source import go_file

    code = go_file(text, path).code  # (comments blanked: the offsets are the text's)
    found: list[Occurrence] = []
    for match in _IMAGE_FIELD.finditer(code):
        image = match[2]
        if match["field"] is None and "/" not in image:
            continue  # (an argument: only a name with a registry or a namespace is an image)
        try:
            reference = parse_reference(image)
        except ValueError:
            continue
        if reference.tag is None and reference.digest is None:
            continue
        if ":" not in image.rpartition("/")[2] and "@" not in image:
            continue  # (`latest` that Docker adds is not written: a name may be anything)
        line, column = line_column(text, match.start(2))
        found.append(
            Occurrence.of_text(
                path=path,
                line=line,
                column=column,
                kind="testcontainers",
                raw=image,
                text=image,
                context={"tool": "buildkit", "field": match["field"] or "argument"},
            )
        )
    return tuple(found)


def _end_to_end(text: str, path: str) -> bool:
    """Whether a Go test is an end-to-end suite's, by a directory's name or a build tag."""
    from ..testdata import names_end_to_end

    if not path.endswith("_test.go"):
        return False
    directories = os.path.normpath(path).split(os.sep)[:-1]
    if any(names_end_to_end(name) for name in directories):
        return True
    return _E2E_BUILD_TAG.search(text, 0, 4096) is not None


def _images(path: str, keys: list[str], fields: dict[str, str]) -> Iterator[Occurrence]:
    """Each entry's image of the JSON file at ``path`` (see the module)."""
    text = read_text(path, _MAX_BYTES)
    if not isinstance(text, str):
        return
    try:
        data = json.loads(text)
    except ValueError:
        return  # (the test fails on it too: nothing runs)
    if isinstance(data, dict):
        lists = [value for value in data.values() if isinstance(value, list)]
        data = lists[0] if len(lists) == 1 else []
    if not isinstance(data, list):
        return
    tag_key, digest_key = fields.get(_TAG_KEY), fields.get(_DIGEST_KEY)
    at = 0
    for entry in data:
        if not isinstance(entry, dict):
            continue
        key = next((key for key in keys if isinstance(entry.get(key), str)), None)
        if key is None:
            continue
        image = entry[key]
        where = re.compile(rf'"{re.escape(key)}"\s*:\s*"({re.escape(json.dumps(image)[1:-1])})"')
        written = where.search(text, at)
        if written is None or not image:
            continue
        at = written.end()
        name = _with_tag(image, entry.get(tag_key) if tag_key else None)
        digest = entry.get(digest_key) if digest_key else None
        if isinstance(digest, str) and digest and "@" not in name:
            name = f"{name}@{digest}"
        line, column = line_column(text, written.start(1))
        yield Occurrence.of_text(
            path=path,
            line=line,
            column=column,
            kind="testcontainers",
            raw=image,
            text=name,
            context={"tool": "go-test", "field": key},
        )


def _with_tag(image: str, tag: object) -> str:
    """``image`` with ``tag`` when it has none (``docker.io/library/nginx`` and ``1.21.6``)."""
    if not isinstance(tag, str) or not tag or "@" in image:
        return image
    last = image.rpartition("/")[2]
    return image if ":" in last else f"{image}:{tag}"
