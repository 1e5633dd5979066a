"""Typed service settings read from `<PREFIX>_*` environment variables and flags.

Each service subclasses `ServiceSettings` with its own `env_prefix`; the field
names are the single list of knobs, which the Kubernetes manifests set as
environment variables and `main()` exposes as `--kebab-case` flags. Flags win
over the environment, which wins over defaults.
"""

from __future__ import annotations

import argparse
import types
import typing
from collections.abc import Sequence
from typing import Any, Self

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Settings every service shares; subclasses add their own and set `env_prefix`."""

    model_config = SettingsConfigDict(env_prefix="MEDIASEARCH_", extra="forbid", validate_default=True)

    host: str = Field("[::]", description="Address the gRPC server binds to.")
    port: int = Field(50051, ge=0, le=65535, description="gRPC port; 0 picks a free one.")
    metrics_port: int = Field(
        9090, ge=-1, le=65535, description="Prometheus /metrics HTTP port; 0 picks a free one, -1 disables."
    )
    max_concurrent_rpcs: int = Field(
        32, ge=1, description="RPCs served at once; more get RESOURCE_EXHAUSTED at once instead of queueing."
    )
    max_caller_share: float = Field(
        0.25,
        gt=0,
        le=1,
        description="Largest fraction of max_concurrent_rpcs one caller (today: one client address) holds at once; "
        "its calls beyond that get RESOURCE_EXHAUSTED while other callers keep their slots.",
    )
    stream_idle_timeout_s: float = Field(
        30.0,
        ge=0,
        description="A stream whose client sends nothing for this long while the server waits for it ends with "
        "DEADLINE_EXCEEDED, freeing its slot; 0 = never.",
    )
    unary_deadline_s: float = Field(
        60.0,
        gt=0,
        description="Server-side deadline of unary calls (a shorter client deadline wins); past it the call gets "
        "DEADLINE_EXCEEDED, and calls it makes to other services get only the time left.",
    )
    keepalive_time_s: float = Field(
        30.0,
        gt=0,
        description="Seconds between the server's pings on each connection, to find dead or stopped clients.",
    )
    keepalive_timeout_s: float = Field(
        10.0,
        gt=0,
        description="A client that does not answer a ping within this many seconds is disconnected, ending its calls "
        "and freeing their slots.",
    )
    max_receive_message_mb: float = Field(4.0, gt=0, description="Largest request message accepted, in MiB.")
    max_send_message_mb: float = Field(4.0, gt=0, description="Largest response message sent, in MiB.")
    grace_period_s: float = Field(10.0, ge=0, description="Seconds in-flight calls get to finish on shutdown.")
    max_connection_age_s: float = Field(
        300.0,
        ge=0,
        description="Close client connections after this long so clients re-resolve DNS and find new pods; 0 = never.",
    )
    max_connection_age_grace_s: float = Field(
        3600.0, ge=0, description="How long calls in flight on an aged connection may still run (long ingest streams)."
    )
    tls_cert_file: str = Field(
        "", description="PEM certificate chain of this server; with tls_key_file, serve TLS only."
    )
    tls_key_file: str = Field("", description="PEM private key of tls_cert_file.")
    tls_client_ca_file: str = Field(
        "", description="PEM CA bundle; when set, clients must present a certificate it signed (mutual TLS)."
    )
    require_tls: bool = Field(False, description="Refuse to start without TLS files, instead of serving plain text.")
    auth_tokens_file: str = Field(
        "",
        description="Bearer-token file (IDENTITY ROLE sha256:HEX lines); setting it or auth_identities_file turns on auth.",
    )
    auth_identities_file: str = Field(
        "", description="mTLS identity file (IDENTITY ROLE lines: certificate SAN or CN)."
    )
    reflection: bool = Field(False, description="Serve gRPC reflection (listing the API); for development.")
    health_port: int = Field(
        -1,
        ge=-1,
        le=65535,
        description="Extra plain-text port serving only gRPC health, for kubelet probes "
        "(which cannot speak TLS); -1 disables.",
    )
    log_level: str = Field("INFO", description="Python logging level name.")
    log_format: typing.Literal["json", "text"] = Field("json", description="Structured JSON lines or plain text.")

    @property
    def auth_enabled(self) -> bool:
        return bool(self.auth_tokens_file or self.auth_identities_file)

    @property
    def tls_enabled(self) -> bool:
        return bool(self.tls_cert_file or self.tls_key_file)

    @classmethod
    def env_prefix(cls) -> str:
        return str(cls.model_config.get("env_prefix", ""))

    @classmethod
    def from_args(cls, argv: Sequence[str] | None = None, *, description: str = "") -> Self:
        """Settings from the environment, overridden by `--flag value` arguments."""
        parser = argparse.ArgumentParser(description=description or cls.__doc__)
        for name, info in cls.model_fields.items():
            env_name = f"{cls.env_prefix()}{name.upper()}"
            help_text = f"{info.description or ''} [env {env_name}; default {info.default!r}]"
            flag = "--" + name.replace("_", "-")
            if _is_bool(info.annotation):
                parser.add_argument(
                    flag, dest=name, action=argparse.BooleanOptionalAction, default=None, help=help_text
                )
            elif _is_list(info.annotation):
                parser.add_argument(flag, dest=name, action="append", default=None, help=help_text)
            else:
                parser.add_argument(flag, dest=name, default=None, help=help_text)
        given: dict[str, Any] = {k: v for k, v in vars(parser.parse_args(argv)).items() if v is not None}
        return cls(**given)

    def describe(self) -> dict[str, Any]:
        """Settings as a plain dict for the start-up log line."""
        return self.model_dump(mode="json")


def _unwrap_optional(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _is_bool(annotation: Any) -> bool:
    return _unwrap_optional(annotation) is bool


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(_unwrap_optional(annotation)) in (list, tuple)
