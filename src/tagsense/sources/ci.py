"""CI configurations: the images each CI system pulls to run its jobs.

:func:`scan_ci` reads one CI file (YAML, through :mod:`._yaml`: positions from
the parser, unknown tags kept and skipped, nothing constructed) and reports
every image its system pulls, as that system's documentation and runner define
them. :func:`ci_system` tells the system from a file's path;
:func:`referenced_dockerfiles` names the Dockerfile a Docker container action
builds (to be scanned as a Dockerfile).

Where images are, system by system:

* **GitHub Actions workflows** (``github-workflow``): ``jobs.<id>.container``
  (an image, or a mapping with ``image``), ``jobs.<id>.services.<name>`` (the
  same two forms: the workflow schema's ``services-container`` is a non-empty
  string or a mapping), and ``jobs.<id>.steps[*].uses: docker://<image>`` (the
  prefix is case-sensitive, as in the runner). An empty image starts no
  container. An image with an expression (``${{ matrix.image }}``) cannot be
  resolved from the file: it is an occurrence with ``reference=None`` and
  ``run_time="an expression"``.
* **Action metadata** (``github-action``, ``action.yml``): ``runs.using:
  docker`` with ``runs.image: docker://<image>`` (prefix case-insensitive);
  an image ending in ``Dockerfile`` (or ``dockerfile``) is a Dockerfile the
  runner builds, not an occurrence (see :func:`referenced_dockerfiles`);
  anything else is an error, as in the runner. Composite actions:
  ``runs.steps[*].uses: docker://<image>``.
* **GitLab CI** (``gitlab``): ``image`` (a name, or a mapping with ``name``)
  and ``services`` (a list of names or mappings with ``name``) at the top
  level (``context["section"] = "global"``), in ``default:``
  (``"default"``) and in every job: a top-level key that is none of GitLab's
  reserved keywords (``default``, ``include``, ``before_script``, ``image``,
  ``services``, ``after_script``, ``variables``, ``stages``, ``types``,
  ``cache``, ``workflow``) with a mapping value. Hidden jobs (``.name``)
  count too, with ``context["hidden"]``. ``!reference [...]`` (and any other
  tagged value) is not resolved: it is skipped. A CI/CD component's header
  document (``spec:`` before ``---``) is skipped. ``$VAR`` in an image is
  left as written (``run_time="CI variables"``); ``$[[ inputs.x ]]`` is an
  expression.
* **CircleCI** (``circleci``): ``jobs.<name>.docker[*].image`` and
  ``executors.<name>.docker[*].image`` (the first image is the primary
  container, ``context["primary"]``); ``machine`` and ``macos`` images are VM
  images, and orbs are not read. ``<< parameters.x >>`` in an image sets
  ``run_time="parameters"``.
* **Bitbucket Pipelines** (``bitbucket``): the top-level ``image`` (a name or
  a mapping with ``name``), every step's ``image``, the images of
  ``definitions.services.<name>``, and pipes written ``pipe:
  docker://<image>`` in a step's ``script`` or ``after-script``. A pipe
  written ``pipe: account/repo:version`` names a Bitbucket repository whose
  ``pipe.yml`` chooses the image (``atlassian/aws-s3-deploy:1.7.0`` runs
  ``bitbucketpipelines/aws-s3-deploy:1.7.0``), so it is not an occurrence.
  Steps are found anywhere under ``pipelines`` and ``definitions`` (inside
  ``parallel`` and ``stage`` too), each once however many anchors use it.
* **Drone** and **Woodpecker** (``drone``, ``woodpecker``): ``steps``,
  ``services`` and ``clone`` (lists of mappings, or mappings of names to
  mappings) and the legacy ``pipeline:`` mapping, each item's ``image``; every
  document of the file (Drone documents of another ``kind``, and pipelines of
  a ``type`` with no containers, are skipped). ``$VAR``/``${VAR}`` sets
  ``run_time="CI variables"``.
* **Azure Pipelines** (``azure``): ``resources.containers[*].image``, and
  ``container`` and ``services`` at the pipeline level and in every job and
  deployment job (under ``jobs`` or ``stages[*].jobs``): a string that names a
  container resource is that resource (already reported), another string is an
  image, a mapping has ``image``. ``pool.vmImage`` is a VM image, not read.
  ``${{ }}`` and ``$[ ]`` are expressions, ``$(var)`` variables.

Each :class:`~tagsense.sources.Occurrence` has ``kind="ci"``, the 1-based
``line`` and ``column`` where the reference text starts (inside quotes, after
a ``docker://`` prefix), ``raw`` the scalar as written (with its prefix),
``text`` the reference (without it), ``reference`` its parse or ``None``, and
``context`` with ``system``, ``field`` (``container``, ``services``,
``uses``, ``image``, ``docker``, ``pipe``, ``steps``, ``clone``,
``pipeline``, ``resources``) and where it was found (``job``, ``service``,
``step``, ``executor``, ``pipeline``, ``stage``, ``section``…). An image
node reached several times (YAML anchors, merge keys) is reported once.

Values of the wrong type where an image is read are :class:`SourceError`
entries; the functions never raise on bad input.
"""

from __future__ import annotations

import os

from ..errors import TagsenseError
from ..occurrence import RUN_TIME, Occurrence, Scan, SourceError
from ._yaml import MAX_BYTES, items, load_yaml, position, scalar, sequence, value_position
from .discover import path_parts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path, PurePath

    import yaml


__all__ = ["KIND", "MAX_BYTES", "SYSTEMS", "ci_system", "referenced_dockerfiles", "scan_ci"]

#: The ``kind`` of every occurrence found here.
KIND = "ci"

#: The CI systems :func:`scan_ci` reads.
SYSTEMS = (
    "github-workflow",
    "github-action",
    "gitlab",
    "circleci",
    "bitbucket",
    "drone",
    "woodpecker",
    "azure",
)

_YAML_SUFFIXES = (".yml", ".yaml")
_DOCKER_PREFIX = "docker://"
_NULL_TAG = "tag:yaml.org,2002:null"
_STANDARD_TAGS = "tag:yaml.org,2002:"

#: GitLab's top-level keys that are never jobs (``Entry::Root``; ``types`` is
#: the old name of ``stages``).
_GITLAB_NOT_JOBS = frozenset(
    {
        "default",
        "include",
        "before_script",
        "image",
        "services",
        "after_script",
        "variables",
        "stages",
        "types",
        "cache",
        "workflow",
    }
)

#: Drone pipeline types that run no containers.
_DRONE_NO_CONTAINERS = frozenset({"exec", "ssh", "digitalocean", "macstadium"})

#: Keys of Bitbucket's structure that are not part of a pipeline's name.
_BITBUCKET_STRUCTURE = frozenset({"parallel", "stage", "steps", "pipelines", "definitions"})


# --- which system -----------------------------------------------------------------


def ci_system(path: PurePath | str | os.PathLike[str]) -> str | None:
    """The CI system a file belongs to by its standard path, or ``None``.

    ``.github/workflows/*.yml`` (or ``.yaml``, directly in that directory),
    ``action.yml``/``action.yaml`` anywhere, ``.gitlab-ci.yml``,
    ``.circleci/config.yml``, ``bitbucket-pipelines.yml``, ``.drone.yml``,
    ``.woodpecker.yml``/``.woodpecker.yaml`` and ``.woodpecker/*.yml`` (or
    ``.yaml``), ``azure-pipelines.yml``. Names are case-sensitive.

    >>> ci_system("repo/.github/workflows/ci.yaml")
    'github-workflow'
    >>> ci_system("docker-compose.yml") is None
    True
    """
    parts = path_parts(path)
    name = parts[-1] if parts else ""
    parents = parts[:-1]
    if name in ("action.yml", "action.yaml"):
        return "github-action"
    if name.endswith(_YAML_SUFFIXES) and parents[-2:] == (".github", "workflows"):
        return "github-workflow"
    if name == ".gitlab-ci.yml":
        return "gitlab"
    if name == "config.yml" and parents[-1:] == (".circleci",):
        return "circleci"
    if name == "bitbucket-pipelines.yml":
        return "bitbucket"
    if name == ".drone.yml":
        return "drone"
    if name in (".woodpecker.yml", ".woodpecker.yaml") or (
        name.endswith(_YAML_SUFFIXES) and parents[-1:] == (".woodpecker",)
    ):
        return "woodpecker"
    if name == "azure-pipelines.yml":
        return "azure"
    return None


# --- the scan ----------------------------------------------------------------------


def scan_ci(
    data: str | bytes,
    *,
    path: str | None = None,
    system: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Scan:
    """Find the images a CI file makes its system pull.

    ``system`` is one of :data:`SYSTEMS`; when ``None`` it is told from
    ``path`` (:func:`ci_system`), and a file it cannot be told for is one
    error. The occurrences are in file order. Bad input is never an exception;
    an unknown ``system`` raises :class:`~tagsense.TagsenseError`.

    >>> scan = scan_ci("jobs:\\n  test:\\n    container: node:20\\n", system="github-workflow")
    >>> [(o.line, o.column, o.text, o.context["job"]) for o in scan]
    [(3, 16, 'node:20', 'test')]
    """
    if system is not None and system not in SYSTEMS:
        known = ", ".join(SYSTEMS)
        raise TagsenseError(f"unknown CI system {system!r} (known: {known})")
    if system is None:
        system = ci_system(path) if path else None
        if system is None:
            where = f"{path!r} is not" if path else "the text is not"
            message = f"{where} at a standard CI path; name the CI system"
            return Scan((), (SourceError(path, None, message),))
    loaded = load_yaml(data, path=path, max_bytes=max_bytes)
    scanner = _Scanner(path, system)
    scanner.errors.extend(loaded.errors)
    try:
        _SCANNERS[system](scanner, loaded.documents)
    except Exception as exc:  # pragma: no cover - a bug; the contract is never to raise
        scanner.error(None, f"internal error in the CI scanner: {exc!r}")
    occurrences = sorted(scanner.occurrences, key=lambda o: (o.line, o.column))
    return Scan(occurrences, scanner.errors, loaded.suppressions)


def referenced_dockerfiles(
    data: str | bytes,
    *,
    path: str | os.PathLike[str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> list[Path]:
    """The Dockerfiles an action's metadata (``action.yml``) has the runner build.

    A Docker container action (``runs.using: docker``) whose ``runs.image``
    ends in ``Dockerfile`` (or ``dockerfile``) is built from that file, a path
    relative to the directory of the metadata file (``path``; without it the
    path is returned as written). Anything else (an image, another kind of
    action, bad input) gives no Dockerfile. Never raises.

    >>> metadata = "runs:\\n  using: docker\\n  image: Dockerfile\\n"
    >>> [p.as_posix() for p in referenced_dockerfiles(metadata, path="actions/greet/action.yml")]
    ['actions/greet/Dockerfile']
    """
    from pathlib import Path

    loaded = load_yaml(data, path=None if path is None else os.fspath(path), max_bytes=max_bytes)
    found: list[Path] = []
    for document in loaded.documents[:1]:
        runs = _fields(_fields(document).get("runs"))
        image = scalar(runs.get("image"))
        using = scalar(runs.get("using"))
        if using is None or using.lower() != "docker" or image is None:
            continue
        if _is_dockerfile(image):
            base = Path(path).parent if path is not None else Path()
            found.append(base / image)
    return found


# --- the machinery -----------------------------------------------------------------


def _fields(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """A mapping node's values by key (merge keys resolved), read once; {} for anything else."""
    return {key: value for key, value, _ in items(node)}


def _is_custom(node: yaml.Node) -> bool:
    """Whether a node carries a tag YAML does not define (``!reference``, ``!reset``…)."""
    tag: str = node.tag or ""
    return not tag.startswith(_STANDARD_TAGS)


def _is_null(node: yaml.Node | None) -> bool:
    import yaml

    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG)


def _kind_of(node: yaml.Node) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a string"


def _is_mapping(node: yaml.Node | None) -> bool:
    import yaml

    return isinstance(node, yaml.MappingNode) and not _is_custom(node)


def _is_sequence(node: yaml.Node | None) -> bool:
    import yaml

    return isinstance(node, yaml.SequenceNode) and not _is_custom(node)


def _is_dockerfile(image: str) -> bool:
    # The runner's test (actions/runner ActionManager), checked before ``docker://``.
    return image.endswith(("Dockerfile", "dockerfile"))


def _named(node: yaml.Node) -> Iterator[tuple[str | None, yaml.Node]]:
    """The items of a list of mappings (named by ``name``) or of a mapping of names."""
    if _is_sequence(node):
        for item in sequence(node):
            yield scalar(_fields(item).get("name")), item
    else:
        for key, value, _ in items(node):
            yield key, value


class _Scanner:
    __slots__ = ("errors", "occurrences", "path", "seen", "system")

    def __init__(self, path: str | None, system: str) -> None:
        self.path = path
        self.system = system
        self.occurrences: list[Occurrence] = []
        self.errors: list[SourceError] = []
        self.seen: set[int] = set()

    def error(self, node: yaml.Node | None, message: str) -> None:
        line = position(node)[0] if node is not None else None
        self.errors.append(SourceError(self.path, line, message))

    def wrong(self, node: yaml.Node, where: str, expected: str) -> None:
        self.error(node, f"{where}: expected {expected}, found {_kind_of(node)}")

    # --- reading values -----------------------------------------------------------

    def text(self, node: yaml.Node | None, where: str) -> str | None:
        """The string at ``node``; None (silently) when absent, null or tagged."""
        if node is None or _is_null(node):
            return None
        if _is_custom(node):
            return None  # ``!reference [...]`` and other tags: not resolved
        value = scalar(node)
        if value is None:
            self.wrong(node, where, "a string")
        return value

    def image(
        self,
        node: yaml.Node | None,
        where: str,
        context: dict[str, object],
        *,
        prefix: int = 0,
    ) -> None:
        """Report the image a scalar names (``prefix`` characters of it are not the image)."""
        raw = self.text(node, where)
        if raw is None or node is None or not raw[prefix:]:
            return  # absent, or empty: no container starts
        if id(node) in self.seen:
            return  # the same node again, through an anchor or a merge key
        self.seen.add(id(node))
        text = raw[prefix:]
        line, column = value_position(node)
        column += prefix
        context = {"system": self.system, **context}
        run_time = self.run_time(text)
        if run_time is not None:
            # Filled in when the job runs: there is no reference to parse here.
            occurrence = Occurrence(
                path=self.path,
                line=line,
                column=column,
                kind=KIND,
                raw=raw,
                text=text,
                reference=None,
                run_time=RUN_TIME[run_time],
                context=context,
            )
        else:
            occurrence = Occurrence.of_text(
                path=self.path,
                line=line,
                column=column,
                kind=KIND,
                raw=raw,
                text=text,
                context=context,
            )
        self.occurrences.append(occurrence)

    def run_time(self, text: str) -> str | None:
        """What in the text the system replaces before pulling (a key of RUN_TIME), if any."""
        system = self.system
        if system.startswith("github-"):
            return "expression" if "${{" in text else None
        if system == "azure":
            if "${{" in text or "$[" in text:
                return "expression"
            return "variables" if "$(" in text else None
        if system == "circleci":
            return "parameters" if "<<" in text else None
        if system == "gitlab" and "$[[" in text:
            return "expression"
        return "variables" if "$" in text else None

    def image_or_mapping(
        self, node: yaml.Node | None, key: str, where: str, context: dict[str, object]
    ) -> None:
        """An image written as a string, or as a mapping with the image under ``key``."""
        if node is None or _is_null(node) or _is_custom(node):
            return
        if _is_mapping(node):
            self.image(_fields(node).get(key), f"{where}.{key}", context)
        elif scalar(node) is not None:
            self.image(node, where, context)
        else:
            self.wrong(node, where, f"an image or a mapping with {key!r}")

    def mapping(self, node: yaml.Node | None, where: str) -> dict[str, yaml.Node]:
        """The fields of a mapping; an error for another type (absent, null, tagged: {})."""
        if node is None or _is_null(node) or _is_custom(node):
            return {}
        if not _is_mapping(node):
            self.wrong(node, where, "a mapping")
            return {}
        return _fields(node)

    def items_of(self, node: yaml.Node | None, where: str) -> list[yaml.Node]:
        """The items of a list; an error for another type (absent, null, tagged: [])."""
        if node is None or _is_null(node) or _is_custom(node):
            return []
        if not _is_sequence(node):
            self.wrong(node, where, "a list")
            return []
        return sequence(node)

    def root(self, document: yaml.Node) -> dict[str, yaml.Node] | None:
        if _is_mapping(document):
            return _fields(document)
        self.wrong(document, "the document", "a mapping")
        return None


# --- GitHub Actions ----------------------------------------------------------------


def _github_workflow(scanner: _Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        root = scanner.root(document)
        if root is None:
            continue
        for job, job_node in scanner.mapping(root.get("jobs"), "jobs").items():
            where = f"jobs.{job}"
            fields = scanner.mapping(job_node, where)
            scanner.image_or_mapping(
                fields.get("container"),
                "image",
                f"{where}.container",
                {"job": job, "field": "container"},
            )
            services = fields.get("services")
            if "${{" in (scalar(services) or ""):
                services = None  # ``services: ${{ fromJSON(...) }}``: nothing to read
            for name, service in scanner.mapping(services, f"{where}.services").items():
                scanner.image_or_mapping(
                    service,
                    "image",
                    f"{where}.services.{name}",
                    {"job": job, "field": "services", "service": name},
                )
            for index, step in enumerate(scanner.items_of(fields.get("steps"), f"{where}.steps")):
                _uses_docker(scanner, step, f"{where}.steps[{index}]", {"job": job})


def _uses_docker(
    scanner: _Scanner, step: yaml.Node, where: str, context: dict[str, object]
) -> None:
    uses_node = _fields(step).get("uses")
    uses = scalar(uses_node)
    if uses is not None and uses.startswith(_DOCKER_PREFIX):  # case-sensitive, as the runner
        scanner.image(
            uses_node, f"{where}.uses", {**context, "field": "uses"}, prefix=len(_DOCKER_PREFIX)
        )


def _github_action(scanner: _Scanner, documents: list[yaml.Node]) -> None:
    for document in documents[:1]:
        root = scanner.root(document)
        if root is None:
            continue
        runs = scanner.mapping(root.get("runs"), "runs")
        using = scalar(runs.get("using"))
        if using is None:
            continue
        using = using.lower()
        if using == "docker":
            image_node = runs.get("image")
            image = scanner.text(image_node, "runs.image")
            if image is None or image_node is None or _is_dockerfile(image):
                continue  # a Dockerfile: see referenced_dockerfiles
            if image.lower().startswith(_DOCKER_PREFIX):
                scanner.image(
                    image_node, "runs.image", {"field": "image"}, prefix=len(_DOCKER_PREFIX)
                )
            elif image:
                scanner.error(
                    image_node,
                    f"runs.image: '{image}' should be either '[path]/Dockerfile' "
                    "or 'docker://image[:tag]'",
                )
        elif using == "composite":
            for index, step in enumerate(scanner.items_of(runs.get("steps"), "runs.steps")):
                _uses_docker(scanner, step, f"runs.steps[{index}]", {})


# --- GitLab CI ---------------------------------------------------------------------


def _gitlab(scanner: _Scanner, documents: list[yaml.Node]) -> None:
    if len(documents) > 1 and "spec" in _fields(documents[0]):
        documents = documents[1:]  # a component's header: inputs, no jobs
    for document in documents:
        root = scanner.root(document)
        if root is None:
            continue
        _gitlab_images(scanner, root, "", {"section": "global"})
        default = scanner.mapping(root.get("default"), "default")
        _gitlab_images(scanner, default, "default.", {"section": "default"})
        for name, node in root.items():
            if name in _GITLAB_NOT_JOBS or not _is_mapping(node):
                continue
            context: dict[str, object] = {"job": name}
            if name.startswith("."):
                context["hidden"] = True
            _gitlab_images(scanner, _fields(node), f"{name}.", context)


def _gitlab_images(
    scanner: _Scanner, fields: dict[str, yaml.Node], where: str, context: dict[str, object]
) -> None:
    scanner.image_or_mapping(
        fields.get("image"), "name", f"{where}image", {**context, "field": "image"}
    )
    for index, service in enumerate(scanner.items_of(fields.get("services"), f"{where}services")):
        scanner.image_or_mapping(
            service, "name", f"{where}services[{index}]", {**context, "field": "services"}
        )


# --- CircleCI ----------------------------------------------------------------------


def _circleci(scanner: _Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        root = scanner.root(document)
        if root is None:
            continue
        for section, label in (("jobs", "job"), ("executors", "executor")):
            for name, node in scanner.mapping(root.get(section), section).items():
                where = f"{section}.{name}"
                docker = scanner.mapping(node, where).get("docker")
                for index, item in enumerate(scanner.items_of(docker, f"{where}.docker")):
                    item_where = f"{where}.docker[{index}]"
                    if not _is_mapping(item):
                        if not _is_custom(item):
                            scanner.wrong(item, item_where, "a mapping with 'image'")
                        continue
                    scanner.image(
                        _fields(item).get("image"),
                        f"{item_where}.image",
                        {label: name, "field": "docker", "primary": index == 0},
                    )


# --- Bitbucket Pipelines -----------------------------------------------------------


def _bitbucket(scanner: _Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        root = scanner.root(document)
        if root is None:
            continue
        scanner.image_or_mapping(
            root.get("image"), "name", "image", {"section": "global", "field": "image"}
        )
        definitions = scanner.mapping(root.get("definitions"), "definitions")
        services = scanner.mapping(definitions.get("services"), "definitions.services")
        for name, service in services.items():
            where = f"definitions.services.{name}"
            scanner.image_or_mapping(
                scanner.mapping(service, where).get("image"),
                "name",
                f"{where}.image",
                {"service": name, "field": "services"},
            )
        visited: set[int] = set()
        for key in ("definitions", "pipelines"):
            node = root.get(key)
            if node is not None:
                _bitbucket_walk(scanner, node, (key,), visited)


def _bitbucket_walk(
    scanner: _Scanner, node: yaml.Node, keys: tuple[str, ...], visited: set[int]
) -> None:
    """Find the steps under ``node``, each node visited once (aliases cost nothing)."""
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(node, keys)]
    while stack:
        node, keys = stack.pop()
        if id(node) in visited or _is_custom(node):
            continue
        visited.add(id(node))
        if _is_sequence(node):
            stack.extend((item, keys) for item in reversed(sequence(node)))
            continue
        if not _is_mapping(node):
            continue
        children: list[tuple[yaml.Node, tuple[str, ...]]] = []
        for key, value, _ in items(node):
            if keys == ("definitions",) and key in ("services", "caches"):
                continue
            if key == "step" and _is_mapping(value):
                if id(value) not in visited:
                    visited.add(id(value))
                    _bitbucket_step(scanner, value, keys)
            else:
                children.append((value, (*keys, key)))
        stack.extend(reversed(children))


def _bitbucket_step(scanner: _Scanner, step: yaml.Node, keys: tuple[str, ...]) -> None:
    fields = _fields(step)
    pipeline = "/".join(key for key in keys if key not in _BITBUCKET_STRUCTURE)
    context: dict[str, object] = {"pipeline": pipeline} if pipeline else {}
    name = scalar(fields.get("name"))
    if name is not None:
        context["step"] = name
    scanner.image_or_mapping(
        fields.get("image"), "name", "step.image", {**context, "field": "image"}
    )
    for script in ("script", "after-script"):
        for item in scanner.items_of(fields.get(script), f"step.{script}"):
            pipe_node = _fields(item).get("pipe") if _is_mapping(item) else None
            pipe = scanner.text(pipe_node, f"step.{script}.pipe")
            if pipe is not None and pipe.startswith(_DOCKER_PREFIX):
                scanner.image(
                    pipe_node,
                    f"step.{script}.pipe",
                    {**context, "field": "pipe"},
                    prefix=len(_DOCKER_PREFIX),
                )


# --- Drone and Woodpecker ----------------------------------------------------------


def _drone(scanner: _Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        root = scanner.root(document)
        if root is None:
            continue
        kind = scalar(root.get("kind"))
        if kind is not None and kind != "pipeline":
            continue  # a secret, a signature, a template
        if scalar(root.get("type")) in _DRONE_NO_CONTAINERS:
            continue
        base: dict[str, object] = {}
        pipeline = scalar(root.get("name"))
        if pipeline is not None and kind is not None:
            base["pipeline"] = pipeline
        for field in ("steps", "pipeline", "services", "clone"):
            node = root.get(field)
            if node is None or _is_null(node) or _is_custom(node):
                continue
            if not (_is_sequence(node) or _is_mapping(node)):
                scanner.wrong(node, field, "a list or a mapping")
                continue
            for index, (name, item) in enumerate(_named(node)):
                where = f"{field}.{name}" if name is not None else f"{field}[{index}]"
                if not _is_mapping(item):
                    if field != "clone" and not _is_null(item) and not _is_custom(item):
                        scanner.wrong(item, where, "a mapping with 'image'")
                    continue  # Drone 1.x: ``clone: {depth: 50}``
                context: dict[str, object] = {**base, "field": field}
                if name is not None:
                    context["step" if field != "services" else "service"] = name
                scanner.image(_fields(item).get("image"), f"{where}.image", context)


# --- Azure Pipelines ---------------------------------------------------------------


def _azure(scanner: _Scanner, documents: list[yaml.Node]) -> None:
    for document in documents[:1]:
        root = scanner.root(document)
        if root is None:
            continue
        resources = scanner.mapping(root.get("resources"), "resources")
        aliases: set[str] = set()
        containers = scanner.items_of(resources.get("containers"), "resources.containers")
        for index, container in enumerate(containers):
            where = f"resources.containers[{index}]"
            fields = scanner.mapping(container, where)
            alias = scalar(fields.get("container"))
            context: dict[str, object] = {"field": "resources"}
            if alias is not None:
                aliases.add(alias)
                context["container"] = alias
            scanner.image(fields.get("image"), f"{where}.image", context)
        _azure_job(scanner, root, "", {}, aliases)
        for index, job in enumerate(scanner.items_of(root.get("jobs"), "jobs")):
            _azure_listed_job(scanner, job, f"jobs[{index}]", {}, aliases)
        for s_index, stage in enumerate(scanner.items_of(root.get("stages"), "stages")):
            fields = scanner.mapping(stage, f"stages[{s_index}]")
            name = scalar(fields.get("stage"))
            stage_context: dict[str, object] = {"stage": name} if name is not None else {}
            where = f"stages[{s_index}].jobs"
            for index, job in enumerate(scanner.items_of(fields.get("jobs"), where)):
                _azure_listed_job(scanner, job, f"{where}[{index}]", stage_context, aliases)


def _azure_listed_job(
    scanner: _Scanner,
    node: yaml.Node,
    where: str,
    context: dict[str, object],
    aliases: set[str],
) -> None:
    fields = scanner.mapping(node, where)
    name = scalar(fields.get("job", fields.get("deployment")))
    job_context = {**context, "job": name} if name is not None else dict(context)
    _azure_job(scanner, fields, f"{where}.", job_context, aliases)


def _azure_job(
    scanner: _Scanner,
    fields: dict[str, yaml.Node],
    where: str,
    context: dict[str, object],
    aliases: set[str],
) -> None:
    _azure_container(
        scanner,
        fields.get("container"),
        f"{where}container",
        {**context, "field": "container"},
        aliases,
    )
    services = scanner.mapping(fields.get("services"), f"{where}services")
    for name, service in services.items():
        _azure_container(
            scanner,
            service,
            f"{where}services.{name}",
            {**context, "field": "services", "service": name},
            aliases,
        )


def _azure_container(
    scanner: _Scanner,
    node: yaml.Node | None,
    where: str,
    context: dict[str, object],
    aliases: set[str],
) -> None:
    """A container resource alias (reported with its resource), an image, or a mapping."""
    if scalar(node) in aliases:
        return
    scanner.image_or_mapping(node, "image", where, context)


_SCANNERS = {
    "github-workflow": _github_workflow,
    "github-action": _github_action,
    "gitlab": _gitlab,
    "circleci": _circleci,
    "bitbucket": _bitbucket,
    "drone": _drone,
    "woodpecker": _drone,
    "azure": _azure,
}
