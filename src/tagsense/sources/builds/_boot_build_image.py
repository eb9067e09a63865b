"""The images ``mvn spring-boot:build-image`` builds when the command does not name one.

Spring Boot's ``build-image`` goal builds each project of the reactor the command runs (the pom
of ``-f``/``--file``, else the directory's ``pom.xml``, and the modules it lists) whose
packaging is not ``pom``, under the name its pom gives (``<image><name>``, the user property
``spring-boot.build-image.imageName``: see :mod:`.jib`), else under its default,
``docker.io/library/${project.artifactId}:${project.version}`` (the Spring Boot Maven plugin's
documentation, "Packaging OCI Images": ``image.name``). A script that runs ``./mvnw
spring-boot:build-image`` and then ``docker run demo:0.0.1-SNAPSHOT`` runs what it built.
Only a module whose pom says ``spring-boot`` (its plugin, its parent, its starters) is one the
goal builds; a name that needs a property only a run gives is left out.
"""

from __future__ import annotations

import os

__all__ = ["build_image_names"]

#: How many poms of a reactor are read at most.
_MAX_POMS = 200


def build_image_names(pom: str, *, within: str) -> list[str]:
    """The names ``spring-boot:build-image`` run on the pom at ``pom`` builds (its reactor's
    modules under ``within`` too)."""
    from ._common import MAX_BYTES, read_text
    from .jib import read_pom, read_pom_tree
    from .maven import module_poms

    names: list[str] = []
    for path in [pom, *module_poms(pom, within=os.path.realpath(within))][:_MAX_POMS]:
        tree = read_pom_tree(path)
        if tree is None:
            continue
        root, namespace = tree
        prefix = f"{{{namespace}}}" if namespace else ""
        packaging = root.find(f"{prefix}packaging")
        artifact = root.find(f"{prefix}artifactId")
        if packaging is not None and (packaging.text or "").strip() == "pom":
            continue
        text = read_text(path, MAX_BYTES)
        if not isinstance(text, str) or "spring-boot" not in text:
            continue
        found = read_pom(path)
        given = [image for image in found.built if image.site.tool == "spring-boot"]
        if given or any(image.site.tool == "spring-boot" for image in found.written):
            names.extend(image.name for image in given)
            continue
        name = "" if artifact is None else (artifact.text or "").strip()
        if name and "$" not in name and os.sep not in name:
            names.append(f"docker.io/library/{name.lower()}")
    return list(dict.fromkeys(names))
