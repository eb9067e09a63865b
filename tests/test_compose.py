"""Compose scanning: the Compose Specification's rules, one table row a case.

The expectations were written from the specification (compose-spec
``05-services.md``, ``build.md``, ``12-interpolation.md``, ``13-merge.md``,
``14-include.md``, ``10-fragments.md``) and from compose-go's own tests of its
``template`` and ``dotenv`` packages, not from this implementation. Each
occurrence is ``(line, column, service, field, raw, text, normalized, extra)``
where ``extra`` is the context beyond ``service`` and ``field``; errors are
``(line, message)``.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources.compose import is_compose_file, scan_compose

if TYPE_CHECKING:
    from tagsense.sources import Scan

DATA = Path(__file__).parent / "data" / "compose"

Found = tuple[int, int, str, str, str, str, "str | None", dict[str, object]]


def found(scan: Scan) -> list[Found]:
    out: list[Found] = []
    for o in scan:
        assert o.kind == "compose"
        extra = {k: v for k, v in o.context.items() if k not in ("service", "field")}
        # The typed fields, shown as the context keys they were before they had fields.
        if o.built is not None:
            assert o.built.tool == "compose" and o.built.path == o.path
            extra["built"] = True
        if o.unresolved:
            extra["unresolved"] = o.unresolved
        service, field = o.context["service"], o.context["field"]
        assert isinstance(service, str) and isinstance(field, str)
        out.append((o.line, o.column, service, field, o.raw, o.text, o.normalized, extra))
    return out


def errors(scan: Scan) -> list[tuple[int | None, str]]:
    return [(e.line, e.message) for e in scan.errors]


def hub(name: str) -> str:
    return f"docker.io/library/{name}"


def row(
    id: str,
    text: str,
    occurrences: list[Found],
    errs: list[tuple[int | None, str]] | None = None,
    **options: Any,
) -> Any:
    return pytest.param(text, options, occurrences, errs or [], id=id)


BUILT: dict[str, object] = {"built": True}
UNRESOLVED_TAG: dict[str, object] = {"unresolved": ("TAG",)}

ROWS = [
    # --- services.*.image -----------------------------------------------------------
    row(
        "plain image",
        "services:\n  web:\n    image: nginx:1.27\n",
        [(3, 12, "web", "image", "nginx:1.27", "nginx:1.27", hub("nginx:1.27"), {})],
    ),
    row(
        "flow style: the column of the scalar's text (inside its quotes)",
        "services: {web: {image: 'nginx'}}\n",
        [(1, 26, "web", "image", "nginx", "nginx", hub("nginx:latest"), {})],
    ),
    row(
        "quoted, anchored and tagged: the column where the text starts",
        'services:\n  a:\n    image: "redis:7.2"\n  b:\n    image: &img nginx:1.27\n'
        "  c:\n    image: !!str caddy:2\n  d:\n    build: {context: ., tags: ['x/y:1']}\n",
        [
            (3, 13, "a", "image", "redis:7.2", "redis:7.2", hub("redis:7.2"), {}),
            (5, 17, "b", "image", "nginx:1.27", "nginx:1.27", hub("nginx:1.27"), {}),
            (7, 18, "c", "image", "caddy:2", "caddy:2", hub("caddy:2"), {}),
            (9, 33, "d", "build.tags", "x/y:1", "x/y:1", "docker.io/x/y:1", BUILT),
        ],
    ),
    row(
        "YAML 1.1 traps: 1.10, yes and on stay text",
        "services:\n  on:\n    image: 1.10\n  off:\n    image: yes\n",
        [
            (3, 12, "on", "image", "1.10", "1.10", hub("1.10:latest"), {}),
            (5, 12, "off", "image", "yes", "yes", hub("yes:latest"), {}),
        ],
    ),
    row(
        "an invalid reference is an occurrence with no reference, not an error",
        "services:\n  web:\n    image: Nginx\n",
        [(3, 12, "web", "image", "Nginx", "Nginx", None, {})],
    ),
    row(
        "a null image is compose's error (an empty one is no image)",
        "services:\n  a:\n    image:\n  b:\n    image: ~\n  c:\n    image: ''\n",
        [],
        [(3, "services.a.image must be a string"), (5, "services.b.image must be a string")],
    ),
    row(
        "an image that is not a string is an error",
        "services:\n  a:\n    image: [redis]\n  b:\n    image: {name: redis}\n",
        [],
        [(3, "services.a.image must be a string"), (5, "services.b.image must be a string")],
    ),
    row(
        "pull_policy goes to the context",
        "services:\n  web:\n    pull_policy: always\n    image: nginx\n",
        [(4, 12, "web", "image", "nginx", "nginx", hub("nginx:latest"), {"pull_policy": "always"})],
    ),
    row(
        "x- extension fields are ignored (a service named x-... is still a service)",
        "x-image: {image: a:1}\nservices:\n  web:\n    x-image: b:1\n    image: c:1\n"
        "  x-tool:\n    image: d:1\n",
        [
            (5, 12, "web", "image", "c:1", "c:1", hub("c:1"), {}),
            (7, 12, "x-tool", "image", "d:1", "d:1", hub("d:1"), {}),
        ],
    ),
    row(
        "other top-level sections are not services",
        "volumes:\n  data:\n    image: a:1\nconfigs:\n  c:\n    image: b:1\n",
        [],
    ),
    # --- build ----------------------------------------------------------------------
    row(
        "build (a string) and image: the image names the built result",
        "services:\n  web:\n    build: .\n    image: acme/web:2\n",
        [(4, 12, "web", "image", "acme/web:2", "acme/web:2", "docker.io/acme/web:2", BUILT)],
    ),
    row(
        "build (a mapping) and image",
        "services:\n  web:\n    image: acme/web:2\n    build:\n      context: .\n",
        [(3, 12, "web", "image", "acme/web:2", "acme/web:2", "docker.io/acme/web:2", BUILT)],
    ),
    row(
        "build without image: nothing is named",
        "services:\n  web:\n    build: ./web\n",
        [],
    ),
    row(
        "build.tags",
        "services:\n  web:\n    build:\n      tags:\n        - acme/web:1\n"
        "        - 'ghcr.io/acme/web:1'\n",
        [
            (5, 11, "web", "build.tags", "acme/web:1", "acme/web:1", "docker.io/acme/web:1", BUILT),
            (
                6,
                12,
                "web",
                "build.tags",
                "ghcr.io/acme/web:1",
                "ghcr.io/acme/web:1",
                "ghcr.io/acme/web:1",
                BUILT,
            ),
        ],
    ),
    row(
        "build.tags: one per tag (the later one in the earlier one's place)",
        "services:\n  web:\n    build:\n      tags: [a:1, b:1, a:1]\n",
        [
            (4, 19, "web", "build.tags", "b:1", "b:1", hub("b:1"), BUILT),
            (4, 24, "web", "build.tags", "a:1", "a:1", hub("a:1"), BUILT),
        ],
    ),
    row(
        "build.additional_contexts as a list: only docker-image:// values are images",
        "services:\n  web:\n    build:\n      additional_contexts:\n"
        "        - src=./src\n        - base=docker-image://alpine:3.20\n"
        "        - git=https://github.com/acme/x.git\n        - oci=oci-layout://./layout\n",
        [
            (
                6,
                11,
                "web",
                "build.additional_contexts",
                "base=docker-image://alpine:3.20",
                "alpine:3.20",
                hub("alpine:3.20"),
                {"name": "base"},
            ),
        ],
    ),
    row(
        "build.additional_contexts as a mapping",
        "services:\n  web:\n    build:\n      additional_contexts:\n"
        "        base: docker-image://alpine:3.20\n        src: ./src\n",
        [
            (
                5,
                15,
                "web",
                "build.additional_contexts",
                "docker-image://alpine:3.20",
                "alpine:3.20",
                hub("alpine:3.20"),
                {"name": "base"},
            ),
        ],
    ),
    row(
        "build.cache_from: a name, several names, type=registry,ref=; other types are no images",
        "services:\n  web:\n    build:\n      cache_from:\n        - acme/web:cache\n"
        "        - a:1,b:1\n        - type=registry,ref=acme/web:buildcache,mode=max\n"
        '        - "type=registry,\\"ref=c:1\\""\n        - type=local,src=.cache\n'
        "        - type=gha\n",
        [
            (
                5,
                11,
                "web",
                "build.cache_from",
                "acme/web:cache",
                "acme/web:cache",
                "docker.io/acme/web:cache",
                {},
            ),
            (6, 11, "web", "build.cache_from", "a:1,b:1", "a:1", hub("a:1"), {}),
            (6, 11, "web", "build.cache_from", "a:1,b:1", "b:1", hub("b:1"), {}),
            (
                7,
                11,
                "web",
                "build.cache_from",
                "type=registry,ref=acme/web:buildcache,mode=max",
                "acme/web:buildcache",
                "docker.io/acme/web:buildcache",
                {},
            ),
            (8, 12, "web", "build.cache_from", 'type=registry,"ref=c:1"', "c:1", hub("c:1"), {}),
        ],
    ),
    row(
        "build.cache_from: what buildx rejects is an error",
        "services:\n  web:\n    build:\n      cache_from:\n        - ref=a:1\n"
        "        - type=registry,nonsense\n",
        [],
        [
            (5, 'services.web.build.cache_from: type required form> "ref=a:1"'),
            (6, "services.web.build.cache_from: invalid value nonsense"),
        ],
    ),
    row(
        "build of a wrong type, tags not a list",
        "services:\n  a:\n    build: [.]\n  b:\n    build:\n      tags: a:1\n",
        [],
        [
            (3, "services.a.build must be a string or a mapping"),
            (6, "services.b.build.tags must be a list"),
        ],
    ),
    # --- volumes --------------------------------------------------------------------
    row(
        "volumes of type image: the source is an image",
        "services:\n  web:\n    volumes:\n      - type: image\n        source: acme/models:3\n"
        "        target: /models\n      - type: volume\n        source: data\n"
        "        target: /data\n      - ./static:/static:ro\n",
        [
            (
                5,
                17,
                "web",
                "volumes",
                "acme/models:3",
                "acme/models:3",
                "docker.io/acme/models:3",
                {},
            )
        ],
    ),
    # --- interpolation in every field -------------------------------------------------
    row(
        "variables from env in every field",
        "services:\n  web:\n    image: ${REG}/web:${TAG}\n    build:\n      tags: [$REG/web:$TAG]\n"
        "      cache_from: ['type=registry,ref=${REG}/cache']\n"
        "      additional_contexts: ['b=docker-image://${REG}/base:${TAG}']\n"
        "    volumes:\n      - {type: image, source: '${REG}/m:${TAG}', target: /m}\n",
        [
            (3, 12, "web", "image", "${REG}/web:${TAG}", "r.io/web:1", "r.io/web:1", BUILT),
            (5, 14, "web", "build.tags", "$REG/web:$TAG", "r.io/web:1", "r.io/web:1", BUILT),
            (
                6,
                21,
                "web",
                "build.cache_from",
                "type=registry,ref=${REG}/cache",
                "r.io/cache",
                "r.io/cache:latest",
                {},
            ),
            (
                7,
                30,
                "web",
                "build.additional_contexts",
                "b=docker-image://${REG}/base:${TAG}",
                "r.io/base:1",
                "r.io/base:1",
                {"name": "b"},
            ),
            (9, 32, "web", "volumes", "${REG}/m:${TAG}", "r.io/m:1", "r.io/m:1", {}),
        ],
        env={"REG": "r.io", "TAG": "1"},
    ),
    row(
        "an unset variable: empty, unresolved, no reference",
        "services:\n  web:\n    image: nginx:${TAG}\n",
        [(3, 12, "web", "image", "nginx:${TAG}", "nginx:", None, {"unresolved": ("TAG",)})],
    ),
    row(
        "a required variable with no value here: the user's to give, unresolved, no error",
        "services:\n  web:\n    image: nginx:${TAG:?pick a version}\n",
        [(3, 12, "web", "image", "nginx:${TAG:?pick a version}", "nginx:", None, UNRESOLVED_TAG)],
    ),
    row(
        "a required variable set empty: compose's error, unresolved, the text as written",
        "services:\n  web:\n    image: nginx:${TAG:?pick a version}\n",
        [
            (
                3,
                12,
                "web",
                "image",
                "nginx:${TAG:?pick a version}",
                "nginx:${TAG:?pick a version}",
                None,
                {"unresolved": ("TAG",)},
            ),
        ],
        [
            (
                3,
                "error while interpolating services.web.image: "
                "required variable TAG is missing a value: pick a version",
            )
        ],
        env={"TAG": ""},
    ),
    row(
        "an invalid template: an error naming the field",
        "services:\n  web:\n    build:\n      tags: ['${TAG']\n",
        [(4, 15, "web", "build.tags", "${TAG", "${TAG", None, BUILT)],
        [
            (
                4,
                'invalid interpolation format for services.web.build.tags.[]: "${TAG" '
                "(you may need to escape any $ with another $)",
            )
        ],
    ),
    row(
        "keys are not interpolated",
        "services:\n  ${NAME}:\n    image: a:1\n",
        [(3, 12, "${NAME}", "image", "a:1", "a:1", hub("a:1"), {})],
        env={"NAME": "web"},
    ),
    # --- several documents, !reset, !override -----------------------------------------
    row(
        "documents merge: the later image wins, a null keeps the earlier one",
        "services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n---\n"
        "services:\n  a:\n    image: a:2\n  b:\n    image:\n",
        [
            (5, 12, "b", "image", "b:1", "b:1", hub("b:1"), {}),
            (9, 12, "a", "image", "a:2", "a:2", hub("a:2"), {}),
        ],
    ),
    row(
        "documents merge: build (a string) then build (a mapping) is still a build",
        "services:\n  web:\n    build: .\n---\nservices:\n  web:\n    image: w:1\n"
        "    build:\n      tags: [w:edge]\n",
        [
            (7, 12, "web", "image", "w:1", "w:1", hub("w:1"), BUILT),
            (9, 14, "web", "build.tags", "w:edge", "w:edge", hub("w:edge"), BUILT),
        ],
    ),
    row(
        "documents merge: sequences append (tags once each, volumes one per target)",
        "services:\n  web:\n    build: {tags: [w:1, w:2]}\n"
        "    volumes:\n      - {type: image, source: m:1, target: /m}\n"
        "      - {type: image, source: n:1, target: /n}\n"
        "---\nservices:\n  web:\n    build: {tags: [w:2, w:3]}\n"
        "    volumes:\n      - ./m:/m\n",
        [
            (3, 20, "web", "build.tags", "w:1", "w:1", hub("w:1"), BUILT),
            (6, 31, "web", "volumes", "n:1", "n:1", hub("n:1"), {}),
            (10, 20, "web", "build.tags", "w:2", "w:2", hub("w:2"), BUILT),
            (10, 25, "web", "build.tags", "w:3", "w:3", hub("w:3"), BUILT),
        ],
    ),
    row(
        "documents merge: additional contexts one per name (mapping and list forms)",
        "services:\n  web:\n    build:\n      additional_contexts:\n"
        "        a: docker-image://a:1\n        b: docker-image://b:1\n---\n"
        "services:\n  web:\n    build:\n      additional_contexts: [a=docker-image://a:2]\n",
        [
            (
                6,
                12,
                "web",
                "build.additional_contexts",
                "docker-image://b:1",
                "b:1",
                hub("b:1"),
                {"name": "b"},
            ),
            (
                11,
                29,
                "web",
                "build.additional_contexts",
                "a=docker-image://a:2",
                "a:2",
                hub("a:2"),
                {"name": "a"},
            ),
        ],
    ),
    row(
        "!reset removes what earlier documents set",
        "services:\n  web:\n    image: w:1\n    build: {tags: [w:1]}\n  db:\n    image: d:1\n"
        "---\nservices:\n  web:\n    image: !reset null\n    build:\n      tags: !reset []\n"
        "  db: !reset\n",
        [],
    ),
    row(
        "!reset on services removes them all; a later document adds again",
        "services:\n  a:\n    image: a:1\n---\nservices: !reset {}\n---\nservices:\n  b:\n"
        "    image: b:1\n",
        [(9, 12, "b", "image", "b:1", "b:1", hub("b:1"), {})],
    ),
    row(
        "!reset in the only document: the value is dropped",
        "services:\n  web:\n    image: !reset w:1\n",
        [],
    ),
    row(
        "!override replaces instead of merging",
        "services:\n  web:\n    build: {tags: [w:1], cache_from: [c:1]}\n---\n"
        "services:\n  web:\n    build:\n      tags: !override [w:2]\n      cache_from: [c:2]\n",
        [
            (3, 39, "web", "build.cache_from", "c:1", "c:1", hub("c:1"), {}),
            (8, 24, "web", "build.tags", "w:2", "w:2", hub("w:2"), BUILT),
            (9, 20, "web", "build.cache_from", "c:2", "c:2", hub("c:2"), {}),
        ],
    ),
    row(
        "interpolation errors count even in a value a later document replaces",
        "services:\n  web:\n    image: ${A:?}\n---\nservices:\n  web:\n    image: w:1\n",
        [(7, 12, "web", "image", "w:1", "w:1", hub("w:1"), {})],
        [
            (
                3,
                "error while interpolating services.web.image: "
                "required variable A is missing a value",
            )
        ],
        env={"A": ""},
    ),
    # --- anchors and merge keys -------------------------------------------------------
    row(
        "anchors, aliases and merge keys: the position is where the scalar is written",
        "x-base: &base\n  image: base:1\n  pull_policy: missing\nservices:\n  a:\n    <<: *base\n"
        "  b:\n    <<: *base\n    image: b:1\n  c: *base\n",
        [
            (2, 10, "a", "image", "base:1", "base:1", hub("base:1"), {"pull_policy": "missing"}),
            (2, 10, "c", "image", "base:1", "base:1", hub("base:1"), {"pull_policy": "missing"}),
            (9, 12, "b", "image", "b:1", "b:1", hub("b:1"), {"pull_policy": "missing"}),
        ],
    ),
    row(
        "merge keys: a list of mappings, the first one wins",
        "x-a: &a {image: a:1}\nx-b: &b {image: b:1, pull_policy: never}\n"
        "services:\n  web:\n    <<: [*a, *b]\n",
        [(1, 17, "web", "image", "a:1", "a:1", hub("a:1"), {"pull_policy": "never"})],
    ),
    row(
        "an anchored value used by two services is one occurrence each",
        "services:\n  a:\n    image: &img shared:1\n  b:\n    image: *img\n",
        [
            (3, 17, "a", "image", "shared:1", "shared:1", hub("shared:1"), {}),
            (3, 17, "b", "image", "shared:1", "shared:1", hub("shared:1"), {}),
        ],
    ),
    # --- extends in one file -----------------------------------------------------------
    row(
        "extends (a string): the base's image, at the base's position",
        "services:\n  base:\n    image: base:1\n  web:\n    extends: base\n",
        [
            (3, 12, "base", "image", "base:1", "base:1", hub("base:1"), {}),
            (3, 12, "web", "image", "base:1", "base:1", hub("base:1"), {}),
        ],
    ),
    row(
        "extends (a mapping), recursively; the extending service wins",
        "services:\n  web:\n    extends: {service: mid}\n  mid:\n    extends: {service: base}\n"
        "    image: mid:1\n  base:\n    image: base:1\n    build: {tags: [base:dev]}\n",
        [
            (6, 12, "mid", "image", "mid:1", "mid:1", hub("mid:1"), BUILT),
            (6, 12, "web", "image", "mid:1", "mid:1", hub("mid:1"), BUILT),
            (8, 12, "base", "image", "base:1", "base:1", hub("base:1"), BUILT),
            (9, 20, "base", "build.tags", "base:dev", "base:dev", hub("base:dev"), BUILT),
            (9, 20, "mid", "build.tags", "base:dev", "base:dev", hub("base:dev"), BUILT),
            (9, 20, "web", "build.tags", "base:dev", "base:dev", hub("base:dev"), BUILT),
        ],
    ),
    row(
        "extends with !reset: the base's value is removed for this service only",
        "services:\n  base:\n    image: base:1\n    build: .\n  web:\n    extends: base\n"
        "    build: !reset null\n",
        [
            (3, 12, "base", "image", "base:1", "base:1", hub("base:1"), BUILT),
            (3, 12, "web", "image", "base:1", "base:1", hub("base:1"), {}),
        ],
    ),
    row(
        "extends: a missing service, and a cycle, are errors",
        "services:\n  a:\n    extends: nope\n    image: a:1\n  b:\n    extends: c\n  c:\n"
        "    extends: b\n",
        [(4, 12, "a", "image", "a:1", "a:1", hub("a:1"), {})],
        [
            (3, "cannot extend service 'a' in <text>: service 'nope' not found"),
            (8, "circular reference: b in <text> extends c in <text> extends b in <text>"),
        ],
    ),
    row(
        "extends: a service in another document is not found (compose-go extends per document)",
        "services:\n  base:\n    image: base:1\n---\nservices:\n  web:\n    extends: base\n",
        [(3, 12, "base", "image", "base:1", "base:1", hub("base:1"), {})],
        [(7, "cannot extend service 'web' in <text>: service 'base' not found")],
    ),
    row(
        "extends a file, include a file: relative paths need the compose file's path",
        "include: [other.yaml]\nservices:\n  web:\n    extends: {file: base.yaml, service: b}\n",
        [],
        [
            (1, "cannot include 'other.yaml': the compose file's path is unknown"),
            (4, "cannot follow 'base.yaml': the compose file's path is unknown"),
        ],
    ),
    row(
        "remote includes are not followed",
        "include:\n  - oci://docker.io/acme/stack:1\n  - path: https://github.com/acme/stack.git\n"
        "services:\n  web:\n    image: w:1\n",
        [(6, 12, "web", "image", "w:1", "w:1", hub("w:1"), {})],
    ),
    # --- services.*.pre_start (compose-spec 05-services.md, docker/compose pre_start.go) ---
    row(
        "pre_start hooks: each image is an init container's, pulled as the service's",
        "services:\n  app:\n    image: myapp:latest\n    pull_policy: always\n"
        "    pre_start:\n"
        "      - command: [./manage.py, migrate]\n"  # no image: the service's runs it
        "      - image: busybox\n        command: chown -R 1000 /data\n"
        "      - image: alpine:${ALP:-3.22.2}\n",
        [
            (
                3,
                12,
                "app",
                "image",
                "myapp:latest",
                "myapp:latest",
                hub("myapp:latest"),
                {"pull_policy": "always"},
            ),
            (
                7,
                16,
                "app",
                "pre_start",
                "busybox",
                "busybox",
                hub("busybox:latest"),
                {"pull_policy": "always"},
            ),
            (
                9,
                16,
                "app",
                "pre_start",
                "alpine:${ALP:-3.22.2}",
                "alpine:3.22.2",
                hub("alpine:3.22.2"),
                {"pull_policy": "always"},
            ),
        ],
    ),
    row(
        "a pre_start hook of the image the service builds is that build; build is missing",
        "services:\n  app:\n    image: myapp:1\n    build: .\n    pull_policy: build\n"
        "    pre_start:\n      - image: myapp:1\n      - image: redis:7.4.1\n",
        [
            (
                3,
                12,
                "app",
                "image",
                "myapp:1",
                "myapp:1",
                hub("myapp:1"),
                {"pull_policy": "build", **BUILT},
            ),
            (
                7,
                16,
                "app",
                "pre_start",
                "myapp:1",
                "myapp:1",
                hub("myapp:1"),
                {"pull_policy": "missing", **BUILT},
            ),
            (
                8,
                16,
                "app",
                "pre_start",
                "redis:7.4.1",
                "redis:7.4.1",
                hub("redis:7.4.1"),
                {"pull_policy": "missing"},
            ),
        ],
    ),
    row(
        "pre_start lists append when documents merge; !reset drops them",
        "services:\n  a:\n    image: x:1\n    pre_start: [{image: 'b:1'}]\n"
        "  c:\n    image: x:1\n    pre_start: [{image: 'd:1'}]\n"
        "---\nservices:\n  a:\n    pre_start: [{image: 'b:2'}]\n"
        "  c:\n    pre_start: !reset []\n",
        [
            (3, 12, "a", "image", "x:1", "x:1", hub("x:1"), {}),
            (4, 26, "a", "pre_start", "b:1", "b:1", hub("b:1"), {}),
            (6, 12, "c", "image", "x:1", "x:1", hub("x:1"), {}),
            (11, 26, "a", "pre_start", "b:2", "b:2", hub("b:2"), {}),
        ],
    ),
    row(
        "pre_start shapes compose refuses",
        "services:\n  a:\n    pre_start: {image: b}\n"
        "  c:\n    pre_start:\n      - d:1\n      - image: [e]\n",
        [],
        [
            (3, "services.a.pre_start must be a list"),
            (6, "services.c.pre_start[0] must be a mapping"),
            (7, "services.c.pre_start[1].image must be a string"),
        ],
    ),
    # --- what is not a compose file ----------------------------------------------------
    row(
        "duplicate keys: load_yaml's error, the last one wins",
        "services:\n  web:\n    image: a:1\n    image: a:2\n",
        [(4, 12, "web", "image", "a:2", "a:2", hub("a:2"), {})],
        [(4, "duplicate key 'image' (first on line 3); the last one wins")],
    ),
    row(
        "wrong shapes",
        "- a\n---\nservices: [web]\n---\nservices:\n  web: nginx\n  db:\n",
        [],
        [
            (1, "top-level object must be a mapping"),
            (3, "services must be a mapping"),
            (6, "services.web must be a mapping"),
        ],
    ),
    row("an empty file", "", []),
    row("a comment only", "# nothing\n", []),
]


@pytest.mark.parametrize(("text", "options", "occurrences", "errs"), ROWS)
def test_compose(
    text: str,
    options: dict[str, Any],
    occurrences: list[Found],
    errs: list[tuple[int | None, str]],
) -> None:
    scan = scan_compose(text, **options)
    assert found(scan) == occurrences
    assert errors(scan) == errs
    assert all(o.path is None for o in scan)


# --- interpolation: the specification's forms, and compose-go's template tests -------------

ENV = {"FOO": "first", "BAR": ""}

INTERPOLATION = [
    # (template, text, unresolved, error or None)
    ("$$FOO", "$FOO", (), None),
    ("$${foo}", "${foo}", (), None),
    ("$FOO-bar", "first-bar", (), None),
    ("${FOO}", "first", (), None),
    ("x$FOO.y", "xfirst.y", (), None),
    ("${missing}", "", ("missing",), None),
    ("$foo", "", ("foo",), None),  # names are case-sensitive
    ("${BAR}", "", (), None),  # set, empty
    ("${missing:-def}", "def", (), None),
    ("${missing-def}", "def", (), None),
    ("${BAR:-def}", "def", (), None),
    ("${BAR-def}", "", (), None),
    ("${FOO:-def}", "first", (), None),
    ("${BAR:-/non:-alphanumeric}", "/non:-alphanumeric", (), None),
    ("${UNSET-$FOO}", "first", (), None),
    ("${UNSET-${FOO} ${FOO}}", "first first", (), None),
    ("${BAR:-${FOO:-default}}", "first", (), None),
    ("${UNSET:-${NOPE:-default}}", "default", (), None),
    ("${UNSET:-${NOPE}}", "", ("NOPE",), None),
    ("${FOO:-${NOPE}}", "first", (), None),  # the unused default's variables do not count
    ("${FOO:+alt}", "alt", (), None),
    ("${BAR:+alt}", "", (), None),
    ("${BAR+alt}", "alt", (), None),
    ("${NOPE+alt}", "", (), None),
    ("${FOO:?err}", "first", (), None),
    ("${BAR?err}", "", (), None),
    ("${UNSET-myerror?msg}", "myerror?msg", (), None),
    ("${FOO}${FOO:-x}-${BAR:-y}}", "firstfirst-y}", (), None),
    ("a $ b $1 $}", "a $ b $1 $}", (), None),  # a $ before anything else stays
    ("${A[key]}", "${A[key]}", (), None),  # named mappings are not enabled in Compose
    # a required variable with no value here is the user's to give (a .env not committed):
    # unresolved, as a plain ${NOPE}; compose's error is for a set, empty one (BAR)
    ("${NOPE:?need it}", "", ("NOPE",), None),
    ("${BAR:?}", None, ("BAR",), "required variable BAR is missing a value"),
    ("${BAR:?${FOO}!}", None, ("BAR",), "required variable BAR is missing a value: first!"),
    ("${NOPE?bar-baz}", "", ("NOPE",), None),
    ("${NOPE:?${FOO}!}", "", ("NOPE",), None),
    # compose-go substitutes a default before it knows whether it is used
    ("${FOO:-${BAR:?boom}}", None, ("BAR",), "required variable BAR is missing a value: boom"),
    ("${FOO:-${NOPE:?boom}}", "first", (), None),
    ("${", None, (), "invalid"),
    ("${}", None, (), "invalid"),
    ("${ FOO}", None, (), "invalid"),
    ("${FOO }", None, (), "invalid"),
    ("${FOO!}", None, (), "invalid"),
    ("${FOO:x}", None, (), "invalid"),
    ("${FOO:-${BAR}", None, (), "invalid"),
]


@pytest.mark.parametrize(("template", "text", "unresolved", "error"), INTERPOLATION)
def test_interpolation(
    template: str, text: str | None, unresolved: tuple[str, ...], error: str | None
) -> None:
    quoted = template.replace("'", "''")
    scan = scan_compose(f"services:\n  web:\n    image: '{quoted}'\n", env=ENV)
    (occurrence,) = scan
    assert (occurrence.line, occurrence.column, occurrence.raw) == (3, 13, template)
    assert occurrence.unresolved == unresolved
    if error is None:
        assert errors(scan) == []
        assert occurrence.text == text
    else:
        assert occurrence.text == template
        assert occurrence.reference is None
        if error == "invalid":
            from tagsense.sources._expand import go_quote

            expected = (
                f"invalid interpolation format for services.web.image: {go_quote(template)} "
                "(you may need to escape any $ with another $)"
            )
        else:
            expected = f"error while interpolating services.web.image: {error}"
        assert errors(scan) == [(3, expected)]


def test_interpolation_limits_are_errors() -> None:
    deep = "${A:-" * 150 + "x" + "}" * 150
    scan = scan_compose(f"services:\n  web:\n    image: '{deep}'\n")
    assert errors(scan) == [
        (3, "error while interpolating services.web.image: variables nested too deeply")
    ]
    long = "${A}" * 20_000
    scan = scan_compose(f"services:\n  web:\n    image: '{long}'\n")
    assert errors(scan) == [
        (
            3,
            "error while interpolating services.web.image: "
            "value too long to interpolate (80,000 characters)",
        )
    ]


# --- .env and the environment ---------------------------------------------------------------


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def scan_dir(root: Path, env: dict[str, str] | None = None, name: str = "compose.yaml") -> Scan:
    path = root / name
    return scan_compose(path.read_bytes(), path=str(path), env=env)


def located(scan: Scan, root: Path) -> list[tuple[str, int, int, str, str, str, str | None]]:
    out = []
    for o in scan:
        assert o.path is not None
        where = os.path.relpath(o.path, root)
        out.append(
            (where, o.line, o.column, str(o.context["service"]), o.raw, o.text, o.normalized)
        )
    return out


def test_dotenv_format(tmp_path: Path) -> None:
    """The env_file format rules of compose-spec 05-services.md, one image per rule."""
    lines = [
        "# a comment",
        "",
        "PLAIN=development",
        'DOUBLE="quoted"',
        "SINGLE='quoted'",
        "COMMENT=VAL # comment",
        "HASH=VAL# not a comment",
        'QHASH="VAL # not a comment"',
        'QCOMMENT="VAL" # comment',
        "LITERAL='$OTHER'",
        "LITERAL2='${OTHER}'",
        "ESCAPED='Let\\'s go!'",
        'JSON="{\\"hello\\": \\"json\\"}"',
        'TAB="some\\tvalue"',
        "STAB='some\\tvalue'",
        "UTAB=some\\tvalue",
        "EMPTY=",
        "export EXPORTED=yes",
        "YAML: style",
        "OTHER",
        "NOTSET",
        "REF=${PLAIN}-$OTHER",
        'DOLLAR="a\\$b"',
        "DOLLARS=a$$b",
        'MULTI="line1',
        'line2"',
    ]
    names = [
        "PLAIN",
        "DOUBLE",
        "SINGLE",
        "COMMENT",
        "HASH",
        "QHASH",
        "QCOMMENT",
        "LITERAL",
        "LITERAL2",
        "ESCAPED",
        "JSON",
        "TAB",
        "STAB",
        "UTAB",
        "EMPTY",
        "EXPORTED",
        "YAML",
        "OTHER",
        "NOTSET",
        "REF",
        "DOLLAR",
        "DOLLARS",
        "MULTI",
    ]
    services = "".join(f"  s{i}:\n    image: '${{{name}}}'\n" for i, name in enumerate(names))
    write(tmp_path, {".env": "\n".join(lines) + "\n", "compose.yaml": "services:\n" + services})
    scan = scan_dir(tmp_path, env={"OTHER": "o"})
    assert errors(scan) == []
    texts = {name: (o.text, o.unresolved or None) for name, o in zip(names, scan, strict=True)}
    assert texts == {
        "PLAIN": ("development", None),
        "DOUBLE": ("quoted", None),
        "SINGLE": ("quoted", None),
        "COMMENT": ("VAL", None),
        "HASH": ("VAL# not a comment", None),
        "QHASH": ("VAL # not a comment", None),
        "QCOMMENT": ("VAL", None),
        "LITERAL": ("$OTHER", None),
        "LITERAL2": ("${OTHER}", None),
        "ESCAPED": ("Let's go!", None),
        "JSON": ('{"hello": "json"}', None),
        "TAB": ("some\tvalue", None),
        "STAB": ("some\\tvalue", None),
        "UTAB": ("some\\tvalue", None),
        "EMPTY": ("", None),
        "EXPORTED": ("yes", None),
        "YAML": ("style", None),
        "OTHER": ("o", None),  # a bare name takes the environment's value
        "NOTSET": ("", ("NOTSET",)),  # ... or stays unset
        "REF": ("development-o", None),
        "DOLLAR": ("a$b", None),
        "DOLLARS": ("a$b", None),
        "MULTI": ("line1\nline2", None),
    }


def test_env_wins_over_dotenv_and_dotenv_sees_env(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".env": "TAG=from-dotenv\nIMAGE=app:${TAG}\nBASE=${UNSET}\n",
            "compose.yaml": "services:\n  a:\n    image: ${IMAGE}\n  b:\n    image: b:$TAG\n"
            "  c:\n    image: c:1${BASE}\n",
        },
    )
    scan = scan_dir(tmp_path, env={"TAG": "from-env"})
    assert [(o.text, o.unresolved or None) for o in scan] == [
        ("app:from-env", None),  # .env values see the environment first
        ("b:from-env", None),
        ("c:1", ("UNSET",)),  # a value built from an unset variable keeps it unresolved
    ]


def test_dotenv_errors(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".env": "GOOD=1\nBAD KEY=2\n",
            "compose.yaml": "services:\n  a:\n    image: a:${GOOD}\n",
        },
    )
    scan = scan_dir(tmp_path)
    assert [o.text for o in scan] == ["a:1"]  # what was read before the error counts
    assert [(e.path, e.line, e.message) for e in scan.errors] == [
        (str(tmp_path / ".env"), 2, "key cannot contain a space")
    ]
    write(tmp_path, {".env": 'A="open\nB!=1\n'})
    assert errors(scan_dir(tmp_path)) == [(1, 'unterminated quoted value "open')]
    write(tmp_path, {".env": "B!=1\n"})
    assert errors(scan_dir(tmp_path)) == [(1, 'unexpected character "!" in variable name "B!=1"')]
    write(tmp_path, {".env": "NEED=\nR=${NEED:?please}\n"})
    assert errors(scan_dir(tmp_path)) == [(2, "required variable NEED is missing a value: please")]


def test_no_dotenv_without_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".env": "TAG=1\n"})
    monkeypatch.chdir(tmp_path)
    (occurrence,) = scan_compose("services:\n  a:\n    image: a:${TAG-none}\n")
    assert occurrence.text == "a:none"


def test_project_name(tmp_path: Path) -> None:
    project = tmp_path / "My Shop"
    write(project, {"compose.yaml": "services:\n  a:\n    image: ${COMPOSE_PROJECT_NAME}-a\n"})
    assert [o.text for o in scan_dir(project)] == ["myshop-a"]  # the directory, normalised
    write(
        project,
        {
            "compose.yaml": "name: Shop_${X}\nservices:\n  a:\n"
            "    image: ${COMPOSE_PROJECT_NAME}-a\n"
        },
    )
    assert [o.text for o in scan_dir(project, env={"X": "2"})] == ["shop_2-a"]  # name: wins
    env = {"COMPOSE_PROJECT_NAME": "given"}
    assert [o.text for o in scan_dir(project, env=env)] == ["given-a"]  # the environment wins


# --- extends and include across files --------------------------------------------------------


def test_extends_another_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n    extends:\n      file: common/web.yaml\n"
            "      service: web\n    build:\n      tags: ['web:${TAG}']\n",
            # relative to the file it is written in, with the same variables
            "common/web.yaml": "services:\n  web:\n"
            "    extends: {file: ../base/base.yaml, service: b}\n"
            "    image: web:${TAG}\n  other:\n    image: not-used:1\n",
            "base/base.yaml": "services:\n  b:\n    build: .\n    volumes:\n"
            "      - {type: image, source: 'models:${TAG}', target: /m}\n",
        },
    )
    scan = scan_dir(tmp_path, env={"TAG": "3"})
    assert errors(scan) == []
    assert located(scan, tmp_path) == [
        ("compose.yaml", 7, 15, "web", "web:${TAG}", "web:3", hub("web:3")),
        ("common/web.yaml", 4, 12, "web", "web:${TAG}", "web:3", hub("web:3")),
        ("base/base.yaml", 5, 32, "web", "models:${TAG}", "models:3", hub("models:3")),
    ]
    assert [o.built is not None or None for o in scan] == [True, True, None]


def test_extends_file_errors(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": "services:\n  a:\n    extends: {file: missing.yaml, service: x}\n"
            "  b:\n    extends: {file: base.yaml, service: nope}\n"
            "  c:\n    extends: {file: loop.yaml, service: c}\n",
            "base.yaml": "services:\n  base:\n    image: base:1\n",
            "loop.yaml": "services:\n  c:\n    extends: {file: compose.yaml, service: c}\n",
        },
    )
    compose = str(tmp_path / "compose.yaml")
    loop = str(tmp_path / "loop.yaml")
    assert errors(scan_dir(tmp_path)) == [
        (3, "cannot extend service 'a': 'missing.yaml': No such file or directory"),
        (5, f"cannot extend service 'b' in {compose}: service 'nope' not found in base.yaml"),
        (3, f"circular reference: c in {compose} extends c in {loop} extends c in {compose}"),
    ]


def test_extends_of_a_file_on_the_user_s_machine_is_a_note(tmp_path: Path) -> None:
    # docksal/docksal's stacks/stack-acquia.yml: each service extends
    # ${HOME}/.docksal/stacks/services.yml, which docksal's `fin` installs there; 16 source
    # errors "No such file or directory" before (survey 26m).
    write(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n"
            "    extends: {file: '${HOME}/.docksal/stacks/services.yml', service: apache}\n"
            "  db:\n    extends: {file: ~/.docksal/stacks/services.yml, service: mariadb}\n"
            "    image: docksal/mariadb:10.4-1.5\n",
        },
    )
    scan = scan_dir(tmp_path, env={"HOME": str(tmp_path / "home")})
    assert [(e.line, e.note) for e in scan.errors] == [(3, True), (5, True)]
    assert "a file of the user's machine" in scan.errors[0].message
    assert [o.text for o in scan] == ["docksal/mariadb:10.4-1.5"]
    # A path in the project that is missing stays compose's error.
    gone = "services:\n  a:\n    extends: {file: gone.yaml, service: x}\n"
    write(tmp_path, {"compose.yaml": gone})
    assert [e.note for e in scan_dir(tmp_path).errors] == [False]


def test_include(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".env": "TAG=main\n",
            "compose.yaml": "include:\n  - db/compose.yaml\n"
            "  - path: [cache/compose.yaml, cache/more.yaml]\n"
            "    env_file: cache/cache.env\n  - path: tools/compose.yaml\n"
            "    project_directory: tools\nservices:\n  web:\n    image: web:${TAG}\n",
            # its own .env, overridden by the including project's values
            "db/.env": "TAG=db\nPG=16\n",
            "db/compose.yaml": "services:\n  db:\n    image: postgres:${PG}-${TAG}\n",
            "cache/cache.env": "REDIS=7\n",
            "cache/compose.yaml": "services:\n  cache:\n    image: redis:${REDIS}\n",
            "cache/more.yaml": "services:\n  cache:\n    build: {tags: ['my-redis:${REDIS}']}\n",
            # an include inside an include, from its project directory
            "tools/compose.yaml": "include: [nested/compose.yaml]\n",
            "tools/nested/compose.yaml": "services:\n  tool:\n    image: tool:${TAG}\n",
        },
    )
    scan = scan_dir(tmp_path)
    assert errors(scan) == []
    assert located(scan, tmp_path) == [
        ("compose.yaml", 9, 12, "web", "web:${TAG}", "web:main", hub("web:main")),
        (
            "db/compose.yaml",
            3,
            12,
            "db",
            "postgres:${PG}-${TAG}",
            "postgres:16-main",
            hub("postgres:16-main"),
        ),
        ("cache/compose.yaml", 3, 12, "cache", "redis:${REDIS}", "redis:7", hub("redis:7")),
        ("cache/more.yaml", 3, 21, "cache", "my-redis:${REDIS}", "my-redis:7", hub("my-redis:7")),
        ("tools/nested/compose.yaml", 3, 12, "tool", "tool:${TAG}", "tool:main", hub("tool:main")),
    ]
    assert [o.built is not None or None for o in scan] == [None, None, True, True, None]


# appwrite/appwrite's docker-compose.yml says `image: ${_APP_IMAGE:-appwrite/appwrite}:
# ${_APP_VERSION:-latest}` for each of its services; its docker-compose.override.yml gives each
# a `build:` and `image: appwrite-dev`. `docker compose up` (no -f) reads both, the override
# merged over the first (compose-go's cli.DefaultFileNames, DefaultOverrideFileNames; Docker's
# "Merge Compose files"): it builds appwrite-dev and pulls no appwrite/appwrite:latest.
OVERRIDDEN = {
    "docker-compose.yml": "services:\n  app:\n    image: ${IMAGE:-acme/app}:${TAG:-latest}\n"
    "  cache:\n    image: redis:7.4.1\n",
    "docker-compose.override.yml": "services:\n  app:\n    build:\n      context: .\n"
    "      target: development\n    image: app-dev\n  tools:\n    image: adminer\n",
}


def test_the_override_file_is_merged_over_the_compose_file_compose_finds(tmp_path: Path) -> None:
    write(tmp_path, OVERRIDDEN)
    scan = scan_dir(tmp_path, name="docker-compose.yml")
    assert errors(scan) == []
    assert located(scan, tmp_path) == [
        ("docker-compose.yml", 5, 12, "cache", "redis:7.4.1", "redis:7.4.1", hub("redis:7.4.1")),
        ("docker-compose.override.yml", 6, 12, "app", "app-dev", "app-dev", hub("app-dev:latest")),
        (
            "docker-compose.override.yml",
            8,
            12,
            "tools",
            "adminer",
            "adminer",
            hub("adminer:latest"),
        ),
    ]
    assert [o.built is not None for o in scan] == [False, True, False]
    # (compose.yaml comes first: docker-compose.yml is not what compose reads, nor merged)
    write(tmp_path, {"compose.yaml": "services:\n  web:\n    image: nginx:1.27.1\n"})
    alone = scan_dir(tmp_path, name="docker-compose.yml")
    assert [o.text for o in alone] == ["acme/app:latest", "redis:7.4.1"]
    merged = scan_dir(tmp_path, name="compose.yaml")
    assert [o.text for o in merged] == ["nginx:1.27.1", "app-dev", "adminer"]


def test_no_override_file_with_f(tmp_path: Path) -> None:
    from tagsense.sources.compose import read_compose

    write(tmp_path, OVERRIDDEN)
    path = str(tmp_path / "docker-compose.yml")
    read = read_compose((tmp_path / "docker-compose.yml").read_text(), path=path, override=False)
    assert [o.text for o in read.scan] == ["acme/app:latest", "redis:7.4.1"]
    assert read.reads == ()
    merged = read_compose((tmp_path / "docker-compose.yml").read_text(), path=path)
    assert merged.reads == (str(tmp_path / "docker-compose.override.yml"),)
    assert [(b.target, b.site.path) for b in merged.builds] == [
        ("development", str(tmp_path / "docker-compose.override.yml"))
    ]


def test_include_env_files(tmp_path: Path) -> None:
    """env_file: files in order; each sees the environment first, then the earlier files."""
    write(
        tmp_path,
        {
            ".env": "X=main\n",
            "compose.yaml": "include:\n  - path: sub/compose.yaml\n"
            "    env_file: [sub/a.env, sub/b.env]\n",
            "sub/a.env": "X=a\nY=a\nZ=a\n",
            "sub/b.env": "Y=b-${Y}-${X}\n",
            "sub/.env": "Z=not-read\n",  # env_file replaces the default .env
            "sub/compose.yaml": "services:\n  s:\n    image: 'i:${X}.${Y}.${Z}'\n",
        },
    )
    assert [o.text for o in scan_dir(tmp_path)] == ["i:main.b-a-main.a"]
    (tmp_path / ".env").unlink()
    (tmp_path / ".env").mkdir()  # a .env that is no file is not read
    assert [o.text for o in scan_dir(tmp_path, env={"X": "env"})] == ["i:env.b-a-env.a"]


def test_include_errors(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": "include:\n  - missing.yaml\n  - a.yaml\n  - path: b.yaml\n"
            "    env_file: nope.env\n  - same.yaml\n  - {project_directory: x}\n"
            "services:\n  same:\n    image: same:1\n  twin:\n    image: twin:1\n",
            "a.yaml": "include: [compose.yaml]\n",
            "b.yaml": "services:\n  b:\n    image: b:1\n",
            # the same service again: the including file's wins (Compose v5)
            "same.yaml": "services:\n  same:\n    image: other:1\n  twin:\n    image: twin:1\n",
        },
    )
    compose = os.path.realpath(tmp_path / "compose.yaml")
    a = os.path.realpath(tmp_path / "a.yaml")
    scan = scan_dir(tmp_path)
    assert errors(scan) == [
        (2, "cannot include 'missing.yaml': No such file or directory"),
        (1, f"include cycle detected: {compose} include {a} include {compose}"),
        (5, "env file 'nope.env' not found"),
        (7, "include.[].path is required"),
    ]
    assert [e.path for e in scan.errors][1] == str(tmp_path / "a.yaml")
    assert [o.text for o in scan] == ["same:1", "twin:1", "b:1"]


def test_an_including_file_refines_the_services_it_includes(tmp_path: Path) -> None:
    """Compose v5 merges the included files first and the including document over them
    (compose-go v3 ``collectAllLayers``), where Compose v2 refused a service named in both
    ("services.db conflicts with imported resource"). Modelled on wger-project/docker's
    docker-compose.yml, which includes services/postgres.yaml and adds ``shm_size`` to its
    ``db``: the included image is pulled, and no error is given."""
    write(
        tmp_path,
        {
            "docker-compose.yml": "services:\n  web:\n    image: web:1\n"
            "  db:\n    shm_size: 256mb\n  cache:\n    volumes: [data:/data]\n"
            "  gone: !reset\n"
            "include:\n  - path: ./services/postgres.yaml\n  - path: ./services/redis.yaml\n",
            "services/postgres.yaml": "services:\n  db:\n    image: postgres:15-alpine\n"
            "  gone:\n    image: gone:1\n",
            # a later include refines an earlier one too, and the includer has the last word
            "services/redis.yaml": "services:\n  cache:\n    image: redis:7.4\n"
            "  db:\n    image: postgres:16-alpine\n",
        },
    )
    scan = scan_dir(tmp_path, name="docker-compose.yml")
    assert errors(scan) == []
    assert sorted((o.path.rsplit("/", 1)[-1], o.line, o.text) for o in scan) == [
        ("docker-compose.yml", 3, "web:1"),
        ("redis.yaml", 3, "redis:7.4"),
        ("redis.yaml", 5, "postgres:16-alpine"),
    ]


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": "include: [bad.yaml, dir]\nservices:\n  a:\n    image: a:1\n",
        },
    )
    (tmp_path / "bad.yaml").write_bytes(b"services:\n  a: \xff\n")
    (tmp_path / "dir").mkdir()
    scan = scan_dir(tmp_path)
    assert [o.text for o in scan] == ["a:1"]
    assert [(e.path, e.line, e.message) for e in scan.errors] == [
        (str(tmp_path / "bad.yaml"), None, "not UTF-8 text (byte 15)"),
        (str(tmp_path / "compose.yaml"), 1, "cannot include 'dir': a directory"),
    ]


# --- the samples ---------------------------------------------------------------------------

DIGEST = "sha256:0ed5d5928d4737458944eb604cc8509e245c3e19d02ad83935398bc4b991aac7"

SAMPLES: dict[str, list[Found]] = {
    "build.yaml": [
        (
            4,
            12,
            "frontend",
            "image",
            "example/webapp",
            "example/webapp",
            "docker.io/example/webapp:latest",
            BUILT,
        ),
        (
            8,
            12,
            "backend",
            "image",
            "example/database",
            "example/database",
            "docker.io/example/database:latest",
            BUILT,
        ),
        (
            20,
            11,
            "cached",
            "build.cache_from",
            "alpine:latest",
            "alpine:latest",
            hub("alpine:latest"),
            {},
        ),
        (
            23,
            11,
            "cached",
            "build.cache_from",
            "type=registry,ref=user/app:cache",
            "user/app:cache",
            "docker.io/user/app:cache",
            {},
        ),
        (
            33,
            11,
            "contexts-list",
            "build.additional_contexts",
            "app=docker-image://my-app:latest",
            "my-app:latest",
            hub("my-app:latest"),
            {"name": "app"},
        ),
        (
            41,
            14,
            "contexts-map",
            "build.additional_contexts",
            "docker-image://my-app:latest",
            "my-app:latest",
            hub("my-app:latest"),
            {"name": "app"},
        ),
        (
            48,
            12,
            "tagged",
            "build.tags",
            "myimage:mytag",
            "myimage:mytag",
            hub("myimage:mytag"),
            BUILT,
        ),
        (
            49,
            12,
            "tagged",
            "build.tags",
            "registry/username/myrepos:my-other-tag",
            "registry/username/myrepos:my-other-tag",
            "docker.io/registry/username/myrepos:my-other-tag",
            BUILT,
        ),
    ],
    "services.yaml": [
        (4, 12, "a", "image", "redis", "redis", hub("redis:latest"), {}),
        (6, 12, "b", "image", "redis:5", "redis:5", hub("redis:5"), {}),
        (8, 12, "c", "image", f"redis@{DIGEST}", f"redis@{DIGEST}", hub(f"redis@{DIGEST}"), {}),
        (10, 12, "d", "image", "library/redis", "library/redis", hub("redis:latest"), {}),
        (
            12,
            12,
            "e",
            "image",
            "docker.io/library/redis",
            "docker.io/library/redis",
            hub("redis:latest"),
            {},
        ),
        # the specification's own example has a '_' in the registry host: Docker rejects it
        (
            14,
            12,
            "f",
            "image",
            "my_private.registry:5000/redis",
            "my_private.registry:5000/redis",
            None,
            {},
        ),
        (
            16,
            12,
            "g",
            "image",
            "busybox:1.10",
            "busybox:1.10",
            hub("busybox:1.10"),
            {"pull_policy": "always"},
        ),
        (19, 12, "h", "image", "1.10", "1.10", hub("1.10:latest"), {}),
        (21, 12, "on", "image", "yes", "yes", hub("yes:latest"), {}),
        (
            23,
            12,
            "backend",
            "image",
            "example/backend",
            "example/backend",
            "docker.io/example/backend:latest",
            {},
        ),
        (
            27,
            17,
            "backend",
            "volumes",
            "example/data:1.0",
            "example/data:1.0",
            "docker.io/example/data:1.0",
            {},
        ),
    ],
    "fragments.yaml": [
        (3, 10, "first", "image", "my-image:latest", "my-image:latest", hub("my-image:latest"), {}),
        (3, 10, "third", "image", "my-image:latest", "my-image:latest", hub("my-image:latest"), {}),
        (
            9,
            10,
            "fourth",
            "build.tags",
            "shared/app:1",
            "shared/app:1",
            "docker.io/shared/app:1",
            BUILT,
        ),
        (
            16,
            12,
            "second",
            "image",
            "another-image:latest",
            "another-image:latest",
            hub("another-image:latest"),
            {},
        ),
        (
            24,
            20,
            "fourth",
            "build.cache_from",
            "shared/app:cache",
            "shared/app:cache",
            "docker.io/shared/app:cache",
            {},
        ),
    ],
    "extends.yaml": [
        (4, 12, "cli", "image", "busybox", "busybox", hub("busybox:latest"), {}),
        (4, 12, "common", "image", "busybox", "busybox", hub("busybox:latest"), {}),
        (14, 12, "base", "image", "busybox:1.36", "busybox:1.36", hub("busybox:1.36"), {}),
        (17, 12, "leaf", "image", "busybox:1.37", "busybox:1.37", hub("busybox:1.37"), {}),
        (17, 12, "middle", "image", "busybox:1.37", "busybox:1.37", hub("busybox:1.37"), {}),
    ],
    "override.yaml": [
        (9, 14, "app", "build.tags", "myapp:1", "myapp:1", hub("myapp:1"), BUILT),
        (22, 12, "app", "image", "myapp:2", "myapp:2", hub("myapp:2"), BUILT),
        (24, 14, "app", "build.tags", "myapp:edge", "myapp:edge", hub("myapp:edge"), BUILT),
        (24, 26, "app", "build.tags", "myapp:2", "myapp:2", hub("myapp:2"), BUILT),
        (
            25,
            30,
            "app",
            "build.cache_from",
            "myapp:cache2",
            "myapp:cache2",
            hub("myapp:cache2"),
            {},
        ),
    ],
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_samples(name: str) -> None:
    path = DATA / name
    scan = scan_compose(path.read_bytes(), path=str(path))
    assert errors(scan) == []
    assert {o.path for o in scan} <= {str(path)}
    assert found(scan) == SAMPLES[name]


def test_sample_project(tmp_path: Path) -> None:
    """A project with .env, include (both forms, an env_file) and extends from another file."""
    root = tmp_path / "project"
    shutil.copytree(DATA / "project", root)
    scan = scan_dir(root)
    assert errors(scan) == []
    reg = "registry.example.com"
    assert located(scan, root) == [
        (
            "compose.yaml",
            13,
            15,
            "web",
            "${REGISTRY}/${COMPOSE_PROJECT_NAME}-web:${TAG}",
            f"{reg}/shop-web:1.4.2",
            f"{reg}/shop-web:1.4.2",
        ),
        (
            "compose.yaml",
            15,
            12,
            "api",
            "${REGISTRY}/api:${TAG:?set TAG in .env}",
            f"{reg}/api:1.4.2",
            f"{reg}/api:1.4.2",
        ),
        (
            "compose.yaml",
            18,
            15,
            "api",
            "docker-image://${REGISTRY}/base:${BASE_TAG:-latest}",
            f"{reg}/base:latest",
            f"{reg}/base:latest",
        ),
        (
            "db/compose.yaml",
            3,
            12,
            "db",
            "postgres:${PG_TAG:-16}",
            "postgres:15.8",
            hub("postgres:15.8"),
        ),
        (
            "common/compose.yaml",
            3,
            12,
            "cache",
            "redis:${REDIS_TAG}",
            "redis:7.4",
            hub("redis:7.4"),
        ),
        (
            "common/base.yaml",
            3,
            12,
            "web",
            "${REGISTRY}/web:${TAG}",
            f"{reg}/web:1.4.2",
            f"{reg}/web:1.4.2",
        ),
    ]
    # without its .env, the project's variables have no value: the user's to give
    (root / ".env").unlink()
    scan = scan_dir(root)
    assert errors(scan) == []
    assert all(o.reference is None for o in scan if o.context["service"] in ("web", "api"))


# --- names, hostile input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("compose.yaml", True),
        ("compose.yml", True),
        ("compose.override.yaml", True),
        ("docker-compose.yml", True),
        ("docker-compose.prod.yaml", True),
        ("compose.json", False),
        # `docker compose -f` reads any name: compose as a word of it (issue 12, field survey)
        ("my-compose.yaml", True),
        ("kong-tests-compose.yaml", True),
        ("test.compose.yml", True),
        ("compose.prod.yaml", True),
        ("docker-compose.ci.yml", True),
        ("Docker-Compose.yml", True),
        ("tests_compose_v2.yaml", True),
        ("decompose.yaml", False),
        ("recomposed.yml", False),
        ("compose-notes.md", False),
        ("compose.yaml.bak", False),
        ("docker-compose", False),
    ],
)
def test_is_compose_file(name: str, expected: bool) -> None:
    assert is_compose_file(PurePath("some/dir") / name) is expected


def test_merge_key_bomb_is_walked_once() -> None:
    lines = ["x-a0: &a0 {image: 'redis:7'}"]
    lines += [f"x-a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], k{i}: v}}" for i in range(1, 60)]
    lines.append("services: {web: {<<: *a59}}")
    start = time.perf_counter()
    scan = scan_compose("\n".join(lines))
    assert time.perf_counter() - start < 2
    assert [o.text for o in scan] == ["redis:7"]


def test_alias_bomb_is_cheap() -> None:
    lines = ["x-l0: &l0 ['a:1']"]
    lines += [f"x-l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}]" for i in range(1, 40)]
    lines.append("services: {web: {build: {tags: *l39}}}")
    start = time.perf_counter()
    scan = scan_compose("\n".join(lines))
    assert time.perf_counter() - start < 2
    # each item is the alias *l38: its position is the anchored node's (line 39)
    assert errors(scan) == [(39, "services.web.build.tags.[] must be a string")]


def test_many_services_sharing_one_anchor_are_fast() -> None:
    text = "x-s: &s {image: 'redis:7'}\nservices:\n" + "".join(f"  s{i}: *s\n" for i in range(5000))
    start = time.perf_counter()
    scan = scan_compose(text)
    assert time.perf_counter() - start < 5
    assert len(scan) == 5000


def test_invalid_yaml_is_load_yamls_error() -> None:
    scan = scan_compose("services:\n  web:\n    image: a:1\n  db: [b\n", path="compose.yaml")
    assert list(scan) == []
    ((line, message),) = errors(scan)
    assert line == 5 and message.startswith("invalid YAML: ")
    assert scan.errors[0].path == "compose.yaml"


def test_oversized_and_binary_files() -> None:
    scan = scan_compose("services: {}\n" + "#" * 100, max_bytes=50)
    assert errors(scan) == [(None, "file is 113 bytes; YAML files over 50 are skipped")]
    assert errors(scan_compose(b"\x00\x01")) == [(None, "binary file (not YAML)")]


@given(st.text(alphabet="services:image$-{}[]&*<>!#\n '\"\\.,?+:=ab1", max_size=200))
def test_never_raises(text: str) -> None:
    scan = scan_compose(text, env={"a": "1"})
    for occurrence in scan:
        assert occurrence.line >= 1 and occurrence.column >= 1


def test_models_are_oci_artifacts_the_model_runner_pulls() -> None:
    scan = scan_compose(
        "services:\n  chat:\n    image: alpine:3.22.2\n    models: [llm]\n"
        "models:\n  llm:\n    model: ai/smollm2:${SIZE:-360M}\n  other:\n    model: ai/gemma3\n"
    )
    models = [(o.line, o.text, dict(o.context)) for o in scan if o.context["field"] == "models"]
    assert models == [
        (7, "ai/smollm2:360M", {"field": "models", "model": "llm"}),
        (9, "ai/gemma3", {"field": "models", "model": "other"}),
    ]


def test_a_null_image_is_compose_s_error() -> None:
    scan = scan_compose("services:\n  app:\n    image:\n    build: .\n")
    assert [(e.line, e.message) for e in scan.errors] == [
        (3, "services.app.image must be a string")
    ]


#: 1Panel-dev/appstore at commit 6a5c3cd8 (GPL-3.0): apps/php/8's docker-compose.yml (cut
#: down) and its .env, which 1Panel fills when it creates the runtime.
PANEL_PHP_COMPOSE = """\
services:
  php:
    build:
      context: ./build
      args:
        PHP_IMAGE: 1panel/php:${PHP_VERSION}-fpm
    image: ${IMAGE_NAME}
  other:
    image: ${IMAGE_NAME}
"""


def test_a_build_named_with_an_empty_value_takes_compose_s_default_name(tmp_path: Path) -> None:
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(PANEL_PHP_COMPOSE)
    (tmp_path / ".env").write_text("PHP_VERSION=\nIMAGE_NAME=\n")
    scan = scan_compose(compose.read_text(), path=str(compose))
    # (the build's image is PROJECT-php; a service that builds nothing has no image at all)
    assert [(o.line, o.text, o.error is not None) for o in scan.occurrences] == [(9, "", True)]
    (tmp_path / ".env").write_text("PHP_VERSION=\nIMAGE_NAME=acme/php\n")
    scan = scan_compose(compose.read_text(), path=str(compose))
    assert [(o.line, o.text, o.built is not None) for o in scan.occurrences] == [
        (7, "acme/php", True),
        (9, "acme/php", False),
    ]


@pytest.mark.parametrize(
    ("template", "text", "unresolved"),
    [
        ("nginx:${TAG:-1.27.3}", "nginx:", ("TAG",)),  # (empty or not: a run decides)
        ("nginx:${TAG:?no tag}", "nginx:", ("TAG",)),  # (no error: it may have a value)
        ("nginx${TAG:+:1.27.3}", "nginx", ("TAG",)),
        ("nginx:${TAG-1.27.3}", "nginx:", ("TAG",)),  # (set: its own value)
        ("nginx${TAG+:1.27.3}", "nginx:1.27.3", ()),  # (set, whatever its value)
        ("nginx:${OTHER:-1.27.3}", "nginx:1.27.3", ()),
    ],
)
def test_a_value_only_a_command_s_run_knows_in_a_modifier(
    template: str, text: str, unresolved: tuple[str, ...]
) -> None:
    # (a CI step's `env: {TAG: ${{ secrets.TAG }}}` running `docker compose up`)
    from tagsense.sources.compose import read_compose

    found = read_compose(f"services:\n  web:\n    image: {template}\n", env={}, unknown=["TAG"])
    (occurrence,) = found.scan.occurrences
    assert (occurrence.text, occurrence.unresolved) == (text, unresolved)
    assert list(found.scan.errors) == []


def test_a_service_runs_the_image_another_builds_under_a_name_the_shell_completes(
    tmp_path: Path,
) -> None:
    # (open5gs' docker/docker-compose.yml, survey 34b: `run` and `test` run the image `build`
    # builds, `${USER}/${DIST-ubuntu}-${TAG-latest}-open5gs-build`; USER is the shell's)
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(
        "services:\n"
        "  build:\n"
        "    build: {context: ., args: {dist: '${DIST-ubuntu}'}}\n"
        "    image: ${USER}/${DIST-ubuntu}-${TAG-latest}-open5gs-build\n"
        "  run:\n"
        "    image: ${USER}/${DIST-ubuntu}-${TAG-latest}-open5gs-build\n"
        "  other:\n"
        "    image: ${USER}/${DIST-ubuntu}-open5gs-run\n"
    )
    scan = scan_compose(compose.read_text(), path=str(compose), env={})
    assert [(o.line, o.unresolved, o.built is not None) for o in scan] == [
        (4, ("USER",), True),
        (6, ("USER",), True),
        (8, ("USER",), False),
    ]
    (site,) = {o.built for o in scan if o.built is not None}
    assert site is not None and (site.tool, site.line) == ("compose", 3)


def test_a_jekyll_config_s_include_list_is_no_compose_include(tmp_path: Path) -> None:
    # ZOO-Project/ZOO-Project's docs/_config.yml (survey s49f: 3 false source errors): Jekyll's
    # `include` lists the directories the site copies; compose's names compose files.
    write(
        tmp_path,
        {
            "docs/_config.yml": 'include             : ["_static","_images","_sources"]\n',
            "deploy/stack.yml": "include:\n  - path: [db/compose.yaml]\n",
            "deploy/db/compose.yaml": "services:\n  db:\n    image: postgres:16.4\n",
        },
    )
    (tmp_path / "docs" / "_static").mkdir()
    from tagsense.sources import scan_paths

    scan = scan_paths([tmp_path])
    assert not [e for e in scan.errors if str(e.path).endswith("_config.yml")]
    found = [(o.text, PurePath(str(o.path)).relative_to(tmp_path).as_posix()) for o in scan]
    assert ("postgres:16.4", "deploy/db/compose.yaml") in found
