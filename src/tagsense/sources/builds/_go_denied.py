"""Whether a Go test makes a pod only to see the API server deny it.

An admission controller's end-to-end suite creates pods that its webhook must reject, and
asserts the rejection: projectcapsule/capsule's ``e2e/tenant_container_registry_test.go``
creates a pod of ``gcr.io/invalid/pause:3.10`` in ``EventuallyCreation(func() error { _, err
:= cs.CoreV1().Pods(ns).Create(ctx, pod, …); return err }).ShouldNot(Succeed())``, and
``e2e/rules_enforce_registry_test.go`` passes its pods to a helper
``createPodAndExpectDenied`` (survey s59d: 7 false findings; open-policy-agent/gatekeeper's
test, survey s18e). The API server refuses them: nothing is scheduled, no kubelet pulls.

A container literal is such a pod's (see :func:`expected_denied`), conservatively, when the
literal itself, or else every use of the variable it is assigned to in the function (or
closure) around it, other than a field's (``pod.Name``), is one of these:

- an argument of a helper whose name says it expects the denial (``…Denied``,
  ``…Rejected``, ``…Forbidden``, ``Expect…Fail…``, ``Expect…Error…``);
- inside an assertion that a create fails, with a create, update or patch call in it:
  gomega's ``Expect(…)``/``Eventually(…)``/``Consistently(…)`` followed by
  ``.ShouldNot(Succeed())``, ``.NotTo(Succeed())``, ``.To(HaveOccurred())``,
  ``.Should(MatchError(…))``, or a closure asserted to ``Succeed()`` that returns an error
  when the call's ``err`` is nil (``if err == nil { return fmt.Errorf(…) }``), and
  testify's ``assert.Error``/``require.Error`` of the call;
- an argument of a create, update or patch call whose ``err`` the next line asserts
  (``Expect(err).To(HaveOccurred())``, ``require.Error(t, err)``, ``if err == nil {
  t.Fatal…``).

A use of any other kind (a helper that may create it, an assertion that it succeeds) keeps
the pod's images: they may be pulled.
"""

from __future__ import annotations

from functools import lru_cache

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._go_source import GoFile

__all__ = ["expected_denied"]

#: A helper whose name says the call is expected to be refused.
_DENIAL_NAME = lazy_pattern(
    r"(?i)(?:denied|rejected|forbidden)$|expect\w*(?:fail|error|deni|reject)|(?:should|must)fail"
)
#: A helper whose name says the call succeeds (``framework.ExpectNoError``).
_SUCCESS_NAME = lazy_pattern(r"(?i)no(?:t|n)?_?(?:error|fail|deni|reject)|succe")
#: A call that sends an object to the API server.
_CREATES = lazy_pattern(r"\.\s*(?:Create|Update|Patch|Apply)\w*\s*\(")
#: The head of a gomega assertion (``Expect(``, ``g.Eventually(``, ``EventuallyCreation(``).
_ASSERTION = lazy_pattern(r"(?<![\w.])(?:\w+\s*\.\s*)?(?:Expect|Eventually|Consistently|Ω)\w*\s*\(")
#: What follows an assertion's call: its settings (``.WithTimeout(t)``), then its matcher.
_SETTINGS = lazy_pattern(r"(?:\s*\.\s*With\w*\((?:[^()]|\([^()]*\))*\))*\s*\.\s*")
_FAILS = lazy_pattern(
    r"(?:ShouldNot|NotTo|ToNot)\(\s*(?:\w+\.)?Succeed\(|(?:Should|To)\(\s*(?:\w+\.)?"
    r"(?:HaveOccurred\(|MatchError\(|Not\(\s*(?:\w+\.)?Succeed\()"
)
_SUCCEEDS = lazy_pattern(r"(?:Should|To)\(\s*(?:\w+\.)?Succeed\(")
#: A closure's check that its call failed: it returns an error when ``err`` is nil.
_ERROR_WHEN_NIL = lazy_pattern(
    r"\bif\s+err\s*==\s*nil\s*\{\s*(?:return\s+(?:fmt\.Errorf|errors\.New|errors\.Errorf)\b"
    r"|t\.(?:Fatal|Error|Fail)\w*\(|Fail\()"
)
#: testify's assertions that a value is an error.
_TESTIFY = lazy_pattern(r"(?<![\w.])(?:assert|require)\s*\.\s*(?:Error\w*|NotNil)\s*\(")
#: A statement that assigns a call's error.
_ASSIGNS_ERR = lazy_pattern(r"\s*(?:[\w.]+\s*,\s*)?err\s*:?=")
#: An assignment to ``err``.
_ERR_SET = lazy_pattern(r"\berr\s*:?=(?!=)")
#: The next line's assertion that ``err`` is one.
_ERR_ASSERTED = lazy_pattern(
    r"\s*(?:(?:\w+\.)?(?:Expect|Ω)\(\s*err\s*\)\s*\.\s*(?:(?:ShouldNot|NotTo|ToNot)\(\s*"
    r"(?:\w+\.)?(?:Succeed|BeNil)\(|(?:Should|To)\(\s*(?:\w+\.)?(?:HaveOccurred|MatchError)\()"
    r"|(?:assert|require)\s*\.\s*(?:Error\w*|NotNil)\(\s*\w+\s*,\s*err\b"
    r"|if\s+err\s*==\s*nil\s*\{\s*(?:t\.(?:Fatal|Error|Fail)\w*\(|return\b|Fail\())"
)
#: A closure's or a function's head, whose body is a scope.
_FUNC = lazy_pattern(r"\bfunc\b[^{}\n]*\{")
#: An assignment whose value is a composite literal (``pod := &corev1.Pod{``).
_ASSIGNED = lazy_pattern(
    r"(?<![\w.])(?P<name>[A-Za-z_]\w*)(?:\.[\w.]+)?\s*:?=\s*&?(?:\[\]\s*\*?)?[\w.]+\s*\{"
)
#: A block's head: its brace opens no composite literal.
_BLOCK = lazy_pattern(r"\bfunc\b|^\s*(?:if|for|switch|select|else|go|defer|\}\s*else)\b")


def expected_denied(file: GoFile, at: int) -> bool:
    """Whether the container literal at ``at`` (its ``{``) in ``file`` belongs to a pod the
    test expects the API server to deny (see the module)."""
    code = file.code
    if not (file.path or "").endswith("_test.go") and "gomega" not in code:
        return False  # (an assertion is a test's)
    if "Create" not in code and "Update" not in code and "Patch" not in code:
        return False
    from ._go_source import enclosing

    scope = enclosing(file, at)
    if scope is None:
        return False
    body = _body(code, scope[0], at)
    if body is None:
        return False
    # (the assertion may hold the closure the literal is in: `Eventually(func() error {…})`)
    spans = _failing_spans(code, scope[0], scope[1])
    if _denied_use(code, at, spans, body[0]):
        return True
    assigned = _assignment(code, body[0], at)
    if assigned is None:
        return False
    name, after = assigned
    uses = _uses(code, name, after, body[1])
    return bool(uses) and all(_denied_use(code, use, spans, body[0]) for use in uses)


def _body(code: str, start: int, at: int) -> tuple[int, int] | None:
    """The body of the innermost function or closure from ``start`` around ``at``."""
    pairs = _pairs(code)
    found: tuple[int, int] | None = None
    for match in _FUNC.finditer(code, start, at):
        end = pairs.get(match.end() - 1, len(code))
        if end > at:
            found = (match.end(), end)
    return found


@lru_cache(maxsize=16)
def _failing_spans(code: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The spans of the assertions between ``start`` and ``end`` that a call fails, which
    hold a create, update or patch call."""
    pairs = _pairs(code)
    spans: list[tuple[int, int]] = []
    for match in _ASSERTION.finditer(code, start, end):
        close = pairs.get(match.end() - 1, len(code))
        settings = _SETTINGS.match(code, close + 1)
        if settings is None or close >= end:
            continue
        inside = code[match.end() : close]
        if _CREATES.search(inside) is None:
            continue
        if _FAILS.match(code, settings.end()) is not None or (
            _SUCCEEDS.match(code, settings.end()) is not None and _error_when_nil(inside)
        ):
            spans.append((match.end(), close))
    for match in _TESTIFY.finditer(code, start, end):
        close = pairs.get(match.end() - 1, len(code))
        if _CREATES.search(code, match.end(), close) is not None:
            spans.append((match.end(), close))
    return tuple(spans)


def _error_when_nil(text: str) -> bool:
    """Whether a closure returns an error when its last create, update or patch call before
    ``if err == nil`` succeeds (no other ``err`` assigned between them)."""
    for check in _ERROR_WHEN_NIL.finditer(text):
        calls = list(_CREATES.finditer(text, 0, check.start()))
        if calls and _ERR_SET.search(text, calls[-1].end(), check.start()) is None:
            return True
    return False


def _denied_use(code: str, at: int, spans: tuple[tuple[int, int], ...], start: int) -> bool:
    """Whether what is at ``at`` goes to a call that is expected to be refused."""
    if any(low <= at < high for low, high in spans):
        return True
    call = _call_around(code, at, start)
    if call is None:
        return False
    name, open_paren = call
    last = name.rpartition(".")[2]
    if _DENIAL_NAME.search(last) is not None and _SUCCESS_NAME.search(last) is None:
        return True
    if _CREATES.search(code, max(open_paren - len(name) - 2, 0), open_paren + 1) is None:
        return False
    line_start = code.rfind("\n", 0, open_paren) + 1
    if _ASSIGNS_ERR.match(code, line_start) is None:
        return False
    close = _pairs(code).get(open_paren, len(code))
    next_line = code.find("\n", close)
    return next_line >= 0 and _ERR_ASSERTED.match(code, next_line + 1) is not None


def _call_around(code: str, at: int, start: int) -> tuple[str, int] | None:
    """The name of the innermost call whose arguments hold ``at`` (across composite literals,
    not past a block's brace), with its ``(``; ``None`` when there is none."""
    depth = 0
    index = at - 1
    while index >= start:
        char = code[index]
        if char in ")]}":
            depth += 1
        elif char in "([{":
            if depth:
                depth -= 1
            elif char == "(":
                head = code[max(start, index - 200) : index].rstrip()
                name = _trailing_name(head)
                return (name, index) if name else None
            elif char == "{":
                line = code[code.rfind("\n", 0, index) + 1 : index]
                if _BLOCK.search(line) is not None:
                    return None
        index -= 1
    return None


def _trailing_name(text: str) -> str:
    """The dotted name that ends ``text`` (``cs.CoreV1().Pods(ns).Create`` → ``Create``)."""
    index = len(text)
    while index and (text[index - 1].isalnum() or text[index - 1] in "_."):
        index -= 1
    return text[index:]


def _assignment(code: str, start: int, at: int) -> tuple[str, int] | None:
    """The variable that the innermost assignment of a composite literal holding ``at`` (from
    ``start``) assigns, with the offset after that literal."""
    pairs = _pairs(code)
    found: tuple[str, int] | None = None
    for match in _ASSIGNED.finditer(code, start, at):
        end = pairs.get(match.end() - 1, len(code))
        if end > at:
            found = (match["name"], end + 1)
    return found


def _uses(code: str, name: str, start: int, end: int) -> list[int]:
    """The offsets of the uses of the variable ``name`` between ``start`` and ``end`` other
    than a field's or an assignment to it, outside string literals."""
    import re

    found: list[int] = []
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}\b(?!\s*(?:\.|:=|=(?!=)))")
    for match in pattern.finditer(code, start, end):
        line = code[code.rfind("\n", 0, match.start()) + 1 : match.start()]
        if line.count('"') % 2 or line.count("`") % 2:
            continue  # (in a literal)
        found.append(match.start())
    return found


@lru_cache(maxsize=4)
def _pairs(code: str) -> dict[int, int]:
    """Each bracket's offset in ``code`` with the offset of the one that closes it (string
    and rune literals skipped), in one pass for all the literals of a file."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACKETS.finditer(code):
        char = match[0]
        if char in ("(", "[", "{"):
            opened.append(match.start())
        elif char in (")", "]", "}") and opened:
            pairs[opened.pop()] = match.start()
    return pairs


#: A bracket, or a literal whose brackets are text.
_BRACKETS = lazy_pattern(r"[()\[\]{}]|\"(?:[^\"\\\n]|\\.)*\"|`[^`]*`|'(?:[^'\\\n]|\\.)*'")
