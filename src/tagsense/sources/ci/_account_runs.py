"""The images a GitHub workflow's ``run`` steps tag in the Docker Hub account its repository's
settings name, as written: ``docker build -t ${{ secrets.DOCKERHUB_USERNAME }}/app .``.

A small project pushes its image to its author's account, named by a secret or a variable of
the repository, and its manifests, compose files and deploy scripts run it under the account's
name (HaithamMahajna/NetflixMovieCatalog's workflow runs ``img_name=netflix`` then ``docker build
--push -t ${{ secrets.DOCKERHUB_USERNAME }}/$img_name .``; its ``deploy.yaml`` runs
``haithammahajna/netflix:latest``). The build's name is known but for its account, as a
``docker/build-push-action`` step's ``tags: ${{ secrets.USER }}/app`` is
(:meth:`~tagsense.sources.project.ProjectContext.built_site`, an account's site): ``app`` in any
account is that build's output. The ``run`` texts are read as written, each ``${{ secrets.NAME
}}`` and ``${{ vars.NAME }}`` in one normal form (``${{secrets.NAME}}``), with the script's own
simple assignments and the ``env`` (the workflow's, the job's, the step's) that holds such an
account put in; the commands read are those of :func:`._gitlab_written.tagged_as_written`.
Only a name whose account is such an expression and whose own name is written out is kept; so
is a longer path after one (``${{ secrets.REGISTRY }}/acme/app``: the expression is then a
registry's host, see :meth:`~tagsense.sources.project.ProjectContext.built_site`).
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from .._yaml import scalar, sequence
from ._scanner import fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    import yaml

    from ..project import BuiltImage
    from ._scanner import Scanner

__all__ = ["account_tags"]

#: An account expression, as written (any spaces inside its ``${{ }}``).
_EXPRESSION = lazy_pattern(r"\$\{\{\s*((?:secrets|vars)\.[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
#: A repository in such an account (or such a registry: a longer path), in normal form, its
#: own name written out.
_ACCOUNT_NAME = lazy_pattern(
    r"\$\{\{(?:secrets|vars)\.[A-Za-z_][A-Za-z0-9_]*\}\}(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)+"
)
_VARIABLE = lazy_pattern(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def account_tags(documents: list[yaml.Node], scanner: Scanner) -> list[BuiltImage]:
    """The names the workflow's ``run`` steps tag in an account of the repository's settings
    (``${{secrets.NAME}}/app``), each at its step's line.

    >>> import yaml
    >>> from tagsense.sources.ci._scanner import Scanner
    >>> text = "jobs:\\n  b:\\n    steps:\\n      - run: docker build -t ${{ vars.HUB }}/api .\\n"
    >>> [i.name for i in account_tags([yaml.compose(text)], Scanner(None, "github-workflow"))]
    ['${{vars.HUB}}/api']
    """
    found: list[BuiltImage] = []
    for document in documents:
        top = fields(document)
        outer = _accounts(top.get("env"), {})
        for job in fields(top.get("jobs")).values():
            job_fields = fields(job)
            env = _accounts(job_fields.get("env"), outer)
            steps = job_fields.get("steps")
            for step in sequence(steps) if is_sequence(steps) else []:
                step_fields = fields(step)
                run = step_fields.get("run")
                text = scalar(run) if run is not None else None
                if run is None or text is None:
                    continue
                if "secrets." not in text and "vars." not in text and not env:
                    continue
                found += _tagged(run, text, _accounts(step_fields.get("env"), env), scanner)
    return found


def _tagged(run: yaml.Node, text: str, env: dict[str, str], scanner: Scanner) -> list[BuiltImage]:
    """The account names one ``run`` text tags (``env``: its variables that hold an account)."""
    from ._gitlab_written import tagged_as_written
    from ._shell import Script, Session, _line

    def expand(word: str) -> str:
        def value(match: re.Match[str]) -> str:
            return env.get(match.group(1) or match.group(2), match.group(0))

        return _VARIABLE.sub(value, word)

    script = Script(scanner.path_of(run), _line(run), _EXPRESSION.sub(r"${{\1}}", text))
    tagged = tagged_as_written(Session({}, [script]), expand, "github-workflow")
    return [image for image in tagged if _ACCOUNT_NAME.fullmatch(image.name)]


def _accounts(node: yaml.Node | None, outer: dict[str, str]) -> dict[str, str]:
    """An ``env`` mapping's variables whose value is an account expression (in normal form),
    over those of the mappings around it."""
    if not is_mapping(node):
        return outer
    found = dict(outer)
    for name, value in fields(node).items():
        text = scalar(value)
        match = _EXPRESSION.fullmatch(text.strip()) if text is not None else None
        if match is not None:
            found[name] = "${{" + match.group(1) + "}}"
        else:
            found.pop(name, None)
    return found
