"""The containers a Go program asks Kubernetes to run through client-go's types.

An operator or a command of a project that creates a Pod, a Job or a Deployment from Go
(``k8s.io/api/core/v1``) writes its containers as ``corev1.Container{…}`` literals: the
``Image`` of each is what the kubelet pulls when the object is created. A Go source that
imports ``k8s.io/api/core/v1`` is read, never run, for the ``Image`` field of a
``Container`` (or ``EphemeralContainerCommon``) literal, written alone
(``corev1.Container{Image: …}``) or as an element of a ``[]corev1.Container{{…}}`` whose
type is elided; the type is the one of that import (``corev1.Container``, not Kubernetes'
internal ``core.Container`` a validation's fake pod is made of: openkruise/kruise's
sidecarset webhook). The value is known when it is a string literal, a constant or variable
of the package (or of a package of its own module that it imports) made of literals and
``+``, a name the function assigns once so (see ``._go_source``), or ``fmt.Sprintf`` of such
values with ``%s`` and ``%v`` verbs only. An ``Image`` assigned to a container by its index
(``pod.Spec.Containers[0].Image = "…"``, on a line of its own) is read the same way: a test
sets the image of the pod a helper of its builds. Anything else (a field of the custom resource's
spec, a flag, a function's result) is the run's, and nothing is said.

A test (``*_test.go``) or a test helper's package (a directory named ``test…``, ``fake…``
or ``mock…``, ``e2e``, or ``…_test``, ``…tests``, ``…testing``: kubernetes-sigs/kueue's
``pkg/util/testingjobs/`` builds the jobs of its unit tests with
``registry.k8s.io/pause:non-existing``) makes objects a fake client keeps: no kubelet pulls
them, and they are not read;
nor is a generated source (``zz_generated``, ``// Code generated``). Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"iac-program"`` (a program that declares
containers), at its literal when the file writes it, else at the field's value, with
``context`` ``tool`` ``client-go`` and ``call`` ``Container.Image``.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ...occurrence import Occurrence
    from ._go_source import GoFile, Value

__all__ = ["MARKER", "TOOL", "forget", "pod_images", "reads_pods"]

#: What a Go source that uses client-go's core types says (its import's path).
MARKER = '"k8s.io/api/core/v1"'
_CORE_V1 = "k8s.io/api/core/v1"
TOOL = "client-go"
_CALL = "Container.Image"
#: How the directories of a module whose Go packages are tests' or test helpers' begin and
#: end (see the module; not a bare ``…test``: ``latest``).
_TEST_STARTS = ("test", "fake", "mock", "e2e")
_TEST_ENDS = ("_test", "-test", "tests", "testing", "_e2e", "-e2e", "fakes", "mocks")
#: Their names outside a module (where the module begins is unknown: a checkout's own place,
#: ``/home/runner/work/testbed/``, says nothing).
_TEST_DIRECTORIES = frozenset(
    {"test", "tests", "e2e", "testing", "testutil", "testutils", "fake", "fakes", "mock",
     "mocks", "testdata"}
)  # fmt: skip
#: How far up a ``go.mod`` is looked for.
_MODULE_DEPTH = 16


def reads_pods(text: str, path: str | None) -> bool:
    """Whether the Go source ``text`` at ``path`` is one whose containers are read (see the
    module): it imports the core types, names an ``Image``, and is no test's."""
    if MARKER not in text or "Image" not in text:
        return False
    if path is not None:
        if "zz_generated" in os.path.basename(path):
            return False
        if (path.endswith("_test.go") or _in_test_package(path)) and not _creates_in_a_cluster(
            text, path
        ):
            return False
    from .iac_node import is_generated

    return not is_generated(text)


def _creates_in_a_cluster(text: str, path: str) -> bool:
    """Whether a test's source is an end-to-end suite's (a directory of its module named so,
    ``e2e``, ``integration``…, or an ``e2e``/``integration`` build tag) that connects to a real
    cluster (client-go's ``clientcmd``, controller-runtime's ``GetConfigOrDie``/
    ``config.GetConfig()``, ``"KUBECONFIG"``, the Kubernetes e2e framework's
    ``NewDefaultFramework(``): the objects it makes are created there, and the
    kubelet pulls their containers' images (spegel-org/spegel's
    ``test/integration/kubernetes`` runs its conformance job in a kind cluster)."""
    connects = _CONNECTS.search(text) is not None
    if not connects and _FAKE_CLIENT.search(text) is not None:
        return False  # (its own objects go to a fake client)
    directory = os.path.dirname(os.path.abspath(path))
    suite = _suite_directory(path)
    if suite is None and _E2E_BUILD_TAG.search(text, 0, 4096) is None:
        return False
    # (the connection may be made by another file of the package, or by a package of the
    # suite above it, which it imports: flannel's e2e/cluster.go, contour's test/e2e/fixtures.go)
    while not connects:
        connects = _package_connects(directory)
        if suite is None or directory == suite or len(directory) <= len(suite):
            break
        directory = os.path.dirname(directory)
    return connects


def forget() -> None:
    """Forget which packages load a kubeconfig (a scan after an edit looks again)."""
    _package_connects.cache_clear()


@lru_cache(maxsize=256)
def _package_connects(directory: str) -> bool:
    """Whether a Go source of the directory (its package) loads a kubeconfig."""
    try:
        names = [name for name in os.listdir(directory) if name.endswith(".go")]
    except OSError:
        return False
    for name in names:
        try:
            with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as f:
                if _CONNECTS.search(f.read()) is not None:
                    return True
        except OSError:
            continue
    return False


def _suite_directory(path: str) -> str | None:
    """The end-to-end suite's directory the file is in (see :func:`_creates_in_a_cluster`),
    or ``None``."""
    from ..testdata import names_end_to_end

    # (the directories up to the repository's top, or, outside one, to the module's: a
    # module of the suite's own, test/integration/kubernetes/go.mod, is below its names)
    directory = os.path.dirname(os.path.abspath(path))
    names: list[tuple[str, str]] = []
    module: list[tuple[str, str]] | None = None
    for _ in range(_MODULE_DEPTH):
        if module is None and os.path.isfile(os.path.join(directory, "go.mod")):
            module = list(names)
        if os.path.exists(os.path.join(directory, ".git")):
            module = names
            break
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        names.append((os.path.basename(directory), directory))
        directory = parent
    for name, place in reversed(module or []):  # (the outermost: the suite's own)
        if names_end_to_end(name):
            return place
    return None


def _in_test_package(path: str) -> bool:
    """Whether a directory of the file's module (from its ``go.mod`` down) is a test
    helper's, by how its name begins or ends, or the module's own is a test's by its whole
    name (cloudnative-pg's ``tests/go.mod``, external-secrets' ``e2e/go.mod``: modules of
    their own for the tests); without a module, by its whole name."""
    directory = os.path.dirname(os.path.abspath(path))
    names: list[str] = []
    for _ in range(_MODULE_DEPTH):
        if os.path.isfile(os.path.join(directory, "go.mod")):
            if os.path.basename(directory).lower() in _TEST_DIRECTORIES:
                return True
            return any(name.startswith(_TEST_STARTS) or name.endswith(_TEST_ENDS) for name in names)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        names.append(os.path.basename(directory).lower())
        directory = parent
    parts = os.path.normpath(path).split(os.sep)[:-1]
    return any(part.lower() in _TEST_DIRECTORIES for part in parts)


def pod_images(file: GoFile, known: Mapping[str, Value]) -> list[Occurrence]:
    """The images of the container literals of ``file`` (see the module), ``known`` the
    package's values."""
    from ._go_source import arguments, import_spec, keyed

    code = file.code
    # (the names the core types go by here: `corev1`, `v1`; another package's `Container`,
    # Kubernetes' internal `core.Container` a validation's fake pod is made of, is not one)
    aliases = {
        match["alias"] or "v1"
        for match in import_spec().finditer(code)
        if match["path"] == _CORE_V1 and match["alias"] not in (".", "_")
    }
    found: list[Occurrence] = []
    seen: set[int] = set()
    for match in _CONTAINER_LITERALS.finditer(code):
        if match["package"] not in aliases:
            continue
        brace = match.end() - 1
        if match["slice"]:
            # (each element `{…}` whose type is elided: a Container too)
            braces = [
                at + len(text) - len(text.lstrip())
                for text, at in arguments(code, brace)
                if text.lstrip().startswith("{")
            ]
        else:
            braces = [brace]
        for element in braces:
            denied: bool | None = None
            for key, value, at in keyed(code, element):
                if key != "Image" or at in seen:
                    continue
                seen.add(at)
                image = _value(file, value, at, known)
                if image is None or not image.text:
                    continue
                if denied is None:
                    from ._go_denied import expected_denied

                    # (a pod the test expects the API server to refuse: nothing pulls)
                    denied = expected_denied(file, element)
                if not denied:
                    found.append(_occurrence(file, image, (value.strip(), at)))
    if "Containers[" in code:
        for match in _IMAGE_ASSIGNED.finditer(code):
            value, at = match["value"], match.start("value")
            if at in seen or _in_a_mutation(code, match["object"], match.start()):
                continue
            seen.add(at)
            image = _value(file, value, at, known)
            if image is not None and image.text:
                found.append(_occurrence(file, image, (value.strip(), at)))
    return sorted(found, key=lambda occurrence: (occurrence.line, occurrence.column))


def _in_a_mutation(code: str, name: str, at: int) -> bool:
    """Whether the assignment at ``at`` to a container of ``name`` lies in a function literal
    that takes ``name`` as its parameter (``func(pod *corev1.Pod) { pod.Spec.Containers[0].Image
    = … }``): a change a helper of the test applies to an object it fetches, whose update may be
    refused (projectcapsule/capsule's ``updatePodAndExpectDenied(cs, ns, name, func(pod
    *corev1.Pod) {…})``, which its admission webhook denies), not an object the test makes."""
    from ._go_source import closing

    start = max(0, at - _MUTATION_REACH)
    for found in _MUTATION.finditer(code, start, at):
        if found["name"] == name and closing(code, found.end() - 1) > at:
            return True
    return False


#: A function literal of one parameter, ``func(pod *corev1.Pod) {`` (its ``{`` ends the match),
#: and how far before an assignment one is looked for.
_MUTATION = lazy_pattern(
    r"\bfunc[ \t]*\([ \t]*(?P<name>[A-Za-z_]\w*)[ \t]+\*?[\w.]+[ \t]*\)[ \t]*\{"
)
_MUTATION_REACH = 4096


def _value(file: GoFile, expression: str, at: int, known: Mapping[str, Value]) -> Value | None:
    """The value of the field's ``expression`` in the function around ``at`` (a
    ``fmt.Sprintf`` too: ``._go_source``'s reading); ``None`` when the source does not
    settle it."""
    from ._go_source import resolve

    scope = next((place for place in file.functions if place[0] <= at < place[1]), None)
    return resolve(file, expression, at, scope, known)


def _occurrence(file: GoFile, written: Value, used: tuple[str, int]) -> Occurrence:
    """The image at its literal when the file writes it alone, else at the field's value."""
    from ..._offsets import line_column
    from ...occurrence import Occurrence

    text = file.text
    if written.path == file.path and written.plain:
        quote = written.quote
        line, column = line_column(text, quote + 1)  # (after the quote)
        raw = written.text
    else:
        raw, at = used
        line, column = line_column(text, at)
    return Occurrence.of_text(
        path=file.path,
        line=line,
        column=column,
        kind="iac-program",
        raw=raw,
        text=written.text,
        context={"tool": TOOL, "call": _CALL},
    )


#: ``corev1.Container{``, ``&v1.Container{``, ``[]corev1.Container{`` (``slice``), and
#: ``EphemeralContainerCommon`` the same way, with the ``package`` that qualifies the type:
#: the brace ends the match.
_CONTAINER_LITERALS = lazy_pattern(
    r"(?<![\w.])(?P<slice>\[\]\s*\*?)?(?P<package>[A-Za-z_]\w*)\s*\.\s*"
    r"(?:Container|EphemeralContainerCommon)\s*\{"
)


#: An assignment to the ``Image`` of a container of an object the source made (a helper's pod
#: spec, a deployment), by its index: ``pod.Spec.Containers[0].Image = "…"``,
#: ``deploymentObj.Spec.Template.Spec.InitContainers[i].Image = image`` on a line of its own
#: (kubernetes-sigs/descheduler's e2e tests set the stress image of the deployment a helper
#: builds: ``narmidm/k8s-pod-cpu-stressor:latest``, survey 59d). The value is read as a
#: literal's is; not one in a mutation callback (see :func:`_in_a_mutation`).
_IMAGE_ASSIGNED = lazy_pattern(
    r"(?m)^[ \t]*(?P<object>[A-Za-z_]\w*)(?:\.[A-Za-z_]\w*|\[[^\]\n]{1,40}\])*"
    r"\.(?:Init|Ephemeral)?Containers\[[^\]\n]{1,40}\]\.Image[ \t]*=[ \t]*"
    r"(?P<value>[^\n]*?)[ \t]*;?[ \t]*$"
)


#: A source that connects to a real cluster: it loads a kubeconfig, or makes a framework of
#: Kubernetes' own e2e tests (``k8s.io/kubernetes/test/e2e/framework``'s
#: ``NewDefaultFramework(…)``, whose clients connect to the cluster of its ``--kubeconfig`` or
#: ``$KUBECONFIG``: kubernetes-sigs/node-feature-discovery's test/e2e, survey s60d).
_CONNECTS = lazy_pattern(
    r"\bclientcmd\.|GetConfigOrDie\(|\bconfig\.GetConfig\(\)|[\"`]KUBECONFIG[\"`]"
    r"|\bNewDefaultFramework\("
)


#: A fake client made by the source (client-go's ``fake.NewSimpleClientset``,
#: controller-runtime's ``fake.NewClientBuilder``).
_FAKE_CLIENT = lazy_pattern(r"\bfake\.New")


#: A Go build constraint that builds the file only for end-to-end runs.
_E2E_BUILD_TAG = lazy_pattern(r"(?m)^//go:build\b[^\n]*\b(?:e2e|integration|acceptance)\b")
