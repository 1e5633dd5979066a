"""A small NetworkPolicy evaluator: would a connection from one pod to another be allowed?

It follows the networking.k8s.io/v1 semantics the manifests rely on: a pod
selected by no policy of a direction is open in that direction; a selected
pod admits only what some selecting policy's rule allows (the union); a
connection needs the source's egress and the destination's ingress; a peer
with only a podSelector means the policy's own namespace; named ports resolve
against the destination pod's container ports. ipBlock peers never match pods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.deploy.deploy_support import selector_matches


@dataclass(frozen=True)
class Pod:
    """A pod as NetworkPolicies see it."""

    name: str
    namespace: str
    labels: dict[str, str]
    ports: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (number, protocol)
    namespace_extra_labels: dict[str, str] = field(default_factory=dict)  # labels an operator put on the namespace

    @property
    def namespace_labels(self) -> dict[str, str]:
        # Kubernetes sets this label on every namespace (since 1.21).
        return {"kubernetes.io/metadata.name": self.namespace, **self.namespace_extra_labels}

    def resolve(self, port: int | str) -> int | None:
        if isinstance(port, int):
            return port
        return self.ports[port][0] if port in self.ports else None


def _peer_matches(peer: dict[str, Any], policy_namespace: str, pod: Pod) -> bool:
    if "ipBlock" in peer:
        return False
    if "namespaceSelector" in peer:
        if not selector_matches(peer["namespaceSelector"], pod.namespace_labels):
            return False
    elif pod.namespace != policy_namespace:
        return False
    return selector_matches(peer.get("podSelector", {}), pod.labels)


def _port_matches(rule_ports: list[dict[str, Any]] | None, destination: Pod, port: int, protocol: str) -> bool:
    if not rule_ports:
        return True
    for rule_port in rule_ports:
        if rule_port.get("protocol", "TCP") != protocol:
            continue
        if "port" not in rule_port:
            return True
        start = destination.resolve(rule_port["port"])
        if start is not None and start <= port <= rule_port.get("endPort", start):
            return True
    return False


def _direction_allows(
    policies: list[dict[str, Any]], subject: Pod, peer: Pod, destination: Pod, port: int, protocol: str, egress: bool
) -> bool:
    policy_type, rules_key, peers_key = ("Egress", "egress", "to") if egress else ("Ingress", "ingress", "from")
    selecting = [
        p for p in policies
        if p["metadata"]["namespace"] == subject.namespace
        and policy_type in p["spec"].get("policyTypes", ["Ingress"])
        and selector_matches(p["spec"]["podSelector"], subject.labels)
    ]
    if not selecting:
        return True
    for policy in selecting:
        namespace = policy["metadata"]["namespace"]
        for rule in policy["spec"].get(rules_key, []):
            peers = rule.get(peers_key)
            peer_ok = not peers or any(_peer_matches(p, namespace, peer) for p in peers)
            if peer_ok and _port_matches(rule.get("ports"), destination, port, protocol):
                return True
    return False


def allowed(
    policies: list[dict[str, Any]], source: Pod, destination: Pod, port: int | str, protocol: str = "TCP"
) -> bool:
    """Whether `source` may open a connection to `destination` on `port` (a number or a port name)."""
    number = destination.resolve(port)
    assert number is not None, f"{destination.name} has no port {port!r}"
    return _direction_allows(policies, source, destination, destination, number, protocol, egress=True) and (
        _direction_allows(policies, destination, source, destination, number, protocol, egress=False)
    )
