"""AWS CloudFormation templates: the images the services a stack creates pull.

A template (YAML, ``AWSTemplateFormatVersion``, or ``Resources`` of ``Type: AWS::…``)
is no Kubernetes manifest and no compose file, but its resources run containers
whose images ECS, Batch and Lambda pull when the stack is deployed:

- ``AWS::ECS::TaskDefinition``: ``Properties.ContainerDefinitions[].Image``;
- ``AWS::Batch::JobDefinition``: ``Properties.ContainerProperties.Image`` and
  ``Properties.EcsProperties.TaskProperties[].Containers[].Image``;
- ``AWS::Lambda::Function``: ``Properties.Code.ImageUri``, and SAM's
  ``AWS::Serverless::Function``: ``Properties.ImageUri``.

An image the deploy tool builds from the project's Dockerfile, as the resource's ``Metadata``
says (a CDK Docker asset's ``aws:asset:path`` for ``Code.ImageUri``, SAM's ``DockerContext``),
is built (tool ``cdk`` or ``sam``): judged for validity only.

A value is read as CloudFormation resolves it, in the short (``!Ref``, ``!Sub``,
``!Join``) or the long form (``Ref:``, ``Fn::Sub:``, ``Fn::Join:``): a parameter is its
``Default``; a pseudo parameter (``AWS::AccountId``, ``AWS::Region``), a parameter
without a default and any other function (``!GetAtt``, ``!If``, ``!FindInMap``) is
what only a deployment knows (the reference is unresolved, with the names that fill
it in). n8n-io/n8n-hosting's ECS Fargate templates run ``n8nio/n8n:2.23.4``.
"""

from __future__ import annotations

from .._lazy import lazy_pattern
from ..occurrence import BuildSite, Occurrence, Scan
from ._yaml import get, is_mapping, items, scalar, sequence, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterator, Mapping

    import yaml

    from ._yaml import YamlFile

__all__ = ["KIND", "is_cloudformation", "scan_cloudformation"]

KIND = "cloudformation"

#: Each resource type that runs containers, and the paths from its ``Properties`` to its
#: images (``[]`` walks a list).
_IMAGE_PATHS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "AWS::ECS::TaskDefinition": (("ContainerDefinitions", "[]", "Image"),),
    "AWS::Batch::JobDefinition": (
        ("ContainerProperties", "Image"),
        ("EcsProperties", "TaskProperties", "[]", "Containers", "[]", "Image"),
    ),
    "AWS::Lambda::Function": (("Code", "ImageUri"),),
    "AWS::Serverless::Function": (("ImageUri",),),
}

#: ``${Name}`` in a ``Fn::Sub`` text (``${!Literal}`` is the text ``${Literal}``).
_SUB_VARIABLE = lazy_pattern(r"\$\{(!?)([^}]*)\}")


def is_cloudformation(file: YamlFile) -> bool:
    """Whether a document of the file is a CloudFormation template: it says
    ``AWSTemplateFormatVersion``, or its ``Resources`` are of ``Type: AWS::…``."""
    for document in file.documents:
        if get(document, "AWSTemplateFormatVersion") is not None:
            return True
        resources = get(document, "Resources")
        if any(
            (scalar(get(resource, "Type")) or "").startswith("AWS::")
            for _, resource, _ in items(resources)
        ):
            return True
    return False


def scan_cloudformation(file: YamlFile) -> Scan:
    """The images the template's resources run, at their lines."""
    occurrences = [
        occurrence
        for document in file.documents
        for occurrence in _template_images(document, file.path)
    ]
    return Scan(occurrences, file.errors, file.suppressions)


def _template_images(document: yaml.Node, path: str | None) -> Iterator[Occurrence]:
    defaults = {
        name: scalar(get(parameter, "Default"))
        for name, parameter, _ in items(get(document, "Parameters"))
    }
    for name, resource, _ in items(get(document, "Resources")):
        kind = scalar(get(resource, "Type")) or ""
        built = _built_asset(resource, path)
        for fields in _IMAGE_PATHS.get(kind, ()):
            for node in _walk(get(resource, "Properties"), fields):
                occurrence = _occurrence(node, path, defaults, resource=name, type_=kind)
                yield occurrence if built is None else occurrence.replace(built=built)


def _built_asset(resource: yaml.Node, path: str | None) -> BuildSite | None:
    """Where the function's image is built, when its ``Metadata`` says the deploy tool builds
    it from a Dockerfile of the project: a CDK Docker asset (``aws:asset:path``, with
    ``aws:asset:property`` the image's, ``Code.ImageUri``: ``cdk deploy`` and ``sam build``
    build it and put its ECR name in), or SAM's ``DockerContext`` (``sam build`` builds the
    function's image). aws/aws-sam-cli's CDK test templates name
    ``${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/aws-cdk/assets:…``."""
    metadata = get(resource, "Metadata")
    if not is_mapping(metadata):
        return None
    asset = get(metadata, "aws:asset:path")
    cdk = asset is not None and (scalar(get(metadata, "aws:asset:property")) or "").endswith(
        "ImageUri"
    )
    context = get(metadata, "DockerContext")
    if cdk and asset is not None:
        return BuildSite("cdk", path, value_position(asset)[0])
    if context is not None:
        return BuildSite("sam", path, value_position(context)[0])
    return None


def _walk(node: yaml.Node | None, fields: tuple[str, ...]) -> Iterator[yaml.Node]:
    if node is None:
        return
    for branch in _branches(node):
        if not fields:
            yield branch
            continue
        first, rest = fields[0], fields[1:]
        if first == "[]":
            for item in sequence(branch):
                yield from _walk(item, rest)
        elif is_mapping(branch):
            yield from _walk(get(branch, first), rest)


def _branches(node: yaml.Node) -> list[yaml.Node]:
    """What a value may be: both of an ``!If``'s values (a condition a deployment decides;
    n8n-hosting's task runner container is there when ``PythonRunner`` is true), but
    ``AWS::NoValue``, which leaves the value out; else the value."""
    function, argument = _function(node)
    if function != "If" or len(sequence(argument)) != 3:
        return [node]
    return [
        branch
        for value in sequence(argument)[1:]
        if not _no_value(value)
        for branch in _branches(value)
    ]


def _occurrence(
    node: yaml.Node, path: str | None, defaults: Mapping[str, str | None], **context: str
) -> Occurrence:
    text, missing, written = _resolved(node, defaults)
    line, column = value_position(_first_scalar(node))
    return Occurrence.of_text(
        path=path,
        line=line,
        column=column,
        kind=KIND,
        raw=written,
        text=text,
        unresolved=tuple(dict.fromkeys(missing)),
        context={"resource": context["resource"], "type": context["type_"], "field": "Image"},
    )


def _first_scalar(node: yaml.Node) -> yaml.Node:
    """The node whose text the occurrence is placed at: the value, or the first text inside
    a function (``!Sub`` in a mapping, ``!Join``'s parts)."""
    while scalar(node) is None:
        inner = [value for _, value, _ in items(node)] or sequence(node)
        if not inner:
            return node
        node = inner[-1] if is_mapping(node) else inner[0]
    return node


def _resolved(node: yaml.Node, defaults: Mapping[str, str | None]) -> tuple[str, list[str], str]:
    """The text CloudFormation gives ``node``, the names it still depends on, and the text
    as written (for ``raw``)."""
    function, argument = _function(node)
    if function is None:
        text = scalar(node) or ""
        return text, [], text
    if function == "Ref":
        name = scalar(argument) or ""
        default = defaults.get(name)
        if default is None:
            return f"${{{name}}}", [name], f"!Ref {name}"
        return default, [], f"!Ref {name}"
    if function == "Sub":
        return _substituted(argument, defaults)
    if function == "Join":
        return _joined(argument, defaults)
    # !GetAtt, !FindInMap, !ImportValue…: what the deployment works out.
    return f"${{Fn::{function}}}", [f"Fn::{function}"], f"!{function}"


def _substituted(
    argument: yaml.Node | None, defaults: Mapping[str, str | None]
) -> tuple[str, list[str], str]:
    """``Fn::Sub``: its text, or a list of its text and the values of its own names."""
    parts = sequence(argument)
    template = scalar(argument) if not parts else scalar(parts[0])
    if template is None:
        return "", ["Fn::Sub"], "!Sub"
    own = {
        key: _resolved(value, defaults)[:2]
        for key, value, _ in items(parts[1] if len(parts) > 1 else None)
    }
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        literal, name = match.group(1), match.group(2)
        if literal:
            return "${" + name + "}"
        value, needs = own.get(name, (defaults.get(name), []))
        if value is None or needs:
            missing.extend(needs or [name])  # (a value of its own from !GetAtt: the deployment's)
            return match.group(0)
        return value

    return _SUB_VARIABLE.sub(fill, template), missing, template


def _joined(
    argument: yaml.Node | None, defaults: Mapping[str, str | None]
) -> tuple[str, list[str], str]:
    """``Fn::Join``: ``[separator, [values]]``."""
    parts = sequence(argument)
    separator = scalar(parts[0]) if parts else None
    values = sequence(parts[1]) if len(parts) > 1 else []
    if separator is None or not values:
        return "", ["Fn::Join"], "!Join"
    read = [_resolved(value, defaults) for value in values]
    missing = [name for _, names, _ in read for name in names]
    return separator.join(text for text, _, _ in read), missing, "!Join"


def _no_value(node: yaml.Node) -> bool:
    function, argument = _function(node)
    return function == "Ref" and scalar(argument) == "AWS::NoValue"


def _function(node: yaml.Node) -> tuple[str | None, yaml.Node | None]:
    """An intrinsic function's name (``Ref``, ``Sub``…) and argument, in either form."""
    tag = getattr(node, "tag", "") or ""
    if tag.startswith("!"):
        return tag[1:], node
    if is_mapping(node):
        pairs = list(items(node))
        if len(pairs) == 1:
            key, value, _ = pairs[0]
            if key == "Ref":
                return "Ref", value
            if key.startswith("Fn::"):
                return key[4:], value
    return None, None
