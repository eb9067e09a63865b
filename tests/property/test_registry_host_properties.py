"""No exception but tagsense's own from any well-formed reference on any registry host.

The name-dependent readings (official images on Docker Hub and its mirrors, ECR pull-through
caches, architecture namespaces, balena's base images, OS images, Windows, application
codenames…) branch on a reference's host and path. A name of a shape they did not expect
raised a bare ValueError on the way to ``explain``: ``024603541914.dkr.ecr.us-west-2
.amazonaws.com/docker``, an ECR host with a one-part path (tests/data's ECR reference).
"""

from __future__ import annotations

import datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tagsense import (
    InvalidReference,
    Tag,
    TagsenseError,
    check,
    find_references,
    parse_reference,
    parse_tag,
)
from tagsense.explain import explain_json, explain_text

from .strategies import (
    hosted_references,
    known_name_shapes,
    name_components,
    registry_hosts,
    tag_words,
)

AS_OF = datetime.date(2026, 12, 7)


def assert_tokens_cover(text: str, tag: Tag) -> None:
    """The tokens are the tag's text in order, and every letter and digit is in one."""
    end = 0
    for token in tag.tokens:
        assert end <= token.start < token.end <= len(text)
        assert text[token.start : token.end] == token.text
        end = token.end
    covered = {i for token in tag.tokens for i in range(token.start, token.end)}
    assert all(i in covered for i, c in enumerate(text) if c.isalnum())


#: Every rule, with the options that turn on the ones that need them.
CONFIG = {
    "select": ["ALL"],
    "allowed-registries": ["ghcr.io/acme/*", "docker.io", "*.azurecr.io"],
    "trusted-publishers": ["bitnami", "acme-*"],
    "versions": {"postgres": ">=14,<17", "*/ubuntu": ">=20.04"},
    "per-image-precision": {"node": "major"},
}


@given(hosted_references())
@example("024603541914.dkr.ecr.us-west-2.amazonaws.com/docker")
@example("024603541914.dkr.ecr.us-west-2.amazonaws.com/library")
@example("024603541914.dkr.ecr.us-west-2.amazonaws.com/library/x:1")
@example("mcr.microsoft.com/mirror/docker/library/a/b:22.04")
@example("public.ecr.aws/docker/library/ubuntu/x:jammy")
@example("docker.io/balenalib/ubuntu:jammy-build")
@example("docker.io/balenalib/raspberrypi3:bookworm-run")
@example("docker.io/arm64v8/windows:1809")
@example("cgr.dev/chainguard:_@sha256:" + "0" * 64)  # (no tokens: explain_text's max() of nothing)
def test_explain_raises_nothing_but_ours(text: str) -> None:
    try:
        ref = parse_reference(text)
    except InvalidReference as error:
        # Only the grammar's limits refuse a well-formed name (length).
        assert error.kind == "name-too-long"
        return
    entry = explain_json(text, ref, AS_OF)
    assert entry["valid"] is True
    assert explain_text(ref, AS_OF).startswith(ref.familiar)
    tag = ref.tag_info
    assert (tag is None) == (ref.tag is None)
    if tag is not None:
        assert tag.text == ref.tag
        assert_tokens_cover(tag.text, tag)


@given(hosted_references(), st.booleans())
def test_normalised_and_familiar_forms_round_trip(text: str, normalize: bool) -> None:
    try:
        ref = parse_reference(text, normalize=normalize)
    except InvalidReference as error:
        assert error.kind == "name-too-long"
        return
    assert parse_reference(str(ref), normalize=normalize) == ref
    if not normalize:
        return
    assert parse_reference(ref.normalized) == (
        ref if ref.tag or ref.digest else ref.with_tag("latest")
    )
    first = ref.familiar_name.split("/")[0]
    if not ("/" in ref.familiar_name and ("." in first or ":" in first or first == "localhost")):
        assert parse_reference(ref.familiar) == ref
    # The same analysis whichever form names the image.
    if ref.tag is not None:
        assert parse_tag(ref.tag, image=ref.normalized) == parse_tag(ref.tag, image=ref)


@given(tag_words(), st.one_of(st.none(), known_name_shapes(), hosted_references()))
@example("1809", "docker.io/arm64v8/windows")
@example("1607-mariner_0", None)  # (a join across '_': its token read 'mariner-0')
@example("0-0ea", None)  # (a later number glued to a prerelease: no token for it)
@example("jammy-build", "balenalib/-ubuntu")
@example("melodic-ros-base", "024603541914.dkr.ecr.us-west-2.amazonaws.com/ros")
@example("2-0-18090-0-0.m4", "mcr.microsoft.com/azurelinux/distroless")  # (0.m4: no 0 token)
def test_tag_analysis_raises_nothing_but_ours_with_any_image(tag: str, image: str | None) -> None:
    if image is not None:
        image = image.partition("@")[0]
    try:
        result = parse_tag(tag, image=image)
    except TagsenseError as error:
        assert isinstance(error, InvalidReference) and error.kind == "invalid-tag"
        return
    assert result.text == tag
    assert_tokens_cover(tag, result)


@given(st.lists(name_components(), min_size=1, max_size=5), registry_hosts(), tag_words())
def test_every_cut_of_a_name_is_explained(components: list[str], host: str, tag: str) -> None:
    # Each prefix of a name on a host: ECR's HOST/PREFIX, HOST/PREFIX/library, … one part more.
    for end in range(1, len(components) + 1):
        text = f"{host}/{'/'.join(components[:end])}:{tag}"
        try:
            ref = parse_reference(text)
        except InvalidReference as error:
            assert error.kind == "name-too-long"
            continue
        explain_json(text, ref, AS_OF)
        explain_text(ref, AS_OF)


@given(hosted_references(), st.sampled_from([None, "strict", "all"]))
@example("024603541914.dkr.ecr.us-west-2.amazonaws.com/docker", "all")
def test_check_raises_nothing_but_ours(text: str, preset: str | None) -> None:
    config: object = {"strict": {"preset": "strict"}, "all": CONFIG}.get(preset or "")
    try:
        findings = check([text], config=config, as_of=AS_OF)  # type: ignore[arg-type]
        scan = find_references(f"FROM {text}\nRUN true\n", name="Dockerfile")
        located = check(scan, config=config, as_of=AS_OF)  # type: ignore[arg-type]
    except TagsenseError as error:  # pragma: no cover - the property's failure, said plainly
        raise AssertionError(f"{type(error).__name__}: {error}") from error
    assert all(f.code.startswith("TS") for f in findings + located)
    assert [o.text for o in scan.occurrences] == [text]


_DIGEST = "sha256:" + "0" * 64


@given(
    hosted_references(),
    st.lists(tag_words(), max_size=8),
    st.booleans(),
    st.sampled_from([None, "tag", "repository"]),
)
@example("024603541914.dkr.ecr.us-west-2.amazonaws.com/docker", ["1.0", "_"], True, None)
def test_registry_advice_raises_nothing_but_ours(
    text: str, tags: list[str], upgrade: bool, missing: str | None
) -> None:
    # What `outdated`, `pin` and `check --registry` make of a registry's tags, offline.
    from tagsense.answers import RegistryAnswer
    from tagsense.registry import precise_tag, same_shape, shape, suggest
    from tagsense.registry.suggestions import has_finer

    try:
        ref = parse_reference(text)
    except InvalidReference as error:
        assert error.kind == "name-too-long"
        return
    suggestion = suggest(ref, tags, as_of=AS_OF, allow_os_upgrade=upgrade)
    current = suggestion.current
    for column in (suggestion.patch, suggestion.minor, suggestion.major, suggestion.os_upgrade):
        assert column is None or column.text in [*tags, current.text]
    has_finer(ref, tags)
    found = precise_tag(ref, tags, lambda tag: _DIGEST if tag in tags[:2] else None)
    assert found is None or found.text in tags
    for tag in tags:
        parsed = parse_tag(tag, image=ref)
        shape(parsed)
        shape(parsed, os="drop")
        same_shape(parsed, current, allow_os_upgrade=upgrade)
    answer = RegistryAnswer(
        ref,
        digest=_DIGEST,
        missing=missing,
        precise=tags[0] if tags else None,
        finer=upgrade,
    )
    findings = check([ref], config=CONFIG, as_of=AS_OF, answers=[answer])
    assert all(f.code.startswith("TS") for f in findings)


#: A project that names an image in each of the files a scan reads most: a Dockerfile, a
#: compose file, a Kubernetes manifest, a GitHub workflow (its job container and a step's
#: docker run), in a checkout whose origin is on GitHub (the project's own account matters).
_PROJECT = {
    "Dockerfile": "FROM {0}\nRUN true\n",
    "compose.yaml": 'services:\n  app:\n    image: "{0}"\n',
    "deploy/pod.yaml": (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n"
        "spec:\n  containers:\n    - name: a\n      image: '{0}'\n"
    ),
    ".github/workflows/ci.yml": (
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container: '{0}'\n"
        "    steps:\n      - run: docker run --rm {1} true\n"
    ),
    ".git/config": '[remote "origin"]\n\turl = https://github.com/{2}/app.git\n',
}


# (a scan of a whole project a case: fewer cases than the ci profile's thousand)
@settings(max_examples=200, deadline=None)
@given(hosted_references(), hosted_references(), st.sampled_from(["acme", "chainguard", "0"]))
@example(
    "024603541914.dkr.ecr.us-west-2.amazonaws.com/docker",
    "ghcr.io/acme/x:v1.0.0-alpha.0-7-gb914c26",
    "acme",
)
# (a tag of upper-case words beside a digest is pulled as written: the digest names the image)
@example("alpine:3.19", "cgr.dev/0:A_A@sha256:" + "0" * 64, "acme")
@example("alpine:3.19", "cgr.dev/0:A_A", "acme")  # (without one, a placeholder: a note)
def test_a_project_naming_any_image_is_read_and_judged(first: str, second: str, owner: str) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        for name, text in _PROJECT.items():
            path = Path(folder, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text.format(first, second, owner))
        try:
            scan = find_references(Path(folder))
            findings = check(scan, config=CONFIG, as_of=AS_OF)
        except TagsenseError as error:  # pragma: no cover - the property's failure, said plainly
            raise AssertionError(f"{type(error).__name__}: {error}") from error
    assert all(f.code.startswith("TS") for f in findings)
    # Each file's reference is found as written (the Dockerfile's may be the one it builds),
    # but a placeholder that a script fills in (docs/projects.md: ``cgr.dev/x:A_A``, a tag of
    # upper-case words joined with ``_``), which is a note at its line, or the workflow's one
    # note when all its images are placeholders.
    notes = [(e.path or "", e.message) for e in scan.errors if e.note]
    placeholder = any(
        message.startswith(f"a placeholder where an image goes ({second})")
        or (path.endswith("ci.yml") and message.startswith("a template (a placeholder, "))
        for path, message in notes
    )
    assert second in {o.text for o in scan.occurrences} or placeholder
