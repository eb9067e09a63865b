"""What ``mvn help:evaluate -Dexpression=PROP -q -DforceStdout`` prints: a pom's property.

apache/nifi's ``nifi-docker/dockerhub/DockerBuild.sh`` runs ``mvn_cmd=("${root_dir}/mvnw" -f
"${root_dir}/pom.xml" help:evaluate -q -D forceStdout)``, then ``IMAGE_NAME="$("${mvn_cmd[@]}"
-D expression=docker.jdk.image.name)"``, and builds ``FROM ${IMAGE_NAME}:${IMAGE_TAG}`` with
them: the root pom's ``<docker.jdk.image.name>bellsoft/liberica-openjdk-debian`` and
``<docker.image.tag>21``. The maven-help-plugin's ``evaluate`` goal prints the expression
``${PROP}`` evaluated in the project's model; ``-q`` silences Maven's log and ``forceStdout``
prints the value alone (maven.apache.org/plugins/maven-help-plugin/evaluate-mojo.html).

The project is the pom of ``-f``/``--file`` (a file, or a directory's ``pom.xml``), else the
``pom.xml`` of the directory the command runs in. Its properties are read as the pom filtering
of :mod:`.maven` reads them: its own ``<properties>``, its parents' in the project where it has
none, ``project.groupId``/``artifactId``/``version`` (a parent's where it writes none), each
``${…}`` in them put in; ``-Dname=value`` on the command line wins, as Maven's user
properties do. A command that may change the model otherwise (``-P`` profiles, ``-pl``
modules, ``-s`` settings, another goal), a property with no value, and one whose value names
a property with none, print what only a run knows.
"""

from __future__ import annotations

__all__ = ["MavenEvaluate", "maven_evaluate", "printed_property"]

#: The programs that run Maven (a wrapper's path ends in ``mvnw``).
_PROGRAMS = frozenset({"mvn", "mvnw", "mvnd"})
#: The goal, by its prefix or in full (any version of the plugin).
_GOAL = "help:evaluate"
_FULL_GOAL = "org.apache.maven.plugins:maven-help-plugin:"
#: Options that change nothing printed (``-B``, ``-ntp``, ``-e``, ``-o``…).
_QUIET = frozenset({"-q", "--quiet"})
_HARMLESS = frozenset(
    {
        "-B", "--batch-mode", "-ntp", "--no-transfer-progress", "-e", "--errors", "-o",
        "--offline", "-U", "--update-snapshots", "-N", "--non-recursive", "-C", "-c",
        "--strict-checksums", "--lax-checksums", "-V", "--show-version", "-fae",
        "--fail-at-end", "-ff", "--fail-fast", "-fn", "--fail-never",
    }
)  # fmt: skip
#: The options whose value is the next word.
_VALUED = frozenset({"-D", "--define", "-f", "--file"})


class MavenEvaluate:
    """A ``help:evaluate`` command: the pom it names (``-f``, as written; ``None``: the
    directory's), the property it prints, and the ``-D`` properties it is given."""

    __slots__ = ("given", "pom", "prop")

    def __init__(self, pom: str | None, prop: str, given: dict[str, str]) -> None:
        self.pom = pom
        self.prop = prop
        self.given = given


def maven_evaluate(words: list[str]) -> MavenEvaluate | None:
    """The ``help:evaluate`` command ``words`` (expanded) run, when it prints one property's
    value alone and nothing else may change the model (see the module); else ``None``.

    >>> found = maven_evaluate(["./mvnw", "-f", "a/pom.xml", "help:evaluate", "-q", "-D",
    ...                         "forceStdout", "-D", "expression=docker.image.tag"])
    >>> (found.pom, found.prop) if found else None
    ('a/pom.xml', 'docker.image.tag')
    >>> maven_evaluate(["mvn", "help:evaluate", "-Dexpression=project.version", "-q"]) is None
    True
    >>> maven_evaluate(["mvn", "-Pdocker", "help:evaluate", "-Dexpression=x", "-q",
    ...                 "-DforceStdout"]) is None
    True
    """
    if not words or words[0].rpartition("/")[2] not in _PROGRAMS:
        return None
    pom: str | None = None
    given: dict[str, str] = {}
    goals: list[str] = []
    quiet = False
    index = 1
    while index < len(words):
        word = words[index]
        index += 1
        option, equals, value = word.partition("=")
        if word in _VALUED and index < len(words):
            option, equals, value = word, "=", words[index]
            index += 1
        elif option in ("--define", "--file") and equals:
            pass
        elif word.startswith("-D") and len(word) > 2:
            option, equals, value = "-D", "=", word[2:]
        elif word.startswith("-f") and word not in _HARMLESS and len(word) > 2:
            option, equals, value = "-f", "=", word[2:]  # (`-fpom.xml`)
        if option in ("-D", "--define") and equals:
            name, assigned, setting = value.partition("=")
            given[name] = setting if assigned else "true"  # (`-Dname` alone is `true`)
        elif option in ("-f", "--file") and equals:
            pom = value
        elif word in _QUIET:
            quiet = True
        elif word in _HARMLESS:
            continue
        elif word.startswith("-"):
            return None  # (`-P`, `-pl`, `-s`…: the model may be another)
        else:
            goals.append(word)
    prop = given.pop("expression", None)
    force = given.pop("forceStdout", None)
    evaluating = len(goals) == 1 and (goals[0] == _GOAL or _is_full_goal(goals[0]))
    if not evaluating or not quiet or force != "true" or not prop:
        return None
    return MavenEvaluate(pom, prop, given)


def _is_full_goal(goal: str) -> bool:
    """``org.apache.maven.plugins:maven-help-plugin[:VERSION]:evaluate``."""
    return goal.startswith(_FULL_GOAL) and goal.endswith(":evaluate")


def printed_property(pom: str, found: MavenEvaluate) -> str | None:
    """What ``found`` prints for the project of the pom at ``pom`` (``None``: no value known
    here, see the module)."""
    from ._shell_values import MAX_VALUE
    from .jib import read_pom_tree
    from .maven import inherited_properties, interpolated

    tree = read_pom_tree(pom)
    if tree is None:
        return None
    properties = {**inherited_properties(pom, read_pom_tree, *tree), **found.given}
    value = interpolated(found.prop, properties)
    if value is None or "${" in value or not value.strip() or len(value) > MAX_VALUE:
        return None
    return value.strip()
