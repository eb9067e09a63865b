"""The Go template engine against Helm's: the same template, the same text.

Each case is a template (and values) that charts use on the way to an image
(the constructs ``../shared/helm/CENSUS.md`` counts, most used first, and Go's
and Sprig's corner cases); Helm renders it, tagsense renders it, and the two
texts must be equal. The property test composes random templates from the
same constructs. Helm's text is never written here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tagsense._gotemplate import PLACEHOLDER
from tagsense.sources.helm._load import load_chart
from tagsense.sources.helm._render import render_text

from .oracle import HELM, needs_helm, render

VALUES = """\
global:
  imageRegistry: ""
image:
  registry: docker.io
  repository: bitnami/redis
  tag: 7.4.1-debian-12-r0
  digest: ""
  pullPolicy: IfNotPresent
empty: ""
zero: 0
number: 1.10
big: 1000000
flag: true
off: false
list: [a, b, c]
map: {x: "1", y: two, z: [3]}
nested: {deep: {er: value}}
nothing: null
tpl: "{{ .Values.image.repository }}:{{ .Chart.AppVersion }}"
yes: yes
"""

CHART = "apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: '2.4.0'\n"


def write_chart(directory: Path, template: str, values: str = VALUES, helpers: str = "") -> Path:
    (directory / "templates").mkdir(parents=True, exist_ok=True)
    (directory / "Chart.yaml").write_text(CHART)
    (directory / "values.yaml").write_text(values)
    (directory / "templates" / "t.yaml").write_text(template)
    if helpers:
        (directory / "templates" / "_helpers.tpl").write_text(helpers)
    return directory


def ours(directory: Path) -> str | None:
    """tagsense's text of the template; None when it cannot render it (as Helm)."""
    texts = render_text(load_chart(str(directory)), {})
    return texts.get("c/templates/t.yaml")


def helms(directory: Path) -> str | None:
    assert HELM is not None
    try:
        return render(directory)["c/templates/t.yaml"]
    except HELM.HelmError:
        return None


def same(template: str, helpers: str = "") -> None:
    with tempfile.TemporaryDirectory() as name:
        directory = write_chart(Path(name), template, helpers=helpers)
        want, got = helms(directory), ours(directory)
    if want is None:
        # Helm refuses it: tagsense either refuses it too, or leaves an unknown
        # value in its place (an image with it is unresolved): never other text.
        assert got is None or PLACEHOLDER.search(got), got
    else:
        assert got == want


HELPERS = """\
{{- define "img" -}}
{{- $registry := .Values.global.imageRegistry | default .Values.image.registry -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- printf "%s/%s:%s" $registry .Values.image.repository $tag -}}
{{- end -}}
{{- define "args" -}}{{ .a }}-{{ .b }}{{- end -}}
{{- define "nested" -}}[{{ include "args" (dict "a" .x "b" "n") }}]{{- end -}}
"""

CASES = [
    # .Values paths, default, pipelines, .Chart.AppVersion, parentheses, printf
    "{{ .Values.image.repository }}:{{ .Values.image.tag }}",
    "{{ .Values.image.tag | default .Chart.AppVersion }}",
    "{{ .Values.empty | default .Chart.AppVersion }}",
    "{{ default .Chart.AppVersion .Values.empty }}",
    '{{ printf "%s/%s:%s" .Values.image.registry .Values.image.repository .Values.image.tag }}',
    '{{ printf "%s:%s" .Values.image.repository (.Values.empty | default "latest") }}',
    "{{ (.Values.global).imageRegistry }}|{{ ((.Values.nothing).x) }}",
    "{{ .Values.missing }}|{{ .Values.nothing }}|{{ .Values.missing.x }}",
    "{{ .Values.number }} {{ .Values.big }} {{ .Values.zero }} {{ .Values.yes }}",
    '{{ printf "%s" .Values.number }} {{ printf "%d" 3 }} {{ printf "%v" .Values.map }}',
    '{{ printf "%s" .Values.missing }} {{ printf "%s %s" "a" }} {{ printf "%s" "a" "b" }}',
    "{{ .Values.list }} {{ .Values.map }} {{ .Values.flag }} {{ .Release.Name }}",
    # variables, if/else if/with/range
    "{{ $r := .Values.image.repository }}{{ $t := .Values.image.tag }}{{ $r }}:{{ $t }}",
    "{{ $x := 1 }}{{ if .Values.flag }}{{ $x = 2 }}{{ end }}{{ $x }}",
    "{{ if .Values.off }}a{{ else if .Values.flag }}b{{ else }}c{{ end }}",
    "{{ if and .Values.flag (not .Values.off) }}yes{{ end }}",
    "{{ if or .Values.empty .Values.zero .Values.list }}"
    "{{ end }}{{ or .Values.empty .Values.zero }}",
    '{{ and 1 0 2 }}{{ and 1 2 }}{{ or 0 "" }}',
    "{{ with .Values.image }}{{ .repository }}{{ end }}"
    "{{ with .Values.empty }}x{{ else }}y{{ end }}",
    "{{ range .Values.list }}{{ . }},{{ end }}",
    "{{ range $i, $v := .Values.list }}{{ $i }}={{ $v }} {{ end }}",
    "{{ range $k, $v := .Values.map }}{{ $k }}:{{ $v }};{{ end }}",
    "{{ range .Values.empty }}x{{ else }}none{{ end }}",
    "{{ range $i := until 5 }}{{ if eq $i 2 }}{{ continue }}{{ end }}"
    "{{ if eq $i 4 }}{{ break }}{{ end }}{{ $i }}{{ end }}",
    '{{- if .Values.flag -}}\n  trimmed  \n{{- end -}}|{{ "x" -}}   y',
    "{{/* a comment */}}a {{- /* trimmed */ -}} b",
    # include, template, define, tpl
    '{{ include "img" . }}',
    '{{ template "img" . }}',
    '{{ include "nested" (dict "x" "v") }}',
    "{{ tpl .Values.tpl . }}",
    '{{ tpl "{{ .Values.image.tag }}" $ }}',
    # comparisons and errors Helm makes
    '{{ eq .Values.image.tag "7.4.1-debian-12-r0" }} {{ ne 1 2 }} {{ eq .Values.missing "x" }}',
    "{{ eq .Values.zero 0 }}",
    '{{ lt 1 2 }} {{ gt 2.5 1.5 }} {{ le "a" "b" }} {{ ge 3 3 }}',
    '{{ gt (int64 .Values.zero) 0 }} {{ int "12" }} {{ add 1 2 3 }} {{ sub 5 7 }} {{ div 7 2 }}',
    # Sprig
    '{{ .Values.image.repository | quote }} {{ squote "x" }} {{ quote .Values.missing }}',
    '{{ trimPrefix "bitnami/" .Values.image.repository }} {{ trimSuffix "-r0" .Values.image.tag }}',
    '{{ ternary "a" "b" .Values.flag }} {{ ternary "a" "b" .Values.off }}',
    "{{ toString .Values.number }} {{ toString .Values.flag }} {{ toString .Values.missing }}",
    "{{ coalesce .Values.empty .Values.missing .Values.image.tag }}",
    '{{ hasKey .Values "image" }} {{ hasKey .Values.image "nope" }} {{ hasKey .Values "nothing" }}',
    '{{ $d := dict "a" 1 "b" "two" }}{{ get $d "b" }}{{ get $d "none" }}|{{ list 1 "a" }}',
    "{{ empty .Values.empty }} {{ empty .Values.list }} {{ empty .Values.zero }}"
    " {{ empty .Values.map }}",
    '{{ lower "ABC" }} {{ upper .Values.image.registry }}'
    ' {{ replace "/" "-" .Values.image.repository }}',
    '{{ required "tag!" .Values.image.tag }}',
    '{{ required "tag!" .Values.empty }}',
    "{{ toYaml .Values.map }}",
    "{{ toYaml .Values.image | nindent 2 }}",
    "{{ toJson .Values.map }} {{ toJson .Values.list }}",
    '{{ index .Values.list 1 }} {{ index .Values.map "y" }} {{ len .Values.list }}',
    '{{ splitList "/" .Values.image.repository | last }} {{ join "," .Values.list }}',
    '{{ semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version }}'
    " {{ .Capabilities.KubeVersion.Minor }}",
    '{{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "x/v9" }}',
    '{{ kindOf .Values.map }} {{ kindIs "string" .Values.number }} {{ typeOf .Values.list }}',
    '{{ merge (dict "a" 1) (dict "a" 2 "b" 3) }} {{ mergeOverwrite (dict "a" 1) (dict "a" 2) }}',
    '{{ trunc 4 "abcdefgh" }} {{ trunc -3 "abcdefgh" }}'
    ' {{ substr 1 3 "abcdef" }} {{ nospace "a b" }}',
    '{{ regexReplaceAll "(a)(b)" "xaby" "${2}$1" }} {{ regexMatch "^[0-9]+$" "123" }}',
    '{{ contains "red" .Values.image.repository }} {{ hasPrefix "bit" .Values.image.repository }}',
    '{{ "abc" | upper | trimSuffix "C" }} {{ cat "a" 1 .Values.missing "b" }}',
    '{{ $l := list }}{{ $l = append $l "x" }}{{ $l = prepend $l "w" }}{{ $l }}'
    " {{ uniq (list 1 1 2) }}",
    '{{ print "a" 1 2 "b" }} {{ println "x" }}',
    '{{ .Values.image.tag | toString | trimSuffix "-r0" | replace "." "-" }}',
    '{{ semver "1.2.3-rc.1+b5" | toString }} {{ (semver "1.2.3").Minor }}',
    '{{ .Values.nested.deep.er }} {{ dig "nested" "deep" "er" "none" .Values }}'
    ' {{ dig "a" "b" "none" .Values }}',
]


@needs_helm
@pytest.mark.parametrize("template", CASES)
def test_the_same_text_as_helm(template: str) -> None:
    same(template, HELPERS)


# --- random templates ---------------------------------------------------------------------

_ATOMS = [
    ".Values.image.repository",
    ".Values.image.tag",
    ".Values.empty",
    ".Values.missing",
    ".Values.number",
    ".Values.flag",
    ".Values.off",
    ".Values.zero",
    ".Values.list",
    ".Values.map",
    ".Chart.AppVersion",
    ".Release.Name",
    "$v",
    '"lit"',
    '""',
    "1",
    "2.5",
    "true",
    "nil",
]


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 2 or draw(st.booleans()):
        return draw(st.sampled_from(_ATOMS))
    inner = expressions(depth + 1)
    form = draw(st.integers(0, 17))
    a, b = draw(inner), draw(inner)
    return [
        f"(default {a} {b})",
        f'(printf "%s-%v" {a} {b})',
        f"(quote {a})",
        f'(trimPrefix "b" {a})',
        f"(ternary {a} {b} (eq {a} {b}))",
        f"(toString {a})",
        f"(coalesce {a} {b})",
        f'(hasKey (dict "k" {a}) "k")',
        f'(get (dict "k" {a}) "k")',
        f"(empty {a})",
        f"(and {a} {b})",
        f"(or {a} {b})",
        f"(not {a})",
        f"(list {a} {b})",
        f'(include "args" (dict "a" {a} "b" {b}))',
        f"({a} | default {b})",
        '(tpl "{{ .Values.image.tag }}" $)',
        f"(eq {a} {b})",
    ][form]


@st.composite
def templates(draw: st.DrawFn, depth: int = 0) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 6 if depth < 2 else 2))
        left, right = draw(st.sampled_from(["{{ ", "{{- "])), draw(st.sampled_from([" }}", " -}}"]))
        if kind == 0:
            parts.append(draw(st.sampled_from(["text ", " ", "\n", "a:b"])))
        elif kind == 1:
            parts.append(f"{left}{draw(expressions())}{right}")
        elif kind == 2:
            parts.append(f"{left}$v := {draw(expressions())}{right}")
        elif kind == 3:
            body, other = draw(templates(depth + 1)), draw(templates(depth + 1))
            parts.append(
                f"{{{{ if {draw(expressions())} }}}}{body}{{{{ else }}}}{other}{{{{ end }}}}"
            )
        elif kind == 4:
            parts.append(
                f"{{{{ with {draw(expressions())} }}}}{draw(templates(depth + 1))}{{{{ end }}}}"
            )
        elif kind == 5:
            parts.append(
                f"{{{{ range $i, $e := {draw(expressions())} }}}}{{{{ $i }}}}"
                f"{draw(templates(depth + 1))}{{{{ end }}}}"
            )
        else:
            parts.append(f'{{{{ include "args" (dict "a" {draw(expressions())} "b" "x") }}}}')
    return "".join(parts)


@needs_helm
@settings(max_examples=120, deadline=None)
@given(templates())
@example('{{ $v := "x" }}{{ range $i, $e := .Values.map }}{{ $i }}{{ $e }}{{ end }}')
@example("{{ $v := .Values.missing }}{{ $v.x }}{{ (default .Values.missing nil) }}")
def test_random_templates_render_as_helm_renders_them(template: str) -> None:
    same('{{- $v := "init" -}}' + template, HELPERS)


# --- toYaml's scalar styles ------------------------------------------------------------------
# go-yaml v2 writes a string plain, 'single-quoted', "double-quoted" or as a |- block, by
# what it holds; `tpl (toYaml .Values.probe)` then renders the text again (the Jenkins
# chart's probes: `path: '{{ default "" .Values.controller.jenkinsUriPrefix }}/login'`),
# where an escaped \" would not parse. The same strings in a map, a list and under a key.

STRINGS = [
    '{{ default "" .Values.empty }}/login',
    "{x}",
    "it's {a}",
    "a #b",
    "x: y",
    "a:b",
    "- x",
    "-x",
    "?x",
    "? x",
    "=",
    "<<",
    "1:20",
    "2024-01-01",
    "---x",
    "...",
    " lead",
    "trail ",
    "tab\there",
    "bell\x07 del\x7f bom\ufeff",
    "line1\nline2",
    "multi\nline\n",
    "kept\n\n",
    "\nleading break",
    " lead\nx",
    "x\n y",
    "x \ny",
    "x\n\n\ny",
    "é ü",
    "",
    "\n",
    "quote\"d 'both'",
    "back\\slash",
]


# go-yaml sorts map keys its own way: numbers as numbers, other characters before letters
# (not "1a" beside "10" and "1.5": its comparison is not an order there, and what Go's sort
# makes of it depends on the sort's algorithm)
KEYS = ["k9", "k10", "k010", "a1b", "a01", "a1", "x0", "x00", "x10", "x100", "_a", "A", "b", "é"]
KEYS += ["9", "10", "1.5", "v1.10.0", "v1.9.0", "a-b", "a.b", "a b", "0", "00", "01", "a" * 130]


def _same_yaml(strings: list[str], *, fixed: bool = True) -> None:
    import json

    values = json.dumps(
        {
            "s": {f"k{index:02}": text for index, text in enumerate(strings)},
            "l": strings,
            "n": {"deep": [{"a": text, text or "e": 1} for text in strings]},
            "keys": dict.fromkeys(KEYS + (strings if fixed else []), 1),
        }
    )
    template = (
        "a:\n{{ toYaml .Values.s | indent 2 }}\nb:\n{{ toYaml .Values.l | indent 2 }}\n"
        "c:\n{{ toYaml .Values.n | indent 2 }}\nd: {{ toYaml (index .Values.l 0) }}\n"
        "f:\n{{ toYaml .Values.keys | indent 2 }}\n"
    )
    if fixed:  # (a random string may hold "{{": no template)
        template += "e:\n{{ tpl (toYaml .Values.s) . | indent 2 }}\n"
    with tempfile.TemporaryDirectory() as name:
        directory = write_chart(Path(name), template, values=values)
        want, got = helms(directory), ours(directory)
    assert want is not None
    assert got == want


@needs_helm
def test_to_yaml_writes_each_string_as_go_yaml_does() -> None:
    _same_yaml(STRINGS)


_CHARACTERS = st.sampled_from([*"ab1.:-#'\"{}[],?|>!&*%@` \n\t\\", "é", "\x7f"])


@needs_helm
@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(_CHARACTERS, max_size=8), min_size=1, max_size=12))
def test_to_yaml_writes_random_strings_as_go_yaml_does(strings: list[str]) -> None:
    _same_yaml(strings, fixed=False)


def test_a_context_merged_from_the_root_keeps_the_files_methods(tmp_path: Path) -> None:
    # The official NATS chart (nats-io/k8s, vendored in kubeshop/testkube's chart) renders its
    # objects from files/ with `.ctx.Files.Get`, some with a context merged from the root,
    # `merge (dict "tls" .) $`: the copied `.Files` lost its methods ("Get is not a method
    # but has arguments"), and the StatefulSet's nats and reloader images were not read
    # (survey s41c). Helm's merge keeps a value's type, and so its methods.
    directory = write_chart(
        tmp_path,
        '{{- $ctx := merge (dict "tls" .Values.image) $ }}'
        '{{- tpl ($ctx.Files.Get "files/pod.yaml") $ctx }}\n',
    )
    (directory / "files").mkdir()
    (directory / "files" / "pod.yaml").write_text(
        "image: {{ .Values.image.repository }}:{{ .tls.tag }}\n"
    )
    assert (ours(directory) or "").strip() == "image: bitnami/redis:7.4.1-debian-12-r0"
