"""Web component settings, read from WEB_* environment variables and flags.

TLS and the component's own token for the search service come from the same
MEDIASEARCH_TLS_* / MEDIASEARCH_TOKEN* variables as every other client.
"""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    """Settings of the web component (environment prefix WEB_)."""

    model_config = SettingsConfigDict(env_prefix="WEB_", extra="forbid", validate_default=True)

    host: str = Field("127.0.0.1", description="Address the HTTP server binds to.")
    port: int = Field(8080, ge=0, le=65535, description="HTTP port; 0 picks a free one.")
    search_address: str = Field("127.0.0.1:50053", description="Search service gRPC address.")
    collection: str = Field("default", description="Collection the page opens with.")
    max_upload_bytes: int = Field(16 * 1024 * 1024, ge=1, description="Largest uploaded image or JSON body, in bytes.")
    timeout_s: float = Field(30.0, gt=0, description="Longest wait for one search service call, in seconds.")
    tls_cert_file: str = Field(
        "", description="PEM certificate chain to serve HTTPS with (re-read when it changes); empty serves plain HTTP."
    )
    tls_key_file: str = Field("", description="PEM private key of tls_cert_file.")
    media_roots: list[str] = Field(
        default_factory=list,
        description="Folders whose indexed videos the page may play from their moment (GET /media); empty shows "
        "the frame and time only.",
    )
    own_identity: bool = Field(
        True,
        description="Call the search service with this component's own token when a request brings none; "
        "false makes every caller bring a bearer token.",
    )

    @model_validator(mode="after")
    def _cert_with_key(self) -> WebSettings:
        if bool(self.tls_cert_file) != bool(self.tls_key_file):
            raise ValueError("set both WEB_TLS_CERT_FILE and WEB_TLS_KEY_FILE, or neither")
        return self
