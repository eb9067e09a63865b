"""Files that are templates of a source, not a source: one note each, never errors.

A ``Dockerfile.j2`` that Ansible renders, a ``deployment.yaml`` with Jinja
statements, a compose file whose images are ``{{ image }}``: no real tool reads
these as they are, so neither does tagsense. Each gives one note ("a template,
not read", with how to check what it renders to), not one error per line, and
the check does not fail on it. So does an excerpt: a Dockerfile in documentation
with a line that elides the rest (``...``), which BuildKit rejects and nobody
builds. A Helm chart's templates are read as Helm reads
them (:mod:`tagsense.sources.helm`); GitHub's ``${{ … }}`` expressions are CI
syntax, not a template.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_method, lazy_pattern
from ..occurrence import Occurrence, Scan, SourceError
from .discover import TEMPLATE_SUFFIXES, is_template_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "TEMPLATE_SUFFIXES",
    "as_excerpt",
    "as_hcl_template",
    "as_placeholder_rejections",
    "as_placeholder_template",
    "as_template",
    "template_reason",
    "without_placeholders",
]


def template_reason(text: str, path: str | None, *, dockerfile: bool) -> str | None:
    """Why a file is a template (a few words), or ``None`` when it reads as a source."""
    name = os.path.basename(path) if path else ""
    if name and path and is_template_name(path):
        from ._balena import balena_template

        if dockerfile and balena_template(text, path) is not None:
            return None  # (balena's builders render it: read with its variables, see _balena)
        return f"named {name}"
    if dockerfile and "\n@" in f"\n{text}" and _DIRECTIVE.search(text):
        # No instruction starts with @: PowerDNS's pdns-builder expands @INCLUDE, @IF,
        # @EXEC lines into the Dockerfile it builds (builder-support/dockerfiles).
        return "preprocessor directives (@INCLUDE, @IF…) in its instructions"
    if dockerfile and "$$" in text and _ESCAPED_FROM.search(text):
        # BuildKit has no $$ (its escape is \$): Python's string.Template, Make and Compose
        # write a $ so. PrestaShop/docker's prestashop_docker/generator.py fills
        # Dockerfile-nightly.model (FROM gcloud_$${TARGETARCH}) with Template.substitute.
        return "template escapes ($$) in a FROM's image"
    if "{" not in text and "<%" not in text:
        return None
    if "${{" in text and _BACKSTAGE.search(text):
        return "Backstage template expressions (${{ values.… }})"
    lines = text.splitlines()
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("{%", "{#")):
            if not dockerfile and _in_block_scalar(lines, index):
                # (a Jinja template a manifest holds as text: kubernetes-engine-samples'
                # adk-vllm deploy-llm.yaml, a ConfigMap with vLLM's chat template)
                continue
            return "Jinja statements ({% … %})"
        if stripped.startswith("<%") and (dockerfile or "image" in text):
            # (ERB, EEx, EJS: rails' generators/rails/app/templates/Dockerfile.tt, phoenix's
            # phx.gen.release/Dockerfile.eex, which the generator renders into a new app; a
            # YAML file without images is no container file: Rails' database.yml says <% if %>)
            if "%>" in stripped:
                return "embedded template tags (<% … %>)"
            if _closed_below(lines, index) and (dockerfile or not _in_block_scalar(lines, index)):
                # (a block of code over lines: xwiki/xwiki-docker's template/Dockerfile and
                # docker-compose.yml, Groovy templates its build.gradle expands per variant)
                return "embedded template tags (<% … %>)"
        if dockerfile and stripped.startswith("{{") and "}}" in text:
            # (a block over several lines: dotnet/dotnet-docker's eng/dockerfile-templates,
            # Cottle templates that open with "{{" alone on a line; no instruction starts so)
            return "template expressions ({{ … }}) in its instructions"
        if dockerfile and _expression(stripped):
            # An instruction, or the image of a FROM, made of a template expression (a
            # command's own Go template, RUN docker inspect --format '{{.Id}}', is none).
            head = stripped.split(None, 1)
            if stripped.startswith("{{") or (head[0].upper() == "FROM" and len(head) == 2):
                return "template expressions ({{ … }}) in its instructions"
            if _TEMPLATED_ARG.match(stripped):
                # (the default of an ARG that a FROM uses: flyctl's scanner/templates, which
                # `fly launch` renders, write ARG RUBY_VERSION={{ .rubyVersion }})
                return "template expressions ({{ … }}) in its instructions"
    return None


def _closed_below(lines: list[str], index: int) -> bool:
    """Whether a ``<%`` that opens line ``index`` is closed (``%>``) on a later line.

    >>> _closed_below(["<%", 'println "FROM a"', "%>"], 0), _closed_below(["<%", "FROM a"], 0)
    (True, False)
    """
    return any("%>" in line for line in lines[index + 1 :])


def _in_block_scalar(lines: list[str], index: int) -> bool:
    """Whether line ``index`` of a YAML file lies in a block scalar (``key: |``, ``- >-``):
    a less indented line above it opens one, with only more indented lines between."""
    line = lines[index]
    indent = len(line) - len(line.lstrip())
    for above in reversed(lines[:index]):
        if not above.strip():
            continue
        depth = len(above) - len(above.lstrip())
        if depth >= indent:
            continue
        if _BLOCK_SCALAR.search(above):
            return True
        if depth == 0:
            return False
        indent = depth  # (a less indented line of the text, or a key: look further up)
    return False


#: The end of a line that opens a block scalar: ``key: |``, ``- >-``, ``key: |2+ # …``.
_BLOCK_SCALAR = lazy_pattern(r"(?:^\s*-|:)\s+[|>][-+1-9]{0,2}\s*(?:#.*)?$")
#: An expression of a Backstage software template, which its scaffolder's ``fetch:template``
#: fills in from the form's ``values`` when it copies a ``skeleton/`` into a new repository
#: (cnoe-io/stacks' ``backstage-templates/entities/*/skeleton``); no CI system has a
#: ``values`` context, so such a file is nobody's source as it is.
_BACKSTAGE = lazy_pattern(r"\$\{\{\s*values\.")
#: A ``${…}`` that no shell or compose variable is: a name, then a member, an index or a call
#: (Garden's ``${actions.build.api.outputs.deployment-image-id}``, ``${var.image}``,
#: ``${jsonEncode(var.env)}``), which the tool that renders the file fills in.
_DOTTED_EXPRESSION = lazy_pattern(r"\$\{\s*[A-Za-z_][\w-]*\s*[.\[(]")
#: An ``ARG`` whose default is a template expression: ``ARG VERSION={{ .version }}``.
_TEMPLATED_ARG = lazy_pattern(r"""ARG[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*["']?\{\{""", re.I)

#: Where a Dev Container Template's file takes an option (``._template_options.MARKER``).
_TEMPLATE_OPTION = "${templateOption:"

#: A ``FROM`` whose image holds a template's escaped ``$`` (``$${TARGETARCH}``, ``$$name``).
_ESCAPED_FROM = lazy_pattern(r"^[ \t]*FROM[ \t][^\n]*?\$\$[{A-Za-z_]", re.MULTILINE | re.IGNORECASE)

#: A preprocessor's directive on a line of its own: ``@INCLUDE file``, ``@IF [ … ]``.
_DIRECTIVE = lazy_pattern(r"^[ \t]*@[A-Z][A-Z_]*(?:[ \t]|$)", re.MULTILINE)


def _rejected_at_expression(scan: Scan, text: str) -> bool:
    """Whether the real tool's error is on a line that holds a template expression."""
    return _rejected_at(scan, text, _expression)


def _rejected_at_option(scan: Scan, text: str) -> bool:
    """Whether the real tool's error is on a line that holds a Dev Container Template's
    option that nothing filled in (see ``._template_options``)."""
    return _TEMPLATE_OPTION in text and _rejected_at(scan, text, _holds_option)


def _holds_option(line: str) -> bool:
    return _TEMPLATE_OPTION in line


def _rejected_at(scan: Scan, text: str, holds: Callable[[str], bool]) -> bool:
    lines = text.splitlines()
    return any(
        not error.note
        and error.line is not None
        and 0 < error.line <= len(lines)
        and holds(lines[error.line - 1])
        for error in scan.errors
    )


def _invalid_manifest(text: str) -> bool:
    if "apiVersion" not in text or "kind" not in text:
        return False
    from ._yaml import load_yaml

    return any(error.message.startswith("invalid YAML") for error in load_yaml(text).errors)


def _expression(text: str) -> bool:
    """Whether ``text`` holds a ``{{ … }}`` that is not a CI expression (``${{ … }}``)."""
    start = text.find("{{")
    while start >= 0:
        if (start == 0 or text[start - 1] != "$") and "}}" in text[start:]:
            return True
        start = text.find("{{", start + 2)
    return False


def as_template(
    scan: Scan, text: str, path: str | None, *, dockerfile: bool, manifest: bool = False
) -> Scan:
    """The scan, or one note when the file is a template of a source.

    Besides :func:`template_reason`, a file whose images are template
    expressions (``image: "{{ app_image }}"``), or that is not valid YAML where
    it holds them, is a template (``manifest``: a file that says ``apiVersion``
    and ``kind``, whose invalid YAML is otherwise no source at all).
    """
    reason = template_reason(text, path, dockerfile=dockerfile)
    if reason is None and _rejected_at_option(scan, text):
        # A template's file whose options no devcontainer-template.json above it declares
        # (microsoft/vscode-dev-containers' containers/*/.devcontainer/Dockerfile say ARG
        # VARIANT=${templateOption:imageVariant}): BuildKit rejects it as written, and what
        # the option becomes is the one who applies the template's to say.
        reason = "Dev Container Template options, ${templateOption:…}, that nothing here fills in"
    if reason is None and not dockerfile and _expression(text):
        # (not a workflow's own variables, which Argo or Tekton fill in: see kubernetes.py)
        if any(
            _expression(o.raw) and o.text == o.raw and o.run_time is None for o in scan.occurrences
        ):
            reason = "template expressions ({{ … }}) where images go"
        elif any(error.message.startswith("invalid YAML") for error in scan.errors) or (
            manifest and not scan.occurrences and _invalid_manifest(text)
        ):
            reason = "template expressions ({{ … }}), not valid YAML as it is"
        elif _rejected_at_expression(scan, text):
            reason = "template expressions ({{ … }}) where the file needs values"
    if (
        reason is None
        and not dockerfile
        and "${" in text
        and any(
            o.reference is None
            and o.text == o.raw
            and not o.unresolved  # (a reader's own variables: Azure IoT Edge's ${MODULES.x})
            and _DOTTED_EXPRESSION.search(o.raw)
            for o in scan.occurrences
        )
    ):
        reason = "template expressions (${…}) where images go"
    if reason is None:
        return scan
    if path is not None and reason.startswith("named ") and _rendered_beside(path):
        return Scan((), ())  # (what it renders to is read: nothing to say of the template)
    note = (
        f"a template ({reason}), not read: tagsense reads what it renders to; to check that, "
        "render it and pass the result (e.g. `… | tagsense check - --stdin-filename NAME`)"
    )
    return Scan((), (SourceError(path, None, note, note=True),))


def as_hcl_template(scan: Scan, text: str, path: str | None) -> Scan:
    """The scan of a Terraform file, or one note when Terraform refuses it and it holds a
    template's expressions (Jinja's or Go's ``{{ name }}``, ``{% … %}``), which Terraform's own
    syntax never writes outside a string: a file that a tool renders into a configuration,
    not one (openziti's fablab fills ``{{ .Model.MustVariable "environment" }}`` in).
    Orange-Cyberdefense/GOAD's ``template/provider/*/linux.tf`` say ``{{linux_vms}}`` where a
    map's entries go, and each lab's ``providers/*/linux.tf`` is such an entry (``"lx01" =
    {…}`` with ``{{ip_range}}``), which its Python puts in with Jinja (44 false "not HCL"
    errors)."""
    if not any(not e.note and e.message.startswith("not HCL") for e in scan.errors):
        return scan
    if "{%" not in text and not _expression(text):
        return scan
    note = (
        "a template ({{ … }} or {% … %}, not valid HCL as it is), not read: tagsense reads "
        "what it renders to; to check that, render it and pass the result (e.g. `… | "
        "tagsense check - --stdin-filename main.tf`)"
    )
    return Scan((), (SourceError(path, None, note, note=True),))


def _rendered_beside(path: str) -> bool:
    """Whether the file a template renders to is committed beside it, named as the template
    without its engine's suffix (webdevops/Dockerfile's ``docker/php/8.4/Dockerfile.jinja2``
    and the ``Dockerfile`` its generator writes from it): that file is read."""
    from .discover import TEMPLATE_SUFFIXES

    for suffix in TEMPLATE_SUFFIXES:
        if path.endswith(suffix) and len(os.path.basename(path)) > len(suffix):
            return os.path.isfile(path[: -len(suffix)])
    return False


def without_placeholders(scan: Scan) -> Scan:
    """The scan of a rendered chart without the images its values leave to a placeholder
    (``repository: <CONTAINER_REGISTRY_URL>``, which kubefirst's CLI fills in when it copies
    its gitops-template's ``metaphor`` chart): a note at the value's line for each, not
    TS012. The chart's other images are read as usual."""
    from .._gotemplate.values import EMPTY_REGISTRY

    kept: list[Occurrence] = []
    notes: list[SourceError] = []
    for occurrence in scan.occurrences:
        raw = occurrence.raw
        # (a placeholder is one whether or not the values leave the registry to the deployment
        # too: misp-docker's `registry: ''` before `repository: path/to/image/…`)
        if (
            occurrence.reference is None
            and set(occurrence.unresolved) <= {EMPTY_REGISTRY}
            and _MARKED_PLACEHOLDER(raw)
        ):
            note = (
                f"a placeholder where an image goes ({raw}), filled in before the chart is "
                "installed: not read"
            )
            notes.append(SourceError(occurrence.path, occurrence.line, note, note=True))
        else:
            kept.append(occurrence)
    if not notes:
        return scan
    return Scan(kept, (*scan.errors, *dict.fromkeys(notes)), scan.suppressions)


def as_placeholder_rejections(scan: Scan) -> Scan:
    """The scan, each file whose real tool rejects a line that holds a placeholder in angle
    brackets (``<CLUSTER_NAME>``, ``<CERT_MANAGER_ISSUER_ANNOTATION_1>`` on a line of its own)
    one note instead of its errors: a template that a CLI fills in before any tool reads it
    (kubefirst's gitops-template, whose ``kubefirst`` command writes its values in).
    So is a configure-time variable, ``@NAME@``: CMake's ``configure_file`` (with or without
    ``@ONLY``), Meson's ``configure_file`` and autoconf's ``AC_CONFIG_FILES`` replace each
    with its value when they write the file they make from it, and ``@`` can start no YAML
    token (eProsima/Fast-DDS's ``test/examples/*.compose.yml``, whose ``@DOCKER_BUILD_COMPOSE@``
    lines its CMakeLists fill in: 16 "invalid YAML" errors).
    The rejected line is the error's, or the one before it (YAML's parser marks where it
    noticed)."""
    lines: dict[str, list[str]] = {}
    templated: dict[str, str] = {}
    for error in scan.errors:
        if error.note or error.path is None or error.line is None:
            continue
        if not error.message.startswith(_REJECTIONS) and _LOADING not in error.message:
            continue
        if error.path not in lines:
            try:
                with open(error.path, encoding="utf-8", errors="replace") as handle:
                    lines[error.path] = handle.read(_MAX_READ).split("\n")
            except OSError:
                lines[error.path] = []
        written = lines[error.path]
        near = written[max(error.line - 2, 0) : error.line]
        if any(_ANGLE_PLACEHOLDER.search(line) for line in near):
            templated.setdefault(error.path, "placeholders in angle brackets, <NAME>")
        elif any(_CONFIGURE_PLACEHOLDER.search(line) for line in near):
            templated.setdefault(error.path, "configure-time variables, @NAME@")
    if not templated:
        return scan
    errors = [error for error in scan.errors if error.path not in templated]
    errors.extend(
        SourceError(
            path,
            None,
            f"a template ({kind}, where the file needs values), not read: tagsense reads what "
            "it is filled in to; to check that, fill it in and pass the result "
            "(e.g. `… | tagsense check - --stdin-filename NAME`)",
            note=True,
        )
        for path, kind in templated.items()
    )
    occurrences = [o for o in scan.occurrences if o.path not in templated]
    return Scan(occurrences, errors, scan.suppressions)


#: The errors of a real tool that refuses a file as written (its syntax), and the words of
#: one that could not load a file it reads (a chart's values).
#: (``find._rejected`` looks for the same before this module is imported.)
_REJECTIONS = ("invalid YAML", "not HCL")
_LOADING = ": invalid YAML"
#: How much of a file the look at a rejected line reads.
_MAX_READ = 4 * 1024 * 1024
#: A placeholder in angle brackets: an upper-case word (``<CLUSTER_NAME>``).
_ANGLE_PLACEHOLDER = lazy_pattern(r"<[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*>")
#: A configure-time variable of CMake, Meson or autoconf: a name between two ``@``
#: (``@DOCKER_IMAGE_NAME@``, ``@fastcdr_LIB_DIR@``).
_CONFIGURE_PLACEHOLDER = lazy_pattern(r"@[A-Za-z_][A-Za-z0-9_]*@")


def as_placeholder_template(scan: Scan, path: str | None) -> Scan:
    """The scan, or one note when an image of it is a placeholder that a script replaces
    before any tool reads the file (``FROM REPLACE-ME``, ``image: IMAGE_NAME``,
    ``@BASE_IMAGE@``): upper-case words, which no image name is, so the file as written is
    nobody's source (devcontainers/images' ``build/assets/*.Dockerfile``, filled in by a
    build script). So is a tag of upper-case words joined with ``_`` (``:DE_TAG``), a valid
    tag that no release is named (dataease/dataease's ``installer/dataease/docker-compose.yml``,
    ``dataease:DE_TAG``, which its release packaging fills in).

    The file's other images are pulled as they are written, whoever fills in the
    placeholder: they are read, and each placeholder is a note at its line
    (GoogleCloudPlatform/kubernetes-engine-samples' ``slurm-worker-allowlist.yaml`` runs
    ``docker.io/library/alpine:latest`` beside ``slurmd:IMAGE_TAG``; docker/labs'
    ``windows-modernize-aspnet-dev`` compose file pulls ``microsoft/mssql-server-windows-express``
    beside ``<DockerID>/modernize-aspnet-web:v2``, the reader's own build)."""
    placeholders = [o for o in scan.occurrences if _is_placeholder(o)]
    if not placeholders:
        return scan
    if all(o in placeholders or o.kind in _STAGE_KINDS for o in scan.occurrences):
        raw = placeholders[0].raw
        note = (
            f"a template (a placeholder, {raw}, where an image goes), not read: tagsense "
            "reads what it is filled in to; to check that, fill it in and pass the result "
            "(e.g. `… | tagsense check - --stdin-filename NAME`)"
        )
        return Scan((), (SourceError(path, None, note, note=True),))
    notes = tuple(
        SourceError(
            o.path,
            o.line,
            f"a placeholder where an image goes ({o.raw}), filled in before any tool reads "
            "the file: not read",
            note=True,
        )
        for o in placeholders
    )
    kept = [o for o in scan.occurrences if o not in placeholders]
    return Scan(kept, (*scan.errors, *notes), scan.suppressions)


def _is_placeholder(occurrence: Occurrence) -> bool:
    """Whether an image is a placeholder (see :func:`as_placeholder_template`)."""
    raw = occurrence.raw
    if occurrence.kind in _STAGE_KINDS:
        return False
    if raw != occurrence.text:
        found = _MARKED_PLACEHOLDER(occurrence.text) if occurrence.reference is None else None
        if found is not None and found.group(0).strip("/.") in raw:
            # (a placeholder written in the file that no variable's syntax is, beside a
            # variable: whatever the variable gives, the image is what a script fills in.
            # Azure/iotedge's nested-edge e2e manifests pull `$upstream:443/microsoft/
            # azureiotedge-agent:<Build.BuildNumber>-linux-<Architecture>`, whose tag the
            # pipeline writes in; `$upstream`, IoT Edge's name for the parent device, was a
            # false TS011: survey s48c. balena's `%%BALENA_ARCH%%` is its builders' variable,
            # filled in: no placeholder left)
            return True
        return occurrence.reference is None and _filled_with_placeholder(raw, occurrence.text)
    if occurrence.reference is None:
        return bool(_PLACEHOLDER(raw) or _MARKED_PLACEHOLDER(raw))
    return _has_placeholder_tag(occurrence)


def _filled_with_placeholder(raw: str, text: str) -> bool:
    """Whether the value a variable fills in is a marked placeholder that makes the reference
    invalid: NVIDIA/nim-deploy's nvcf compose file names ``nvcr.io/${NIM_NGC_ORG}/…``, and the
    ``.env`` beside it, which compose reads, gives ``NIM_NGC_ORG=YOUR_ORG_ID`` for its reader to
    replace (was a false TS012: survey s42e). A placeholder written in the file itself is
    :func:`_is_placeholder`'s own case."""
    found = _MARKED_PLACEHOLDER(text)
    return found is not None and found.group(0).strip("/.") not in raw


def _has_placeholder_tag(occurrence: Occurrence) -> bool:
    """Whether a valid reference's tag is upper-case words joined with ``_`` (``DE_TAG``,
    ``IMAGE_VERSION``): a placeholder, as no release is named so. Not beside a digest: the
    image pulled is the digest's, whatever the tag (Docker since 1.13, containerd and
    Kubernetes ignore a tag beside a digest), so the reference is pulled as written."""
    reference = occurrence.reference
    if reference is None or reference.digest is not None:
        return False
    tag = reference.tag
    return tag is not None and tag.isupper() and _PLACEHOLDER_TAG(tag) is not None


#: A tag of upper-case words joined with ``_``, each starting with a letter (``DE_TAG``; not
#: ``V1_2``, which may be a version).
_PLACEHOLDER_TAG = lazy_method(r"[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)+", "fullmatch", re.ASCII)

#: Where an upper-case word may be a stage's name, which BuildKit reads in any case.
_STAGE_KINDS = frozenset({"copy-from", "mount-from"})
#: An upper-case word (``REPLACE-ME``, ``IMAGE_NAME``), bare or in the markers that
#: substitution tools use (``__X__``, ``@X@``, ``%X%``, ``<X>``, ``{X}``, ``[X]``: cert-manager's
#: ``make/config/bind/deployment.yaml``, which ``sed -e "s|{IMAGE}|$(IMAGE)|g"`` fills in); a
#: word of any case in ``__…__``, which no name starts with (open-horizon/anax's
#: ``agent-install/k8s/deployment-template.yml``, ``image: __ImagePath__``, which its
#: ``agent-install.sh`` fills in with ``sed -e "s#__ImagePath__#…#g"``);
#: or any words in angle brackets, which no reference has (``<image_url>``: kubernetes/examples'
#: flexvolume DaemonSet, "replace with your image"; ``<image name goes here>``:
#: hyperledger/fabric-samples' ``test-network-k8s/kube/application-deployment.yaml``); or
#: upper-case words with spaces between, which no reference has (NVIDIA/gpu-operator's
#: ``assets/state-*/*.yaml``, ``image: "FILLED BY THE OPERATOR"``, which the operator fills in
#: from its ClusterPolicy before it applies them), or three words or more of any case, a
#: description where an image goes (argoproj/argo-workflows' ``examples/k8s-resource-log-
#: selector.yaml``, ``image: "Placeholder for TensorFlow distributed training image"``);
#: or a suffix alone, which no name starts with
#: (``-backup``: percona-xtradb-cluster-operator's e2e tests' ``image: -backup``, the end of
#: the line a ``sed`` finds to write the image in). (A name in braces, ``{imageName}``, is
#: :data:`_MARKED_PLACEHOLDER`'s.)
_PLACEHOLDER = lazy_method(
    r"(?:__|@|%%?|<|\{|\[)?[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*(?:__|@|%%?|>|\}|\])?"
    r"|__[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)*__"
    r"|<[A-Za-z][A-Za-z0-9_.-]*(?: [A-Za-z0-9_.-]+)*>"
    r"|[A-Z][A-Z0-9_-]*(?: [A-Z][A-Z0-9_-]*)+"
    r"|[A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z][A-Za-z0-9_-]*){2,}"
    r"|-[a-z0-9]+(?:[._-][a-z0-9]+)*",
    "fullmatch",
    re.ASCII,
)


#: A placeholder in the markers of a substitution tool as part of a reference that no tool
#: takes as it is (astronomer/astro-sdk's benchmark ``job.yaml``,
#: ``gcr.io/…/benchmark:%VERSION%``, which its Makefile's ``sed s/%VERSION%/…/g`` fills in;
#: kubeedge's ``build/edgesite/*.yaml``, ``kubeedge/edgesite-agent-amd64:[YOUR-VERSION]``, which
#: its reader writes in; kserve's ``docs/samples/v1beta1/transformer/feast/feast_server.yaml``,
#: ``{username}/feast-server:latest``, "your Docker Hub user", a word in braces of any case as
#: Python's ``str.format`` writes one; spring-projects/spring-boot's ``src/dockerTest`` compose
#: files, ``image: '{imageName}'``, which its tests fill in with the image under test; words
#: too, ``{Organization name}``, kubernetes/autoscaler's huaweicloud example): the
#: markers are not in the reference grammar, upper-case words alone may well be. (Not a
#: ``${NAME}``, a variable's, which envsubst fills in: unresolved, TS011; nor part of a
#: ``{{ … }}``.)
#: Nor are upper-case words with an underscore as a whole part of the name, where no
#: reference has one (laradock's ``production/providers``: ``us-central1-docker.pkg.dev/
#: PROJECT_ID/REPO/laradock-app`` for Cloud Run, ``ACCOUNT_ID.dkr.ecr.REGION.amazonaws.com/…``
#: for ECS, each "your pushed image"), or separated by a space, which no reference has either,
#: bare or in brackets (dapr/dapr's ``tests/apps/*/service.yaml``: ``docker.io/YOUR ID/…``,
#: ``docker.io/[YOUR ALIAS]/…``, where the reader writes their Docker Hub ID); nor a
#: camel-case "your…" as a part of the name (quarkusio/quarkus-quickstarts' funqy
#: ``funqy-service.yaml``: ``docker.io/yourAccountName/funqy-knative-events-quickstart``);
#: nor a name that starts ``path/to/``, the documentation's way to say "your path here"
#: (MISP/misp-docker's chart values: ``repository: path/to/image/misp-configurator``, with
#: no registry, which its template joins to ``/path/to/image/…``); nor a sentence, three
#: words or more apart by spaces as a whole part (GreptimeTeam/helm-charts' enterprise
#: charts: ``repository: "Please set the image repository"``, an instruction to the user);
#: nor words in angle brackets, spaces between them or not, which no reference has
#: (atuinsh/atuin's ``k8s/atuin.yaml``: ``ghcr.io/atuinsh/atuin:<LATEST TAGGED RELEASE>``,
#: the user's to fill in; a false TS012 before: survey s63b).
_MARKED_PLACEHOLDER = lazy_method(
    r"@[A-Z][A-Z0-9_]*@|%%?[A-Z][A-Z0-9_]*%%?"
    r"|(?:^|/)path/to/"
    r"|(?<![${])\{[A-Za-z_][A-Za-z0-9_.]*(?: [A-Za-z0-9_.]+)*\}(?!\})"
    r"|(?:^|/)[Yy]our[A-Z][A-Za-z0-9]*(?=/)"
    r"|<[A-Za-z][A-Za-z0-9_.-]*(?: [A-Za-z0-9_.-]+)*>"
    r"|\[[A-Z][A-Z0-9]*(?:[ _-][A-Z0-9]+)*\]"
    r"|(?:^|[/.])[A-Z][A-Z0-9]*(?:_[A-Z0-9_]*|(?: [A-Z0-9]+)+)(?=[/.]|:[^/]*$|@|$)"
    r"|(?:^|/)[A-Za-z][A-Za-z0-9]*(?: [A-Za-z][A-Za-z0-9]*){2,}(?=/|:[^/]*$|@|$)",
    "search",
    re.ASCII,
)


#: Lines that elide part of a file in documentation (``...``, ``…``).
_ELISIONS = frozenset({"...", "\u2026", "[...]"})


def as_excerpt(scan: Scan, text: str, path: str | None) -> Scan:
    """The scan, or one note when the real tool rejects a line that elides the rest: an
    excerpt of a Dockerfile in documentation, which nobody builds."""
    lines = text.splitlines()
    for error in scan.errors:
        if error.line is not None and 0 < error.line <= len(lines):
            elided = lines[error.line - 1].strip()
            if elided in _ELISIONS:
                note = (
                    f"an excerpt (line {error.line} is {elided!r}), not read: BuildKit "
                    "rejects it, so nothing builds it as it is"
                )
                return Scan((), (SourceError(path, None, note, note=True),))
    return scan
