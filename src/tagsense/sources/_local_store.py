"""The engine's own image store: ``localhost/NAME``, never a registry's pull.

Podman and Buildah name an image built or loaded without a registry ``localhost/NAME`` (Podman's
``containers-registries.conf(5)``: short names resolve there first), and the tests that load an
image into a cluster name it so (``kind load``, ``minikube image load``, a pod's
``imagePullPolicy: Never``): kubernetes/minikube's integration suite builds and loads
``localhost/image-load-in-use:test`` and runs it in ``testdata/image-load-in-use``, and
kubernetes-sigs/kwok's e2e suites build ``localhost/kwok:test`` for ``kustomize/kwok``. No
registry serves ``localhost`` without a port, so such an image is one the project makes: only
its validity is judged. ``localhost:5000/NAME``, a local registry's, is a pull where the project
does not push it (see ``.context``). So is, whatever its name, the image of a Kubernetes container
with ``imagePullPolicy: Never``: the kubelet never pulls it ("the kubelet does not try fetching the
image", Kubernetes' Images page), so it is one loaded into the node (kserve's e2e overlay runs
``${OPT_125M_CACHE_IMAGE}``, an image its workflow builds and loads into kind).

>>> from tagsense import parse_reference
>>> in_local_store(parse_reference("localhost/kwok:test"))
True
>>> in_local_store(parse_reference("localhost:5000/kwok:test"))
False
>>> in_local_store(parse_reference("kwok"))
False
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..reference import Reference

__all__ = ["SITE_TOOL", "in_local_store"]

#: The tool a :class:`~tagsense.occurrence.BuildSite` of the engine's own store names.
SITE_TOOL = "local-store"


def in_local_store(reference: Reference) -> bool:
    """Whether ``reference`` names an image of the engine's own store (``localhost/NAME``)."""
    return reference.registry == "localhost"
