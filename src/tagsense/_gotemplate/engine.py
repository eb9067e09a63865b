"""Executing Go templates as ``text/template`` does, with Helm's ``include`` and ``tpl``.

:class:`Engine` holds the parsed files of a chart (and of its subcharts and
library charts) and their named templates, in Helm's order: files are
parsed deepest path first, then in reverse lexical order, and a later
definition of a name replaces an earlier one. :meth:`Engine.render` executes
one file with its data (``.Values``, ``.Chart``, ``.Release``…) and returns
the text as a :class:`~.values.TStr`, spans included.

What Go does is what this does: field chains on maps (a missing key is
``nil``; a field of ``nil`` *inside* a chain is an error, of a pipeline's
``nil`` result is ``nil``), variables and their scopes, pipelines (the
previous result is the last argument), ``if``/``else if``/``with``/``range``
with Go's truth, ``break``/``continue``, ``define``/``template``/``block``,
and printing (``<no value>`` for a missing value, which Helm then removes).

Two departures, both in the direction of saying less rather than something
wrong:

* A value the engine cannot know is an :class:`~.values.Unknown`; printed, it
  leaves a *placeholder* in the text (:data:`PLACEHOLDER`), so an image that
  contains one is reported as unresolved, with the reason. A condition that
  is unknown is taken as false and noted in :attr:`Engine.assumptions` (a
  cluster ``lookup`` is no unknown: offline, Helm gives an empty map).
* When asked (``selective=True``), a file is executed *selectively*: the
  actions that cannot lead to an image (labels, annotations, probes,
  resources…) are not evaluated and print nothing. See :mod:`.relevance`.
"""

from __future__ import annotations

from functools import partial

from .._lazy import lazy_pattern
from .grammar import PipeSyntaxError, parse_pipe
from .lexer import Template, TemplateSyntaxError
from .nodes import (
    Action,
    Break,
    Chain,
    Command,
    Continue,
    Field,
    Ident,
    If,
    Literal,
    Pipe,
    Range,
    TemplateCall,
    Text,
    Variable,
    With,
)
from .relevance import SKIPPED
from .values import (
    ExecError,
    Failed,
    GoObject,
    PartlyKnown,
    Site,
    TStr,
    Unknown,
    concat,
    go_type,
    is_true,
    to_text,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from .nodes import Body, Operand
    from .relevance import Plan

__all__ = ["NO_VALUE", "PLACEHOLDER", "Engine", "TemplateSyntaxError"]

#: What Go prints for a missing value (Helm removes it from the output).
NO_VALUE = "<no value>"

#: An unknown value in the output: ``⦃n⦄``, n its index in :attr:`Engine.unknowns`.
PLACEHOLDER = lazy_pattern("\u2983(\\d+)\u2984")

#: How deep include/template calls may nest (Helm allows 1,000 of one name; Python
#: recursion allows less, and no real chart needs more).
MAX_DEPTH = 120


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


_MISSING = object()  # no final value (the first command of a pipeline)


def _identity(value: object) -> object:
    return value


class Engine:
    """The templates of a chart and what executing them needs.

    ``templates`` are the parsed files, in Helm's parse order (later definitions
    of a name win); ``functions`` the function table (name -> callable taking the
    engine and the evaluated arguments, see :mod:`.functions`).

    Named templates may also be found on demand: ``index`` maps a name to the
    files (in Helm's parse order) whose text may define it, and ``load`` parses
    one of those files when a name is first needed (a chart's helpers are many,
    and a render needs a few of them). ``load`` also gives a file by its name (None
    for a name no file has), as a file is a template named by its path.
    """

    def __init__(
        self,
        templates: Sequence[Template],
        functions: Mapping[str, Callable[..., object]],
        *,
        parse: Callable[[str, str], Template] | None = None,
        index: Mapping[str, Sequence[str]] | None = None,
        load: Callable[[str], Template | None] | None = None,
    ) -> None:
        self.templates = {template.name: template for template in templates}
        #: The named templates resolved so far: name -> (body, the file that defines it).
        self.defines: dict[str, tuple[Body, str]] = {}
        self._index = index
        self._load = load
        if index is None:
            for template in templates:
                for name, (body, _) in template.defines.items():
                    if name not in self.defines or body or not self.defines[name][0]:
                        self.defines[name] = (body, template.name)
        self.functions = functions
        self._parse = parse
        #: The unknown values printed so far (a placeholder's number is its index).
        self.unknowns: list[Unknown] = []
        #: Conditions that were unknown and taken as false, in the current render.
        self.assumptions: list[str] = []
        self.depth = 0
        self.included: dict[str, int] = {}
        self._plans: dict[int, tuple[Body, Plan]] = {}
        #: Whether a named template writes an image or prints YAML (see :mod:`.relevance`).
        self.may_print: dict[str, bool] = {}
        #: Named templates that change data they are given (``set . "x" true``), transitively.
        self.may_mutate: dict[str, bool] = {}
        # the execution state of the template being executed
        self._vars: list[tuple[str, object]] = []
        self._template = ""
        self._action = ""
        self._line = 0
        self._selective = False

    # --- entry points -------------------------------------------------------------------

    def define(self, name: str) -> tuple[Body, str] | None:
        """The named template ``name``: (its body, the file that defines it), or None."""
        found = self.defines.get(name)
        if found is not None:
            return found
        if self._index is None or self._load is None:
            return self._file(name)
        empty: tuple[Body, str] | None = None
        for file in reversed(self._index.get(name, ())):
            template = self.templates.get(file) or self._load(file)
            if template is None or name not in template.defines:
                continue
            body = template.defines[name][0]
            if body:
                found = (body, file)
                break
            if empty is None:
                empty = (body, file)  # (Go keeps an earlier definition over an empty one)
        found = found or empty or self._file(name)
        if found is not None:
            self.defines[name] = found
        return found

    def _file(self, name: str) -> tuple[Body, str] | None:
        """A template file named by its path, which Go's templates name too (Helm's checksum
        idiom: ``include (print $.Template.BasePath "/configmap.yaml") .``), or None."""
        template = self.templates.get(name)
        if template is None and self._load is not None:
            template = self._load(name)
        return (template.body, name) if template is not None else None

    def unknown_in(self, text: str) -> Unknown | None:
        """The first unknown value whose placeholder is in ``text`` (an ``include``'s result)."""
        match = PLACEHOLDER.search(text)
        return self.unknowns[int(match[1])] if match is not None else None

    def render(self, name: str, data: object, *, selective: bool = False) -> TStr:
        """Execute the file ``name`` with ``data``; raises :class:`ExecError`."""
        template = self.templates.get(name)
        if template is None:
            raise ExecError(f'no template "{name}"')
        self.assumptions = []
        return self._execute(template.body, name, data, selective)

    def evaluate(self, name: str, data: object, source: str) -> object:
        """The value of a pipeline at the top level of the file ``name`` executed with
        ``data`` (its declaration left out: an ``if``'s, a ``range``'s), or an
        :class:`Unknown` when it is not known (an unknown value, or an error)."""
        saved = (self._vars, self._template, self._selective, self.assumptions)
        self._vars = [("$", data)]
        self._template = name
        self._selective = False
        try:
            pipe = self._pipe(source)
            return self.pipeline(data, Pipe((), False, pipe.commands))
        except (ExecError, TemplateSyntaxError, RecursionError) as error:
            return Unknown(str(error))
        finally:
            self._vars, self._template, self._selective, self.assumptions = saved

    def run_define(self, name: str, data: object, *, selective: bool = False) -> TStr:
        """``include``: execute a named template (one ``define``d in any file)."""
        found = self.define(name)
        if found is None:
            raise ExecError(f'no template "{name}" associated with template "gotpl"')
        body, template = found
        count = self.included.get(name, 0)
        if count > 1000 or self.depth >= MAX_DEPTH:
            raise ExecError(f"rendering template has a nested reference name: {name}")
        self.included[name] = count + 1
        try:
            return self._execute(body, template, data, selective)
        finally:
            self.included[name] = count

    def run_text(self, text: str, data: object, where: str) -> TStr:
        """``tpl``: parse ``text`` as a template (its defines join the others) and execute it."""
        if self._parse is None:
            raise ExecError("tpl is not available here")
        try:
            template = self._parse(text, where)
        except TemplateSyntaxError as error:
            raise ExecError(f"cannot parse template {text!r}: {error.message}") from None
        saved = dict(self.defines)
        for name, (body, _) in template.defines.items():
            self.defines[name] = (body, where)
        try:
            return self._execute(template.body, where, data, False)
        finally:
            self.defines = saved

    def _execute(self, body: Body, template: str, data: object, selective: bool) -> TStr:
        if self.depth >= MAX_DEPTH:
            raise ExecError("templates nested too deeply")
        saved = (self._vars, self._template, self._selective)
        self._vars = [("$", data)]
        self._template = template
        self._selective = selective
        if selective:
            self.plan(body)
        self.depth += 1
        out: list[str] = []
        try:
            self._walk(data, body, out)
        except ExecError as error:
            if error.where is None:
                error.where = (self._template, self._line)
            raise
        finally:
            self.depth -= 1
            self._vars, self._template, self._selective = saved
        return concat(out)

    # --- the walk ------------------------------------------------------------------------

    def plan(self, body: Body) -> Plan:
        """The selective plan of a body (planned with the template it belongs to)."""
        known = self._plans.get(id(body))
        if known is not None and known[0] is body:
            return known[1]
        from .relevance import plan_tree

        self._plans.update(plan_tree(self, body, self.may_print))
        return self._plans[id(body)][1]

    def _walk(self, dot: object, body: Body, out: list[str]) -> None:
        plan = self.plan(body) if self._selective else None
        for index, node in enumerate(body):
            kind = type(node)
            if kind is Text:
                text = node.text  # type: ignore[union-attr]
                site = Site(self._template, node.line, flowing=True)
                out.append(TStr(text, ((0, len(text), site, None),)))
                continue
            if plan is not None and not plan.evaluate[index]:
                if plan.mark and plan.mark[index]:
                    out.append(SKIPPED)
                continue
            self._line = node.line
            if kind is Action:
                self._action_node(dot, node, out, plan is not None and plan.yaml[index])  # type: ignore[arg-type]
            elif kind is If:
                self._if(dot, node, out)  # type: ignore[arg-type]
            elif kind is Range:
                self._range(dot, node, out)  # type: ignore[arg-type]
            elif kind is With:
                self._with(dot, node, out)  # type: ignore[arg-type]
            elif kind is TemplateCall:
                self._template_call(dot, node, out, plan is not None and plan.yaml[index])  # type: ignore[arg-type]
            elif kind is Break:
                raise _Break
            elif kind is Continue:
                raise _Continue

    def _pipe(self, source: str) -> Pipe:
        try:
            return parse_pipe(source)
        except PipeSyntaxError as error:
            raise TemplateSyntaxError(self._template, self._line, str(error)) from None

    def _action_node(self, dot: object, node: Action, out: list[str], yaml_mode: bool) -> None:
        pipe = self._pipe(node.source)
        self._action = node.source
        site = Site(self._template, node.line)
        if yaml_mode:
            value = self._include_yaml(dot, pipe)
        else:
            try:
                value = self.pipeline(dot, pipe)
            except Failed:
                raise
            except ExecError as error:
                if pipe.decl:
                    raise
                # (printed, an error leaves the image it is part of unresolved; used as
                # a value, by a condition, it is the error it is: see _condition)
                value = Unknown(f"{error}", failure=error.where or (self._template, self._line))
        if pipe.decl:
            return
        self.print(value, out, site, node.source)

    def print(self, value: object, out: list[str], site: Site, source: str = "") -> None:
        """Go's printing of a value into the output, spans kept, unknowns as placeholders."""
        if isinstance(value, Unknown):
            index = len(self.unknowns)
            self.unknowns.append(Unknown(value.reason, source or value.source, value.failure))
            text: str = f"{value.lead}\u2983{index}\u2984"
        elif value is None:
            text = NO_VALUE
        elif isinstance(value, GoObject):
            text = value.text()
        else:
            text = to_text(value)
        if not text:
            return
        spans = text.spans if isinstance(text, TStr) else ()
        out.append(TStr(text, ((0, len(text), site, None), *spans)))

    def _include_yaml(self, dot: object, pipe: Pipe) -> object:
        """``include "x" arg | nindent n`` whose output is YAML: the define runs selectively."""
        first = pipe.commands[0]
        name = self._operand(dot, first.args[1])
        data = self._operand(dot, first.args[2]) if len(first.args) > 2 else None
        if not isinstance(name, str):
            return self.pipeline(dot, pipe)
        value: object = self.run_define(name, data, selective=True)
        for command in pipe.commands[1:]:
            value = self._command(dot, command, value)
        return value

    def _template_call(self, dot: object, node: TemplateCall, out: list[str], yaml: bool) -> None:
        data = self.pipeline(dot, self._pipe(node.source)) if node.source else None
        if self.define(node.name) is None:
            raise ExecError(f'template: no template "{node.name}" associated with template "gotpl"')
        out.append(self.run_define(node.name, data, selective=yaml))

    def _condition(self, dot: object, source: str) -> tuple[object, bool]:
        value = self.pipeline(dot, self._pipe(source))
        if isinstance(value, Unknown):
            if value.failure is not None:
                error = ExecError(value.reason)
                error.where = value.failure
                raise error
            self.assumptions.append(f"{source}: {value.reason} (taken as false)")
            return value, False
        return value, is_true(value)

    def _if(self, dot: object, node: If, out: list[str]) -> None:
        mark = len(self._vars)
        try:
            _, truth = self._condition(dot, node.source)
            self._walk(dot, node.body if truth else node.else_body, out)
        finally:
            del self._vars[mark:]

    def _with(self, dot: object, node: With, out: list[str]) -> None:
        mark = len(self._vars)
        try:
            value, truth = self._condition(dot, node.source)
            if truth:
                self._walk(value, node.body, out)
            else:
                self._walk(dot, node.else_body, out)
        finally:
            del self._vars[mark:]

    def _range(self, dot: object, node: Range, out: list[str]) -> None:
        mark = len(self._vars)
        try:
            pipe = self._pipe(node.source)
            value = self.pipeline(dot, Pipe((), False, pipe.commands))
            items: Iterable[tuple[object, object]]
            if isinstance(value, Unknown):
                self.assumptions.append(f"range {node.source}: {value.reason} (taken as empty)")
                items = ()
            elif isinstance(value, list | tuple):
                items = enumerate(value)
            elif isinstance(value, dict):
                items = ((key, value[key]) for key in sorted(value))
            elif isinstance(value, int) and not isinstance(value, bool):
                if len(pipe.decl) > 1:
                    raise ExecError(f"can't use {value} to iterate over more than one variable")
                items = ((i, i) for i in range(value))
            elif value is None:
                items = ()
            else:
                raise ExecError(f"range can't iterate over {to_text(value)}")
            empty = True
            for key, item in items:
                empty = False
                if len(pipe.decl) == 1:
                    self._vars.append((pipe.decl[0], item))
                elif len(pipe.decl) == 2:
                    self._vars.append((pipe.decl[0], key))
                    self._vars.append((pipe.decl[1], item))
                inner = len(self._vars)
                try:
                    self._walk(item, node.body, out)
                except _Break:
                    break
                except _Continue:
                    pass
                finally:
                    del self._vars[inner:]
                    del self._vars[mark:]
            if empty:
                self._walk(dot, node.else_body, out)
        finally:
            del self._vars[mark:]

    # --- pipelines -----------------------------------------------------------------------

    def pipeline(self, dot: object, pipe: Pipe) -> object:
        value: object = _MISSING
        for command in pipe.commands:
            value = self._command(dot, command, value)
        if pipe.decl:
            if pipe.assign:
                for name in pipe.decl:
                    self._set(name, value)
            elif len(pipe.decl) == 1:
                self._vars.append((pipe.decl[0], value))
            else:
                raise ExecError("too many declarations in command")
        return value

    def _set(self, name: str, value: object) -> None:
        for index in range(len(self._vars) - 1, -1, -1):
            if self._vars[index][0] == name:
                self._vars[index] = (name, value)
                return
        raise ExecError(f"undefined variable: {name}")

    def variable(self, name: str) -> object:
        for index in range(len(self._vars) - 1, -1, -1):
            if self._vars[index][0] == name:
                return self._vars[index][1]
        raise ExecError(f"undefined variable: {name}")

    def _command(self, dot: object, command: Command, final: object) -> object:
        first = command.args[0]
        kind = type(first)
        if kind is Ident:
            return self.call(dot, first.name, command.args[1:], final)  # type: ignore[union-attr]
        if kind is Field:
            return self._chain(dot, dot, first.names, command.args[1:], final)  # type: ignore[union-attr]
        if kind is Variable:
            value = self.variable(first.name)  # type: ignore[union-attr]
            if not first.names:  # type: ignore[union-attr]
                self._no_arguments(command, final, first.name)  # type: ignore[union-attr]
                return value
            return self._chain(dot, value, first.names, command.args[1:], final)  # type: ignore[union-attr]
        if kind is Chain:
            base = self._operand(dot, first.node)  # type: ignore[union-attr]
            return self._chain(dot, base, first.names, command.args[1:], final)  # type: ignore[union-attr]
        self._no_arguments(command, final, "")
        if kind is Literal and first.value is None:  # type: ignore[union-attr]
            raise ExecError("nil is not a command")
        return self._operand(dot, first)

    @staticmethod
    def _no_arguments(command: Command, final: object, what: str) -> None:
        if len(command.args) > 1 or final is not _MISSING:
            raise ExecError(f"can't give argument to non-function {what}")

    def _operand(self, dot: object, node: Operand) -> object:
        kind = type(node)
        if kind is Literal:
            return node.value  # type: ignore[union-attr]
        if kind is Field:
            return self._chain(dot, dot, node.names, (), _MISSING)  # type: ignore[union-attr]
        if kind is Variable:
            value = self.variable(node.name)  # type: ignore[union-attr]
            if node.names:  # type: ignore[union-attr]
                return self._chain(dot, value, node.names, (), _MISSING)  # type: ignore[union-attr]
            return value
        if kind is Pipe:
            return self.pipeline(dot, node)  # type: ignore[arg-type]
        if kind is Chain:
            base = self._operand(dot, node.node)  # type: ignore[union-attr]
            return self._chain(dot, base, node.names, (), _MISSING)  # type: ignore[union-attr]
        if kind is Ident:
            return self.call(dot, node.name, (), _MISSING)  # type: ignore[union-attr]
        raise ExecError(f"can't evaluate {node!r}")

    def _chain(
        self,
        dot: object,
        receiver: object,
        names: tuple[str, ...],
        args: tuple[Operand, ...],
        final: object,
    ) -> object:
        """A chain of fields; the last one may be a method called with ``args``."""
        # A nil receiver at the start of a chain is an invalid value: its fields are
        # nil too. A nil found *inside* the chain (a missing key) is a nil interface,
        # and a field of it is an error, as Go's evalField has it.
        invalid = receiver is None
        last = len(names) - 1
        for index, name in enumerate(names):
            if isinstance(receiver, Unknown):
                return receiver
            if receiver is None:
                if invalid:
                    continue
                raise ExecError(f"nil pointer evaluating interface {{}}.{name}")
            is_last = index == last
            method_of = getattr(receiver, "method", None)
            method = method_of(name) if method_of is not None else None
            if method is not None:
                values = [self._operand(dot, arg) for arg in args] if is_last else []
                if is_last and final is not _MISSING:
                    values.append(final)
                receiver = method(*values)
                invalid = False
            elif isinstance(receiver, dict):
                if is_last and (args or final is not _MISSING):
                    raise ExecError(f"{name} is not a method but has arguments")
                if isinstance(receiver, PartlyKnown) and name not in receiver:
                    receiver = Unknown(receiver.reason)
                else:
                    receiver = receiver.get(name)
                invalid = False
            elif isinstance(receiver, GoObject):
                if is_last and (args or final is not _MISSING):
                    raise ExecError(f"{name} has arguments but cannot be invoked as function")
                receiver = receiver.field(name)
                invalid = False
            else:
                raise ExecError(f"can't evaluate field {name} in type {go_type(receiver)}")
        if not names and (args or final is not _MISSING):
            raise ExecError("can't give argument to non-function .")
        return receiver

    def call(self, dot: object, name: str, args: Sequence[Operand], final: object) -> object:
        """Call the function ``name`` with the operands ``args`` (and the previous result)."""
        function = self.functions.get(name)
        if function is None:
            return Unknown(f"the function {name!r} is not known here")
        lazy = getattr(function, "lazy", False)
        if lazy:  # and/or: operands evaluated one by one, as Go does
            thunks: list[Callable[[], object]] = [partial(self._operand, dot, arg) for arg in args]
            if final is not _MISSING:
                thunks.append(partial(_identity, final))
            return function(self, *thunks)
        values = [self._operand(dot, arg) for arg in args]
        if final is not _MISSING:
            values.append(final)
        if not getattr(function, "knows_unknown", False):
            for value in values:
                if isinstance(value, Unknown):
                    return value
        return function(self, *values)

    # --- what functions need -------------------------------------------------------------

    @property
    def template_name(self) -> str:
        """The file (or ``tpl`` string's file) being executed."""
        return self._template

    @property
    def line(self) -> int:
        """The line of the action being executed (0 before the first)."""
        return self._line
