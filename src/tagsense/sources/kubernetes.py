"""Kubernetes manifests: every image the objects of a YAML file make a node pull.

:func:`scan_kubernetes` reads each document of a file (PyYAML's safe
composer, through :mod:`._yaml`) and, for the objects it knows, the fields
the Kubernetes API reference and each project's reference say hold images:

* **Pod templates** (``PodSpec``): ``containers[].image``,
  ``initContainers[].image``, ``ephemeralContainers[].image`` and
  ``volumes[].image.reference`` (the ``ImageVolumeSource``), found at

  - ``spec`` of a ``Pod`` (core ``v1``);
  - ``template.spec`` of a ``PodTemplate`` (core);
  - ``spec.template.spec`` of a ``ReplicationController`` (core),
    ``Deployment``, ``ReplicaSet``, ``StatefulSet``, ``DaemonSet``
    (``apps``; also the legacy ``extensions`` group) and ``Job`` (``batch``);
  - ``spec.jobTemplate.spec.template.spec`` of a ``CronJob`` (``batch``);
  - ``spec.template.spec`` of an Argo ``Rollout`` (``argoproj.io``; a
    ``workloadRef`` names another object and holds no image);
  - ``spec.template.spec`` of a Knative ``Service`` or ``Configuration`` and
    ``spec`` of a ``Revision`` (``serving.knative.dev``);
  - in any other custom resource, every ``template`` under its ``spec`` whose
    ``spec`` has a list of ``containers``: the ``PodTemplateSpec`` operators
    embed for the pods they make (OpenKruise's ``CloneSet``, Kubeflow's jobs,
    Ray's clusters, OpenShift's ``DeploymentConfig``…). A Helm chart's custom
    resources with pod templates are rendered for them too.
* **Custom resources' own image fields**: in any other custom resource, every
  ``image``, ``imageName``, ``…Image`` or ``…_image`` key under ``spec`` (or
  another top-level key of its own: zalando's ``OperatorConfiguration`` has
  ``configuration``) whose value is a whole pullspec, with a tag or a digest
  (CloudNativePG's ``imageName``, mariadb-operator's ``spec.image`` and
  ``sidecarContainers[].image``, Cluster API's ``customImage``), or without one when it
  names its registry and a path and no ``tag`` or ``version`` is beside it (ToolHive's
  ``MCPServer``: ``spec.image: ghcr.io/stackloklabs/gofetch/server``): the operator
  pulls it. In a list of Containers the core API's way (``initContainers``,
  ``containers``, ``ephemeralContainers``, or ``sidecars``; each item a ``name`` and an
  ``image``, no image parts) the image is a Container's, whole without a tag too
  (zalando's ``postgresql``: ``initContainers: [{name: date, image: busybox}]``). The
  same for the keys of a ``ConfigMap``'s ``data`` named so (an operator's configuration:
  ``docker_image``). An image field that is a mapping
  of ``repository`` and ``tag`` or ``version`` (with ``registry`` and
  ``digest`` when given) is one image, at its tag. Not in a part whose
  ``enabled`` is false (``redisExporter: {enabled: false, image: …}``), not under a build's output
  (``output``, ``to``, ``destination``, ``push``, ``publish``: pushed), not beside
  a ``build`` that makes it (OpenFunction's ``Function``: ``spec.image`` is what
  ``spec.build`` pushes; the build's ``builder`` image is read), and not
  in policies and image scanners (Kyverno, Gatekeeper, Sigstore's policy
  controller, Flux's image automation, Argo CD Image Updater, a CRD's schema), whose
  images others run.
* **Tekton** (``tekton.dev``): a ``TaskSpec`` — ``steps[].image``,
  ``sidecars[].image``, ``stepTemplate.image``, ``volumes[].image.reference`` —
  at ``spec`` of a ``Task`` or ``ClusterTask``, ``spec.taskSpec`` of a
  ``TaskRun``, and inline in a ``PipelineSpec`` (``tasks[].taskSpec`` and
  ``finally[].taskSpec``; an embedded custom task, one with ``apiVersion`` and
  ``kind``, is not a ``TaskSpec``) at ``spec`` of a ``Pipeline`` and
  ``spec.pipelineSpec`` of a ``PipelineRun``. A parameter in an image
  (``$(params.NAME)``, ``$(params['NAME'])``, ``$(inputs.params.NAME)``) is
  filled in as Tekton fills it: the value a ``TaskRun``'s or ``PipelineRun``'s
  ``params`` give, or a pipeline task's ``params`` (themselves filled with the
  pipeline's), else the parameter's string ``default``. One with no value here,
  or another variable (``$(tasks.build.results.IMAGE_URL)``), leaves the
  occurrence unresolved, filled in from ``parameters`` when the task runs
  (TS011), never an invalid reference.
* **Shipwright** (``shipwright.io``): a ``BuildStrategy``'s or
  ``ClusterBuildStrategy``'s ``steps[].image`` (``buildSteps`` before
  ``v1beta1``), its ``$(params.NAME)`` the ``default`` of the strategy's
  ``parameters`` (OpenFunction's ``BASH_IMAGE``, ``docker.io/library/bash:5.1.4``);
  one with an empty default or none is the ``Build``'s to give (unresolved, TS011).
* **Argo Workflows** (``argoproj.io``): a ``WorkflowSpec`` at ``spec`` of a
  ``Workflow``, ``WorkflowTemplate`` or ``ClusterWorkflowTemplate`` and at
  ``spec.workflowSpec`` of a ``CronWorkflow``; in each of its ``templates[]`` (and each
  template a step or DAG task writes ``inline:``; ``templateDefaults``' ``container`` or
  ``script`` image where a template of that kind names none; and the sidecar container of
  each of the workflow's own ``executorPlugins``):
  ``container.image``, ``script.image``, ``containerSet.containers[].image``,
  ``initContainers[].image`` and ``sidecars[].image``; ``volumes[].image.reference``
  of the spec and of each template; and the object a resource template's literal
  ``manifest: |`` creates, read at its own lines of the file. Argo's
  variables in an image are filled in as Argo fills them where the file says
  how: ``{{inputs.parameters.NAME}}`` by the template input's ``value`` or
  ``default``, ``{{workflow.parameters.NAME}}`` by the workflow's
  ``arguments``; an input with neither by the literal ``arguments`` of each
  step or DAG task that calls the template, once for each item of its
  ``withItems`` or ``withParam`` JSON list (``{{item.image}}``: the
  examples' ``loops-maps.yaml`` runs debian:9.1, alpine:3.6…), the
  entrypoint's inputs taking the workflow's arguments; any other
  (``{{item}}`` in the image itself, a step's outputs) leaves the occurrence
  unresolved, filled in from ``parameters`` when the workflow runs (TS011).
  The file is no template of a manifest for them (a Go template's ``{{ .Values.image }}`` still is).
* **kind clusters** (``kind.x-k8s.io``): a ``Cluster`` configuration's
  ``nodes[].image`` (``kindest/node``, which ``kind create cluster --config``
  pulls), with the node's ``role`` in the context.
* **k3d clusters** (``k3d.io``): a ``Simple`` configuration's ``image`` (the k3s
  image ``k3d cluster create --config`` runs its nodes with) and
  ``registries.create.image`` (the registry it creates, role ``registry``).
* **Crossplane packages** (``pkg.crossplane.io``): a ``Provider``'s, ``Function``'s or
  ``Configuration``'s ``spec.package``, the OCI image Crossplane's package manager pulls
  (``xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:v0.1.4``).
* **OpenShift Templates** (``Template`` of ``v1`` or ``template.openshift.io``): each of
  its ``objects``, handled by its own kind, with the template's ``parameters`` put in as
  ``oc process`` puts them: ``${NAME}`` and ``${{NAME}}`` take the parameter's ``value``;
  one without a value (``required``, ``generate``d, or given with ``-p``) leaves the
  occurrence unresolved, filled in when the template is processed (TS011); the context's
  ``template`` names the Template. OpenShift's own kinds written ``apiVersion: v1``, as
  older Templates write them (``DeploymentConfig``, ``BuildConfig``, ``Build``,
  ``ImageStream``), are read as the kinds of their groups (``apps.openshift.io``…):
  keycloak/keycloak-quickstarts' ``openshift/keycloak.yaml`` runs Keycloak from one.
  ansible/galaxy_ng's ``openshift/clowder/deploy-acceptance.yaml`` runs
  ``quay.io/cloudservices/iqe-tests:automation-hub`` in a ``Job`` of its ``objects``.
* **Lists**: ``kind: List`` and every ``*List`` kind (``PodList``,
  ``DeploymentList``…): each of ``items`` is handled by its own kind, or, when
  it has none, by the kind the list names (``DeploymentList`` → ``Deployment``,
  with the list's ``apiVersion``).

The core kinds are recognised in their own API groups only (``Deployment`` of
``apps`` or ``extensions``, not of some custom resource), and the others in
theirs, so that an unrelated custom resource is never read as a Pod (only its
pod templates and its own image fields are read, as above). A
document without a top-level ``apiVersion`` and ``kind`` is not a Kubernetes
object and is skipped; an object of another kind has no images here.

A substitution's variable in an image (``${NAME}``, ``$NAME``, filled in before the
manifest is applied by envsubst, Flux's ``postBuild.substitute`` or
clusterctl) takes its default where it has one (``${NAME:=default}``,
``${NAME:-default}``); without one, or with a change of the value as drone/envsubst
makes it (``${NAME/+/_}``, ``${NAME#v}``), the occurrence is unresolved (TS011), not an
invalid reference.

Each :class:`~tagsense.sources.Occurrence` has ``kind="kubernetes"``, the
1-based line and column where the image's text starts (inside its quotes,
after an ``&anchor`` or a ``!tag``), ``raw`` and ``text`` the scalar's value
(Kubernetes expands nothing in an image), ``reference`` when it parses, and
``context``: the object's ``kind``, ``name`` (or ``generate_name`` when it has
only a ``metadata.generateName``) and ``namespace`` (when given),
the ``container`` (or ``volume``) name when given, the ``field`` that holds
it (``containers``, ``initContainers``, ``ephemeralContainers``, ``volumes``,
``steps``, ``sidecars``, ``stepTemplate``, ``container``, ``script``,
``containerSet``), and for Tekton and Argo the pipeline ``task`` or workflow
``template`` it belongs to.

An absent, ``null``, empty or blank image is no occurrence: the API reference makes
the field optional so that "higher level config management" can fill it in
(OpenShift templates write ``image: " "`` where an ImageChange trigger fills it).
What the API server would reject is an error and no occurrence: a field of
the wrong type (``containers`` that is not a list, an image that is a mapping)
and an image that YAML reads as a number or a boolean (``image: 1.10``; the
API server refuses a number where it wants a string). A mapping read here
whose merge keys (``<<``) expand to more than :data:`MAX_MERGE_EXPANSION`
mappings (or nest merges more than 100 deep) is not read (one error), and
each node is visited once, so an alias bomb costs nothing. The function never
raises.
"""

from __future__ import annotations

import os
import re
import stat

from .._image_keys import is_image_field, names_an_image
from .._lazy import lazy_pattern
from ..occurrence import Occurrence, Scan, SourceError, parse_or_error
from ._yaml import MAX_BYTES, YamlFile, get, items, load_yaml, scalar, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    import yaml

    #: Argo templates with the path of each (``list`` is a method's name in ``_Walker``).
    _ArgoTemplates = list[tuple[tuple[str, ...], yaml.Node]]


__all__ = [
    "CORE_IMAGE_KINDS",
    "IMAGE_KINDS",
    "KIND",
    "MAX_MERGE_EXPANSION",
    "is_kubernetes",
    "scan_kubernetes",
    "scan_patch",
]

#: The API group of chainsaw's own documents (``Test``, ``StepTemplate``, ``Configuration``),
#: whose bindings :mod:`._chainsaw` reads.
_CHAINSAW_GROUP = "chainsaw.kyverno.io"

#: A pod spec's lists of containers.
CONTAINER_FIELDS = ("initContainers", "containers", "ephemeralContainers")

#: The ``kind`` of the occurrences found in manifests (and through Kustomize).
KIND = "kubernetes"

#: The most mappings one mapping's merge keys (``<<``) may expand to.
MAX_MERGE_EXPANSION = 1000

#: Lists inside lists deeper than this are refused.
_MAX_LIST_DEPTH = 16
#: How deep in a custom resource's spec pod templates are looked for.
_MAX_TEMPLATE_DEPTH = 12

#: Merges of merges deeper than this are refused (as too large an expansion).
_MAX_MERGE_DEPTH = 100

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_NOT_A_STRING = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
}

Context = dict[str, object]


#: A command-line option that names an image (``--executor-image``, ``-sidecar_image``).
_IMAGE_OPTION = lazy_pattern(r"--?(?:[\w.-]*[-_.])?image(?:[-_.][\w.-]*)?", re.IGNORECASE)


class Found:
    """An image scalar found in an object (shared with the Helm and Kustomize sources)."""

    __slots__ = ("context", "kind", "node", "path", "run_time", "text", "unresolved", "value")

    def __init__(
        self,
        node: yaml.Node,
        value: str,
        path: tuple[str, ...],
        context: Context,
        text: str | None = None,
        unresolved: tuple[str, ...] = (),
        run_time: str | None = "parameters",
        kind: str | None = None,
    ) -> None:
        #: The scalar node (its position is the occurrence's).
        self.node = node
        #: The scalar's text.
        self.value = value
        #: The field's path inside its object (``"[2]"`` for the third item of a list).
        self.path = path
        self.context = context
        #: The image the object runs: the text with its Tekton parameters filled in.
        self.text = value if text is None else text
        #: The parameters it names that have no value here (filled in when it runs).
        self.unresolved = unresolved
        #: What fills them in when the object runs (``parameters``), or None: before it is
        #: applied (a substitution's ``${VAR}``).
        self.run_time = run_time if unresolved else None
        #: The occurrence's kind when it is not the source's own (``helm-values``).
        self.kind = kind


# --- the public functions -------------------------------------------------------


def scan_kubernetes(
    data: str | bytes, *, path: str | None = None, max_bytes: int = MAX_BYTES
) -> Scan:
    """Find the image references in the Kubernetes objects of a YAML file's text."""
    return scan_loaded(load_yaml(data, path=path, max_bytes=max_bytes))


def scan_loaded(file: YamlFile) -> Scan:
    """:func:`scan_kubernetes` of a file already loaded (once for the look and the read)."""
    found = find_images(file, release_values=True)
    occurrences = tuple(make_occurrence(file.path, item, item.text) for item in found)
    return Scan(occurrences, file.errors, file.suppressions)


def scan_patch(file: YamlFile) -> Scan:
    """The images of the strategic-merge patches of workloads in ``file``: documents without
    ``apiVersion`` and ``kind`` that ``kubectl patch TYPE NAME -p`` applies to an object, read
    as the object of their shape (``spec.template``: a Deployment's; ``spec.jobTemplate``: a
    CronJob's; ``spec.containers``: a Pod's). Any other document is none of ours."""
    walker = _Walker(file)
    for document in file.documents:
        if walker.get(document, "apiVersion") is not None or walker.get(document, "kind"):
            continue
        spec = walker.get(document, "spec")
        patched = next(
            (meta for field, *meta in _PATCHED_KINDS if walker.get(spec, field) is not None), None
        )
        if patched is not None:
            walker.object(document, patched[0], patched[1], 0)
    found = sorted(walker.found, key=lambda item: text_position(item.node))
    occurrences = tuple(make_occurrence(file.path, item, item.text) for item in found)
    return Scan(occurrences, file.errors, file.suppressions)


#: The field of a patch's ``spec`` that tells which kind of object it patches (see
#: :func:`scan_patch`), in the order they are looked for.
_PATCHED_KINDS = (
    ("template", "apps/v1", "Deployment"),
    ("jobTemplate", "batch/v1", "CronJob"),
    ("containers", "v1", "Pod"),
)


def is_kubernetes(
    data_or_documents: str | bytes | YamlFile | Iterable[yaml.Node],
    *,
    max_bytes: int = MAX_BYTES,
) -> bool:
    """Whether any document is a mapping with a top-level ``apiVersion`` and ``kind``.

    Takes the text of a file (read as :func:`scan_kubernetes` reads it; text
    without the words ``apiVersion`` and ``kind`` is not parsed at all), a
    :class:`~tagsense.sources._yaml.YamlFile`, or its documents.
    """
    documents: Iterable[yaml.Node]
    if isinstance(data_or_documents, str):
        if "apiVersion" not in data_or_documents or "kind" not in data_or_documents:
            return False
        documents = load_yaml(data_or_documents, max_bytes=max_bytes).documents
    elif isinstance(data_or_documents, bytes):
        if b"apiVersion" not in data_or_documents or b"kind" not in data_or_documents:
            return False
        documents = load_yaml(data_or_documents, max_bytes=max_bytes).documents
    elif isinstance(data_or_documents, YamlFile):
        documents = data_or_documents.documents
    else:
        documents = data_or_documents
    return any(_has_type_meta(document) for document in documents)


# --- shared with the Helm and Kustomize sources ---------------------------------


def find_images(file: YamlFile, *, release_values: bool = False) -> list[Found]:
    """The image scalars of every object in ``file``, by position; errors go to ``file``.

    With ``release_values``, also the images named in the values of GitOps releases of
    remote charts (Flux's ``HelmRelease``, Argo CD's ``Application``; see
    :mod:`._release_values`).
    """
    walker = _Walker(file, release_values)
    for document in file.documents:
        if walker.get(document, "apiVersion") is None or walker.get(document, "kind") is None:
            continue
        walker.object(document, None, None, 0)
    return sorted(walker.found, key=lambda item: text_position(item.node))


def text_position(node: yaml.Node) -> tuple[int, int]:
    """Where a scalar's text starts (see :func:`tagsense.sources._yaml.value_position`)."""
    return value_position(node)


def make_occurrence(
    path: str | None,
    found: Found,
    text: str,
    *,
    kind: str = KIND,
    raw: str | None = None,
    extra: Mapping[str, object] | None = None,
) -> Occurrence:
    """The occurrence of a found image whose pulled text is ``text``."""
    line, column = text_position(found.node)
    context = found.context if not extra else {**found.context, **extra}
    return Occurrence.of_text(
        path=path,
        line=line,
        column=column,
        kind=found.kind or kind,
        raw=found.value if raw is None else raw,
        text=text,
        unresolved=found.unresolved,
        run_time=found.run_time,
        context=context,
    )


def node_kind(node: yaml.Node | None) -> str:
    """``"scalar"``, ``"sequence"``, ``"mapping"``, or ``""`` for ``None``."""
    kind: str = getattr(node, "id", "")
    return kind


def string_value(node: yaml.Node | None) -> str | None:
    """The text of a scalar YAML reads as a string (or a date…), else ``None``.

    ``null``, numbers and booleans are not strings.
    """
    if node_kind(node) != "scalar" or node is None:
        return None
    if node.tag == _NULL or node.tag in _NOT_A_STRING:
        return None
    return scalar(node)


def not_a_string(node: yaml.Node) -> str | None:
    """``"a number"`` or ``"a boolean"`` when YAML reads the scalar so, else ``None``."""
    if node_kind(node) != "scalar":
        return None
    return _NOT_A_STRING.get(node.tag)


def is_null(node: yaml.Node | None) -> bool:
    """Whether the node is absent or a ``null`` scalar (``~``, ``null``, nothing)."""
    return node is None or (node_kind(node) == "scalar" and node.tag == _NULL)


def merge_bomb(root: yaml.Node) -> yaml.Node | None:
    """The first mapping under ``root`` (in document order) whose merges expand too far.

    :func:`~tagsense.sources._yaml.items` resolves merge keys recursively, so
    nested merges of aliases (``<<: [*a, *a, …]`` over levels) would cost it an
    exponential time, and merges of merges a deep recursion: see
    :func:`expands_safely`. Every node is visited once.
    """
    memo: dict[int, tuple[int, int]] = {}
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        kind = node_kind(node)
        if kind == "mapping":
            if not expands_safely(node, memo):
                return node
            stack.extend(reversed([value for _, value in node.value]))
        elif kind == "sequence":
            stack.extend(reversed(node.value))
    return None


def expands_safely(node: yaml.Node, memo: dict[int, tuple[int, int]]) -> bool:
    """Whether a mapping's merge keys expand to at most :data:`MAX_MERGE_EXPANSION` mappings.

    Merges of merges more than 100 deep, and a merge that reaches itself,
    count as too large. Computed without recursion; ``memo`` keeps what is
    known of each mapping (its expansion and the depth of its merges).
    """
    cost, depth = _expansion(node, memo)
    return cost <= MAX_MERGE_EXPANSION and depth <= _MAX_MERGE_DEPTH


def merge_bomb_message(consequence: str = "the document is skipped") -> str:
    return (
        f"merge keys (<<) expand to more than {MAX_MERGE_EXPANSION:,} mappings here "
        f"(an alias bomb?); {consequence}"
    )


def read_file(path: str, max_bytes: int) -> bytes | SourceError:
    """A file's bytes, or the one error that says why it cannot be read."""
    try:
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            return SourceError(path, None, "cannot read: a directory")
        size = status.st_size
        if size > max_bytes:
            return SourceError(
                path, None, f"file is {size:,} bytes; YAML files over {max_bytes:,} are skipped"
            )
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        return SourceError(path, None, f"cannot read: {reason}")
    except ValueError:  # a NUL character in the path
        return SourceError(path, None, "cannot read: an invalid path")


# --- the walk -------------------------------------------------------------------


def _merge_sources(node: yaml.Node) -> list[yaml.Node]:
    """The nodes a mapping's merge keys name (as :func:`~._yaml.items` reads them)."""
    sources: list[yaml.Node] = []
    for key_node, value_node in node.value:
        # (A collection key's value is a list, never "<<".)
        if key_node.value == "<<" and key_node.tag in (_MERGE, _STR):
            if node_kind(value_node) == "sequence":
                sources.extend(value_node.value)
            else:
                sources.append(value_node)
    return sources


def _expansion(node: yaml.Node, memo: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """(mappings the merges expand to, capped; depth of merges of merges), post-order."""
    known = memo.get(id(node))
    if known is not None:
        return known
    if not _merge_sources(node):  # the common case: no merge keys
        memo[id(node)] = (1, 0)
        return 1, 0
    too_much = (MAX_MERGE_EXPANSION + 1, _MAX_MERGE_DEPTH + 1)
    stack = [(node, False)]
    while stack:
        current, ready = stack.pop()
        sources = _merge_sources(current)
        if ready:
            total, depth = 1, 0
            for source in sources:
                cost, below = memo[id(source)] if node_kind(source) == "mapping" else (1, 0)
                total, depth = min(total + cost, too_much[0]), max(depth, below + 1)
            memo[id(current)] = (total, depth)
        elif id(current) not in memo:
            memo[id(current)] = too_much  # until known: a merge that reaches itself is too large
            stack.append((current, True))
            stack.extend(
                (source, False)
                for source in sources
                if node_kind(source) == "mapping" and id(source) not in memo
            )
    return memo[id(node)]


def _has_type_meta(document: yaml.Node) -> bool:
    if node_kind(document) != "mapping":
        return False
    keys = {scalar(key) for key, _ in document.value}
    if "apiVersion" in keys and "kind" in keys:
        return True
    if "<<" not in keys or not expands_safely(document, {}):
        return False
    return get(document, "apiVersion") is not None and get(document, "kind") is not None


def dotted(path: tuple[str, ...]) -> str:
    """A field path as written in messages: ``spec.containers[0].image``."""
    text = ""
    for part in path:
        text += part if part.startswith("[") else ("." + part if text else part)
    return text


def _is_expression(node: yaml.Node) -> bool:
    """Whether a node is a chainsaw expression, ``(…)``, a string that stands for a value."""
    text = scalar(node) if node_kind(node) == "scalar" else None
    return text is not None and text.startswith("(") and text.endswith(")")


class _Walker:
    """One walk over the objects of a file; each collection node is visited once."""

    def __init__(self, file: YamlFile, release_values: bool = False) -> None:
        self.file = file
        self.release_values = release_values
        self.found: list[Found] = []
        self.seen: set[int] = set()
        self.where = ""
        self.expansions: dict[int, tuple[int, int]] = {}
        self.mappings: dict[int, dict[str, yaml.Node]] = {}
        #: The Tekton parameters in scope (name -> value; None: no default), while a task
        #: spec is read.
        self.params: dict[str, str | None] | None = None
        #: The Argo variables in scope (``inputs.parameters.NAME``, ``workflow.parameters.NAME``
        #: -> value; None: none here), while a workflow's template is read.
        self.argo: dict[str, str | None] | None = None
        #: The bindings of the chainsaw test (or step template) being read: its inline
        #: resources are templated with them (None: no chainsaw document).
        self.chainsaw: dict[str, str] | None = None
        #: The parameters of the OpenShift Template whose objects are read (name -> value;
        #: None: none in the file).
        self.openshift: dict[str, str | None] | None = None
        #: That template's name ("": none).
        self.openshift_name = ""

    def get(self, node: yaml.Node | None, key: str) -> yaml.Node | None:
        """The value of ``key`` in a mapping (:func:`~._yaml.items`, each mapping read once).

        A mapping whose merge keys expand too far is read as empty (one error).
        """
        if node is None:
            return None
        mapping = self.mappings.get(id(node))
        if mapping is None:
            mapping = {}
            if node_kind(node) == "mapping":
                if expands_safely(node, self.expansions):
                    mapping = {name: value for name, value, _ in items(node)}
                else:
                    self.file.error(node, merge_bomb_message("its keys are not read"))
            self.mappings[id(node)] = mapping
        return mapping.get(key)

    def error(self, node: yaml.Node, message: str) -> None:
        self.file.error(node, f"{self.where}: {message}" if self.where else message)

    def once(self, node: yaml.Node) -> bool:
        """True the first time a node is met (an alias meets it again)."""
        if id(node) in self.seen:
            return False
        self.seen.add(id(node))
        return True

    # --- objects ---------------------------------------------------------------

    def object(
        self, node: yaml.Node, api_version: str | None, kind: str | None, depth: int
    ) -> None:
        if not self.once(node):
            return
        api_version = self.type_meta(node, "apiVersion") or api_version
        kind = self.type_meta(node, "kind") or kind
        if kind is None:
            return
        metadata = self.get(node, "metadata")
        name = string_value(self.get(metadata, "name"))
        context: Context = {"kind": kind}
        if name is not None:
            context["name"] = name
        else:
            generate_name = string_value(self.get(metadata, "generateName"))
            if generate_name is not None:
                context["generate_name"] = generate_name
        namespace = string_value(self.get(metadata, "namespace"))
        if namespace is not None:
            context["namespace"] = namespace
        if self.openshift is not None:
            context["template"] = self.openshift_name  # (an OpenShift Template's object)
        self.where = f"{kind} {name!r}" if name is not None else kind
        if kind.endswith("List"):
            self.list(node, api_version, kind, depth)
            return
        group = api_version.partition("/")[0] if api_version and "/" in api_version else ""
        if api_version == "v1":  # (OpenShift's kinds from before API groups: `oc` maps them)
            group = _OPENSHIFT_LEGACY.get(kind, group)
        if (group, kind) in _POSTGRES_OPERANDS:
            context["software"] = "postgres"
        if group == _CHAINSAW_GROUP:
            from ._chainsaw import document_bindings

            self.chainsaw = document_bindings(node)
        handler = _HANDLERS.get((group, kind))
        if handler is not None:
            where, method = handler
            target, path = self.descend(node, where)
            if target is not None:
                method(self, target, path, context)
        elif group:  # a custom resource: its pod templates, wherever its schema puts them
            from ._release_values import RELEASE_KINDS

            # (a GitOps release's values are the chart's: read below, as helm-values)
            images = (
                group not in _NOT_PULLING
                and not group.endswith(_NOT_PULLING_SUFFIXES)
                and (group, kind) not in RELEASE_KINDS
            )
            seen: set[int] = set()
            self.pod_templates(self.get(node, "spec"), ("spec",), context, seen, images=images)
            if images:  # (an operator's configuration: zalando's OperatorConfiguration)
                for key, value, _ in items(node):
                    if key not in _NOT_SPEC:
                        self.pod_templates(value, (key,), context, seen, images=True)
            if self.release_values:
                self.release(node, group, kind, context)

    def release(self, node: yaml.Node, group: str, kind: str, context: Context) -> None:
        """The images in the values of a GitOps release of a remote chart, if it is one."""
        from ._release_values import RELEASE_KINDS, release_images

        if (group, kind) in RELEASE_KINDS:
            skip = {id(found.node) for found in self.found}
            self.found.extend(release_images(self.file, self.get, node, group, kind, context, skip))

    def pod_templates(
        self,
        node: yaml.Node | None,
        path: tuple[str, ...],
        context: Context,
        seen: set[int],
        *,
        images: bool = False,
        container: bool = False,
    ) -> None:
        """Every ``template: {spec: {containers: [...]}}`` under ``node``: a PodTemplateSpec.

        Operators embed the core type for the pods they make (OpenKruise's CloneSet at
        ``spec.template``, Kubeflow's jobs at ``spec.*ReplicaSpecs.*.template``, Ray's at
        ``spec.workerGroupSpecs[].template``); a ``template`` whose ``spec`` has a list of
        ``containers`` is nothing else. With ``images``, also every image field of the
        resource's own (:meth:`resource_image`), except under a build's output; ``container``:
        ``node`` is an item of a list of containers (:func:`_container_list`), whose image is
        a Container's. Read only, never an error: the schema is the CRD's.
        """
        if node is None or id(node) in seen or len(path) > _MAX_TEMPLATE_DEPTH:
            return
        seen.add(id(node))
        kind = node_kind(node)
        if kind == "sequence":
            containers = images and _container_list(path[-1] if path else "", node, self.get)
            for index, item in enumerate(node.value):
                self.pod_templates(
                    item, (*path, f"[{index}]"), context, seen, images=images, container=containers
                )
            return
        if kind != "mapping" or not expands_safely(node, self.expansions):
            return
        if images and self.embedded_object(node):
            return
        if images and _switched_off(self.get(node, "enabled")):
            images = False  # (redisExporter: {enabled: false, image: …}: the operator runs none)
        build = self.get(node, "build") if images else None
        built = build is not None and self.builds(build, (*path, "build"), context)
        for key, value, _ in items(node):
            if built and is_image_field(key):
                continue  # (what the build beside it makes and pushes: not pulled here)
            if key == "template" and node_kind(value) == "mapping":
                spec = self.get(value, "spec")
                if spec is not None and node_kind(self.get(spec, "containers")) == "sequence":
                    self.pod_spec(spec, (*path, "template", "spec"), context)
                    continue
            if is_image_field(key) and node_kind(value) == "scalar":
                if images and not (key == "image" and self.split_image(node, path, context)):
                    composed = any(self.get(node, word) is not None for word in _TAG_KEYS)
                    self.resource_image(
                        value, (*path, key), context, whole=container, registry=not composed
                    )
            elif is_image_field(key) and images and self.image_block(value, (*path, key), context):
                continue
            elif key != "metadata" and key not in _PUSHED and (images or key not in _PATTERNS):
                self.pod_templates(value, (*path, key), context, seen, images=images)

    def embedded_object(self, node: yaml.Node) -> bool:
        """A whole object that a custom resource holds, to be created as written, read as an
        object of its own kind when that is one whose images are read; False when it is
        none. Argo Events' Sensor creates its trigger's ``k8s.source.resource`` (or
        ``argoWorkflow.source.resource``) when an event comes: argoproj/argo-events'
        ``examples/sensors/*.yaml`` embed a ``Workflow`` whose ``templates[].container.image:
        busybox`` Argo pulls as ``busybox:latest``; read as a custom resource's own field,
        an untagged name is no image (67 missed, survey s43c)."""
        api_version = string_value(self.get(node, "apiVersion"))
        kind = string_value(self.get(node, "kind"))
        if not api_version or not kind or kind == "ConfigMap":
            return False
        group = api_version.partition("/")[0] if "/" in api_version else ""
        if (group, kind) not in _HANDLERS:
            return False
        where = self.where
        self.object(node, None, None, 1)
        self.where = where  # (the holder's name, for its own errors after this)
        return True

    def split_image(self, node: yaml.Node, path: tuple[str, ...], context: Context) -> bool:
        """A custom resource's image written in three keys beside each other, NVIDIA's
        operators' style: ``repository`` (the registry and namespace), ``image`` (the name)
        and ``version`` (the tag, or a digest when it starts with ``sha256:``), as
        NVIDIA/gpu-operator's ``internal/image.ImagePath`` joins them for each component of
        its ``ClusterPolicy`` (``driver``, ``toolkit``, ``devicePlugin``…). False when it is
        none (a bare ``image`` is then read as ever)."""
        fields = {key: value for key, value, _ in items(node)}
        repository = string_value(fields.get("repository"))
        name = string_value(fields.get("image"))
        version_node = fields.get("version")
        version = string_value(version_node)
        if not repository or not name or not version or version_node is None:
            return False
        if any("$" in part or "{" in part for part in (repository, name, version)):
            return False
        if ":" in name or "@" in name or "/" not in repository:
            return False  # (an image of its own, or a repository that is no registry path)
        joiner = "@" if version.startswith("sha256:") else ":"
        raw = f"{repository.rstrip('/')}/{name}{joiner}{version}"
        if parse_or_error(raw)[0] is None:
            return False
        found = {**context, "field": dotted((*path, "image"))}
        self.found.append(Found(version_node, raw, (*path, "version"), found, raw))
        return True

    def builds(self, build: yaml.Node, path: tuple[str, ...], context: Context) -> bool:
        """Whether a custom resource's ``build`` beside its image makes that image (a mapping
        with something in it, not switched off), reading the ``builder`` image it builds
        with: OpenFunction's ``Function`` pushes ``spec.image`` from ``spec.build`` and its
        Cloud Native Buildpacks ``builder`` (``openfunction/builder-go:latest``), then
        serves it, as compose's ``build`` beside an ``image`` names what it makes."""
        if node_kind(build) != "mapping" or not build.value:
            return False
        if _switched_off(self.get(build, "enabled")):
            return False
        builder = self.get(build, "builder")
        if builder is not None and node_kind(builder) == "scalar":
            self.resource_image(builder, (*path, "builder"), context)
        return True

    def image_block(self, node: yaml.Node, path: tuple[str, ...], context: Context) -> bool:
        """A custom resource's image written as a mapping, ``{repository, tag}`` (Helm's
        style: mariadb-operator) or ``{repository, version}`` (emqx-operator's
        ``image: {repository: emqx/emqx-ee, version: 4.4.15}``), with an optional
        ``registry`` and ``digest``: one image, at its tag. False when it is none."""
        if node_kind(node) != "mapping" or not expands_safely(node, self.expansions):
            return False
        fields = {key: value for key, value, _ in items(node)}
        repository = string_value(fields.get("repository"))
        tag_node = fields.get("tag") or fields.get("version")
        digest_node = fields.get("digest")
        tag, digest = string_value(tag_node), string_value(digest_node)
        if not repository or not (tag or digest) or "$" in repository:
            return False
        registry = string_value(fields.get("registry"))
        raw = f"{registry}/{repository}" if registry else repository
        raw += (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
        target = tag_node if tag else digest_node
        if target is None or parse_or_error(raw)[0] is None:
            return False
        key = "tag" if tag_node is fields.get("tag") else "version"
        found = {**context, "field": dotted(path)}
        self.found.append(Found(target, raw, (*path, key if tag else "digest"), found, raw))
        return True

    def resource_image(
        self,
        node: yaml.Node,
        path: tuple[str, ...],
        context: Context,
        *,
        whole: bool = False,
        registry: bool = False,
    ) -> None:
        """A custom resource's image field (``spec.image``, CloudNativePG's ``imageName``,
        ``sidecarContainers[].image``, Cluster API's ``customImage``): the operator pulls it.
        Only a whole pullspec is taken, with a tag or a digest: the CRD's schema is not known
        here, and ``image: ubuntu-2204`` may name a VM's disk image. ``whole``: the field is
        a Container's ``image`` (:func:`_container_list`), whole without a tag, as Kubernetes
        pulls ``:latest`` for it. ``registry``: no ``tag`` or ``version`` beside the field, so
        a name that says its registry and a path (``ghcr.io/stackloklabs/gofetch/server``,
        ToolHive's ``MCPServer``) is a whole pullspec without a tag too: no disk image is
        named so. Never an error."""
        value = scalar(node)
        if value is None or not_a_string(node) is not None:
            return
        if value.startswith("(") and "${" not in value and self.file.path is not None:
            self.resource_expression(node, value, path, context)
            return
        if self.openshift is not None and "${" in value:
            text, unresolved = substitute_openshift(value, self.openshift)
        else:
            text, unresolved = substitute_variables(value) if "$" in value else (value, ())
        if not text or unresolved:
            return
        reference = parse_or_error(text)[0]
        if reference is None:
            return
        untagged = reference.tag is None and reference.digest is None
        if untagged and not whole and not (registry and _names_registry(text)):
            return
        found = {**context, "field": dotted(path)}
        self.found.append(Found(node, value, path, found, text))

    def resource_expression(
        self, node: yaml.Node, value: str, path: tuple[str, ...], context: Context
    ) -> None:
        """A custom resource's image field that is a chainsaw expression, in a file a chainsaw
        test applies (opentelemetry-operator's `OpenTelemetryCollector` `spec.image: (join('',
        ['ghcr.io/…/opentelemetry-collector-contrib:', $collectorVersion]))`, the version a
        script's `outputs` gives): each image the test's bindings make of it, taken as
        :meth:`resource_image` takes a pullspec; one its run fills in is unresolved (TS011)
        when what is written of it names a registry's path (a ``/``), as an image does."""
        from .chainsaw_bindings import RUN_TIME, evaluate

        assert self.file.path is not None
        found = {**context, "field": dotted(path)}
        for text, unresolved in evaluate(value, self.file.path) or ():
            if unresolved:
                if "/" not in value:
                    continue
            else:
                reference = parse_or_error(text)[0]
                if reference is None or (reference.tag is None and reference.digest is None):
                    continue
            self.found.append(Found(node, value, path, found, text, unresolved, RUN_TIME))

    def type_meta(self, node: yaml.Node, key: str) -> str | None:
        value = self.get(node, key)
        if value is None or is_null(value):
            return None
        text = string_value(value)
        if text is None:
            self.file.error(value, f"{key} must be a string")
        return text

    def list(self, node: yaml.Node, api_version: str | None, kind: str, depth: int) -> None:
        entries = self.get(node, "items")
        if is_null(entries) or entries is None:
            return
        if node_kind(entries) != "sequence":
            if kind == "List":
                self.error(entries, "items must be a list")
            return
        if depth >= _MAX_LIST_DEPTH:
            self.error(entries, f"lists nested more than {_MAX_LIST_DEPTH} deep are skipped")
            return
        item_kind = kind[: -len("List")] or None
        where = self.where
        reported = False
        for index, item in enumerate(entries.value):
            if node_kind(item) != "mapping":
                if not reported:  # the first of a list's bad items is enough
                    self.where = where
                    self.error(item, f"items[{index}] must be an object (a mapping)")
                    reported = True
                continue
            self.object(item, api_version if item_kind else None, item_kind, depth + 1)

    def descend(
        self, node: yaml.Node, path: tuple[str, ...]
    ) -> tuple[yaml.Node | None, tuple[str, ...]]:
        """The mapping at ``path`` under ``node`` (None when absent or of the wrong type)."""
        for index, key in enumerate(path):
            child = self.get(node, key)
            if is_null(child) or child is None:
                return None, path
            if node_kind(child) != "mapping":
                self.error(child, f"{dotted(path[: index + 1])} must be a mapping")
                return None, path
            node = child
        return node, path

    def mapping(self, node: yaml.Node | None, path: tuple[str, ...]) -> yaml.Node | None:
        """``node`` when it is a mapping; None when absent; an error when of another type."""
        if node is None or is_null(node):
            return None
        if node_kind(node) != "mapping":
            self.error(node, f"{dotted(path)} must be a mapping")
            return None
        return node

    def entries(
        self, node: yaml.Node | None, path: tuple[str, ...]
    ) -> Iterator[tuple[tuple[str, ...], yaml.Node]]:
        """(path, item) of each mapping item of a list field, once; errors for the rest."""
        if node is None or is_null(node):
            return
        if node_kind(node) != "sequence":
            self.error(node, f"{dotted(path)} must be a list")
            return
        reported = False
        for index, item in enumerate(node.value):
            if not self.once(item):
                continue
            if node_kind(item) != "mapping":
                if self.chainsaw is not None and _is_expression(item):
                    continue  # (chainsaw's templating makes it an item: `- ($psql.connect)`)
                if not reported:  # the first of a list's bad items is enough
                    self.error(item, f"{dotted(path)}[{index}] must be a mapping")
                    reported = True
                continue
            yield (*path, f"[{index}]"), item

    # --- fields ------------------------------------------------------------------

    def image(self, node: yaml.Node | None, path: tuple[str, ...], context: Context) -> None:
        if node is None or is_null(node):
            return
        if node_kind(node) != "scalar":
            self.error(node, f"{dotted(path)} must be a string")
            return
        wrong = not_a_string(node)
        if wrong is not None:
            self.error(
                node,
                f"{dotted(path)} {node.value!r} is {wrong}, not a string "
                "(the API server rejects it; quote it)",
            )
            return
        value = scalar(node)
        if not value or value.isspace():
            # (blanks as empty: OpenShift templates write ``image: " "`` where a
            # DeploymentConfig's ImageChange trigger fills the image in; wekan's)
            return
        if self.params is not None and _LIGHTHOUSE_USES.match(value):
            return  # (Lighthouse's steps of another file: see _LIGHTHOUSE_USES)
        run_time: str | None = "parameters"  # (Tekton's and Argo's: filled in when it runs)
        if self.params is not None and "$(" in value:
            text, unresolved = substitute_params(value, self.params)
        elif self.argo is not None and "{{" in value:
            text, unresolved = substitute_argo(value, self.argo)
        elif value.startswith("(") and "${" not in value and self.file.path is not None:
            from .chainsaw_bindings import RUN_TIME, evaluate

            # (a chainsaw test's expression, whose `$NAME` are its bindings)
            evaluated = evaluate(value, self.file.path)
            if evaluated is None and self.chainsaw is not None:
                from .chainsaw_bindings import evaluate_inline

                # (a resource the test writes inline: templated with its bindings)
                inline = evaluate_inline(value, self.chainsaw)
                evaluated = [inline] if inline is not None else None
            for text, unresolved in evaluated or [(value, ())]:
                self.found.append(Found(node, value, path, context, text, unresolved, RUN_TIME))
            return
        elif self.openshift is not None and "${" in value:  # (`oc process`, see the module)
            text, unresolved = substitute_openshift(value, self.openshift)
            run_time = None
        elif "$" in value:  # envsubst, Flux's postBuild, clusterctl: before it is applied
            text, unresolved = substitute_variables(value)
            run_time = None
        else:
            text, unresolved = value, ()
        self.found.append(Found(node, value, path, context, text, unresolved, run_time))

    def containers(
        self, node: yaml.Node | None, path: tuple[str, ...], field: str, context: Context
    ) -> None:
        for here, item in self.entries(node, path):
            found = {**context, "field": field}
            name = string_value(self.get(item, "name"))
            if name is not None:
                found["container"] = name
            own = found
            if string_value(self.get(item, "imagePullPolicy")) == "Never":
                # the kubelet never pulls it: the node's own store has it, or the pod fails
                own = {**found, "pull_policy": "Never"}
            self.image(self.get(item, "image"), (*here, "image"), own)
            self.related_images(self.get(item, "env"), (*here, "env"), found)
            for words in ("command", "args"):
                self.option_images(self.get(item, words), (*here, words), found)

    def related_images(
        self, node: yaml.Node | None, path: tuple[str, ...], context: Context
    ) -> None:
        """An operator's ``RELATED_IMAGE_*`` variables (OLM's convention: the images it
        deploys, which disconnected installs mirror), when the value is a whole pullspec: a
        tag or digest (``RELATED_IMAGE_MARIADB_NAME: mariadb`` is a name, not an image)."""
        if node_kind(node) != "sequence":
            return
        for here, item in self.entries(node, path):
            name = string_value(self.get(item, "name"))
            value = self.get(item, "value")
            text = scalar(value) if node_kind(value) == "scalar" else None
            if name is None or not name.startswith("RELATED_IMAGE_") or not text:
                continue
            reference = parse_or_error(text)[0]
            if reference is None or (reference.tag is None and reference.digest is None):
                continue
            self.image(value, (*here, "value"), {**context, "field": "env", "env": name})

    def option_images(
        self, node: yaml.Node | None, path: tuple[str, ...], context: Context
    ) -> None:
        """The images a controller's command-line options name, which it runs in the pods it
        makes: ``--executor-image VALUE`` (argo-workflows' controller starts every workflow's
        pods with it), ``--acme-http01-solver-image=VALUE`` (cert-manager's), when the option's
        name says image and the value is a whole pullspec (a tag or a digest)."""
        if node_kind(node) != "sequence":
            return
        words = node.value  # type: ignore[union-attr]
        for index, item in enumerate(words):
            text = scalar(item) if node_kind(item) == "scalar" else None
            if not text or not text.startswith("-"):
                continue
            option, equals, value = text.partition("=")
            if _IMAGE_OPTION.fullmatch(option) is None:
                continue
            position = index
            if equals:
                import yaml

                # (the value's own scalar: the text after `=`, which ends where the item does)
                target = yaml.ScalarNode(
                    item.tag, value, item.start_mark, item.end_mark, item.style
                )
            elif index + 1 < len(words) and node_kind(words[index + 1]) == "scalar":
                position, target = index + 1, words[index + 1]
                value = scalar(target) or ""
            else:
                continue
            reference = parse_or_error(value)[0] if value and "$" not in value else None
            if reference is None or (reference.tag is None and reference.digest is None):
                continue
            found = {**context, "field": path[-1], "option": option}
            self.image(target, (*path, f"[{position}]"), found)

    def volumes(self, node: yaml.Node | None, path: tuple[str, ...], context: Context) -> None:
        for here, item in self.entries(node, path):
            source = self.mapping(self.get(item, "image"), (*here, "image"))
            if source is None:
                continue
            found = {**context, "field": "volumes"}
            name = string_value(self.get(item, "name"))
            if name is not None:
                found["volume"] = name
            self.image(self.get(source, "reference"), (*here, "image", "reference"), found)

    def pod_spec(self, spec: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        for field in CONTAINER_FIELDS:
            self.containers(self.get(spec, field), (*path, field), field, context)
        self.volumes(self.get(spec, "volumes"), (*path, "volumes"), context)

    def task_spec(
        self,
        spec: yaml.Node,
        path: tuple[str, ...],
        context: Context,
        given: Mapping[str, str | None] | None = None,
    ) -> None:
        """A Tekton ``TaskSpec``; ``$(params.NAME)`` in an image is the parameter's value
        (``given`` by a run or a pipeline's task, else the parameter's ``default``)."""
        outer, self.params = self.params, self.declared(spec, given)
        try:
            for field in ("steps", "sidecars"):
                self.containers(self.get(spec, field), (*path, field), field, context)
            template = self.mapping(self.get(spec, "stepTemplate"), (*path, "stepTemplate"))
            if template is not None:
                found = {**context, "field": "stepTemplate"}
                self.image(self.get(template, "image"), (*path, "stepTemplate", "image"), found)
            self.volumes(self.get(spec, "volumes"), (*path, "volumes"), context)
        finally:
            self.params = outer

    def task_run(self, spec: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        embedded = self.mapping(self.get(spec, "taskSpec"), (*path, "taskSpec"))
        if embedded is not None:
            given = self.param_values(spec, "value")
            self.task_spec(embedded, (*path, "taskSpec"), context, given)

    def pipeline_run(self, spec: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        embedded = self.mapping(self.get(spec, "pipelineSpec"), (*path, "pipelineSpec"))
        if embedded is not None:
            given = self.param_values(spec, "value")
            self.pipeline_spec(embedded, (*path, "pipelineSpec"), context, given)

    def pipeline_spec(
        self,
        spec: yaml.Node,
        path: tuple[str, ...],
        context: Context,
        given: Mapping[str, str | None] | None = None,
    ) -> None:
        params = self.declared(spec, given)
        for field in ("tasks", "finally"):
            for here, task in self.entries(self.get(spec, field), (*path, field)):
                task_path = (*here, "taskSpec")
                embedded = self.mapping(self.get(task, "taskSpec"), task_path)
                if embedded is None or self.get(embedded, "kind") is not None:
                    continue  # a reference, or an embedded custom task
                found = dict(context)
                name = string_value(self.get(task, "name"))
                if name is not None:
                    found["task"] = name
                # A task's params are written with the pipeline's: `value: $(params.image)`.
                passed: dict[str, str | None] = {}
                for key, value in self.param_values(task, "value").items():
                    if value is not None and "$(" in value:
                        text, unresolved = substitute_params(value, params)
                        passed[key] = None if unresolved else text
                    else:
                        passed[key] = value
                self.task_spec(embedded, task_path, found, passed)

    def declared(
        self, spec: yaml.Node, given: Mapping[str, str | None] | None
    ) -> dict[str, str | None]:
        """A spec's parameters: the values ``given`` for those it declares, else defaults."""
        params = self.param_values(spec, "default")
        if given:
            params.update((name, value) for name, value in given.items() if name in params)
        return params

    def param_values(
        self, spec: yaml.Node | None, field: str, *fields: str, listed: str = "params"
    ) -> dict[str, str | None]:
        """The string parameters of a list of ``{name, …}`` (Tekton's ``params``: a spec's
        declarations with their ``default``, a run's or task's with their ``value``; Argo's
        ``parameters``): name -> the first of ``field`` and ``fields`` it has, or None."""
        values: dict[str, str | None] = {}
        node = self.get(spec, listed) if spec is not None else None
        if node is None or node_kind(node) != "sequence":
            return values
        for item in node.value:
            name = string_value(self.get(item, "name")) if node_kind(item) == "mapping" else None
            if name:
                value = next(filter(None, (self.get(item, key) for key in (field, *fields))), None)
                values[name] = string_value(value) if node_kind(value) == "scalar" else None
        return values

    def config_data(self, config: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        """A ConfigMap's ``data`` keys named for an image (``docker_image``,
        ``logical_backup_docker_image``): an operator's configuration of the images it
        runs (zalando's postgres-operator), and OLM's ``RELATED_IMAGE_*`` variables, which
        a container loads with ``envFrom`` (mariadb-operator's chart): whole pullspecs only,
        as a custom resource's. A key whose literal block holds objects (``apiVersion`` and
        ``kind``) gives their images, read as those objects' own: the templates an operator
        creates objects from (kubeflow/katib's ``trial-templates`` ConfigMap holds the
        ``Job`` each trial of an experiment runs, ``enasCPUTemplate: |-`` with ``image:
        ghcr.io/kubeflow/katib/enas-cnn-cifar10-cpu:v0.19.0``).
        Never an error: ``data`` is the API server's to refuse, and others' to read."""
        data = self.get(config, "data")
        path = (*path, "data")
        if data is None or node_kind(data) != "mapping":
            return
        if not expands_safely(data, self.expansions):
            return
        for key, value, _ in items(data):
            if node_kind(value) != "scalar":
                continue
            if names_an_image(key):
                # (RELATED_IMAGE_*: an operator's environment, by envFrom: mariadb-operator)
                self.resource_image(value, (*path, key), context)
            elif getattr(value, "style", None) == "|":
                self.block_objects(value, (*path, key), context, f"data.{key}")

    def openshift_template(
        self, template: yaml.Node, path: tuple[str, ...], context: Context
    ) -> None:
        """An OpenShift Template's ``objects``, its parameters put in (see the module)."""
        objects = self.get(template, "objects")
        if node_kind(objects) != "sequence" or objects is None:
            return
        parameters: dict[str, str | None] = {}
        for _, parameter in self.entries(self.get(template, "parameters"), ("parameters",)):
            name = string_value(self.get(parameter, "name"))
            if name is not None:
                parameters[name] = string_value(self.get(parameter, "value")) or None
        outer = self.openshift, self.openshift_name
        self.openshift, self.openshift_name = parameters, str(context.get("name", ""))
        try:
            for item in objects.value:
                if node_kind(item) == "mapping":
                    self.object(item, None, None, 1)
        finally:
            self.openshift, self.openshift_name = outer

    def kind_cluster(self, config: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        """A kind cluster's configuration: each node's image (``kindest/node``), which
        ``kind create cluster --config`` pulls."""
        for base, node in self.entries(self.get(config, "nodes"), (*path, "nodes")):
            here = dict(context)
            role = string_value(self.get(node, "role"))
            if role is not None:
                here["role"] = role
            self.image(self.get(node, "image"), (*base, "image"), here)

    def k3d_cluster(self, config: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        """A k3d cluster's configuration (``kind: Simple``): the k3s image its nodes run
        (``image``), which ``k3d cluster create --config`` pulls, and the image of the
        registry it creates (``registries.create.image``), where written."""
        self.image(self.get(config, "image"), (*path, "image"), context)
        create = self.get(self.get(config, "registries"), "create")
        here = {**context, "role": "registry"}
        self.image(self.get(create, "image"), (*path, "registries", "create", "image"), here)

    def crossplane_package(self, spec: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        """A Crossplane package to install (``Provider``, ``Function``, ``Configuration``):
        its ``package``, an OCI image Crossplane's package manager pulls."""
        self.image(self.get(spec, "package"), (*path, "package"), context)

    def build_strategy(self, spec: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        """A Shipwright ``BuildStrategy``'s steps (``steps``; ``buildSteps`` before
        ``v1beta1``), whose ``$(params.NAME)`` is the parameter's ``default`` (``parameters``);
        an empty default, or none, is the ``Build``'s to give (unresolved)."""
        declared = self.param_values(spec, "default", listed="parameters")
        outer, self.params = self.params, {k: v or None for k, v in declared.items()}
        try:
            for field in ("steps", "buildSteps"):
                self.containers(self.get(spec, field), (*path, field), "steps", context)
        finally:
            self.params = outer

    def workflow_spec(self, spec: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        """An Argo ``WorkflowSpec``. An image with Argo's variables (``{{inputs.parameters.
        image}}``, ``{{workflow.parameters.tag}}``) takes the template's input's ``value`` or
        ``default`` and the workflow's ``arguments``; any other variable is filled in when
        the workflow runs."""
        arguments = self.get(spec, "arguments")
        workflow = {
            f"workflow.parameters.{name}": value
            for name, value in self.argo_parameters(arguments).items()
        }
        outer = self.argo
        try:
            self.argo = workflow
            self.volumes(self.get(spec, "volumes"), (*path, "volumes"), context)
            self.templates(spec, path, context, workflow)
            self.executor_plugins(spec, path, context)
        finally:
            self.argo = outer

    def executor_plugins(self, spec: yaml.Node, path: tuple[str, ...], context: Context) -> None:
        """A workflow's own executor plugins (``executorPlugins[].spec.sidecar.container``,
        Argo 4 behind a feature gate): the sidecar each of its agent pods runs
        (argo-workflows' ``examples/workflow-level-executor-plugin.yaml``)."""
        plugins = (*path, "executorPlugins")
        for base, plugin in self.entries(self.get(spec, "executorPlugins"), plugins):
            sidecar = self.get(self.get(plugin, "spec"), "sidecar")
            container = self.get(sidecar, "container") if sidecar is not None else None
            if container is None or node_kind(container) != "mapping":
                continue
            name = string_value(self.get(self.get(plugin, "metadata"), "name"))
            here = {**context, "field": "executorPlugins"}
            if name is not None:
                here["plugin"] = name
            place = (*base, "spec", "sidecar", "container", "image")
            self.image(self.get(container, "image"), place, here)

    def argo_parameters(self, node: yaml.Node | None) -> dict[str, str | None]:
        """``parameters[]`` of an Argo ``arguments`` or ``inputs``: name -> its ``value``,
        else its ``default`` (None: neither, given by the caller)."""
        return self.param_values(node, "value", "default", listed="parameters")

    def templates(
        self,
        spec: yaml.Node,
        path: tuple[str, ...],
        context: Context,
        workflow: dict[str, str | None],
    ) -> None:
        templates = (*path, "templates")
        entrypoint = string_value(self.get(spec, "entrypoint"))
        calls = self.argo_calls(self.get(spec, "templates"), workflow, entrypoint)
        listed = [*self.entries(self.get(spec, "templates"), templates)]
        listed += self.inline_templates(listed)
        self.template_defaults(spec, path, context, [template for _, template in listed])
        for base, template in listed:
            found = dict(context)
            name = string_value(self.get(template, "name"))
            if name is not None:
                found["template"] = name
            inputs = self.argo_parameters(self.get(template, "inputs"))
            # (an input without a value or default is its callers': each call's arguments,
            # for each item of its loop, is a run of the template's container)
            variants = [inputs]
            given = [key for key, value in inputs.items() if value is None]
            if given and name in calls:
                filled = [
                    {**inputs, **{key: call.get(key) for key in given}} for call in calls[name]
                ]
                variants = [v for i, v in enumerate(filled) if v not in filled[:i]] or variants
            for field in ("container", "script"):
                container = self.mapping(self.get(template, field), (*base, field))
                if container is not None:
                    here = {**found, "field": field}
                    container_name = string_value(self.get(container, "name"))
                    if container_name is not None:
                        here["container"] = container_name
                    first, texts = len(self.found), set()
                    for variant in variants:
                        self.argo = {
                            **workflow,
                            **{f"inputs.parameters.{key}": v for key, v in variant.items()},
                        }
                        self.image(self.get(container, "image"), (*base, field, "image"), here)
                        # (one run per distinct image: an image without the inputs is one)
                        if len(self.found) > first and self.found[-1].text in texts:
                            self.found.pop()
                        elif len(self.found) > first:
                            texts.add(self.found[-1].text)
            self.argo = {
                **workflow,
                **{f"inputs.parameters.{key}": value for key, value in inputs.items()},
            }
            container_set = self.mapping(
                self.get(template, "containerSet"), (*base, "containerSet")
            )
            if container_set is not None:
                self.containers(
                    self.get(container_set, "containers"),
                    (*base, "containerSet", "containers"),
                    "containerSet",
                    found,
                )
            for field in ("initContainers", "sidecars"):
                self.containers(self.get(template, field), (*base, field), field, found)
            self.volumes(self.get(template, "volumes"), (*base, "volumes"), found)
            resource = self.mapping(self.get(template, "resource"), (*base, "resource"))
            if resource is not None:
                place = (*base, "resource", "manifest")
                self.argo_manifest(self.get(resource, "manifest"), place, found)

    def template_defaults(
        self, spec: yaml.Node, path: tuple[str, ...], context: Context, listed: Iterable[yaml.Node]
    ) -> None:
        """The image of ``templateDefaults``' ``container`` or ``script``: what Argo gives a
        template of that kind that names none (argo-workflows' ``test/e2e/functional/
        template-default-image.yaml``); not read when every such template names its own."""
        defaults = self.mapping(self.get(spec, "templateDefaults"), (*path, "templateDefaults"))
        if defaults is None:
            return
        for field in ("container", "script"):
            default = self.get(defaults, field)
            if default is None or node_kind(default) != "mapping":
                continue
            kinds = [self.get(template, field) for template in listed]
            bare = [node for node in kinds if node is not None and node_kind(node) == "mapping"]
            if any(self.get(node, "image") is None for node in bare):
                here = {**context, "field": field, "template": "templateDefaults"}
                place = (*path, "templateDefaults", field, "image")
                self.image(self.get(default, "image"), place, here)

    def inline_templates(self, listed: _ArgoTemplates) -> _ArgoTemplates:
        """The templates written inline in a step or DAG task (``inline:``, Argo 3.2 on:
        ``examples/dag-inline-workflow.yaml``), with those of their own steps and tasks: each
        runs as a template of the list does. No caller gives them arguments by name."""
        pending = [*listed]
        inline: _ArgoTemplates = []
        while pending:
            base, template = pending.pop(0)
            callers: _ArgoTemplates = []
            for group_index, group in enumerate(_sequence(self.get(template, "steps"))):
                place = (*base, "steps", f"[{group_index}]")
                steps = _sequence(group) if node_kind(group) == "sequence" else [group]
                callers += [((*place, f"[{i}]"), step) for i, step in enumerate(steps)]
            tasks = _sequence(self.get(self.get(template, "dag"), "tasks"))
            callers += [((*base, "dag", "tasks", f"[{i}]"), task) for i, task in enumerate(tasks)]
            for place, caller in callers:
                written = self.mapping(self.get(caller, "inline"), (*place, "inline"))
                if written is not None and self.once(written):
                    pending.append(((*place, "inline"), written))
                    inline.append(((*place, "inline"), written))
        return inline

    def argo_calls(
        self,
        templates: yaml.Node | None,
        workflow: dict[str, str | None],
        entrypoint: str | None = None,
    ) -> _ArgoCalls:
        """The literal arguments each template is called with by the steps and DAG tasks of
        ``templates``: template name -> one parameters map per call and item of its loop.

        A step's ``arguments.parameters[].value`` may name the loop's item (``{{item}}``,
        ``{{item.image}}``): a ``withItems`` list, or a ``withParam`` JSON list (written
        out, or a workflow parameter's value), gives one call per item, as Argo expands it
        (argoproj/argo-workflows' ``examples/loops-maps.yaml`` runs debian:9.1, alpine:3.6
        and ubuntu:17.10). What only a run knows (a step's outputs) is None."""
        calls: _ArgoCalls = {}
        if templates is None or node_kind(templates) != "sequence":
            return calls
        for template in templates.value:
            if node_kind(template) != "mapping":
                continue
            # (the calls see the template's own inputs: the entrypoint's are the workflow's
            # arguments of the same names, loops-param-argument.yaml's `withParam: "{{inputs.
            # parameters.os-list}}"`)
            own = self.argo_parameters(self.get(template, "inputs"))
            if entrypoint and string_value(self.get(template, "name")) == entrypoint:
                own = {k: v or workflow.get(f"workflow.parameters.{k}") for k, v in own.items()}
            scope = {**workflow, **{f"inputs.parameters.{k}": v for k, v in own.items()}}
            callers: list[yaml.Node] = []
            for group in _sequence(self.get(template, "steps")):
                callers.extend(_sequence(group) if node_kind(group) == "sequence" else [group])
            callers.extend(_sequence(self.get(self.get(template, "dag"), "tasks")))
            for caller in callers:
                if node_kind(caller) != "mapping":
                    continue
                name = string_value(self.get(caller, "template"))
                if not name:
                    continue
                arguments = self.argo_parameters(self.get(caller, "arguments"))
                for item in self.argo_items(caller, scope):
                    call: dict[str, str | None] = {}
                    for key, value in arguments.items():
                        if value is not None:
                            value = _argo_item(value, item)
                        if value is not None and "{{" in value:
                            value, unresolved = substitute_argo(value, scope)
                            value = None if unresolved or "{{" in value else value
                        call[key] = value
                    calls.setdefault(name, []).append(call)
        return calls

    def argo_items(self, caller: yaml.Node, workflow: dict[str, str | None]) -> _ArgoItems:
        """The items of a step's loop (``[None]`` without one; ``[]`` for one only a run
        knows, whose calls are not taken)."""
        items_node = self.get(caller, "withItems")
        if items_node is not None:
            return [_plain(item) for item in _sequence(items_node)]
        param = self.get(caller, "withParam")
        if param is None:
            return [None]
        text = string_value(param)
        if text is not None and "{{" in text:
            text, unresolved = substitute_argo(text, workflow)
            if unresolved:
                return []
        import json

        try:
            loaded = json.loads(text or "")
        except ValueError:
            return []
        return list(loaded) if isinstance(loaded, list) else []

    def argo_manifest(
        self, node: yaml.Node | None, path: tuple[str, ...], context: Context
    ) -> None:
        """An Argo resource template's ``manifest``: the object Argo creates (``kubectl
        create``), with the workflow's variables filled in as in the template's own images.
        volcano-sh/volcano's ``example/integrations/argo`` workflows create a Volcano ``Job``
        whose tasks run ``docker/whalesay``. A literal block (``manifest: |``) is read, at
        the file's own lines and columns; another form is not."""
        self.block_objects(node, path, context, "resource.manifest")

    def block_objects(
        self, node: yaml.Node | None, path: tuple[str, ...], context: Context, field: str
    ) -> None:
        """The objects (``apiVersion`` and ``kind``) a literal block's text holds, read as
        objects of their own kinds, at the file's own lines and columns; ``field``: the
        context's ``field`` of their images (see :meth:`argo_manifest`, :meth:`config_data`).
        Another form of scalar is not read."""
        if node is None or node_kind(node) != "scalar" or getattr(node, "style", None) != "|":
            return
        text = scalar(node) or ""
        if "apiVersion" not in text or "kind" not in text:
            return
        lines = self.file.text.split("\n")
        first = node.start_mark.line + 1  # (the block's text starts below its `|`)
        content = next((line for line in lines[first:] if line.strip()), "")
        indent = len(content) - len(content.lstrip(" "))
        inner = _Walker(load_yaml(text, path=self.file.path))
        inner.argo = self.argo
        for document in inner.file.documents:
            if inner.get(document, "apiVersion") is not None and inner.get(document, "kind"):
                inner.object(document, None, None, 0)
        for item in inner.found:
            item.node = _moved_node(item.node, first, indent)
            item.path = (*path, *item.path)
            item.context = {**context, **item.context, "field": field}
            self.found.append(item)

    def clab_definition(
        self, definition: yaml.Node, path: tuple[str, ...], context: Context
    ) -> None:
        """A clabernetes ``Topology``'s ``spec.definition.containerlab``: a containerlab
        topology, whose nodes' images clabernetes' launchers run (as containerlab does, see
        ``.platforms.containerlab``). A literal block is read, at the file's own lines and
        columns; another form is not."""
        node = self.get(definition, "containerlab")
        if node is None or node_kind(node) != "scalar" or getattr(node, "style", None) != "|":
            return
        from .platforms.containerlab import KIND, expand_variables, topology_images

        lines = self.file.text.split("\n")
        first = node.start_mark.line + 1  # (the block's text starts below its `|`)
        content = next((line for line in lines[first:] if line.strip()), "")
        indent = len(content) - len(content.lstrip(" "))
        documents = load_yaml(scalar(node) or "", path=self.file.path).documents
        used = topology_images(documents[0]) if len(documents) == 1 else None
        for image, field, names in used or ():
            value = (scalar(image) or "").strip()
            text, unresolved = expand_variables(value)
            here = {**context, "field": f"{dotted((*path, 'containerlab'))}: {field}"}
            here["nodes"] = names
            moved = _moved_node(image, first, indent)
            text = value if unresolved else text
            where = (*path, "containerlab", field)
            found = Found(moved, value, where, here, text, unresolved, run_time=None, kind=KIND)
            self.found.append(found)


def _moved_node(node: yaml.Node, lines: int, columns: int) -> yaml.Node:
    """A scalar of a text embedded in a file, at its place in the file: ``lines`` below and
    ``columns`` right of where it is in the text (a literal block's lines, their indentation
    removed)."""
    import yaml

    def moved(mark: yaml.Mark) -> yaml.Mark:
        return yaml.Mark(mark.name, mark.index, mark.line + lines, mark.column + columns, None, 0)

    return yaml.ScalarNode(
        node.tag,
        node.value,
        start_mark=moved(node.start_mark),
        end_mark=moved(node.end_mark),
        style=getattr(node, "style", None),
    )


_SPEC = ("spec",)
_TEMPLATE_SPEC = ("spec", "template", "spec")


#: Keys beside an image field that give its tag apart (prometheus-operator's ``version``):
#: the field alone is then a repository, not a whole pullspec.
_TAG_KEYS = ("tag", "version", "imageTag", "imageVersion", "digest", "sha")


def _names_registry(text: str) -> bool:
    """Whether ``text`` opens with a registry's host and has a path after it: a container
    image's pullspec by its shape.

    >>> _names_registry("ghcr.io/stackloklabs/gofetch/server"), _names_registry("acme/app")
    (True, False)
    >>> _names_registry("localhost:5000/app"), _names_registry("ubuntu-2204")
    (True, False)
    """
    host, slash, _ = text.partition("/")
    return bool(slash) and ("." in host or ":" in host or host == "localhost")


#: The lists of a custom resource that hold Kubernetes Containers (``[]corev1.Container``), by
#: the names the core API gives them (and ``sidecars``: zalando's ``postgresql``, Argo's;
#: ``services``: the Flux Operator's ``MiniCluster``, its service containers).
_CONTAINER_LISTS = frozenset({*CONTAINER_FIELDS, "sidecars", "services"})
#: The keys of an image written as parts: an item with one is no Container.
_IMAGE_PARTS = frozenset({"repository", "tag", "version", "registry", "digest"})
#: A Container's own keys besides its image: an item with one (and an ``image``) is a
#: Container even without a ``name``, which an operator may give it (the Flux Operator's
#: ``MiniCluster``: ``containers: [{image: python, workingDir: /data}]``).
_CONTAINER_KEYS = frozenset(
    {"command", "args", "workingDir", "env", "ports", "volumeMounts", "resources",
     "imagePullPolicy", "securityContext"}
)  # fmt: skip


def _container_list(
    key: str, node: yaml.Node, get: Callable[[yaml.Node | None, str], yaml.Node | None]
) -> bool:
    """Whether a custom resource's list is one of Kubernetes Containers: named as the core
    API names them (``initContainers``…, ``sidecars``) and each item a mapping with an
    ``image`` and no image parts (``tag``…), and a ``name`` or another key of a Container's
    own (``command``, ``workingDir``…). zalando's ``postgresql`` embeds
    ``initContainers: [{name: date, image: busybox}]``, which its operator adds to the pods;
    the Flux Operator's ``MiniCluster`` ``containers: [{image: python, workingDir: /data}]``
    (it names them itself)."""
    if key not in _CONTAINER_LISTS or not node.value:
        return False
    for item in node.value:
        if node_kind(item) != "mapping":
            return False
        keys = {key for key, _, _ in items(item)}
        if "image" not in keys or keys & _IMAGE_PARTS:
            return False
        if "name" in keys and string_value(get(item, "name")) is None:
            return False
        if "name" not in keys and not keys & _CONTAINER_KEYS:
            return False
    return True


def _switched_off(node: yaml.Node | None) -> bool:
    """Whether an ``enabled`` value is false (YAML 1.1's and Kubernetes' spellings)."""
    value = scalar(node) if node is not None and node_kind(node) == "scalar" else None
    return value is not None and value.lower() in ("false", "no", "off", "n")


#: A custom resource's keys that are not its own settings.
_NOT_SPEC = frozenset({"apiVersion", "kind", "metadata", "spec", "status"})


#: Where a custom resource says what a build makes (Strimzi's ``build.output.image``,
#: Shipwright's ``output.image``): pushed, not pulled.
_PUSHED = frozenset({"output", "outputs", "to", "destination", "push", "publish"})
#: The API groups whose resources name images that others run, or that they only look at:
#: policies (Kyverno, Gatekeeper, Sigstore's policy controller), Flux's and Argo CD Image
#: Updater's image scanning (an ``ImageUpdater``'s ``imageName: myregistry/myapp:1.x`` is
#: the constraint the newest tag must meet), a CRD's own schema.
_NOT_PULLING = frozenset(
    {
        "apiextensions.k8s.io",
        "image.toolkit.fluxcd.io",
        "argocd-image-updater.argoproj.io",
        "policy.sigstore.dev",
        "constraints.gatekeeper.sh",
        "templates.gatekeeper.sh",
        "mutations.gatekeeper.sh",
        "wgpolicyk8s.io",
    }
)
_NOT_PULLING_SUFFIXES = ("kyverno.io",)
#: OpenShift's own kinds as written before its API groups, ``apiVersion: v1`` (old
#: Templates' objects: keycloak/keycloak-quickstarts' ``openshift/keycloak.yaml`` runs a
#: ``v1`` ``DeploymentConfig``): OpenShift registers them in the core group too (origin's
#: ``LegacySchemeGroupVersion``), so they are read as the kinds of their groups are.
_OPENSHIFT_LEGACY = {
    "DeploymentConfig": "apps.openshift.io",
    "BuildConfig": "build.openshift.io",
    "Build": "build.openshift.io",
    "ImageStream": "image.openshift.io",
}
#: The objects whose images are PostgreSQL whatever they are called: CloudNativePG runs a
#: ``Cluster``'s ``imageName`` (or its catalog's images) as PostgreSQL, and reads the
#: PostgreSQL version from the tag (``cloudnative-vectorchord:18.0-0.5.3`` is PostgreSQL 18.0
#: with VectorChord 0.5.3). ``context["software"]`` says so (TS004 judges the version as
#: PostgreSQL's).
_POSTGRES_OPERANDS = frozenset(
    {
        ("postgresql.cnpg.io", "Cluster"),
        ("postgresql.cnpg.io", "ImageCatalog"),
        ("postgresql.cnpg.io", "ClusterImageCatalog"),
    }
)
#: The parts of a policy (of those groups) that describe the resources it looks at, never
#: create: a Kyverno rule's ``validate`` (``pattern``, ``anyPattern``, ``deny``), ``match``,
#: ``exclude``, ``preconditions`` and ``verifyImages``. kyverno's
#: ``test/policy/validate/check_registries.yaml`` validates ``spec.template.spec.containers``
#: against ``image: '*/nirmata/* | https://private.registry.io/*'`` (a false TS012 in survey 19a).
#: (A ``generate`` rule's ``data`` and a mutation's patch make pods: their templates are read.)
_PATTERNS = frozenset({"validate", "match", "exclude", "preconditions", "verifyImages"})

#: (API group, kind) -> (the path of the spec, what reads it)
_HANDLERS: dict[
    tuple[str, str],
    tuple[tuple[str, ...], Callable[[_Walker, yaml.Node, tuple[str, ...], Context], None]],
] = {
    ("", "Pod"): (_SPEC, _Walker.pod_spec),
    ("", "PodTemplate"): (("template", "spec"), _Walker.pod_spec),
    ("", "ReplicationController"): (_TEMPLATE_SPEC, _Walker.pod_spec),
    **{
        (group, kind): (_TEMPLATE_SPEC, _Walker.pod_spec)
        for group, kinds in (
            ("apps", ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")),
            ("extensions", ("Deployment", "ReplicaSet", "DaemonSet")),
            ("batch", ("Job",)),
            ("argoproj.io", ("Rollout",)),
            ("serving.knative.dev", ("Service", "Configuration")),
        )
        for kind in kinds
    },
    ("batch", "CronJob"): (("spec", "jobTemplate", "spec", "template", "spec"), _Walker.pod_spec),
    ("serving.knative.dev", "Revision"): (_SPEC, _Walker.pod_spec),
    ("tekton.dev", "Task"): (_SPEC, _Walker.task_spec),
    ("tekton.dev", "ClusterTask"): (_SPEC, _Walker.task_spec),
    ("tekton.dev", "TaskRun"): (_SPEC, _Walker.task_run),
    ("tekton.dev", "Pipeline"): (_SPEC, _Walker.pipeline_spec),
    ("tekton.dev", "PipelineRun"): (_SPEC, _Walker.pipeline_run),
    **{
        ("argoproj.io", kind): (_SPEC, _Walker.workflow_spec)
        for kind in ("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate")
    },
    ("argoproj.io", "CronWorkflow"): (("spec", "workflowSpec"), _Walker.workflow_spec),
    ("clabernetes.containerlab.dev", "Topology"): (("spec", "definition"), _Walker.clab_definition),
    ("shipwright.io", "BuildStrategy"): (_SPEC, _Walker.build_strategy),
    ("shipwright.io", "ClusterBuildStrategy"): (_SPEC, _Walker.build_strategy),
    ("kind.x-k8s.io", "Cluster"): ((), _Walker.kind_cluster),
    ("k3d.io", "Simple"): ((), _Walker.k3d_cluster),
    **{
        ("pkg.crossplane.io", kind): (_SPEC, _Walker.crossplane_package)
        for kind in ("Provider", "Function", "Configuration")
    },
    ("", "ConfigMap"): ((), _Walker.config_data),
    ("", "Template"): ((), _Walker.openshift_template),
    ("template.openshift.io", "Template"): ((), _Walker.openshift_template),
}

#: The kinds of object whose images are read (any API group): what a renderer must keep.
#: (Not a ConfigMap: few charts' hold an image, and rendering them costs a tenth of a chart's
#: time.)
IMAGE_KINDS = frozenset(kind for _, kind in _HANDLERS) - {"ConfigMap"}
#: Those of them read in the core API group (``apiVersion: v1``): a v1 ``Service`` has no
#: images (Knative's, ``serving.knative.dev/v1``, has).
CORE_IMAGE_KINDS = frozenset(kind for group, kind in _HANDLERS if not group) & IMAGE_KINDS


#: A Tekton step's ``image: uses:OWNER/REPO/PATH@REF``: Jenkins X Lighthouse takes the steps of
#: that file of that repository in its place (jenkins-x/jx3-gitops-template's
#: ``.lighthouse/jenkins-x/pullrequest.yaml``), no image (13 false TS012 before, s32e).
_LIGHTHOUSE_USES = lazy_pattern(r"uses:[^\d/\s][^\s]*/")

#: Tekton's variables: ``$(params.NAME)``, ``$(params['NAME'])``, ``$(inputs.params.NAME)``
#: (v1alpha1), and any other (``$(tasks.build.results.IMAGE)``, ``$(context.taskRun.name)``).
_TEKTON_VARIABLE = lazy_pattern(
    r"""\$\((?:(?:inputs\.)?params(?:\.([A-Za-z0-9_.-]+)|\[\s*['"]([^'"]+)['"]\s*\])|([^()]*))\)"""
)


def substitute_params(value: str, params: Mapping[str, str | None]) -> tuple[str, tuple[str, ...]]:
    """``value`` with its Tekton parameters filled in, and what has no value here."""

    def read(match: re.Match[str]) -> tuple[str, str | None]:
        name = match[1] or match[2]
        if name is None:  # (another variable: a result, the context)
            return match[3] or match[0], None
        return f"params.{name}", params.get(name)

    return _filled(_TEKTON_VARIABLE, value, read)


#: An Argo variable: ``{{inputs.parameters.image}}``, ``{{ workflow.parameters.tag }}``,
#: ``{{item}}``, ``{{steps.build.outputs.result}}``, an expression ``{{=…}}``.
_ARGO_VARIABLE = lazy_pattern(
    r"\{\{\s*((?:=|(?:inputs|outputs|workflow|steps|tasks|item|pod|node|retries|lastRetry)\b)"
    r"[^{}]*?)\s*\}\}"
)


#: Template name -> the parameters of each call of it; a step loop's items.
_ArgoCalls = dict[str, list[dict[str, str | None]]]
_ArgoItems = list[object]

#: A loop's item in an Argo step's argument: ``{{item}}``, ``{{item.image}}``.
_ARGO_ITEM = lazy_pattern(r"\{\{\s*item(?:\.([\w-]+))?\s*\}\}")


def _argo_item(value: str, item: object) -> str | None:
    """An argument's value with its loop's item filled in (None: an item it lacks)."""
    if "item" not in value:
        return value
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        found = item.get(match[1]) if isinstance(item, dict) and match[1] else None
        if match[1] is None and isinstance(item, (str, int, float)):
            found = item
        if isinstance(found, bool) or not isinstance(found, (str, int, float)):
            missing = True
            return match[0]
        return str(found)

    filled = _ARGO_ITEM.sub(fill, value)
    return None if missing else filled


def _sequence(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if node is not None and node_kind(node) == "sequence" else []


def _plain(node: yaml.Node) -> object:
    """A loop item as Argo reads it: a scalar's text, or a map of them."""
    if node_kind(node) == "mapping":
        return {
            string_value(key): string_value(value)
            for key, value in node.value
            if node_kind(value) == "scalar"
        }
    return string_value(node) if node_kind(node) == "scalar" else None


def substitute_argo(value: str, variables: Mapping[str, str | None]) -> tuple[str, tuple[str, ...]]:
    """``value`` with the Argo variables it names filled in, and those with no value here.
    Braces that are no Argo variable (a Go template's ``{{ .Values.image }}``) are left."""
    return _filled(_ARGO_VARIABLE, value, lambda match: (match[1], variables.get(match[1])))


#: A substitution's variable: ``${NAME}``, with a default ``${NAME:-default}``,
#: ``${NAME:=default}`` (envsubst, Flux's postBuild.substitute, clusterctl's templates), or
#: bare ``$NAME`` (envsubst's and clusterctl's too: ray-project/kuberay's vLLM sample says
#: ``image: $VLLM_IMAGE``, to be replaced; no image's name has a ``$``); or one of the value's
#: changes that drone/envsubst (clusterctl's) makes as bash does, ``${NAME/+/_}``,
#: ``${NAME#v}``, ``${NAME,,}`` (kubernetes-sigs/cluster-api-provider-azure's Windows
#: ``kube-proxy:${KUBERNETES_VERSION/+/_}-calico-hostprocess``): the variable's, unresolved.
_SUBSTITUTION = lazy_pattern(
    r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^{}$]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)"
    r"|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:/|#|%|\^|,)[^{}$]*\}"
)


def substitute_variables(value: str) -> tuple[str, tuple[str, ...]]:
    """``value`` with the defaults of its substitution variables filled in, and the names of
    those without one (filled in before the manifest is applied; no value here)."""
    return _filled(_SUBSTITUTION, value, lambda match: (match[1] or match[3] or match[4], match[2]))


#: An OpenShift Template's parameter: ``${NAME}`` (a string's), ``${{NAME}}`` (any value's).
_OPENSHIFT_PARAMETER = lazy_pattern(r"\$\{\{([A-Za-z0-9_]+)\}\}|\$\{([A-Za-z0-9_]+)\}")


def substitute_openshift(
    value: str, parameters: Mapping[str, str | None]
) -> tuple[str, tuple[str, ...]]:
    """``value`` with an OpenShift Template's parameters put in, and those without a value."""

    def read(match: re.Match[str]) -> tuple[str, str | None]:
        name = match[1] or match[2]
        return name, parameters.get(name)

    return _filled(_OPENSHIFT_PARAMETER, value, read)


def _filled(
    pattern: re.Pattern[str], value: str, read: Callable[[re.Match[str]], tuple[str, str | None]]
) -> tuple[str, tuple[str, ...]]:
    """``value`` with each variable ``pattern`` finds replaced by its value (``read`` gives
    its name and value, None: none here), and the names of those left as written."""
    unresolved: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name, known = read(match)
        if known is None:
            unresolved.append(name)
            return match[0]
        return known

    return pattern.sub(fill, value), tuple(dict.fromkeys(unresolved))
