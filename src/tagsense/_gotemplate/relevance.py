"""Which parts of a template can lead to an image: a static plan, made once per body.

A chart's templates are mostly labels, annotations, probes, resources and
configuration; an image is written at an ``image:`` key, or inside YAML that
an action prints where containers go (``{{- include "x.initContainers" . |
nindent 8 }}``, ``{{- toYaml .Values.sidecars | nindent 8 }}``). Executing
*selectively*, the engine evaluates only:

* **image actions**: an action on a line whose YAML key is ``image`` (or
  ``reference``, an image volume's), and an action that may print YAML of its
  own (``toYaml``, ``tpl``, ``.Files``, an ``include`` of a template that
  writes ``image`` or prints YAML) where a structure may go — alone on its
  line or after a key that may hold containers (``containers:``, ``spec:``…);
* **context actions**, which say what the image belongs to: ``kind``,
  ``apiVersion``, ``name``, ``namespace``;
* the ``if``/``with``/``range`` around them and around text that shapes an
  object (``kind:``, ``initContainers:``, ``---``): their conditions decide
  whether the image is deployed at all; and the variable declarations these
  use.

Everything else prints nothing. The text of the template is always written,
so the YAML keeps its shape; an action skipped after its key leaves the key
with no value (``labels:``), which YAML reads as null. A file with no image
action is not executed at all. If the text written selectively is not valid
YAML, the caller executes the file in full instead.

What can be known from a body alone (each action's YAML key, the variables
it uses, the templates it includes) is analysed once per parsed body and
kept; a plan then only adds which named templates may print images, which
depends on the chart.
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import NamedTuple

from .._image_keys import names_an_image
from .._lazy import lazy_pattern
from .nodes import Action, Break, Continue, If, Range, TemplateCall, Text, With

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from .engine import Engine
    from .nodes import Body

__all__ = [
    "Plan",
    "clear_caches",
    "could_print_images",
    "may_print",
    "mentions_image",
    "objects",
    "plan_tree",
    "word_found",
]

#: Keys whose action is evaluated: the image itself, and what names its object.
IMAGE_KEYS = frozenset({"image", "reference"})
CONTEXT_KEYS = frozenset({"kind", "apiVersion", "name", "namespace"})
#: Keys under which YAML printed by an action may hold containers.
STRUCTURAL_KEYS = frozenset(
    {
        "containers",
        "initContainers",
        "ephemeralContainers",
        "sidecars",
        "steps",
        "stepTemplate",
        "spec",
        "template",
        "jobTemplate",
        "volumes",
        "templates",
        "tasks",
        "finally",
        "taskSpec",
        "pipelineSpec",
        "workflowSpec",
        "containerSet",
        "container",
        "script",
        "items",
    }
)

_KEY = lazy_pattern(
    r"[ \t]*(?:-[ \t]+)*(?:\"([^\"\x00]*)\"|'([^'\x00]*)'|([^\s:'\"#\x00{\[,-][^:#\x00]*?))"
    r"[ \t]*:(?:[ \t]|$)"
)
# (No pattern searched for starts with \b or a look-behind: either keeps re from
# skipping to the characters a match can start with, and makes a search several times
# slower. The boundary before a word is checked on each match instead: _bounded.)
_CALLS = re.compile(r"(?:include|template|tpl|printf)\b")
_NINDENT = lazy_pattern(r"\|\s*nindent\s+(\d+)\s*$")
_PRINTS_YAML = re.compile(
    r"(?:toYaml|toYamlPretty|mustToYaml|toJson|toPrettyJson|tpl|fromYaml)\b|\.Files\b"
)
_INCLUDES = re.compile(r"(?:include|template)\s+(?:\"((?:[^\"\\]|\\.)*)\"|`([^`]*)`|(\S))")
_FIRST_INCLUDE = lazy_pattern(r"\s*include\s+(?:\"((?:[^\"\\]|\\.)*)\"|`([^`]*)`)\s")
# (``$`` alone too: ``{{ $ := first . }}`` declares it anew, and ``$.Values`` then uses it)
_VARIABLE = lazy_pattern(r"\$\w*")
_DECLARE = lazy_pattern(r"\s*(\$\w*)(?:\s*,\s*(\$\w*))?\s*(:?=)(?!=)")
_MUTATES = re.compile(r"(?:set|unset|merge|mergeOverwrite|mustMerge|mustMergeOverwrite)\b")
# Text that decides what an object is or where containers go (a key not part of a
# longer name, or "---" at the start of a line): a block that writes it has its
# condition evaluated. (Looked for in the text reversed, from its colon, ":\s*spec"
# not after a name's character: a search for a colon, where one for twenty words at
# every letter costs three times as much.)
_SHAPING_KEY_REVERSED = lazy_pattern(
    r":\s*(?:{})(?![\w.-])".format(
        "|".join(sorted(key[::-1] for key in STRUCTURAL_KEYS | {"kind", "apiVersion"}))
    )
)
_WORD = re.compile(r"\w")


def _bounded(
    pattern: re.Pattern[str], text: str, before: re.Pattern[str] = _WORD
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``text`` not right after a character ``before``
    matches (``\b`` before a word), but for those that start with ``.`` (``.Files``)."""
    for match in pattern.finditer(text):
        start = match.start()
        if not start or text[start] == "." or before.match(text, start - 1) is None:
            yield match


def word_found(pattern: re.Pattern[str], text: str, before: re.Pattern[str] = _WORD) -> bool:
    """Whether :func:`_bounded` has a match (without making a generator: it is asked often)."""
    for match in pattern.finditer(text):
        start = match.start()
        if not start or text[start] == "." or before.match(text, start - 1) is None:
            return True
    return False


def _shapes_objects(text: str) -> bool:
    if text.startswith("---") or "\n---" in text:
        return True
    return _SHAPING_KEY_REVERSED.search(text[::-1]) is not None


_SKIP, _CONTEXT, _IMAGE, _STRUCTURAL, _NAMED = 0, 1, 2, 3, 4

#: What a skipped action prints on a ``name:`` line (a name that holds it is not known).
SKIPPED = "\u2985"


class Plan(NamedTuple):
    """For each node of a body: evaluate it? print an ``include`` of it selectively?"""

    evaluate: tuple[bool, ...]
    yaml: tuple[bool, ...]
    #: Whether the body (with what it calls) holds an image action.
    images: bool
    #: A node not evaluated whose output would be part of a name: it prints :data:`SKIPPED`.
    mark: tuple[bool, ...] = ()


_UNSEEN = object()
# prefix of a line -> (its YAML key, where the key starts), or None: charts repeat them
_LINE_KEYS: dict[str, object] = {}


def _line_key(prefix: str) -> tuple[str, int] | None:
    known = _LINE_KEYS.get(prefix, _UNSEEN)
    if known is _UNSEEN:
        match = _KEY.match(prefix)
        if match is None:
            known = None
        elif match[3] is not None:
            known = (match[3], match.start(3))
        else:
            known = (match[1] if match[1] is not None else match[2], match.start(1))
        if len(_LINE_KEYS) < 100_000:
            _LINE_KEYS[prefix] = known
    return known  # type: ignore[return-value]


def mentions_image(text: str) -> bool:
    """Whether a text says "image" in a key's spellings (``image``, ``exporterImage``,
    ``RELATED_IMAGE_X``): a quick look before a closer one."""
    return "image" in text or "Image" in text or "IMAGE" in text


def _classify(prefix: str, source: str) -> int:
    """The tier of an action by the YAML key on its line: skip, context, image or structural."""
    found = _line_key(prefix)
    if found is None:
        return _STRUCTURAL
    key, column = found
    if "nindent" in source:
        indent = _NINDENT.search(source)
        if indent is not None and int(indent[1]) <= column:
            return _STRUCTURAL  # (its YAML starts a new line, not under the key)
    if key in IMAGE_KEYS or names_an_image(key):  # (see .._image_keys)
        return _IMAGE
    if key in ("kind", "apiVersion"):
        return _CONTEXT
    if key in CONTEXT_KEYS:
        # (a name is worth a field, not a call of the chart's naming helpers)
        return _NAMED if word_found(_CALLS, source) else _CONTEXT
    if key in STRUCTURAL_KEYS:
        return _STRUCTURAL
    return _SKIP


def _own_line(tier: int, source: str) -> int:
    """The tier of an action written on a line of its own whose line break is trimmed.

    After a key that holds no image (``- name: airflow-scheduler``), `{{- include
    "airflow.image" . | indent 10 }}` on the next line prints what the helper writes, from its
    own first line break (airflow-helm/charts' pods.tpl: ``image:`` on a line of its own), not
    the key's value. (With ``nindent`` the key's column already says which it is.)
    """
    if tier in (_SKIP, _NAMED) and "nindent" not in source:
        return _classify("", source)
    return tier


def _included(source: str) -> tuple[tuple[str, ...], bool]:
    """The constant names a source includes, and whether it includes a computed name."""
    names: list[str] = []
    dynamic = False
    if "include" not in source and "template" not in source:
        return (), False
    for match in _bounded(_INCLUDES, source):
        if match[3] is not None:
            dynamic = True
        else:
            names.append(match[1] if match[1] is not None else match[2])
    return tuple(names), dynamic


# --- what a body says by itself ----------------------------------------------------------------

_TEXT, _PRINT, _DECL, _CALL, _BLOCK, _OTHER = range(6)


class _Info(NamedTuple):
    """The static facts of one node (see :func:`_analyse`)."""

    kind: int
    tier: int = _SKIP
    uses: frozenset[str] = frozenset()
    declares: frozenset[str] = frozenset()
    assigns: bool = False
    mutates: bool = False
    first: str | None = None  # the name an action's first command includes
    includes: tuple[str, ...] = ()
    dynamic: bool = False
    prints_yaml: bool = False
    image_text: bool = False  # text (or source) that says "image"
    matters: bool = False  # text that shapes an object
    children: tuple[int, int] = (0, 0)  # a block's body and else body (their ids)


_ANALYSED: dict[int, tuple[Body, dict[int, tuple[Body, tuple[_Info, ...]]]]] = {}
# (the facts of an action depend on its source and its tier only: shared by every file)
_ACTIONS: dict[tuple[str, int], _Info] = {}
_OBJECTS: dict[int, tuple[frozenset[str], bool]] = {}
# "kind:" at the start of a line (empty: an action writes the kind)
_KIND_LINE = lazy_pattern(r"(?:^|\n)kind:[ \t]*[\"']?([A-Za-z0-9_.-]*)")
# (an action at the top level of a document: its line's prefix only "-" and actions,
# "\x00", not under a key, not indented)
_TOP_LEVEL = "-\x00"
_WHOLE_YAML = re.compile(r"(?:include|template|toYaml|toYamlPretty|mustToYaml|tpl)\b|\.Files\b")
_TEXT_PLAIN = _Info(_TEXT)
_TEXT_IMAGE = _Info(_TEXT, image_text=True)
_TEXT_SHAPE = _Info(_TEXT, matters=True)
# (the facts of a text depend on its text only: charts repeat their texts)
_TEXTS: dict[str, _Info] = {}
# a block's condition -> the variables it uses
_USES: dict[str, frozenset[str]] = {}
_new = tuple.__new__
# the fields of a block's facts between its uses and its children, as _Info has them
_BLOCK_DEFAULTS = _Info(_BLOCK)[3:-1]


def _text_info(text: str) -> _Info:
    info = _TEXTS.get(text)
    if info is None:
        if mentions_image(text):
            info = _TEXT_IMAGE
        elif _shapes_objects(text):
            info = _TEXT_SHAPE
        else:
            info = _TEXT_PLAIN
        if len(_TEXTS) < 100_000:
            _TEXTS[text] = info
    return info


def _prints_yaml(source: str) -> bool:
    """Whether a source prints YAML of its own (its words looked for when they may be in it)."""
    return (
        "Yaml" in source or "Json" in source or "tpl" in source or "Files" in source
    ) and word_found(_PRINTS_YAML, source)


def _whole_yaml(source: str) -> bool:
    """Whether a source at the top level of a document may print whole objects."""
    return (
        "include" in source
        or "template" in source
        or "Yaml" in source
        or "tpl" in source
        or "Files" in source
    ) and word_found(_WHOLE_YAML, source)


def _analyse(root: Body) -> dict[int, tuple[Body, tuple[_Info, ...]]]:
    """The static facts of every node of ``root`` and its nested bodies (kept per body).

    The bodies are in post-order: a block's bodies come before the body that holds it.
    """
    known = _ANALYSED.get(id(root))
    if known is not None and known[0] is root:
        return known[1]
    facts: dict[int, tuple[Body, tuple[_Info, ...]]] = {}
    prefix = [""]
    # (the template line where the prefix's last character is: an action written on a later
    # line had the line break before it trimmed, `{{- include "x.image" . | indent 10 }}`)
    prefix_line = [0]
    kinds: set[str] = set()
    loose = [False]  # a kind written by an action, or YAML printed at the top level

    def walk(body: Body) -> None:
        infos: list[_Info] = []
        for node in body:
            kind = type(node)
            if kind is Text:
                text = node.text  # type: ignore[union-attr]
                if "kind:" in text:
                    for written in _KIND_LINE.findall(prefix[0] + text):
                        if written:
                            kinds.add(written)
                        else:
                            loose[0] = True
                cut = text.rfind("\n")
                prefix[0] = text[cut + 1 :] if cut >= 0 else prefix[0] + text
                if text:
                    prefix_line[0] = node.line + text.count("\n")
                infos.append(_text_info(text))
            elif kind is Action:
                source = node.source  # type: ignore[union-attr]
                if not prefix[0].strip(_TOP_LEVEL) and _whole_yaml(source):
                    loose[0] = True
                tier = _classify(prefix[0], source)
                if node.line > prefix_line[0]:
                    tier = _own_line(tier, source)
                prefix_line[0] = node.line
                key = (source, tier)
                known_info = _ACTIONS.get(key)
                if known_info is not None:
                    infos.append(known_info)
                    if known_info.kind != _DECL:
                        prefix[0] += "\x00"
                    continue
                declare = _DECLARE.match(source)
                if declare is not None:
                    names = frozenset(n for n in (declare[1], declare[2]) if n)
                    includes, dynamic = _included(source)
                    info = _Info(
                        _DECL,
                        uses=frozenset(_VARIABLE.findall(source[declare.end() :])),
                        declares=names,
                        assigns=declare[3] == "=",
                        mutates=("set" in source or "erge" in source)
                        and word_found(_MUTATES, source),
                        includes=includes,
                        dynamic=dynamic,
                        prints_yaml=_prints_yaml(source),
                        image_text="image" in source,
                    )
                else:
                    first = _FIRST_INCLUDE.match(source + " ")
                    includes, dynamic = _included(source)
                    info = _Info(
                        _PRINT,
                        tier=tier,
                        uses=frozenset(_VARIABLE.findall(source)),
                        first=(first[1] if first[1] is not None else first[2]) if first else None,
                        includes=includes,
                        dynamic=dynamic,
                        prints_yaml=_prints_yaml(source),
                        image_text="image" in source,
                    )
                    prefix[0] += "\x00"
                if len(_ACTIONS) < 100_000:
                    _ACTIONS[key] = info
                infos.append(info)
            elif kind is TemplateCall:
                if not prefix[0].strip(_TOP_LEVEL):
                    loose[0] = True
                called = _classify(prefix[0], "template")
                infos.append(
                    _Info(
                        _CALL,
                        tier=_own_line(called, "template")
                        if node.line > prefix_line[0]
                        else called,
                        uses=frozenset(_VARIABLE.findall(node.source)),  # type: ignore[union-attr]
                        first=node.name,  # type: ignore[union-attr]
                    )
                )
                prefix[0] += "\x00"
                prefix_line[0] = node.line
            elif kind in (If, With, Range):
                # (a block on an image line writes part of the image)
                tier = _classify(prefix[0], "")
                walk(node.body)  # type: ignore[union-attr]
                walk(node.else_body)  # type: ignore[union-attr]
                source = node.source  # type: ignore[union-attr]
                uses = _USES.get(source)
                if uses is None:
                    uses = frozenset(_VARIABLE.findall(source))
                    if len(_USES) < 100_000:
                        _USES[source] = uses
                # (made as a tuple: a named tuple's keywords cost more than the rest)
                infos.append(
                    _new(
                        _Info,
                        (
                            _BLOCK,
                            tier if tier in (_IMAGE, _CONTEXT) else _SKIP,
                            uses,
                            *_BLOCK_DEFAULTS,
                            (id(node.body), id(node.else_body)),  # type: ignore[union-attr]
                        ),
                    )
                )
            elif kind in (Break, Continue):
                infos.append(_Info(_OTHER, matters=True))
            else:
                infos.append(_Info(_OTHER))
        facts[id(body)] = (body, tuple(infos))

    walk(root)
    if len(_ANALYSED) > 20_000:
        _ANALYSED.clear()
        _OBJECTS.clear()
    _ANALYSED[id(root)] = (root, facts)
    _OBJECTS[id(root)] = (frozenset(kinds), loose[0])
    return facts


def objects(root: Body) -> tuple[frozenset[str], bool]:
    """The kinds of object a template writes in its text (``kind: Deployment`` at the top
    level), and whether it may write others: a kind set by an action, or YAML printed at
    the top level (an ``include``, ``toYaml``, ``tpl``: whole documents)."""
    _analyse(root)
    return _OBJECTS[id(root)]


# --- which named templates may print images ------------------------------------------------------


def may_print(engine: Engine, name: str) -> bool:
    """Whether the named template writes ``image`` or prints YAML (toYaml, tpl…), transitively."""
    return _may_print(engine, name, engine.may_print, set())


def _may_mutate(engine: Engine, name: str, memo: dict[str, bool], active: set[str]) -> bool:
    """Whether the named template changes data (``set``, ``unset``, ``merge``), transitively:
    HashiCorp's charts set flags on the dot in a helper that a template then tests."""
    return _transitively(engine, name, memo, active, _mutates_here, _calls)


def _may_print(engine: Engine, name: str, memo: dict[str, bool], active: set[str]) -> bool:
    return _transitively(engine, name, memo, active, _prints_here, _printing_calls)


def _mutates_here(info: _Info) -> bool:
    return info.mutates or info.dynamic


def _prints_here(info: _Info) -> bool:
    return info.image_text or info.prints_yaml or info.dynamic


def _printing_calls(info: _Info) -> tuple[str, ...]:
    """The templates whose output an action or call prints (a call: its own template)."""
    if info.kind == _CALL and info.first is not None:
        return (info.first,)
    return info.includes if info.kind in (_PRINT, _CALL, _DECL) else ()


def _transitively(
    engine: Engine,
    name: str,
    memo: dict[str, bool],
    active: set[str],
    holds: Callable[[_Info], bool],
    calls: Callable[[_Info], tuple[str, ...]],
) -> bool:
    """Whether something of the named template ``holds``, or of a template it ``calls``
    (memoised; a template being looked at already counts as not holding)."""
    known = memo.get(name)
    if known is not None:
        return known
    if name in active:
        return False
    found = engine.define(name)
    if found is None:
        memo[name] = False
        return False
    active.add(name)
    result = any(
        holds(info)
        or any(_transitively(engine, n, memo, active, holds, calls) for n in calls(info))
        for _, infos in _analyse(found[0]).values()
        for info in infos
    )
    active.discard(name)
    memo[name] = result
    return result


def clear_caches() -> None:
    """Forget the analyses and plans made so far."""
    _ANALYSED.clear()
    _OBJECTS.clear()
    _ACTIONS.clear()
    _LINE_KEYS.clear()
    _PLANS.clear()
    _TEXTS.clear()
    _USES.clear()


def could_print_images(engine: Engine, body: Body) -> bool:
    """A quick first look: can this template body write an image at all?"""
    for _, infos in _analyse(body).values():
        for info in infos:
            if info.image_text or info.prints_yaml or info.dynamic or info.tier == _IMAGE:
                return True
            if info.kind == _CALL and info.first is not None and may_print(engine, info.first):
                return True
            if info.kind in (_PRINT, _DECL) and any(may_print(engine, n) for n in info.includes):
                return True
    return False


# --- plans ----------------------------------------------------------------------------------


_PLANS: dict[
    tuple[int, tuple[bool, ...], tuple[str, ...]], tuple[Body, dict[int, tuple[Body, Plan]]]
] = {}


def plan_tree(engine: Engine, body: Body, memo: dict[str, bool]) -> dict[int, tuple[Body, Plan]]:
    """Plans for a template body and every body nested in it (keyed by ``id``).

    A plan depends on the body and on which of the templates it includes may
    print images: it is kept for that pair, so a library chart's helpers are
    planned once for all the charts that use them.
    """
    facts = _analyse(body)
    names = sorted(
        {
            n
            for _, infos in facts.values()
            for i in infos
            if i.kind in (_PRINT, _CALL)
            for n in _names(i)
        }
    )
    answers: dict[str, bool] = {n: _may_print(engine, n, memo, set()) for n in names}
    called = sorted({n for _, infos in facts.values() for i in infos for n in _calls(i)})
    mutating = {n: _may_mutate(engine, n, engine.may_mutate, set()) for n in called}
    key = (
        id(body),
        tuple(answers[n] for n in names),
        tuple(n for n in called if mutating[n]),
    )
    known = _PLANS.get(key)
    if known is not None and known[0] is body:
        return known[1]
    plans = _plan(facts, answers, mutating)
    if len(_PLANS) > 20_000:
        _PLANS.clear()
    _PLANS[key] = (body, plans)
    return plans


def _calls(info: _Info) -> tuple[str, ...]:
    """Every template an action or a template call runs (by constant name)."""
    return (*_names(info), *info.includes) if info.kind == _CALL else info.includes


def _names(info: _Info) -> tuple[str, ...]:
    if info.kind == _CALL:
        return (info.first,) if info.first is not None else ()
    return info.includes


_NOTHING = (False, False, False)
_RUNS = (True, False, False)  # (an action that changes data: it runs, printing nothing)
_MUTATES_ALONE = attrgetter("mutates")


def _plan(
    facts: dict[int, tuple[Body, tuple[_Info, ...]]],
    answers: dict[str, bool],
    mutating: dict[str, bool],
) -> dict[int, tuple[Body, Plan]]:
    prints = answers.__getitem__
    mutating_names = frozenset(n for n, m in mutating.items() if m)
    mutates: Callable[[_Info], bool] = _MUTATES_ALONE
    if mutating_names:

        def mutates(info: _Info) -> bool:
            """It changes data the rest may test: it runs, whatever it prints."""
            return info.mutates or not mutating_names.isdisjoint(_calls(info))

    # What every node decides alone (no variables involved), once: an action whether
    # it is evaluated, printed selectively, an image; a text is written, anything else
    # but declarations and blocks (their turn comes below, "later") runs if it matters.
    decided: dict[int, list[tuple[bool, bool, bool]]] = {}
    later: dict[int, list[tuple[int, _Info]]] = {}
    # (whether a body's texts and actions make anything evaluated in it, an image)
    alone: dict[int, tuple[bool, bool]] = {}
    marked: dict[int, set[int]] = {}
    used_by_actions: set[str] = set()
    declarations: list[_Info] = []
    for body_id, (_, infos) in facts.items():
        row: list[tuple[bool, bool, bool]] = []
        pending: list[tuple[int, _Info]] = []
        anything = images = False
        for info in infos:
            kind = info.kind
            if kind == _TEXT:
                decision = _RUNS
                if info.image_text:
                    images = anything = True
                elif info.matters:
                    anything = True
            elif kind in (_PRINT, _CALL):
                tier = info.tier
                if tier in (_SKIP, _NAMED):
                    if tier == _NAMED:
                        marked.setdefault(body_id, set()).add(len(row))
                    decision = _RUNS if mutates(info) else _NOTHING
                else:
                    decision = _action(info, prints)
                    if not decision[0] and mutates(info):
                        decision = _RUNS
                if decision[0]:
                    used_by_actions.update(info.uses)
                    anything = True
                images = images or decision[2]
            elif kind in (_DECL, _BLOCK):
                if kind == _DECL:
                    declarations.append(info)
                pending.append((len(row), info))
                decision = _NOTHING
            else:
                decision = _RUNS if info.matters else _NOTHING
            row.append(decision)
        decided[body_id] = row
        later[body_id] = pending
        alone[body_id] = (anything, images)
    needed: set[str] = set(used_by_actions)
    while True:
        # the variables the evaluated declarations use, until nothing is added
        grew = True
        while grew:
            grew = False
            for info in declarations:
                if (info.declares & needed or mutates(info)) and not info.uses <= needed:
                    needed |= info.uses
                    grew = True
        results, block_uses = _reach(alone, later, needed, mutates)
        if block_uses <= needed:
            break
        needed |= block_uses
    # (the plans are made once the variables needed are known: not on every round)
    plans: dict[int, tuple[Body, Plan]] = {}
    for body_id, (current, infos) in facts.items():
        row = decided[body_id]
        evaluate = [decision[0] for decision in row]
        for index, info in later[body_id]:
            if info.kind == _DECL:
                evaluate[index] = bool(info.declares & needed) or mutates(info)
            else:
                evaluate[index] = (
                    results[info.children[0]][0]
                    or results[info.children[1]][0]
                    or info.tier != _SKIP
                )
        # (an action's decision says whether its include is printed selectively)
        yaml = tuple([decision[1] for decision in row])
        marks = marked.get(body_id)
        if marks:
            mark = tuple([i in marks for i in range(len(infos))])
        else:
            mark = (False,) * len(infos) if marked else ()
        images = results[body_id][1]
        plans[body_id] = (current, Plan(tuple(evaluate), yaml, images, mark))
    return plans


def _reach(
    alone: dict[int, tuple[bool, bool]],
    later: dict[int, list[tuple[int, _Info]]],
    needed: set[str],
    mutates: Callable[[_Info], bool],
) -> tuple[dict[int, tuple[bool, bool]], set[str]]:
    """For each body (post-order): whether anything in it is evaluated, and whether it
    may write an image (what its texts and actions say alone, with its declarations and
    blocks); and the variables the evaluated blocks use."""
    results: dict[int, tuple[bool, bool]] = {}
    block_uses: set[str] = set()
    for body_id, (anything, images) in alone.items():
        for _, info in later[body_id]:
            if info.kind == _DECL:
                if info.assigns and (mutates(info) or info.declares & needed):
                    anything = True
            else:
                inner_any, inner_images = results[info.children[0]]
                else_any, else_images = results[info.children[1]]
                if inner_any or else_any or info.tier != _SKIP:
                    block_uses.update(info.uses)
                    anything = True
                images = images or info.tier == _IMAGE or inner_images or else_images
        results[body_id] = (anything, images)
    return results, block_uses


def _action(info: _Info, prints: Callable[[str], bool]) -> tuple[bool, bool, bool]:
    """(evaluate, print an include selectively, image tier) of an action or template call."""
    tier = info.tier
    if tier in (_SKIP, _NAMED):
        return False, False, False
    if tier in (_IMAGE, _CONTEXT):
        return True, False, tier == _IMAGE
    # structural: an include of a template that writes no image is skipped
    if info.kind == _CALL:
        if info.first is None or not prints(info.first):
            return False, False, False
        return True, True, True
    if info.first is not None:
        if not info.dynamic and not any(prints(n) for n in info.includes):
            return False, False, False
        return True, not info.prints_yaml, True
    images = info.prints_yaml or info.dynamic or any(prints(n) for n in info.includes)
    return True, False, images
