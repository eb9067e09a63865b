"""Where a registry is and how to reach it: API host, plain HTTP or TLS, proxies.

- Docker Hub (``docker.io``) is served by ``registry-1.docker.io``; its
  credentials are filed under ``https://index.docker.io/v1/``.
- Plain HTTP only where Docker allows it without configuration (``localhost``,
  ``127.0.0.0/8``, ``::1``) or for a registry the configuration names as
  insecure (a host, ``host:port`` or a CIDR range, as Docker's
  ``insecure-registries``); TLS everywhere else.
- Proxies as Go's ``net/http`` reads them (what Docker uses): ``HTTPS_PROXY``
  / ``https_proxy`` for HTTPS, ``HTTP_PROXY`` / ``http_proxy`` for HTTP, the
  upper-case name first; ``NO_PROXY`` / ``no_proxy`` with host names (which
  match their subdomains too; a leading ``.`` or ``*.`` matches subdomains
  only), ``host:port``, IP addresses, CIDR ranges and ``*``. Loopback hosts
  are never proxied.
"""

from __future__ import annotations

import ipaddress

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "DOCKER_HUB",
    "Insecure",
    "api_host",
    "credential_key",
    "is_loopback",
    "login_hint",
    "proxy_for",
    "split_host",
]

DOCKER_HUB = "docker.io"
_HUB_API = "registry-1.docker.io"
_HUB_KEY = "https://index.docker.io/v1/"
_HUB_NAMES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


def api_host(registry: str) -> str:
    """The host that serves a registry's API: ``docker.io`` is ``registry-1.docker.io``."""
    return _HUB_API if registry in _HUB_NAMES else registry


def credential_key(registry: str) -> str:
    """The name Docker files a registry's credentials under (and gives its helpers)."""
    return _HUB_KEY if registry in _HUB_NAMES else registry


def is_hub(registry: str) -> bool:
    return registry in _HUB_NAMES


def login_hint(registry: str) -> str:
    """The command that logs in to a registry: ``docker login ghcr.io``, ``docker login``."""
    return "docker login" if registry in _HUB_NAMES else f"docker login {registry}"


def split_host(host: str) -> tuple[str, int | None]:
    """``(name, port)`` of ``host[:port]``; an IPv6 address loses its brackets."""
    if host.startswith("["):
        end = host.find("]")
        name = host[1:end] if end > 0 else host[1:]
        rest = host[end + 1 :] if end > 0 else ""
        port = int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else None
        return name.lower(), port
    name, colon, port_text = host.rpartition(":")
    if colon and port_text.isdigit() and ":" not in name:
        return name.lower(), int(port_text)
    return host.lower(), None


def _address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    """Whether ``host[:port]`` is ``localhost`` or a loopback address (127.0.0.0/8, ::1)."""
    name, _ = split_host(host)
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = _address(name)
    return address is not None and address.is_loopback


class Insecure:
    """The registries plain HTTP is allowed for: loopback, and those configured.

    Entries are host names, ``host:port`` or CIDR ranges (``10.0.0.0/8``).
    """

    __slots__ = ("_hosts", "_networks")

    def __init__(self, entries: Iterable[str] = ()) -> None:
        hosts: set[str] = set()
        networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in entries:
            text = entry.strip().lower()
            for prefix in ("http://", "https://"):
                text = text.removeprefix(prefix)
            text = text.rstrip("/")
            if not text:
                continue
            if "/" in text:
                try:
                    networks.append(ipaddress.ip_network(text, strict=False))
                    continue
                except ValueError:
                    pass
            hosts.add(text)
        self._hosts = frozenset(hosts)
        self._networks = tuple(networks)

    def allows(self, host: str) -> bool:
        """Whether plain HTTP is allowed for ``host[:port]``."""
        if is_loopback(host):
            return True
        lowered = host.lower()
        name, _ = split_host(lowered)
        if lowered in self._hosts or name in self._hosts:
            return True
        address = _address(name)
        return address is not None and any(address in net for net in self._networks)


def _env(environ: Mapping[str, str], name: str) -> str:
    # Go's httpproxy: the upper-case name first, then the lower-case one.
    return environ.get(name.upper()) or environ.get(name.lower()) or ""


def proxy_for(scheme: str, host: str, environ: Mapping[str, str]) -> str | None:
    """The proxy URL for a request to ``scheme://host``, or ``None`` to go direct."""
    proxy = _env(environ, "https_proxy" if scheme == "https" else "http_proxy").strip()
    if not proxy or is_loopback(host):
        return None
    if _bypass(host, scheme, _env(environ, "no_proxy")):
        return None
    if "://" not in proxy:
        proxy = "http://" + proxy  # as Go: a bare host:port is an HTTP proxy
    return proxy


def _bypass(host: str, scheme: str, no_proxy: str) -> bool:
    name, port = split_host(host)
    if port is None:
        port = 443 if scheme == "https" else 80
    address = _address(name)
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        if "/" in entry:  # a CIDR range
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                continue
            if address is not None and address in network:
                return True
            continue
        entry_name, entry_port = split_host(entry)
        if entry_port is not None and entry_port != port:
            continue
        entry_address = _address(entry_name)
        if entry_address is not None:
            if address is not None and address == entry_address:
                return True
            continue
        if entry_name.startswith("*."):
            entry_name = entry_name[1:]
        if entry_name.startswith("."):
            if name.endswith(entry_name):
                return True
            continue
        if name == entry_name or name.endswith("." + entry_name):
            return True
    return False


def redact_url(url: str) -> str:
    """``url`` without user and password (for messages about a proxy)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = authority.rpartition("@")[2]
    return (scheme + "://" if sep else "") + authority + slash + path
