"""The variables a role's files see: its own, and those the plays that run it give.

Ansible exposes the ``defaults`` and ``vars`` of every role a play names in ``roles:`` or
imports with ``import_role`` (and of their ``meta`` dependencies) to the whole play, unless
``private_role_vars`` is set (it is not by default): kubespray's roles take
``kube_image_repo`` from ``kubespray_defaults``, ceph-ansible's from ``ceph-defaults``. A
playbook's own ``group_vars/all`` (next to the playbook: kolla-ansible's
``ansible/group_vars/all/``) applies to every host of its plays. The precedence, lowest
first: the play's roles' defaults, the role's own (after its dependencies'), the playbook's
``group_vars/all``, the play's ``vars`` and ``vars_files``, the play's roles' vars, the role's
own vars.

A role that several plays run sees, from the plays, what they agree on; a name two plays
give two values is ``disputed``, and the reader reads an image that names it once for each
play's values. The inventory's
``group_vars`` are the user's and are not read.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from types import MappingProxyType

from .._lazy import lazy_pattern
from ._yaml import get, is_mapping, is_sequence, items, load_yaml, scalar, sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import yaml

__all__ = ["Layers", "play_layers", "role_layers", "roles_folder_of", "split"]

#: A variable's value: a scalar's text, or a list or mapping (what a loop or a ``.key`` reads).
Value = "str | yaml.Node"

_ROLE_IMPORTS = frozenset(
    ("import_role", "ansible.builtin.import_role", "include_role", "ansible.builtin.include_role")
)
_PLAY_TASKS = ("pre_tasks", "tasks", "post_tasks", "handlers")
_TRUE = frozenset(("true", "yes", "on", "1"))
#: Folders that hold no playbook of the project's own.
_SKIPPED = frozenset(
    {"roles", "group_vars", "host_vars", "molecule", "node_modules", "templates", "files"}
)
_MAX_PLAYBOOKS = 400
_MAX_BYTES = 1 << 20
_MAX_DEPTH = 8
#: At most this many files of variables a role folder.
_MAX_VARS_FILES = 64


@dataclass(frozen=True)
class Layers:
    """A role's variables in precedence order (each later one wins)."""

    layers: tuple[dict[str, str | yaml.Node], ...]
    #: Each way the plays reach the role (a play's ``roles:`` entry, a ``meta`` dependency,
    #: an ``import_role`` task): the ``when`` tests on it, and the values of that play; none
    #: when no play names the role.
    reached_under: tuple[tuple[tuple[str, ...], dict[str, str | yaml.Node]], ...] = ()
    #: The names the plays that run the role give different values.
    disputed: frozenset[str] = frozenset()

    def merged(self) -> tuple[dict[str, str], dict[str, yaml.Node]]:
        """Scalars, and lists and mappings, each name's last value."""
        values: dict[str, str | yaml.Node] = {}
        for layer in self.layers:
            values.update(layer)
        return split(values)


def split(values: dict[str, str | yaml.Node]) -> tuple[dict[str, str], dict[str, yaml.Node]]:
    """Scalars, and lists and mappings."""
    scalars = {k: v for k, v in values.items() if isinstance(v, str)}
    structures = {k: v for k, v in values.items() if not isinstance(v, str)}
    return scalars, structures


def role_layers(role: str) -> Layers:
    """The variables a role's tasks and templates see: what every play that runs it agrees
    on (its own, when none does)."""
    role = os.path.abspath(role)
    folder = roles_folder_of(role)
    own = _with_dependencies(role)
    plays = _plays_running(role, folder) if folder is not None else []
    if not plays:
        return Layers((_merged(own, "defaults"), _merged(own, "vars")))
    each = [_play_values(play, own) for play in plays]
    ways = tuple(
        (way, values) for play, values in zip(plays, each, strict=True)
        for way in play.ways.get(role, ())
    )  # fmt: skip
    agreed = _agreed(each)
    disputed = frozenset(name for values in each for name in values if name not in agreed)
    return Layers((agreed,), ways, disputed)


def _play_values(play: _Play, own: tuple[str, ...]) -> dict[str, str | yaml.Node]:
    """Lowest first: the play's roles' defaults, the role's own, the playbook's
    ``group_vars/all``, the play's ``vars``, the play's roles' vars, the role's own."""
    return {
        **_merged(play.roles, "defaults"),
        **_merged(own, "defaults"),
        **_group_vars(play.playbook_dir),
        **play.variables,
        **_merged(play.roles, "vars"),
        **_merged(own, "vars"),
    }


def roles_folder_of(role: str) -> str | None:
    """The ``roles/`` folder a role is in (``roles/kubernetes/node`` is in ``roles/``)."""
    directory = os.path.dirname(role)
    for _ in range(3):
        if os.path.basename(directory) == "roles":
            return directory
        directory = os.path.dirname(directory)
    return None


@dataclass(frozen=True)
class _Play:
    playbook_dir: str
    #: The roles the play names and imports, with their dependencies, in the order run.
    roles: tuple[str, ...]
    #: Each role's ways in: the ``when`` tests on the way.
    ways: dict[str, list[tuple[str, ...]]]
    #: The play's own ``vars``.
    variables: dict[str, str | yaml.Node]


def _plays_running(role: str, folder: str) -> list[_Play]:
    return [play for play in _plays(os.path.dirname(folder)) if role in play.ways]


def _plays(project: str) -> tuple[_Play, ...]:
    files = _yaml_files(project)
    return _plays_of(project, tuple((path, *_stamp(path)) for path in files))


@functools.lru_cache(maxsize=32)
def _plays_of(project: str, files: tuple[tuple[str, int, int], ...]) -> tuple[_Play, ...]:
    """The plays of the playbooks in a project's folder and its folders one deep (``files``
    with their times and sizes, so that a changed one is read again)."""
    from .ansible import is_playbook

    plays: list[tuple[yaml.Node, str]] = []
    for path, *_ in files:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read(_MAX_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        if not is_playbook(text):
            continue
        here = os.path.dirname(path)
        for document in load_yaml(text, path=path).documents:
            plays += [(play, here) for play in sequence(document) if get(play, "hosts")]
    groups = _setting_groups(play for play, _ in plays)
    return tuple(_play(play, here, project, groups) for play, here in plays)


def _setting_groups(plays: Iterator[yaml.Node]) -> dict[str, str]:
    """The groups that ``group_by`` makes of a setting, with the test a host of one passes:
    ``key: "enable_trove_{{ enable_trove | bool }}"`` makes ``enable_trove_True`` (``enable_trove
    | bool``) and ``enable_trove_False`` (kolla-ansible's site.yml, a play of
    ``hosts: [trove-api, "&enable_trove_True"]``)."""
    groups: dict[str, str] = {}
    for play in plays:
        for key in _PLAY_TASKS:
            for task in sequence(get(play, key)):
                for module, arguments, _ in items(task):
                    if module not in ("group_by", "ansible.builtin.group_by"):
                        continue
                    keys = [scalar(get(arguments, "key"))]
                    if _SETTING_KEY.fullmatch(keys[0] or "") is None:
                        keys = [
                            scalar(n)
                            for k in ("loop", "with_items")
                            for n in sequence(get(task, k))
                        ]
                    for written in keys:
                        found = _SETTING_KEY.fullmatch((written or "").strip())
                        if found is not None:
                            groups[f"{found['prefix']}True"] = f"{found['name']} | bool"
                            groups[f"{found['prefix']}False"] = f"not {found['name']} | bool"
    return groups


#: A ``group_by`` key made of a setting's truth: ``enable_nova_{{ enable_nova | bool }}``.
_SETTING_KEY = lazy_pattern(r"(?P<prefix>[\w-]*_)\{\{\s*(?P<name>[A-Za-z_]\w*)\s*\|\s*bool\s*\}\}")


def _hosts_tests(play: yaml.Node, groups: dict[str, str]) -> tuple[str, ...]:
    """The tests a host passes to be in a play's ``hosts`` that intersect (``&group``) a
    group that ``group_by`` makes of a setting."""
    hosts = get(play, "hosts")
    written = (
        [scalar(n) or "" for n in sequence(hosts)] if is_sequence(hosts) else [scalar(hosts) or ""]
    )
    patterns = [p.strip() for text in written for p in re.split(r"[,:]", text)]
    return tuple(groups[p[1:]] for p in patterns if p.startswith("&") and p[1:] in groups)


def _play(play: yaml.Node, here: str, project: str, groups: dict[str, str] | None = None) -> _Play:
    roles: list[str] = []
    ways: dict[str, list[tuple[str, ...]]] = {}
    on_hosts = _hosts_tests(play, groups or {})
    for name, role_tests, exposed in _role_names(play):
        tests = on_hosts + role_tests
        directory = _role_dir(name, here, project) if name else None
        if directory is not None:
            # (an include_role's variables are its own, unless `public: true`)
            into = roles if exposed else []
            _add_with_dependencies(directory, into, 0, tests, ways)
    variables = {**_folder_values_of(get(play, "vars")), **_vars_files(play, here)}
    return _Play(here, tuple(roles), ways, variables)


def _vars_files(play: yaml.Node, here: str) -> Mapping[str, str | yaml.Node]:
    """The values of a play's ``vars_files`` (relative to the playbook; above its ``vars``, as
    Ansible ranks them); a file the run names (``{{ … }}``), or a list of choices, is not read."""
    files = [
        os.path.normpath(os.path.join(here, written))
        for node in sequence(get(play, "vars_files"))
        if (written := scalar(node)) and "{" not in written
    ][:_MAX_VARS_FILES]
    if not files:
        return {}
    return _values_of(tuple((file, *_stamp(file)) for file in files))


def play_layers(play: yaml.Node, playbook: str) -> Layers:
    """The variables a playbook's own tasks see from its play's roles, its
    ``group_vars/all`` and the play's ``vars``."""
    here = os.path.dirname(os.path.abspath(playbook))
    return Layers((_play_values(_play(play, here, os.path.dirname(here)), ()),))


def _yaml_files(project: str) -> list[str]:
    files: list[str] = []
    try:
        entries = sorted(os.scandir(project), key=lambda e: e.name)
    except OSError:
        return files
    for entry in entries:
        if entry.is_file() and entry.name.endswith((".yml", ".yaml")):
            files.append(entry.path)
        elif entry.is_dir() and not entry.name.startswith(".") and entry.name not in _SKIPPED:
            try:
                inner = sorted(os.scandir(entry.path), key=lambda e: e.name)
            except OSError:
                continue
            files += [e.path for e in inner if e.is_file() and e.name.endswith((".yml", ".yaml"))]
    return files[:_MAX_PLAYBOOKS]


def _role_names(play: yaml.Node) -> Iterator[tuple[str | None, tuple[str, ...], bool]]:
    """The roles a play names, each with the ``when`` tests it is run under, and whether its
    variables are the play's (``roles:``, ``import_role``; ``include_role`` with ``public``)."""
    for entry in sequence(get(play, "roles")):
        name = scalar(entry) or scalar(get(entry, "role")) or scalar(get(entry, "name"))
        yield name, when_tests(entry), True
    for key in _PLAY_TASKS:
        yield from _imported(sequence(get(play, key)), (), 0)


def _imported(
    tasks: list[yaml.Node], outer: tuple[str, ...], depth: int
) -> Iterator[tuple[str | None, tuple[str, ...], bool]]:
    for task in tasks:
        tests = outer + when_tests(task)
        if depth < _MAX_DEPTH:
            for key in ("block", "rescue", "always"):
                yield from _imported(sequence(get(task, key)), tests, depth + 1)
        for module, arguments, _ in items(task):
            if module in _ROLE_IMPORTS:
                name = scalar(get(arguments, "name")) or scalar(get(arguments, "role"))
                public = (scalar(get(arguments, "public")) or "").lower() in _TRUE
                yield name, tests, module.endswith("import_role") or public


def when_tests(node: yaml.Node | None) -> tuple[str, ...]:
    """A task's (or a role entry's) ``when`` tests, one a string; ``{{ }}`` taken off."""
    when = get(node, "when")
    written = [scalar(test) for test in sequence(when)] if is_sequence(when) else [scalar(when)]
    tests = []
    for test in written:
        if test is not None:
            test = test.strip()
            if test.startswith("{{") and test.endswith("}}"):
                test = test[2:-2].strip()
            tests.append(test)
    return tuple(tests)


def _role_dir(name: str, playbook_dir: str, project: str) -> str | None:
    """Where Ansible finds a role by name: ``roles/`` next to the playbook, the project's;
    for a playbook of an ansible-test integration target, the targets themselves (ansible-test
    puts ``tests/integration/targets`` on the roles path: community.docker's
    ``inventory_docker_containers/playbooks/docker_setup.yml`` imports ``setup_docker``)."""
    if "{" in name or os.path.isabs(name) or ".." in name or name.count(".") >= 2:
        return None  # (a collection's role, or one the run names)
    candidates = [os.path.join(base, "roles", name) for base in (playbook_dir, project)]
    targets = _TARGETS.search(playbook_dir.replace(os.sep, "/"))
    if targets is not None:
        candidates.append(os.path.join(playbook_dir[: targets.end()], name))
    for candidate in candidates:
        candidate = os.path.normpath(candidate)
        if os.path.isdir(candidate):
            return candidate
    return None


#: Where ansible-test's integration targets are (each a role, and on the roles path).
_TARGETS = lazy_pattern(r"(?:^|/)tests/integration/targets(?=/|$)")


def _with_dependencies(role: str) -> tuple[str, ...]:
    roles: list[str] = []
    _add_with_dependencies(role, roles, 0, (), {})
    return tuple(roles)


def _add_with_dependencies(
    role: str,
    roles: list[str],
    depth: int,
    tests: tuple[str, ...],
    ways: dict[str, list[tuple[str, ...]]],
) -> None:
    """A role after the roles its ``meta/main.yml`` depends on (each once), and the way
    to each (the ``when`` tests on it)."""
    if depth > _MAX_DEPTH or tests in ways.get(role, ()):
        return
    ways.setdefault(role, []).append(tests)
    folder = roles_folder_of(role) or os.path.dirname(role)
    for name, more in dependencies(role):
        candidate = os.path.normpath(os.path.join(folder, name))
        if os.path.isdir(candidate):
            _add_with_dependencies(candidate, roles, depth + 1, tests + more, ways)
    if role not in roles:
        roles.append(role)


def dependencies(role: str) -> list[tuple[str, tuple[str, ...]]]:
    """The roles that ``meta/main.yml`` depends on, by name (``network_plugin/calico`` too),
    each with its ``when`` tests."""
    names: list[tuple[str, tuple[str, ...]]] = []
    for document in role_documents(os.path.join(role, "meta")):
        for entry in sequence(get(document, "dependencies")):
            name = scalar(entry) or scalar(get(entry, "role")) or scalar(get(entry, "name"))
            if name and "{" not in name and not os.path.isabs(name) and ".." not in name:
                names.append((name, when_tests(entry)))
    return names


def _merged(roles: tuple[str, ...], place: str) -> dict[str, str | yaml.Node]:
    values: dict[str, str | yaml.Node] = {}
    for role in roles:
        values.update(_folder_values(os.path.join(role, place)))
    return values


def _group_vars(playbook_dir: str) -> Mapping[str, str | yaml.Node]:
    """A playbook's ``group_vars/all.yml`` (or the files of ``group_vars/all/``)."""
    base = os.path.join(playbook_dir, "group_vars")
    return _folder_values(base, "all")


def _folder_values(folder: str, main: str = "main") -> Mapping[str, str | yaml.Node]:
    files = _folder_files(folder, main)
    return _values_of(tuple((file, *_stamp(file)) for file in files))


@functools.lru_cache(maxsize=2048)
def _values_of(files: tuple[tuple[str, int, int], ...]) -> Mapping[str, str | yaml.Node]:
    """The values of files of variables (with their times and sizes: read again when
    changed), read once however many plays name their role."""
    values: dict[str, str | yaml.Node] = {}
    for file, mtime, size in files:
        for document in _documents(file, mtime, size):
            values.update(_folder_values_of(document))
    return MappingProxyType(values)


def _folder_values_of(document: yaml.Node | None) -> dict[str, str | yaml.Node]:
    """A mapping's values: a scalar's text, or a list or mapping."""
    values: dict[str, str | yaml.Node] = {}
    for key, value, _ in items(document):
        text = scalar(value)
        if text is not None:
            values[key] = text
        elif is_sequence(value) or is_mapping(value):
            values[key] = value
    return values


def role_documents(folder: str, main: str = "main") -> list[yaml.Node]:
    """The documents of a folder's ``main.yml`` (``main.yaml``), or of the files of its
    ``main/`` folder (in name order, as Ansible reads them)."""
    documents: list[yaml.Node] = []
    for file in _folder_files(folder, main):
        documents.extend(_documents(file, *_stamp(file)))
    return documents


def _folder_files(folder: str, main: str) -> list[str]:
    files = [os.path.join(folder, f"{main}.{ext}") for ext in ("yml", "yaml")]
    split = os.path.join(folder, main)
    if os.path.isfile(split):
        # (Ansible reads a file of variables without an extension too: apache/openwhisk's
        # ansible/group_vars/all)
        files.append(split)
    elif os.path.isdir(split):
        try:
            names = sorted(os.listdir(split))
        except OSError:
            names = []
        files += [os.path.join(split, n) for n in names if n.endswith((".yml", ".yaml"))]
    return files[:_MAX_VARS_FILES]


def _stamp(path: str) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return -1, -1
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=1024)
def _documents(path: str, mtime: int, size: int) -> tuple[yaml.Node, ...]:
    """(``mtime`` and ``size`` tell a changed file from the one read; the same nodes are
    given each time, so that two plays' values of one file are one value.)"""
    if mtime < 0:
        return ()
    try:
        with open(path, encoding="utf-8") as handle:
            data = handle.read(_MAX_BYTES)
    except (OSError, UnicodeDecodeError):
        return ()
    return tuple(load_yaml(data, path=path).documents)


def _agreed(per_play: list[dict[str, str | yaml.Node]]) -> dict[str, str | yaml.Node]:
    """The names that every play giving them gives one value (the same text, or the same
    list or mapping of the same file)."""
    agreed: dict[str, str | yaml.Node] = {}
    disputed: set[str] = set()
    for values in per_play:
        for name, value in values.items():
            if name in disputed:
                continue
            if name not in agreed:
                agreed[name] = value
            elif not _same(agreed[name], value):
                disputed.add(name)
                del agreed[name]
    return agreed


def _same(one: str | yaml.Node, other: str | yaml.Node) -> bool:
    if isinstance(one, str) or isinstance(other, str):
        return one == other
    return one is other
