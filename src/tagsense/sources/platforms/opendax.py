"""OpenDAX's compose templates: the images ``rake render:config`` writes into ``compose/``.

openware/opendax (a crypto-exchange stack: Peatio, Barong, Finex…) and the deployments made
from it keep their compose files as ERB templates, ``templates/compose/*.yaml.erb``. ``rake
render:config`` (``lib/opendax/renderer.rb``) renders each ``templates/**/*.erb`` with
``@config``, the YAML of ``config/app.yml``, and ``@utils``, that of ``config/utils.yml``,
to the same path under the project's root without ``.erb`` (``compose/app.yaml``), and
``docker-compose`` runs those (``COMPOSE_FILE`` in the rendered ``.env``). The rendered files
are not committed, so a template is read as it renders with the committed configuration:

- ``image: "<%= @config['images']['peatio'] %>"`` pulls ``images.peatio`` of
  ``config/app.yml`` (``@utils[…]`` reads ``config/utils.yml``);
- a section between ``<% if @config['finex']['enabled'] %>`` and ``<% end %>`` is rendered
  only when that value is true as Ruby has it (``nil`` and ``false`` are false), and so are
  ``unless``, ``elsif`` and ``else``; ``== 'mysql'`` and ``!= 'mysql'`` compare.

Each template is read as the compose file it renders to (its ``../config`` paths are those of
``compose/``), at the template's lines. A condition, or an image's value, that is any other
Ruby is not known here: the template is then not read, as before.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from ...occurrence import Scan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["is_compose_template_path", "scan_compose_template"]

#: Where the templates lie under the project's root, and the endings of a compose one.
_TEMPLATES = ("templates", "compose")
_SUFFIXES = (".yaml.erb", ".yml.erb")
#: The configuration ``@config`` and ``@utils`` are loaded from, under the project's root.
_CONFIGURATIONS = {"config": ("config", "app.yml"), "utils": ("config", "utils.yml")}
#: The most of a configuration file read.
_LIMIT = 1024 * 1024
#: An ERB tag: ``<%``, ``<%=`` or ``<%-``, its Ruby, ``%>`` or ``-%>``.
_TAG = lazy_pattern(r"<%(=|-|#)?(.*?)-?%>", re.S)
#: A value of the configuration: ``@config['images']['peatio']`` (either quote).
_VALUE = lazy_pattern(r"@(\w+)((?:\[\s*(?:'[^']*'|\"[^\"]*\")\s*\])+)")
_KEY = lazy_pattern(r"\[\s*(?:'([^']*)'|\"([^\"]*)\")\s*\]")
#: A condition: a value, or a value compared with a string.
_CONDITION = lazy_pattern(
    r"(?P<not>!\s*)?(?P<value>@\w+(?:\[[^\]]*\])+)"
    r"(?:\s*(?P<op>==|!=)\s*(?:'(?P<q1>[^']*)'|\"(?P<q2>[^\"]*)\"))?"
)
#: The line of an image, and where its value starts.
_IMAGE_LINE = lazy_pattern(r"^\s*-?\s*image\s*:")


class _Unknown(Exception):
    """Ruby this reading does not evaluate."""


def is_compose_template_path(path: str) -> bool:
    """``templates/compose/NAME.yaml.erb`` (or ``.yml.erb``): an OpenDAX compose template, by
    its path alone (whether its project renders it is told when it is read).

    >>> is_compose_template_path("templates/compose/app.yaml.erb")
    True
    >>> is_compose_template_path("templates/app.yaml.erb")
    False
    """
    parts = path.replace(os.sep, "/").split("/")
    return (
        len(parts) >= 3
        and tuple(parts[-3:-1]) == _TEMPLATES
        and parts[-1].endswith(_SUFFIXES)
        and len(parts[-1]) > len(".yaml.erb")
    )


def scan_compose_template(text: str, path: str | None, env: Mapping[str, str]) -> Scan:
    """The images a compose template pulls as ``rake render:config`` renders it (see the
    module); nothing when its project has no ``config/app.yml``, or when it says Ruby this
    reading does not know. Never raises."""
    if path is None or not is_compose_template_path(path):
        return Scan((), ())
    root = os.path.dirname(os.path.dirname(os.path.dirname(path)))
    values = _configurations(root)
    if values is None:
        return Scan((), ())
    try:
        rendered = _render(text, values)
    except _Unknown:
        return Scan((), ())
    from ..compose import read_compose

    name = os.path.basename(path)[: -len(".erb")]
    output = os.path.join(root, "compose", name)
    scan = read_compose(rendered, path=output, env=env, override=False).scan
    return Scan(
        [o.replace(path=path) for o in scan.occurrences if o.path == output],
        [e.moved(path) for e in scan.errors if e.path == output],
        [s.moved(path) for s in scan.suppressions if s.path == output],
    )


def _configurations(root: str) -> dict[str, object] | None:
    """``@config`` and ``@utils`` as the renderer loads them (``None``: no ``config/app.yml``,
    so no OpenDAX project)."""
    import yaml

    found: dict[str, object] = {}
    for name, parts in _CONFIGURATIONS.items():
        try:
            with open(os.path.join(root, *parts), "rb") as handle:
                data = handle.read(_LIMIT)
            loaded = yaml.safe_load(data)
        except (OSError, yaml.YAMLError, RecursionError):
            loaded = None
        if name == "config" and not isinstance(loaded, dict):
            return None
        found[name] = loaded
    return found


def _render(text: str, values: Mapping[str, object]) -> str:
    """The template rendered line for line (a line of control tags, or one left out by its
    condition, is an empty line: the rendered YAML keeps the template's lines)."""
    lines = text.split("\n")
    out: list[str] = []
    # Each open block: (the block's lines are rendered, a branch of it was taken).
    blocks: list[tuple[bool, bool]] = []
    active = True
    for line in lines:
        tags = list(_TAG.finditer(line))
        control = [t for t in tags if t.group(1) in (None, "-")]
        if control:
            if len(control) > 1 or _TAG.sub("", line).strip():
                raise _Unknown(line)  # (a control tag beside text: not this reading's)
            active = _step(control[0].group(2).strip(), blocks, active, values)
            out.append("")
            continue
        if not active:
            out.append("")
            continue
        image = _IMAGE_LINE.match(line) is not None

        def value(tag: re.Match[str], image: bool = image) -> str:
            if tag.group(1) == "#":
                return ""
            try:
                return _text(_evaluate(tag.group(2).strip(), values))
            except _Unknown:
                if image:
                    raise
                return ""  # (a label's or a password's Ruby: no image)

        out.append(_TAG.sub(value, line))
    if blocks:
        raise _Unknown("an if without its end")
    return "\n".join(out)


def _step(
    ruby: str, blocks: list[tuple[bool, bool]], active: bool, values: Mapping[str, object]
) -> bool:
    """Whether the lines after a control tag are rendered, the open ``blocks`` updated."""
    word, _, rest = ruby.partition(" ")
    if word in ("if", "unless"):
        taken = _condition(rest.strip(), values) != (word == "unless")
        blocks.append((active, taken))
        return active and taken
    if not blocks:
        raise _Unknown(ruby)
    outer, done = blocks[-1]
    if word == "elsif":
        taken = not done and _condition(rest.strip(), values)
        blocks[-1] = (outer, done or taken)
        return outer and taken
    if word == "else" and not rest.strip():
        blocks[-1] = (outer, True)
        return outer and not done
    if word == "end" and not rest.strip():
        blocks.pop()
        return outer
    raise _Unknown(ruby)


def _condition(ruby: str, values: Mapping[str, object]) -> bool:
    match = _CONDITION.fullmatch(ruby)
    if match is None:
        raise _Unknown(ruby)
    found = _evaluate(match["value"], values)
    if match["op"] is not None:
        expected = match["q1"] if match["q1"] is not None else match["q2"]
        result = isinstance(found, str) and found == expected
        result = result if match["op"] == "==" else not result
    else:
        result = found is not None and found is not False  # (Ruby: only nil and false)
    return not result if match["not"] else result


def _evaluate(ruby: str, values: Mapping[str, object]) -> object:
    """The value of ``@config['a']['b']`` (``nil``, ``None``, where a key is missing)."""
    match = _VALUE.fullmatch(ruby)
    if match is None or match[1] not in values:
        raise _Unknown(ruby)
    found: object = values[match[1]]
    for key in _KEY.finditer(match[2]):
        if not isinstance(found, dict):
            raise _Unknown(ruby)  # (on nil, Ruby's NoMethodError: the render fails)
        found = found.get(key[1] if key[1] is not None else key[2])
    return found


def _text(value: object) -> str:
    """What ``<%= value %>`` writes (Ruby's ``to_s``)."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise _Unknown(repr(value))
