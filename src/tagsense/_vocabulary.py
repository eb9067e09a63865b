"""The words of tags: aliases, prereleases, flavours, architectures, OS names, codenames.

Plain data for :mod:`tagsense._anatomy`. A word missing here is not an error:
an unlisted word in a tag reads as a variant (``fpm``, ``lein``, ``webprofile``).
"""

from __future__ import annotations

from ._lazy import lazy_pattern

TYPE_CHECKING = False

ALIASES = frozenset(
    "latest stable lts edge mainline rolling devel oldstable oldoldstable testing "
    "unstable rawhide tip nightly innovation production current experimental next "
    "insider weekly develop fresh old sisyphus cauldron lta".split()
)
PRERELEASE_WORDS = {
    "rc": "rc",
    "cr": "rc",
    "alpha": "a",
    "a": "a",
    "beta": "b",
    "b": "b",
    "pre": "b",
    "preview": "b",
    "ea": "b",
    "m": "b",
    "milestone": "b",
    "dev": "dev",
    "snapshot": "dev",
    "canary": "dev",
}
FLAVOURS = frozenset(
    "slim fat full minimal micro chiseled distroless nonroot debug headless headful "
    "onbuild dind rootless backports extra composite scratch fips static".split()
)
ARCHES = frozenset(
    "amd64 arm64 arm64v8 arm32 arm32v5 arm32v6 arm32v7 armv6 armv7 armv7l armv7hf armhf armel "
    "aarch64 x86_64 x64 x86 i386 i686 386 ppc64le ppc64 s390x riscv64 mips64le "
    "loong64 32bit 64bit".split()
)
#: Words that name an OS family; a version may follow, glued or as the next part.
OS_FAMILIES = {
    "alpine": "alpine",
    "debian": "debian",
    "ubuntu": "ubuntu",
    "centos": "centos",
    "fedora": "fedora",
    "ubi": "ubi",
    "ol": "oraclelinux",
    "oraclelinux": "oraclelinux",
    "al": "amazonlinux",
    "amazonlinux": "amazonlinux",
    "rockylinux": "rockylinux",
    "rocky": "rockylinux",
    "almalinux": "almalinux",
    "alma": "almalinux",
    "photon": "photon",
    "leap": "opensuse-leap",
    "opensuse": "opensuse-leap",
    "sles": "sles",
    "sle": "sles",
    "azurelinux": "azurelinux",
    "mariner": "cbl-mariner",
    "cbl-mariner": "cbl-mariner",
    "wolfi": "wolfi",
    "stream": "centos-stream",
    "rhel": "rhel",
    "el": "rhel",  # (Enterprise Linux N, as RPM's `.el7`: collectd's ci:el7_x86_64)
    "oracle": "oraclelinux",
    "windowsservercore": "windows-servercore",
    "servercore": "windows-servercore",
    "nanoserver": "windows-nanoserver",
    "windowsserver": "windows-server",
}
#: OS family words that say nothing without a version (``al`` alone is no OS).
NEEDS_VERSION = frozenset({"al", "ol", "el", "sle", "rocky", "alma"})
WINDOWS_FAMILIES = frozenset({"windows-servercore", "windows-nanoserver", "windows-server"})
#: Windows release ids that are plain numbers: OS releases only in a Windows context.
WINDOWS_NUMERIC_IDS = frozenset({"1607", "1709", "1803", "1809", "1903", "1909", "2004", "2009"})
#: Names that are one thing although written with '-'.
COMPOUNDS = {
    ("eclipse", "temurin"): "variant",
    ("ibm", "semeru"): "variant",
    ("tools", "deps"): "variant",
    ("runtime", "deps"): "variant",
    ("rc", "buggy"): "alias",
    ("cbl", "mariner"): "os",
    ("open", "jdk"): "variant",
    ("ros", "base"): "variant",
    ("ros", "core"): "variant",
    ("datacenter", "app"): "variant",
    ("datacenter", "search"): "variant",
    ("with", "sources"): "flavour",
    ("non", "free"): "variant",
}
#: Application codenames, which mean something only on their own image.
APP_CODENAMES = {
    "node": dict.fromkeys(
        [
            "argon",
            "boron",
            "carbon",
            "dubnium",
            "erbium",
            "fermium",
            "gallium",
            "hydrogen",
            "iron",
            "jod",
            "krypton",
        ],
        "Node.js LTS line",
    ),
    "ros": dict.fromkeys(
        [
            "indigo",
            "jade",
            "kinetic",
            "lunar",
            "melodic",
            "noetic",
            "ardent",
            "bouncy",
            "crystal",
            "dashing",
            "eloquent",
            "foxy",
            "galactic",
            "humble",
            "iron",
            "jazzy",
            "kilted",
            "lyrical",
            "rolling",
        ],
        "ROS distribution",
    ),
}
APP_CODENAMES["ros2"] = APP_CODENAMES["ros"]
#: The OS release an application codename's images are built on, by the image's last name
#: component: each ROS distribution targets one Ubuntu release (REP 2000), and the ``ros``
#: image's tag that names none is that release's (``melodic-ros-base`` is the Docker
#: Official Image's ``melodic-ros-base-bionic``; osrf/ros's ``kinetic-desktop-full`` its
#: ``kinetic-desktop-full-xenial``). Rolling moves from release to release: none.
APP_CODENAME_OS = {
    "ros": {
        "indigo": "trusty",
        "jade": "trusty",
        "kinetic": "xenial",
        "lunar": "xenial",
        "melodic": "bionic",
        "noetic": "focal",
        "ardent": "xenial",
        "bouncy": "bionic",
        "crystal": "bionic",
        "dashing": "bionic",
        "eloquent": "bionic",
        "foxy": "focal",
        "galactic": "focal",
        "humble": "jammy",
        "iron": "jammy",
        "jazzy": "noble",
        "kilted": "noble",
        "lyrical": "resolute",
    },
}
APP_CODENAME_OS["ros2"] = APP_CODENAME_OS["ros"]
APP_CODENAMES["traefik"] = dict.fromkeys(
    "banon beaufort brie camembert cancoillotte cantal chabichou chaource chevrotin comte "
    "epoisses faisselle langres livarot maroilles mimolette montdor morbier munster picodon "
    "raclette ramequin reblochon rocamadour roquefort saintmarcelin saintnectaire tetedemoine "
    "vacherin".split(),
    "Traefik release codename",
)
#: Software whose every release carries a word that elsewhere marks a prerelease, by the
#: last name component of its images: LND's releases are ``v0.18.4-beta`` (its candidates
#: ``v0.19.0-beta.rc1``), as lightninglabs/lnd, btcpayserver/lnd and boltz/lnd tag them.
RELEASE_WORDS = {"lnd": "beta"}
#: Publishers whose images come in a variant named by a word that elsewhere marks a
#: prerelease, by the start of the image's normalised name: Chainguard's and Docker Hardened
#: Images' ``-dev`` variants are the same release with a shell and a package manager added
#: (``cgr.dev/chainguard/python:3.11-dev``, ``dhi.io/python:3.11-debian12-dev``; growthbook's
#: Dockerfile builds on the latter). LiveKit's GStreamer images come as ``-base``, ``-dev``
#: (with the headers and tools to build against) and ``-prod`` of each GStreamer release:
#: livekit/ingress builds on ``livekit/gstreamer:1.26.7-dev`` and runs on ``…-prod``. Epic's
#: Unreal Engine images come as development images (``dev-5.2.0``, ``dev-slim-5.2.0``: the
#: Editor and build tools of release 5.2.0) beside ``runtime`` ones (unrealcontainers.com's
#: "Development images vs. runtime images"): googleforgames/global-multiplayer-demo's game
#: server builds on ``ghcr.io/epicgames/unreal-engine:dev-slim-5.2.0``.
VARIANT_WORDS = {
    "cgr.dev/chainguard/": "dev",
    "docker.io/chainguard/": "dev",
    "dhi.io/": "dev",
    "docker.io/livekit/gstreamer": "dev",
    "ghcr.io/epicgames/unreal-engine": "dev",
}
#: Prerelease words numbered in sequence: a number after them is theirs (rc-5, ea-46).
NUMBERED_PRERELEASES = frozenset(
    {"rc", "cr", "alpha", "beta", "pre", "preview", "ea", "m", "milestone"}
)
#: Words that name a test network, whose number after them is the network's, not a version:
#: Ethereum's devnets (``pectra-devnet-6``, ``glamsterdam-devnet-6``), whose clients
#: ethpandaops builds from the branch of that name (``ethpandaops/geth:glamsterdam-devnet-6``,
#: which ethereum-package's tests run: a branch's build, moving with it, not a release 6).
NUMBERED_NETWORKS = frozenset({"devnet", "testnet"})
#: Images that *are* an operating system, whose tags name its releases, by their name as
#: Docker normalises it: the official images and the distributions' own registries (a
#: project's ``ci/fedora`` image is not Fedora), and images built straight on one release
#: with the release as their tag (buildpack-deps:noble). The first family is the image's
#: own; a later one is another family its tags name (quay.io/centos/centos:stream9 is
#: CentOS Stream). Red Hat's UBI images are matched by shape (see tagsense._anatomy).
OS_IMAGES = {
    "docker.io/library/ubuntu": ("ubuntu",),
    "public.ecr.aws/ubuntu/ubuntu": ("ubuntu",),
    "public.ecr.aws/lts/ubuntu": ("ubuntu",),
    # (Ubuntu's repository on Azure Container Registry, tagged as the official image is:
    # dotnet/dotnet-docker's runtime-deps build FROM ubuntu.azurecr.io/ubuntu:noble since its
    # commit "Reference Ubuntu ACR in Dockerfiles", which replaced amd64/ubuntu:jammy)
    "ubuntu.azurecr.io/ubuntu": ("ubuntu",),
    "docker.io/library/debian": ("debian",),
    # (Debian's own repository on ECR Public, gallery.ecr.aws/debian/debian: openobserve's
    # Dockerfiles build FROM public.ecr.aws/debian/debian:trixie-slim)
    "public.ecr.aws/debian/debian": ("debian",),
    "docker.io/library/alpine": ("alpine",),
    "docker.io/library/centos": ("centos",),
    "quay.io/centos/centos": ("centos-stream", "centos"),
    "docker.io/library/fedora": ("fedora",),
    "quay.io/fedora/fedora": ("fedora",),
    "quay.io/fedora/fedora-minimal": ("fedora",),
    "registry.fedoraproject.org/fedora": ("fedora",),
    "registry.fedoraproject.org/fedora-minimal": ("fedora",),
    # (Fedora's toolbox images, Fedora with toolbx's packages: a tag a release)
    "registry.fedoraproject.org/fedora-toolbox": ("fedora",),
    "quay.io/fedora/fedora-toolbox": ("fedora",),
    "docker.io/library/amazonlinux": ("amazonlinux",),
    "public.ecr.aws/amazonlinux/amazonlinux": ("amazonlinux",),
    "docker.io/library/oraclelinux": ("oraclelinux",),
    "container-registry.oracle.com/os/oraclelinux": ("oraclelinux",),
    "docker.io/library/rockylinux": ("rockylinux",),
    "docker.io/rockylinux/rockylinux": ("rockylinux",),
    "quay.io/rockylinux/rockylinux": ("rockylinux",),
    "docker.io/library/almalinux": ("almalinux",),
    "quay.io/almalinux/almalinux": ("almalinux",),
    "docker.io/library/photon": ("photon",),
    "docker.io/library/opensuse": ("opensuse-leap",),  # retired official image (42.1, leap)
    "docker.io/opensuse/leap": ("opensuse-leap",),
    "registry.opensuse.org/opensuse/leap": ("opensuse-leap",),
    "registry.suse.com/suse/sle15": ("sles",),
    "registry.suse.com/bci/bci-base": ("sles",),
    "mcr.microsoft.com/azurelinux/base/core": ("azurelinux",),
    "mcr.microsoft.com/azurelinux/distroless/base": ("azurelinux",),
    # (Azure Linux's other distroless repositories, tagged as base/core is, and the
    # repository of its releases in preview, azurelinux-beta: dotnet/dotnet-docker's
    # manifest.versions.json gives "azurelinux|4.0|repo": "mcr.microsoft.com/azurelinux-beta",
    # its Dockerfiles build FROM azurelinux/distroless/minimal:3.0, azurelinux-beta/base/core:4.0)
    "mcr.microsoft.com/azurelinux/distroless/minimal": ("azurelinux",),
    "mcr.microsoft.com/azurelinux/distroless/debug": ("azurelinux",),
    "mcr.microsoft.com/azurelinux-beta/base/core": ("azurelinux",),
    "mcr.microsoft.com/azurelinux-beta/distroless/base": ("azurelinux",),
    "mcr.microsoft.com/azurelinux-beta/distroless/minimal": ("azurelinux",),
    "mcr.microsoft.com/azurelinux-beta/distroless/debug": ("azurelinux",),
    "mcr.microsoft.com/cbl-mariner/base/core": ("cbl-mariner",),
    "mcr.microsoft.com/cbl-mariner/distroless/base": ("cbl-mariner",),
    "mcr.microsoft.com/cbl-mariner/distroless/minimal": ("cbl-mariner",),
    "mcr.microsoft.com/cbl-mariner/distroless/debug": ("cbl-mariner",),
    "cgr.dev/chainguard/wolfi-base": ("wolfi",),
    "docker.io/chainguard/wolfi-base": ("wolfi",),
    "mcr.microsoft.com/windows/servercore": ("windows-servercore",),
    "mcr.microsoft.com/windows/servercore/insider": ("windows-servercore",),
    "mcr.microsoft.com/windows/nanoserver": ("windows-nanoserver",),
    "mcr.microsoft.com/windows/nanoserver/insider": ("windows-nanoserver",),
    "mcr.microsoft.com/windows/server": ("windows-server",),
    "docker.io/microsoft/windowsservercore": ("windows-servercore",),
    "docker.io/microsoft/nanoserver": ("windows-nanoserver",),
    "docker.io/library/buildpack-deps": ("debian", "ubuntu"),
    "docker.io/bitnami/minideb": ("debian",),
}
_ALMALINUX_TYPES = r"(?:8|9|[1-9]\d)-(?:base|init|micro|minimal|toolbox)"
#: Namespaces whose repositories of one shape are an OS's images, as the names their project's
#: build gives them: AlmaLinux's "Client Library" (AlmaLinux/container-images, workflow
#: ``build-test-push.yml``), pushed to docker.io/almalinux, quay.io/almalinuxorg and
#: ghcr.io/almalinux as ``MAJOR-TYPE`` (``9-base``, ``10-minimal``, ``8-init``: the types
#: ``base``, ``init``, ``micro``, ``minimal``, ``toolbox``), tagged as the official image is
#: (``latest``, ``9``, ``9.6``, ``9.6-20250611``). Its ``10-kitten-…`` images are of AlmaLinux
#: Kitten, a stream with no releases: not these.
OS_IMAGE_SHAPES = dict.fromkeys(
    ("docker.io/almalinux/", "quay.io/almalinuxorg/", "ghcr.io/almalinux/"),
    (_ALMALINUX_TYPES, ("almalinux",)),
)
#: Registries that mirror Docker Hub's official images under their own names (Microsoft's
#: Artifact Registry mirrors the ones its products use under ``mirror/docker/library/``:
#: Azure/iotedge's ``mcr.microsoft.com/mirror/docker/library/alpine:3.14``).
OFFICIAL_MIRRORS = (
    "public.ecr.aws/docker/library/",
    "mirror.gcr.io/library/",
    "mcr.microsoft.com/mirror/docker/library/",
)
#: The Docker Hub namespaces that hold the official images built for one architecture
#: (docker-library's ``arm64v8/alpine``, ``ppc64le/alpine``: the same image, one platform).
ARCHITECTURE_NAMESPACES = frozenset(
    {
        "amd64", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "i386", "mips64le", "ppc64le",
        "riscv64", "s390x", "windows-amd64",
    }
)  # fmt: skip


def official_name(name: str) -> str | None:
    """The official image a normalised name is, on Docker Hub or a mirror (``postgres``), or
    in the namespace of its builds for one architecture (``docker.io/ppc64le/alpine``).

    An Amazon ECR pull-through cache of Docker Hub keeps an official image at
    ``ACCOUNT.dkr.ecr.REGION.amazonaws.com/PREFIX/library/NAME`` (AWS: "the /library prefix
    must be included" for Docker Official Images; mendersoftware/mender-server's CI pulls
    ``…/dockerhub/library/docker:29.6-cli``).

    >>> official_name("docker.io/ppc64le/alpine"), official_name("docker.io/acme/alpine")
    ('alpine', None)
    >>> official_name("017659451055.dkr.ecr.eu-central-1.amazonaws.com/dockerhub/library/mongo")
    'mongo'
    """
    for prefix in ("docker.io/library/", *OFFICIAL_MIRRORS):
        if name.startswith(prefix):
            return name[len(prefix) :]
    host, _, path = name.partition("/")
    if ".dkr.ecr." in host and host.endswith((".amazonaws.com", ".amazonaws.com.cn")):
        parts = path.split("/")  # (PREFIX/…/library/NAME: three parts at least)
        if len(parts) >= 3 and parts[-2] == "library" and parts[-1]:
            return parts[-1]
    if name.startswith("docker.io/"):
        namespace, _, rest = name[len("docker.io/") :].partition("/")
        if namespace in ARCHITECTURE_NAMESPACES and rest and "/" not in rest:
            return rest
    return None


def unpublished(name: str) -> bool:
    """Whether no registry publishes a normalised name: one under Docker Hub's ``library/``
    that no official image has ever had (``argocd:param``, ``authelia:dist``, ``test``).

    Docker Hub's ``library/`` namespace, where a name of one component is pulled from, holds
    the Docker Official Images alone; a pull of any other name there fails. So a project that
    uses one builds or loads the image itself (authelia's ``authelia-scripts`` runs ``docker
    build -t authelia:dist``; argo-cd's ``test/manifests/cmp`` kustomization sets
    ``argocd:param`` for a local build, ``kind load docker-image`` loads such names): it is
    not pulled.

    A name on a domain reserved for examples (RFC 2606: ``example.com``, ``example.net``,
    ``example.org`` and the ``.example`` and ``.invalid`` top-level domains) is published by no
    registry either: it is a placeholder the user replaces with their own registry
    (laradock's ``production/providers/render.yaml``, ``registry.example.com/laradock-app``,
    "your pushed image").

    So is a name whose registry or account says it is the reader's to fill in: ``my`` or
    ``your`` before an account's kind (``myorg/privateimage``, ``repo.mycompany.com:8080/…``,
    ``ghcr.io/your-username/app``, ``docker.io/yourAccountName/app``: the examples of
    kreuzwerker's terraform-provider-docker, inbox-zero's README, Quarkus' quickstarts), or
    ``changeme``/``replace-me`` (okpy/ok's Azure chart values: ``dockerRegistry: changeme``).
    """
    from ._official_names import NAMES

    prefix = "docker.io/library/"
    if name.startswith(prefix):
        return name[len(prefix) :] not in NAMES
    domain = name.partition("/")[0].partition(":")[0].lower()
    if example_domain(domain):
        return True
    lowered = name.lower()
    if not any(word in lowered for word in ("my", "your", "change", "replace")):
        return False  # (a quick look: the expression is compiled only for a name that may be)
    parts = [*domain.split("."), *name.split("/")[1:-1]]
    return any(_PLACEHOLDER_ACCOUNT.fullmatch(part.lower()) for part in parts)


def example_domain(domain: str) -> bool:
    """Whether a registry's host (lower case, no port) is on a domain reserved for examples
    (RFC 2606, sections 2 and 3: ``example.com`` and its subdomains, ``*.example``,
    ``*.invalid``), where no registry is ever found.

    >>> example_domain("registry.example.com"), example_domain("myexample.com")
    (True, False)
    """
    return domain in _EXAMPLE_DOMAIN_NAMES or domain.endswith(_EXAMPLE_DOMAINS)


#: Domains reserved for documentation and examples (RFC 2606, section 2 and 3), each with the
#: dot that makes it a suffix: no registry is ever there.
_EXAMPLE_DOMAIN_NAMES = frozenset({"example.com", "example.net", "example.org"})
_EXAMPLE_DOMAINS = (".example.com", ".example.net", ".example.org", ".example", ".invalid")


#: An account or a registry's name that asks for the reader's own: ``my``/``your``, maybe
#: a service, then what kind of account (``myorg``, ``your-dockerhub-username``); or one
#: that says to change it (``changeme``, ``replace-me``).
_PLACEHOLDER_ACCOUNT = lazy_pattern(
    r"(?:my|your)[-_]?(?:(?:docker[-_]?hub|github|gh|docker|quay|registry|company|org)"
    r"[-_]?)?(?:org|organi[sz]ation|company|corp|registry|user|user[-_]?name|account"
    r"|account[-_]?name|namespace|team|domain)s?"
    r"|(?:change|replace)[-_]?me"
)


#: Registries whose tags never move once published. The Kubernetes project's image promoter,
#: the only way an image reaches registry.k8s.io, refuses to move a tag ("tag moves are not
#: supported", kubernetes-sigs/promo-tools); k8s.gcr.io, its predecessor, is frozen (April 2023).
IMMUTABLE_TAG_REGISTRIES = frozenset({"registry.k8s.io", "k8s.gcr.io"})
#: Where NVIDIA's NGC catalogue publishes its monthly framework containers (pytorch,
#: tritonserver, tensorrt, nemo…), "named YY.MM" by their release notes: 24.10 is October 2024's
#: release, whole (there is no 24.10.x), as 24.05 is.
MONTHLY_RELEASE_NAMESPACES = (("nvcr.io", "nvidia/"),)
#: Publishers whose tags are ``[VERSION]-[STABILITY_TAG]``: the application's version, then
#: the image's own release (a git tag of the image's repository, semantic, never rebuilt; a
#: new one brings the application's patch updates). Wodby's READMEs (docker4drupal,
#: docker4wordpress): ``wodby/mariadb:10.2-3.3.8`` is MariaDB 10.2 at stability tag 3.3.8.
#: Docksal's "Stock Images Versions" page: ``<software-version>[-<image-stability-tag>]``,
#: ``docksal/mysql:5.7-1.3`` is MySQL 5.7 in image version 1.3 ("the exact version will always
#: be used" by its stacks). Camptocamp's Odoo images: the README of camptocamp/docker-odoo-project
#: names its image ``ghcr.io/camptocamp/docker-odoo-project:${odoo_version}-${tag_version}``
#: (``16.0-5.4.0``: Odoo 16.0 in the image's release 5.4.0), as Docker Hub's
#: ``camptocamp/odoo-project`` and ``camptocamp/odoo-nginx`` (``11.0-1.3.0``) were. Each with the
#: numbers its stability tags have.
STABILITY_TAG_NAMESPACES = (
    ("docker.io", "wodby/", 3),
    ("docker.io", "docksal/", 2),
    ("docker.io", "camptocamp/odoo-", 3),
    ("ghcr.io", "camptocamp/docker-odoo-project", 3),
)
#: The BSDs, whose releases are numbered MAJOR.MINOR and nothing finer (FreeBSD 14.3, OpenBSD
#: 7.7, NetBSD 10.1; FreeBSD's fixes are patch levels, ``14.3-RELEASE-p4``, not a third number):
#: an image named for one (``freebsd/freebsd-runtime``, containerlab's ``vrnetlab/vr-openbsd``)
#: and tagged ``13.2`` runs that whole release.
BSD_NAMES = frozenset({"freebsd", "openbsd", "netbsd", "dragonflybsd"})
#: Registries where Red Hat publishes UBI (ubi9/ubi-minimal, ubi8); on Docker Hub, redhat/ubi9.
UBI_REGISTRIES = frozenset({"registry.access.redhat.com", "registry.redhat.io"})
#: Debian codenames of the 1990s that are also everyday words (no image has them).
ANCIENT_CODENAMES = frozenset({"buzz", "rex", "bo", "hamm", "slink"})
#: Windows tag ids that name another release's images (see os-releases.README.md), and
#: ``2009``, the version number of the release its marketing calls 20H2 (10.0.19042), which MCR
#: tagged both ways (``mcr.microsoft.com/windows/servercore:2009``).
WINDOWS_ID_ALIASES = {"1809": "ltsc2019", "2009": "20h2"}
#: Toolchains and runtimes: a number right after one is its version (otp-28,
#: temurin-11), even before the tag's own version.
TOOLCHAINS = frozenset(
    "otp temurin eclipse-temurin jdk jre java openjdk corretto amazoncorretto ibm-semeru "
    "sapmachine ibmjava graalvm graal zulu liberica node nodejs php python pypy go golang "
    "ruby perl lein tools-deps scala sbt gradle maven buildroot cuda cudnn rust erlang "
    "elixir swift dotnet mono".split()
)
