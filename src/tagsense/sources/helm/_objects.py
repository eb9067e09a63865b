"""What a chart's templates see besides values: ``.Capabilities``, ``.Files``, ``.Release``.

The defaults are ``helm template``'s, as Helm v4.2.3 has them: Kubernetes
v1.36.0 (the client-go Helm is built with), the API versions its client
knows, release ``release-name`` in namespace ``default``, revision 1, an
install.
"""

from __future__ import annotations

import base64
import posixpath

from ..._gotemplate import GoObject
from ..._gotemplate.goyaml import dump_yaml
from ..._gotemplate.values import ExecError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "API_VERSIONS",
    "HELM_VERSION",
    "KUBE_VERSION",
    "Capabilities",
    "Files",
    "release",
]

#: The Kubernetes version ``helm template`` assumes (Helm v4.2.3).
KUBE_VERSION = "v1.36.0"
#: The Helm version whose behaviour is followed.
HELM_VERSION = "v4.2.3"

#: ``.Capabilities.APIVersions`` of ``helm template`` (Helm v4.2.3, client-go v0.36).
API_VERSIONS = (
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
)


class VersionSet(list):  # type: ignore[type-arg]
    """``.Capabilities.APIVersions``: a list with ``Has``."""

    def method(self, name: str) -> Callable[..., object] | None:
        if name == "Has":
            return self._has
        return None

    def _has(self, *args: object) -> object:
        if len(args) != 1 or not isinstance(args[0], str):
            raise ExecError("wrong number of args for Has: want 1")
        return args[0] in self


class _Struct(GoObject):
    __slots__ = ("fields", "type_name")

    def __init__(self, type_name: str, fields: dict[str, object]) -> None:
        self.fields = fields
        self.type_name = type_name

    def field(self, name: str) -> object:
        if name in self.fields:
            return self.fields[name]
        return super().field(name)

    def text(self) -> str:
        from ..._gotemplate.values import go_repr

        return "{" + " ".join(go_repr(v) for v in self.fields.values()) + "}"


class KubeVersion(_Struct):
    __slots__ = ()

    def method(self, name: str) -> Callable[..., object] | None:
        if name in ("String", "GitVersion"):
            return lambda: self.fields["Version"]
        return None

    def text(self) -> str:
        return str(self.fields["Version"])


class Capabilities(_Struct):
    __slots__ = ()

    def __init__(self, kube_version: str = KUBE_VERSION) -> None:
        numbers = kube_version.lstrip("v").split(".")
        super().__init__(
            "*common.Capabilities",
            {
                "KubeVersion": KubeVersion(
                    "common.KubeVersion",
                    {"Version": kube_version, "Major": numbers[0], "Minor": numbers[1]},
                ),
                "APIVersions": VersionSet(API_VERSIONS),
                "HelmVersion": _Struct(
                    "version.BuildInfo",
                    {
                        "Version": HELM_VERSION,
                        "GitCommit": "",
                        "GitTreeState": "",
                        "GoVersion": "",
                        "KubeClientVersion": "v1.36",
                    },
                ),
            },
        )


class Files(dict):  # type: ignore[type-arg]
    """``.Files``: the chart's other files, with Helm's methods.

    A value is the file's bytes, or the path to read them from (read when first asked).
    """

    def data(self, name: str) -> bytes | None:
        value = self.get(name)
        if isinstance(value, str):
            try:
                with open(value, "rb") as handle:
                    value = handle.read(5 * 1024 * 1024).removeprefix(b"\xef\xbb\xbf")
            except OSError:
                value = b""
            self[name] = value
        return value if isinstance(value, bytes) else None

    def method(self, name: str) -> Callable[..., object] | None:
        return {
            "Get": self._get,
            "GetBytes": self._get_bytes,
            "Glob": self._glob,
            "AsConfig": self._as_config,
            "AsSecrets": self._as_secrets,
            "Lines": self._lines,
        }.get(name)

    @staticmethod
    def _name(args: tuple[object, ...], method: str) -> str:
        if len(args) != 1 or not isinstance(args[0], str):
            raise ExecError(f"wrong type for value in {method}; expected string")
        return args[0]

    def _get(self, *args: object) -> object:
        data = self.data(self._name(args, "Get"))
        return data.decode("utf-8", "replace") if data is not None else ""

    def _get_bytes(self, *args: object) -> object:
        data = self.data(self._name(args, "GetBytes"))
        return list(data) if data is not None else []

    def _glob(self, *args: object) -> object:
        from ..._glob import compile_glob
        from ...errors import InvalidPattern

        pattern = self._name(args, "Glob")
        try:
            regex = compile_glob(pattern.replace("**", "*"))
        except InvalidPattern:
            return Files(self)
        star_star = "**" in pattern
        return Files(
            {
                name: data
                for name, data in self.items()
                if regex.fullmatch(name)
                or (star_star and regex.fullmatch(posixpath.basename(name)))
            }
        )

    def _as_config(self, *args: object) -> object:
        return dump_yaml(
            {posixpath.basename(k): (self.data(k) or b"").decode("utf-8", "replace") for k in self}
        )

    def _as_secrets(self, *args: object) -> object:
        return dump_yaml(
            {posixpath.basename(k): base64.b64encode(self.data(k) or b"").decode() for k in self}
        )

    def _lines(self, *args: object) -> object:
        data = self.data(self._name(args, "Lines"))
        if not data:
            return []
        text = data.decode("utf-8", "replace")
        return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def release(name: str, namespace: str) -> dict[str, object]:
    """``.Release`` of ``helm template``: an install, revision 1."""
    return {
        "Name": name,
        "Namespace": namespace,
        "IsUpgrade": False,
        "IsInstall": True,
        "Revision": 1,
        "Service": "Helm",
    }
