"""The rule tests: a rule that judges registry answers (TS013) is tried against the local
registry of tests/registry (its fixtures, shared here)."""

from __future__ import annotations

from tests.registry.conftest import registry, registry_binary

__all__ = ["registry", "registry_binary"]
