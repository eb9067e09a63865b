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
  a container of that name in the same file is built, not pulled, and so is one whose
  image is written as a name a task of its role builds (``_ansible_builds``);
* kolla-ansible's ``kolla_container``: ``image`` for the actions that pull or start it;
* ``command`` and ``shell``: the image an engine's CLI pulls, as the shell reader reads a
  script's (``_ansible_commands``).

``{{ name }}`` takes the value the file gives: the play's ``vars``, the task's, and a role's
``defaults/main.yml`` and ``vars/main.yml`` for a file in its ``tasks/`` or ``handlers/``, with
what the project's plays that run the role give it (``_ansible_scope``);
``{{ name | default('x') }}`` its default when there is none (``lookup('file', 'VERSION')``
there reads the file, where Ansible looks for it); a ``loop`` (``with_items``)
written in the task gives ``{{ item }}`` and ``{{ item.key }}`` each of its values. Anything
else — an extra var, the inventory's ``group_vars``, a fact, another filter — is the run's:
the image is unresolved, by name. Occurrences are kind ``ansible`` (context ``task``, ``module``,
``field``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from .._lazy import lazy_pattern
from ..occurrence import BuildSite, Occurrence, Scan
from ._ansible_builds import role_builds, same_name
from ._ansible_shape import is_ansible_file, is_playbook, is_task_list, may_be_ansible
from ._yaml import (
    get,
    is_mapping,
    is_sequence,
    items,
    literal_line_position,
    load_yaml,
    position,
    scalar,
    sequence,
    value_position,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    import yaml

__all__ = [
    "KIND",
    "is_ansible_file",
    "is_playbook",
    "is_task_list",
    "may_be_ansible",
    "scan_ansible",
]

KIND = "ansible"

_PREFIXES = ("", "community.docker.", "community.general.", "containers.podman.")
#: The modules that run a container of ``image``.
_CONTAINERS = frozenset(
    prefix + name
    for prefix in _PREFIXES
    for name in ("docker_container", "podman_container", "docker_swarm_service")
)
#: How Ansible's boolean arguments say true.
_ANSIBLE_TRUE = frozenset({"true", "yes", "on", "1"})
_ANSIBLE_FALSE = frozenset({"false", "no", "off", "0"})
#: The modules that pull (or build) the image ``name``.
_IMAGES = frozenset(
    prefix + name
    for prefix in _PREFIXES
    for name in ("docker_image", "docker_image_pull", "podman_image")
)
#: The modules that create (or apply) the Kubernetes objects of their ``definition``.
_K8S = frozenset(
    prefix + "k8s"
    for prefix in (
        "", "kubernetes.core.", "community.kubernetes.", "community.okd.", "redhat.openshift.",
    )
)  # fmt: skip
#: The lists of a pod spec whose items run an ``image``.
_POD_CONTAINERS = ("containers", "initContainers", "ephemeralContainers")
#: kolla-ansible's own module, and its actions that pull ``image`` (when it is missing).
_KOLLA = frozenset(("kolla_container", "kolla_docker"))
_KOLLA_PULLS = frozenset(("pull_image", "start_container", "recreate_or_restart_container"))
#: The modules that run a command (that may pull with an engine's CLI: ``_ansible_commands``).
_COMMANDS = frozenset(
    prefix + name
    for prefix in ("", "ansible.builtin.", "ansible.legacy.")
    for name in ("command", "shell")
)
#: The modules that render a template file (a compose file, when ``dest`` names one).
_TEMPLATES = frozenset(("template", "ansible.builtin.template", "ansible.legacy.template"))
#: A play's lists of tasks, in the order they run.
_PLAY_TASKS = ("pre_tasks", "tasks", "post_tasks", "handlers")
_JINJA = lazy_pattern(r"\{\{\s*(?P<body>.*?)\s*\}\}", re.S)  # (an expression may span lines)
_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$")
_DEFAULT = lazy_pattern(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\|\s*(?:default|d)\(\s*(?P<q>['\"])(?P<value>[^'\"]*)(?P=q)\s*\)$"
)
#: A name in a Jinja expression (or a string's word: harmless where only names are asked).
_IDENTIFIER = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")
#: YAML's booleans and null: a default that says "not set here" (``image: false``), no text.
_NOT_TEXT = frozenset({"false", "true", "no", "yes", "null", "~", "none"})
#: ``item['name']``: a key written as a subscript, the same as ``item.name``.
_BRACKET = lazy_pattern(r"\[\s*(?P<q>['\"])(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P=q)\s*\]")
_MAX_DEPTH = 10
#: A path into a variable's mapping: ``services['nova-api'].image``, ``maps[distro]``.
_PATH = lazy_pattern(
    r"(?P<base>[A-Za-z_][A-Za-z0-9_]*)"
    r"(?P<rest>(?:\.[A-Za-z_][\w-]*|\[\s*(?:'[^']*'|\"[^\"]*\"|[A-Za-z_][\w.]*)\s*\])*)"
)
_STEP = lazy_pattern(
    r"\.(?P<attr>[A-Za-z_][\w-]*)"
    r"|\[\s*(?:'(?P<quoted>[^']*)'|\"(?P<dquoted>[^\"]*)\"|(?P<name>[A-Za-z_][\w.]*))\s*\]"
)
_NO_STRUCTURES: Mapping[str, yaml.Node] = {}
#: ``service.image``: the mapping an image is the ``image`` of.
_OWNER = lazy_pattern(r"(?P<owner>.+?)(?:\.image|\[\s*['\"]image['\"]\s*\])")


def scan_ansible(text: str, path: str | None = None) -> Scan:
    """The images a playbook's or task file's container tasks run and pull. Never raises."""
    loaded = load_yaml(text, path=path)
    scope = _role_vars(path)
    if not scope.runs:  # (a role that the plays run only when a setting it defaults off is on)
        return Scan((), loaded.errors, loaded.suppressions)
    reader = _read(loaded.documents, path, text, scope.scalars, scope.structures)
    occurrences = _per_play(reader.occurrences, scope, loaded.documents, path, text)
    if any(o.unresolved for o in occurrences) and "register" in text:
        registered = _registered(text)
        occurrences = [o for o in occurrences if not _a_result(o, registered)]
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _registered(text: str) -> frozenset[str]:
    """The names the file's tasks ``register`` their results as."""
    return frozenset(_REGISTER.findall(text))


#: A task's ``register: NAME``.
_REGISTER = lazy_pattern(r"^[ \t-]*register:[ \t]*[\"']?([A-Za-z_]\w*)", re.M)


def _a_result(occurrence: Occurrence, registered: frozenset[str]) -> bool:
    """An image the run found itself: each name it depends on is a task's registered result
    (``{{ image_info.images[0].Id }}``, ``@{{ pulled.image.RepoDigests[0] … }}``): an image
    the host has already, by its ID or digest, which no file names."""
    roots = [_ROOT.match(name) for name in occurrence.unresolved]
    return bool(roots) and all(root is not None and root[1] in registered for root in roots)


#: The variable a name (``image_info.images[0].Id``, ``x | filter``) starts with.
_ROOT = lazy_pattern(r"\s*([A-Za-z_]\w*)")


def _read(
    documents: list[yaml.Node],
    path: str | None,
    text: str,
    scalars: dict[str, str],
    structures: dict[str, yaml.Node],
) -> _Reader:
    reader = _Reader(path, text, scalars, structures)
    for document in documents:
        for item in sequence(document):
            if get(item, "hosts") is not None or get(item, "import_playbook") is not None:
                reader.play(item)
            else:
                reader.task(item, {})
    reader.mark_built()
    return reader


def _per_play(
    occurrences: list[Occurrence],
    scope: _Scope,
    documents: list[yaml.Node],
    path: str | None,
    text: str,
) -> list[Occurrence]:
    """An image left unresolved by a name the plays that run the role give different values
    (ceph-ansible's ``ceph_docker_image``, which ``ceph-nfs`` sets again) is each play's
    image: one occurrence a value that a play gives it."""
    if not any(_disputed(o, scope.disputed) for o in occurrences):
        return occurrences
    from ._ansible_scope import split

    by_place: dict[tuple[int, int], dict[str, Occurrence]] = {}
    for values in scope.variants:
        for found in _read(documents, path, text, *split(values)).occurrences:
            if not found.unresolved:
                by_place.setdefault((found.line, found.column), {})[found.text] = found
    result: list[Occurrence] = []
    for occurrence in occurrences:
        place = (occurrence.line, occurrence.column)
        if _disputed(occurrence, scope.disputed) and place in by_place:
            kept = {o.text for o in occurrences if o.line == place[0] and o.column == place[1]}
            result.extend(o for t, o in by_place[place].items() if t not in kept)
        else:
            result.append(occurrence)
    return result


def _disputed(occurrence: Occurrence, disputed: frozenset[str]) -> bool:
    return any(set(_IDENTIFIER.findall(name)) & disputed for name in occurrence.unresolved)


@dataclass(frozen=True)
class _Scope:
    """What a file sees of its role's variables and the plays that run it."""

    scalars: dict[str, str]
    structures: dict[str, yaml.Node]
    #: Whether any play runs the role on the values known here.
    runs: bool = True
    #: The names the plays give different values, and the values of each play that runs it.
    disputed: frozenset[str] = frozenset()
    variants: tuple[dict[str, str | yaml.Node], ...] = ()


def _role_vars(path: str | None) -> _Scope:
    """The variables a file in a role's ``tasks/`` or ``handlers/`` (or a folder of them)
    sees: its scalars, and its lists and mappings (what a ``loop`` or a ``.key`` reads), and
    whether the plays run the role at all on those values (``_ansible_scope``: the role's
    defaults and vars after its dependencies', and what the plays that run it give)."""
    role = _role_of(path)
    if role is None:
        return _Scope({}, {})
    from ._ansible_scope import role_layers, split
    from ._jinja_expr import holds

    layers = role_layers(role)
    scalars, structures = layers.merged()

    def off(tests: tuple[str, ...], values: dict[str, str | yaml.Node]) -> bool:
        known_scalars, known_structures = split(values)

        def known(name: str) -> str | None:
            return _known(name, known_scalars, 0, known_structures)

        return any(holds(test, known) is False for test in tests)

    reached = layers.reached_under
    running = [values for tests, values in reached if not off(tests, values)]
    variants: dict[tuple[object, ...], dict[str, str | yaml.Node]] = {}
    for values in running:  # (one a distinct choice of the disputed names)
        key = tuple(
            _choice(values.get(name)) for name in sorted(layers.disputed)
        )  # fmt: skip
        variants.setdefault(key, values)
    return _Scope(
        scalars, structures, not reached or bool(running), layers.disputed,
        tuple(variants.values())[:_MAX_VARIANTS],
    )  # fmt: skip


def _choice(value: str | yaml.Node | None) -> object:
    return value if value is None or isinstance(value, str) else id(value)


#: At most this many plays' values of a role are read for an image they disagree on.
_MAX_VARIANTS = 8


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


def _loop_items(task: yaml.Node, lists: dict[str, yaml.Node]) -> list[dict[str, str]]:
    """The values of ``item`` a task's ``loop`` (``with_items``, ``with_list``) written in
    the file, or named from the role's defaults (``loop: "{{ docker_images }}"``), gives,
    each as variables (``item``, ``item.name``; the name ``loop_control.loop_var`` gives
    instead of ``item``); one without a loop, once."""
    var = scalar(get(get(task, "loop_control"), "loop_var")) or "item"
    for key in ("loop", "with_items", "with_list"):
        named = _JINJA.fullmatch((scalar(get(task, key)) or "").strip())
        listed = lists.get(named["body"]) if named else get(task, key)
        values = sequence(listed)
        if named is not None and is_sequence(listed) and not values:
            return []  # (a loop over an empty list runs the task no time)
        if values:
            found = []
            for value in values:
                text = scalar(value)
                if text is not None:
                    found.append({var: text})
                else:
                    found.append({f"{var}.{k}": v for k, v in _scalars(value).items()})
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
        self,
        path: str | None,
        text: str,
        role_vars: dict[str, str],
        role_lists: dict[str, yaml.Node],
    ) -> None:
        self.path = path
        self.text = text
        # (each value's file lookups read once: a role's defaults, the play's, a task's own)
        self.role_vars = self.files_read(role_vars)
        self.role_lists = role_lists
        self.occurrences: list[Occurrence] = []
        #: The images the file's tasks build, by name (and name:tag).
        self.built: dict[str, BuildSite] = {}
        #: The settings that, as known here, keep the task being read from running.
        self.off: frozenset[str] = frozenset()
        #: The templates read already (a task in a loop renders one template once here).
        self.rendered: set[str] = set()

    def expand(self, text: str, variables: dict[str, str]) -> tuple[str, tuple[str, ...]]:
        return _expand(text, variables, self.role_lists)

    def files_read(self, variables: dict[str, str]) -> dict[str, str]:
        """``variables`` with each ``lookup('file', 'NAME')`` replaced by the file's text
        (lemmy-ansible's ``lemmy_version | default(lookup('file', 'VERSION'))``)."""
        if self.path is None or not any("lookup" in value for value in variables.values()):
            return variables
        path = self.path
        return {
            name: _LOOKUP_FILE.sub(lambda match: _file_text(match, path), value)
            if "lookup" in value else value
            for name, value in variables.items()
        }  # fmt: skip

    def disabled(self, written: str, variables: dict[str, str]) -> bool:
        """Whether the image is a mapping's ``image`` whose ``enabled`` is false on the values
        known here (kolla-ansible's ``service.image`` of a service with ``enabled: "{{
        enable_neutron_sriov | bool }}"``, as a chart's part with ``enabled: false``)."""
        whole = _JINJA.fullmatch(written.strip())
        owner = _OWNER.fullmatch(whole["body"]) if whole else None
        if owner is None:
            return False
        enabled = _path_value(f"{owner['owner']}.enabled", variables, self.role_lists, 0)
        if enabled is None:
            return False
        test = _JINJA.fullmatch(enabled.strip())
        from ._jinja_expr import holds

        def known(name: str) -> str | None:
            return _known(name, variables, 0, self.role_lists)

        return holds(test["body"] if test else repr(enabled.strip()), known) is False

    def play(self, play: yaml.Node) -> None:
        values: dict[str, str | yaml.Node] = {}
        if self.path is not None and not self.role_vars:
            from ._ansible_scope import play_layers

            values = play_layers(play, self.path).layers[0]
        else:
            for key, value, _ in items(get(play, "vars")):
                text = scalar(value)
                values[key] = value if text is None else text
        texts = self.files_read({k: v for k, v in values.items() if isinstance(v, str)})
        variables = {**self.role_vars, **texts}
        saved = self.role_lists
        self.role_lists = {
            **saved, **{k: v for k, v in values.items() if not isinstance(v, str)}
        }  # fmt: skip
        try:
            for key in _PLAY_TASKS:
                for task in sequence(get(play, key)):
                    self.task(task, variables)
        finally:
            self.role_lists = saved

    def task(self, task: yaml.Node, outer: dict[str, str], depth: int = 0) -> None:
        if not is_mapping(task) or depth > _MAX_DEPTH:
            return
        variables = {**self.role_vars, **outer, **self.files_read(_scalars(get(task, "vars")))}
        saved = self.off
        self.off = saved | _switched_off(task, variables, self.role_lists)
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
                # (podman_container's `rootfs: true`: its image is a directory, no image)
                rootfs = (scalar(get(arguments, "rootfs")) or "").lower() in _ANSIBLE_TRUE
                if scalar(get(arguments, "state")) != "absent" and not rootfs:
                    self.image(get(arguments, "image"), None, variables, module, name)
            elif module in _IMAGES and is_mapping(arguments):
                self.image_task(module, arguments, variables, name)
            elif module in _KOLLA and is_mapping(arguments):
                if scalar(get(arguments, "action")) in _KOLLA_PULLS:
                    self.image(get(arguments, "image"), None, variables, module, name)
            elif module in _K8S and is_mapping(arguments):
                if scalar(get(arguments, "state")) not in ("absent", "patched"):
                    for image in _pod_images(get(arguments, "definition")):
                        self.image(image, None, variables, module, name)
            elif module in _COMMANDS:
                self.command_task(task, arguments, variables, module, name)
            elif module in _TEMPLATES:
                self.template_task(arguments, variables, name, position(key)[0])

    def command_task(
        self,
        task: yaml.Node,
        arguments: yaml.Node,
        variables: dict[str, str],
        module: str,
        name: str | None,
    ) -> None:
        """The images a command pulls with an engine's CLI (``crictl pull …``)."""
        from ._ansible_commands import pulled_images

        node = arguments if scalar(arguments) is not None else get(arguments, "cmd")
        command = scalar(node)
        if node is None or not command or self.off:
            return
        for written in pulled_images(command):
            text, unresolved = self.expand(written, variables)
            if not unresolved and not text.strip():
                continue  # (a setting left empty)
            line, column = _word_position(node, command, written, self.text)
            context: dict[str, object] = {"module": module.rsplit(".", 1)[-1], "field": "cmd"}
            if name:
                context["task"] = name
            self.occurrences.append(
                Occurrence.of_text(
                    path=self.path, line=line, column=column, kind=KIND, raw=written,
                    text=written if unresolved else text, unresolved=unresolved,
                    context=context,
                )
            )  # fmt: skip

    def template_task(
        self, arguments: yaml.Node, variables: dict[str, str], name: str | None, line: int
    ) -> None:
        """A compose file or a manifest the task renders from a template: its images."""
        from ._ansible_templates import find_template, template_images

        given = _free_form(arguments) if scalar(arguments) is not None else _scalars(arguments)
        src, _ = self.expand(given.get("src", ""), variables)
        # (a loop's `dest: "{{ item.dest }}"` whose own value names the inventory's
        # `{{ base_dir }}`: what it renders to is still known by its file name)
        dest = _partly_expanded(given.get("dest", ""), variables)
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
            template_images(template, dest, lambda text: self.expand(text, variables), context)
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
        # (podman_image's `pull: false`: an image the host has already, pushed or tagged)
        kept = (scalar(get(arguments, "pull")) or "").lower() in _ANSIBLE_FALSE
        if source in ("load", "local") or (builds and source != "pull") or kept:
            image = scalar(get(arguments, "name"))
            if builds and image is not None:
                text, unresolved = self.expand(image, variables)
                if not unresolved:
                    line = value_position(get(arguments, "name"))[0]  # type: ignore[arg-type]
                    site = BuildSite(KIND, self.path, line)
                    built_tag = self.expand(scalar(get(arguments, "tag")) or "latest", variables)[0]
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
        if self.off or self.disabled(written, variables):
            return  # (a task that does not run under the values known here)
        text, unresolved = self.expand(written, variables)
        if not unresolved and not text.strip():
            return  # (a setting left empty: the task fails, or pulls nothing)
        if tag and not unresolved:
            tagged, tag_unresolved = self.expand(tag, variables)
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
        """A container of an image a task of the file builds runs that build; so does one
        whose image is written as a name a task of its role builds (``_ansible_builds``)."""
        marked = []
        written: dict[str, tuple[str, int]] | None = None
        for occurrence in self.occurrences:
            field = occurrence.context.get("field")
            if field not in ("image", "name"):
                marked.append(occurrence)
                continue
            site = self.built.get(occurrence.text) if field == "image" else None
            if site is None and occurrence.unresolved:  # (a name only a run gives)
                if written is None:
                    written = self.role_builds()
                found = written.get(same_name(occurrence.raw))
                if found is not None:
                    site = BuildSite(KIND, self.placed(found[0]), found[1])
            if site is not None:
                occurrence = occurrence.replace(built=site)
            marked.append(occurrence)
        self.occurrences = marked

    def role_builds(self) -> dict[str, tuple[str, int]]:
        role = _role_of(self.path)
        if role is None:
            return {}
        names = frozenset(
            root[1] for o in self.occurrences for name in o.unresolved
            if (root := _ROOT.match(name)) is not None
        )  # fmt: skip
        return role_builds(role, names)

    def placed(self, other: str) -> str:
        """Another file's path, written as this file's is (relative to the same place)."""
        if self.path is None or os.path.isabs(self.path):
            return other
        here = os.path.dirname(os.path.abspath(self.path))
        return os.path.normpath(
            os.path.join(os.path.dirname(self.path), os.path.relpath(other, here))
        )


def _pod_images(definition: yaml.Node | None, depth: int = 0) -> list[yaml.Node]:
    """The ``image`` nodes of the pod specs in a ``k8s`` task's ``definition`` (an object, or a
    list of them), wherever they are in it (a Deployment's ``spec.template.spec``, a CronJob's
    ``jobTemplate``): kubernetes.core.k8s creates the objects as written, and the cluster
    pulls what their containers run. kerberos-io/agent's ``deployments/ansible-openshift/
    playbook.yml`` creates its Deployment so (``kerberos/agent:latest``, survey s48d). A
    definition that is a string (``"{{ lookup('template', …) | from_yaml }}"``) is a run's."""
    found: list[yaml.Node] = []
    if definition is None or depth > _MAX_DEPTH:
        return found
    if is_sequence(definition):
        for item in sequence(definition):
            found.extend(_pod_images(item, depth + 1))
        return found
    if not is_mapping(definition):
        return found
    for key, value, _ in items(definition):
        if key in _POD_CONTAINERS and is_sequence(value):
            for container in sequence(value):
                image = get(container, "image") if is_mapping(container) else None
                if image is not None:
                    found.append(image)
        elif key != "metadata" and (is_mapping(value) or is_sequence(value)):
            found.extend(_pod_images(value, depth + 1))
    return found


def _word_position(node: yaml.Node, command: str, word: str, text: str) -> tuple[int, int]:
    """Where a word of a command is in the file (``text``): on its own line of a literal
    block (``|``), else where the command starts."""
    start = command.find(word)
    line_start = command.rfind("\n", 0, max(start, 0)) + 1
    found = literal_line_position(node, command.count("\n", 0, line_start), text)
    if start < 0 or found is None:
        return value_position(node)
    return found[0], found[1] + start - line_start


def _expand(
    text: str,
    variables: dict[str, str],
    structures: Mapping[str, yaml.Node] = _NO_STRUCTURES,
    depth: int = 0,
) -> tuple[str, tuple[str, ...]]:
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
            value, inner = _expand(variables[name], variables, structures, depth + 1)
            if not inner:
                return value
            missing.update(dict.fromkeys(inner))
            return match[0]
        if depth < _MAX_DEPTH and (found := _path_value(name, variables, structures, depth)):
            # (a key of a role's mapping: `service.image`, `images[name].repo`)
            value, inner = _expand(found, variables, structures, depth + 1)
            if not inner:
                return value
            missing.update(dict.fromkeys(inner))
            return match[0]
        if default is not None:
            return default["value"]
        if not _NAME.match(body) and depth < _MAX_DEPTH:
            # (a role's choice of registry or tag: `'localhost/' if self_build else …`)
            from ._jinja_expr import evaluate

            chosen = evaluate(body, lambda known: _known(known, variables, depth + 1, structures))
            if chosen is not None:
                return chosen
        missing[body] = None
        return match[0]

    return _JINJA.sub(put, text), tuple(missing)


#: Ansible's file lookup of a literal name: ``lookup('file', 'VERSION')``.
_LOOKUP_FILE = lazy_pattern(
    r"lookup\(\s*(?P<q>['\"])file(?P=q)\s*,\s*(?P<p>['\"])(?P<name>[^'\"{}]+)(?P=p)\s*\)"
)
#: The most of a file a lookup puts in (a version or a name; not a document).
_LOOKUP_BYTES = 256


def _file_text(match: re.Match[str], path: str) -> str:
    """A file lookup as a Jinja string of the file's text (its trailing blanks stripped, as
    the lookup's ``rstrip`` does), or the lookup as written when the file is not here or is
    not one short line. Ansible looks in the role's ``files/`` and folders, then beside the
    playbook and in its ``files/``."""
    name = match["name"]
    here = os.path.dirname(os.path.abspath(path))
    folders = [os.path.join(here, "files"), here]
    if os.path.basename(here) in ("tasks", "handlers", "vars", "defaults"):
        role = os.path.dirname(here)
        folders[:0] = [os.path.join(role, "files"), role]
    for folder in folders:
        candidate = os.path.normpath(os.path.join(folder, name))
        if not os.path.isfile(candidate):
            continue
        try:
            with open(candidate, encoding="utf-8") as handle:
                text = handle.read(_LOOKUP_BYTES + 1).rstrip()
        except (OSError, UnicodeDecodeError):
            return match[0]
        if len(text) > _LOOKUP_BYTES or "\n" in text or "'" in text or "{" in text:
            return match[0]
        return f"'{text}'"
    return match[0]


def _partly_expanded(text: str, variables: dict[str, str], depth: int = 0) -> str:
    """``text`` with each ``{{ name }}`` that has a value here put in, even where that
    value names others that have none (those are left as written)."""

    def put(match: re.Match[str]) -> str:
        name = match["body"]
        if depth < _MAX_DEPTH and _NAME.match(name) and name in variables:
            return _partly_expanded(variables[name], variables, depth + 1)
        return match[0]

    return _JINJA.sub(put, text)


def _path_value(
    body: str, variables: dict[str, str], structures: Mapping[str, yaml.Node], depth: int
) -> str | None:
    """The text at a path into a list or mapping the role defines (``services[name].image``,
    ``service.image`` where ``service: "{{ services[name] }}"``); ``None`` when the path is
    not one, or names what is not known here (or is no text: ``image: false`` too)."""
    node = _node_at(body.strip(), variables, structures, depth)
    text = scalar(node) if node is not None else None
    if text is None or text.strip().lower() in _NOT_TEXT:
        return None
    return text


def _node_at(
    body: str, variables: dict[str, str], structures: Mapping[str, yaml.Node], depth: int
) -> yaml.Node | None:
    path = _PATH.fullmatch(body)
    if path is None or depth >= _MAX_DEPTH:
        return None
    base = path["base"]
    node: yaml.Node | None
    if base in structures:
        node = structures[base]
    elif base in variables and path["rest"]:
        alias = _JINJA.fullmatch(variables[base].strip())  # (`service: "{{ services[x] }}"`)
        if alias is None:
            return None
        node = _node_at(alias["body"], variables, structures, depth + 1)
    else:
        return None
    for step in _STEP.finditer(path["rest"]):
        key = step["attr"] or step["quoted"] or step["dquoted"]
        if key is None:
            key = _known(step["name"], variables, depth + 1, structures)
        if key is None or not is_mapping(node):
            return None
        node = get(node, key)
    return node


def _switched_off(
    task: yaml.Node, variables: dict[str, str], structures: Mapping[str, yaml.Node]
) -> frozenset[str]:
    """The names in a task's ``when`` tests that are false on the values known here
    (``when: not app_self_build | bool`` with ``app_self_build: true``): the task (a block's
    tasks) does not run with the role's values, as a chart's part with ``enabled: false``."""
    when = get(task, "when")
    tests = [scalar(node) for node in sequence(when)] if is_sequence(when) else [scalar(when)]
    from ._jinja_expr import holds

    names: set[str] = set()

    def known(name: str) -> str | None:
        return _known(name, variables, 0, structures)

    for test in tests:
        if test is not None and holds(test, known) is False:
            names.update(_IDENTIFIER.findall(test))
    return frozenset(names)


def _known(
    name: str,
    variables: dict[str, str],
    depth: int,
    structures: Mapping[str, yaml.Node] = _NO_STRUCTURES,
) -> str | None:
    """A variable's value with its own ``{{ … }}`` put in; ``None`` when it has none here."""
    if depth >= _MAX_DEPTH:
        return None
    if name in variables:
        written: str | None = variables[name]
    else:
        written = _path_value(name, variables, structures, depth)
    if written is None:
        return None
    value, missing = _expand(written, variables, structures, depth)
    return None if missing else value
