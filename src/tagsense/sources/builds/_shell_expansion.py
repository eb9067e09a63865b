"""How :class:`.shell.ShellReader` expands words and assigns variables.

:meth:`~.shell.ShellReader.expand` puts in ``$NAME``, ``${NAME}``, ``${NAME:-default}`` and the
other ``${…}`` operators (:mod:`._shell_parameters`), positional parameters, ``$@``, arrays'
elements and indirection (``${!NAME}``); :meth:`~.shell.ShellReader.words` splits a word as the
shell does after it. The assignments (``NAME=value``, ``export``, ``declare``, arrays and
associative arrays, ``set -a``) set what those expansions give, noting where each was written
(to say where a pull's image is written). These are the reader's methods, defined here.
"""

from __future__ import annotations

from . import _arrays
from ._branches import SetEmpty
from ._engine_commands import known
from ._shell_parameters import (
    _CASE_TRANSFORMS,
    _EMPTY_DEFAULT,
    _MAP_LOOKUP,
    _MAX_ASSIGNED,
    _MAX_HELD,
    _MAX_KEYED,
    _OPTARG_WORD,
    _assignment,
    _first_variable,
    _marked,
    _named_once,
    _option_value,
    _removed,
    _replaced,
    _self_default,
    _subscript_end,
    _writes_image,
)
from ._shell_relevance import _NAMED_VARIABLES
from ._shell_text import closing
from ._shell_values import (
    ABSOLUTE,
    ALL_ARGUMENTS,
    DOLLAR,
    MAX_VALUE,
    NOTHING,
    SCRIPT_DIRECTORY_PARAMETERS,
    SLASH,
    SPECIAL,
    SPLIT,
    TOP_DIRECTORY,
    UNKNOWN,
    plain_text,
    resolve_absolute,
    unknown_for,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .shell import ShellReader


def _assign(self: ShellReader, word: str) -> None:
    found = _assignment(word)
    if found is None:
        self._assign_array(word)
        return
    name, value = found
    self._note_assigned(name, value)
    if self._defaults and _OPTARG_WORD.search(value):
        # (`getopts`' option value, alone or in a word (primero's `b="${OPTARG}/"`):
        # without the option, the default stays)
        return
    if self._no_arguments and any(self._option_cases) and _option_value(value):
        return  # (an option loop's value, as getopts': open-rmf's build-args.sh)
    expanded = self._expand_assigned(name, value)
    if not expanded and _EMPTY_DEFAULT.fullmatch(value):
        # (`x=${b:-""}`: the script's own empty default, no placeholder a run fills)
        expanded = SetEmpty()
    elif not value and not isinstance(expanded, SetEmpty) and self._set_only_here(name):
        # (`DOCKER_VOLUME_MOUNTS=''`, which nothing in the script sets again: empty for
        # good, so `docker run … $DOCKER_VOLUME_MOUNTS "$DOCKER_IMAGE"` is no word there;
        # Azure/iotedge's edgelet/build/linux/package.sh, survey s48c)
        expanded = SetEmpty()
    self.maps.pop(name, None)
    if self._open_environment and name not in self.variables and _self_default(name, value):
        self._environment_defaults.add(name)
    else:
        self._environment_defaults.discard(name)
    keyed = self._keyed_values(name, value) if UNKNOWN in plain_text(expanded) else None
    if keyed is not None:
        self._assign_each(name, keyed)
    else:
        self.branches.assigned(name, self.variables.get(name))
        self.variables[name] = expanded if len(expanded) <= MAX_VALUE else UNKNOWN
    if self._argument_values or "1" in value:
        # (a variable that holds the `$1` a `case` would pick its arm by: see
        # _selects_positional)
        held = self.variables.get(name)
        if (
            held is not None
            and value.replace('"', "") in ("$1", "${1}")
            and self._selects_positional("$1", self._lines_now[0])
        ):
            self._argument_values[name] = held
        else:
            self._argument_values.pop(name, None)
    if self._allexport:
        self.exported.add(name)
    elements = self.arrays.get(name)
    if elements:  # (`NAME=value` sets an array's first element)
        self.arrays[name] = (self.variables[name], *elements[1:])


def _note_assigned(self: ShellReader, name: str, value: str) -> None:
    """Where ``name`` is set now to ``value`` as written (see :meth:`_written_at`)."""
    line, last = self._lines_now
    if not line or self.pulls is None:
        return
    noted = (value, line, last, self._lines_file(), self._branch_depth() == 0)
    # (a new list: a substitution's reader shares the older ones, see _substituted)
    older = self._assigned_at.get(name, ())
    self._assigned_at[name] = [*older[len(older) + 1 - _MAX_ASSIGNED :], noted]


def _lines_file(self: ShellReader) -> str | None:
    """The file whose lines the commands read now are (``None``: the script's own): a
    function's, while its body is read for a call; else the sourced file read now."""
    if self._body_file is not None:
        return self._body_file or None
    return self.sourcing.sourced_file if self.sourcing is not None else None


def _held_at(self: ShellReader, name: str, before: int) -> None:
    """The pulls from ``before`` on, of a command that a variable holds (``$CMD_PSQL -c
    …`` after ``CMD_PSQL="$CMD_DOCKER postgres:16 psql"``), placed where their image is
    written: at the assignment that writes it, once for all the runs of the command (as an
    alias's are, see :meth:`_aliased`); one the command's own words give (``$CMD_RUN
    alpine:3.20``), or one only a variable holding the image names, stays at the command
    (as ``IMAGE=x; docker run $IMAGE`` does). opencollective/opencollective-api's
    ``scripts/db_restore.sh`` runs its five command variables thirteen times."""
    if self.pulls is None:
        return
    where = self._lines_file()
    for index in range(before, len(self.pulls)):
        pull = self.pulls[index]
        if pull.path is None:
            place = self._written_at(name, pull.image, where, _MAX_HELD)
            if place is not None:
                self.pulls[index] = pull.at(*place)
                self._placed.add(self.pulls[index])


def _written_at(
    self: ShellReader, name: str, image: str, where: str | None, depth: int
) -> tuple[int, int] | None:
    """The lines of the assignment of ``name`` (in the text ``where`` names) that writes
    ``image``, itself or through the variable that starts its value
    (``CMD_PSQL="$CMD_DOCKER postgres:16 psql"``, ``CMD_DOCKER="docker run img:1"``), of
    those that may give the value now: the newest, and older ones while the newer ones
    are in branches; ``None`` when none writes it."""
    for value, line, last, written, surely in reversed(self._assigned_at.get(name, ())):
        if written != where:
            return None
        if _writes_image(value, image):
            return line, last
        first = _first_variable(value)
        if first == name:
            continue  # (`CMD="$CMD -v …"`: what it adds to, an older assignment's)
        if first is not None and depth > 0:
            place = self._written_at(first, image, where, depth - 1)
            if place is not None:
                return place
        if surely:
            return None
    return None


def _set_only_here(self: ShellReader, name: str) -> bool:
    """Whether the script read names ``name`` only where it is set now, besides its
    expansions (``$NAME``, ``${NAME…}``): nothing sets it again (no other assignment,
    ``read``, ``for``, ``printf -v``, ``getopts``), and it sources no file and runs no
    ``eval`` that might. An empty value is otherwise a placeholder that a run fills in
    (see :meth:`_value`)."""
    return self._text is not None and name in _named_once(self._text)


def _keyed_values(self: ShellReader, name: str, value: str) -> list[str] | None:
    """The values of an assignment to ``name`` that looks up an associative array the
    script sets by a key a run gives (``TAG=${stack_map[$REDIS_VERSION]}``): one for each
    of the array's values, as a ``case`` over its keys would set them, the script's
    written table being what a run picks from (redis/redis-py's run-tests action maps
    ``REDIS_VERSION`` to its ``redis_stack_version_mapping`` tag); ``None`` where none
    is looked up so, the array has more than :data:`_MAX_KEYED` keys, or a value is
    still a run's."""
    for found in _MAP_LOOKUP.finditer(value):
        entries = self.maps.get(found.group(1))
        if not entries or len(entries) > _MAX_KEYED:
            continue
        values: list[str] = []
        for key in entries:
            self._keyed = (found.group(1), key)
            try:
                expanded = self._expand_assigned(name, value)
            finally:
                self._keyed = None
            if UNKNOWN in plain_text(expanded) or len(expanded) > MAX_VALUE:
                return None
            values.append(expanded)
        return list(dict.fromkeys(values))
    return None


def _assign_each(self: ShellReader, name: str, values: list[str]) -> None:
    """``name`` set to one of ``values``, which a run chooses: a conditional of one arm a
    value (see ``._branches``), so that a command after it is read with each."""
    self.branches.open_case()
    for value in values:
        self.branches.assigned(name, self.variables.get(name))
        self.variables[name] = value
        self._restore(self.branches.end_arm(self.variables))
    self._restore(self.branches.close_case(self.variables, default=True))


def _expand_assigned(self: ShellReader, name: str, value: str) -> str:
    """The ``value`` of an assignment to ``name``, expanded. An empty value is a
    placeholder a run fills (see :meth:`_value`), but not in an assignment that adds to
    it (``CMD=""``, then ``CMD="$CMD \"$ARG\""`` in a loop: nipy/nipype's
    ``tools/retry_cmd.sh``): there it is where the value starts."""
    current = self.variables.get(name)
    if current != "" or isinstance(current, SetEmpty) or "$" not in value:
        return self.expand(value)
    if name not in _NAMED_VARIABLES.findall(value):
        return self.expand(value)
    self.variables[name] = SetEmpty()
    try:
        return self.expand(value)
    finally:
        self.variables[name] = current


def _assign_array(self: ShellReader, word: str) -> None:
    """``NAME=(…)``, ``NAME+=(…)``, ``NAME[i]=value``, ``NAME+=value`` (see ``._arrays``)."""
    found = _arrays.ArrayAssignment.of(word)
    if found is None:
        return
    name = found.name
    if name in self.maps:  # (`NAME[key]=value` of an associative array)
        entries = self.maps[name]
        key = self.expand(found.subscript or "")
        known_key = entries is not None and found.subscript is not None
        if known_key and UNKNOWN not in plain_text(key):
            # (`NAME[key]+=value` adds to the element's text, "" when it is unset:
            # IntelOwl's `start` gathers its compose files in `path_mapping[…]+=`)
            added = (entries or {}).get(key, "") if found.append else ""
            value = added + self.expand(found.value or "")
            self.maps[name] = {**(entries or {}), key: value}
        else:
            self.maps[name] = None
        return
    before = self._elements_set(name)
    elements: tuple[str, ...] | None
    if found.elements is not None:
        if any(_arrays.is_indexed(element) for element in found.elements):
            elements = None  # (`([2]=x)`, an associative array's `([key]=x)`)
        else:
            given = tuple(word for element in found.elements for word in self.words(element))
            elements = (None if before is None else (*before, *given)) if found.append else given
    elif found.subscript is None:  # (`NAME+=value`: onto the first element)
        if not before:
            elements = (self.expand(found.value or ""),)
        else:
            elements = (before[0] + self.expand(found.value or ""), *before[1:])
    else:
        index = _arrays.index_of(found.subscript)
        value = self.expand(found.value or "")
        if before is None or index is None or not -len(before) <= index <= len(before):
            elements = None  # (an index a run decides, or a gap in the array)
        elif index == len(before):
            elements = None if found.append else (*before, value)
        else:
            changed = list(before)
            changed[index] = changed[index] + value if found.append else value
            elements = tuple(changed)
    elements = _arrays.capped(elements) if elements is not None else None
    self.branches.assigned(name, self.variables.get(name))
    self.arrays[name] = elements
    if elements is None:
        self.variables[name] = UNKNOWN
    elif elements:
        self.variables[name] = elements[0]
    else:
        self.variables.pop(name, None)  # (an empty array: `$NAME` is unset)


def _assign_map(self: ShellReader, word: str) -> None:
    """``declare -A NAME=([key]=value …)``: an associative array, its keys and values
    expanded (``None``: a run decides them, as for an element of no ``[key]=`` form)."""
    found = _arrays.ArrayAssignment.of(word)
    if found is None or found.elements is None or found.append:
        if found is not None:
            self.maps[found.name] = None
        return
    entries: dict[str, str] | None = {}
    for element in found.elements:
        pair = _arrays.keyed(element)
        if pair is None or entries is None:
            entries = None
            continue
        key, value = (self.expand(part) for part in pair)
        entries = None if UNKNOWN in plain_text(key) else {**entries, key: value}
    self.branches.assigned(found.name, self.variables.get(found.name))
    self.maps[found.name] = entries
    self.arrays.pop(found.name, None)
    self.variables[found.name] = UNKNOWN  # (`$NAME` is its element "0": a run's here)


def _elements_set(self: ShellReader, name: str) -> tuple[str, ...] | None:
    """The elements of ``name`` before an assignment changes them: an array's, a
    variable's one value (``()`` when it is unset: an array starts empty), ``None`` when
    a run decides them."""
    if name in self.arrays:
        return self.arrays[name]
    value = self.variables.get(name)
    if value is None:
        return ()
    return (value,) if known(value) is not None else None


def _set_options(self: ShellReader, words: list[str]) -> None:
    """``set -a``/``set +a`` (also in a cluster, ``set -ea``) and ``set -o allexport``/``set
    +o allexport``: whether the variables set after it are exported (``set -a; . ./.env;
    set +a``, as openreplay's install.sh gives its compose file common.env's versions)."""
    for index, word in enumerate(words):
        if word == "--" or len(word) < 2 or word[0] not in "-+":
            return  # (`set -- ARGS`: the positional parameters, no option after)
        named = word[1:] == "o" and words[index + 1 : index + 2] == ["allexport"]
        if named or (word[1:].isalpha() and "a" in word[1:]):
            self._allexport = word[0] == "-"


def _export(self: ShellReader, words: list[str]) -> None:
    """``export NAME=value`` and ``export NAME``: variables the commands after it get."""
    for word in words:
        if "=" in word and "$" in word.partition("=")[0] and _assignment(word) is None:
            # (a name a variable gives: fabric-samples' `export ${name}="…"`)
            named, _, value = word.partition("=")
            name = plain_text(self.expand(named))
            word = f"{name}={value}" if name.isidentifier() and name.isascii() else ""
        if _assignment(word) is not None:
            self._assign(word)
            self.exported.add(word.partition("=")[0])
        elif word.isidentifier():
            self.exported.add(word)


def arguments(self: ShellReader, words: Iterable[str]) -> list[str]:
    """A command's words expanded: the words each one is (``"${ARGS[@]}"``: several)."""
    return [expanded for word in words for expanded in self.words(word)]


def words(self: ShellReader, word: str) -> list[str]:
    """The words one word is, its variables put in (see ``._arrays``)."""
    if word in ALL_ARGUMENTS and self.positional is not None:
        if word.startswith(SPLIT):
            # (an unquoted `$@`: each argument split further, as bash splits it (manual:
            # Special Parameters, Word Splitting); PrivateBin's docker-nginx-fpm-alpine
            # `build_image "${BUILD_ARGS} ${IMAGE_TAGS}"` runs `docker build … $@ .`)
            return [part for argument in self.positional for part in argument.split()]
        return list(self.positional)  # (`"$@"`: each argument a word)
    if not _arrays.has_array_expansion(word):
        expanded = self.expand(word, nothing=NOTHING)
        if expanded == NOTHING:
            return []
        expanded = expanded.replace(NOTHING, "")
        if word.startswith(SPLIT) and len(expanded.split()) > 1:
            # (the words the shell makes; a run's part is one word here, though its value
            # may make more: searxng's `$params_build`, "build … --tag=…:$DOCKER_TAG")
            return expanded.split()
        return [expanded]
    return _arrays.expanded_words(word, self.expand, self._elements, UNKNOWN)


def _elements(self: ShellReader, name: str) -> tuple[str, ...]:
    """What ``${NAME[@]}`` gives: an array's elements, a variable's value (one word a
    run decides when they are not known here)."""
    keys = name.startswith("!")
    name = name.removeprefix("!")
    if name in self.maps:
        # (an associative array: its values, or its keys (`${!NAME[@]}`), in the order set;
        # the shell's own order is its hash's, and each is read alike)
        entries = self.maps[name]
        if entries is None:
            return (unknown_for(name),)
        return tuple(entries) if keys else tuple(entries.values())
    if keys:
        elements_of = self.arrays.get(name)
        if name in self.arrays and elements_of is not None:
            return tuple(str(index) for index in range(len(elements_of)))
        return (UNKNOWN,)
    if name not in self.arrays:
        return (self._value(name),)
    elements = self.arrays[name]
    return elements if elements is not None else (unknown_for(name),)


def expand(self: ShellReader, word: str, *, nothing: str = "") -> str:
    """A word (as :func:`split_words` gives it) with its variables put in (``nothing``: what
    stands for an unset variable, see :meth:`_value`)."""
    if "$" not in word:
        word = resolve_absolute(word) if ABSOLUTE in word else word
        return word.replace(DOLLAR, "$").replace(SPLIT, "")
    out: list[str] = []
    index = 0
    length = len(word)
    while True:
        dollar = word.find("$", index)
        if dollar < 0 or dollar + 1 >= length:
            out.append(word[index:])
            break
        out.append(word[index:dollar])
        following = word[dollar + 1]
        if following == "{":
            end = closing(word, dollar + 1)
            if end < 0:
                out.append(UNKNOWN)
                break
            out.append(self._parameter(word[dollar + 2 : end]))
            index = end + 1
        elif following == "_" or following.isalpha():
            end = dollar + 1
            while end < length and (word[end] == "_" or word[end].isalnum()):
                end += 1
            out.append(self._value(word[dollar + 1 : end]))
            index = end
        elif following.isdigit() and self.positional is not None:
            out.append(self._positional(int(following), None))
            index = dollar + 2
        elif following == "#" and self._counted and self.positional is not None:
            out.append(str(len(self.positional)))  # (`$#` of a call whose words are known)
            index = dollar + 2
        elif following == "*" and self.positional is not None:
            out.append(self._all_joined())  # (`$*` of a call whose words are known)
            index = dollar + 2
        elif following in SPECIAL:
            out.append(UNKNOWN)
            index = dollar + 2
        else:
            out.append("$")
            index = dollar + 1
    result = "".join(out).replace(DOLLAR, "$").replace(_arrays.UNQUOTED, "")
    result = result.replace(SLASH, "/") if SLASH in result else result
    result = result.replace(SPLIT, "")
    result = result.replace(NOTHING, nothing) if NOTHING in result else result
    result = resolve_absolute(result) if ABSOLUTE in result else result
    return result if len(result) <= MAX_VALUE else UNKNOWN


def _value(self: ShellReader, name: str) -> str:
    if name in self._skipped and name not in self.variables:
        return NOTHING  # (set only in a branch the shell skips: no word, unquoted)
    value = self.variables.get(name)
    if value is None and name == "BATS_TEST_DIRNAME" and self._bats:
        return f"{UNKNOWN}{TOP_DIRECTORY}{UNKNOWN}"  # (the test file's directory)
    if isinstance(value, SetEmpty):
        return NOTHING  # (the empty value one branch's way sets: no word, unquoted)
    # (an empty value is a script's placeholder, set later where a run decides: by an
    # option's case arm, a function, `read`; GNOME/glib's run-docker.sh: base="")
    if not value or (plain_text(value) == UNKNOWN and not _marked(value)):
        return unknown_for(name)  # (its name may still say which engine it runs)
    return value


def _parameter(self: ShellReader, inner: str) -> str:
    """``${…}``: a name, and ``-``, ``:-``, ``=``, ``:=`` defaults, ``#``, ``##``, ``%``,
    ``%%`` removals (:func:`_removed`); anything else unknown."""
    if inner in SCRIPT_DIRECTORY_PARAMETERS:
        return f"{UNKNOWN}{SCRIPT_DIRECTORY_PARAMETERS[inner]}{UNKNOWN}"
    if inner.startswith("!"):
        return self._indirect(inner[1:])
    if inner.startswith("*") and self.positional is not None:
        return self._all_parameter(inner[1:])
    end = 0
    while end < len(inner) and (inner[end] == "_" or inner[end].isalnum()):
        end += 1
    name, rest = inner[:end], inner[end:]
    if name.isdigit() and self.positional is not None:
        return self._positional(int(name), rest)
    if name.isdigit() and name != "0" and self._defaults and rest.startswith(("-", ":-")):
        return self.expand(rest[2 if rest.startswith(":") else 1 :])  # (none given)
    if not name or name[0].isdigit():
        return UNKNOWN
    if not rest:
        return self._value(name)
    if rest.startswith("["):
        return self._element(name, rest)
    value = self.variables.get(name)
    if rest in _CASE_TRANSFORMS:  # (`${OS@U}`: bash's case transformations)
        known_value = self._value(name)
        return _CASE_TRANSFORMS[rest](known_value) if known(known_value) else UNKNOWN
    if rest.startswith(("?", ":?")):  # (`${NAME?message}`: unset, the shell exits)
        return self._value(name)
    for operator in (":-", ":=", "-", "="):
        if rest.startswith(operator):
            empty_counts = operator.startswith(":")
            if value is not None and (value or not empty_counts):
                return value
            default = self.expand(rest[len(operator) :])
            if operator.endswith("="):
                self.variables[name] = default
            return default
    for operator in ("##", "#", "%%", "%"):
        if rest.startswith(operator):
            pattern = self.expand(rest[len(operator) :])
            if value is None or UNKNOWN in plain_text(pattern):
                return UNKNOWN
            return _removed(plain_text(value), pattern, operator)
    if rest.startswith("/"):
        return self._pattern_substituted(name, rest[1:])
    return UNKNOWN


def _indirect(self: ShellReader, inner: str) -> str:
    """``${!NAME…}``: bash's indirection, the parameter whose name is ``NAME``'s value,
    with what follows (``${!override:-default}``: fabric-samples' ``context`` function);
    ``${!prefix*}`` and ``${!array[@]}``, and a value that is no name, are a run's."""
    end = 0
    while end < len(inner) and (inner[end] == "_" or inner[end].isalnum()):
        end += 1
    pointer, rest = inner[:end], inner[end:]
    if not pointer or pointer[0].isdigit() or rest[:1] in ("*", "@", "["):
        return UNKNOWN
    target = plain_text(self._value(pointer))
    if not target.isidentifier() or not target.isascii():
        return UNKNOWN
    return self._parameter(target + rest)


def _all_joined(self: ShellReader) -> str:
    """``$*`` of a call whose words are known: its arguments joined by spaces (the first
    character of the default ``IFS``), as ``"$*"`` is one word of them all."""
    return " ".join(self.positional or ())


def _all_parameter(self: ShellReader, rest: str) -> str:
    """``${*}`` and ``${*//PATTERN/STRING}`` of a call whose words are known: the joined
    arguments, each substituted as bash does (onthegomap/planetiler's ``quickstart.sh``:
    ``run() { command="${*//&/\\&}"; echo "$ $command"; eval "$command"; }``, called
    as ``run docker run … "ghcr.io/onthegomap/planetiler:${VERSION}" …``)."""
    if not rest:
        return self._all_joined()
    if not rest.startswith("/"):
        return UNKNOWN
    # (an argument a run decides stays the run's; the others are still known)
    arguments = self.positional or ()
    return " ".join(self._pattern_substituted("", rest[1:], word) for word in arguments)


def _pattern_substituted(self: ShellReader, name: str, rest: str, given: str | None = None) -> str:
    """``${NAME/PATTERN/STRING}`` (``//`` every match, ``/#`` at the start, ``/%`` at the
    end): bash's pattern substitution. percona/percona-postgresql-operator's
    ``e2e-tests/build`` says ``IMAGE=${IMAGE/#percona\\//perconalab/}``. ``given``: the
    value of a parameter with no name (an argument of ``${*/…}``)."""
    value = self._value(name) if given is None else given
    anchor = rest[:1] if rest[:1] in ("/", "#", "%") else ""
    rest = rest[len(anchor) :]
    pattern, separated, string = rest.partition("/")
    written = self.expand(pattern).replace(SLASH, "/")
    string = self.expand(string).replace(SLASH, "/") if separated else ""
    if not written or UNKNOWN in plain_text(written) or UNKNOWN in plain_text(string):
        return UNKNOWN
    if UNKNOWN in value or _marked(value):
        # (a name made of a run's part is not widened to one any tag of it matches:
        # percona's operators push their image under the branch's name to a repository
        # their other components' images, built elsewhere, share)
        return UNKNOWN
    return _replaced(plain_text(value), written, string, anchor)


def _positional(self: ShellReader, number: int, rest: str | None) -> str:
    """``$N``, ``${N}``, ``${N:-default}``, ``${N-default}``, ``${N?message}`` of a script
    run with known arguments (:attr:`positional`); ``$0`` and anything else are a run's.
    openzipkin/zipkin's ``build-bin/docker/docker_build`` says ``docker_tag=${1?full
    docker_tag is required}``: without the argument the script stops there."""
    arguments = self.positional or ()
    given = arguments[number - 1] if 0 < number <= len(arguments) else None
    if rest and rest.startswith(("?", ":?")) and number:
        return given or UNKNOWN
    removal = next((o for o in ("##", "#", "%%", "%") if rest and rest.startswith(o)), None)
    if removal is not None and number and given is not None and rest is not None:
        # (`--image=*) IMAGE="${1#*=}"`: an option loop's `--name=value`, ._option_loop)
        pattern = self.expand(rest[len(removal) :])
        if UNKNOWN in plain_text(pattern) or UNKNOWN in given:
            return UNKNOWN
        return _removed(plain_text(given), pattern, removal)
    if number == 0 or (rest and not rest.startswith(("-", ":-"))):
        return UNKNOWN
    if rest:
        empty_counts = rest.startswith(":")
        if given is None or (not given and empty_counts):
            return self.expand(rest[2 if empty_counts else 1 :])
    return given or ""


def _element(self: ShellReader, name: str, subscript: str) -> str:
    """``${NAME[i]}`` (``[@]``, ``[*]``: every element, joined by spaces, as in one word),
    and ``${NAME[i]-default}``, ``${NAME[i]:-default}``: the default where the element
    is unset (or, with ``:``, empty), as bash gives it. monicahq/docker's ``build.sh``
    pulls ``php:$php-$variant`` with ``php=${php_version[$release]-${php_version[default]}}``
    (survey s39c)."""
    closing = _subscript_end(subscript)
    if closing is None:
        return UNKNOWN
    inside, rest = subscript[1:closing], subscript[closing + 1 :]
    if inside in ("@", "*") and name not in self.maps:
        return " ".join(self._elements(name)) if not rest else UNKNOWN
    if not rest:
        value = self._element_value(name, inside)
        return value or UNKNOWN  # (a key it lacks gives "": the script tests for it first)
    operator = next((o for o in (":-", "-") if rest.startswith(o)), None)
    if operator is None:
        return UNKNOWN  # (`${NAME[@]#x}`, `${NAME[0]:=x}`: a run's)
    value = self._element_value(name, inside)
    if value is not None and (value or operator == "-"):
        return value or UNKNOWN
    return self.expand(rest[len(operator) :])


def _element_value(self: ShellReader, name: str, inside: str) -> str | None:
    """The element ``inside`` (the subscript) names: None where it is unset (a key the
    associative array lacks, an index past the end), :data:`UNKNOWN` where a run decides."""
    if name in self.maps:  # (an associative array: the key is expanded)
        entries = self.maps[name]
        key = self.expand(inside)
        keyed = self._keyed
        if (
            entries is not None
            and keyed is not None
            and keyed[0] == name
            and (UNKNOWN in plain_text(key))
        ):
            return entries[keyed[1]]  # (the key the assignment is read with)
        if entries is None or UNKNOWN in plain_text(key):
            return UNKNOWN
        return entries.get(key)
    index = _arrays.index_of(inside)
    elements = self.arrays.get(name) if name in self.arrays else (self._value(name),)
    if index is None or elements is None:
        return UNKNOWN
    if not -len(elements) <= index < len(elements):
        return None
    return elements[index]
