"""Testcontainers for Go, dockertest, dktest and Vault's Docker helper: the images a Go
project's tests start.

`testcontainers-go <https://golang.testcontainers.org/>`_, `dockertest
<https://github.com/ory/dockertest>`_, `dktest <https://github.com/dhui/dktest>`_ and Vault's
and OpenBao's ``sdk/helper/docker`` start the containers a Go test needs and pull their images
when ``go test`` runs it (gofiber/storage's tests start 22 images so). A Go source that imports
one of them is read for the images the libraries' API is given, and only those:

* testcontainers-go: ``testcontainers.Run(ctx, IMAGE, …)`` and a module's ``Run``
  (``postgres.Run(ctx, "postgres:16-alpine", …)``), ``testcontainers.WithImage(IMAGE)`` given
  to a run (the old modules' ``RunContainer``), and the ``Image:`` of a
  ``testcontainers.ContainerRequest`` literal in a function that starts containers, or calls
  a function of the package that does (one with ``FromDockerfile:`` builds its image). A
  module given ``""`` or no image starts its default, which the source does not write.
* dockertest: ``dockertest.RunOptions{Repository: R, Tag: T}`` run with ``RunWithOptions``, or
  given to a helper in a file whose ``RunWithOptions`` runs the options it is given (no
  tag is ``latest``; not the options a ``BuildAndRunWithOptions`` is given, which name the
  image it builds), a pool's ``Run(R, T, env)``; v4's ``pool.Run(ctx, R, WithTag(T), …)``.
* Vault's and OpenBao's ``sdk/helper/docker`` (``github.com/hashicorp/vault/sdk/helper/docker``,
  ``github.com/openbao/openbao/sdk/v2/helper/docker``): ``docker.RunOptions{ImageRepo: R,
  ImageTag: T}``, which ``docker.NewServiceRunner`` pulls, unless the file builds that image
  first (its ``ImageRepo`` given to ``docker.BuildTags(…)``: openbao's TLS listener test).
* dktest: ``dktest.Run(t, IMAGE, …)``, ``RunContext(ctx, logger, IMAGE, …)``, and
  golang-migrate's ``dktesting.ContainerSpec{ImageName: IMAGE}``, which its tests run so.
* efficientgo/e2e (``github.com/efficientgo/e2e``, thanos' end-to-end suite): the ``Image:``
  of an ``e2e.StartOptions{…}``, which a runnable's ``Init`` starts.

A value is read when the source says what it is: a string literal, a constant or variable the
package (the directory's files of the same ``package``) declares with one, joined with ``+``,
an exported constant of a package of the same module (``._go_packages``), each case's of a
table-driven test (``tt.image`` of ``for _, tt := range tests``), or a name the function
assigns once so (a later assignment of an environment variable's value, or of a value
the function guards with ``if VALUE != ""``, is an override: a plain ``go test`` starts the
default). A parameter, ``fmt.Sprintf``, another
module's constant is not read, and nothing is guessed. Code ``go test`` never runs is not
read: an ``Example`` function without an ``// Output:`` comment (compiled, not run), a file
that says ``//go:build ignore``; ``testdata`` and ``vendor`` directories are not walked.

Each image is an :class:`~tagsense.sources.Occurrence` of kind ``"testcontainers"`` at its
literal when this file writes it (once), else at the name the call is given, with ``context``
``tool`` (``testcontainers``, ``dockertest``, ``dktest``, ``vault-sdk`` or ``e2e``) and
``call``. The reader never raises. A source that imports ``os/exec`` and makes a command of
``"docker"`` (or ``"podman"``) is read for the commands it runs, as a magefile's (``.mage``).
A test that has anchore/stereoscope's ``imagetest`` build its fixture images builds their
Dockerfiles (see ``._stereoscope``).
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan
from ._common import MAX_BYTES, read_text
from ._go_compose import MARKERS as COMPOSE_MARKERS
from ._go_image_helpers import HELPER_HINT
from ._go_packages import (
    IGNORED,
    Inputs,
    imported_engine_runners,
    imported_values,
    package_files,
)
from ._go_source import (
    GoFile,
    Value,
    arguments,
    enclosing,
    go_file,
    import_spec,
    keyed,
    package_values,
    resolve,
    resolve_all,
)
from ._go_test_builds import MARKERS as BUILD_MARKERS
from ._stereoscope import IMPORT as STEREOSCOPE
from .mage import EXEC_MARKER, may_call_runners
from .mage import MARKER as MAGE_MARKER

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from ..project import BuildFile

    #: A value not yet read: given the call's function and the package's values, the image.
    _Lazy = Callable[[tuple[int, int, str] | None, Mapping[str, Value]], "list[_Image]"]

__all__ = ["KIND", "MARKERS", "read_go_source", "scan_go_source"]

#: The ``kind`` of the occurrences (that of Testcontainers for Java's and Python's too).
KIND = "testcontainers"

#: What a Go source that uses one of the libraries says (its import's path).
MARKERS = (
    b"github.com/testcontainers/testcontainers-go",
    b"github.com/ory/dockertest",
    b"github.com/dhui/dktest",
    b"github.com/efficientgo/e2e",
    b'/dktesting"',
    b'/helper/docker"',
    MAGE_MARKER.encode(),
    STEREOSCOPE.encode(),
    EXEC_MARKER.encode(),
    *COMPOSE_MARKERS,
)

_ROOT = "github.com/testcontainers/testcontainers-go"
_MODULES = _ROOT + "/modules/"
_DOCKERTEST = "github.com/ory/dockertest"
_DKTEST = "github.com/dhui/dktest"
_E2E = "github.com/efficientgo/e2e"
#: golang-migrate's package for its drivers' tests (each ``ContainerSpec`` runs with dktest).
_DKTESTING = "dktesting"
#: The option of ollama's module that runs its local binary instead of a container.
_USE_LOCAL = ".WithUseLocal("
#: What the file's imports of Vault's (OpenBao's) Docker helper are recorded as.
_VAULT = "vault-sdk"


def read_go_source(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Go source at ``path`` has its tests start, or its mage targets run
    (never raises)."""
    from ...occurrence import SourceError
    from ..project import BuildFile

    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    inputs: Inputs = {}
    from .iac_go import resource_images

    programmed = tuple(resource_images(text, path))  # (an IaC program's containers: .iac_go)
    from .dagger import container_images, is_dagger_go

    if is_dagger_go(text, path):  # (a Dagger pipeline's: .dagger)
        package = package_files(path, max_bytes, inputs)
        programmed += tuple(container_images(text, path, package))
    from .client_go import pod_images, reads_pods

    if reads_pods(text, path):  # (the containers it has Kubernetes run: .client_go)
        file = go_file(text, path)
        siblings = package_files(path, max_bytes, inputs)
        package = [file, *(other for other in siblings if other.package == file.package)]
        imported = imported_values(path, file.code, max_bytes, inputs)
        programmed += tuple(pod_images(file, package_values(package, imported)))
    from ._go_docker_sdk import sdk_pulls, uses_the_sdk

    if uses_the_sdk(text):  # (the images it pulls through the Engine's Go client)
        file = go_file(text, path)
        siblings = package_files(path, max_bytes, inputs)
        package = [file, *(other for other in siblings if other.package == file.package)]
        imported = imported_values(path, file.code, max_bytes, inputs)
        programmed += tuple(sdk_pulls(file, package_values(package, imported), package))
    calls_runners = may_call_runners(text)
    helped: dict[str, str] = {}
    if path.endswith("_test.go") and not any(marker.decode() in text for marker in MARKERS):
        from ._go_image_helpers import imported_helpers

        # (the module's own functions that start an image made of their parameters)
        helped = imported_helpers(path, go_file(text).code, max_bytes, inputs)
    if not calls_runners and not helped and not any(marker.decode() in text for marker in MARKERS):
        found = (*_end_to_end_images(text, path, inputs), *programmed)
        return BuildFile(scan=Scan(found), path=path, inputs=inputs)
    siblings = package_files(path, max_bytes, inputs)
    code = go_file(text).code
    if not helped and HELPER_HINT in text:
        from ._go_image_helpers import imported_helpers

        helped = imported_helpers(path, code, max_bytes, inputs)
    imported = imported_values(path, code, max_bytes, inputs)
    runners = imported_engine_runners(path, code, max_bytes, inputs) if calls_runners else {}
    from ._go_wrappers import wrappers

    # (the module's own structs that start a request: ._go_wrappers)
    wrapped = wrappers(go_file(text, path), max_bytes, inputs)
    scan = scan_go_source(
        text,
        path=path,
        siblings=siblings,
        imported=imported,
        runners=runners,
        wrapped=wrapped,
        helped=helped,
    )
    listed = (*_end_to_end_images(text, path, inputs), *programmed)
    if listed:
        scan = Scan((*scan.occurrences, *listed), scan.errors, scan.suppressions)
    from ._stereoscope import fixture_builds

    builds = list(fixture_builds(text, path))
    if any(marker.decode() in text for marker in BUILD_MARKERS):
        from ._go_test_builds import dockerfile_builds

        # (the Dockerfiles its tests build for their containers: ._go_test_builds)
        file = go_file(text, path)
        package = [file, *(other for other in siblings if other.package == file.package)]
        builds = [*builds, *dockerfile_builds(file, package_values(package, imported))]
    composes = []
    if any(marker.decode() in text for marker in COMPOSE_MARKERS):
        from ._go_compose import compose_runs

        # (the compose files its tests start: ._go_compose)
        file = go_file(text, path)
        package = [file, *(other for other in siblings if other.package == file.package)]
        composes = compose_runs(file, package_values(package, imported))
    return BuildFile(builds=builds, scan=scan, path=path, inputs=inputs, composes=composes)


def _end_to_end_images(text: str, path: str, inputs: Inputs) -> tuple[Occurrence, ...]:
    """The images an end-to-end test has BuildKit work on, and, when it runs an engine, those
    of the JSON files it embeds (see ``._go_fixture_images``; their stamps go to ``inputs``)."""
    if IGNORED in text:
        return ()
    from ._go_fixture_images import fixture_images, table_images

    found = table_images(text, path)
    if runs_an_engine(text):
        from .._context_cache import stat_of

        listed, read = fixture_images(text, path)
        inputs.update((json_path, stat_of(json_path)) for json_path in read)
        found += listed
    return found


def scan_go_source(
    text: str,
    *,
    path: str | None = None,
    siblings: Sequence[GoFile] = (),
    imported: Mapping[str, Value] | None = None,
    runners: Mapping[str, tuple[tuple[str, ...], int]] | None = None,
    wrapped: Mapping[str, str] | None = None,
    helped: Mapping[str, str] | None = None,
) -> Scan:
    """:func:`read_go_source` of a file's text; ``siblings`` are the other files of its
    package (whose constants it may use), ``imported`` the exported constants of the packages
    it imports from its module (``version.Minimum``), ``runners`` their functions that run a
    container engine with the words they are given (see ``.mage``), ``wrapped`` the module's
    own wrappers of a request it may use (``testutil.Container`` → ``Image``: see
    ``._go_wrappers``), ``helped`` the module's functions of other packages that start an
    image made of their parameters (see ``._go_image_helpers``)."""
    if IGNORED in text or not (
        runners or helped or any(marker.decode() in text for marker in MARKERS)
    ):
        return Scan()
    file = go_file(text, path)
    package = [file, *(other for other in siblings if other.package == file.package)]
    aliases = _aliases(file.code)
    magefile = MAGE_MARKER in text
    execs = runs_an_engine(text)
    if not aliases and not magefile and not execs and not runners and not wrapped and not helped:
        return Scan()
    from ._go_source import _tokens
    from ._source_code import comment_suppressions

    known = package_values(package, imported)
    started = _started(file, aliases, package, known, wrapped or {}, helped or {})
    suppressions = comment_suppressions(text, _tokens(), path)
    if not magefile and not execs and not runners:
        return Scan(started, (), suppressions)
    from .mage import exec_pulls, mage_pulls, runner_pulls

    ran = [mage_pulls(file, known)] if magefile else []
    ran += [exec_pulls(file, known)] if execs else []
    ran += [runner_pulls(file, known, runners)] if runners else []
    kept = dict.fromkeys(
        (*suppressions, *(found for scan in ran for found in scan.suppressions))
    )  # (mage's own, where it has some)
    return Scan((*started, *(found for scan in ran for found in scan)), (), kept)


def runs_an_engine(text: str) -> bool:
    """Whether a Go source imports ``os/exec`` and makes a command of a container engine
    (``exec.Command("docker", …)``), or calls a function of its own with one (``run("docker",
    …)``): it may run or pull an image (see ``.mage``)."""
    return EXEC_MARKER in text and _EXEC_ENGINE.search(text) is not None


#: ``Command("docker"`` (``CommandContext(ctx, "podman"``), or ``NAME("docker",``.
_EXEC_ENGINE = lazy_pattern(
    r"(?:\bexec\.Command(?:Context)?\(\s*(?:\w+\s*,\s*)?|(?<![\w.])[A-Za-z_]\w*\(\s*)"
    r'(?:"(?:docker|podman)"|`(?:docker|podman)`)'
)


def _started(
    file: GoFile,
    aliases: Mapping[str, str],
    package: list[GoFile],
    known: Mapping[str, Value],
    wrapped: Mapping[str, str],
    helped: Mapping[str, str],
) -> Scan:
    """The images the file's calls of the test libraries (and of the module's wrappers and
    helpers of them) start."""
    pools = _pools(package, aliases)
    found: dict[tuple[str, str | None, int], Occurrence] = {}
    calls = _images(file, aliases, pools, _request_starters(package))
    for call, tool, value, at in (*calls, *_wrapped(file, wrapped)):
        # (a Ginkgo suite's `var _ = Describe(…, func() {…})` is its tests' scope)
        scope = enclosing(file, at)
        if scope is not None and _never_run(file.text, scope):
            continue
        for written, name, used in value(scope, known):
            if not name or any(char.isspace() for char in name):
                continue
            key = (name, written.path, written.quote)
            if key not in found:
                found[key] = _occurrence(file, written, name, used, call, tool)
    if helped or any("ContainerRequest" in other.code or ".Run(" in other.code
                     for other in package):  # fmt: skip
        from ._go_image_helpers import helper_calls, helpers

        own = helpers(package, known) if aliases else {}
        for call, written, name, used in helper_calls(file, known, {**own, **helped}):
            scope = next((span for span in file.functions if span[0] <= used[1] < span[1]), None)
            if scope is not None and _never_run(file.text, scope):
                continue
            if not name or any(char.isspace() for char in name):
                continue
            key = (name, written.path, written.quote)
            if key not in found:
                found[key] = _occurrence(file, written, name, used, call, "testcontainers")
    return Scan(sorted(found.values(), key=lambda occurrence: (occurrence.line, occurrence.column)))


#: A call's image, once its function and the package's values are known: the value (where it
#: is written), the image's name, and the argument that names it (its text and offset).
_Image = tuple[Value, str, tuple[str, int]]


def _images(
    file: GoFile,
    aliases: Mapping[str, str],
    pools: Mapping[str, str],
    starters: frozenset[str] = frozenset(),
) -> Iterator[tuple[str, str, _Lazy, int]]:
    """Each call that names an image: what it is, its tool, its value, where it is;
    ``starters`` are the package's functions that start the requests they are given."""
    code = file.code
    for match in _CALL.finditer(code):
        qualifier, name, opener = match["qualifier"], match["name"], match.end() - 1
        imported = aliases.get(qualifier or "")
        if code[opener] == "{":
            if imported == _DKTESTING and name == "ContainerSpec":
                yield from _container_specs(file, opener, match.start())
                continue
            if imported == _E2E and name == "StartOptions":
                yield from _start_options(file, opener, match.start())
                continue
            starts = _starts(file, match.start(), starters)
            if imported == _ROOT and name == "ContainerRequest" and "request" in starts:
                yield from _request(file, opener, match.start())
            elif imported in _DOCKERTEST_V3 and name == "RunOptions":
                run = (
                    "options" in starts
                    or _given_to_a_runner(code, match.start())
                    or _in_a_run_configuration(code, match.start())
                )
                if run and not _built_by_dockertest(code, match.start()):
                    yield from _run_options(file, opener, match.start())
            elif imported == _VAULT and name == "RunOptions":
                yield from _vault_options(file, opener, match.start())
            continue
        args = arguments(code, opener)
        runs = name in ("Run", "RunContainer")
        if runs and imported is not None and _is_testcontainers(imported):
            if any(_USE_LOCAL in text for text, _ in args):
                continue  # (ollama's local binary: no container)
            if name == "Run" and len(args) >= 2:
                call = f"{_package_name(imported)}.Run"
                yield call, "testcontainers", _lazy(file, args[1]), match.start()
            for text, start in args[1:]:
                option = _WITH_IMAGE.match(text)
                if option is not None and aliases.get(option["qualifier"]) == _ROOT:
                    image = (option["image"], start + option.start("image"))
                    yield "testcontainers.WithImage", "testcontainers", _lazy(file, image), start
        elif imported == _DKTEST and name in ("Run", "RunContext"):
            index = 1 if name == "Run" else 2  # (Run(t, IMAGE, …), RunContext(ctx, log, IMAGE, …))
            if len(args) > index:
                yield f"dktest.{name}", "dktest", _lazy(file, args[index]), match.start()
        elif qualifier in pools and name in ("Run", "RunT"):
            yield from _pool_run(file, args, pools[qualifier], aliases, match.start())


def _wrapped(file: GoFile, wrapped: Mapping[str, str]) -> Iterator[tuple[str, str, _Lazy, int]]:
    """Each literal of a wrapper of the module's (``testutil.Container{Image: …}``)."""
    from ._go_wrappers import wrapped_images

    for call, field, at in wrapped_images(file, wrapped):
        yield call, "testcontainers", _lazy(file, field), at


def _starts(file: GoFile, at: int, starters: frozenset[str] = frozenset()) -> frozenset[str]:
    """What the function a request is written in starts: ``request`` (testcontainers-go's
    ``GenericContainer``, or a function of the package that calls it, one of ``starters``),
    ``options`` (dockertest's ``RunWithOptions``: the options a
    ``BuildAndRunWithOptions`` is given name the image it builds, see
    :func:`_built_by_dockertest`); nothing in a unit test of a request's options."""
    scope = enclosing(file, at)
    body = file.code[scope[0] : scope[1]] if scope is not None else ""
    found = {match[1] for match in _STARTER.finditer(body)}
    starts = set()
    if found & {"GenericContainer", "ParallelContainers"} or _calls_one_of(body, starters):
        starts.add("request")
    if "RunWithOptions" in found:
        starts.add("options")
    return frozenset(starts)


def _request_starters(package: Sequence[GoFile]) -> frozenset[str]:
    """The functions of the package that start containers with ``GenericContainer`` (or
    ``ParallelContainers``): a request a function hands to one of them is started, as
    0xERR0R/blocky's e2e helpers start theirs with ``startContainerWithNetwork(ctx, req, …)``
    (three images were not read)."""
    names = set()
    for file in package:
        for start, end, name in file.functions:
            body = file.code[start:end]
            if any(match[1] in ("GenericContainer", "ParallelContainers")
                   for match in _STARTER.finditer(body)):  # fmt: skip
                names.add(name)
    return frozenset(names)


def _calls_one_of(body: str, names: frozenset[str]) -> bool:
    """Whether ``body`` calls a function (or a method) named one of ``names``, other than
    by declaring it."""
    if not names:
        return False
    for match in _WORD_CALL.finditer(body):
        if match["name"] in names and not body[: match.start()].rstrip().endswith("func"):
            return True
    return False


def _lazy(file: GoFile, argument: tuple[str, int], tag: tuple[str, int] | None = None) -> _Lazy:
    """The images an argument names (each case's, in a table-driven test), with a separate
    tag: ``REPOSITORY:TAG`` (an empty tag, ``latest``, is left unwritten)."""

    def value(scope: tuple[int, int, str] | None, known: Mapping[str, Value]) -> list[_Image]:
        text, start = argument
        used = (text.strip(), start + len(text) - len(text.lstrip()))
        names = resolve_all(file, text, start, scope, known)
        if tag is None:
            return [(name, name.text, used) for name in names]
        version = resolve(file, tag[0], tag[1], scope, known)
        if version is None or len(names) != 1:
            return []
        name = names[0]
        if ":" in name.text.rpartition("/")[2] or "@" in name.text:
            return []
        return [(name, f"{name.text}:{version.text}" if version.text else name.text, used)]

    return value


def _request(file: GoFile, brace: int, at: int) -> Iterator[tuple[str, str, _Lazy, int]]:
    """A ``ContainerRequest{…}``'s ``Image:`` (not one that builds from a Dockerfile)."""
    fields = {key: (value, start) for key, value, start in keyed(file.code, brace)}
    if "Image" in fields and "FromDockerfile" not in fields:
        call = "testcontainers.ContainerRequest"
        yield call, "testcontainers", _lazy(file, fields["Image"]), at


def _container_specs(file: GoFile, brace: int, at: int) -> Iterator[tuple[str, str, _Lazy, int]]:
    """golang-migrate's ``dktesting.ContainerSpec{ImageName: …}``, or each of a slice's
    (``[]dktesting.ContainerSpec{{ImageName: …}, …}``): the images its tests run with dktest."""
    fields = {key: (value, start) for key, value, start in keyed(file.code, brace)}
    if "ImageName" in fields:
        yield "dktesting.ContainerSpec", "dktest", _lazy(file, fields["ImageName"]), at
        return
    for element, start in arguments(file.code, brace):
        offset = start + len(element) - len(element.lstrip())
        if file.code.startswith("{", offset):
            yield from _container_specs(file, offset, at)


def _start_options(file: GoFile, brace: int, at: int) -> Iterator[tuple[str, str, _Lazy, int]]:
    """efficientgo/e2e's ``e2e.StartOptions{Image: …}``: the image a runnable's ``Init``
    starts."""
    fields = {key: (value, start) for key, value, start in keyed(file.code, brace)}
    if "Image" in fields:
        yield "e2e.StartOptions", "e2e", _lazy(file, fields["Image"]), at


def _run_options(file: GoFile, brace: int, at: int) -> Iterator[tuple[str, str, _Lazy, int]]:
    """A ``dockertest.RunOptions{…}``'s ``Repository:`` and ``Tag:`` (none: ``latest``)."""
    fields = {key: (value, start) for key, value, start in keyed(file.code, brace)}
    if "Repository" in fields:
        tag = fields.get("Tag", ('""', fields["Repository"][1]))
        yield "dockertest.RunOptions", "dockertest", _lazy(file, fields["Repository"], tag), at


def _given_to_a_runner(code: str, at: int) -> bool:
    """Whether the ``RunOptions`` literal at ``at`` is an argument of a call (a helper's,
    ``newSpec("6379/tcp", &dockertest.RunOptions{…})``) in a file that runs the options it
    is given (``pool.RunWithOptions(spec.options)``): nuclei's JavaScript protocol tests
    start eight images so."""
    before = code[max(0, at - 200) : at].rstrip().removesuffix("&").rstrip()
    if not before.endswith(("(", ",")):
        return False
    return _RUNS_A_NAME.search(code) is not None


def _in_a_run_configuration(code: str, at: int) -> bool:
    """Whether the ``RunOptions`` literal at ``at`` is a field of a configuration literal that
    a ``Run`` call is given: a wrapper's pool runs it (formancehq/go-libs' ``docker.Pool``,
    ``dockerPool.Run(docker.Configuration{RunOptions: &dockertest.RunOptions{…}})`` in
    formancehq/ledger's migration test)."""
    return _RUN_CONFIGURATION.search(code, max(0, at - 300), at) is not None


#: A ``Run(`` call given a composite literal, up to a field's key: ``pool.Run(pkg.Config{
#: Name: "x", RunOptions: &`` (no brace or parenthesis in between, the key right before).
_RUN_CONFIGURATION = lazy_pattern(r"\.Run\(\s*&?\s*[\w.]+\{[^{}()]*\b\w+\s*:\s*&?\s*\Z")


#: A ``RunWithOptions`` given a name or a field, not a literal (``spec.options``).
_RUNS_A_NAME = lazy_pattern(r"\bRunWithOptions\s*\(\s*[A-Za-z_][\w.]*\s*[,)]")


def _built_by_dockertest(code: str, at: int) -> bool:
    """Whether the ``RunOptions`` literal at ``at`` is an argument of a
    ``BuildAndRunWithOptions(DOCKERFILE, &dockertest.RunOptions{…})`` (its image is built),
    or is held by a name that only such calls are given."""
    if _BUILD_AND_RUN_BEFORE.search(code, max(0, at - 400), at) is not None:
        return True
    held = _HELD_BY.search(code, max(0, at - 200), at)
    if held is None:
        return False
    name = held["name"]
    given = {match[1] for match in _given_to(name).finditer(code)}
    return given == {"BuildAndRunWithOptions"}


def _vault_options(file: GoFile, brace: int, at: int) -> Iterator[tuple[str, str, _Lazy, int]]:
    """Vault's (OpenBao's) ``docker.RunOptions{ImageRepo: R, ImageTag: T}``, unless the file
    builds that image (its ``ImageRepo`` is given to ``BuildTags(…)``)."""
    fields = {key: (value, start) for key, value, start in keyed(file.code, brace)}
    if "ImageRepo" not in fields or "ImageTag" not in fields:
        return
    if fields["ImageRepo"][0].strip() in _built_names(file.code):
        return  # (the image the test builds first: `BuildTags([]string{name + ":" + tag})`)
    yield "docker.RunOptions", _VAULT, _lazy(file, fields["ImageRepo"], fields["ImageTag"]), at


def _built_names(code: str) -> set[str]:
    """The names and literals the file's ``BuildTags(…)`` calls are given: the images Vault's
    helper builds (``runner.BuildImage(ctx, containerfile, bCtx, docker.BuildTags(…))``)."""
    found: set[str] = set()
    for match in _BUILD_TAGS.finditer(code):
        for text, _ in arguments(code, match.end() - 1):
            found.update(_NAME_OR_LITERAL.findall(text))
    return found


def _pool_run(
    file: GoFile, args: list[tuple[str, int]], version: str, aliases: Mapping[str, str], at: int
) -> Iterator[tuple[str, str, _Lazy, int]]:
    """A dockertest pool's ``Run(REPOSITORY, TAG, env)`` (v3), or ``Run(ctx, REPOSITORY,
    …WithTag(TAG)…)`` (v4: without ``WithTag``, not read)."""
    if version != "v4" and len(args) == 3:
        yield "Pool.Run", "dockertest", _lazy(file, args[0], args[1]), at
        return
    if version != "v4" or len(args) < 2:
        return
    qualifiers = [name for name, path in aliases.items() if path == _DOCKERTEST + "/v4"]
    for text, start in args[2:]:
        found = _WITH_TAG.match(text)
        if found is not None and found["qualifier"] in qualifiers:
            tag = (found["tag"], start + found.start("tag"))
            yield "Pool.Run", "dockertest", _lazy(file, args[1], tag), at
            return


def _never_run(text: str, scope: tuple[int, int, str]) -> bool:
    """Whether the function is an example ``go test`` compiles and never runs (no
    ``// Output:`` comment)."""
    if not scope[2].startswith("Example"):
        return False
    body = text[scope[0] : scope[1]]
    return "// Output:" not in body and "// Unordered output:" not in body


def _occurrence(
    file: GoFile, written: Value, name: str, used: tuple[str, int], call: str, tool: str
) -> Occurrence:
    """The image ``name``: at its literal when the file writes it, else at the argument
    that names it (another file's constant)."""
    text = file.text
    if written.path == file.path:
        quote = written.quote
        line, column = line_column(text, quote + 1)  # (after the quote)
        end = text.find(text[quote], quote + 1)
        raw = text[quote + 1 : end if end >= 0 else len(text)]
    else:
        raw, at = used
        line, column = line_column(text, at)
    return Occurrence.of_text(
        path=file.path,
        line=line,
        column=column,
        kind=KIND,
        raw=raw,
        text=name,
        context={"tool": tool, "call": call},
    )


def _aliases(code: str) -> dict[str, str]:
    """The names the file's imports of the libraries go by (``""`` for a dot import)."""
    found: dict[str, str] = {}
    for match in import_spec().finditer(code):
        path = match["path"]
        if _VAULT_HELPER.fullmatch(path):
            found[match["alias"] or "docker"] = _VAULT
            continue
        if path == _E2E:
            found[match["alias"] or "e2e"] = _E2E
            continue
        if path == _DKTEST or _MIGRATE_TESTING.fullmatch(path):
            alias = match["alias"] or path.rpartition("/")[2]
            found[alias] = _DKTEST if path == _DKTEST else _DKTESTING
            continue
        if not (path == _ROOT or path.startswith((_MODULES, _DOCKERTEST))):
            continue
        if path.startswith(_DOCKERTEST) and path not in (_DOCKERTEST, *_DOCKERTEST_VERSIONS):
            continue  # (its docker client's packages)
        alias = match["alias"] or _package_name(path)
        if alias != "_":
            found["" if alias == "." else alias] = path
    return found


_DOCKERTEST_VERSIONS = (_DOCKERTEST + "/v3", _DOCKERTEST + "/v4")
_DOCKERTEST_V3 = (_DOCKERTEST, _DOCKERTEST + "/v3")


def _package_name(path: str) -> str:
    """The name a package of the libraries goes by (``testcontainers``, ``postgres``,
    ``dockertest``: a major version's element is not its name)."""
    if path == _ROOT:
        return "testcontainers"
    parts = path.split("/")
    last = parts[-1]
    return parts[-2] if last[:1] == "v" and last[1:].isdigit() else last


def _is_testcontainers(path: str) -> bool:
    return path == _ROOT or path.startswith(_MODULES)


def _pools(files: Sequence[GoFile], aliases: Mapping[str, str]) -> dict[str, str]:
    """The names of the package's dockertest pools, with the library's major version."""
    versions = {
        alias: "v4" if path.endswith("/v4") else "v3"
        for alias, path in aliases.items()
        if path.startswith(_DOCKERTEST)
    }
    found: dict[str, str] = {}
    if not versions:
        return found  # (no dockertest here: no pool to find)
    for file in files:
        for match in _POOL.finditer(file.code):
            version = versions.get(match["qualifier"] or match["type"])
            name = match["name"] or match["field"]
            if version is not None:
                found[name] = version
    return found


#: ``QUALIFIER.NAME(`` or ``QUALIFIER.NAME{`` (a composite literal), or an unqualified
#: one (a dot import's).
_CALL = lazy_pattern(
    r"(?<![\w.])(?:(?P<qualifier>[A-Za-z_]\w*)\s*\.\s*)?"
    r"(?P<name>Run|RunT|RunContext|RunContainer|ContainerRequest|RunOptions|ContainerSpec"
    r"|StartOptions)"
    r"\s*[({]"
)


#: A pool's name: assigned ``dockertest.NewPool(…)`` (``NewPoolT``), or declared a
#: ``*dockertest.Pool``.
_POOL = lazy_pattern(
    r"\b(?P<name>[A-Za-z_]\w*)(?:\s*,\s*\w+)?\s*:?=\s*(?P<qualifier>[A-Za-z_]\w*)\.NewPoolT?\("
    r"|\b(?P<field>[A-Za-z_]\w*)\s+\*(?P<type>[A-Za-z_]\w*)\.Pool\b"
)


_MIGRATE_TESTING = lazy_pattern(r"github\.com/golang-migrate/migrate(?:/v\d+)?/dktesting")


#: The import path of Vault's or OpenBao's Docker helper (and a fork's).
_VAULT_HELPER = lazy_pattern(r"[\w.\-/]+/sdk(?:/v\d+)?/helper/docker")


#: ``BuildAndRunWithOptions(…, &`` just before a literal it is given.
_BUILD_AND_RUN_BEFORE = lazy_pattern(r"\bBuildAndRunWithOptions\s*\([^()]*&?\s*$")


#: ``NAME := &`` (``=``) just before a literal.
_HELD_BY = lazy_pattern(r"\b(?P<name>[A-Za-z_]\w*)\s*:?=\s*&?\s*$")


def _given_to(name: str) -> re.Pattern[str]:
    """A ``RunWithOptions`` or ``BuildAndRunWithOptions`` call given ``name``."""
    import re

    return re.compile(rf"\b(RunWithOptions|BuildAndRunWithOptions)\s*\([^()]*\b{name}\b")


_BUILD_TAGS = lazy_pattern(r"\bBuildTags\s*\(")


_NAME_OR_LITERAL = lazy_pattern(r'"(?:\\.|[^"\\\n])*"|`[^`]*`|[A-Za-z_]\w*')


_WITH_IMAGE = lazy_pattern(
    r"\s*(?P<qualifier>[A-Za-z_]\w*)\.WithImage\(\s*(?P<image>[^()]*?)\s*\)\s*$"
)


#: A call that starts the containers of requests.
_STARTER = lazy_pattern(
    r"\b(GenericContainer|ParallelContainers|RunWithOptions|BuildAndRunWithOptions)\s*\("
)


#: A call of a name, ``NAME(`` (``helper.NAME(``, ``s.NAME(``).
_WORD_CALL = lazy_pattern(r"(?<![\w])(?P<name>[A-Za-z_]\w*)\s*\(")


_WITH_TAG = lazy_pattern(r"\s*(?P<qualifier>[A-Za-z_]\w*)\.WithTag\(\s*(?P<tag>[^()]*?)\s*\)\s*$")
