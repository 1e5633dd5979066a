"""The secure overlay: cert-manager objects as their API requires, certificates wired to the services that use them,
secrets read-only, TLS required everywhere, and no secret value in the repository."""

from __future__ import annotations

from typing import Any

from tests.deploy.deploy_support import WORKLOAD_KINDS, container_env, main_container, of_kind, render, service_of

OVERLAY = "overlays/secure"
ISSUER_TYPES = ("acme", "ca", "selfSigned", "vault", "venafi")


def cert_manager(kind: str) -> list[dict[str, Any]]:
    return [o for o in of_kind(render(OVERLAY), kind) if o["apiVersion"] == "cert-manager.io/v1"]


def test_certificates_have_the_fields_cert_managers_api_requires() -> None:
    # cert-manager.io/v1 Certificate: spec.secretName and spec.issuerRef.name are required, and at least one
    # subject (commonName, dnsNames, uris, ipAddresses, emailAddresses) must be given.
    issuers = {i["metadata"]["name"] for i in cert_manager("Issuer")}
    certificates = cert_manager("Certificate")
    assert {c["metadata"]["name"] for c in certificates} >= {"mediasearch-ca", "search-tls", "embedder-tls", "expansion-tls"}
    for certificate in certificates:
        spec = certificate["spec"]
        assert spec["secretName"] and spec["issuerRef"]["name"], certificate["metadata"]["name"]
        assert any(spec.get(k) for k in ("commonName", "dnsNames", "uris", "ipAddresses", "emailAddresses"))
        assert spec["issuerRef"].get("kind", "Issuer") == "Issuer" and spec["issuerRef"]["name"] in issuers
        assert certificate["metadata"]["namespace"] == "mediasearch"


def test_issuers_name_exactly_one_issuer_type() -> None:
    # cert-manager.io/v1 Issuer: the spec holds exactly one issuer configuration; `ca` requires secretName.
    secrets = {c["spec"]["secretName"] for c in cert_manager("Certificate")}
    for issuer in cert_manager("Issuer"):
        types = [t for t in ISSUER_TYPES if t in issuer["spec"]]
        assert len(types) == 1, issuer["metadata"]["name"]
        if types == ["ca"]:
            assert issuer["spec"]["ca"]["secretName"] in secrets  # a CA that cert-manager itself issues


def test_every_service_requires_tls_from_its_own_read_only_certificate() -> None:
    objects = render(OVERLAY)
    issued = {c["spec"]["secretName"] for c in cert_manager("Certificate")}
    for workload in of_kind(objects, *WORKLOAD_KINDS):
        service = service_of(workload)
        container = main_container(workload)
        env = container_env(objects, container)
        prefix = service.key.upper() + "_"
        if not service.serves_grpc:
            continue  # the web component serves HTTPS: test_web_serves_https_and_presents_its_certificate_to_search
        assert env[f"{prefix}REQUIRE_TLS"] == "true"
        mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in workload["spec"]["template"]["spec"]["volumes"]}
        for setting in ("TLS_CERT_FILE", "TLS_KEY_FILE"):
            folder = env[prefix + setting].rsplit("/", 1)[0]
            mount = mounts[folder]
            assert mount.get("readOnly") is True, f"{service.key}: {folder} must be read-only"
            secret = volumes[mount["name"]]["secret"]["secretName"]
            assert secret == f"{service.key}-tls" and secret in issued
        for setting in ("AUTH_TOKENS_FILE", "AUTH_IDENTITIES_FILE", "CLIENT_TLS_CA_FILE"):
            if prefix + setting in env:
                assert mounts[env[prefix + setting].rsplit("/", 1)[0]].get("readOnly") is True


def test_embedder_and_expansion_trust_only_search() -> None:
    objects = render(OVERLAY)
    search_cert = next(c for c in cert_manager("Certificate") if c["metadata"]["name"] == "search-tls")
    for name in ("embedder-identities", "expansion-identities"):
        config = next(o for o in of_kind(objects, "ConfigMap") if o["metadata"]["name"] == name)
        lines = [line.split() for line in config["data"]["identities"].splitlines() if line.strip() and not line.startswith("#")]
        assert lines == [[search_cert["spec"]["uris"][0], "reader"]], name
    search = next(w for w in of_kind(objects, "StatefulSet") if w["metadata"]["name"] == "search")
    env = container_env(objects, main_container(search))
    assert env["SEARCH_CLIENT_TLS_CERT_FILE"] == env["SEARCH_TLS_CERT_FILE"]  # its own identity, from its certificate


def test_web_serves_https_and_presents_its_certificate_to_search() -> None:
    objects = render(OVERLAY)
    web = next(w for w in of_kind(objects, "Deployment") if w["metadata"]["name"] == "web")
    container = main_container(web)
    env = container_env(objects, container)
    mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in web["spec"]["template"]["spec"]["volumes"]}

    def secret_of(setting: str) -> str:
        mount = mounts[env[setting].rsplit("/", 1)[0]]
        assert mount.get("readOnly") is True, f"{setting}: {mount['mountPath']} must be read-only"
        return str(volumes[mount["name"]]["secret"]["secretName"])

    web_cert = next(c for c in cert_manager("Certificate") if c["metadata"]["name"] == "web-tls")
    # Its own HTTPS and its client certificate towards search come from its own issued certificate...
    for setting in ("WEB_TLS_CERT_FILE", "WEB_TLS_KEY_FILE", "MEDIASEARCH_TLS_CERT_FILE", "MEDIASEARCH_TLS_KEY_FILE"):
        assert secret_of(setting) == web_cert["spec"]["secretName"], setting
    assert {"server auth", "client auth"} <= set(web_cert["spec"]["usages"])
    # ...it checks search's certificate against the namespace CA, and search knows its identity.
    assert secret_of("MEDIASEARCH_TLS_CA_FILE") == "web-tls"  # cert-manager puts the issuing CA in ca.crt
    secret_of("MEDIASEARCH_TOKEN_FILE")
    identities = next(o for o in of_kind(objects, "ConfigMap") if o["metadata"]["name"] == "search-identities")
    lines = [line.split() for line in identities["data"]["identities"].splitlines() if line.strip() and not line.startswith("#")]
    assert [web_cert["spec"]["uris"][0], "reader"] in [[part.strip() for part in line] for line in lines]
    search_cert = next(c for c in cert_manager("Certificate") if c["metadata"]["name"] == "search-tls")
    host = env["WEB_SEARCH_ADDRESS"].rsplit(":", 1)[0]
    assert host in search_cert["spec"]["dnsNames"], "the web dials search by a name its certificate holds"
