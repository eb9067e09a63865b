"""Credentials as Docker finds them: the config file, ``credHelpers`` and ``credsStore``.

- The file is ``$DOCKER_CONFIG/config.json``, else ``~/.docker/config.json``.
- ``credHelpers`` (per registry) wins over ``credsStore`` (every other
  registry): the helper ``docker-credential-<name>`` is run as ``get`` with
  the server URL on standard input, and answers ``{"Username", "Secret"}``;
  ``Username`` ``<token>`` means ``Secret`` is an identity token. When a
  helper is configured, ``auths`` is not read for that registry (as docker).
- ``auths`` entries hold ``auth`` (base64 ``user:password``), or
  ``identitytoken`` (exchanged for an access token at the token server), or
  ``registrytoken`` (sent as a bearer token as is). Keys are looked up
  exactly, then by host name (a scheme and a path are ignored); Docker Hub's
  key is ``https://index.docker.io/v1/``.

Secrets stay in :class:`Credentials`, whose ``repr`` hides them; nothing here
logs or raises with one.
"""

from __future__ import annotations

import base64
import json
import os

from ._hosts import credential_key, is_hub

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["Credentials", "Lookup", "config_path", "find_credentials"]

_HUB_HOSTS = frozenset({"index.docker.io", "docker.io", "registry-1.docker.io"})
#: How long a credential helper may take (a keychain may ask the user).
HELPER_TIMEOUT = 30.0


class Credentials:
    """A user name and secret (or a token) for one registry, and where they came from."""

    __slots__ = ("identity_token", "password", "registry_token", "source", "username")

    username: str | None
    password: str | None
    identity_token: str | None
    registry_token: str | None
    source: str

    def __init__(
        self,
        *,
        username: str | None = None,
        password: str | None = None,
        identity_token: str | None = None,
        registry_token: str | None = None,
        source: str = "",
    ) -> None:
        object.__setattr__(self, "username", username or None)
        object.__setattr__(self, "password", password if password else None)
        object.__setattr__(self, "identity_token", identity_token or None)
        object.__setattr__(self, "registry_token", registry_token or None)
        object.__setattr__(self, "source", source)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Credentials are immutable: cannot set {name!r}")

    @property
    def basic(self) -> str | None:
        """The value of an ``Authorization: Basic`` header, or None without a password."""
        if self.username is None or self.password is None:
            return None
        pair = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret held, to scrub from any text that leaves the client."""
        values = (self.password, self.identity_token, self.registry_token)
        found = [value for value in values if value]
        basic = self.basic
        if basic is not None:
            found.append(basic.split(" ", 1)[1])
        return tuple(found)

    def __repr__(self) -> str:
        held = [
            name
            for name, value in (
                ("password", self.password),
                ("identity_token", self.identity_token),
                ("registry_token", self.registry_token),
            )
            if value
        ]
        return (
            f"<Credentials user={self.username!r} {'+'.join(held) or 'nothing'} from {self.source}>"
        )


class Lookup:
    """What looking for a registry's credentials found: credentials, or a note on why not."""

    __slots__ = ("credentials", "note")

    def __init__(self, credentials: Credentials | None, note: str | None = None) -> None:
        self.credentials = credentials
        self.note = note


def config_path(environ: Mapping[str, str]) -> str:
    """Where Docker's config file is: ``$DOCKER_CONFIG/config.json``, else ``~/.docker/``."""
    directory = environ.get("DOCKER_CONFIG")
    if directory:
        return os.path.join(directory, "config.json")
    home = environ.get("HOME") or os.path.expanduser("~")
    return os.path.join(home, ".docker", "config.json")


def _hostname(key: str) -> str:
    # docker/cli's ConvertToHostname: drop the scheme, then everything after the host.
    for prefix in ("http://", "https://"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    return key.split("/", 1)[0]


def _read_config(path: str) -> tuple[dict[str, object] | None, str | None]:
    try:
        with open(path, "rb") as handle:
            data = handle.read(1 << 20)
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"{path} could not be read: {error.strerror or error}"
    try:
        config = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None, f"{path} is not valid JSON"
    if not isinstance(config, dict):
        return None, f"{path} is not a JSON object"
    return config, None


def find_credentials(
    registry: str,
    *,
    path: str,
    environ: Mapping[str, str],
    helper_timeout: float = HELPER_TIMEOUT,
) -> Lookup:
    """The credentials for ``registry`` (a name such as ``ghcr.io`` or ``docker.io``)."""
    config, note = _read_config(path)
    if config is None:
        return Lookup(None, note)
    key = credential_key(registry)
    helpers = config.get("credHelpers")
    helper = None
    if isinstance(helpers, dict):
        helper = helpers.get(key) or helpers.get(registry)
        if helper is None and is_hub(registry):
            helper = next((helpers[k] for k in helpers if _hostname(k) in _HUB_HOSTS), None)
    if not helper:
        store = config.get("credsStore")
        helper = store if isinstance(store, str) and store else None
    if isinstance(helper, str):
        return _from_helper(helper, key, environ, helper_timeout)
    auths = config.get("auths")
    if not isinstance(auths, dict):
        return Lookup(None)
    entry = auths.get(key)
    if entry is None:
        for name, value in auths.items():
            host = _hostname(name)
            if host == registry or (is_hub(registry) and host in _HUB_HOSTS):
                entry = value
                break
    if not isinstance(entry, dict):
        return Lookup(None)
    return _from_entry(entry, path)


def _from_entry(entry: Mapping[str, object], path: str) -> Lookup:
    source = path
    username = entry.get("username")
    password = entry.get("password")
    auth = entry.get("auth")
    if isinstance(auth, str) and auth:
        try:
            padded = auth + "=" * (-len(auth) % 4)
            decoded = base64.b64decode(padded, validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return Lookup(None, f"the credentials in {path} are not valid base64")
        user, colon, secret = decoded.partition(":")
        if not colon or not user:
            return Lookup(None, f"the credentials in {path} are not user:password")
        username, password = user, secret.strip("\x00")
    identity = entry.get("identitytoken")
    registry_token = entry.get("registrytoken")
    credentials = Credentials(
        username=username if isinstance(username, str) else None,
        password=password if isinstance(password, str) else None,
        identity_token=identity if isinstance(identity, str) else None,
        registry_token=registry_token if isinstance(registry_token, str) else None,
        source=source,
    )
    if credentials.basic is None and not (credentials.identity_token or credentials.registry_token):
        return Lookup(None)
    return Lookup(credentials)


def _from_helper(name: str, server: str, environ: Mapping[str, str], timeout: float) -> Lookup:
    import shutil
    import subprocess

    program = f"docker-credential-{name}"
    executable = shutil.which(program, path=environ.get("PATH", os.defpath))
    if executable is None:
        return Lookup(None, f"the credential helper {program} is not on PATH")
    try:
        result = subprocess.run(
            [executable, "get"],
            input=server.encode(),
            capture_output=True,
            timeout=timeout,
            env=dict(environ),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Lookup(None, f"the credential helper {program} did not answer in {timeout:g} s")
    except OSError as error:
        return Lookup(None, f"the credential helper {program} could not run: {error.strerror}")
    if result.returncode != 0:
        # "credentials not found in native keychain": no credentials, and nothing wrong.
        if b"credentials not found" in (result.stdout + result.stderr).lower():
            return Lookup(None)
        return Lookup(None, f"the credential helper {program} failed (exit {result.returncode})")
    try:
        answer = json.loads(result.stdout)
    except (ValueError, UnicodeDecodeError):
        return Lookup(None, f"the credential helper {program} did not answer JSON")
    if not isinstance(answer, dict):
        return Lookup(None, f"the credential helper {program} did not answer a JSON object")
    username = answer.get("Username")
    secret = answer.get("Secret")
    if not isinstance(secret, str) or not secret:
        return Lookup(None)
    source = f"the credential helper {program}"
    if username == "<token>":
        return Lookup(Credentials(identity_token=secret, source=source))
    if not isinstance(username, str) or not username:
        return Lookup(None, f"the credential helper {program} answered no user name")
    return Lookup(Credentials(username=username, password=secret, source=source))
