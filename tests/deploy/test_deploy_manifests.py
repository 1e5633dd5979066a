"""The kustomize base and overlays render, validate strictly, and agree with the services' code.

Every environment variable a pod gets must be a real setting of its service
(and parse as one), every probe and Service port must be a port the container
listens on (the port the service's settings bind), and every selector must
select a workload. The gRPC services are probed through gRPC health; the web
component, which serves HTTP, on routes its app really has.
"""

from __future__ import annotations

import re
from typing import Any

import kubernetes_validate
import pytest

from tests.deploy.deploy_support import (
    OVERLAYS,
    SERVICES,
    STATELESS_SEARCH,
    WORKLOAD_KINDS,
    container_env,
    container_ports,
    main_container,
    named,
    of_kind,
    pod_spec,
    render,
    search_kind,
    selector_matches,
    service_of,
    settings_from_env,
)

# The lowest release whose schemas hold every field used (gRPC probes are GA
# since 1.27), and the newest schemas kubernetes-validate bundles.
KUBERNETES_VERSIONS = ("1.27.0", kubernetes_validate.latest_version())

pytestmark = pytest.mark.parametrize("overlay", OVERLAYS)


def workloads(overlay: str) -> list[dict[str, Any]]:
    found = of_kind(render(overlay), *WORKLOAD_KINDS)
    assert {service_of(w).key for w in found} == set(SERVICES), "each service needs exactly one workload"
    return found


def pod_labels(workload: dict[str, Any]) -> dict[str, str]:
    return dict(workload["spec"]["template"]["metadata"]["labels"])


def effective_settings(overlay: str, workload: dict[str, Any]) -> Any:
    service = service_of(workload)
    return settings_from_env(service, container_env(render(overlay), main_container(workload)))


def test_renders_with_every_service(overlay: str) -> None:
    objects = render(overlay)
    kinds = {(o["kind"], o["metadata"]["name"]) for o in objects}
    assert ("Deployment", "embedder") in kinds and ("HorizontalPodAutoscaler", "embedder") in kinds
    assert ("Deployment", "expansion") in kinds and ("Service", "expansion") in kinds
    assert (search_kind(overlay), "search") in kinds and ("PodDisruptionBudget", "search") in kinds
    assert ("Deployment", "web") in kinds and ("Service", "web") in kinds
    assert ("NetworkPolicy", "default-deny") in kinds


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_object_validates_strictly(overlay: str, version: str) -> None:
    failures = []
    # cert-manager's kinds are not in the Kubernetes schema: tests/deploy/test_deploy_secure.py checks them.
    for obj in (o for o in render(overlay) if not o["apiVersion"].startswith("cert-manager.io/")):
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            failures.append(f"{obj['kind']} {obj['metadata']['name']}: {error.message} at {list(error.path)}")
    assert not failures, "\n".join(failures)


def test_env_names_are_settings_of_that_service(overlay: str) -> None:
    for workload in workloads(overlay):
        service = service_of(workload)
        env = container_env(render(overlay), main_container(workload))
        unknown = sorted(set(env) - service.env_names())
        name = workload["metadata"]["name"]
        assert not unknown, f"{name} sets variables {service.settings_class} does not read: {unknown}"


def test_env_values_parse_as_settings(overlay: str) -> None:
    for workload in workloads(overlay):
        effective_settings(overlay, workload)  # raises pydantic.ValidationError on a bad value


def test_container_ports_are_the_ports_the_service_binds(overlay: str) -> None:
    for workload in workloads(overlay):
        settings = effective_settings(overlay, workload)
        ports = container_ports(main_container(workload))
        if not service_of(workload).serves_grpc:
            assert ports == {"http": settings.port}, workload["metadata"]["name"]
            continue
        wanted = {"grpc": settings.port, "metrics": settings.metrics_port}
        if settings.health_port >= 0:
            wanted["health"] = settings.health_port
        assert ports == wanted, workload["metadata"]["name"]
        annotations = workload["spec"]["template"]["metadata"].get("annotations", {})
        assert annotations.get("prometheus.io/port") == str(settings.metrics_port)


def test_probes_ask_the_health_service_on_the_grpc_port(overlay: str) -> None:
    for workload in workloads(overlay):
        service = service_of(workload)
        if not service.serves_grpc:
            continue  # the web component: test_web_probes_ask_its_own_health_routes
        container = main_container(workload)
        ports = container_ports(container)
        # With TLS the probes use the plain-text health-only port (kubelet's gRPC probe has no TLS).
        probe_port = ports.get("health", ports["grpc"])
        if "health" in ports:
            assert effective_settings(overlay, workload).health_port == ports["health"]
        for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
            probe = container[kind]
            assert probe["grpc"]["port"] == probe_port, f"{workload['metadata']['name']} {kind}"
            # Readiness and start-up ask about the service itself (NOT_SERVING until loaded).
            wanted = {""} if kind == "livenessProbe" else set()
            assert probe["grpc"].get("service", "") in wanted | {service.grpc_service_name}, kind
        assert container["readinessProbe"]["grpc"]["service"] == service.grpc_service_name
        startup = container["startupProbe"]
        assert startup["periodSeconds"] * startup["failureThreshold"] >= 120, "start-up must allow for loading"


def web_routes() -> set[str]:
    from mediasearch.web.app import create_app
    from mediasearch.web.backend import SearchBackend
    from mediasearch.web.settings import WebSettings

    app = create_app(WebSettings(), SearchBackend.connect("127.0.0.1:1", security=None))
    return {route.path for route in app.routes if hasattr(route, "path")}


def test_web_probes_ask_its_own_health_routes(overlay: str) -> None:
    objects = render(overlay)
    web = named(objects, "Deployment", "web")
    container, settings = main_container(web), effective_settings(overlay, web)
    routes = web_routes()
    for kind, path in (("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        probe = container[kind]["httpGet"]
        # Liveness must not follow search (a search outage would restart every web pod); readiness does.
        assert probe["path"] == path and path in routes, f"{kind} asks {probe['path']}, the app serves {routes}"
        port = probe["port"]
        assert (container_ports(container)[port] if isinstance(port, str) else port) == settings.port, kind
        assert probe.get("scheme", "HTTP") == ("HTTPS" if settings.tls_cert_file else "HTTP"), kind
    startup = container["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 30


def test_services_select_a_workload_and_target_its_ports(overlay: str) -> None:
    objects = render(overlay)
    for svc in of_kind(objects, "Service"):
        selector = {"matchLabels": svc["spec"]["selector"]}
        selected = [w for w in workloads(overlay) if selector_matches(selector, pod_labels(w))]
        assert len(selected) == 1, f"Service {svc['metadata']['name']} selects {len(selected)} workloads"
        ports = container_ports(main_container(selected[0]))
        for port in svc["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            number = ports.get(target) if isinstance(target, str) else target
            assert number in ports.values(), f"Service {svc['metadata']['name']} port {port['name']} -> {target}"
            assert port["name"] in ports and ports[port["name"]] == number, "Service port names follow the container's"
            assert port.get("appProtocol") == ("grpc" if port["name"] == "grpc" else "http")
            if svc["spec"].get("clusterIP") == "None":
                assert port["port"] == number, "headless: clients dial the pod's own port"


def test_workload_selectors_match_their_pods(overlay: str) -> None:
    objects = render(overlay)
    for workload in workloads(overlay):
        labels = workload["spec"]["template"]["metadata"]["labels"]
        assert selector_matches(workload["spec"]["selector"], labels), workload["metadata"]["name"]
        others = [w for w in workloads(overlay) if w is not workload]
        assert not any(selector_matches(workload["spec"]["selector"], pod_labels(w))
                       for w in others), "a selector must not overlap another workload's pods"
    for hpa in of_kind(objects, "HorizontalPodAutoscaler"):
        target = hpa["spec"]["scaleTargetRef"]
        scaled = named(objects, target["kind"], target["name"])
        assert "replicas" not in scaled["spec"], "the autoscaler owns replicas; a fixed count fights it on apply"
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    for pdb in of_kind(objects, "PodDisruptionBudget"):
        covered = [w for w in workloads(overlay) if selector_matches(pdb["spec"]["selector"], pod_labels(w))]
        assert [w["kind"] for w in covered] == [search_kind(overlay)]


def test_embedder_is_headless_and_search_keeps_data_on_its_volume(overlay: str) -> None:
    objects = render(overlay)
    assert named(objects, "Service", "embedder")["spec"].get("clusterIP") == "None"
    if overlay in STATELESS_SEARCH:
        # Its data is in a Milvus cluster: no volume, and a server address, never a Milvus Lite file in the pod.
        search = named(objects, "Deployment", "search")
        settings = effective_settings(overlay, search)
        assert settings.backend == "milvus" and settings.milvus_uri.startswith("http://"), settings.milvus_uri
        assert not pod_spec(search).get("volumes", []) or all("emptyDir" in v for v in pod_spec(search)["volumes"])
        assert named(objects, "HorizontalPodAutoscaler", "search")["spec"]["minReplicas"] >= 2
        return
    search = named(objects, "StatefulSet", "search")
    governing = named(objects, "Service", search["spec"]["serviceName"])
    assert governing["spec"].get("clusterIP") == "None", "a StatefulSet's governing Service is headless"
    claims = {c["metadata"]["name"] for c in search["spec"]["volumeClaimTemplates"]}
    mounts = {m["name"]: m["mountPath"] for m in main_container(search)["volumeMounts"]}
    settings = effective_settings(overlay, search)
    data_dir = str(getattr(settings, "data_dir"))
    assert any(mounts.get(claim) == data_dir for claim in claims), f"SEARCH_DATA_DIR {data_dir} is not on the PVC"


def test_shutdown_grace_fits_in_the_pod_termination_grace(overlay: str) -> None:
    for workload in workloads(overlay):
        settings = effective_settings(overlay, workload)
        termination_grace = pod_spec(workload)["terminationGracePeriodSeconds"]
        # The web component has no drain setting: uvicorn finishes open requests on SIGTERM.
        assert termination_grace > getattr(settings, "grace_period_s", 0), workload["metadata"]["name"]


@pytest.mark.parametrize(("client", "dependency"), [
    (("StatefulSet", "search"), "embedder"), (("StatefulSet", "search"), "expansion"), (("Deployment", "web"), "search")])
def test_clients_dial_their_dependencies_through_their_services(overlay: str, client: tuple[str, str],
                                                                 dependency: str) -> None:
    objects = render(overlay)
    if client[1] == "search":
        client = (search_kind(overlay), "search")
    settings = effective_settings(overlay, named(objects, *client))
    address = getattr(settings, f"{dependency}_address")
    match = re.fullmatch(r"(?:dns:///)?([a-z0-9.-]+):(\d+)", address)
    assert match, f"{client[1]}'s {dependency} address {address!r} is not host:port"
    host, port = match.group(1), int(match.group(2))
    namespace = named(objects, *client)["metadata"].get("namespace", "")
    service_name = host.split(".")[0]
    assert host in (service_name, f"{service_name}.{namespace}", f"{service_name}.{namespace}.svc"), address
    svc = named(objects, "Service", service_name)
    assert service_of(svc).key == dependency, f"{address} reaches {service_of(svc).key}, not {dependency}"
    assert port in [p["port"] for p in svc["spec"]["ports"] if p["name"] == "grpc"], address
    if svc["spec"].get("clusterIP") == "None":
        # Only the dns resolver returns every pod for round_robin to balance over.
        assert address.startswith("dns:///"), f"{address}: use dns:/// for a headless Service"
