"""Authentication and authorization: who is calling (bearer token or mTLS identity) and may they call this.

One interceptor, one concern. A caller presents a bearer token (`authorization:
Bearer <token>` metadata) or, over mutual TLS, a client certificate whose
identity (first SAN, else CN) is mapped to roles. Tokens are kept only as
SHA-256 digests in the token file, and a presented token is compared against
every entry with `hmac.compare_digest`, with no early exit, so neither the file
nor the timing tells an attacker anything useful. Roles nest: `admin` can do
what `writer` can, `writer` what `reader` can. Health checks stay open for
probes. Failures say only UNAUTHENTICATED ("credentials required") or
PERMISSION_DENIED ("permission denied"): nothing about which part was wrong.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import IntEnum

import grpc

from mediasearch.runtime.interceptors import GuardInterceptor
from mediasearch.runtime.reloading import ReloadingFile

log = logging.getLogger("mediasearch.auth")

OPEN_PREFIXES = ("/grpc.health.v1.",)


class Role(IntEnum):
    """What a caller may do; a higher role includes every lower one."""

    READER = 1
    WRITER = 2
    ADMIN = 3

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown role {text!r}: use reader, writer or admin") from None


# The role each RPC needs, by full method name. tests/runtime/test_auth_matrix.py fails when a service
# has an RPC that is not listed here, so a new RPC cannot ship without a decision.
METHOD_ROLES: dict[str, Role] = {}


def require(
    service: str, reader: tuple[str, ...] = (), writer: tuple[str, ...] = (), admin: tuple[str, ...] = ()
) -> None:
    for role, names in ((Role.READER, reader), (Role.WRITER, writer), (Role.ADMIN, admin)):
        for name in names:
            METHOD_ROLES[f"/{service}/{name}"] = role


require(
    "mediasearch.embedder.v1.EmbedderService",
    reader=("BatchEmbedTexts", "BatchEmbedImages", "StreamEmbedImages", "GetModelInfo"),
)
require("mediasearch.expansion.v1.ExpansionService", reader=("Expand", "StreamTerms"))
require(
    "mediasearch.search.v1.SearchService",
    reader=(
        "ListItems",
        "BatchGetThumbnails",
        "Search",
        "FindSimilar",
        "GetCollection",
        "ListCollections",
        "GetCalibration",
        "ProfileImage",
    ),
    writer=("Ingest", "BatchDeleteItems"),
    admin=("FitCalibration", "UpdateCalibration"),
)
# Reflection lists the API; it is off by default and, when on, readers may use it.
require("grpc.reflection.v1alpha.ServerReflection", reader=("ServerReflectionInfo",))
require("grpc.reflection.v1.ServerReflection", reader=("ServerReflectionInfo",))

current_identity: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_identity", default=None)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_line(identity: str, role: Role, token: str) -> str:
    """The token-file line for a new token: the digest only, never the token."""
    return f"{identity} {role.name.lower()} sha256:{token_digest(token)}"


@dataclass(frozen=True)
class _Entry:
    identity: str
    role: Role
    digest: bytes


def _lines(text: str) -> Iterator[list[str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            yield [str(number), *line.split()]


def parse_tokens(text: str) -> list[_Entry]:
    """Token file: `IDENTITY ROLE sha256:HEX` a line (`mediasearch token new` prints them)."""
    entries = []
    for number, *fields in _lines(text):
        if len(fields) != 3 or not fields[2].startswith("sha256:") or len(fields[2]) != 7 + 64:
            raise ValueError(f"token file line {number}: expected 'IDENTITY ROLE sha256:<64 hex digits>'")
        entries.append(_Entry(fields[0], Role.parse(fields[1]), bytes.fromhex(fields[2][7:])))
    return entries


def parse_identities(text: str) -> dict[str, Role]:
    """Identity file: `IDENTITY ROLE` a line, IDENTITY being a client certificate's SAN or CN."""
    roles = {}
    for number, *fields in _lines(text):
        if len(fields) != 2:
            raise ValueError(f"identity file line {number}: expected 'IDENTITY ROLE'")
        roles[fields[0]] = Role.parse(fields[1])
    return roles


class Authorizer:
    """Maps credentials to (identity, role): tokens from a token file, mTLS identities from an identity file."""

    def __init__(self, tokens_file: str = "", identities_file: str = "") -> None:
        self._tokens = ReloadingFile(tokens_file, parse_tokens) if tokens_file else None
        self._identities = ReloadingFile(identities_file, parse_identities) if identities_file else None
        self.check()

    def check(self) -> None:
        """Parse both files now, so a bad file stops start-up with its line number instead of failing calls."""
        if self._tokens:
            self._tokens.value()
        if self._identities:
            self._identities.value()

    def from_token(self, token: str) -> tuple[str, Role] | None:
        if self._tokens is None:
            return None
        presented = hashlib.sha256(token.encode()).digest()
        found: tuple[str, Role] | None = None
        for entry in self._tokens.value():
            if hmac.compare_digest(presented, entry.digest) and found is None:
                found = (entry.identity, entry.role)  # keep looping: the time spent does not depend on the match
        return found

    def from_certificate(self, names: list[str]) -> tuple[str, Role] | None:
        if self._identities is None:
            return None
        roles: Mapping[str, Role] = self._identities.value()
        for name in names:
            if name in roles:
                return name, roles[name]
        return None


def certificate_names(context: grpc.ServicerContext) -> list[str]:
    """The verified client certificate's SANs then CN; empty without mTLS."""
    auth = context.auth_context() or {}
    names = [v.decode() for v in auth.get("x509_subject_alternative_name", [])]  # type: ignore[attr-defined]  # a list of bytes; grpc-stubs says bytes
    return names + [v.decode() for v in auth.get("x509_common_name", [])]  # type: ignore[attr-defined]  # as above


def bearer_token(context: grpc.ServicerContext) -> str | None:
    for key, value in context.invocation_metadata() or ():
        if key == "authorization" and isinstance(value, str) and value[:7].lower() == "bearer ":
            return value[7:].strip()
    return None


class AuthInterceptor(GuardInterceptor):
    """UNAUTHENTICATED without valid credentials, PERMISSION_DENIED without the role; sets `current_identity`."""

    def __init__(self, authorizer: Authorizer) -> None:
        self._authorizer = authorizer

    def intercept_service(self, continuation, details):
        if details.method.startswith(OPEN_PREFIXES):
            return continuation(details)
        return super().intercept_service(continuation, details)

    @contextlib.contextmanager
    def guard(self, context: grpc.ServicerContext, method: str) -> Iterator[None]:
        token = bearer_token(context)
        caller = (
            self._authorizer.from_token(token)
            if token
            else self._authorizer.from_certificate(certificate_names(context))
        )
        if caller is None:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "credentials required")
        identity, role = caller  # abort() raised above when caller is None
        needed = METHOD_ROLES.get(method)
        if needed is None or role < needed:
            log.info("permission denied", extra={"identity": identity, "method": method})
            context.abort(grpc.StatusCode.PERMISSION_DENIED, "permission denied")
        reset = current_identity.set(identity)
        try:
            yield
        finally:
            current_identity.reset(reset)
