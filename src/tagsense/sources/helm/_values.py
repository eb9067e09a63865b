"""Values as Helm merges them: defaults, subcharts, globals, imports, and the user's.

Ported from Helm v4's ``pkg/chart/common/util/coalesce.go``,
``pkg/chart/v2/util/dependencies.go``, ``pkg/strvals`` and
``pkg/cli/values``; the names follow theirs, so each function can be read
beside its Go original:

* :func:`user_values` — ``--values`` files merged in order (``MergeMaps``),
  then each ``--set`` parsed into them (``strvals.ParseInto``);
* :func:`process_dependencies` — ``condition``, ``tags`` and ``alias`` decide
  which subcharts are deployed (a disabled one is removed with its templates),
  then ``import-values`` copy a child's values into its parent;
* :func:`coalesce_values` — user values over the chart's defaults, each
  subchart's defaults under its name, ``global`` copied down to every subchart.

Maps are copied where Helm copies them; values that keep their origin
(traced strings, numbers) are shared, being immutable.
"""

from __future__ import annotations

from ..._gotemplate.semver import check as semver_check
from ..._lazy import lazy_pattern
from ...errors import TagsenseError
from ._load import Chart

__all__ = [
    "SetError",
    "coalesce_tables",
    "coalesce_values",
    "merge_tables",
    "parse_set",
    "path_value",
    "process_dependencies",
    "switched_off",
    "table",
]


# (a tuple: "dict | list" would make a union object at each isinstance, twice the cost)
_CONTAINERS = (dict, list)


def _copy(value: object) -> object:
    """``copystructure.Copy``: maps and lists copied (at any depth), scalars shared."""
    if not isinstance(value, _CONTAINERS):
        return value
    root: list[object] = [None]
    stack: list[tuple[dict[str, object] | list[object], object, object]] = [(value, root, 0)]
    push = stack.append
    while stack:
        current, container, slot = stack.pop()
        if isinstance(current, dict):
            copied: object = dict(current)
            for key, item in current.items():
                if isinstance(item, _CONTAINERS):
                    push((item, copied, key))
        else:
            copied = list(current)
            for index, item in enumerate(current):
                if isinstance(item, _CONTAINERS):
                    push((item, copied, index))
        container[slot] = copied  # type: ignore[index]
    return root[0]


# --- coalesce.go --------------------------------------------------------------------------------


def coalesce_values(
    chart: Chart, values: dict[str, object], *, merge: bool = False
) -> dict[str, object]:
    """``CoalesceValues`` (``MergeValues`` with ``merge=True``): a new tree."""
    dest = _copy(values)
    assert isinstance(dest, dict)
    return _coalesce(chart, dest, merge)


def _coalesce(
    chart: Chart, dest: dict[str, object], merge: bool, depth: int = 0
) -> dict[str, object]:
    _coalesce_chart_values(chart, dest, merge)
    if depth > 50:
        return dest
    for sub in chart.dependencies:
        current = dest.get(sub.name, _ABSENT)
        if current is _ABSENT:
            dest[sub.name] = {}
        elif not isinstance(current, dict):
            raise ValueError(f"type mismatch on {sub.name}: {current!r}")
        sub_values = dest[sub.name]
        assert isinstance(sub_values, dict)
        _coalesce_globals(sub_values, dest)
        dest[sub.name] = _coalesce(sub, sub_values, merge, depth + 1)
    return dest


_ABSENT = object()


def _coalesce_globals(dest: dict[str, object], src: dict[str, object]) -> None:
    dg = dest.get("global", _ABSENT)
    if dg is _ABSENT:
        dg = {}
    elif not isinstance(dg, dict):
        return
    sg = src.get("global", _ABSENT)
    if sg is _ABSENT:
        sg = {}
    elif not isinstance(sg, dict):
        return
    assert isinstance(dg, dict)
    assert isinstance(sg, dict)
    for key, value in sg.items():
        if isinstance(value, dict):
            copied = dict(value)
            current = dg.get(key, _ABSENT)
            if current is _ABSENT:
                dg[key] = copied
            elif isinstance(current, dict):
                _coalesce_tables(copied, current, True)
                dg[key] = copied
        elif isinstance(dg.get(key), dict):
            continue
        else:
            dg[key] = value
    dest["global"] = dg


def _coalesce_chart_values(chart: Chart, v: dict[str, object], merge: bool) -> None:
    defaults = _copy(chart.values)
    assert isinstance(defaults, dict)
    subchart_names = {sub.name for sub in chart.dependencies}
    for key, value in defaults.items():
        if key in v:
            current = v[key]
            if current is None and not merge:
                del v[key]
            elif isinstance(current, dict) and isinstance(value, dict):
                child_merge = True if key in subchart_names else merge
                if not child_merge:
                    _clean_nils(value)
                _coalesce_tables(current, value, child_merge)
        else:
            if not merge:
                if value is None:
                    continue
                if isinstance(value, dict):
                    _clean_nils(value)
            v[key] = value


def _clean_nils(mapping: dict[str, object]) -> None:
    stack = [mapping]
    while stack:
        current = stack.pop()
        for key in [key for key, value in current.items() if value is None]:
            del current[key]
        stack.extend(value for value in current.values() if isinstance(value, dict))


def coalesce_tables(dst: dict[str, object], src: dict[str, object]) -> dict[str, object]:
    """``CoalesceTables``: ``dst`` over ``src`` (in place)."""
    return _coalesce_tables(dst, src, False)


def merge_tables(dst: dict[str, object], src: dict[str, object]) -> dict[str, object]:
    """``MergeTables``: as :func:`coalesce_tables`, nulls kept."""
    return _coalesce_tables(dst, src, True)


def _coalesce_tables(
    dst: dict[str, object] | None, src: dict[str, object] | None, merge: bool, depth: int = 0
) -> dict[str, object]:
    if src is None:
        return dst or {}
    if dst is None:
        return src
    if depth > 200:  # (values nested deeper than Python recurses are kept as they are)
        return dst
    non_nil = {key for key, value in src.items() if value is not None}
    for key, value in dst.items():
        if value is None:
            src[key] = None
    for key, value in src.items():
        present = key in dst
        current = dst.get(key)
        if present and not merge and current is None and key in non_nil:
            del dst[key]
        elif not present:
            dst[key] = value
        elif isinstance(value, dict) and isinstance(current, dict):
            _coalesce_tables(current, value, merge, depth + 1)
    return dst


# --- values.go --------------------------------------------------------------------------------


def table(values: dict[str, object], name: str) -> dict[str, object] | None:
    """``Values.Table``: the map at a dotted path, or None."""
    current: object = values
    for part in name.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
        if not isinstance(current, dict):
            return None
    return current if isinstance(current, dict) else None


def path_value(values: dict[str, object], path: str) -> tuple[bool, object]:
    """``Values.PathValue``: (found, value) of a non-map value at a dotted path."""
    if not path:
        return False, None
    parts = path.split(".")
    if len(parts) == 1:
        if parts[0] in values and not isinstance(values[parts[0]], dict):
            return True, values[parts[0]]
        return False, None
    found = table(values, ".".join(parts[:-1]))
    if found is None or parts[-1] not in found or isinstance(found[parts[-1]], dict):
        return False, None
    return True, found[parts[-1]]


# --- dependencies.go ----------------------------------------------------------------------------


def process_dependencies(chart: Chart, values: dict[str, object]) -> None:
    """``ProcessDependencies``: disabled subcharts removed, aliases applied, values imported."""
    _dependency_enabled(chart, values, "", 0)
    _dependency_import_values(chart, True, 0)


def _renamed(chart: Chart, name: str) -> Chart:
    copy = Chart(chart.path, chart.display)
    for slot in Chart.__slots__:
        setattr(copy, slot, getattr(chart, slot))
    copy.metadata = dict(chart.metadata)
    copy.metadata["dependencies"] = [dict(d) for d in chart.metadata.get("dependencies", [])]  # type: ignore[attr-defined]
    copy.dependencies = list(chart.dependencies)
    copy.name = name
    copy.metadata["name"] = name
    return copy


def _dependency_enabled(chart: Chart, values: dict[str, object], path: str, depth: int) -> None:
    requirements: list[dict[str, object]] = chart.metadata.get("dependencies") or []  # type: ignore[assignment]
    if not requirements or depth > 50:
        return
    kept: list[Chart] = []
    for existing in chart.dependencies:
        if not any(
            existing.name == r["name"]
            and semver_check(str(r["version"]), str(existing.metadata["version"]))
            for r in requirements
        ):
            kept.append(existing)
    for requirement in requirements:
        for candidate in chart.dependencies:
            if candidate.name != requirement["name"]:
                continue
            if not semver_check(str(requirement["version"]), str(candidate.metadata["version"])):
                continue
            alias = str(requirement["alias"])
            kept.append(
                _renamed(candidate, alias) if alias else _renamed(candidate, candidate.name)
            )
            break
        if requirement["alias"]:
            requirement["name"] = requirement["alias"]
    chart.dependencies = kept
    for requirement in requirements:
        requirement["enabled"] = True
    coalesced = coalesce_values(chart, values)
    _dependency_tags(requirements, coalesced)
    _dependency_conditions(requirements, coalesced, path)
    removed = {r["name"] for r in requirements if not r["enabled"]}
    chart.dependencies = [d for d in chart.dependencies if d.name not in removed]
    chart.metadata["dependencies"] = [r for r in requirements if r["name"] not in removed]
    for sub in chart.dependencies:
        _dependency_enabled(sub, coalesced, path + sub.name + ".", depth + 1)


def switched_off(requirement: dict[str, object], values: dict[str, object]) -> bool:
    """Whether a top-level dependency's ``tags`` or ``condition`` turn it off in ``values``
    (the chart's values under the user's, as :func:`process_dependencies` will see them)."""
    if not requirement["condition"] and not requirement["tags"]:
        return False
    copy = [dict(requirement)]
    _dependency_tags(copy, values)
    _dependency_conditions(copy, values, "")
    return not copy[0]["enabled"]


def _dependency_conditions(
    requirements: list[dict[str, object]], values: dict[str, object], path: str
) -> None:
    for requirement in requirements:
        for condition in str(requirement["condition"]).strip().split(","):
            if not condition:
                continue
            found, value = path_value(values, path + condition)
            if found and isinstance(value, bool):
                requirement["enabled"] = value
                break


def _dependency_tags(requirements: list[dict[str, object]], values: dict[str, object]) -> None:
    tags = table(values, "tags")
    if tags is None:
        return
    for requirement in requirements:
        has_true = has_false = False
        for tag in requirement["tags"]:  # type: ignore[attr-defined]
            value = tags.get(tag)
            if isinstance(value, bool):
                has_true = has_true or value
                has_false = has_false or not value
        if not has_true and has_false:
            requirement["enabled"] = False
        else:
            requirement["enabled"] = True


def _path_to_map(path: str, data: dict[str, object]) -> dict[str, object]:
    if path == ".":
        return data
    result: dict[str, object] = data
    for part in reversed(path.split(".")):
        result = {part: result}
    return result


def _dependency_import_values(chart: Chart, merge: bool, depth: int) -> None:
    if depth > 50:
        return
    for sub in chart.dependencies:
        _dependency_import_values(sub, merge, depth + 1)
    _import_values(chart, merge)


def _import_values(chart: Chart, merge: bool) -> None:
    requirements: list[dict[str, object]] = chart.metadata.get("dependencies") or []  # type: ignore[assignment]
    if not requirements:
        return
    values = coalesce_values(chart, {}, merge=merge)
    imported: dict[str, object] = {}
    for requirement in requirements:
        for entry in requirement.get("import-values") or []:  # type: ignore[attr-defined]
            if isinstance(entry, dict):
                child = str(entry.get("child"))
                parent = str(entry.get("parent"))
                found = table(values, f"{requirement['name']}.{child}")
                if found is None:
                    continue
                piece = _path_to_map(parent, _copy(found))  # type: ignore[arg-type]
            elif isinstance(entry, str):
                found = table(values, f"{requirement['name']}.exports.{entry}")
                if found is None:
                    continue
                piece = _copy(found)  # type: ignore[assignment]
            else:
                continue
            imported = _coalesce_tables(imported, piece, merge)
    # (values is a new tree, shared with nothing: coalesced into as it is, as Helm does)
    chart.values = _coalesce_tables(values, imported, merge)


# --- strvals (--set) ---------------------------------------------------------------------------


class SetError(TagsenseError):
    """A ``--set`` expression Helm rejects."""


class _Reader:
    __slots__ = ("pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def until(self, stop: str) -> tuple[str, str | None]:
        """Runes up to a stop rune (``\\`` escapes one), and the stop rune (None at the end)."""
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            self.pos += 1
            if char in stop:
                return "".join(out), char
            if char == "\\":
                if self.pos >= len(text):
                    return "".join(out), None
                out.append(text[self.pos])
                self.pos += 1
                continue
            out.append(char)
        return "".join(out), None

    def read(self) -> str | None:
        if self.pos >= len(self.text):
            return None
        char = self.text[self.pos]
        self.pos += 1
        return char


def _typed_value(text: str) -> object:
    lower = text.lower()
    if lower == "true":
        return True
    if lower == "false":
        return False
    if lower == "null":
        return None
    if text == "0":
        return 0
    if text and text[0] != "0":
        try:
            if text.lstrip("+-").isdigit():
                number = int(text, 10)
                if -(2**63) <= number < 2**63:
                    return number
        except ValueError:
            pass
    return text


class _EOF(Exception):
    pass


_NOT_A_LIST = object()


def parse_set(expression: str, into: dict[str, object]) -> None:
    """``strvals.ParseInto``: ``a.b=c,d[0]=e,f={x,y}`` written into ``into``.

    Raises :class:`SetError` for what Helm rejects.
    """
    reader = _Reader(expression)
    while True:
        try:
            _key(reader, into, 0)
        except _EOF:
            return


def _key(reader: _Reader, data: dict[str, object], level: int) -> None:
    key, last = reader.until("=[,.")
    if last is None:
        if not key:
            raise _EOF
        raise SetError(f"key {key!r} has no value")
    if last == "[":
        index = _index(reader)
        items = data.get(key, [])
        if not isinstance(items, list):
            raise SetError(f"unable to parse key: interface conversion: {key} is not a list")
        try:
            items = _list_item(reader, list(items), index, level)
        except _EOF:
            if key:  # (the list as it was: Helm sets it before it stops)
                data[key] = list(items)
            raise
        if key:
            data[key] = items
        return
    if last == "=":
        listed = _value_list(reader)
        if listed is _EOF:
            if key:
                data[key] = ""
            raise _EOF
        if listed is _NOT_A_LIST:
            text, _ = reader.until(",")
            if key:
                data[key] = _typed_value(text)
            return
        if key:
            data[key] = listed
        return
    if last == ",":
        if key:
            data[key] = ""
        raise SetError(f"key {key!r} has no value (cannot end with ,)")
    # "."
    level += 1
    if level > 30:
        raise SetError(
            "value name nested level is greater than maximum supported nested level of 30"
        )
    inner = data.get(key, {})
    if not isinstance(inner, dict):
        raise SetError(f"unable to parse key: interface conversion: {key} is not a map")
    inner = dict(inner)
    error: Exception | None = None
    try:
        _key(reader, inner, level)
    except (_EOF, SetError) as caught:
        error = caught
    if error is None and not inner:
        raise SetError(f"key map {key!r} has no value")
    if inner and key:
        data[key] = inner
    if error is not None:
        raise error


def _index(reader: _Reader) -> int:
    text, last = reader.until("]")
    if last is None:
        raise _EOF
    if _ATOI.fullmatch(text) is None:
        raise SetError(f"error parsing index: strconv.Atoi: parsing {text!r}: invalid syntax")
    return int(text)


_ATOI = lazy_pattern(r"[+-]?[0-9]{1,18}")


def _set_index(items: list[object], index: int, value: object) -> list[object]:
    if index < 0:
        raise SetError(f"negative {index} index not allowed")
    if index > 65536:
        raise SetError(f"index of {index} is greater than maximum supported index of 65536")
    if len(items) <= index:
        items = items + [None] * (index + 1 - len(items))
    items[index] = value
    return items


def _list_item(reader: _Reader, items: list[object], index: int, level: int) -> list[object]:
    if index < 0:
        raise SetError(f"negative {index} index not allowed")
    key, last = reader.until("[.=")
    if key:
        raise SetError(f"unexpected data at end of array index: {key!r}")
    if last is None:
        raise _EOF
    if last == "=":
        listed = _value_list(reader)
        if listed is _EOF:
            return _set_index(items, index, "")
        if listed is _NOT_A_LIST:
            text, _ = reader.until(",")
            return _set_index(items, index, _typed_value(text))
        return _set_index(items, index, listed)
    if last == "[":
        inner_index = _index(reader)
        current = items[index] if index < len(items) else None
        inner = list(current) if isinstance(current, list) else []
        return _set_index(items, index, _list_item(reader, inner, inner_index, level))
    # "."
    current = items[index] if index < len(items) else None
    inner_map = dict(current) if isinstance(current, dict) else {}
    _key(reader, inner_map, level)
    return _set_index(items, index, inner_map)


def _value_list(reader: _Reader) -> object:
    char = reader.read()
    if char is None:
        return _EOF
    if char != "{":
        reader.pos -= 1
        return _NOT_A_LIST
    items: list[object] = []
    while True:
        text, last = reader.until(",}")
        if last is None:
            raise SetError("list must terminate with '}'")
        items.append(_typed_value(text))
        if last == "}":
            following = reader.read()
            if following is not None and following != ",":
                reader.pos -= 1
            return items
