"""The Docker SDKs for Python: the images a Python source pulls or runs through them.

A Python program drives Docker with `docker-py <https://docker-py.readthedocs.io/>`_
(``client.containers.run("alpine:3.20", "echo hi")``, ``client.images.pull("busybox",
tag="1.37")``) or `python-on-whales <https://gabrieldemarmiesse.github.io/python-on-whales/>`_
(``docker.run("ubuntu:24.04")``, ``docker.image.pull("busybox:1")``), and each of these
pulls the image when the machine lacks it. A source that imports one of them is read, with
:mod:`ast` (never run), for these calls given the image as a string literal or a constant the
module assigns once, and only these:

* docker-py (``import docker``): ``….containers.run(IMAGE)`` and ``….containers.create(IMAGE)``
  (first, or ``image=``), ``….images.pull(REPOSITORY, tag=TAG)`` (the tag put on a name that
  has none; not with ``all_tags=True``, which pulls every tag), and the low-level client's
  ``….client.pull(…)``, ``….api.pull(…)`` the same way.
* python-on-whales (``from python_on_whales import docker``): ``….image.pull(IMAGE)``,
  ``….container.run(IMAGE)``, ``….container.create(IMAGE)``, and ``run``, ``create`` and
  ``pull`` of the client itself: a name the module imports from the library, or one whose name
  ends in ``client`` (a test's fixture: ``ctr_client.run("busybox:1")``). A ``pull`` takes a
  list of images too (``docker.pull(["busybox:1", "alpine:3.20"])``).
* podman-py (``import podman``, ``from podman import PodmanClient``), whose API is docker-py's:
  the same calls (containers/podman-py's integration tests pull
  ``images.pull("quay.io/libpod/alpine", tag="latest")``: 11 missed, survey 29b).
* aiodocker (``import aiodocker``): ``….images.pull(FROM_IMAGE, tag=TAG)`` (``from_image=``),
  the client's ``….pull(…)`` on a name that ends in ``docker`` or ``client``, and the image of
  a container's or a service's configuration, the Engine API's ``{"Image": IMAGE}`` written
  in the module (aio-libs/aiodocker's tests and examples: ``{"Cmd": ["python"], "Image":
  "python:3.6.1"}``).

Not read, as no pull of the project's: a call in a test that expects it to fail (inside
``with pytest.raises(…)`` or ``self.assertRaises(…)``: ``containers.run("does_not_exist")``), a
call on a fake or a mock (a receiver whose name says ``fake`` or ``mock``), and the calls of
unit tests (a source below a directory named ``unit`` or ``unittests``), whose clients are
fakes. Nor is a ``{"Image": …}`` that no client sends: one among the arguments a mock is
asserted to have been called with (``create.assert_called_once_with({"Image": "alpine:3.18",
…})``, ``call(…)``), which the code under test gave a mock, and one beside a ``State`` or an
``Id``, what the Engine reports of a container a mock's inspect returns (home-assistant/
supervisor's ``tests/docker/test_manager.py`` and ``tests/conftest.py``: 2 false findings and
4 false pulls, survey 37d).

Each image is an :class:`~tagsense.sources.Occurrence` of kind ``"docker-sdk"`` at its
literal, with ``context`` ``tool`` (``docker-py``, ``python-on-whales``, ``podman-py`` or
``aiodocker``) and ``call`` (the method, ``containers.run``; ``Image`` for a configuration's).
"""

from __future__ import annotations

import ast
import os

from ...occurrence import Occurrence
from ._pytest_options import image_value
from ._python_source import Written, constants, dotted, value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["KIND", "expects_failure", "is_unit_test", "sdk_images"]

#: The ``kind`` of the occurrences.
KIND = "docker-sdk"

_DOCKER_PY = "docker-py"
_WHALES = "python-on-whales"
_PODMAN_PY = "podman-py"
_AIODOCKER = "aiodocker"
#: aiodocker's calls that pull their first argument: ``images.pull(from_image, tag=…)``, and
#: the client's own ``pull`` (on a receiver named for a client).
_AIODOCKER_CALLS: dict[tuple[str, str], str] = {("images", "pull"): "from_image"}
_AIODOCKER_CLIENTS = ("docker", "client")
#: The Engine API's key of a container's image, in the configurations aiodocker sends.
_IMAGE_KEY = "Image"
#: docker-py's calls that pull their first argument (``image=`` or ``repository=``).
_DOCKER_PY_CALLS: dict[tuple[str, str], str] = {
    ("containers", "run"): "image",
    ("containers", "create"): "image",
    ("images", "pull"): "repository",
    # (the low-level APIClient's, as a client's attribute: `self.client.pull`, `client.api.pull`)
    ("client", "pull"): "repository",
    ("api", "pull"): "repository",
}
#: python-on-whales' calls that pull their first argument (``image=`` / ``x=``).
_WHALES_CALLS: dict[tuple[str, str], str] = {
    ("image", "pull"): "x",
    ("container", "run"): "image",
    ("container", "create"): "image",
}
#: The client's own calls (``docker.run``), read on a client's name only.
_WHALES_CLIENT_CALLS = {"run": "image", "create": "image", "pull": "x"}
#: Directories whose tests are unit tests, whose Docker clients are fakes.
_UNIT_DIRECTORIES = frozenset({"unit", "unittests", "unit_tests"})
_FAKES = ("fake", "mock")
#: unittest.mock's assertions of a call's arguments, and its ``call(…)``: what a test expects
#: the code to have given a mock, not what a client sends.
_MOCK_EXPECTATIONS = frozenset(
    {"assert_called_with", "assert_called_once_with", "assert_any_call", "assert_has_calls",
     "assert_awaited_with", "assert_awaited_once_with", "assert_any_await", "assert_has_awaits",
     "call"}
)  # fmt: skip
#: The keys of what the Engine reports of a container (its inspect), never of a configuration
#: a client sends.
_INSPECT_KEYS = frozenset({"State", "Id"})
_EXPECTS_FAILURE = frozenset({"raises", "assertRaises", "assertRaisesRegex"})


def sdk_images(
    tree: ast.Module,
    lines: list[str],
    path: str | None,
    parents: Mapping[ast.AST, ast.AST],
) -> list[Occurrence]:
    """The images the module's calls of the Docker SDKs pull (see the module)."""
    docker_py, whales = _imports(tree)
    podman, aiodocker = _imports_of(tree, "podman"), _imports_of(tree, "aiodocker")
    if not (docker_py or podman or aiodocker or whales is not None) or is_unit_test(path):
        return []
    known = constants(tree, lines)
    built = _built(tree, lines, known)
    found: dict[Written, Occurrence] = {}
    for call in ast.walk(tree):
        if aiodocker and isinstance(call, ast.Dict):
            _configured(call, lines, known, path, parents, found)
            continue
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
            continue
        receiver = call.func.value
        method = call.func.attr
        owner = receiver.attr if isinstance(receiver, ast.Attribute) else ""
        tool, keyword = None, None
        if (docker_py or podman) and (owner, method) in _DOCKER_PY_CALLS:
            tool = _DOCKER_PY if docker_py else _PODMAN_PY
            keyword = _DOCKER_PY_CALLS[owner, method]
        elif aiodocker and (owner, method) in _AIODOCKER_CALLS:
            tool, keyword = _AIODOCKER, _AIODOCKER_CALLS[owner, method]
        elif aiodocker and method == "pull" and _names_a_client(receiver):
            tool, keyword = _AIODOCKER, "from_image"
        elif whales is not None and (owner, method) in _WHALES_CALLS:
            tool, keyword = _WHALES, _WHALES_CALLS[owner, method]
        elif whales is not None and method in _WHALES_CLIENT_CALLS and _is_client(receiver, whales):
            tool, keyword = _WHALES, _WHALES_CLIENT_CALLS[method]
        if tool is None or keyword is None or _on_a_fake(receiver):
            continue
        if expects_failure(call, parents):
            continue
        given = _argument(call, keyword)
        pulls = tool == _WHALES and method == "pull" and isinstance(given, ast.List | ast.Tuple)
        for item in given.elts if pulls and isinstance(given, ast.List | ast.Tuple) else [given]:
            written = image_value(item, lines, known, parents, path)
            if written is None or written in found:
                continue
            image = (
                _with_tag(call, written[0], lines, known)
                if tool != _WHALES and method == "pull"
                else written[0]
            )
            if image is None or image in built:
                continue  # (an image the module builds first: not pulled)
            found[written] = Occurrence.of_text(
                path=path,
                line=written[1],
                column=written[2],
                kind=KIND,
                raw=written[0],
                text=image,
                context={"tool": tool, "call": f"{owner}.{method}" if owner else method},
            )
    return list(found.values())


def _built(tree: ast.Module, lines: list[str], known: Mapping[str, Written]) -> frozenset[str]:
    """The images the module builds: the ``tag=`` of docker-py's ``images.build(…)`` and the
    ``tags=`` of python-on-whales' ``build(…)``, and the ``-t``/``--tag`` of a ``docker build``
    (``buildx build``, ``podman build``) it runs as a list of words (``subprocess.run([…])``).
    supabase/postgres's testinfra builds ``supabase/all-in-one:testinfra`` with the Docker CLI,
    then runs it with docker-py (survey 31e: a false TS003)."""
    names: set[str] = set()
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        if isinstance(call.func, ast.Attribute) and call.func.attr == "build":
            for item in call.keywords:
                if item.arg in ("tag", "tags"):
                    given = item.value
                    elements = given.elts if isinstance(given, ast.List | ast.Tuple) else [given]
                    names.update(w[0] for e in elements if (w := value(e, lines, known)))
        if call.args and isinstance(call.args[0], ast.List | ast.Tuple):
            words = [value(e, lines, known) for e in call.args[0].elts]
            names.update(_tags_of([w[0] if w else "" for w in words]))
    return frozenset(names)


def _tags_of(words: list[str]) -> list[str]:
    """The tags a command's words give the image it builds (none when it is no build).

    >>> _tags_of(["docker", "buildx", "build", "--tag", "a:1", "-t=b", "--tag=c", "."])
    ['a:1', 'b', 'c']
    >>> _tags_of(["docker", "run", "-t", "a:1"])
    []
    """
    if len(words) < 2 or os.path.basename(words[0]) not in ("docker", "podman", "buildah"):
        return []
    if "build" not in words[1:3] and "bud" not in words[1:2]:
        return []
    tags: list[str] = []
    for word, following in zip(words, [*words[1:], ""], strict=True):
        if word in ("-t", "--tag") and following:
            tags.append(following)
        elif word.startswith(("-t=", "--tag=")):
            tags.append(word.partition("=")[2])
    return tags


def _imports(tree: ast.Module) -> tuple[bool, frozenset[str] | None]:
    """Whether the module imports docker-py, and the names it imports from python-on-whales
    (``None``: it does not import it)."""
    docker_py = False
    whales: set[str] | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                docker_py = docker_py or _is(alias.name, "docker")
                if _is(alias.name, "python_on_whales"):
                    whales = whales if whales is not None else set()
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            docker_py = docker_py or _is(node.module, "docker")
            if _is(node.module, "python_on_whales"):
                whales = whales if whales is not None else set()
                whales.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Call):
            docker_py = docker_py or _is(_skip_imported(node) or "", "docker")
    return docker_py, None if whales is None else frozenset(whales)


def _imports_of(tree: ast.Module, package: str) -> bool:
    """Whether the module imports ``package`` (or a module of it)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(_is(a.name, package) for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and _is(node.module or "", package):
            return True
        if isinstance(node, ast.Call) and _is(_skip_imported(node) or "", package):
            return True
    return False


def _skip_imported(call: ast.Call) -> str | None:
    """The module ``pytest.importorskip("docker")`` imports (and returns, to the name it is
    assigned: ``docker = pytest.importorskip("docker")``), as pytest documents it; ``None`` for
    any other call. ReproNim/neurodocker's ``test_minify.py`` runs ``python:3.10-slim`` so."""
    name = dotted(call.func)
    if name not in ("importorskip", "pytest.importorskip") or not call.args:
        return None
    module = call.args[0]
    if isinstance(module, ast.Constant) and isinstance(module.value, str):
        return module.value
    return None


def _names_a_client(receiver: ast.expr) -> bool:
    """``docker.pull``, ``self.docker.pull``, ``client.pull``: aiodocker's client by its name."""
    name = (dotted(receiver) or "").rpartition(".")[2].lower()
    return name.endswith(_AIODOCKER_CLIENTS)


def _configured(
    node: ast.Dict,
    lines: list[str],
    known: Mapping[str, Written],
    path: str | None,
    parents: Mapping[ast.AST, ast.AST],
    found: dict[Written, Occurrence],
) -> None:
    """The image of an Engine API configuration (``{"Image": IMAGE}``) aiodocker sends."""
    keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
    if _IMAGE_KEY not in keys or not _INSPECT_KEYS.isdisjoint(keys):
        return  # (no image, or an inspect's report)
    if _expected_of_a_mock(node, parents):
        return
    for key, item in zip(node.keys, node.values, strict=True):
        if not (isinstance(key, ast.Constant) and key.value == _IMAGE_KEY):
            continue
        written = value(item, lines, known)
        if written is None or written in found or expects_failure(node, parents):
            continue
        found[written] = Occurrence.of_text(
            path=path,
            line=written[1],
            column=written[2],
            kind=KIND,
            raw=written[0],
            text=written[0],
            context={"tool": _AIODOCKER, "call": _IMAGE_KEY},
        )


def _expected_of_a_mock(node: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether ``node`` lies in the arguments of a mock's assertion (``….assert_called_with``,
    ``call(…)``), within the statement that holds it."""
    current: ast.AST | None = parents.get(node)
    while current is not None and not isinstance(current, ast.stmt):
        if isinstance(current, ast.Call):
            func = current.func
            name = func.attr if isinstance(func, ast.Attribute) else dotted(func)
            if name in _MOCK_EXPECTATIONS:
                return True
        current = parents.get(current)
    return False


def _is(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def is_unit_test(path: str | None) -> bool:
    """Whether a source lies below a directory of unit tests, whose clients are fakes."""
    if path is None:
        return False
    directories = os.path.normpath(path).lower().split(os.sep)[:-1]
    return not _UNIT_DIRECTORIES.isdisjoint(directories)


def _is_client(receiver: ast.expr, imported: frozenset[str]) -> bool:
    """Whether ``receiver`` names a python-on-whales client: one the module imports from the
    library (``docker``), or a name that ends in ``client``."""
    name = dotted(receiver)
    if name is None:
        return False
    last = name.rpartition(".")[2]
    return name in imported or last.lower().endswith("client")


def _on_a_fake(receiver: ast.expr) -> bool:
    name = (dotted(receiver) or "").lower()
    return any(word in name for word in _FAKES)


def _argument(call: ast.Call, keyword: str) -> ast.expr | None:
    given = next((item.value for item in call.keywords if item.arg == keyword), None)
    if given is None and call.args and not isinstance(call.args[0], ast.Starred):
        given = call.args[0]
    return given


def _with_tag(
    call: ast.Call, repository: str, lines: list[str], known: Mapping[str, Written]
) -> str | None:
    """``images.pull``'s image: the repository with ``tag=`` (or its second argument) put on
    when it names none; ``None`` for every tag (``all_tags=True``) or a tag not written."""
    keywords = {item.arg: item.value for item in call.keywords if item.arg is not None}
    every = keywords.get("all_tags")
    if every is not None and not (isinstance(every, ast.Constant) and every.value is False):
        return None
    tag_node = keywords.get("tag", call.args[1] if len(call.args) > 1 else None)
    if tag_node is None or (isinstance(tag_node, ast.Constant) and tag_node.value is None):
        return repository
    tag = value(tag_node, lines, known)
    if tag is None:
        return None
    last = repository.rpartition("/")[2]
    return repository if ":" in last or "@" in last else f"{repository}:{tag[0]}"


def expects_failure(call: ast.expr, parents: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether ``call`` is inside a ``with pytest.raises(…)`` (``self.assertRaises(…)``)."""
    node: ast.AST | None = parents.get(call)
    while node is not None and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                context = item.context_expr
                if isinstance(context, ast.Call):
                    name = (dotted(context.func) or "").rpartition(".")[2]
                    if name in _EXPECTS_FAILURE:
                        return True
        node = parents.get(node)
    return False
