"""Search service settings, read from SEARCH_* environment variables and flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from mediasearch.channels import ChannelSecurity
from mediasearch.limits import DELETE_IDS_PER_CALL, THUMBNAIL_NAMES_PER_CALL
from mediasearch.runtime.settings import ServiceSettings
from mediasearch.runtime.tls import ClientTLS
from search_svc.core.backends import CollectionBackend, EmbeddedBackend, MilvusBackend
from search_svc.core.collection import CollectionSettings
from search_svc.core.index import IndexConfig, IndexDtype, IndexMetric
from search_svc.core.paging import MAX_PAGE_SIZE, MAX_TOP_K
from search_svc.core.records import MAX_ID_CHARS, MAX_TAG_CHARS
from search_svc.validation import RequestLimits

# The index settings default to IndexConfig's, which say why they were picked (bench/index_config.py).
_INDEX_DEFAULTS = IndexConfig()


class SearchSettings(ServiceSettings):
    """Settings of the search service (environment prefix SEARCH_)."""

    model_config = SettingsConfigDict(env_prefix="SEARCH_")

    port: int = Field(50053, ge=0, le=65535, description="gRPC port; 0 picks a free one.")
    metrics_port: int = Field(9093, ge=-1, le=65535, description="Prometheus port; 0 picks a free one, -1 disables.")
    max_receive_message_mb: float = Field(
        64.0, gt=0, description="Largest request in MiB (ingested images travel here)."
    )
    data_dir: Path = Field(
        Path("data"), description="Folder holding every collection's item store and index snapshots."
    )
    backend: Literal["embedded", "milvus"] = Field(
        "embedded",
        description="Where collections live: embedded (SQLite + USearch in data_dir, one pod) or milvus "
        "(a Milvus cluster or Milvus Lite file; the service keeps no state, so it scales out).",
    )
    milvus_uri: str = Field(
        "",
        description="Milvus address (http://milvus:19530) or a local file path ending in .db for Milvus Lite; "
        "empty: data_dir/milvus.db (Lite). Read only with backend=milvus.",
    )
    milvus_token_file: str = Field(
        "", description="File holding the Milvus token (user:password or an API key); empty: no authentication."
    )
    milvus_timeout_s: float = Field(30.0, gt=0, description="Longest wait for one Milvus call, in seconds.")
    embedder_address: str = Field("127.0.0.1:50051", description="Embedder gRPC address (dns:///name:port balances).")
    expansion_address: str = Field(
        "127.0.0.1:50052", description="Expansion gRPC address; deep search degrades without it."
    )
    embedder_timeout_s: float = Field(
        30.0,
        gt=0,
        description="Base wait for one embedder call, in seconds; image calls add 3x the measured "
        "seconds per image for each image they carry, and a call that times out is halved and retried.",
    )
    embedder_max_message_mb: float = Field(
        64.0, gt=0, description="Largest call to the embedder in MiB; keep <= EMBEDDER_MAX_RECEIVE_MESSAGE_MB."
    )
    shrink_photos: bool = Field(
        True,
        description="Decode photos here and send them at the model's input size (same embedding, far fewer "
        "bytes); false sends the original bytes.",
    )
    decode_workers: int = Field(2, ge=1, description="Threads decoding and shrinking photos before they are sent.")
    max_image_pixels: int = Field(50_000_000, ge=1, description="Largest decoded image (decompression bomb guard).")
    expansion_timeout_s: float = Field(1.0, gt=0, description="Longest wait for one expansion call, in seconds.")
    model_info_ttl_s: float = Field(30.0, ge=0, description="How long the embedder's model description is reused.")
    ingest_roots: list[str] = Field(
        default_factory=list, description="Folders the service may read ingest paths from; empty disables path ingest."
    )
    ingest_batch_size: int = Field(16, ge=1, le=64, description="Images embedded per embedder call during ingest.")
    max_image_bytes: int = Field(32 * 1024 * 1024, ge=1, description="Largest image accepted for ingest, in bytes.")
    thumbnail_max_px: int = Field(
        256, ge=16, le=2048, description="Longest side of the WebP preview made at ingest, in pixels."
    )
    thumbnail_quality: int = Field(70, ge=1, le=100, description="WebP quality of ingest previews (1 to 100).")
    region_views: Literal["auto", "on", "off"] = Field(
        "auto",
        description="Also embed each image's halves, quadrants and five 0.6 windows at ingest, for deep search to see "
        "small things (13 more image embeddings per item): auto = only for the embedded demo model's collections.",
    )
    index_dtype: IndexDtype = Field(
        _INDEX_DEFAULTS.dtype,
        description="USearch vector storage type; a stored index keeps its own until it is rebuilt.",
    )
    index_metric: IndexMetric = Field(
        _INDEX_DEFAULTS.metric,
        description="USearch metric: ip (inner product) equals cos on the unit vectors stored, without the norms; "
        "a stored index keeps its own until it is rebuilt.",
    )
    # The index's bounds are checked once, by IndexConfig, when the settings are read (_index_config_is_valid).
    index_connectivity: int = Field(_INDEX_DEFAULTS.connectivity, description="HNSW graph degree (M).")
    index_expansion_add: int = Field(
        _INDEX_DEFAULTS.expansion_add,
        description="HNSW ef_construction; 256 builds the graph a million vectors need (128 builds twice as fast "
        "and needs about twice the ef_search at 1M).",
    )
    index_expansion_search: int = Field(
        0,
        description="HNSW ef_search; 0 = by collection size: 96*sqrt(items/1M) rounded up to 16s, at least "
        "64 (up to about 440k items), at most 512.",
    )
    snapshot_interval_s: float = Field(
        60.0, gt=0, description="Seconds between index snapshots of changed collections."
    )
    query_cache_size: int = Field(4096, ge=0, description="Text query embeddings kept in an LRU cache; 0 disables.")
    blas_threads: int = Field(
        1,
        ge=0,
        description="Threads numpy's BLAS may use for one product (exact re-scoring, near-duplicate folding); "
        "0 leaves BLAS's own default (every core). The products are small and requests run side by side, so a "
        "second thread only costs its wake-up after idle time (deep search at 100k items, 300 ms between "
        "queries: re-scoring 4.6 -> 1.5 ms, folding 2.6 -> 0.7 ms with 1).",
    )
    term_store_max_terms: int = Field(
        100_000,
        ge=0,
        description="Text embeddings (queries and expansion terms) kept on disk in data_dir/terms.sqlite3, per "
        "model and prompt templates, least recently used evicted; about 5 KiB each on disk at 768 dimensions; "
        "0 disables the store.",
    )
    term_warming: Literal["on", "off"] = Field(
        "on",
        description="Embed the expansion service's vocabulary into the term store in the background whenever "
        "the embedder's model is known or changes (at background priority: queries go first).",
    )
    term_warming_max_terms: int = Field(
        20_000, ge=0, le=1_000_000, description="Most vocabulary terms warming embeds, most useful first."
    )
    term_warming_batch_size: int = Field(
        16, ge=1, le=256, description="Texts per background call to the embedder while warming."
    )
    client_tls: bool = Field(
        False, description="Call the embedder and expansion over TLS (implied by a client_tls_* file)."
    )
    client_tls_ca_file: str = Field(
        "", description="PEM CA bundle the embedder's and expansion's certificates must chain to."
    )
    client_tls_cert_file: str = Field(
        "", description="This service's client certificate for mutual TLS to its dependencies."
    )
    client_tls_key_file: str = Field("", description="Private key of client_tls_cert_file.")
    client_tls_server_name: str = Field(
        "", description="Name to check the dependencies' certificates against, if not the host."
    )
    client_token_file: str = Field("", description="File holding this service's bearer token for its dependencies.")
    # Request limits (search_svc/validation.py); a request over one gets INVALID_ARGUMENT naming the field.
    max_id_chars: int = Field(
        1024, ge=1, le=MAX_ID_CHARS, description="Longest item id (also video_item_id), in characters."
    )
    max_uri_chars: int = Field(4096, ge=1, description="Longest uri, ingest path or uri_prefix, in characters.")
    max_tags: int = Field(64, ge=0, description="Most tags on one item.")
    max_tag_chars: int = Field(128, ge=1, le=MAX_TAG_CHARS, description="Longest tag (item or filter), in characters.")
    max_attributes: int = Field(64, ge=0, description="Most attribute entries on one item.")
    max_attribute_key_chars: int = Field(256, ge=1, description="Longest attribute key, in characters.")
    max_attribute_value_chars: int = Field(8192, ge=1, description="Longest attribute value, in characters.")
    max_attributes_bytes: int = Field(
        64 * 1024, ge=0, description="Most UTF-8 bytes of one item's attribute keys and values together."
    )
    max_query_terms: int = Field(16, ge=1, description="Most terms in one search query.")
    max_text_chars: int = Field(1000, ge=1, description="Longest text query term or calibration query, in characters.")
    max_prompt_templates: int = Field(8, ge=0, description="Most prompt templates in one search.")
    max_prompt_template_chars: int = Field(256, ge=1, description="Longest prompt template, in characters.")
    max_page_size: int = Field(1000, ge=1, le=MAX_PAGE_SIZE, description="Largest ListItems page_size.")
    max_top_k: int = Field(1000, ge=1, le=MAX_TOP_K, description="Largest top_k of Search and FindSimilar.")
    max_delete_ids: int = Field(
        10_000, ge=1, le=DELETE_IDS_PER_CALL, description="Most item names in one BatchDeleteItems call."
    )
    max_thumbnail_names: int = Field(
        1000, ge=1, le=THUMBNAIL_NAMES_PER_CALL, description="Most item names in one BatchGetThumbnails call."
    )
    max_filter_tags: int = Field(64, ge=0, description="Most tags in a filter's tags_any or tags_all.")
    max_page_token_chars: int = Field(4096, ge=1, description="Longest page token accepted, in characters.")
    max_calibration_pairs: int = Field(100_000, ge=10, description="Most labelled pairs in one FitCalibration call.")

    @model_validator(mode="after")
    def _index_config_is_valid(self) -> SearchSettings:
        lite_path = self.milvus_uri and "://" not in self.milvus_uri
        if self.backend == "milvus" and lite_path and not self.milvus_uri.endswith(".db"):
            raise ValueError("milvus_uri must be http(s)://host:port or a Milvus Lite file path ending in .db")
        self.collection_settings()  # IndexConfig raises ValueError, which pydantic reports as a settings error
        return self

    def client_security(self) -> ChannelSecurity | None:
        """How this service authenticates to the embedder and expansion service: its own identity, not its callers'."""
        tls = ClientTLS(
            self.client_tls_ca_file, self.client_tls_cert_file, self.client_tls_key_file, self.client_tls_server_name
        )
        use_tls = self.client_tls or bool(tls.files())
        if not (use_tls or self.client_token_file):
            return None
        return ChannelSecurity(tls if use_tls else None, token_file=self.client_token_file)

    def request_limits(self) -> RequestLimits:
        return RequestLimits(**{name: getattr(self, name) for name in RequestLimits.__dataclass_fields__})

    def collection_backend(self) -> CollectionBackend:
        """The storage backend chosen by `backend` (backends.py)."""
        if self.backend == "embedded":
            return EmbeddedBackend(self.data_dir / "collections", self.collection_settings())
        uri = self.milvus_uri or str(self.data_dir / "milvus.db")
        if "://" not in uri:
            Path(uri).parent.mkdir(parents=True, exist_ok=True)
        token = Path(self.milvus_token_file).read_text().strip() if self.milvus_token_file else ""
        return MilvusBackend(uri, token=token, timeout_s=self.milvus_timeout_s)

    def collection_settings(self) -> CollectionSettings:
        return CollectionSettings(
            index=IndexConfig(
                dtype=self.index_dtype,
                metric=self.index_metric,
                connectivity=self.index_connectivity,
                expansion_add=self.index_expansion_add,
                expansion_search=self.index_expansion_search,
            )
        )
