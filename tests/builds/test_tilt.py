"""Tilt: Tiltfiles evaluated where static (sources.builds.tilt)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from hypothesis import assume, given
from hypothesis import strategies as st

from tagsense.sources import BuildSite
from tagsense.sources.builds.tilt import UNKNOWN, evaluate_expression, read_tiltfile

if TYPE_CHECKING:
    from pathlib import Path

    from tagsense.sources.project import BuildFile


def tiltfile(directory: Path, text: str, name: str = "Tiltfile") -> str:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def names(result: BuildFile) -> list[str]:
    return [image.name for image in result.built]


def test_docker_build_gives_a_build_and_a_built_name(tmp_path: Path) -> None:
    path = tiltfile(
        tmp_path,
        """\
docker_build('api', 'services/api', build_args={'GO': '1.22', 'N': 3},
             target='dev', extra_tag=['api:dev'], platform='linux/amd64')
docker_build('web', '.', dockerfile='deploy/web.dockerfile')
docker_build('inline', 'x', dockerfile_contents='FROM alpine:3.20\\n')
custom_build('custom', 'make image', ['src'])
""",
    )
    result = read_tiltfile(path)
    assert result.scan.errors == ()
    assert names(result) == ["api", "api:dev", "web", "inline", "custom"]
    api, web, inline = result.builds
    assert api.site == BuildSite("tilt", path, 1)
    assert api.context == os.path.join(str(tmp_path), "services", "api")
    assert api.dockerfile == os.path.join(str(tmp_path), "services", "api", "Dockerfile")
    assert dict(api.args) == {"GO": "1.22"}  # (a number is no string: Tilt rejects it)
    assert (api.target, api.tags, api.platforms) == ("dev", ("api", "api:dev"), ("linux/amd64",))
    # An explicit Dockerfile is relative to the Tiltfile, not to the context.
    assert web.dockerfile == os.path.join(str(tmp_path), "deploy", "web.dockerfile")
    assert (inline.dockerfile, inline.dockerfile_inline) == (None, "FROM alpine:3.20\n")


def test_a_command_tilt_runs_builds_what_it_tags(tmp_path: Path) -> None:
    # unkey/unkey's dev/Tiltfile builds its portal in a local_resource; its manifest's
    # `image: unkey/portal:local` was judged a pull (a false TS003).
    path = tiltfile(
        tmp_path / "dev",
        """\
local_resource(
    'build-portal-image',
    'docker build -t unkey/portal:local -f ../web/apps/portal/Dockerfile .. '
    + '&& minikube image load unkey/portal:local',
    deps=['../web/apps/portal'],
)
local_resource('tools', cmd=['docker', 'build', '-t', 'acme/tools:dev', 'tools'], dir='..')
local_resource('serve', serve_cmd='docker build -t acme/serve:dev . && ./serve',
               serve_dir=os.getenv('D'))
local_resource('test', 'go test ./...')
version = local('docker build -q -t acme/once:dev once')
""",
    )
    result = read_tiltfile(path)
    assert result.scan.errors == ()
    # (a shell build names its repository: the tag never matters, see builds.shell)
    assert names(result) == ["unkey/portal", "acme/tools", "acme/serve", "acme/once"]
    portal, tools, once = result.builds  # (serve: in a directory only a run knows)
    assert portal.site == BuildSite("tilt", path, 1)
    assert portal.context == str(tmp_path)
    assert portal.dockerfile == os.path.join(str(tmp_path), "web", "apps", "portal", "Dockerfile")
    assert tools.dockerfile == os.path.join(str(tmp_path), "tools", "Dockerfile")
    assert once.dockerfile == os.path.join(str(tmp_path), "dev", "once", "Dockerfile")


def test_static_values_functions_and_loops(tmp_path: Path) -> None:
    path = tiltfile(
        tmp_path,
        """\
registry = 'ghcr.io/acme'
services = ['api', 'worker']
services.append('cron')
def build(name, context=None, **kwargs):
    docker_build('%s/%s' % (registry, name), context or 'svc/' + name, **kwargs)
    return name
built = [build(s) for s in services[:1]]
for s in services[1:]:
    build(s, target='prod')
build(name='{}-{}'.format('a', 'b'), context=f"svc/{services[0]}")
i = 0
while i < 2:
    docker_build('loop' + str(i), '.')
    i += 1
docker_build(os.getenv('IMAGE', 'x'), '.')          # unknown: skipped
docker_build('ctx', os.getenv('CTX', '.'))           # a built name, no build
""",
    )
    result = read_tiltfile(path)
    assert result.scan.errors == ()
    assert names(result) == [
        "ghcr.io/acme/api",
        "ghcr.io/acme/worker",
        "ghcr.io/acme/cron",
        "ghcr.io/acme/a-b",
        "loop0",
        "loop1",
        "ctx",
    ]
    assert [build.target for build in result.builds[:3]] == [None, "prod", "prod"]
    assert result.builds[3].context == os.path.join(str(tmp_path), "svc", "api")
    assert "ctx" not in [build.name for build in result.builds]
    assert {image.site.line for image in result.built[:4]} == {5}


def test_unknown_conditions_take_both_branches(tmp_path: Path) -> None:
    path = tiltfile(
        tmp_path,
        """\
if config.tilt_subcommand == 'ci':
    image = 'app-ci'
    docker_build('app', '.', target='ci')
else:
    image = 'app-dev'
    docker_build('app', '.', target='dev')
docker_build(image, '.')
mode = 'prod'
if mode == 'prod':
    docker_build('prod-only', '.')
else:
    docker_build('never', '.')
""",
    )
    result = read_tiltfile(path)
    assert names(result) == ["app", "app", "prod-only"]
    assert [build.target for build in result.builds] == ["ci", "dev", None]


def test_load_and_include_follow_local_files_once(tmp_path: Path) -> None:
    tiltfile(
        tmp_path,
        """\
REGISTRY = 'localhost:5000'
def service(name):
    docker_build(REGISTRY + '/' + name, name)
_private = 1
""",
        "tilt/lib.tiltfile",
    )
    tiltfile(tmp_path, "docker_build('included', 'here')\n", "sub/Tiltfile")
    path = tiltfile(
        tmp_path,
        """\
load('./tilt/lib.tiltfile', 'service', reg='REGISTRY')
load('ext://restart_process', 'docker_build_with_restart')
load('ext://ko', 'ko_build')
load('ext://unknown', 'something')
include('./sub/Tiltfile')
include('./sub/Tiltfile')
service('api')
docker_build_with_restart(reg + '/restarting', '.', '/app', [], dockerfile='Dockerfile.dev')
ko_build('ko-image', './cmd/app')
something('not-a-build', '.')
load('./missing.tiltfile', 'x')
""",
    )
    result = read_tiltfile(path)
    assert names(result) == [
        "included",
        "localhost:5000/api",
        "localhost:5000/restarting",
        "ko-image",
    ]
    included, api, restarting = result.builds
    assert included.site.path == os.path.join(str(tmp_path), "sub", "Tiltfile")
    assert included.context == os.path.join(str(tmp_path), "sub", "here")
    # A function's paths resolve from the file that is executing, as Tilt's do.
    assert api.context == os.path.join(str(tmp_path), "api")
    assert api.site.path == os.path.join(str(tmp_path), "tilt", "lib.tiltfile")
    assert restarting.dockerfile == os.path.join(str(tmp_path), "Dockerfile.dev")
    ((line, message),) = [(error.line, error.message) for error in result.scan.errors]
    assert line == 11
    assert message.startswith("cannot read")


def test_a_load_cycle_is_an_error(tmp_path: Path) -> None:
    tiltfile(tmp_path, "load('./Tiltfile', 'x')\ndocker_build('b', '.')\n", "b.tiltfile")
    path = tiltfile(tmp_path, "load('./b.tiltfile', 'y')\ndocker_build('a', '.')\n")
    result = read_tiltfile(path)
    assert names(result) == ["b", "a"]
    assert [error.message.split(":")[0] for error in result.scan.errors] == ["circular load"]


def test_what_is_not_starlark_is_an_error(tmp_path: Path) -> None:
    result = read_tiltfile(tiltfile(tmp_path, "docker_build('a', '.'\n"))
    ((error),) = result.scan.errors
    assert error.message.startswith("not Starlark")
    result = read_tiltfile(tiltfile(tmp_path, "import os\ndocker_build('a', '.')\n"))
    assert names(result) == ["a"]
    assert [(e.line, e.message) for e in result.scan.errors] == [
        (1, "not Starlark: a Python import statement")
    ]
    deep = "x = " + "(" * 300 + "1" + ")" * 300 + "\n"
    assert read_tiltfile(tiltfile(tmp_path, deep)).scan.errors[0].message.startswith("not Starlark")


def test_evaluation_is_bounded(tmp_path: Path) -> None:
    path = tiltfile(
        tmp_path,
        """\
def f(n):
    return f(n + 1)
f(0)
big = 'a' * 100000000
docker_build(big, '.')
for a in range(10000):
    for b in range(10000):
        x = a
docker_build('after', '.')
""",
    )
    result = read_tiltfile(path)
    assert names(result) == []
    assert [e.message for e in result.scan.errors] == [
        "evaluation stopped after 100,000 steps; the rest is not read"
    ]


@given(
    st.recursive(
        st.text(alphabet="ab-{}%s/:", max_size=4).map(repr),
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(lambda pair: f"({pair[0]} + {pair[1]})"),
            st.tuples(inner, st.integers(0, 3)).map(lambda pair: f"({pair[0]} * {pair[1]})"),
            inner.map(lambda text: f"{text}.upper()"),
            inner.map(lambda text: f"'-'.join([{text}, {text}])"),
            inner.map(lambda text: f"'%s-x' % {text}"),
            inner.map(lambda text: f"'<{{}}>'.format({text})"),
            inner.map(lambda text: f"f'<{{{text}}}>'"),
            st.tuples(inner, inner).map(lambda pair: f"{pair[0]}.replace('a', {pair[1]})"),
        ),
        max_leaves=6,
    )
)
def test_static_string_expressions_evaluate_as_python_does(expression: str) -> None:
    try:
        code = compile(expression, "<expression>", "eval")
    except SyntaxError:  # (nested quotes in f-strings before Python 3.12)
        assume(False)
    value = evaluate_expression(expression)
    expected = eval(code, {})  # (strings and numbers only)
    if value is UNKNOWN:
        assert len(expected) > 64 * 1024 or "%" in expression or "{" in expression
    else:
        assert value == expected


def test_what_is_not_static_is_unknown() -> None:
    for text in (
        "os.getenv('A')",
        "config.parse()['x']",
        "'%5s' % 'a'",
        "'{:>9}'.format('a')",
        "str([1])",
        "read_file('x')",
        "'a' * 100000",
        "undefined_name",
    ):
        assert evaluate_expression(text) is UNKNOWN, text
    assert evaluate_expression("os.path.join('a', '', '../b', 'c')") == "b/c"
    assert evaluate_expression("{'a': 1}.get('a')") == 1
    assert evaluate_expression("'x' if 1 == 1 else 'y'") == "x"
    assert evaluate_expression("len(['a', 'b'])") == 2
