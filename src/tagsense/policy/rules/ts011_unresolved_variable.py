"""The reference depends on a variable with no value.

## What it does
Reports references built from variables that have no value where they are
used (``FROM redis:${TAG}`` with no default and no ``--build-arg`` or build
argument from the compose or bake file that builds it, a compose ``${TAG}``
not set in the environment or ``.env``), and CI images filled in only when a
job runs (``${{ secrets.IMAGE }}``, ``$CI_REGISTRY_IMAGE``, a parameter without
a default), and Helm chart images that cannot be rendered offline (a ``required``
value not set, ``lookup`` of the cluster's state), and a Dev Container's
``${localEnv:NAME}`` not set in the environment (or what only the machine that makes the
container knows: ``${localWorkspaceFolderBasename}``), an OpenShift Template's parameter
without a value (``required``: ``oc process -p`` gives it), and a Kubernetes manifest's
substitution variables without a default (``${NAME}``, ``$NAME``: envsubst, Flux and clusterctl
fill them in before it is applied), a Terraform, Nomad or Packer image that only a run knows (a
``variable`` without a default, a data source, another resource's attribute,
``each.value``, Nomad's ``${NOMAD_META_tag}``, a Levant ``[[ .version ]]`` placeholder of a
job file rendered before Nomad reads it) or an Ansible task's ``{{ var }}`` the files do
not give, a Test Kitchen file's ``<%= ENV['TAG'] %>``, a balena ``Dockerfile.template``'s
``%%BALENA_ARCH%%`` (the fleet's device type), a JVM test's Testcontainers image made with a
system property or environment variable without a default (``String.format("flink:%s",
System.getProperty("flink.version"))``: the test run gives it),
and a CloudFormation template's image from a parameter without a ``Default`` or a
pseudo parameter (``${AWS::AccountId}``), with the reason. When the
real tool rejects the line outright (``FROM $BASE`` with nothing in ``BASE``:
BuildKit's "base name should not be blank"), that error is the one report; in a
Dockerfile that no build of the scan feeds, an ``ARG BASE`` without a default is
the build's to give, so ``FROM $BASE`` is reported here; where a build of the scan
passes it with a value only a run knows (``--build-arg GO=$(shell go env GOVERSION)``),
the message names that build; a run's value for the registry alone, where the Dockerfile's
default names one (``ARG REGISTRY=docker.io``, ``FROM ${REGISTRY}/library/python:…``), is a
mirror of the image the default names, which is judged instead.

## Why is this bad?
The build fails, or pulls whatever the caller passes: the files do not say
which image it uses.

## Example
```dockerfile
ARG TAG
FROM redis:${TAG}
```

## Use instead
```dockerfile
ARG TAG=7.2.4
FROM redis:${TAG}
```
"""

from __future__ import annotations

from ._base import Subject, Verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS011"
NAME = "unresolved-variable"
SEVERITY = "warning"


#: Who gives the values a Terraform, Nomad or Ansible file leaves to a run, by kind.
_HCL_RUNS = {
    "terraform": "terraform apply (a variable without a default, a data source, another "
    "resource's attribute)",
    "nomad": "the job's run (-var, a variable without a default, Nomad's runtime interpolation, "
    "a [[ ]] template's render)",
    "ansible": "the playbook's run (extra vars, the inventory's group_vars, facts)",
    "packer": "packer build (-var, a variable without a default)",
}

#: Who fills in what a deployment platform's configuration leaves to its deployment.
_PLATFORM_RUNS = {
    "kamal": "Kamal's ERB, when it reads the file (ENV, the destination)",
    "kitchen": "Test Kitchen's ERB, when it reads the file (ENV without a default)",
    "digitalocean": "App Platform, when the app deploys (a bindable variable)",
    "copilot": "the environment `copilot deploy` runs in",
    "iotedge": "the IoT Edge dev tools (iotedgedev genconfig: the environment, the .env)",
    "quadlet": "systemd, when the unit starts (a specifier: %i is a template unit's instance)",
    "act": "the environment act runs in (it puts variables in its .actrc's lines)",
}


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    occurrence = subject.occurrence
    if occurrence is None or not subject.unresolved:
        return
    names = occurrence.unresolved
    if occurrence.run_time is not None:
        what = occurrence.run_time + (f" ({', '.join(names)})" if names else "")
        yield Verdict(
            f"'{occurrence.raw}' is filled in from {what} when the job runs, so the image "
            "cannot be judged here; write the image out, or suppress this line"
        )
        return
    listed = ", ".join(names)
    has = "has" if len(names) == 1 else "have"
    if occurrence.kind == "helm":  # the renderer's reasons, not variable names
        from ..._gotemplate.values import REQUIRED_NOT_SET

        missing = any(name.startswith(REQUIRED_NOT_SET) for name in names)
        yield Verdict(
            f"'{occurrence.raw}' cannot be rendered here: {'; '.join(names)}; "
            + ("give the chart the value (--values, --set)" if missing else "write the image out")
            + ", or suppress this line"
        )
        return
    if occurrence.kind == "devcontainer":  # (the devcontainer CLI's variables, by name)
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, which {has} no value here; give it a "
            "default (${localEnv:NAME:default}), set it in the environment, or write the image out"
        )
        return
    if occurrence.kind == "kubernetes" and "template" in occurrence.context:
        yield Verdict(  # (an OpenShift Template's parameters, which `oc process` puts in)
            f"'{occurrence.raw}' depends on {listed}, which `oc process` fills in from the "
            f"template's parameters and {has} no value here; give the parameter a value, or "
            "suppress this line"
        )
        return
    if occurrence.kind == "kubernetes":  # a substitution's ${VAR}, before it is applied
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, which a substitution fills in before the "
            f"manifest is applied (envsubst, Flux, clusterctl) and {has} no value here; give it "
            "a default (${NAME:=default}), or suppress this line"
        )
        return
    if occurrence.kind == "testcontainers":  # (a JVM test's System.getProperty, getenv)
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, a system property or environment "
            f"variable that the test run gives (-D{names[0]}=…, the build's systemProperty) and "
            f"{has} no value here; give it a default (System.getProperty(KEY, DEFAULT)), or "
            "suppress this line"
        )
        return
    if occurrence.kind in _HCL_RUNS:  # (a run's values: variables, data sources, resources)
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, which only {_HCL_RUNS[occurrence.kind]} "
            "knows; give the variable a default, write the image out, or suppress this line"
        )
        return
    if occurrence.kind in _PLATFORM_RUNS:
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, which only "
            f"{_PLATFORM_RUNS[occurrence.kind]} fills in; write the image out, or suppress "
            "this line"
        )
        return
    if occurrence.kind == "cloudformation":  # what the stack's deployment gives
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, which {has} no value in the template: "
            "the deployment gives it (a parameter without a Default, a pseudo parameter, "
            "!GetAtt…); give the parameter a Default, write the image out, or suppress this line"
        )
        return
    if occurrence.context.get("template") == "balena":  # (a Dockerfile.template's %%NAME%%)
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, which balena's builder fills in for "
            "each device type of the fleet, so the image cannot be judged here; write the "
            "image out (or one per device type: Dockerfile.<arch>), or suppress this line"
        )
        return
    invalid_default = occurrence.context.get("invalid_default")
    if isinstance(invalid_default, str):  # (a Dockerfile's placeholder default)
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, whose default gives '{invalid_default}', "
            "no valid reference, so every build passes its own value, not known here; "
            "write a valid default, or suppress this line"
        )
        return
    build = occurrence.context.get("build")
    if occurrence.context.get("run_value") and isinstance(build, dict):
        # (the build passes the argument, with what only a run knows: a command's output)
        where = f"{build.get('path')}:{build.get('line')}"
        if build.get("tool") == "compose":  # (compose's variables: its user's .env, shell)
            yield Verdict(
                f"'{occurrence.raw}' depends on {listed}, which the compose build at {where} "
                f"passes from variables that {has} no value here (the user's .env, the "
                "environment), so the image cannot be judged here; give them a default, "
                "or suppress this line"
            )
            return
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, which the build at {where} passes with "
            "a value only a run knows, so the image cannot be judged here; write the value "
            "out, or suppress this line"
        )
        return
    yield Verdict(
        f"'{occurrence.raw}' depends on {listed}, which {has} no value here; "
        "give it a default, or pass a value (--build-arg, the environment)"
    )
