"""The repository of an image a GitHub workflow writes with ``${{ }}``, as written.

A build step may tag a repository that only a run knows (stakater/Reloader's
``tags: ${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha }}``, the variable written to
``$GITHUB_ENV`` by an earlier step): no name is known here, but the same workflow naming
an image with the same expressions (``build-args: BUILDER_IMAGE=${{
env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha }}``, a job's ``container``) names the
repository it builds. The text is compared as written: the part before the tag or the
digest, each expression in a normal form (whitespace and how a string literal is quoted do
not count).

>>> written_repository("${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha }}")
'${{env.GHCR_IMAGE_REPOSITORY}}'
>>> written_repository("${{env.REGISTRY}}/app@sha256:abc")
'${{env.REGISTRY}}/app'
>>> written_repository("ghcr.io/acme/app:${{ github.sha }}") is None  # (a known repository)
True
>>> settled("${{secrets.USER}}/${{matrix.app}}", {"${{matrix.app}}": "web"}.get)
'${{secrets.USER}}/web'
>>> written_items("a=${{ format('{0},{1}', x, y) }}\\nb=2", commas=True)
["a=${{ format('{0},{1}', x, y) }}", 'b=2']
"""

from __future__ import annotations

from ._expr import _tokens
from ._scanner import Rejected

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["normal_text", "settled", "written_items", "written_repository"]

#: What stands for an expression while the text around it is read (no text has it).
_MARK = "\ue006"


def written_repository(text: str) -> str | None:
    """The repository part of an image's text (before a tag or a digest outside the
    expressions), its expressions in normal form; ``None`` when that part has no
    expression, or an expression cannot be read."""
    pieces = _pieces(text.strip())
    if pieces is None:
        return None
    masked = "".join(_MARK if is_expression else part for is_expression, part in pieces)
    at = masked.find("@")
    end = len(masked) if at < 0 else at
    colon = masked.rfind(":", 0, end)
    if colon > masked.rfind("/", 0, end):
        end = colon
    repository = masked[:end]
    if _MARK not in repository:
        return None
    expressions = iter(part for is_expression, part in pieces if is_expression)
    return "".join(next(expressions) if char == _MARK else char for char in repository)


def normal_text(text: str) -> str | None:
    """A text with each of its expressions in normal form (``${{ steps.meta.outputs.tags }}``
    and ``${{steps.meta.outputs.tags}}`` are one); ``None`` when one cannot be read.

    >>> normal_text("${{ env.IMAGE }}:${{ github.sha }}")
    '${{env.IMAGE}}:${{github.sha}}'
    """
    pieces = _pieces(text.strip())
    return None if pieces is None else "".join(part for _, part in pieces)


def settled(repository: str, value_of: Callable[[str], str | None]) -> str | None:
    """A repository as written (:func:`written_repository`) with each expression whose value
    is known here (``value_of`` of its text: a matrix value, the workflow's ``env``) put in,
    the others kept as written: featbit/featbit's publish workflow tags ``${{
    secrets.DOCKER_HUB_USERNAME }}/${{ matrix.app }}:latest`` once a matrix entry, which is
    ``${{secrets.DOCKER_HUB_USERNAME}}/featbit-ui`` for its first. ``None`` when no
    expression is known, or every one is."""
    pieces = _pieces(repository)
    if pieces is None:
        return None
    out, put, kept = [], False, False
    for is_expression, part in pieces:
        value = value_of(part) if is_expression else None
        if is_expression and value is None:
            kept = True
        put = put or value is not None
        out.append(part if value is None else value)
    return "".join(out) if put and kept else None


def written_items(text: str, *, commas: bool = False) -> list[str]:
    """A list input's items as written, one a line (``commas``: at commas too), split only
    outside the expressions (a ``format('{0},{1}')`` is one item), each trimmed, a line in
    double quotes its text, as docker/actions-toolkit reads a list; ``[]`` when an
    expression is not closed."""
    items: list[str] = []
    for line in _split(text, "\n"):
        line = line.strip()
        if len(line) > 1 and line[0] == line[-1] == '"':
            line = line[1:-1]
        items += [item.strip() for item in (_split(line, ",") if commas else [line])]
    return [item for item in items if item]


def _split(text: str, separator: str) -> list[str]:
    """The text split at a separator outside its expressions (``[]``: one is not closed)."""
    pieces = _pieces(text, normal=False)
    if pieces is None:
        return []
    parts = [""]
    for is_expression, part in pieces:
        if is_expression:
            parts[-1] += part
            continue
        first, *rest = part.split(separator)
        parts[-1] += first
        parts += rest
    return parts


def _pieces(text: str, *, normal: bool = True) -> list[tuple[bool, str]] | None:
    """(is an expression, text) parts: an expression whole (``${{ … }}``), in normal form
    when ``normal``; ``None`` when one is not closed or cannot be read."""
    from ._github import _segments

    try:
        segments = _segments(text)
    except Rejected:
        return None
    pieces: list[tuple[bool, str]] = []
    for is_expression, part in segments:
        if not is_expression:
            pieces.append((False, part))
        elif not normal:
            pieces.append((True, "${{" + part + "}}"))
        else:
            form = _normal(part)
            if form is None:
                return None
            pieces.append((True, form))
    return pieces


def _normal(expression: str) -> str | None:
    """An expression's text in one form: its tokens, strings quoted one way, no spaces
    (``${{ env.X }}`` and ``${{env.X}}`` are one)."""
    try:
        tokens = _tokens(expression)
    except Rejected:
        return None
    if not tokens:
        return None
    form = ""
    for kind, value, _ in tokens:
        if kind == "str":
            word = "'" + str(value).replace("'", "''") + "'"
        else:
            word = repr(value) if kind == "num" else str(value)
        # (a space only where two words would run together: `a == b`, not `a.b`)
        if form and kind in ("name", "num") and (form[-1].isalnum() or form[-1] in "_-"):
            form += " "
        form += word
    return "${{" + form + "}}"
