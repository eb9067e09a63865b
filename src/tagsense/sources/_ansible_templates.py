"""Files that an Ansible ``template`` task renders: compose files and Kubernetes manifests.

A homelab role writes its compose file from a Jinja template (``template: src:
docker-compose.yml.j2 dest: /opt/app/docker-compose.yml``) and then starts it
(``docker_compose_v2: project_src: /opt/app``, or ``docker compose up``). The template is no
source on its own, but what it renders to is: each ``image:`` of its ``services`` is pulled,
with ``{{ name }}`` put in from the variables the task has (the role's defaults and vars, the
play's and task's ``vars``).

The template is read as text, not rendered: Jinja statements (``{% if %}``, ``{% for %}``)
and comments are left out, so the image of every branch is read (each is what some
configuration deploys). An image that names a loop's variable or any value the run gives
stays unresolved, by name.

A template rendered to another YAML file that is a Kubernetes manifest (``apiVersion`` and
``kind`` at its top) is pulled by the cluster it goes to: its images are read where their
values are known here (see :func:`manifest_images`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from .._lazy import lazy_pattern
from ..occurrence import BuildSite, Occurrence

__all__ = ["find_template", "manifest_images", "renders_compose", "template_images"]

#: A ``{# … #}`` comment or a ``{% … %}`` statement (which may span lines).
_STATEMENT = lazy_pattern(r"\{#.*?#\}|\{%.*?%\}", re.S)
#: A line that starts the top-level ``services:`` mapping, and any other top-level key.
_SERVICES = lazy_pattern(r"^services[ \t]*:[ \t]*(?:#.*)?$")
_TOP_LEVEL = lazy_pattern(r"^[^\s#-]")
#: A service's ``image:`` line: the key, an optional quote, the value, the same quote.
_IMAGE = lazy_pattern(
    r"^(?P<lead>[ \t]+image[ \t]*:[ \t]*)(?P<q>['\"]?)(?P<value>[^'\"#\s][^'\"#]*?)(?P=q)"
    r"[ \t]*(?:#.*)?$"
)
#: A manifest's top-level keys, and a container's ``image`` (``- image: x`` too).
_API_VERSION = lazy_pattern(r"^apiVersion[ \t]*:", re.M)
_KIND = lazy_pattern(r"^kind[ \t]*:", re.M)
_MANIFEST_IMAGE = lazy_pattern(
    r"^(?P<lead>[ \t]*(?:-[ \t]+)?image[ \t]*:[ \t]*)(?P<q>['\"]?)(?P<value>[^'\"#\s{][^'\"#]*?"
    r"|\{\{[^'\"#]*?)(?P=q)[ \t]*(?:#.*)?$"
)
#: A service's ``build:`` key (a context, or a mapping on the lines below).
_BUILD = lazy_pattern(r"^[ \t]+build[ \t]*:")
#: Files bigger than this are not read (a compose template is a few kilobytes).
MAX_BYTES = 1 << 20

Expand = Callable[[str], tuple[str, tuple[str, ...]]]


def renders_compose(dest: str) -> bool:
    """Whether a ``template`` task's ``dest`` is a compose file (by its name, as ``docker
    compose`` finds it in ``project_src``, or as ``-f`` names it)."""
    from .discover import is_compose_name

    name = dest.rstrip("/").rsplit("/", 1)[-1]
    return "{" not in name and is_compose_name(name)


def find_template(src: str, task_file: str) -> str | None:
    """The file a ``template`` task's ``src`` names, searched where Ansible looks: the role's
    (or playbook's) ``templates/`` and its own directory, then the task file's."""
    if not src or os.path.isabs(src) or "{" in src:
        return None
    here = os.path.dirname(task_file)
    bases = [here]
    if os.path.basename(os.path.abspath(here)) in ("tasks", "handlers"):
        bases.insert(0, os.path.dirname(here) or ".")
    for base in bases:
        for candidate in (os.path.join(base, "templates", src), os.path.join(base, src)):
            if os.path.isfile(candidate):
                return os.path.normpath(candidate)
    return None


def template_images(
    path: str, dest: str, expand: Expand, context: dict[str, object]
) -> list[Occurrence]:
    """The images of what a template task renders to ``dest``: a compose file's services, or
    a Kubernetes manifest's containers (see :func:`manifest_images`); none for another file."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read(MAX_BYTES + 1)
    except (OSError, UnicodeDecodeError):
        return []
    if len(text) > MAX_BYTES:
        return []
    if renders_compose(dest):
        return images_of_template(text, path, expand, {**context, "field": "services.image"})
    if dest.rstrip().endswith((".yml", ".yaml")):
        return manifest_images(text, path, expand, {**context, "field": "image"})
    return []


def manifest_images(
    text: str, path: str | None, expand: Expand, context: dict[str, object]
) -> list[Occurrence]:
    """The ``image:`` keys of a Kubernetes manifest template (a document with ``apiVersion``
    and ``kind`` at its top level), as the cluster pulls them once it is applied (k3s's
    ``server/manifests``, a kubelet's static pods, ``kubectl apply``). Only images whose
    values are all known here: a manifest's ``{{ … }}`` usually comes from the play's other
    roles or the inventory, and no guess is made."""
    plain = _STATEMENT.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), text)
    if not (_API_VERSION.search(plain) and _KIND.search(plain)):
        return []
    found: list[Occurrence] = []
    for number, line in enumerate(plain.splitlines(), 1):
        match = _MANIFEST_IMAGE.match(line)
        if match is None:
            continue
        raw = match["value"].rstrip()
        resolved, unresolved = expand(raw)
        if unresolved:
            continue
        found.append(
            Occurrence.of_text(
                path=path, line=number, column=len(match["lead"]) + len(match["q"]) + 1,
                kind="ansible", raw=raw, text=resolved, context=context,
            )
        )  # fmt: skip
    return found


def images_of_template(
    text: str, path: str | None, expand: Expand, context: dict[str, object]
) -> list[Occurrence]:
    """The ``image:`` lines in a compose template's top-level ``services``; a service that
    also has ``build:`` builds its image (judged for validity only, as compose's are)."""
    # (a statement becomes blanks of its size, so lines and columns stay the template's)
    plain = _STATEMENT.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), text)
    found: list[Occurrence] = []
    for service in _services(plain.splitlines()):
        builds = any(_BUILD.match(line) for _, line in service)
        for number, line in service:
            match = _IMAGE.match(line)
            if match is None:
                continue
            raw = match["value"].rstrip()
            resolved, unresolved = expand(raw)
            found.append(
                Occurrence.of_text(
                    path=path, line=number, column=len(match["lead"]) + len(match["q"]) + 1,
                    # (what is known put in, the rest as written: a repository the
                    # project builds, of a tag the play is given, is still that build's)
                    kind="ansible", raw=raw, text=resolved,
                    unresolved=unresolved, context=context,
                    built=BuildSite("compose", path, number) if builds else None,
                )
            )  # fmt: skip
    return found


def _services(lines: list[str]) -> list[list[tuple[int, str]]]:
    """The lines of each service's own keys (numbered from 1), in the top-level
    ``services`` mapping: a service's keys are the lines indented one step below it."""
    services: list[list[tuple[int, str]]] = []
    in_services = False
    service_indent: int | None = None
    for number, line in enumerate(lines, 1):
        if _SERVICES.match(line):
            in_services, service_indent = True, None
            continue
        if _TOP_LEVEL.match(line):
            in_services = False
            continue
        stripped = line.lstrip()
        if not in_services or not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if service_indent is None:
            service_indent = indent
        if indent <= service_indent:
            services.append([])  # (a service's name; a deeper key is the service's)
        elif services and _own_key(line, indent, services[-1]):
            services[-1].append((number, line))
    return services


def _own_key(line: str, indent: int, service: list[tuple[int, str]]) -> bool:
    """Whether a line is one of the service's own keys: as indented as its first key."""
    if not service:
        return True
    first = service[0][1]
    return indent == len(first) - len(first.lstrip())


def rendered_alone(path: str) -> list[Occurrence] | None:
    """A template file read alone (``tagsense check templates/docker-compose.yml.j2``, as
    pre-commit passes a changed file): its images as the task files of its role or playbook
    that render it read them, or ``None`` when none does."""
    from .ansible import may_be_ansible, scan_ansible

    folder = os.path.dirname(os.path.abspath(path))
    if os.path.basename(folder) != "templates":
        return None
    real = os.path.realpath(path)
    found: list[Occurrence] = []
    rendered = False
    for task_file in _task_files(os.path.dirname(folder)):
        try:
            with open(task_file, encoding="utf-8") as handle:
                text = handle.read(MAX_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        if os.path.basename(path) not in text or not may_be_ansible(text):
            continue
        for occurrence in scan_ansible(text, task_file).occurrences:
            if occurrence.path and os.path.realpath(occurrence.path) == real:
                rendered = True
                found.append(occurrence.replace(path=path))
    return found if rendered else None


def _task_files(base: str) -> list[str]:
    """The files of a role (``tasks/``, ``handlers/``, a folder of them) or a playbook's
    folder (its ``*.yml`` and ``tasks/``) that may hold a ``template`` task."""
    files: list[str] = []
    for folder in (base, *(os.path.join(base, name) for name in ("tasks", "handlers"))):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".yml", ".yaml")) and entry.is_file():
                files.append(entry.path)
            elif folder != base and entry.is_dir():
                files.extend(
                    os.path.join(entry.path, name)
                    for name in sorted(os.listdir(entry.path))
                    if name.endswith((".yml", ".yaml"))
                )
    return files[:_MAX_TASK_FILES]


#: At most this many task files are looked at for the one that renders a template.
_MAX_TASK_FILES = 200
