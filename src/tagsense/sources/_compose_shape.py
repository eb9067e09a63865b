"""Whether YAML that no name calls compose is a compose file, by its shape (issue 12).

``docker compose -f other.yaml`` reads a compose file of any name. Other formats have a
top-level ``services:`` too, so only an unambiguous shape counts:

- every top-level key is one compose allows (compose-go refuses any other): so not
  Woodpecker (``steps:``), GitLab CI (``stages:``, and its ``services:`` is a list),
  Drone (a list), Bitbucket (``definitions.services``), Ansible variables;
- ``services`` maps names to mappings, each with an ``image`` (a string), a ``build`` or an
  ``extends``, or else only compose's service attributes (an override file's service that
  sets ``environment`` or ``ports``), and at least one with an ``image``, a ``build`` or an
  ``extends`` of a service of another file (whose image it runs); or,
  with no ``services``, an ``include`` list of paths, one of which names a compose file (a
  YAML file, a variable's, a remote one: a Jekyll ``_config.yml``'s ``include: ["_static"]``
  lists the directories the site copies);
- no Kubernetes ``apiVersion``/``kind`` (the caller asks that first), and no template
  syntax (``{{ }}``, ``{% %}``): a template is read as what it renders to, or not at all.
  Docker's own placeholders are no template's: the daemon fills a logging driver's ``tag``
  (``{{.Name}}``, ``{{.ID}}``, ``{{.ImageName}}``…) and a swarm service's ``hostname`` or
  environment (``{{.Node.Hostname}}``, ``{{.Task.Slot}}``) when the container starts, and
  compose passes them on as written (openremote/openremote's ``profile/demo.yml``, which its
  ``.ci_cd/deploy.sh`` deploys, says ``tag: "{{.Name}}/{{.ID}}"``: 5 missed pulls, survey 37d).
  Nor is caddy-docker-proxy's ``{{upstreams [protocol] [port]}}`` in a ``caddy.…`` label: the
  proxy fills it from the running container's addresses (its README, "Template functions";
  instantdb/instant's ``self-hosting/swarm.yml``, survey 46d).
"""

from __future__ import annotations

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["is_compose_text"]

#: The top-level keys of the Compose Specification (besides ``x-`` extensions).
_TOP_LEVEL = frozenset(
    {"version", "name", "include", "services", "networks", "volumes", "configs", "secrets",
     "models"}
)  # fmt: skip

#: The top-level keys of a fragment of btcpayserver's docker-compose-generator: lists of the
#: names of other fragments it needs, suggests, or excludes. The generator
#: (``docker-compose-generator/src/DockerComposeDefinition.cs``) reads them, then merges the
#: ``services`` (and volumes, networks, configs) of the fragments chosen into the compose file
#: ``btcpay-setup.sh`` starts: a fragment's services are pulled as written
#: (btcpayserver/btcpayserver-docker's ``docker-fragments/bitcoin.yml``: survey s41f).
_FRAGMENT_LISTS = frozenset({"required", "recommended", "exclusive", "incompatible"})

#: The attributes of a service in the Compose Specification.
_SERVICE_KEYS = frozenset(
    {"annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup",
     "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent",
     "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset",
     "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns",
     "dns_opt", "dns_search", "domainname", "driver_opts", "entrypoint", "env_file", "environment",
     "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck",
     "hostname", "image", "init", "ipc", "isolation", "labels", "label_file", "links", "logging",
     "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models",
     "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit",
     "platform", "ports", "post_start", "pre_stop", "privileged", "profiles", "provider",
     "pull_policy", "read_only", "restart", "runtime", "scale", "secrets", "security_opt",
     "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls",
     "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode", "uts", "volumes",
     "volumes_from", "working_dir"}
)  # fmt: skip

# What a line at column 0 of a block-style YAML file is: a key (plain or quoted), or
# something that is no key (a comment, a document marker, a directive, a blank line).
_TOP_KEY = lazy_pattern(r"""(?:"([^"]*)"|'([^']*)'|([^\s:#'"][^:#]*?))[ \t]*:(?:[ \t]|$)""")
_NO_KEY = ("#", " ", "\t", "---", "...", "%", "\r")
#: A placeholder the Docker daemon fills: a log tag's (``{{.Name}}``, ``{{.ImageName}}``), a
#: swarm service template's (``{{.Node.Hostname}}``, ``{{.Service.Name}}``, ``{{.Task.Slot}}``).
_DOCKER_PLACEHOLDER = lazy_pattern(
    r"\{\{\s*\.(?:ID|FullID|Name|ImageID|ImageFullID|ImageName|DaemonName"
    r"|(?:Service|Node|Task)(?:\.[A-Za-z]+)+)\s*\}\}"
)
#: caddy-docker-proxy's template function in a label (``caddy.reverse_proxy: "{{upstreams
#: 8080}}"``, ``{{upstreams https 443}}``): the proxy fills it with the container's addresses.
_PROXY_PLACEHOLDER = lazy_pattern(r"\{\{\s*upstreams(?:\s+[A-Za-z0-9]+){0,2}\s*\}\}")
#: A service's ``image:`` line.
_IMAGE_LINE = lazy_pattern(r"^\s*[\"']?image[\"']?\s*:")


def _looks_like_compose(text: str) -> bool:
    """A cheap look before parsing: the keys at column 0 are compose's, and one of them is
    ``services`` or ``include`` (most YAML files are told apart here, unparsed)."""
    found = False
    key = None
    for line in text.splitlines():
        if not line or line.startswith(_NO_KEY):
            continue
        if key is not None and line.startswith("- "):
            continue  # (a key's list, written at the key's own indentation: YAML allows it)
        match = _TOP_KEY.match(line)
        if match is None:
            return False  # a top-level list, flow style, a scalar: not compose's shape
        key = next(group for group in match.groups() if group is not None)
        if key not in _TOP_LEVEL and key not in _FRAGMENT_LISTS and not key.startswith("x-"):
            return False
        found = found or key in ("services", "include")
    return found


def is_compose_text(text: str) -> bool:
    """Whether ``text`` (YAML that says no ``apiVersion`` and ``kind``) is a compose file."""
    # (a byte order mark is no part of the first key, for YAML: btcpayserver-docker's
    # docker-fragments/opt-add-helipad.yml begins with one)
    text = text.removeprefix("\ufeff")
    if "{%" in text or _is_template(text) or not _looks_like_compose(text):
        return False
    from ._yaml import load_yaml

    documents = load_yaml(text).documents
    shapes = [_shape(document) for document in documents]
    return bool(shapes) and None not in shapes and any(shapes)


def _is_template(text: str) -> bool:
    """Whether ``text`` has a template's ``{{ … }}``: one that is not Docker's own placeholder,
    or one on an ``image`` line (the image itself is a template's then)."""
    if "{{" not in text:
        return False
    for line in text.splitlines():
        if "{{" in line and (_IMAGE_LINE.match(line) or "{{" in _unfilled(line)):
            return True
    return False


def _unfilled(line: str) -> str:
    """``line`` without the placeholders a running tool fills (Docker's, the proxy's)."""
    return _PROXY_PLACEHOLDER.sub("", _DOCKER_PLACEHOLDER.sub("", line))


def _shape(document: yaml.Node) -> bool | None:
    """``True``: a compose document with services or includes; ``False``: one with neither
    (``x-`` anchors only); ``None``: not a compose document."""
    import yaml

    from ._yaml import items, scalar, sequence

    if not isinstance(document, yaml.MappingNode):
        return None
    fields = {key: value for key, value, _ in items(document)}
    for key, value in fields.items():
        if key in _TOP_LEVEL or key.startswith("x-"):
            continue
        if key not in _FRAGMENT_LISTS or not _names(value):
            return None
    services = fields.get("services")
    if services is not None:
        if not isinstance(services, yaml.MappingNode):
            return None
        built_or_pulled = False
        for name, service, _ in items(services):
            if name.startswith("x-"):
                continue
            if not isinstance(service, yaml.MappingNode):
                return None
            keys = {key: value for key, value, _ in items(service)}
            image = keys.get("image")
            if image is not None and not (isinstance(image, yaml.ScalarNode) and scalar(image)):
                return None  # an image block ({repository, tag}): Helm values, not compose
            # An override file's service (`docker compose -f base.yml -f override.yml`) may
            # set only compose's own service attributes (environment, ports…).
            if (
                image is None
                and "build" not in keys
                and "extends" not in keys
                and (not keys or any(key not in _SERVICE_KEYS for key in keys))
            ):
                return None
            built_or_pulled = (
                built_or_pulled
                or image is not None
                or "build" in keys
                or _extends_a_file(keys.get("extends"))
            )
        return built_or_pulled
    include = fields.get("include")
    if include is None:
        return False
    entries = sequence(include) if isinstance(include, yaml.SequenceNode) else []
    if not entries:
        return None
    paths: list[str] = []
    for entry in entries:
        if isinstance(entry, yaml.MappingNode):
            path = next((value for key, value, _ in items(entry) if key == "path"), None)
            if path is None:
                return None
            written = sequence(path) if isinstance(path, yaml.SequenceNode) else [path]
            paths += [scalar(one) or "" for one in written if isinstance(one, yaml.ScalarNode)]
        elif not (isinstance(entry, yaml.ScalarNode) and scalar(entry)):
            return None
        else:
            paths.append(scalar(entry) or "")
    # (a Jekyll site's _config.yml lists the directories it copies, `include: ["_static"]`)
    return True if any(_names_compose_file(path) for path in paths) else None


def _names_compose_file(path: str) -> bool:
    """Whether an ``include`` entry names a compose file as compose's include does: a YAML
    file (``../commons/compose.yaml``), a path a variable gives, or a remote resource (an
    ``oci://`` artifact, a Git repository's URL)."""
    path = path.strip()
    return (
        path.lower().endswith((".yml", ".yaml"))
        or "$" in path
        or "://" in path
        or path.startswith("git@")
    )


def _names(node: yaml.Node) -> bool:
    """Whether a node is a list of names (a generator fragment's ``required: [bitcoind]``)."""
    import yaml

    from ._yaml import scalar

    return isinstance(node, yaml.SequenceNode) and all(
        isinstance(entry, yaml.ScalarNode) and scalar(entry) for entry in node.value
    )


def _extends_a_file(extends: yaml.Node | None) -> bool:
    """Whether a service's ``extends`` names a service of another compose file (``{file: …,
    service: …}``): the service runs that one's image (openremote/openremote's
    ``profile/dev-map.yml``, whose one service extends ``deploy.yml``'s ``tileserver``, is a
    compose file to ``docker compose -f``)."""
    import yaml

    from ._yaml import items, scalar

    if not isinstance(extends, yaml.MappingNode):
        return False
    fields = {key: value for key, value, _ in items(extends)}
    file, service = fields.get("file"), fields.get("service")
    return all(isinstance(node, yaml.ScalarNode) and scalar(node) for node in (file, service))
