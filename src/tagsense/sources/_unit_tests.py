"""The files that only unit tests name: a test's input, read by the test's own code.

A project's unit tests read their manifests by a path written in the test:
kyverno/kyverno's ``cmd/cli/kubectl-kyverno/commands/apply/command_test.go``
runs the CLI's ``apply`` on ``"../../../../../test/cli/apply/local-apicall/res"``
and compares its report, offline; nothing creates those pods, and nothing pulls
their images (35 false findings on ``nginx``, ``nginx:latest``, ``nginx:1.21``
in survey 19a). So a manifest below a directory of tests (``test/``,
``tests/``, a test-data directory: see ``.testdata``) that a unit test names, by
a path to it or to a directory above it, is that test's data (with the rules of
``.testdata``: a ``kubectl apply -f`` of the project that names it still reads it).

A test that talks to a real cluster applies what it names: one in an end-to-end
suite's directory (``test/e2e``, ``integration``; see ``.testdata``), one built only
with an end-to-end build tag (``//go:build e2e``), one that runs ``kubectl`` or
loads a kubeconfig (client-go's ``clientcmd``, controller-runtime's
``GetConfigOrDie``, ``"KUBECONFIG"``, the Python client's ``load_kube_config``), one of
sigs.k8s.io/e2e-framework. A file such a test names is not a unit test's input,
whatever else names it.

The unit tests are Go's ``*_test.go`` (run in their package's directory, which
their paths start from), Python's ``test_*.py`` and ``*_test.py``, JavaScript's
and TypeScript's ``*.test.*`` and ``*.spec.*``, RSpec's ``*_spec.rb`` (whose
paths start from their directory or the project's root), and Rust's: the tests of a
``*.rs`` file (what follows its first ``#[cfg(test)]`` or ``#[test]``, or the whole of a
crate's ``tests/*.rs``), whose paths start from the crate's directory, where ``cargo
test`` runs them (``include_str!`` from the file's own). project-akri/akri's
``shared/src/akri/configuration.rs`` deserializes
``"../test/yaml/akri-udev-video-configuration.yaml"`` in a ``#[test]`` (5 false findings).
They are looked for once a scan in the project's root (see ``.context``), and only when a manifest
of the scan lies below a directory of tests; the walk leaves out hidden
directories, ``vendor/`` and ``node_modules/``, and stops after
:data:`_MAX_TESTS` test files.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from .._lazy import lazy_pattern
from .builds._common import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "UnitTestPaths",
    "find_unit_test_paths",
    "in_test_directory",
    "is_unit_test_name",
    "run_by_test",
    "unit_test_of",
]

#: How much of a test file is read, and how many test files a project's walk reads at most.
_MAX_BYTES = 1 << 20
_MAX_TESTS = 5000
#: Directories the walk leaves out (besides hidden ones): others' code, not the project's tests.
_NOT_WALKED = frozenset({"vendor", "node_modules", "third_party", "__pycache__"})
#: Go's test files, whose paths start from their package's directory.
_GO_TEST = lazy_pattern(r".+_test\.go")
#: Rust's source files: their tests are read from their first test attribute on.
_RUST = lazy_pattern(r".+\.rs")
#: Where a Rust file's tests begin: a test module, or a test function.
_RUST_TESTS = lazy_pattern(r"#\[cfg\(test\)\]|#\[(?:[\w:]+::)?test\]")
#: Other languages' unit test files, whose paths start from their directory or the root.
_OTHER_TEST = lazy_pattern(
    r"test_.+\.py|.+_test\.py|.+\.(?:test|spec)\.(?:[cm]?[jt]sx?)|.+_spec\.rb"
)
#: A string literal: "…", '…' or `…` on one line.
_LITERAL = lazy_pattern(r"\"([^\"\\\n]{1,300})\"|'([^'\\\n]{1,300})'|`([^`\n]{1,300})`")
#: String literals joined by pathlib's ``/`` (kr8s-org/kr8s's tests: ``CURRENT_DIR /
#: "resources" / "simple" / "nginx_pod.yaml"``), and each of their texts.
_JOINED = lazy_pattern(
    r"""(?:"[\w.-]{1,100}"|'[\w.-]{1,100}')(?:[ \t]*/[ \t]*(?:"[\w.-]{1,100}"|'[\w.-]{1,100}'))+"""
)
_LITERAL_PART = lazy_pattern(r"""["']([\w.-]+)["']""")
#: One literal joined to a path by pathlib's ``/`` (bridgecrewio/checkov's tests:
#: ``Path(__file__).parent / "example_DefaultNamespace"``), or added to a directory's text
#: (``current_dir + "/example_RootContainersHighUID"``): a name in the test's own directory
#: when one is there (survey 30m: 137 false findings in checkov's test cases).
_JOINED_ONE = lazy_pattern(
    r"""(?:\)|\b[A-Za-z_]\w*)[ \t]*/[ \t]*["']([\w.-]{1,100})["']"""
    r"""|\+[ \t]*["']/([\w.-]{1,100})/?["']"""
)
#: Literals that ``os.path.join`` or Node's ``path.join`` joins to a directory's expression
#: (bridgecrewio/checkov's tests: ``os.path.join(current_dir, "runner", "resources",
#: "schema-registry")``, ``os.path.join(current_dir, "example_X")``; survey 30m): a path in the
#: test's own directory when one is there.
_JOINED_ARGUMENTS = lazy_pattern(
    r"""\bpath\.join\([ \t]*(?:[\w.]+(?:\((?:[^()\n]|\([^()\n]*\))*\))?(?:\.\w+)*)"""
    r"""((?:[ \t]*,[ \t]*["'][\w.-]{1,100}["'])+)[ \t]*,?[ \t]*\)"""
)
#: What a path a test names looks like: a slash in it, a directory's name with a slash after
#: it (openstack/tacker's unit test joins ``"kubernetes_api_resource/"`` to its own directory:
#: 7 false findings, survey 29b), or a manifest's suffix.
_PATH_LIKE = lazy_pattern(r"[\w.-]/[\w.-]|\w/$|\.(?:ya?ml|json)$")
#: A test that talks to a real cluster: it runs kubectl (``exec.Command("kubectl", …)``,
#: pytest-kind's ``kind_cluster.kubectl(…)``, the e2e framework's ``RunKubectl(…)``), loads a
#: kubeconfig, or is an e2e-framework test.
_CLUSTER = lazy_pattern(
    r"[\"'`]kubectl[\"'` ]|[Kk]ubectl\w*\(|\bclientcmd\.|GetConfigOrDie|\bconfig\.GetConfig\(\)"
    r"|[\"']KUBECONFIG[\"']|load_kube_config|load_incluster_config|loadFromDefault"
    r"|sigs\.k8s\.io/e2e-framework|Client::try_default\("
)
#: Words each match of :data:`_CLUSTER` holds (a quick look first: the pattern has no literal
#: prefix, and a test file is read whole).
_CLUSTER_WORDS = (
    "ubectl", "clientcmd.", "GetConfig", "KUBECONFIG", "load_kube_config",
    "load_incluster_config", "loadFromDefault", "e2e-framework", "try_default(",
)  # fmt: skip
#: A Python test whose Kubernetes client connects to the cluster it finds as it is made: it
#: creates what it names, as an end-to-end suite's test does (kr8s: kr8s-org/kr8s's tests
#: create ``resources/simple/nginx_pod.yaml`` in their CI's kind cluster, survey 29b;
#: lightkube's ``Client()``; pykube's ``KubeConfig.from_…``).
_CONNECTS = lazy_pattern(
    r"^[ \t]*(?:import kr8s\b|from kr8s[. ])|\blightkube\.Client\("
    r"|^[ \t]*from lightkube import\b[^\n]*\bClient\b|\bKubeConfig\.from_",
    re.M,
)
_CONNECTS_WORDS = ("kr8s", "lightkube", "KubeConfig.from_")
#: A Go build constraint that builds the file only for end-to-end runs.
_E2E_BUILD_TAG = lazy_pattern(r"^//go:build\b[^\n]*\b(?:e2e|integration|acceptance)\b", re.M)


class UnitTestPaths(NamedTuple):
    """What the tests of a project name: the paths unit tests name (real, normalised), each
    with the first test that names it, and those that tests of a real cluster name."""

    read: dict[str, str]
    applied: frozenset[str]
    #: Those an end-to-end suite's tests name (by its directory, or a Go build tag): they
    #: apply, upload or run what they name. A test that only looks like a cluster's (a Go
    #: ``kubectl.ConvertToVersion(`` of argo-cd's gitops-engine) vetoes a unit test's reading
    #: (``applied``), but is no evidence that what it names is used.
    suites: frozenset[str] = frozenset()
    #: The shell scripts (``*.sh``, ``*.bash``) named by a test that runs a shell
    #: (``exec.Command("bash", …)``, ``subprocess.run(["sh", …])``): the test runs them, as a
    #: script of the project does (see :func:`_runs_a_shell`).
    scripts: frozenset[str] = frozenset()


def in_test_directory(path: str) -> bool:
    """Whether ``path`` lies below a directory of tests or of test data, outside an
    end-to-end suite (see ``.testdata``)."""
    from .testdata import TEST_DIRECTORIES, is_test_data_directory, names_end_to_end

    directories = os.path.normpath(path).split(os.sep)[:-1]
    if any(names_end_to_end(name) for name in directories):
        return False
    return any(
        name.lower() in TEST_DIRECTORIES or is_test_data_directory(directories[: index + 1])
        for index, name in enumerate(directories)
    )


def is_unit_test_name(name: str) -> bool:
    """Whether a file's name is a unit test's (Go, Python, JavaScript, TypeScript, RSpec)."""
    return _GO_TEST.fullmatch(name) is not None or _OTHER_TEST.fullmatch(name) is not None


def unit_test_of(path: str, root: str, paths: UnitTestPaths) -> tuple[str, str] | None:
    """The unit test that names ``path`` (a real path below ``root``) or a directory above
    it, as the root's relative path, with the directory of its input (the one it names, or
    the named file's); ``None`` when none does, or a test of a real cluster names it too."""
    found: tuple[str, str] | None = None
    current = path
    while current.startswith(root + os.sep):
        if current in paths.applied:
            return None
        test = paths.read.get(current) if found is None else None
        if test is not None:
            found = (test, os.path.dirname(current) if current == path else current)
        current = os.path.dirname(current)
    return found


def run_by_test(path: str, paths: UnitTestPaths) -> bool:
    """Whether a test that runs a shell names the script ``path`` (a real path), see
    :attr:`UnitTestPaths.scripts`."""
    return path in paths.scripts


def named_by_suite(path: str, root: str, paths: UnitTestPaths) -> bool:
    """Whether an end-to-end suite's test names ``path`` (a real path below ``root``) or a
    directory above it (:attr:`UnitTestPaths.suites`)."""
    current = path
    while current.startswith(root + os.sep):
        if current in paths.suites:
            return True
        current = os.path.dirname(current)
    return False


def find_unit_test_paths(root: str) -> UnitTestPaths:
    """The paths the tests below ``root`` (a real directory) name (see the module)."""
    read: dict[str, str] = {}
    applied: set[str] = set()
    suites: set[str] = set()
    scripts: set[str] = set()
    helpers = _Helpers(root)
    for test, go in _test_files(root):
        text = read_text(test, _MAX_BYTES)
        if not isinstance(text, str):
            continue
        directory = os.path.dirname(test)
        bases = (directory,) if go else (directory, root)
        if _RUST.fullmatch(os.path.basename(test)):
            text, crate = _rust_tests(test, text, root)
            bases = (crate, directory)
        named = list(_named(text, bases, root, directory))
        if go and _of_an_end_to_end_suite(test, text, root):
            # (and what the helper packages it imports name, from its directory)
            from_helpers = helpers.named_for(directory, text)
            suites.update(from_helpers)
            applied.update(from_helpers)
        if not named:
            continue
        if _runs_a_shell(text):
            scripts.update(one for one in named if one.endswith(_SCRIPT_SUFFIXES))
        connects = test.endswith(".py") and _connects(text)
        if connects or _of_a_cluster(test, text, root) or _builds(text) or _runs_compose(text):
            applied.update(named)
            if connects or _of_an_end_to_end_suite(test, text, root):
                suites.update(named)
            continue
        relative = os.path.relpath(test, root)
        for one in named:
            read.setdefault(one, relative)
    return UnitTestPaths(read, frozenset(applied), frozenset(suites), frozenset(scripts))


#: A quoted Go import path of several components (``"github.com/acme/app/test/support"``).
_GO_IMPORT = lazy_pattern(r'"([\w.~-]+(?:/[\w.~-]+)+)"')
#: A ``go.mod``'s module path.
_GO_MODULE = lazy_pattern(r"(?m)^module[ \t]+\"?([^\s\"]+)")


class _Helpers:
    """The non-test Go files of the packages of its own module that an end-to-end suite's test
    imports: a helper package's paths are the importing test's, since ``go test`` runs the
    test in its own package's directory. ray-project/kuberay's ``historyserver/test/e2e``
    tests call ``historyserver/test/support``, whose ``RayClusterManifestPath =
    "../testdata/raycluster.yaml"`` they apply to the cluster (survey 38c: 5 pulls missed)."""

    def __init__(self, root: str) -> None:
        self._root = root
        self._modules: dict[str, tuple[str, str] | None] = {}
        self._texts: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        self._named: dict[tuple[str, str], frozenset[str]] = {}

    def named_for(self, directory: str, text: str) -> set[str]:
        """The paths below the root that the helper packages a test in ``directory`` (whose
        text is ``text``) imports name, from ``directory``."""
        module = self._module(directory)
        if module is None:
            return set()
        path, top = module
        found: set[str] = set()
        for imported in set(_GO_IMPORT.findall(text)):
            if imported.startswith(path + "/"):
                package = os.path.join(top, *imported[len(path) + 1 :].split("/"))
                found.update(self._named_from(package, directory))
        return found

    def _named_from(self, package: str, directory: str) -> frozenset[str]:
        """What a helper package's files name from ``directory`` (once for all the tests of a
        directory that import it: flexprice's end-to-end tests import the same large packages,
        whose literals were read again for each test file, 11 of its 24 s)."""
        key = (package, directory)
        if key not in self._named:
            self._named[key] = frozenset(
                name
                for helper in self._sources(package)
                for name in _named_by(helper, (directory,), self._root, directory)
            )
        return self._named[key]

    def _module(self, directory: str) -> tuple[str, str] | None:
        """(the module path, its directory) of the nearest ``go.mod`` at or above
        ``directory``, below the root."""
        if directory not in self._modules:
            module: tuple[str, str] | None = None
            text = read_text(os.path.join(directory, "go.mod"), 64 * 1024)
            if isinstance(text, str) and (match := _GO_MODULE.search(text)) is not None:
                module = (match[1], directory)
            elif directory != self._root and directory.startswith(self._root + os.sep):
                module = self._module(os.path.dirname(directory))
            self._modules[directory] = module
        return self._modules[directory]

    def _sources(self, package: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The literals (see :func:`_literals_of`) of a package directory's non-test Go files
        (none: not a directory), read once for all the tests that import it."""
        if package not in self._texts:
            texts: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
            real = os.path.realpath(package)
            if real.startswith(self._root + os.sep) and os.path.isdir(real):
                for name in sorted(os.listdir(real)):
                    if name.endswith(".go") and not name.endswith("_test.go"):
                        text = read_text(os.path.join(real, name), _MAX_BYTES)
                        if isinstance(text, str):
                            texts.append(_literals_of(text))
            self._texts[package] = texts
        return self._texts[package]


def _test_files(root: str) -> Iterable[tuple[str, bool]]:
    """The unit test files below ``root``, each with whether it is Go's (at most
    :data:`_MAX_TESTS`)."""
    count = 0
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [
            name for name in subdirectories if not name.startswith(".") and name not in _NOT_WALKED
        ]
        for name in files:
            go = _GO_TEST.fullmatch(name) is not None
            if go or _OTHER_TEST.fullmatch(name) or _RUST.fullmatch(name):
                yield os.path.join(directory, name), go
                count += 1
                if count >= _MAX_TESTS:
                    return


def _rust_tests(path: str, text: str, root: str) -> tuple[str, str]:
    """The text of a Rust file's tests (empty when it has none), and its crate's directory:
    the nearest one above it with a ``Cargo.toml``, up to ``root``."""
    crate = os.path.dirname(path)
    while not os.path.isfile(os.path.join(crate, "Cargo.toml")) and crate != root:
        if not crate.startswith(root + os.sep):
            crate = root
            break
        crate = os.path.dirname(crate)
    relative = os.path.relpath(path, crate).split(os.sep)
    if relative[0] == "tests":
        return text, crate  # (an integration test: the whole file)
    start = _RUST_TESTS.search(text)
    return ("" if start is None else text[start.start() :]), crate


def _named(text: str, bases: tuple[str, ...], root: str, directory: str) -> Iterable[str]:
    """The paths below ``root`` that the literals of ``text`` name from ``bases``: none that
    is the root, or a directory of the test itself (``"."``, ``".."``)."""
    return _named_by(_literals_of(text), bases, root, directory)


def _literals_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The literals of ``text`` that may be paths, and the names it joins to a directory."""
    literals = [match[1] or match[2] or match[3] for match in _LITERAL.finditer(text)]
    # (pathlib's joins of literals are one path: `HERE / "resources" / "simple" / "pod.yaml"`)
    literals += ["/".join(_LITERAL_PART.findall(match[0])) for match in _JOINED.finditer(text)]
    joined = [match[1] or match[2] for match in _JOINED_ONE.finditer(text)]
    joined += [
        "/".join(_LITERAL_PART.findall(match[1])) for match in _JOINED_ARGUMENTS.finditer(text)
    ]
    paths = tuple(
        literal
        for literal in literals
        if "://" not in literal and not os.path.isabs(literal) and _PATH_LIKE.search(literal)
    )
    return paths, tuple(joined)


def _named_by(
    found: tuple[tuple[str, ...], tuple[str, ...]],
    bases: tuple[str, ...],
    root: str,
    directory: str,
) -> Iterable[str]:
    """The paths below ``root`` that literals (see :func:`_literals_of`) name from ``bases``."""
    literals, joined = found
    for name in joined:
        here = os.path.normpath(os.path.join(directory, name))
        if (directory + os.sep).startswith(here + os.sep):
            continue  # (`tmp_dir / ".."`: the test's own directory or one above it)
        if os.path.exists(here):
            yield here
    for literal in literals:
        for base in bases:
            named = os.path.normpath(os.path.join(base, literal))
            if not named.startswith(root + os.sep):
                continue
            if (directory + os.sep).startswith(named + os.sep):
                continue
            yield named
            if len(bases) > 1 and base == directory and os.path.exists(named):
                # (there, not also from the root: cluster-api's boilerplate_test.py runs in
                # its directory, and its `os.chdir("test/")` is that directory's test/)
                break


def _of_a_cluster(test: str, text: str, root: str) -> bool:
    """Whether a test file talks to a real cluster (see the module)."""
    return _of_an_end_to_end_suite(test, text, root) or (
        any(word in text for word in _CLUSTER_WORDS) and _CLUSTER.search(text) is not None
    )


#: A test that builds an image: what it names may be a Dockerfile it builds, whose base is
#: pulled (``docker build``, docker-py's ``images.build(``, Go's ``ImageBuild(``,
#: Testcontainers' ``FromDockerfile``/``ImageFromDockerfile``, buildx, a ``docker_build``).
_BUILDS = lazy_pattern(
    r"\bdocker\b[\"', ]+(?:image[\"', ]+)?build\b|\bbuildx\b|\bimages\.build\(|ImageBuild\("
    r"|[Ff]rom_?[Dd]ockerfile|build_image|BuildImage|docker_build|\bbuild_from_dockerfile",
)


def _builds(text: str) -> bool:
    """Whether a test file builds an image (see :data:`_BUILDS`)."""
    return "uild" in text and _BUILDS.search(text) is not None


#: A test that brings a compose project up: what it names is a compose file that is run,
#: whose images are pulled (grafana/beyla's integration suites:
#: ``docker.ComposeSuite("docker-compose-client-promscrape.yml", …).Up()``, 7 images unread
#: in survey 38e). Testcontainers' compose modules (Go ``compose.NewDockerCompose``, Java
#: ``DockerComposeContainer``/``ComposeContainer``, Node ``DockerComposeEnvironment``,
#: Python ``DockerCompose``), pytest-docker's ``docker_compose_file`` fixture, a suite's
#: ``ComposeSuite``, or a ``docker compose`` / ``docker-compose`` command with ``up``.
_RUNS_COMPOSE = lazy_pattern(
    r"\bComposeSuite\(|\bNewDockerCompose\w*\(|\bDockerComposeContainer\b|\bComposeContainer\b"
    r"|\bDockerComposeEnvironment\(|\bDockerCompose\(|\bdocker_compose_file\b"
    r"|[\"'`]docker-compose[\"'`][^\n]*[\"'` ]up\b|[\"'`]compose[\"'`][^\n]*[\"'` ]up\b"
)


def _runs_compose(text: str) -> bool:
    """Whether a test file brings a compose project up (see :data:`_RUNS_COMPOSE`)."""
    return "ompose" in text and _RUNS_COMPOSE.search(text) is not None


#: The names of shell scripts.
_SCRIPT_SUFFIXES = (".sh", ".bash")
#: A test that runs a shell on a script it names: a shell's name as a command's first word,
#: with more words after it (kubereboot/kured's ``tests/kind/main_test.go``: ``k.RunCmd("bash",
#: scenario.testScript, kindContext)`` with ``testScript: "testfiles/podblocker.sh"``; Python's
#: ``subprocess.run(["bash", SCRIPT])``), or a script's path as a command
#: (``exec.Command("./testdata/setup.sh")``).
_RUNS_A_SHELL = lazy_pattern(
    r"""[(\[,]\s*["'`](?:/(?:usr/)?bin/)?(?:ba|da|z|k)?sh["'`]\s*,"""
    r"""|\b(?:Command(?:Context)?|run|call|check_call|check_output|Popen|spawn|spawnSync|execFile"""
    r"""|execFileSync|execSync)\(\s*(?:\w+\s*,\s*)?\[?\s*["'`][^"'`\s]+\.(?:ba)?sh["'`]"""
)


def _runs_a_shell(text: str) -> bool:
    """Whether a test runs a shell on a script (see :data:`_RUNS_A_SHELL`)."""
    return "sh" in text and _RUNS_A_SHELL.search(text) is not None


def _connects(text: str) -> bool:
    """Whether a Python test's Kubernetes client connects (see :data:`_CONNECTS`)."""
    return any(word in text for word in _CONNECTS_WORDS) and _CONNECTS.search(text) is not None


def _of_an_end_to_end_suite(test: str, text: str, root: str) -> bool:
    """Whether a test file is an end-to-end suite's: by a directory's name, or Go's build tag."""
    from .testdata import names_end_to_end

    directories = os.path.relpath(test, root).split(os.sep)[:-1]
    if any(names_end_to_end(name) or _E2E_PACKAGE.match(name) for name in directories):
        return True
    return test.endswith(".go") and _E2E_BUILD_TAG.search(text, 0, 4096) is not None


#: A Go package of end-to-end tests named as one word: kuberay's ``test/e2erayservice``.
_E2E_PACKAGE = lazy_pattern(r"e2e[a-z]|[a-z]+e2e$")
