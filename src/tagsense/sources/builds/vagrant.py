"""Vagrant: the images a ``Vagrantfile``'s provisioners pull in the machine it makes.

``vagrant up`` runs each provisioner of ``Vagrant.configure`` in the guest: a ``shell``
provisioner's script (``config.vm.provision "shell", inline: <<-SHELL … SHELL``, or ``inline:
$script`` of a here-document the file assigns), and the ``docker`` provisioner's
``pull_images "IMAGE", …`` and ``run "NAME", image: "IMAGE"`` (``run "IMAGE"`` without one).
folio-org/folio-install's ``runbooks/single-server/Vagrantfile-complete-provision`` installs
Docker, writes ``/opt/kafka-zk/docker-compose.yml`` with ``sudo sh -c "cat > …" << EOF`` and
runs ``docker-compose up -d`` there: ZooKeeper, Kafka and Elasticsearch (3 images missed in
survey 35b).

Read here: a file named ``Vagrantfile`` (or a variant a README has the user rename,
``Vagrantfile-NAME``, ``Vagrantfile.NAME``) that says ``Vagrant.configure``; its Ruby
here-documents (``<<~NAME``, ``<<-NAME``, ``<<NAME``, quoted or not) that a shell provisioner's
``inline:`` takes, directly or through the variable (``$provision``, ``script``) they are
assigned to, each read as :mod:`.shell` reads a script (its pulls, at their lines); the docker
provisioner's literal strings. A script a ``path:`` names is a script of the project, read as
such. Ruby's ``#{…}`` in a here-document is a run's value. Nothing here raises.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from ..._lazy import lazy_pattern
from ..discover import VAGRANTFILE_NAME
from ._common import read_text
from ._shell_values import MAX_BYTES, UNKNOWN, ShellPull

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..project import BuildFile

__all__ = ["VAGRANTFILE_NAME", "is_vagrantfile_name", "read_vagrantfile"]


#: A here-document's opening: ``NAME = <<-'END'`` (an assignment) or ``inline: <<~SHELL``.
_OPENING = lazy_pattern(
    r"""(?:(?P<variable>\$?[A-Za-z_]\w*)\s*=\s*|\binline\s*(?::|=>)\s*)<<[~-]?(?P<q>['"]?)"""
    r"""(?P<delimiter>[A-Za-z_]\w*)(?P=q)"""
)
#: A shell provisioner's ``inline:`` that names a variable (``inline: $provision``).
_INLINE_VARIABLE = lazy_pattern(
    r"""\binline\s*(?::|=>)\s*(?P<variable>\$?[A-Za-z_]\w*)\s*(?:,|$|\))"""
)
#: The docker provisioner's ``pull_images "a", "b"``, and ``run "NAME", image: "IMAGE"``.
_PULL_IMAGES = lazy_pattern(r"""\.pull_images[\s(]+(?P<names>(?:["'][^"'#]+["']\s*,?\s*)+)""")
_RUN = lazy_pattern(r"""\.run[\s(]+["'](?P<first>[^"'#]+)["']""")
_IMAGE_OPTION = lazy_pattern(r"""\bimage\s*(?::|=>)\s*["'](?P<image>[^"'#]+)["']""")
#: The docker provisioner (``config.vm.provision "docker" do |d|``, ``:docker``).
_DOCKER_PROVISIONER = lazy_pattern(r"""provision\s*\(?\s*(?:["']docker["']|:docker\b)""")
#: Ruby's interpolation in a here-document not single-quoted.
_INTERPOLATION = lazy_pattern(r"#\{[^}]*\}")
#: What a pull adds to its context (nothing: the tool, engine and verb are there).
_NO_CONTEXT: Mapping[str, object] = MappingProxyType({})


def is_vagrantfile_name(name: str) -> bool:
    """``Vagrantfile``, or a variant of it (``Vagrantfile-complete``, ``Vagrantfile.local``).

    >>> is_vagrantfile_name("Vagrantfile"), is_vagrantfile_name("Vagrantfile-complete-provision")
    (True, True)
    >>> is_vagrantfile_name("Vagrantfiles"), is_vagrantfile_name("Vagrantfile.md")
    (False, False)
    """
    if name == VAGRANTFILE_NAME:
        return True
    rest = name[len(VAGRANTFILE_NAME) :]
    return (
        name.startswith(VAGRANTFILE_NAME)
        and rest[:1] in ("-", ".")
        and not rest.endswith((".md", ".txt", ".rst", ".orig", ".bak", ".swp"))
    )


def read_vagrantfile(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the provisioners of the Vagrantfile at ``path`` pull (its ``scan``, kind
    ``shell``, tool ``vagrant``, at the image's line); it builds nothing. Never raises."""
    from ..project import BuildFile

    text = read_text(path, max_bytes)
    found = BuildFile(path=path)
    if not isinstance(text, str) or "Vagrant.configure" not in text or "provision" not in text:
        return found
    from .shell import ShellReader, may_pull, pulls_scan

    lines = text.split("\n")
    pulls: list[tuple[ShellPull, Mapping[str, object]]] = []
    for first, script in _inline_scripts(lines):
        if not may_pull(script.encode()):
            continue
        reader = ShellReader(pulls=True, cwd=None)  # (in the guest, where only a run knows)
        reader.read(script, first)
        pulls.extend((pull, _NO_CONTEXT) for pull in reader.pulls or ())
    if _DOCKER_PROVISIONER.search(text) is not None:
        pulls.extend((pull, _NO_CONTEXT) for pull in _docker_provisioner(lines))
    if pulls:
        found.scan = pulls_scan(path, lines, "vagrant", pulls)
    return found


def _inline_scripts(lines: list[str]) -> list[tuple[int, str]]:
    """The shell provisioners' here-documents: each one's first line (1-based) and text."""
    documents: dict[str, tuple[int, str]] = {}
    inline: list[tuple[int, str]] = []
    used: set[str] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        named = _INLINE_VARIABLE.search(line)
        if named is not None:
            used.add(named["variable"])
        opening = _OPENING.search(line)
        if opening is None:
            continue
        end = next(
            (at for at in range(index, len(lines)) if lines[at].strip() == opening["delimiter"]),
            None,
        )
        if end is None:
            break
        body = lines[index:end]
        if opening["q"] != "'":
            body = [_INTERPOLATION.sub(UNKNOWN, text) for text in body]
        document = (index + 1, "\n".join(body))
        if opening["variable"] is not None:
            documents[opening["variable"]] = document
        else:
            inline.append(document)
        index = end + 1
    inline.extend(document for name, document in documents.items() if name in used)
    return sorted(inline)


def _docker_provisioner(lines: list[str]) -> list[ShellPull]:
    """The docker provisioner's pulls: ``pull_images``' names, and each ``run``'s image."""
    found: list[ShellPull] = []
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith("#"):
            continue
        for match in _PULL_IMAGES.finditer(line):
            for name in re.findall(r"""["']([^"']+)["']""", match["names"]):
                found.append(ShellPull(number, number, "vagrant-docker", "pull", name))
        for match in _RUN.finditer(line):
            option = _IMAGE_OPTION.search(line, match.end())
            image = option["image"] if option is not None else match["first"]
            found.append(ShellPull(number, number, "vagrant-docker", "run", image))
    return [pull for pull in found if "#{" not in pull.image and " " not in pull.image]
