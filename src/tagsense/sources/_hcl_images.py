"""What the HashiCorp readers (Terraform, Nomad) share: a file parsed with its suppression
comments, and an image attribute made an occurrence where it is written."""

from __future__ import annotations

from ..occurrence import Occurrence, Scan, SourceError, Suppression, suppressions_in_comment
from ._hcl_values import Unknown
from .builds import _hcl as hcl

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["Parsed", "image_occurrence", "parse_file"]


class Parsed:
    """One HCL file: its text, its body (``None``: not HCL), its errors and suppressions."""

    __slots__ = ("body", "errors", "path", "suppressions", "text")

    def __init__(self, path: str | None, text: str) -> None:
        self.path = path
        self.text = text
        self.errors: list[SourceError] = []
        self.suppressions: list[Suppression] = []
        self.body: hcl.Body | None = None
        try:
            self.body, comments = hcl.parse(text)
        except hcl.HclError as error:
            self.errors.append(SourceError(path, error.line, f"not HCL: {error.message}"))
            return
        except RecursionError:
            self.errors.append(SourceError(path, None, "not HCL: nested too deeply"))
            return
        for comment in comments:
            self.suppressions.extend(
                suppressions_in_comment(
                    comment.text, path=path, line=comment.line, column=comment.column
                )
            )

    def scan(self, occurrences: list[Occurrence]) -> Scan:
        return Scan(occurrences, self.errors, self.suppressions)


def parse_file(path: str | None, text: str) -> Parsed:
    """``text`` parsed as HCL (see :class:`Parsed`)."""
    return Parsed(path, text)


def image_occurrence(
    parsed: Parsed,
    node: hcl.Node,
    value: object,
    *,
    kind: str,
    context: Mapping[str, object],
) -> Occurrence | None:
    """The image ``node`` names (its ``value``), where it is written; ``None`` for no text
    (``null``: the attribute is left out, nothing is pulled from here)."""
    if value is None or isinstance(value, (list, dict, bool)):
        return None
    line, column = node.line, node.column
    written = parsed.text[node.start : node.end] if node.end > node.start else ""
    if isinstance(node, hcl.Template) and node.quoted is not None:
        start, end = node.quoted
        written = parsed.text[start:end]
        column += 1
    unresolved: tuple[str, ...] = ()
    if isinstance(value, Unknown):
        unresolved = value.names or (written,)
        text = written
    else:
        text = str(value)
    return Occurrence.of_text(
        path=parsed.path, line=line, column=column, kind=kind, raw=written or text, text=text,
        unresolved=unresolved, context=context,
    )  # fmt: skip
