"""The manifests' operational rules: hardening, resources, images, labels and the allowed network flows."""

from __future__ import annotations

from typing import Any

import pytest

from tests.deploy.deploy_dockerfile import DOCKERFILES, parse
from tests.deploy.deploy_netpol import Pod, allowed
from tests.deploy.deploy_support import (
    OVERLAYS,
    SERVICES,
    WORKLOAD_KINDS,
    container_env,
    main_container,
    of_kind,
    pod_spec,
    render,
    service_of,
    settings_from_env,
)

pytestmark = pytest.mark.parametrize("overlay", OVERLAYS)


def cpu_cores(quantity: str) -> float:
    return float(quantity[:-1]) / 1000 if quantity.endswith("m") else float(quantity)


def dockerfile_for(image: str) -> str:
    """The Dockerfile an image reference is built from (see deploy/README.md)."""
    name, _, tag = image.partition(":")
    (service,) = [s for s in SERVICES.values() if s.image == name]
    return f"{service.key}-cuda" if tag.endswith("-cuda") else service.key


def test_pods_run_non_root_read_only_without_capabilities(overlay: str) -> None:
    for workload in of_kind(render(overlay), *WORKLOAD_KINDS):
        spec = pod_spec(workload)
        pod_security = spec["securityContext"]
        assert pod_security["runAsNonRoot"] is True and pod_security["runAsUser"] != 0
        assert pod_security["seccompProfile"]["type"] == "RuntimeDefault"
        assert spec["automountServiceAccountToken"] is False, "the services never call the Kubernetes API"
        for container in spec["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"] and not security["capabilities"].get("add")
            mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
            assert "/tmp" in mounts, "a read-only root still needs a writable /tmp (HF_HOME lives there)"


def test_image_user_is_the_pod_user(overlay: str) -> None:
    for workload in of_kind(render(overlay), *WORKLOAD_KINDS):
        runtime = parse(DOCKERFILES[dockerfile_for(main_container(workload)["image"])])[-1]
        (user,) = runtime.all("USER")
        uid, _, gid = user.partition(":")
        pod_security = pod_spec(workload)["securityContext"]
        assert (int(uid), int(gid)) == (pod_security["runAsUser"], pod_security["runAsGroup"])


def test_service_links_are_off(overlay: str) -> None:
    # A Service named `search` would inject SEARCH_PORT=tcp://10.0.0.7:50053 into
    # pods, which the settings would read as the gRPC port and fail to parse.
    for workload in of_kind(render(overlay), *WORKLOAD_KINDS):
        assert pod_spec(workload)["enableServiceLinks"] is False, workload["metadata"]["name"]


def test_containers_run_the_image_entry_point(overlay: str) -> None:
    for workload in of_kind(render(overlay), *WORKLOAD_KINDS):
        container = main_container(workload)
        assert "command" not in container and "args" not in container, "the Dockerfile's checked ENTRYPOINT must run"


def test_resources_and_gpu_requests(overlay: str) -> None:
    objects = render(overlay)
    for workload in of_kind(objects, *WORKLOAD_KINDS):
        container = main_container(workload)
        resources = container["resources"]
        assert {"cpu", "memory"} <= set(resources["requests"]) and {"cpu", "memory"} <= set(resources["limits"])
        wants_gpu = overlay.endswith("gpu") and service_of(workload).key == "embedder"
        assert ("nvidia.com/gpu" in resources["limits"]) == wants_gpu, workload["metadata"]["name"]
        image_is_cuda = main_container(workload)["image"].endswith("-cuda")
        assert image_is_cuda == wants_gpu, "the CUDA image goes with a GPU, and only there"
        settings = settings_from_env(service_of(workload), container_env(objects, container))
        threads = getattr(settings, "cpu_threads", 0)
        assert threads <= cpu_cores(resources["limits"]["cpu"]), "torch threads beyond the CPU limit only throttle"
        if wants_gpu:
            assert settings.device.startswith("cuda"), "on a GPU node the embedder must not fall back to the CPU"


def test_objects_carry_the_recommended_labels(overlay: str) -> None:
    for obj in render(overlay):
        labels = obj["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/part-of") == "mediasearch", f"{obj['kind']} {obj['metadata']['name']}"
        if obj["kind"] in (*WORKLOAD_KINDS, "Service", "ConfigMap", "Secret", "HorizontalPodAutoscaler"):
            service = service_of(obj)
            assert labels["app.kubernetes.io/name"] == service.image
            assert labels["app.kubernetes.io/instance"]


def test_secrets_are_placeholders(overlay: str) -> None:
    for secret in of_kind(render(overlay), "Secret"):
        assert not secret.get("data") and not secret.get("stringData"), "no secret value is committed"


def _cluster(objects: tuple[dict[str, Any], ...]) -> dict[str, Pod]:
    namespace = next(o["metadata"]["name"] for o in objects if o["kind"] == "Namespace")
    pods = {
        service_of(w).key: Pod(
            service_of(w).key,
            namespace,
            w["spec"]["template"]["metadata"]["labels"],
            {p["name"]: (p["containerPort"], p.get("protocol", "TCP")) for p in main_container(w)["ports"]},
        )
        for w in of_kind(objects, *WORKLOAD_KINDS)
    }
    # A client as deploy/README.md tells users to set one up: labelled pod, labelled namespace.
    pods["client"] = Pod("client", "apps", {"mediasearch.io/client": "true"},
                         namespace_extra_labels={"mediasearch.io/search-clients": "true"})
    pods["unlisted-client"] = Pod("unlisted-client", "other-team", {"mediasearch.io/client": "true"})
    pods["stranger"] = Pod("stranger", namespace, {"app": "something-else"}, {"http": (8080, "TCP")})
    pods["prometheus"] = Pod("prometheus", "monitoring", {"app.kubernetes.io/name": "prometheus"})
    pods["dns"] = Pod("dns", "kube-system", {"k8s-app": "kube-dns"}, {"dns": (53, "UDP"), "dns-tcp": (53, "TCP")})
    return pods


def test_network_policy_allows_only_the_designed_flows(overlay: str) -> None:
    objects = render(overlay)
    policies = of_kind(objects, "NetworkPolicy")
    pod = _cluster(objects)
    flows = {
        ("client", "search", "grpc"): True,
        ("web", "search", "grpc"): True,
        ("client", "web", "http"): True,
        # The page is for people: any namespace's pods (an Ingress controller's) reach it...
        ("unlisted-client", "web", "http"): True,
        # ...but a stray pod in this namespace has no egress at all (default deny).
        ("stranger", "web", "http"): False,
        ("web", "embedder", "grpc"): False,
        ("web", "expansion", "grpc"): False,
        ("web", "search", "metrics"): False,
        ("web", "stranger", "http"): False,
        ("search", "web", "http"): False,
        ("embedder", "web", "http"): False,
        ("search", "embedder", "grpc"): True,
        ("search", "expansion", "grpc"): True,
        ("prometheus", "embedder", "metrics"): True,
        ("prometheus", "expansion", "metrics"): True,
        ("prometheus", "search", "metrics"): True,
        ("client", "embedder", "grpc"): False,
        ("client", "expansion", "grpc"): False,
        ("client", "search", "metrics"): False,
        ("stranger", "search", "grpc"): False,
        ("embedder", "search", "grpc"): False,
        ("embedder", "expansion", "grpc"): False,
        ("expansion", "embedder", "grpc"): False,
        ("search", "embedder", "metrics"): False,
        ("prometheus", "search", "grpc"): False,
        ("search", "stranger", "http"): False,
        ("embedder", "stranger", "http"): False,
        # With access control on, only namespaces labelled as search's clients reach it.
        ("unlisted-client", "search", "grpc"): overlay != "overlays/secure",
    }
    wrong = [f for f, expected in flows.items() if allowed(policies, pod[f[0]], pod[f[1]], f[2]) != expected]
    assert not wrong, f"flows not as designed (source, destination, port): {wrong}"
    assert allowed(policies, pod["search"], pod["dns"], 53, "UDP"), "search resolves the embedder's pod IPs"
    assert allowed(policies, pod["search"], pod["dns"], 53, "TCP")
    assert allowed(policies, pod["web"], pod["dns"], 53, "UDP"), "the web resolves search's Service name"
    for silent in ("embedder", "expansion"):
        assert not allowed(policies, pod[silent], pod["dns"], 53, "UDP"), f"{silent} needs no egress at all"
