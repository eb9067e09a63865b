"""The images a GitLab Runner configuration (``config.toml``) names, with their places.

A runner's executor runs each job in the job's image, else in the configuration's: the
``image`` of ``[runners.docker]`` or ``[runners.kubernetes]``; beside it the runner's own
``helper_image``, and the ``name`` of each ``[[runners.docker.services]]`` or
``[[runners.kubernetes.services]]``. The configuration is read with :mod:`tomllib`; as
``tomllib`` gives no positions, each value is then found on its line (``key = "value"``, in
the table that holds it), so that a finding points at it. TOML that does not load gives
nothing (the runner refuses it too).
"""

from __future__ import annotations

from .._lazy import lazy_pattern

__all__ = ["runner_config_images"]

#: The executors whose images a runner's configuration gives.
_EXECUTORS = ("docker", "kubernetes")
#: An image key and its value on a line (a basic or literal string).
_IMAGE_LINE = lazy_pattern(r"""[ \t]*(image|helper_image|name)[ \t]*=[ \t]*(["'])([^"'\n]+)\2""")
#: A table's header: ``[runners.kubernetes]``, ``[[runners.docker.services]]``.
_HEADER = lazy_pattern(r"[ \t]*\[\[?[ \t]*([\w.\" -]+?)[ \t]*\]\]?")


def runner_config_images(text: str) -> list[tuple[int, int, str, str]]:
    """``(line index, column, image, key)`` of each image of the configuration ``text``
    (``column``: from the line's first character that is not blank; ``key``: its dotted
    place, ``runners.kubernetes.image``), in the text's order.

    >>> config = '[[runners]]\\n  [runners.kubernetes]\\n    image = "ubuntu:20.04"\\n'
    >>> runner_config_images(config)
    [(2, 9, 'ubuntu:20.04', 'runners.kubernetes.image')]
    """
    import tomllib

    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    wanted = _images(config)
    found: list[tuple[int, int, str, str]] = []
    table = ""
    for index, line in enumerate(text.split("\n")):
        header = _HEADER.match(line)
        if header is not None and "=" not in line.partition("]")[0]:
            table = header[1].replace('"', "").replace(" ", "")
            continue
        match = _IMAGE_LINE.match(line)
        if match is None:
            continue
        key = f"{table}.{match[1]}"
        if (key, match[3]) in wanted:
            indent = len(line) - len(line.lstrip(" \t"))
            found.append((index, match.start(3) - indent, match[3], key))
    return found


def _images(config: dict[str, object]) -> set[tuple[str, str]]:
    """(dotted key, image) of every runner's executor images in a loaded configuration."""
    images: set[tuple[str, str]] = set()
    runners = config.get("runners")
    for runner in runners if isinstance(runners, list) else []:
        if not isinstance(runner, dict):
            continue
        for executor in _EXECUTORS:
            settings = runner.get(executor)
            if not isinstance(settings, dict):
                continue
            for key in ("image", "helper_image"):
                value = settings.get(key)
                if isinstance(value, str) and value:
                    images.add((f"runners.{executor}.{key}", value))
            services = settings.get("services")
            for service in services if isinstance(services, list) else []:
                name = service.get("name") if isinstance(service, dict) else None
                if isinstance(name, str) and name:
                    images.add((f"runners.{executor}.services.name", name))
    return images
