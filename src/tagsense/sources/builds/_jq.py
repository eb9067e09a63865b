"""A value of one of the project's JSON files, as ``jq`` prints it in a command substituted.

CI steps read versions and lists from the project's own files with jq:
triggerdotdev/trigger.dev's image workflow writes

.. code-block:: bash

    echo "images=$(jq -c '.images' base-images/images.json)" >> "$GITHUB_OUTPUT"

and its ``publish`` job's matrix is ``${{ fromJSON(needs.setup.outputs.images) }}``, each
entry's ``base`` the ``FROM`` of the Dockerfile it builds. What jq prints there is settled by
the file, when the filter is a plain path: ``.``, ``.name``, ``.a.b``, ``.[0]``, ``.a[1]``,
``."name"``, ``.["name"]``. It prints the value as JSON (``-c``: on one line; without it, an
array or an object takes several lines, which a caller here does not take), a string raw with
``-r``; ``-e`` changes only the exit status. Anything else (another filter, ``--arg``, ``-n``,
``-s``, several files, a value that is ``null`` or a number jq may print another way) is a
run's: ``None``.

>>> query = jq_command("jq -r .version package.json")
>>> query.file, jq_printed(query, '{"version": "1.4.2"}')
('package.json', '1.4.2')
>>> jq_printed(jq_command("jq -c '.images[0]' i.json"), '{"images": [{"a": "x"}]}')
'{"a":"x"}'
>>> jq_printed(jq_command("jq .name p.json"), '{"name": "app"}')
'"app"'
>>> jq_command("jq -n --arg v 1 '{v: $v}'") is None, jq_command("jq '.[] | .x' f") is None
(True, True)

``tostring`` after a plain path (or alone) prints, raw, what ``-c`` prints of the path:

>>> jq_printed(jq_command("jq 'tostring' -r m.json"), '{"tag": ["4.3.0", "latest"]}')
'{"tag":["4.3.0","latest"]}'
>>> jq_printed(jq_command("jq -r '.tag | tostring' m.json"), '{"tag": "4.3.0"}')
'4.3.0'
>>> jq_command("jq 'tostring' m.json") is None  # (not raw: the string printed as JSON)
True

yq (mikefarah's, the one CI runners carry) reads a YAML file the same way and prints a
string raw: alphagov/govuk-helm-charts' chart test runs its compose file with
``IMAGE=$(yq <"${CHART_DIR}/values.yaml" '.image.repository + ":" + .image.tag')``. A filter
may join plain paths and string literals with ``+`` (strings only), for jq and yq alike.

>>> command = "yq <values.yaml '.image.repository + Q:Q + .image.tag'".replace("Q", chr(34))
>>> query = jq_command(command)
>>> query.file, jq_printed(query, "image:\\n  repository: nginx\\n  tag: '1.27'\\n")
('values.yaml', 'nginx:1.27')
>>> jq_printed(jq_command("yq e '.image.tag' values.yaml"), "image: {tag: 1.10}")
'1.10'
"""

from __future__ import annotations

from typing import NamedTuple

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._jq_select import Filter

__all__ = ["JqQuery", "jq_command", "jq_printed"]

#: ``jq [-r] [-c] [-e] FILTER FILE`` (options alone or together, ``2>/dev/null`` after).
_COMMAND = lazy_pattern(
    r"""\s*jq\s+(?P<options>(?:-[rce]+\s+)*)(?P<filter>'[^']*'|"[^"]*"|\.\S*)\s+"""
    r"""(?:(?P<late>-[rce]+)\s+)?(?P<file>[^\s;&|<>()`-][^\s;&|<>()`]*)\s*(?:2>\s*/dev/null\s*)?"""
)
#: One step of a path: ``.name``, ``."name"``, ``.["name"]``, ``[0]``, ``.[0]``.
_STEP = lazy_pattern(
    r"""\.?\[(?P<index>\d+)\]|\.?\["(?P<bracketed>[^"\\]*)"\]|\."(?P<quoted>[^"\\]*)"|"""
    r"""\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)"""
)


#: ``yq [e|eval] [-r] FILTER [<]FILE`` or ``yq [e|eval] <FILE FILTER`` (mikefarah's yq).
_YQ_COMMAND = lazy_pattern(
    r"""\s*yq\s+(?:(?:e|eval)\s+)?(?:-[re]+\s+)*(?:"""
    r"""(?P<filter>'[^']*'|"[^"]*"|\.\S*)\s+(?:<\s*)?(?P<file>[^\s;&|<>()`-][^\s;&|<>()`]*)"""
    r"""|<\s*(?P<early>[^\s;&|<>()`-][^\s;&|<>()`]*)\s+(?P<late>'[^']*'|"[^"]*"|\.\S*)"""
    r""")\s*(?:2>\s*/dev/null\s*)?"""
)
#: A string literal joined to paths in a filter: ``":"``.
_LITERAL = lazy_pattern(r'"(?P<text>[^"\\]*)"')

Path = tuple[str | int, ...]


class JqQuery(NamedTuple):
    """What a ``jq`` (or ``yq``) command asks of which file: its filter's terms (one path of
    keys and indices, or paths and string literals it joins with ``+``), and whether it
    prints a string raw (``-r``) and on one line (``-c``); ``yaml``: yq's, which reads YAML
    and prints a string raw."""

    terms: tuple[Path | str, ...]
    file: str
    raw: bool
    compact: bool
    yaml: bool = False
    #: A filter that picks entries by a test (see ``._jq_select``), printed as JSON on one
    #: line (``None``: the filter is ``terms``).
    program: Filter | None = None


#: ``cat FILE | jq …`` and ``jq … < FILE``: jq reads the file from its standard input, as
#: it would have read it named (hyperledger/firefly's ``docker_build.sh``:
#: ``FIREFLY_BUILDER_TAG=$(cat manifest.json | jq -r '.build."firefly-builder".image')``).
_PIPED = lazy_pattern(
    r"""\s*cat\s+(?P<file>[^\s;&|<>()`-][^\s;&|<>()`]*)\s*\|\s*(?P<jq>jq\s[^|<>]*?)\s*"""
    r"""|\s*(?P<jq_in>jq\s[^|<>]*?)\s*<\s*(?P<file_in>[^\s;&|<>()`-][^\s;&|<>()`]*)\s*"""
)


#: A ``jq`` or ``yq`` the project calls by its path (``bin/yq``, ``"${BIN}/jq"``), first in
#: the command or after a ``|``: the same program.
_PROGRAM_PATH = lazy_pattern(r"""(^|\|)(\s*)"?[^\s|;&<>()'"`]*/(jq|yq)"?(?=\s)""")


def jq_command(command: str) -> JqQuery | None:
    """The query of a ``jq`` or ``yq`` command substituted (its text), ``None`` for
    anything else (see the module).

    >>> jq_command("cat m.json | jq -r '.build.base.image'").file
    'm.json'
    >>> jq_command("jq -r .version < package.json").file
    'package.json'

    A yq the project downloads and runs by its path is yq (cockroachdb/helm-charts'
    ``tests/k3d/dev-cluster.sh``: ``"$(bin/yq '.cockroachdb.crdbCluster.image.name'
    ./cockroachdb-parent/charts/cockroachdb/values.yaml)"``):

    >>> jq_command("bin/yq '.image.name' ./values.yaml").file
    './values.yaml'
    """
    if "/" in command:
        command = _PROGRAM_PATH.sub(r"\1\2\3", command)
    piped = _PIPED.fullmatch(command)
    if piped is not None:
        jq = piped.group("jq") or piped.group("jq_in")
        file = piped.group("file") or piped.group("file_in")
        # (one filter and its options: a file named besides is jq's, the input ignored)
        found = _COMMAND.fullmatch(f"{jq} {file}")
        if found is None or _COMMAND.fullmatch(jq) is not None:
            return None
        command = f"{jq} {file}"
    found = _COMMAND.fullmatch(command)
    if found is None:
        return _yq_command(command) or _select_command(command)
    options = "".join(found.group("options").split()) + (found.group("late") or "")
    raw, compact = "r" in options, "c" in options
    text = found.group("filter")
    stringified = _stringified(text)
    if stringified is not None:
        if not raw:
            return None  # (the string printed as JSON, quoted: rare)
        text, compact = stringified, True
    terms = _terms(text)
    if terms is None:
        return None
    return JqQuery(terms, found.group("file"), raw, compact)


def _stringified(text: str) -> str | None:
    """The path a ``tostring`` filter ends (``'tostring'``: the document, ``'.a | tostring'``),
    else ``None``. jq's ``tostring`` keeps a string and writes any other value as JSON on one
    line: printed raw, what ``jq -c PATH`` prints. rocker-org/rocker-versioned2's
    ``scripts-test.yml`` makes its build matrix with ``jq 'tostring' -r
    tests/rocker_scripts/matrix.json``."""
    if text[0] in "'\"":
        text = text[1:-1]
    head, bar, last = text.rpartition("|")
    if last.strip() != "tostring":
        return None
    if not bar:
        return "."
    return head.strip() or None


def _yq_command(command: str) -> JqQuery | None:
    found = _YQ_COMMAND.fullmatch(command)
    if found is None:
        return _yq3_command(command)
    terms = _terms(found.group("filter") or found.group("late"))
    if terms is None:
        return None
    return JqQuery(terms, found.group("file") or found.group("early"), True, True, yaml=True)


#: yq v3's ``yq r[ead] FILE PATH``: a path of keys and indices (``a.b``, ``a[0].b``,
#: ``"a.b".c``, ``a.[0]``), written without the leading dot of v4's.
_YQ3_COMMAND = lazy_pattern(
    r"""\s*yq\s+(?:r|read)\s+(?P<file>[^\s;&|<>()`'"-][^\s;&|<>()`]*|'[^']+'|"[^"]+")"""
    r"""\s+(?P<path>'[^']*'|"[^"]*"|[^\s;&|<>()`'"-][^\s;&|<>()`'"]*)\s*(?:2>\s*/dev/null\s*)?"""
)
#: One key of a yq v3 path (a key quoted may hold dots).
_YQ3_KEY = lazy_pattern(r""""(?P<quoted>[^"\\]*)"|(?P<key>[^.\["*]+)""")


def _yq3_command(command: str) -> JqQuery | None:
    """yq v3's read of one path of a file, printed as v4's ``yq e .PATH FILE`` is (a
    string raw), else ``None`` (another filter: a wildcard, ``-j``, ``--printMode``…).

    >>> query = _yq3_command("yq r versions.yaml images[0].redis")
    >>> query.file, query.terms
    ('versions.yaml', (('images', 0, 'redis'),))
    >>> _yq3_command("yq r f.yaml 'a.*.b'") is None, _yq3_command("yq r -j f.yaml a") is None
    (True, True)
    """
    found = _YQ3_COMMAND.fullmatch(command)
    if found is None:
        return None
    text = found.group("path")
    if text[0] == "'" or (text[0] == '"' and text.count('"') == 2):
        text = text[1:-1]
    steps: list[str | int] = []
    index = 0
    while index < len(text):
        if text.startswith(".", index) and steps:
            index += 1
        if text.startswith("[", index):
            close = text.find("]", index)
            number = text[index + 1 : close] if close > 0 else ""
            if not number.isdigit():
                return None
            steps.append(int(number))
            index = close + 1
            continue
        key = _YQ3_KEY.match(text, index)
        if key is None or key.end() == index:
            return None
        steps.append(key.group("quoted") if key.group("quoted") is not None else key.group("key"))
        index = key.end()
    file = found.group("file")
    if not steps or (file[0] in "'\"" and file[-1] != file[0]):
        return None
    return JqQuery((tuple(steps),), file, True, True, yaml=True)


#: ``| jq -c`` (``jq -c .``) after a command that prints JSON: the same JSON on one line.
_COMPACTED = lazy_pattern(r"""\|\s*jq\s+-c\s*(?:\.|'\.'|"\.")?\s*""")


def _select_command(command: str) -> JqQuery | None:
    """``jq -c FILTER FILE`` or ``yq -o json [eval] FILTER FILE [| jq -c]`` whose filter
    picks entries by a test (see ``._jq_select``), printing JSON on one line; else ``None``.

    >>> query = _select_command(
    ...     "yq -o json eval '[.include[] | select(.t == true)]' versions | jq -c")
    >>> query.file, jq_printed(query, "include:\\n  - {t: true, c: a}\\n  - {c: b}\\n")
    ('versions', '[{"t":true,"c":"a"}]')
    """
    import shlex

    head, bar, rest = command.rpartition("|")
    compact = bool(bar) and _COMPACTED.fullmatch(bar + rest) is not None
    if not compact:
        head = command  # (a `|` in the filter, quoted: shlex keeps it there)
    try:
        words = shlex.split(head)
    except ValueError:
        return None
    if not words or words[0] not in ("jq", "yq"):
        return None
    yaml = words[0] == "yq"
    json_out = not yaml
    operands: list[str] = []
    index = 1
    while index < len(words):
        word = words[index]
        index += 1
        if yaml and word in ("e", "eval") and not operands:
            continue
        if word in ("-o", "--output-format", "-I", "--indent"):
            value = words[index] if index < len(words) else ""
            index += 1
            json_out = json_out or (word in ("-o", "--output-format") and value in ("json", "j"))
        elif word.startswith(("-o=", "--output-format=")):
            json_out = json_out or word.partition("=")[2] in ("json", "j")
        elif word in ("-oj", "-ojson"):
            json_out = True
        elif word.startswith("-I"):
            continue
        elif word.startswith("-") and len(word) > 1:
            if not set(word[1:]) <= set("ce"):
                return None  # (-r, -s, -n, --arg…: another output, or other inputs)
            compact = compact or "c" in word
        elif word == "<":
            continue
        else:
            operands.append(word.removeprefix("<"))
    if len(operands) != 2 or not json_out or not compact:
        return None
    from ._jq_select import program

    found = program(operands[0], yaml=yaml)
    if found is None:
        return None
    return JqQuery((), operands[1], False, True, yaml, found)


def _terms(text: str) -> tuple[Path | str, ...] | None:
    """The paths and string literals a filter joins with ``+`` (one path: a plain filter);
    ``None`` for any other filter."""
    if text[0] in "'\"":
        text = text[1:-1].strip()
    terms: list[Path | str] = []
    for part in text.split("+") if '"' not in text or text[0] == "." else ():
        part = part.strip()
        literal = _LITERAL.fullmatch(part)
        path = _path(part) if literal is None else None
        if literal is not None:
            terms.append(literal["text"])
        elif path is not None:
            terms.append(path)
        else:
            return None
    if not terms or all(isinstance(term, str) for term in terms):
        return None
    return tuple(terms)


def _path(text: str) -> tuple[str | int, ...] | None:
    """The steps of a plain path filter (``None``: another filter)."""
    if text == ".":
        return ()
    steps: list[str | int] = []
    index = 0
    while index < len(text):
        step = _STEP.match(text, index)
        if step is None or step.end() == index:
            return None
        if step.group("index") is not None:
            steps.append(int(step.group("index")))
        else:
            key = step.group("name") or step.group("quoted") or step.group("bracketed")
            steps.append(key or "")
        index = step.end()
    return tuple(steps) if text.startswith(".") else None


def jq_printed(query: JqQuery, text: str) -> str | None:
    """What ``query`` prints of a JSON (yq: YAML) document's ``text`` (without the newline
    after it), ``None`` when that is not known here (see the module)."""
    import json

    if query.program is not None:
        return _program_printed(query.program, text, query.yaml)
    document = _document(text, query.yaml)
    if document is _UNREAD:
        return None
    values = [
        term if isinstance(term, str) else _value(document, term, query.yaml)
        for term in query.terms
    ]
    if len(values) > 1:
        if not all(isinstance(one, str) for one in values) or not query.raw:
            return None  # (a number or null joined: jq refuses; a JSON string printed: rare)
        joined = "".join(values)  # type: ignore[arg-type]
        return joined if "\n" not in joined else None
    (value,) = values  # (one term, a path: a filter of literals alone is none here)
    if value is _UNREAD or value is None or isinstance(value, float | bool):
        return None
    if isinstance(value, str) and query.raw:
        return value if "\n" not in value else None
    if (isinstance(value, dict | list) and not query.compact) or query.yaml:
        return None  # (several lines; yq prints YAML)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _program_printed(run: Filter, text: str, yaml: bool) -> str | None:
    """The one JSON value a filter gives of a document, on one line (``None``: none, or
    several, or a document that is not read)."""
    import json

    if yaml:
        import yaml as pyyaml

        # (typed, as yq prints YAML as JSON: `prbuild: true` is true)
        loader: type = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
        try:
            document = pyyaml.load(text, Loader=loader)
        except pyyaml.YAMLError:
            return None
    else:
        try:
            document = json.loads(text)
        except ValueError:
            return None
    outputs = run(document)
    if len(outputs) != 1:
        return None
    try:
        return json.dumps(outputs[0], ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return None  # (a date YAML reads, which yq prints as a string: not read here)


#: What a document or a value is when it cannot be read.
_UNREAD = object()


def _document(text: str, yaml: bool) -> object:
    import json

    if not yaml:
        try:
            return json.loads(text)
        except ValueError:
            return _UNREAD
    import yaml as pyyaml

    # (every scalar a string, as written: yq prints `tag: 1.10` as 1.10, a float would be 1.1)
    loader: type = getattr(pyyaml, "CBaseLoader", pyyaml.BaseLoader)
    try:
        document = pyyaml.load(text, Loader=loader)  # (a base loader builds no object)
    except pyyaml.YAMLError:
        return _UNREAD
    return _UNREAD if document in (None, "null", "~") else document


def _value(document: object, path: Path, yaml: bool) -> object:
    """The value at ``path`` of a document (:data:`_UNREAD`: none there, or a YAML null,
    which yq prints but nobody meant to pull)."""
    value = document
    for step in path:
        if isinstance(step, int) and isinstance(value, list) and step < len(value):
            value = value[step]
            continue
        if not isinstance(step, str) or not isinstance(value, dict) or step not in value:
            return _UNREAD  # (null: jq prints it, but a value nobody meant to pull)
        value = value[step]
    return _UNREAD if yaml and value in ("", "null", "~") else value
