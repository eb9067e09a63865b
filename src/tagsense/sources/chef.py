"""Chef recipes: the images the docker cookbook's resources pull.

A recipe is a cookbook's ``recipes/NAME.rb``. The docker cookbook (sous-chefs/docker) gives
two resources that pull an image:

- ``docker_image 'NAME' do … end`` pulls ``repo`` (the resource's name unless written)
  tagged ``tag`` (``latest`` when not written: no tag, as Docker reads it) with its default
  action ``:pull`` and with ``:pull_if_missing``.
  ``:build``/``:build_if_missing`` build that name from ``source`` instead (a container of it
  runs the build), ``:import``/``:load`` take it from an archive, and ``:remove``, ``:save``,
  ``:push``, ``:tag`` pull nothing.
- ``docker_tag 'NAME' do … end`` names ``target_repo:target_tag`` also ``to_repo:to_tag``
  (action ``:tag``): the recipe makes that image.
- ``docker_container 'NAME' do … end`` runs ``repo`` (the container's name unless written)
  tagged ``tag`` (``latest``), pulled when missing, with ``:run`` (its default),
  ``:run_if_missing``, ``:create`` and ``:redeploy``; its other actions (``:stop``,
  ``:kill``, ``:delete``…) act on a container that is there already.

Only what the recipe writes as a plain string is read (``'alpine'``, ``"3.1"``); a name or
tag that is Ruby (``node['app']['image']``, ``"#{repo}"``) is the run's and is left out, as
are resources inside a loop's block written on one line. The occurrence is at the ``repo``
(else the name), kind ``chef``, context ``resource`` and ``name``. A test cookbook's recipe
(below ``test/``, ``spec/``, ``fixtures/``) runs only when a Kitchen file above names it in a
run list (``recipe[docker_test::image]``) or another recipe of its cookbook includes it
(``include_recipe 'docker_test::registry'``): one that neither does is not read. An image the
same recipe builds (``docker_image`` with ``:build``) or tags (``docker_tag``) is that build's:
not pulled. A ``sha256:`` tag is the cookbook's way to write a digest (``repo@sha256:…``). An
``execute`` resource's ``command`` (its name unless written) is read for the engine's pulls, as
an Ansible ``command`` task's is (``docker pull vbatts/slackware``; field ``command``).
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from .._offsets import line_column
from ..occurrence import BuildSite, Occurrence, Scan, Suppression, suppressions_in_comment

__all__ = ["KIND", "is_chef_recipe_name", "scan_chef_recipe"]

KIND = "chef"

_STRING = r"""(?:'(?P<{0}s>[^'\\#]*)'|"(?P<{0}d>[^"\\#]*)")"""
#: A resource's first line: ``docker_image 'busybox' do`` (or with no block).
_START = lazy_pattern(
    r"^(?P<indent>[ \t]*)(?P<resource>docker_image|docker_container|docker_tag|execute)"
    r"[ \t]*\(?[ \t]*" + _STRING.format("name") + r"[ \t]*\)?[ \t]*(?P<block>do\b)?[ \t]*(?:#.*)?$",
    re.M,
)
#: A property of the block: ``repo 'alpine'``, ``tag "3.1"``, ``action :pull``.
_PROPERTY = lazy_pattern(
    r"^[ \t]*(?P<key>repo|tag|to_repo|to_tag|command|action)[ \t]*\(?[ \t]*(?:"
    + _STRING.format("value")
    + r"|(?P<symbols>\[?[ \t]*:\w+(?:[ \t]*,[ \t]*:\w+)*[ \t]*\]?)|(?P<other>[^ \t#\n]))",
    re.M,
)
_SYMBOL = lazy_pattern(r":(\w+)")

#: The actions of each resource that pull its image when it is not there.
_PULLS = {
    "docker_image": frozenset({"pull", "pull_if_missing"}),
    "docker_container": frozenset({"run", "run_if_missing", "create", "redeploy"}),
    "docker_tag": frozenset(),
    "execute": frozenset({"run"}),
}
_DEFAULT_ACTION = {
    "docker_image": "pull",
    "docker_container": "run",
    "docker_tag": "tag",
    "execute": "run",
}
_BUILDS = frozenset({"build", "build_if_missing"})


def is_chef_recipe_name(path: str) -> bool:
    """``recipes/default.rb``: a Chef cookbook's recipe."""
    return path.endswith(".rb") and os.path.basename(os.path.dirname(path)) == "recipes"


def scan_chef_recipe(text: str, path: str | None = None) -> Scan:
    """The images a recipe's ``docker_image``, ``docker_container`` and ``execute``
    resources pull. Never raises."""
    if "docker" not in text and "pull" not in text:
        return Scan()
    if path is not None and not _converged(path):
        return Scan()  # (a test cookbook's recipe that no suite runs)
    built: dict[str, BuildSite] = {}
    found: list[tuple[str, Occurrence]] = []
    for start in _START.finditer(text):
        resource = start["resource"]
        name = _value(start, "name")
        body = _body(text, start) if start["block"] else ""
        settings: dict[str, tuple[str, int] | None] = {}
        actions: set[str] = set()
        body_at = start.end()
        for prop in _PROPERTY.finditer(body):
            key = prop["key"]
            if key == "action":
                actions.update(_SYMBOL.findall(prop["symbols"] or ""))
            elif key not in settings:
                value = _value(prop, "value")
                group = "values" if prop["values"] is not None else "valued"
                settings[key] = (value, body_at + prop.start(group)) if value is not None else None
        if not actions:
            actions.add(_DEFAULT_ACTION[resource])
        if resource == "docker_tag":
            made, made_tag = settings.get("to_repo"), settings.get("to_tag")
            if made is not None and "tag" in actions:
                key = _tagged(made[0], made_tag[0] if made_tag is not None else "latest")
                line = text.count("\n", 0, made[1]) + 1
                built.setdefault(key, BuildSite(KIND, path, line))
            continue
        name_at = start.start("names") if start["names"] is not None else start.start("named")
        if resource == "execute":  # (the command is the name unless written)
            command = settings.get("command", None if name is None else (name, name_at))
            if command is not None and "run" in actions:
                found.extend(_command_pulls(text, command, path))
            continue
        if name is None or ("repo" in settings and settings["repo"] is None):
            continue  # (a name only the run knows)
        if "tag" in settings and settings["tag"] is None:
            continue
        repo, at = settings.get("repo") or (name, name_at)
        tag_setting = settings.get("tag")
        tag = tag_setting[0] if tag_setting is not None else ""
        image, key = _tagged(repo, tag), _tagged(repo, tag or "latest")
        line, column = line_column(text, at)
        if resource == "docker_image" and actions & _BUILDS:
            built.setdefault(key, BuildSite(KIND, path, line))
        if not actions & _PULLS[resource]:
            continue
        context = {"resource": resource, "name": name}
        occurrence = Occurrence.of_text(
            path=path, line=line, column=column, kind=KIND, raw=repo, text=image, context=context
        )
        found.append((key, occurrence))
    occurrences = [o if key not in built else o.replace(built=built[key]) for key, o in found]
    return Scan(occurrences, (), _suppressions(text, path))


#: The directories that hold the cookbooks a cookbook's tests converge.
_TEST_PLACES = frozenset({"test", "tests", "spec", "fixtures"})
_KITCHEN_NAME = lazy_pattern(r"\.?kitchen(?:\.[\w-]+)*\.ya?ml")
#: How far up from a test cookbook its Kitchen files may be.
_MAX_UP = 6
_MAX_BYTES = 1 << 20


def _converged(path: str) -> bool:
    """Whether a recipe runs: any of a cookbook's own (its users' run lists name them); one of
    a test cookbook (below ``test/``, ``spec/``, ``fixtures/``) only when a Kitchen file above
    it names it in a run list (``recipe[docker_test::image]``; ``docker_test`` for
    ``default``) or another recipe of its cookbook includes it."""
    recipes = os.path.dirname(os.path.abspath(path))
    cookbook_dir = os.path.dirname(recipes)
    parts = cookbook_dir.split(os.sep)
    if _TEST_PLACES.isdisjoint(parts[:-1]):
        return True
    cookbook, recipe = parts[-1], os.path.basename(path)[: -len(".rb")]
    wanted = re.compile(
        rf"""(?<![\w-]){re.escape(cookbook)}::{re.escape(recipe)}(?![\w-])"""
        + (
            rf"""|recipe\[{re.escape(cookbook)}\]|['"]{re.escape(cookbook)}['"]"""
            if recipe == "default"
            else ""
        )
    )
    texts = list(_kitchen_texts(cookbook_dir))
    if not texts:
        return True  # (no Kitchen file to say: read as a cookbook's own)
    try:
        siblings = [os.path.join(recipes, n) for n in os.listdir(recipes) if n.endswith(".rb")]
    except OSError:
        siblings = []
    for sibling in siblings:
        if os.path.basename(sibling) != os.path.basename(path):
            texts.append(_read(sibling))
    return any(wanted.search(text) for text in texts)


def _kitchen_texts(directory: str) -> list[str]:
    """The Kitchen files of the nearest directory above that has any."""
    for _ in range(_MAX_UP):
        directory = os.path.dirname(directory)
        try:
            names = os.listdir(directory)
        except OSError:
            return []
        found = [n for n in sorted(names) if _KITCHEN_NAME.fullmatch(n)]
        if found:
            return [_read(os.path.join(directory, name)) for name in found]
        if ".git" in names:
            return []
    return []


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read(_MAX_BYTES)
    except (OSError, UnicodeDecodeError):
        return ""


def _command_pulls(
    text: str, command: tuple[str, int], path: str | None
) -> list[tuple[str, Occurrence]]:
    """The images an ``execute`` resource's shell command pulls (``docker pull IMAGE``)."""
    written, at = command
    if "pull" not in written:
        return []
    from ._ansible_commands import pulled_images

    found = []
    for image in pulled_images(written):
        offset = at + max(written.find(image), 0)
        line, column = line_column(text, offset)
        context = {"resource": "execute", "field": "command"}
        occurrence = Occurrence.of_text(
            path=path, line=line, column=column, kind=KIND, raw=image, text=image, context=context
        )
        found.append((image if ":" in image.rsplit("/", 1)[-1] else f"{image}:latest", occurrence))
    return found


def _value(match: re.Match[str], group: str) -> str | None:
    single, double = match[group + "s"], match[group + "d"]
    return single if single is not None else double


def _body(text: str, start: re.Match[str]) -> str:
    """The lines of a ``do`` block up to its ``end``, written at the resource's indentation."""
    end = re.compile(rf"^{re.escape(start['indent'])}end\b", re.M).search(text, start.end())
    return text[start.end() : end.start() if end is not None else len(text)]


def _tagged(repo: str, tag: str) -> str:
    """``repo:tag``, as the cookbook puts them together (a ``sha256:`` tag is a digest)."""
    last = repo.rsplit("/", 1)[-1]
    if ":" in last or "@" in last or not tag:
        return repo
    return f"{repo}@{tag}" if tag.startswith("sha256:") else f"{repo}:{tag}"


def _suppressions(text: str, path: str | None) -> list[Suppression]:
    """The directives of the recipe's ``#`` comments (``# tagsense: ignore[TS001]``)."""
    if "tagsense" not in text.lower():
        return []
    found: list[Suppression] = []
    for number, line in enumerate(text.split("\n"), start=1):
        at = line.find("#")
        if at >= 0 and "tagsense" in line[at:].lower():
            found.extend(suppressions_in_comment(line[at:], path=path, line=number, column=at + 1))
    return found
