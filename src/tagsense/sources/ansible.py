"""Ansible playbooks and task files: the images their container modules run and pull.

A playbook is a YAML list of plays (``hosts:`` with ``tasks``, ``pre_tasks``,
``post_tasks``, ``handlers``); a task file (a role's ``tasks/main.yml``, an included
``tasks/*.yml``) a list of tasks, which may nest in ``block``/``rescue``/``always``. The
tasks read, as the modules' documentation defines them:

* ``docker_container`` (``community.docker.``, ``community.general.``) and
  ``podman_container`` (``containers.podman.``), ``docker_swarm_service``: ``image`` is run
  (and pulled when missing), unless ``state: absent``;
* ``docker_image`` (and ``docker_image_pull``, ``podman_image``): ``name`` (with ``tag``) is
  pulled when ``source: pull`` (``docker_image`` without ``source``, ``build`` or ``path``
  pulls too, as before community.docker 2.0; ``podman_image`` pulls unless it builds); one
  that builds (``source: build``, ``build:``, ``path:``) names an image the file builds:
  a container of that name in the same file is built, not pulled.

``{{ name }}`` takes the value the file gives: the play's ``vars``, the task's, and a role's
``defaults/main.yml`` and ``vars/main.yml`` for a file in its ``tasks/`` or ``handlers/``;
``{{ name | default('x') }}`` its default when there is none; a ``loop`` (``with_items``)
written in the task gives ``{{ item }}`` and ``{{ item.key }}`` each of its values. Anything
else — an extra var, the inventory's ``group_vars``, a fact, another filter — is the run's:
the image is unresolved, by name. Occurrences are kind ``ansible`` (context ``task``, ``module``,
``field``).
"""

from __future__ import annotations

import os
import re

from ..occurrence import BuildSite, Occurrence, Scan
from ._yaml import (
    get,
    is_mapping,
    is_sequence,
    items,
    load_yaml,
    position,
    scalar,
    sequence,
    value_position,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "is_ansible_file", "is_task_list", "may_be_ansible", "scan_ansible"]

KIND = "ansible"

_PREFIXES = ("", "community.docker.", "community.general.", "containers.podman.")
#: The modules that run a container of ``image``.
_CONTAINERS = frozenset(
    prefix + name
    for prefix in _PREFIXES
    for name in ("docker_container", "podman_container", "docker_swarm_service")
)
#: The modules that pull (or build) the image ``name``.
_IMAGES = frozenset(
    prefix + name
    for prefix in _PREFIXES
    for name in ("docker_image", "docker_image_pull", "podman_image")
)
#: The modules that render a template file (a compose file, when ``dest`` names one).
_TEMPLATES = frozenset(("template", "ansible.builtin.template", "ansible.legacy.template"))
#: A play's lists of tasks, in the order they run.
_PLAY_TASKS = ("pre_tasks", "tasks", "post_tasks", "handlers")
_MODULE_KEY = re.compile(
    r"^[ \t]*(?:-[ \t]+)?(?:community\.(?:docker|general)\.|containers\.podman\.)?"
    r"(?:docker_container|docker_image|docker_image_pull|podman_container|podman_image"
    r"|docker_swarm_service)[ \t]*:",
    re.M,
)
#: A ``template`` task (whose ``dest`` may be a compose file: see ``_ansible_templates``).
_TEMPLATE_KEY = re.compile(
    r"^[ \t]*(?:-[ \t]+)?(?:ansible\.(?:builtin|legacy)\.)?template[ \t]*:", re.M
)
#: The first line that is no comment, directive or document start: a list's item or not.
_FIRST_ITEM = re.compile(r"^(?!#|%|---|\.\.\.|[ \t]*(?:#|$))(?:(?P<item>-(?:[ \t]|$))|\S)", re.M)
_JINJA = re.compile(r"\{\{\s*(?P<body>.*?)\s*\}\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$")
_DEFAULT = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\|\s*(?:default|d)\(\s*(?P<q>['\"])(?P<value>[^'\"]*)(?P=q)\s*\)$"
)
#: A name in a Jinja expression (or a string's word: harmless where only names are asked).
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: YAML's booleans and null: a default that says "not set here" (``image: false``), no text.
_NOT_TEXT = frozenset({"false", "true", "no", "yes", "null", "~", "none"})
#: ``item['name']``: a key written as a subscript, the same as ``item.name``.
_BRACKET = re.compile(r"\[\s*(?P<q>['\"])(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P=q)\s*\]")
_MAX_DEPTH = 10


#: A YAML list of tasks: its first item (after comments and ``---``) is a ``- name:`` or a
#: module's key.
_ANSIBLE_LIST = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n|---[ \t]*\n)*-[ \t]+[\w.]+[ \t]*:")


#: The folders of an Ansible role, and of an inventory's variables: YAML that Ansible reads
#: (its Jinja is Ansible's, no template), with no manifest in it.
_ANSIBLE_FOLDERS = frozenset(
    {"tasks", "handlers", "defaults", "vars", "meta", "group_vars", "host_vars"}
)


#: A play's own key (not a task's): what makes a list of them a playbook.
_PLAY_KEY = re.compile(r"(?:hosts|(?:ansible\.builtin\.)?import_playbook)[ \t]*:")


def _is_playbook(text: str) -> bool:
    """Whether YAML text is a playbook: its first item (a play) has ``hosts`` or imports one."""
    indent: int | None = None  # (of the first item's own keys)
    for line in text.splitlines()[:_PLAY_LINES]:
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#") or line.startswith("---"):
            continue
        if line.startswith("-"):
            if indent is not None:
                return False  # (the second item: the first had no hosts)
            key = line[1:].lstrip(" \t")
            indent = len(line) - len(key)
        elif indent is None or not line[0].isspace():
            return False  # (a mapping at the top: no playbook)
        elif len(line) - len(stripped) != indent:
            continue
        else:
            key = stripped
        if _PLAY_KEY.match(key):
            return True
    return False


#: How far into a file its first play's ``hosts`` is looked for.
_PLAY_LINES = 200


def _in_ansible_folder(path: str | None) -> bool:
    """A file of a role's folders (``tasks/util/x.yml`` too) or of an inventory's variables
    (``group_vars/all/x.yml``)."""
    if path is None:
        return False
    directory = os.path.dirname(os.path.abspath(path))
    for _ in range(3):  # (the folder, or a folder of task files or of one's variables in it)
        if os.path.basename(directory) in _ANSIBLE_FOLDERS:
            return True
        directory = os.path.dirname(directory)
    return False


def is_task_list(text: str) -> bool:
    """Whether YAML text is a list whose first item is a mapping (a list of tasks)."""
    return _ANSIBLE_LIST.match(text) is not None


def is_ansible_file(text: str, path: str | None) -> bool:
    """A playbook, or a file of a role's folders that is no manifest: YAML that Ansible
    reads, whose Jinja is its own (no template of a source)."""
    return _is_playbook(text) or (
        _in_ansible_folder(path) and ("apiVersion" not in text or is_task_list(text))
    )


def may_be_ansible(text: str) -> bool:
    """Whether YAML text is a list (of plays or tasks) with a task of a container module (a
    quick look at its first line and its keys: conda-forge's ``docker_image:`` key of a
    mapping is no task)."""
    first = _FIRST_ITEM.search(text)
    if first is None or first["item"] is None:
        return False
    if _MODULE_KEY.search(text) is not None:
        return True
    return _TEMPLATE_KEY.search(text) is not None  # (it may render a compose file, a manifest)


def scan_ansible(text: str, path: str | None = None) -> Scan:
    """The images a playbook's or task file's container tasks run and pull. Never raises."""
    loaded = load_yaml(text, path=path)
    reader = _Reader(path, *_role_vars(path))
    for document in loaded.documents:
        for item in sequence(document):
            if get(item, "hosts") is not None or get(item, "import_playbook") is not None:
                reader.play(item)
            else:
                reader.task(item, {})
    reader.mark_built()
    return Scan(reader.occurrences, loaded.errors, loaded.suppressions)


def _role_vars(path: str | None) -> tuple[dict[str, str], dict[str, yaml.Node]]:
    """A role's ``defaults/main.yml`` then ``vars/main.yml`` (which wins), for a file in its
    ``tasks/`` or ``handlers/`` (or a folder of them), after those of the roles its
    ``meta/main.yml`` depends on: its scalars, and its lists (what a ``loop`` may name)."""
    found: dict[str, str] = {}
    lists: dict[str, yaml.Node] = {}
    role = _role_of(path)
    if role is None:
        return found, lists
    for dependency in _dependencies(role):
        _read_role_vars(os.path.join(os.path.dirname(role), dependency), found, lists)
    _read_role_vars(role, found, lists)
    return found, lists


def _role_of(path: str | None) -> str | None:
    """The role a task file belongs to: the folder above its ``tasks/`` or ``handlers/``
    (``tasks/synapse/setup_install.yml`` too)."""
    if path is None:
        return None
    directory = os.path.dirname(os.path.abspath(path))
    for _ in range(_MAX_TASK_FOLDERS):
        if os.path.basename(directory) in ("tasks", "handlers"):
            return os.path.dirname(directory)
        directory = os.path.dirname(directory)
    return None


#: How deep a task file may be below its role's ``tasks/``.
_MAX_TASK_FOLDERS = 3


def _dependencies(role: str) -> list[str]:
    """The roles of the same roles folder that ``meta/main.yml`` depends on, by name."""
    names: list[str] = []
    for document in _role_documents(os.path.join(role, "meta")):
        for entry in sequence(get(document, "dependencies")):
            name = scalar(entry) or scalar(get(entry, "role")) or scalar(get(entry, "name"))
            if name and "/" not in name and "{" not in name:
                names.append(name)
    return names


def _read_role_vars(role: str, found: dict[str, str], lists: dict[str, yaml.Node]) -> None:
    for place in ("defaults", "vars"):
        for document in _role_documents(os.path.join(role, place)):
            found.update(_scalars(document))
            lists.update((key, value) for key, value, _ in items(document) if is_sequence(value))


def _role_documents(folder: str) -> list[yaml.Node]:
    """The documents of a role folder's ``main.yml`` (``main.yaml``), or of the files of
    its ``main/`` folder (in name order, as Ansible reads them)."""
    files = [os.path.join(folder, name) for name in ("main.yml", "main.yaml")]
    split = os.path.join(folder, "main")
    if os.path.isdir(split):
        try:
            names = sorted(os.listdir(split))
        except OSError:
            names = []
        files += [os.path.join(split, n) for n in names if n.endswith((".yml", ".yaml"))]
    documents: list[yaml.Node] = []
    for file in files[:_MAX_VARS_FILES]:
        try:
            with open(file, encoding="utf-8") as handle:
                data = handle.read(1 << 20)
        except (OSError, UnicodeDecodeError):
            continue
        documents.extend(load_yaml(data, path=file).documents)
    return documents


#: At most this many files of variables a role folder.
_MAX_VARS_FILES = 64


def _loop_items(task: yaml.Node, lists: dict[str, yaml.Node]) -> list[dict[str, str]]:
    """The values of ``item`` a task's ``loop`` (``with_items``, ``with_list``) written in
    the file, or named from the role's defaults (``loop: "{{ docker_images }}"``), gives,
    each as variables (``item``, ``item.name``); one without a loop, once."""
    for key in ("loop", "with_items", "with_list"):
        named = _JINJA.fullmatch((scalar(get(task, key)) or "").strip())
        values = sequence(lists.get(named["body"]) if named else get(task, key))
        if named is not None and named["body"] in lists and not values:
            return []  # (a loop over an empty list runs the task no time)
        if values:
            found = []
            for value in values:
                text = scalar(value)
                if text is not None:
                    found.append({"item": text})
                else:
                    found.append({f"item.{k}": v for k, v in _scalars(value).items()})
            return found
    return [{}]


def _free_form(arguments: yaml.Node) -> dict[str, str]:
    """A task's arguments written inline: ``template: src=a.j2 dest=/opt/compose.yml``."""
    text = scalar(arguments) or ""
    return dict(word.split("=", 1) for word in text.split() if "=" in word)


def _scalars(node: yaml.Node | None) -> dict[str, str]:
    return {key: text for key, value, _ in items(node) if (text := scalar(value)) is not None}


class _Reader:
    def __init__(
        self, path: str | None, role_vars: dict[str, str], role_lists: dict[str, yaml.Node]
    ) -> None:
        self.path = path
        self.role_vars = role_vars
        self.role_lists = role_lists
        self.occurrences: list[Occurrence] = []
        #: The images the file's tasks build, by name (and name:tag).
        self.built: dict[str, BuildSite] = {}
        #: The settings that, as known here, keep the task being read from running.
        self.off: frozenset[str] = frozenset()
        #: The templates read already (a task in a loop renders one template once here).
        self.rendered: set[str] = set()

    def play(self, play: yaml.Node) -> None:
        variables = {**self.role_vars, **_scalars(get(play, "vars"))}
        for key in _PLAY_TASKS:
            for task in sequence(get(play, key)):
                self.task(task, variables)

    def task(self, task: yaml.Node, outer: dict[str, str], depth: int = 0) -> None:
        if not is_mapping(task) or depth > _MAX_DEPTH:
            return
        variables = {**self.role_vars, **outer, **_scalars(get(task, "vars"))}
        saved = self.off
        self.off = saved | _switched_off(task, variables)
        try:
            for key in ("block", "rescue", "always"):
                for inner in sequence(get(task, key)):
                    self.task(inner, variables, depth + 1)
            for item in _loop_items(task, self.role_lists):
                self.module_task(task, {**variables, **item})
        finally:
            self.off = saved

    def module_task(self, task: yaml.Node, variables: dict[str, str]) -> None:
        name = scalar(get(task, "name"))
        for module, arguments, key in items(task):
            if module in _CONTAINERS and is_mapping(arguments):
                if scalar(get(arguments, "state")) != "absent":
                    self.image(get(arguments, "image"), None, variables, module, name)
            elif module in _IMAGES and is_mapping(arguments):
                self.image_task(module, arguments, variables, name)
            elif module in _TEMPLATES:
                self.template_task(arguments, variables, name, position(key)[0])

    def template_task(
        self, arguments: yaml.Node, variables: dict[str, str], name: str | None, line: int
    ) -> None:
        """A compose file or a manifest the task renders from a template: its images."""
        from ._ansible_templates import find_template, template_images

        given = _free_form(arguments) if scalar(arguments) is not None else _scalars(arguments)
        src, _ = _expand(given.get("src", ""), variables)
        dest, _ = _expand(given.get("dest", ""), variables)
        if self.path is None or not dest:
            return
        template = find_template(src, self.path)
        if template is None or template in self.rendered:
            return
        self.rendered.add(template)
        context: dict[str, object] = {
            "module": "template", "rendered_by": f"{self.path}:{line}",
        }  # fmt: skip
        if name:
            context["task"] = name
        self.occurrences.extend(
            template_images(template, dest, lambda text: _expand(text, variables), context)
        )

    def image_task(
        self, module: str, arguments: yaml.Node, variables: dict[str, str], name: str | None
    ) -> None:
        if scalar(get(arguments, "state")) == "absent":
            return
        source = scalar(get(arguments, "source"))
        builds = source == "build" or any(
            get(arguments, key) is not None for key in ("build", "path", "load_path")
        )
        if source in ("load", "local") or (builds and source != "pull"):
            image = scalar(get(arguments, "name"))
            if builds and image is not None:
                text, unresolved = _expand(image, variables)
                if not unresolved:
                    line = value_position(get(arguments, "name"))[0]  # type: ignore[arg-type]
                    site = BuildSite(KIND, self.path, line)
                    built_tag = _expand(scalar(get(arguments, "tag")) or "latest", variables)[0]
                    self.built.setdefault(text, site)
                    self.built.setdefault(f"{text}:{built_tag}", site)
            return
        tag = scalar(get(arguments, "tag"))
        self.image(get(arguments, "name"), tag, variables, module, name)

    def image(
        self,
        node: yaml.Node | None,
        tag: str | None,
        variables: dict[str, str],
        module: str,
        task: str | None,
    ) -> None:
        written = scalar(node)
        if node is None or not written:
            return
        if self.off:
            return  # (a task that does not run under the values known here)
        text, unresolved = _expand(written, variables)
        if tag and not unresolved:
            tagged, tag_unresolved = _expand(tag, variables)
            last = text.rsplit("/", 1)[-1]
            if not tag_unresolved and ":" not in last and "@" not in last:
                text = f"{text}:{tagged}"
        line, column = value_position(node)
        context: dict[str, object] = {"module": module.rsplit(".", 1)[-1], "field": "image"}
        if module in _IMAGES:
            context["field"] = "name"
        if task:
            context["task"] = task
        self.occurrences.append(
            Occurrence.of_text(
                path=self.path, line=line, column=column, kind=KIND, raw=written,
                text=written if unresolved else text, unresolved=unresolved, context=context,
            )
        )  # fmt: skip

    def mark_built(self) -> None:
        """A container of an image a task of the file builds runs that build."""
        marked = []
        for occurrence in self.occurrences:
            site = self.built.get(occurrence.text)
            if site is not None and occurrence.context.get("field") == "image":
                occurrence = occurrence.replace(built=site)
            marked.append(occurrence)
        self.occurrences = marked


def _expand(text: str, variables: dict[str, str], depth: int = 0) -> tuple[str, tuple[str, ...]]:
    """``text`` with ``{{ name }}`` put in, and what has no value here."""
    missing: dict[str, None] = {}

    def put(match: re.Match[str]) -> str:
        body = _BRACKET.sub(r".\g<key>", match["body"])
        default = _DEFAULT.match(body)
        name = default["name"] if default else body
        if (
            _NAME.match(name)
            and name in variables
            and depth < _MAX_DEPTH
            and variables[name].strip().lower() not in _NOT_TEXT
        ):
            value, inner = _expand(variables[name], variables, depth + 1)
            if not inner:
                return value
            missing.update(dict.fromkeys(inner))
            return match[0]
        if default is not None:
            return default["value"]
        if not _NAME.match(body) and depth < _MAX_DEPTH:
            # (a role's choice of registry or tag: `'localhost/' if self_build else …`)
            from ._jinja_expr import evaluate

            chosen = evaluate(body, lambda known: _known(known, variables, depth + 1))
            if chosen is not None:
                return chosen
        missing[body] = None
        return match[0]

    return _JINJA.sub(put, text), tuple(missing)


def _switched_off(task: yaml.Node, variables: dict[str, str]) -> frozenset[str]:
    """The names in a task's ``when`` tests that are false on the values known here
    (``when: not app_self_build | bool`` with ``app_self_build: true``): the task (a block's
    tasks) does not run with the role's values, as a chart's part with ``enabled: false``."""
    when = get(task, "when")
    tests = [scalar(node) for node in sequence(when)] if is_sequence(when) else [scalar(when)]
    from ._jinja_expr import holds

    names: set[str] = set()
    for test in tests:
        if test is not None and holds(test, lambda known: _known(known, variables, 0)) is False:
            names.update(_IDENTIFIER.findall(test))
    return frozenset(names)


def _known(name: str, variables: dict[str, str], depth: int) -> str | None:
    """A variable's value with its own ``{{ … }}`` put in; ``None`` when it has none here."""
    if name not in variables or depth >= _MAX_DEPTH:
        return None
    value, missing = _expand(variables[name], variables, depth)
    return None if missing else value
