"""Development certificates: a throwaway CA and certificates signed by it, as PEM files.

`mediasearch up --secure` uses it so the secure path is one command away on a
laptop, and the tests use it for real handshakes (expired and foreign
certificates included). Production certificates come from cert-manager or a
team's own PKI (deploy/README.md), never from here.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime.now(datetime.UTC)


@dataclass
class Authority:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    cert_file: Path


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _write_key(key: ec.EllipticCurvePrivateKey, path: Path) -> Path:
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return path


def authority(folder: Path, name: str = "test-ca") -> Authority:
    key = _key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(days=1))
        .not_valid_after(NOW + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / f"{name}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Authority(key, cert, path)


def issue(
    ca: Authority, folder: Path, name: str, *, server: bool = True, uri: str = "", expired: bool = False
) -> tuple[Path, Path]:
    """A leaf certificate signed by `ca`: for a server on localhost/127.0.0.1, or a client with a URI SAN."""
    key = _key()
    names: list[x509.GeneralName] = []
    if server:
        names += [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    if uri:
        names.append(x509.UniformResourceIdentifier(uri))
    start, end = (
        (NOW - datetime.timedelta(days=10), NOW - datetime.timedelta(days=1))
        if expired
        else (NOW - datetime.timedelta(minutes=5), NOW + datetime.timedelta(days=7))
    )
    usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    cert = builder.sign(ca.key, hashes.SHA256())
    cert_file = folder / f"{name}.crt"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_file, _write_key(key, folder / f"{name}.key")


@dataclass
class DevSecurity:
    """What `up --secure` made: the CA clients trust, the server pair every service uses, a token file and token."""

    ca_file: Path
    cert_file: Path
    key_file: Path
    tokens_file: Path
    token_file: Path
    service_token_file: Path

    def client_env(self) -> dict[str, str]:
        """What a CLI needs to call the stack: trust the dev CA, present the admin token."""
        return {"MEDIASEARCH_TLS_CA_FILE": str(self.ca_file), "MEDIASEARCH_TOKEN_FILE": str(self.token_file)}

    def service_env(self, prefix: str) -> dict[str, str]:
        """A service's TLS and token settings; search also calls its dependencies with a reader token of its own."""
        env = {
            f"{prefix}TLS_CERT_FILE": str(self.cert_file),
            f"{prefix}TLS_KEY_FILE": str(self.key_file),
            f"{prefix}AUTH_TOKENS_FILE": str(self.tokens_file),
            f"{prefix}REQUIRE_TLS": "true",
        }
        if prefix == "SEARCH_":
            env |= {
                "SEARCH_CLIENT_TLS_CA_FILE": str(self.ca_file),
                "SEARCH_CLIENT_TOKEN_FILE": str(self.service_token_file),
            }
        return env


def dev_security(folder: Path) -> DevSecurity:
    """Create (or reuse) a CA, a localhost server certificate and an admin token under `folder`, private to its owner."""
    import os
    import secrets

    from mediasearch.runtime.auth import Role, token_line

    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    paths = DevSecurity(
        folder / "ca.pem",
        folder / "server.crt",
        folder / "server.key",
        folder / "tokens",
        folder / "admin.token",
        folder / "search-service.token",
    )
    if all(p.exists() for p in vars(paths).values()):
        return paths
    ca = authority(folder, "ca")
    issue(ca, folder, "server")
    token, service_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    paths.token_file.write_text(token + "\n")
    paths.service_token_file.write_text(service_token + "\n")
    paths.tokens_file.write_text(
        token_line("local-admin", Role.ADMIN, token)
        + "\n"
        + token_line("search-service", Role.READER, service_token)
        + "\n"
    )
    for path in vars(paths).values():
        os.chmod(path, 0o600)
    return paths
