"""The builds of GitHub's ``docker/build-push-action`` steps (and of its drop-in
replacements, :data:`BUILD_ACTIONS`), as BuildKit runs them.

The action runs ``docker buildx build`` in the checkout (``$GITHUB_WORKSPACE``) with
its inputs (``docker/actions-toolkit``'s lists: one item a line, ``tags`` and
``platforms`` split at commas too):

- ``context``: by default the Git context, the repository at the commit (its
  checkout here); ``{{defaultContext}}:DIR`` a directory of it; a path is relative
  to the checkout; another URL is no file of the project;
- ``file``: relative to the checkout (to a Git context's directory for one), by
  default ``CONTEXT/Dockerfile``;
- ``build-args`` (``NAME=VALUE``), ``target``, ``build-contexts``
  (``NAME=docker-image://REF``…), ``platforms``, ``tags``: the names it builds;
  tags from a ``docker/metadata-action`` step of the job
  (``${{ steps.meta.outputs.tags }}``, or its ``json`` output) are that step's
  ``images`` (one a line or at commas, or ``name=IMAGE,enable=…``), with the tags
  a run decides.

A tag whose repository only a run knows (``${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha
}}``) names no image, but the workflow builds that repository as written: the same text in
the same file names it (see :mod:`._written`). A build argument made of such a text keeps it
(``BuildConfig.written``) for the ``FROM`` that uses it.

Values go through the workflow's expressions (the ``env`` of the workflow, the
job and the step, the inputs' defaults, each matrix combination). What a run
decides stays unknown: a tag from ``${{ steps.meta.outputs.tags }}`` names no
image; a build argument is passed unresolved, naming what it needs; an unknown
context, file or target feeds no Dockerfile (its tags are still built), nor do build arguments
whose names only a run knows (any ``ARG`` may be among them).
"""

from __future__ import annotations

import os

from .._yaml import items, position, scalar
from ..builds._common import is_remote, join
from ..builds._shell_values import UNKNOWN, name_pattern
from ._foreign_actions import copies_images, foreign_build_inputs
from ._scanner import Rejected, fields
from ._written import written_items, written_repository

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from ..project import BuildConfig, BuiltImage
    from ._scanner import Scanner

__all__ = ["BUILD_ACTIONS", "action_builds"]

#: The actions that build a Dockerfile (``uses: NAME@REF``; GitHub's names ignore case):
#: Docker's, and the drop-in replacements that document its inputs as theirs, the build
#: running on their own builders: Depot's ("implements the same inputs and outputs as the
#: docker/build-push-action") and Blacksmith's fork (outline's base and app images, whose
#: ``FROM ${BASE_IMAGE}`` names the base image the step before builds: a false TS002 in
#: survey 14b).
BUILD_ACTIONS = frozenset(
    {"docker/build-push-action", "depot/build-push-action", "useblacksmith/build-push-action"}
)
#: The actions that push an image of a name their inputs make, built by the job's steps
#: before (no Dockerfile of theirs): for each, the input of its registry and namespace, that
#: input's default, and the input of the image's own name. Home Assistant's builder
#: (``actions/publish-multi-arch-manifest/action.yml``) pushes ``REGISTRY_PREFIX/IMAGE_NAME:TAG``
#: for each tag, the manifest of the architectures' images: home-assistant/docker-base's
#: ``base``, which its Python images start from (survey 22e: 9 false TS004).
PUBLISH_ACTIONS = {
    "home-assistant/builder/actions/publish-multi-arch-manifest": (
        "registry-prefix", "ghcr.io/${{ github.repository_owner }}", "image-name"
    ),
}  # fmt: skip
#: The action that makes the tags of the images a build names (from its ``images`` input).
METADATA_ACTIONS = frozenset({"docker/metadata-action"})
#: A metadata step's outputs in a build's ``tags``: ``steps.ID.outputs.tags`` (or ``json``).
_METADATA_OUTPUT = r"steps\.([\w-]+)\.outputs\.(?:tags|json)"

#: What the action puts in a ``context`` for the Git context (a Handlebars template).
_DEFAULT_CONTEXT = "{{defaultContext}}"

#: The contexts a ``with:`` value may use (GitHub's workflow schema).
_STEP_CONTEXTS = frozenset(
    {"github", "inputs", "vars", "needs", "strategy", "matrix", "job", "runner", "env",
     "secrets", "steps"}
)  # fmt: skip


class _Value:
    """An input's text with :data:`UNKNOWN` where a run decides, and what each of those
    parts needs (``unknowns``, in order)."""

    __slots__ = ("text", "unknowns")

    def __init__(self, text: str, unknowns: tuple[tuple[str, ...], ...] = ()) -> None:
        self.text = text
        self.unknowns = unknowns

    @property
    def known(self) -> str | None:
        return None if UNKNOWN in self.text else self.text

    @property
    def needs(self) -> tuple[str, ...]:
        """The names the text needs, each once."""
        return tuple(dict.fromkeys(name for names in self.unknowns for name in names))


def action_builds(
    documents: list[yaml.Node],
    scanner: Scanner,
    checkout: str | None,
    read: dict[str, tuple[int, int] | None] | None = None,
    written: dict[BuiltImage, None] | None = None,
) -> Iterator[tuple[BuildConfig | None, list[BuiltImage]]]:
    """Each build step's build (``None`` when which Dockerfile is not known here) and the
    names it builds (``BuildSite`` tool: the system, at the step's ``uses:``), once a
    matrix combination; ``checkout``: where the repository is checked out. A bake step
    gives one build a target (:mod:`._bake_action`); the bake files it reads are added to
    ``read`` (with :func:`~.._context_cache.stat_of`'s answer). The repositories a step
    tags that only a run knows, as written, are added to ``written``."""
    import re

    from ...occurrence import BuildSite
    from ..project import BuiltImage
    from ._bake_action import BAKE_ACTIONS, bake_builds
    from ._goreleaser_action import GORELEASER_ACTIONS, goreleaser_action_builds
    from ._shell import github_uses

    job_of: object = object()
    named: dict[str, list[str]] = {}  # (a metadata-action step's id -> the names it tags)
    named_as_written: dict[str, list[str]] = {}  # (... those a run decides, as written)
    for job, step, known, earlier in github_uses(documents, scanner, checkout, read):
        if job != job_of:
            job_of, named, named_as_written = job, {}, {}
        step_fields = fields(step)
        uses = step_fields["uses"]
        action = (scalar(uses) or "").partition("@")[0].lower()
        publishes = PUBLISH_ACTIONS.get(action)
        given = {key: scalar(node) or "" for key, node, _ in items(step_fields.get("with"))}
        foreign = None
        if action == "docker/build-push-action" and _first_version(scalar(uses) or "", given):
            given = _v1_inputs(given)  # (its first version's inputs, as later ones name them)
        elif action == _HASHICORP_BUILD:
            given = _hashicorp_inputs(given)  # (its inputs, as build-push-action names them)
        ours = BUILD_ACTIONS | METADATA_ACTIONS | BAKE_ACTIONS | GORELEASER_ACTIONS | _HASHICORP
        if publishes is None and action not in ours:
            if "/" not in action or action.startswith(("./", "docker://")):
                continue  # (a local action's own steps are read as steps: ._local_actions)
            foreign = foreign_build_inputs(action, given)
            if foreign is None:
                continue
            given = foreign
        inputs = {key: _evaluated(text, known) for key, text in given.items()}
        if publishes is not None:
            site = BuildSite(scanner.system, scanner.path_of(uses), position(uses)[0])
            # (a manifest of images built before: a copy, see BuiltImage.copied)
            published = _published(publishes, inputs, known)
            yield None, [BuiltImage(name, site, copied=True) for name in published]
            continue
        if action in BAKE_ACTIONS:
            site = BuildSite(scanner.system, scanner.path_of(uses), position(uses)[0])
            files = given.get("files", "")
            # (a metadata-action step's bake file among the files: its `images`, tagged as a
            # run decides, are what the targets that inherit its `bake-target` build;
            # kubeshop/testkube's `${{ steps.cli-meta.outputs.bake-file }}`)
            from_steps = re.findall(r"steps\.([\w-]+)\.outputs\.bake-file(?:-tags|-labels)?", files)
            if from_steps:
                yield (
                    None,
                    [BuiltImage(name, site) for each in from_steps for name in named.get(each, ())],
                )
                kept = [line for line in files.split("\n") if ".outputs.bake-file" not in line]
                inputs = {**inputs, "files": _evaluated("\n".join(kept), known)}
            if checkout is not None:
                yield from bake_builds(inputs, step, known, earlier, site, checkout, read)
            continue
        if action in GORELEASER_ACTIONS:
            site = BuildSite(scanner.system, scanner.path_of(uses), position(uses)[0])
            if checkout is not None:
                yield from goreleaser_action_builds(inputs, step, known, earlier, site, checkout)
            continue
        if action in METADATA_ACTIONS:
            step_id = scalar(step_fields.get("id"))
            if step_id:
                named[step_id] = _metadata_images(inputs.get("images")) or [
                    name
                    for option in _options(given.get("images", ""), known)
                    for name in _metadata_images(option)
                ]
                images = _metadata_written(given.get("images", ""))
                named_as_written[step_id] = _run_decides(images, known)
            continue
        site = BuildSite(scanner.system, scanner.path_of(uses), position(uses)[0])
        tags = [
            name
            for tag in _list(inputs.get("tags"), commas=True)
            if (name := name_pattern(tag.text)) is not None
        ]
        # (tags one of several values, a run choosing: each known one is built; the
        # outputs of a step whose `env` is `${{ inputs.registry || vars.REGISTRY || … }}`)
        tags += [
            name
            for option in _options(given.get("tags", ""), known)
            for tag in _list(option, commas=True)
            if (name := name_pattern(tag.text)) is not None and name not in tags
        ]
        # (`${{ format('koush/scrypted:v{0}-{1}', …) }}` with arguments a run gives)
        tags += [name for name in _formatted_names(given.get("tags", "")) if name not in tags]
        # (`outputs: type=image,name=NAME,push-by-digest=true`: the name it pushes, its tags
        # given later by `docker buildx imagetools create`; paperless-ngx's ci-docker.yml)
        tags += [
            name
            for output in _list(inputs.get("outputs"))
            for image in _output_names(output.text)
            if (name := name_pattern(image)) is not None and name not in tags
        ]
        as_written = _run_decides(written_items(given.get("tags", ""), commas=True), known)
        # (`outputs: type=image,name=${{ env.IMAGE }},push-by-digest=true`: pushed as written)
        as_written += _run_decides(
            [
                name
                for output in written_items(given.get("outputs", ""))
                for name in _output_names(output)
            ],
            known,
        )
        as_written += _through_env(as_written, _written_env(documents, job, step))
        as_written += _through_job_outputs(documents, job, given.get("tags", ""))
        for step_id in re.findall(
            r"steps\.([\w-]+)\.outputs\.(?:tags|json)", given.get("tags", "")
        ):
            tags += [name for name in named.get(step_id, ()) if name not in tags]
            as_written += named_as_written.get(step_id, ())
        if written is not None:
            written.update((BuiltImage(name, site), None) for name in as_written)
        if foreign is not None:  # (how it calls BuildKit is its own: see ._foreign_actions)
            copied = copies_images(action)
            yield None, [BuiltImage(name, site, copied=copied) for name in tags]
            continue
        env = known.get("env")
        built = [BuiltImage(name, site) for name in tags]
        for build_args in _arg_choices(given.get("build-args", ""), known):
            config = _config(
                {**inputs, "build-args": _evaluated(build_args, known)}, site, checkout, tags,
                env if isinstance(env, dict) else {}, build_args,
            )  # fmt: skip
            yield config, built
            built = []  # (told once)


#: How many combinations of build arguments' choices one step is read with, at most.
_MAX_ARG_CHOICES = 8


def _arg_choices(text: str, known: dict[str, object]) -> list[str]:
    """The ``build-args`` input as written, once for each combination of the values its
    arguments that are one expression may take, a run choosing (an :class:`~._expr.Either`
    of strings): each such line written with one of them. geoserver/docker's build passes
    ``GEOSERVER_BASE_IMAGE=${{ needs.prepare.outputs.base_image }}``, one of four Tomcat
    images its ``prepare`` job's script picks by the version (see ``._step_outputs``)."""
    import itertools

    lines = text.split("\n")
    chosen: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        name, equals, value = line.strip().partition("=")
        if not equals or "${{" in name or "${{" not in value:
            continue
        options = [option.text for option in _options(value, known)]
        if options:
            chosen[index] = [f"{name}={option}" for option in options]
    if not chosen:
        return [text]
    found: list[str] = []
    for combination in itertools.islice(itertools.product(*chosen.values()), _MAX_ARG_CHOICES):
        written = dict(zip(chosen, combination, strict=True))
        found.append("\n".join(written.get(index, line) for index, line in enumerate(lines)))
    return found


def _first_version(uses: str, given: dict[str, str]) -> bool:
    """Whether a ``docker/build-push-action`` step is of its first version: it gives
    ``repository`` (v1's alone), and its ref is no later major version (``@v6``; a commit or
    a branch may be any: the input says).

    >>> _first_version("docker/build-push-action@v1", {"repository": "a/b"})
    True
    >>> _first_version("docker/build-push-action@v6.9.0", {"repository": "a/b"})
    False
    """
    import re

    if "repository" not in given:
        return False
    major = re.fullmatch(r"v?(\d+)(?:\.\d+)*", uses.partition("@")[2])
    return major is None or int(major[1]) < 2


def _v1_inputs(given: dict[str, str]) -> dict[str, str]:
    """The inputs of ``docker/build-push-action@v1`` (2020; it alone has ``repository``) as
    its later versions name them. v1's ``action.yml``: ``registry`` ("if not set then will
    default to Docker Hub") and ``repository`` make the name, to which each of the
    comma-delimited ``tags`` is added (``tag_with_ref``/``tag_with_sha`` add those a run
    decides); ``path`` is the context (``.``), ``dockerfile`` is relative to the working
    directory, not to ``path`` (by default ``{path}/Dockerfile``); ``build_args`` are
    comma-delimited. redpwn/rctf's CI builds ``redpwn/rctf`` so, which its
    ``docker-compose.yml`` pulls as ``redpwn/rctf:${RCTF_GIT_REF}`` (a false TS011).

    >>> _v1_inputs({"repository": "acme/app", "tags": "latest, ${{ github.sha }}",
    ...     "path": "web", "build_args": "A=1,B=2"})["tags"]
    'acme/app:latest\\nacme/app:${{ github.sha }}'
    >>> sorted(_v1_inputs({"registry": "ghcr.io/", "repository": "acme/app"}).items())
    [('context', '.'), ('file', './Dockerfile'), ('tags', 'ghcr.io/acme/app')]
    """
    registry = given.get("registry", "").strip().rstrip("/")
    repository = given.get("repository", "").strip()
    name = f"{registry}/{repository}" if registry else repository
    tags = [tag.strip() for tag in given.get("tags", "").split(",") if tag.strip()]
    path = given.get("path", "").strip() or "."
    mapped = {
        # (no tags: those a run decides; the repository is built whatever its tag)
        "tags": "\n".join(f"{name}:{tag}" for tag in tags) or name,
        "context": path,
        "file": given.get("dockerfile", "").strip() or f"{path.rstrip('/')}/Dockerfile",
    }
    build_args = [arg.strip() for arg in given.get("build_args", "").split(",") if arg.strip()]
    if build_args:
        mapped["build-args"] = "\n".join(build_args)
    if given.get("target", "").strip():
        mapped["target"] = given["target"].strip()
    return mapped


#: HashiCorp's build action, which every HashiCorp product repository builds its images with
#: (``hashicorp/actions-docker-build``; its inputs: :func:`_hashicorp_inputs`).
_HASHICORP_BUILD = "hashicorp/actions-docker-build"
_HASHICORP = frozenset({_HASHICORP_BUILD})


def _hashicorp_inputs(given: dict[str, str]) -> dict[str, str]:
    """The inputs of ``hashicorp/actions-docker-build`` as ``docker/build-push-action`` names
    them. Its ``action.yml`` and ``scripts/docker_build``: in ``workdir`` (default ``.``) it
    runs ``docker buildx build --target TARGET --platform linux/ARCH --tag=T… --build-arg=…
    -f DOCKERFILE .``, ``DOCKERFILE`` relative to ``workdir`` (default ``Dockerfile``), the
    tags each of the whitespace-separated ``tags`` and ``dev_tags`` and the ``redhat_tag``
    (fully qualified names), the build arguments ``BIN_NAME``, ``PRODUCT_VERSION``
    (``version``), ``PRODUCT_REVISION`` (``revision``, default the commit) and each of the
    whitespace-separated ``extra_build_args``. ``target`` defaults to ``0``, "the first target
    defined (fine if only one target)": with one stage the last, which a build without a target
    builds. hashicorp/vault-k8s builds its ``ubi`` stage so (``target: ubi``), which the
    default target (the last stage) never reaches.

    >>> inputs = _hashicorp_inputs({"version": "1.2.3", "target": "ubi", "arch": "arm64",
    ...     "tags": "docker.io/hashicorp/app:1.2.3  public.ecr.aws/hashicorp/app:1.2.3",
    ...     "redhat_tag": "quay.io/redhat-isv-containers/x:1.2.3-ubi"})
    >>> [name.split(".")[0] for name in inputs["tags"].split()]
    ['docker', 'public', 'quay']
    >>> inputs["target"], inputs["platforms"], inputs["file"]
    ('ubi', 'linux/arm64', 'Dockerfile')
    >>> inputs["build-args"].split("\\n")[1:]
    ['PRODUCT_VERSION=1.2.3', 'PRODUCT_REVISION=${{ github.sha }}']
    >>> _hashicorp_inputs({"workdir": "build/", "dockerfile": "ubi.Dockerfile"})["file"]
    'build/ubi.Dockerfile'
    """
    import re

    def words(key: str) -> list[str]:
        # (split at whitespace outside `${{ … }}` expressions)
        return re.findall(r"(?:\$\{\{.*?\}\}|\S)+", given.get(key, ""))

    workdir = given.get("workdir", "").strip() or "."
    dockerfile = given.get("dockerfile", "").strip() or "Dockerfile"
    mapped = {
        "tags": "\n".join([*words("dev_tags"), *words("tags"), *words("redhat_tag")]),
        "context": workdir,
        "file": dockerfile if workdir == "." else join(workdir, dockerfile),
    }
    build_args = [
        f"BIN_NAME={given.get('bin_name', '').strip() or '${{ github.event.repository.name }}'}",
        f"PRODUCT_VERSION={given.get('version', '').strip()}",
        f"PRODUCT_REVISION={given.get('revision', '').strip() or '${{ github.sha }}'}",
        *words("extra_build_args"),
    ]
    mapped["build-args"] = "\n".join(build_args)
    target = given.get("target", "").strip()
    if target and target != "0":  # ("0": the first stage, the only one it is meant for)
        mapped["target"] = target
    arch = given.get("arch", "").strip()
    if arch:
        arm = given.get("arm_version", "").strip() or "6"
        mapped["platforms"] = f"linux/{arch}/v{arm}" if arch == "arm" else f"linux/{arch}"
    return mapped


def _written_env(documents: list[yaml.Node], job: str | None, step: yaml.Node) -> dict[str, str]:
    """The ``env`` a step runs with, as written: the workflow's, its job's, its own."""
    root = fields(documents[0]) if documents else {}
    layers = [root.get("env"), fields(fields(root.get("jobs")).get(job or "")).get("env")]
    written: dict[str, str] = {}
    for layer in [*layers, fields(step).get("env")]:
        written.update((key, text) for key, value, _ in items(layer) if (text := scalar(value)))
    return written


def _through_env(repositories: list[str], env: dict[str, str]) -> list[str]:
    """The repositories written ``${{ env.NAME }}…`` again with ``NAME``'s value as written,
    when that is itself written with expressions: wger-project/wger's ``REGISTRY_IMAGE: ${{
    vars.REGISTRY_REPO }}/server``, pushed as ``name=${{ env.REGISTRY_IMAGE }}``, is ``${{
    vars.REGISTRY_REPO }}/server`` (the account a repository variable names, see
    :meth:`~..project.ProjectContext.built_site`)."""
    import re

    found = []
    for repository in repositories:
        head = re.match(r"\$\{\{env\.([A-Za-z_][\w-]*)\}\}", repository)
        value = env.get(head[1]) if head is not None else None
        if head is None or value is None:
            continue
        again = written_repository(value + repository[head.end() :])
        if again is not None and again not in repositories and again not in found:
            found.append(again)
    return found


def _through_job_outputs(documents: list[yaml.Node], job: str | None, tags: str) -> list[str]:
    """``${{ needs.JOB.outputs.NAME }}`` (normal form) for each output of the step's job
    whose value is, as written, one of the tags the step gives its build: another job of the
    workflow that writes it names the images this step builds (GitHub's "Defining outputs
    for jobs": ``needs.JOB.outputs.NAME`` is the job's output, as its expression gives it).
    crater-invoice/crater's ``uffizzi-build.yml``: ``build-application`` outputs ``tags: ${{
    steps.meta.outputs.tags }}``, the tags its build pushes, and ``build-nginx`` builds
    ``FROM $BASE_IMAGE`` with ``BASE_IMAGE=${{ needs.build-application.outputs.tags }}``
    (survey s39c: a false TS011, the workflow's own image)."""
    from ._written import normal_text

    if not job or not documents:
        return []
    given = {normal_text(item) for item in written_items(tags, commas=True)} - {None}
    outputs = fields(fields(fields(documents[0]).get("jobs")).get(job)).get("outputs")
    found = []
    for key, value, _ in items(outputs):
        text = scalar(value)
        if text is None or "${{" not in text or normal_text(text) not in given:
            continue
        name = written_repository(f"${{{{ needs.{job}.outputs.{key} }}}}")
        if name is not None and name not in found:
            found.append(name)
    return found


def _published(
    publishes: tuple[str, str, str], inputs: dict[str, _Value], known: dict[str, object]
) -> list[str]:
    """The name a publishing action pushes (:data:`PUBLISH_ACTIONS`), when its inputs tell it."""
    prefix_input, default, name_input = publishes
    prefix = inputs.get(prefix_input) or _evaluated(default, known)
    name = inputs.get(name_input)
    if name is None or prefix.known is None or name.known is None:
        return []
    found = name_pattern(f"{prefix.known.strip().rstrip('/')}/{name.known.strip()}")
    return [found] if found is not None and "*" not in found else []


def _config(
    inputs: dict[str, _Value],
    site: object,
    checkout: str | None,
    tags: list[str],
    env: dict[str, object],
    build_args: str = "",
) -> BuildConfig | None:
    """What the step gives BuildKit (see the module); ``None`` when which Dockerfile, or which
    stage, only a run knows. ``build_args``: the input as written."""
    from ...occurrence import BuildSite
    from ..project import BuildConfig

    assert isinstance(site, BuildSite)
    if checkout is None:
        return None
    located = _located(inputs.get("context"), inputs.get("file"), checkout)
    target = inputs.get("target")
    if located is None or (target is not None and target.known is None):
        return None
    context, dockerfile = located
    args: dict[str, str] = {}
    unresolved: dict[str, tuple[str, ...]] = {}
    leading: dict[str, str] = {}
    for item in _list(inputs.get("build-args")):
        name, equals, value = item.text.partition("=")
        if UNKNOWN in name:
            # (which arguments the run passes only it knows, `${{ inputs.build-args }}` of a
            # call that gave a run's value: an ARG none of the rest gives may be set, so the
            # Dockerfile is read as without this build, not with that ARG blank)
            return None
        args.pop(name, None)
        unresolved.pop(name, None)
        leading.pop(name, None)
        if not equals:
            # (``NAME`` alone: buildx takes the action's environment, the step's ``env``)
            found = env.get(name)
            if isinstance(found, str):
                args[name] = found
            elif found is not None:
                unresolved[name] = (f"env.{name}",)
        elif UNKNOWN in value:
            unresolved[name] = item.needs or (name,)
            leading[name] = value.partition(UNKNOWN)[0]  # (the repository, often)
        else:
            args[name] = value
    contexts = {}
    for item in _list(inputs.get("build-contexts")):
        name, equals, value = item.text.partition("=")
        if equals and UNKNOWN not in name:
            contexts[name] = "" if UNKNOWN in value else value  # ("": files, as far as known)
    platforms = [p.text for p in _list(inputs.get("platforms"), commas=True) if p.known]
    return BuildConfig(
        site=site,
        name=tags[0] if tags else os.path.basename(dockerfile),
        context=context,
        dockerfile=dockerfile,
        args=args,
        target=target.text if target is not None and target.text else None,
        contexts=contexts,
        tags=tags,
        platforms=platforms,
        unresolved=unresolved,
        written=_written_args(build_args, unresolved) if unresolved else None,
        leading={name: text for name, text in leading.items() if text and name in unresolved},
    )


def _located(context: _Value | None, file: _Value | None, checkout: str) -> tuple[str, str] | None:
    """The context directory and the Dockerfile of a step, ``None`` when not known here."""
    written = context.text.strip() if context is not None else ""
    if file is not None and file.text and file.known is None:
        return None
    if not written or written.startswith(_DEFAULT_CONTEXT):
        # (the Git context: the repository at the commit, or a directory of it)
        directory = written[len(_DEFAULT_CONTEXT) :].removeprefix(":")
        if UNKNOWN in directory:
            return None
        where = join(checkout, directory or ".")
        return where, join(where, file.text if file is not None and file.text else "Dockerfile")
    if UNKNOWN in written or is_remote(written):
        return None
    where = join(checkout, written)
    if file is not None and file.text:
        return where, join(checkout, file.text)
    return where, join(where, "Dockerfile")


def _formatted_names(text: str) -> list[str]:
    """The names the ``format('…')`` calls of an input as written give, each ``{N}`` a
    run's: koush/scrypted's docker.yml tags ``${{ format('koush/scrypted:v{0}-{1}',
    github.event.inputs.publish_tag || …, matrix.BASE[2]) }}``, which builds
    ``koush/scrypted`` whatever the arguments (a name whose repository an argument gives is
    none: see :func:`~..builds._shell_values.name_pattern`).

    >>> _formatted_names("${{ format('acme/app:v{0}', inputs.tag) }}\\n${{ format('{0}/x', a) }}")
    ['acme/app']
    """
    import re

    found: list[str] = []
    if "format(" not in text:
        return found
    for template in re.findall(r"\bformat\(\s*'((?:[^']|'')*)'", text, re.IGNORECASE):
        written = re.sub(r"\{\d+\}", UNKNOWN, template.replace("''", "'"))
        name = name_pattern(written)
        if name is not None and name not in found:
            found.append(name)
    return found


def _run_decides(texts: list[str], known: dict[str, object]) -> list[str]:
    """The repositories of the texts (tags as written) that only a run knows, as written
    (:func:`._written.written_repository`): one known here is a name, built as such."""
    from ._written import settled

    def value_of(expression: str) -> str | None:
        return _evaluated(expression, known).known

    found = []
    for text in texts:
        repository = written_repository(text)
        if repository is not None and UNKNOWN in _evaluated(repository, known).text:
            found.append(repository)
            # (with what this matrix entry or the env settles put in: a secret's account
            # and a matrix's name, `${{secrets.USER}}/${{matrix.app}}`)
            partly = settled(repository, value_of)
            if partly is not None and partly not in found:
                found.append(partly)
    return found


def _metadata_written(text: str) -> list[str]:
    """The names a ``docker/metadata-action`` step's ``images`` writes (as
    :func:`_metadata_images` reads them), as written."""
    found = []
    for line in written_items(text):
        words = written_items(line, commas=True)
        if "name=" in line:
            words = [word.partition("=")[2] for word in words if word.startswith("name=")]
        found += words
    return found


def _written_args(text: str, unresolved: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """The values of the unresolved build arguments as the step writes them (its
    ``build-args`` as written: ``NAME=${{ … }}``), for a ``FROM`` made of one."""
    given: dict[str, str] = {}
    for item in written_items(text):
        name, equals, value = item.partition("=")
        if "${{" in name:  # (which argument a line sets only a run knows: none is sure)
            return {}
        if equals:
            given[name] = value
    return {name: given[name] for name in unresolved if "${{" in given.get(name, "")}


def _metadata_images(value: _Value | None) -> list[str]:
    """The names a ``docker/metadata-action`` step tags: its ``images``, one a line or at
    commas, or a line of attributes ``name=IMAGE,enable=…`` (the action's own syntax)."""
    if value is None:
        return []
    found: list[str] = []
    for line in value.text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if "name=" in line:
            attributes = dict(part.strip().partition("=")[::2] for part in line.split(","))
            words = [attributes.get("name", "")]
        else:
            words = [word.strip() for word in line.split(",")]
        found += [name for word in words if word and (name := name_pattern(word)) is not None]
    return found


def _options(text: str, known: dict[str, object]) -> list[_Value]:
    """The values an input that is one expression may be, when a condition only a run knows
    chooses among them (an :class:`~._expr.Either`): each one written out. pretalx/
    pretalx-docker's metadata step tags ``${{ env.push_to_docker_hub == 'true' &&
    'pretalx/standalone' || format('ghcr.io/{0}', github.repository) }}``: the project builds
    ``pretalx/standalone`` (or an image of a name only a run knows)."""
    from ._expr import Either, evaluate
    from ._github import _segments

    try:
        parts = _segments(text.strip())
    except Rejected:
        return []
    if len(parts) != 1 or not parts[0][0]:
        return []
    try:
        value = evaluate(parts[0][1].strip(), known, allowed=_STEP_CONTEXTS).value
    except (Rejected, ValueError, RecursionError):
        return []
    if not isinstance(value, Either):
        return []
    return [_Value(option) for option in value.options if isinstance(option, str) and option]


def _output_names(spec: str) -> list[str]:
    """The names an ``outputs`` entry of an image (``type=image`` or ``type=registry``) gives
    (buildx's ``name=``, several at commas when quoted: ``"name=a,b"``).

    >>> _output_names('type=image,"name=ghcr.io/a/b,ghcr.io/a/c",push=true')
    ['ghcr.io/a/b', 'ghcr.io/a/c']
    >>> _output_names("type=local,dest=out"), _output_names("type=docker,name=x")
    ([], [])
    """
    import csv

    try:
        fields_of = next(csv.reader([spec]))
    except (csv.Error, StopIteration):
        return []
    pairs = [field.strip().partition("=") for field in fields_of]
    values = {key.strip().lower(): value.strip() for key, equals, value in pairs if equals}
    if values.get("type") not in ("image", "registry"):
        return []
    return [name.strip() for name in values.get("name", "").split(",") if name.strip()]


def _list(value: _Value | None, *, commas: bool = False) -> list[_Value]:
    """An input's items, as the action's toolkit reads a list: one a line (blank lines
    skipped, each trimmed, a line in double quotes is its text), ``commas``: split at
    commas too."""
    if value is None:
        return []
    found = []
    unknowns = iter(value.unknowns)
    for line in value.text.split("\n"):
        line = line.strip()
        if len(line) > 1 and line[0] == line[-1] == '"':
            line = line[1:-1]
        for item in line.split(",") if commas else [line]:
            # (each item's own unknown parts: a build argument needs what its value does)
            own = tuple(next(unknowns, ()) for _ in range(item.count(UNKNOWN)))
            if item.strip():
                found.append(_Value(item.strip(), own))
    return found


def _evaluated(text: str, known: dict[str, object]) -> _Value:
    """A ``with:`` value with its ``${{ }}`` evaluated; what a run decides is
    :data:`UNKNOWN`, and named in ``needs``."""
    if "${{" not in text:
        return _Value(text)
    from ._expr import Unknown, evaluate, to_string
    from ._github import _segments

    try:
        parts = _segments(text)
    except Rejected:
        return _Value(UNKNOWN, ((text,),))
    out: list[str] = []
    unknowns: list[tuple[str, ...]] = []
    for is_expression, part in parts:
        if not is_expression:
            out.append(part)
            continue
        try:
            value = evaluate(part.strip(), known, allowed=_STEP_CONTEXTS).value
        except (Rejected, ValueError, RecursionError):
            value = Unknown((part.strip(),))
        if isinstance(value, str | int | float | bool) or value is None:
            out.append(to_string(value))
            continue
        # (an Unknown, or one of several values a run chooses, or an object: a run's)
        out.append(UNKNOWN)
        names = value.names if isinstance(value, Unknown) else ()
        unknowns.append(names or (part.strip(),))
    return _Value("".join(out), tuple(unknowns))
