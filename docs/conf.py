"""Sphinx configuration for the tagsense documentation.

Build from the repository root with::

    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

import inspect
import sys
from pathlib import Path

# Document the source tree this file belongs to, whether or not tagsense is
# installed (and in preference to an installed copy of another version).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from tagsense._version import __version__

# -- Project ------------------------------------------------------------------

project = "tagsense"
author = "tagsense maintainers"
copyright = "tagsense maintainers"
version = __version__
release = __version__

# -- General ------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]

# Unresolvable cross-references in docstrings (e.g. to typing-only names) are
# not errors; everything else is (the build runs with -W).
nitpicky = False

# -- autodoc ------------------------------------------------------------------

autodoc_typehints = "signature"
autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": True}

# -- HTML ---------------------------------------------------------------------

html_theme = "furo"
html_title = f"tagsense {release}"


# -- Re-exported data ---------------------------------------------------------


def _reexported_data_docstring(app, what, name, obj, options, lines):
    """Give a re-exported constant the ``#:`` comment of the module that defines it.

    autodoc looks for a ``#:`` comment in the module a name is documented under
    (``tagsense``), not in the one that defines it (``tagsense.errors``), and
    otherwise shows the docstring of the value's type (``tuple``'s).
    """
    if what != "data" or not name.startswith("tagsense."):
        return
    type_doc = inspect.getdoc(type(obj))
    if type_doc is None or "\n".join(lines).strip() != type_doc.strip():
        return
    from sphinx.pycode import ModuleAnalyzer

    attribute = name.rpartition(".")[2]
    lines[:] = []
    for module_name, module in sorted(sys.modules.items()):
        if module_name.startswith("tagsense.") and getattr(module, attribute, None) is obj:
            comment = ModuleAnalyzer.for_module(module_name).find_attr_docs().get(("", attribute))
            if comment:
                lines.extend(comment)
                return


# -- Rule pages -----------------------------------------------------------------


def _write_rule_pages(app):
    """One page per rule, generated from its module docstring (never edited by hand)."""
    from tagsense.policy.rules import RULES

    folder = Path(app.srcdir) / "rules"
    folder.mkdir(exist_ok=True)
    index = [
        "# Rules",
        "",
        "Every rule has a code and a name; either works in `select`, `ignore`, `severity`,",
        "`per-file-ignores` and suppression comments. These pages are generated from the rule",
        "modules' docstrings (`src/tagsense/policy/rules/`).",
        "",
        "| code | name | default severity | on by default | what it reports |",
        "|---|---|---|---|---|",
    ]
    toctree = ["", "```{toctree}", ":hidden:", ""]
    for rule in RULES:
        page = f"{rule.code.lower()}-{rule.name}"
        summary, _, body = rule.doc.partition("\n")
        text = f"# {rule.code} {rule.name}\n\n{summary}\n\n"
        text += f"Default severity: **{rule.severity}**"
        text += "" if rule.default_enabled else " (off by default; on in the `strict` preset)"
        if rule.needs_registry:
            text += ". It judges registry answers: it says nothing without registry access"
            text += " (`tagsense check --fix`, or `registry = true`)"
        text += ".\n" + body.replace("\n## ", "\n## ") + "\n"
        _write_if_changed(folder / f"{page}.md", text)
        enabled = "yes" if rule.default_enabled else "no (strict)"
        if rule.needs_registry:
            enabled += " (with registry access)"
        index.append(
            f"| [{rule.code}]({page}.md) | `{rule.name}` | {rule.severity} | {enabled} | "
            f"{summary} |"
        )
        toctree.append(page)
    toctree.append("```")
    _write_if_changed(folder / "index.md", "\n".join(index + toctree) + "\n")


def _write_if_changed(path, text):
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def setup(app):
    app.connect("autodoc-process-docstring", _reexported_data_docstring)
    app.connect("builder-inited", _write_rule_pages)
