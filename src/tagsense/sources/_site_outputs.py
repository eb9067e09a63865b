"""A static site generator's output kept in the repository: the site, not its sources.

A documentation site built with Jekyll, MkDocs, Hugo or Sphinx copies the files it serves
into its output directory; when that directory is committed (GitHub Pages' branch, a site
published from the repository), it holds a second copy of every compose file, manifest and
Dockerfile the pages show. Nobody runs ``docker compose up`` in it: each image is the
source's, read where the source lies. collabnix/dockerlabs commits Jekyll's ``_site/`` beside
its ``_config.yml``: 154 findings, each a copy of one in the tutorials themselves.

An output directory is told by the generator's configuration file beside it, under each
generator's default output name (a configured ``destination``/``site_dir``/``publishDir`` is
not looked up):

- Jekyll: ``_site/`` beside ``_config.yml`` (or ``_config.yaml``, ``_config.toml``);
- MkDocs: ``site/`` beside ``mkdocs.yml`` (or ``mkdocs.yaml``);
- Hugo: ``public/`` beside ``hugo.toml`` (``hugo.yaml``, ``hugo.json``), Hugo's own
  configuration name (an older ``config.toml`` names nothing in particular);
- Sphinx: ``_build/`` beside ``conf.py`` (``sphinx-quickstart``'s ``BUILDDIR``).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["site_outputs"]

Parts = tuple[str, ...]

#: A generator's configuration file, and the output directory it writes beside it.
_OUTPUTS = {
    "_config.yml": "_site",
    "_config.yaml": "_site",
    "_config.toml": "_site",
    "mkdocs.yml": "site",
    "mkdocs.yaml": "site",
    "hugo.toml": "public",
    "hugo.yaml": "public",
    "hugo.json": "public",
    "conf.py": "_build",
}


def site_outputs(relative: Iterable[Parts]) -> set[Parts]:
    """The output directories (see the module) that ``relative``, a walk's files' parts,
    has a generator's configuration for (a directory that does not exist holds no file)."""
    return {(*parts[:-1], _OUTPUTS[parts[-1]]) for parts in relative if parts[-1] in _OUTPUTS}
