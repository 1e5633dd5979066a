"""What the deploy tests share: the services, the rendered manifests, and each pod's effective settings.

The truth the manifests and Dockerfiles are checked against is the code: each
service's settings class (its field names, env prefix and defaults) and the
gRPC service names in the generated protobuf descriptors.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
KUSTOMIZE_ROOT = DEPLOY / "k8s"
OVERLAYS = ("base", "overlays/dev", "overlays/gpu", "overlays/secure", "overlays/distributed")
# Overlays whose search keeps its collections in Milvus: a stateless Deployment, not a StatefulSet.
STATELESS_SEARCH = ("overlays/distributed",)
WORKLOAD_KINDS = ("Deployment", "StatefulSet")


@dataclass(frozen=True)
class Service:
    """One mediasearch service as the code defines it."""

    key: str  # app.kubernetes.io/component of its objects
    settings_module: str
    settings_class: str
    proto_module: str  # empty for a component that serves HTTP, not gRPC (the web page)
    image: str
    package: str = ""  # the Python package it runs, when not `<key>_svc`
    client_env_prefix: str = ""  # a gRPC client's variables (mediasearch.channels) it reads as well

    @property
    def serves_grpc(self) -> bool:
        return bool(self.proto_module)

    @property
    def python_package(self) -> str:
        return self.package or f"{self.key}_svc"

    @property
    def settings(self) -> Any:
        try:
            module = importlib.import_module(self.settings_module)
        except ModuleNotFoundError as error:
            pytest.fail(f"{self.settings_module} is missing ({error}): cannot cross-check the {self.key} manifests")
        return getattr(module, self.settings_class)

    @property
    def env_prefix(self) -> str:
        return str(self.settings.model_config["env_prefix"])

    def env_names(self) -> set[str]:
        names = {self.env_prefix + name.upper() for name in self.settings.model_fields}
        if self.client_env_prefix:
            from mediasearch.channels import CLIENT_ENV_SUFFIXES

            names |= {self.client_env_prefix + suffix for suffix in CLIENT_ENV_SUFFIXES}
        return names

    @property
    def grpc_service_name(self) -> str:
        descriptor = importlib.import_module(self.proto_module).DESCRIPTOR
        (name,) = descriptor.services_by_name
        return f"{descriptor.package}.{name}"


SERVICES = {
    s.key: s
    for s in (
        Service("embedder", "embedder_svc.settings", "EmbedderSettings", "mediasearch.embedder.v1.embedder_pb2",
                "mediasearch-embedder"),
        Service("expansion", "expansion_svc.settings", "ExpansionSettings", "mediasearch.expansion.v1.expansion_pb2",
                "mediasearch-expansion"),
        Service("search", "search_svc.settings", "SearchSettings", "mediasearch.search.v1.search_pb2",
                "mediasearch-search"),
        Service("web", "mediasearch.web.settings", "WebSettings", "", "mediasearch-web",
                package="mediasearch.web", client_env_prefix="MEDIASEARCH_"),
    )
}
GRPC_SERVICES = {key: s for key, s in SERVICES.items() if s.serves_grpc}


@cache
def render(overlay: str) -> tuple[dict[str, Any], ...]:
    """`kubectl kustomize` output as objects.

    Without kubectl, the base is assembled from its files (so every check still
    runs on it) and the overlays, which need kustomize's patching, are skipped.
    """
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        if overlay == "base":
            return base_without_kustomize()
        pytest.skip(f"kubectl is not installed: cannot render {overlay} (the base and Dockerfile checks still run)")
    done = subprocess.run(
        [kubectl, "kustomize", str(KUSTOMIZE_ROOT / overlay)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"kubectl kustomize {overlay} failed:\n{done.stderr}"
    return tuple(d for d in yaml.safe_load_all(done.stdout) if d)


def base_without_kustomize() -> tuple[dict[str, Any], ...]:
    """The base's own files, its generated ConfigMaps and image tags, without kustomize's name hashes."""
    base = KUSTOMIZE_ROOT / "base"
    kustomization = yaml.safe_load((base / "kustomization.yaml").read_text())
    objects = [d for r in kustomization["resources"] for d in yaml.safe_load_all((base / r).read_text()) if d]
    for generator in kustomization.get("configMapGenerator", []):
        data: dict[str, str] = {}
        for env_file in generator.get("envs", []):
            lines = (base / env_file).read_text().splitlines()
            data.update(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
        data.update(literal.split("=", 1) for literal in generator.get("literals", []))
        labels = dict(generator.get("options", {}).get("labels", {}))
        metadata = {"name": generator["name"], "labels": labels}
        objects.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": data})
    tags = {i["name"]: i["newTag"] for i in kustomization.get("images", [])}
    common = {k: v for entry in kustomization.get("labels", []) for k, v in entry["pairs"].items()}
    for obj in objects:
        obj["metadata"].setdefault("labels", {}).update(common)
        if obj["kind"] != "Namespace":
            obj["metadata"]["namespace"] = kustomization["namespace"]
        template = obj.get("spec", {}).get("template", {})
        if template:
            template["metadata"]["labels"].update(common)
        for container in template.get("spec", {}).get("containers", []):
            if container["image"] in tags:
                container["image"] += ":" + tags[container["image"]]
    return tuple(objects)


def of_kind(objects: tuple[dict[str, Any], ...], *kinds: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] in kinds]


def search_kind(overlay: str) -> str:
    return "Deployment" if overlay in STATELESS_SEARCH else "StatefulSet"


def named(objects: tuple[dict[str, Any], ...], kind: str, name: str) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
    return found[0]


def service_of(obj: dict[str, Any]) -> Service:
    component = obj["metadata"].get("labels", {}).get("app.kubernetes.io/component")
    assert component in SERVICES, f"{obj['kind']} {obj['metadata']['name']}: unknown component label {component!r}"
    return SERVICES[component]


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def main_container(workload: dict[str, Any]) -> dict[str, Any]:
    (container,) = pod_spec(workload)["containers"]
    return container


def container_ports(container: dict[str, Any]) -> dict[str, int]:
    return {p["name"]: p["containerPort"] for p in container.get("ports", [])}


def selector_matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """Kubernetes label-selector semantics (matchLabels and matchExpressions)."""
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        ok = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[operator]
        if not ok:
            return False
    return True


def container_env(objects: tuple[dict[str, Any], ...], container: dict[str, Any]) -> dict[str, str]:
    """Every variable the manifests give the container, from env and envFrom, resolved."""
    def source(kind: str, name: str, optional: bool) -> dict[str, str]:
        matches = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
        assert matches or optional, f"{kind} {name} is referenced but not in the manifests"
        if not matches:
            return {}
        data = dict(matches[0].get("data") or {})
        data.update(matches[0].get("stringData") or {})
        return {k: str(v) for k, v in data.items()}

    env: dict[str, str] = {}
    for ref in container.get("envFrom", []):
        kind, key = ("ConfigMap", "configMapRef") if "configMapRef" in ref else ("Secret", "secretRef")
        values = source(kind, ref[key]["name"], ref[key].get("optional", False))
        env.update({ref.get("prefix", "") + k: v for k, v in values.items()})
    for var in container.get("env", []):
        if "value" in var:
            env[var["name"]] = str(var["value"])
            continue
        ref_key, kind = next((k, kd) for k, kd in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret"))
                             if k in var.get("valueFrom", {}))
        ref = var["valueFrom"][ref_key]
        values = source(kind, ref["name"], ref.get("optional", False))
        assert ref["key"] in values or ref.get("optional"), f"{var['name']}: {kind} {ref['name']} has no {ref['key']}"
        env[var["name"]] = values.get(ref["key"], "")
    return env


@contextmanager
def environment(prefix: str, values: dict[str, str]) -> Iterator[None]:
    """os.environ holding exactly `values` for the prefix, as in a fresh container."""
    saved = {k: v for k, v in os.environ.items() if k.startswith(prefix)}
    for key in saved:
        del os.environ[key]
    os.environ.update(values)
    try:
        yield
    finally:
        for key in values:
            os.environ.pop(key, None)
        os.environ.update(saved)


def settings_from_env(service: Service, env: dict[str, str]) -> Any:
    """The settings object the service builds in a container with this environment."""
    prefixed = {k: v for k, v in env.items() if k.startswith(service.env_prefix)}
    with environment(service.env_prefix, prefixed):
        return service.settings()


def load_deploy_script(relative: str) -> ModuleType:
    """A script under deploy/ (not a package: the images copy them as files), loaded as a module."""
    path = DEPLOY / relative
    spec = importlib.util.spec_from_file_location(f"deploy_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
