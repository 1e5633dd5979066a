"""TLS for every server and client, from PEM files named in settings, re-read when the files change.

Kubernetes updates a mounted Secret in place and cert-manager renews
certificates before they expire, so a service must pick up new files without a
restart and without dropping calls: the server's credentials are dynamic
(gRPC asks for the current configuration at every new handshake, so open
connections and the calls on them are untouched), and a pair is only taken
once the certificate and key on disk match each other, so a Secret caught half
way through an update never breaks a handshake.
"""

from __future__ import annotations

import logging
import os
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import grpc

log = logging.getLogger("mediasearch.tls")


class TLSConfigError(ValueError):
    """TLS settings that cannot work (a missing file, a key that does not match its certificate)."""


def _signature(paths: list[str]) -> tuple[tuple[int, int], ...]:
    """What changes when a file is rewritten or its Secret symlink is swapped: (mtime_ns, size) of each target."""
    stats = []
    for path in paths:
        stat = os.stat(path)  # follows the ..data symlinks Kubernetes uses for mounted Secrets
        stats.append((stat.st_mtime_ns, stat.st_size))
    return tuple(stats)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise TLSConfigError(f"cannot read {path}: {error.strerror}") from None


def check_pair(cert_file: str, key_file: str) -> None:
    """TLSConfigError unless the key belongs to the certificate (what a half-updated Secret gets wrong)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(cert_file, key_file)
    except (ssl.SSLError, OSError) as error:
        raise TLSConfigError(f"{cert_file} and {key_file} are not a matching certificate and key: {error}") from None


@dataclass(frozen=True)
class ServerTLS:
    """A server's certificate and key; with `client_ca_file`, clients must present a certificate it signed (mTLS)."""

    cert_file: str
    key_file: str
    client_ca_file: str = ""

    def _files(self) -> list[str]:
        return [self.cert_file, self.key_file] + ([self.client_ca_file] if self.client_ca_file else [])

    def _configuration(self) -> grpc.ServerCertificateConfiguration:
        check_pair(self.cert_file, self.key_file)
        roots = _read(self.client_ca_file) if self.client_ca_file else None
        return grpc.ssl_server_certificate_configuration(
            [(_read(self.key_file), _read(self.cert_file))], root_certificates=roots
        )

    def credentials(self) -> grpc.ServerCredentials:
        """Dynamic credentials: each new handshake uses the files as they are now, if they changed and are valid."""
        lock = threading.Lock()
        current = {"signature": _signature(self._files())}
        initial = self._configuration()

        def fetch() -> grpc.ServerCertificateConfiguration | None:
            with lock:
                try:
                    signature = _signature(self._files())
                    if signature == current["signature"]:
                        return None  # unchanged: keep what is in use
                    configuration = self._configuration()
                except (OSError, TLSConfigError) as error:
                    log.warning("new TLS files not usable yet, keeping the current ones: %s", error)
                    return None
                current["signature"] = signature
                log.info("TLS certificate reloaded", extra={"cert_file": self.cert_file})
                return configuration

        # grpc takes None from the fetcher as "no change"; grpc-stubs types the fetcher without None.
        fetcher = cast(Callable[[], grpc.ServerCertificateConfiguration], fetch)
        return grpc.dynamic_ssl_server_credentials(
            initial, fetcher, require_client_authentication=bool(self.client_ca_file)
        )


@dataclass(frozen=True)
class ClientTLS:
    """What a client trusts (`ca_file`, empty = the system roots) and, for mTLS, its own certificate and key."""

    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    # Checked against the server certificate's names instead of the address (tests, IP addresses).
    server_name: str = ""

    def files(self) -> list[str]:
        return [f for f in (self.ca_file, self.cert_file, self.key_file) if f]

    def signature(self) -> tuple[tuple[int, int], ...]:
        return _signature(self.files())

    def credentials(self) -> grpc.ChannelCredentials:
        if bool(self.cert_file) != bool(self.key_file):
            raise TLSConfigError("a client certificate needs both a certificate file and a key file")
        if self.cert_file:
            check_pair(self.cert_file, self.key_file)
        return grpc.ssl_channel_credentials(
            root_certificates=_read(self.ca_file) if self.ca_file else None,
            private_key=_read(self.key_file) if self.key_file else None,
            certificate_chain=_read(self.cert_file) if self.cert_file else None,
        )
