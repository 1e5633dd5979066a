"""Size limits on every variable-size field of the search service's requests.

Without them one item with megabytes of attributes makes every page that
holds it too large to send, and a request with millions of tags or terms
costs the service far more than the caller pays. Each limit is a SEARCH_*
setting (`RequestLimits` mirrors them); a request over a limit gets
INVALID_ARGUMENT naming the field, with the limit in the ErrorInfo metadata
(`limit.<field>`), so a client can learn the deployment's limit and split. Ingest checks each message on its own, so
one oversized item fails alone and the stream goes on.

The core keeps its own hard bounds (`paging.MAX_TOP_K` and friends); these
settings may tighten them, never loosen them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mediasearch.runtime.errors import FieldViolation, InvalidArgument
from mediasearch.search.v1 import search_pb2

# ProfileImage's concept list: debug-scores' default vocabulary is about 600 short words.
MAX_PROFILE_CONCEPTS = 2000
MAX_CONCEPT_CHARS = 200


@dataclass(frozen=True)
class RequestLimits:
    """Mirrors the SEARCH_MAX_* request-limit settings; defaults are the settings' defaults."""

    max_id_chars: int = 1024
    max_uri_chars: int = 4096
    max_tags: int = 64
    max_tag_chars: int = 128
    max_attributes: int = 64
    max_attribute_key_chars: int = 256
    max_attribute_value_chars: int = 8192
    max_attributes_bytes: int = 64 * 1024
    max_query_terms: int = 16
    max_text_chars: int = 1000
    max_prompt_templates: int = 8
    max_prompt_template_chars: int = 256
    max_page_size: int = 1000
    max_top_k: int = 1000
    max_delete_ids: int = 10_000
    max_thumbnail_names: int = 1000
    max_filter_tags: int = 64
    max_page_token_chars: int = 4096
    max_calibration_pairs: int = 100_000


class _Checker:
    """Collects every violation of one request, so the caller sees them all at once."""

    def __init__(self) -> None:
        self.found: list[FieldViolation] = []

    def chars(self, path: str, value: str, limit: int) -> None:
        if len(value) > limit:
            self.found.append(FieldViolation(path, f"is {len(value)} characters; the limit is {limit}", limit))

    def count(self, path: str, values: Sequence[object], limit: int) -> None:
        if len(values) > limit:
            self.found.append(FieldViolation(path, f"has {len(values)} entries; the limit is {limit}", limit))

    def each_chars(self, path: str, values: Iterable[str], limit: int) -> None:
        for position, value in enumerate(values):
            self.chars(f"{path}[{position}]", value, limit)

    def at_most(self, path: str, value: int, limit: int) -> None:
        if value > limit:
            self.found.append(FieldViolation(path, f"is {value}; the limit is {limit}", limit))

    def raise_if_any(self) -> None:
        if self.found:
            summary = "; ".join(f"{v.field}: {v.description}" for v in self.found[:5])
            raise InvalidArgument(summary, self.found, reason="LIMIT_EXCEEDED")


class RequestValidator:
    """Checks requests against `RequestLimits`; each method raises InvalidArgument listing every violation."""

    def __init__(self, limits: RequestLimits) -> None:
        self.limits = limits

    def ingest(self, request: search_pb2.IngestRequest) -> None:
        check = _Checker()
        check.chars("item_id", request.item_id, self.limits.max_id_chars)
        if request.WhichOneof("source") == "path":
            check.chars("path", request.path, self.limits.max_uri_chars)
        self._metadata(check, request.metadata, "metadata")
        check.raise_if_any()

    def _metadata(self, check: _Checker, metadata: search_pb2.ItemMetadata, path: str) -> None:
        limits = self.limits
        check.chars(f"{path}.uri", metadata.uri, limits.max_uri_chars)
        check.chars(f"{path}.video_item_id", metadata.video_item_id, limits.max_id_chars)
        check.count(f"{path}.tags", metadata.tags, limits.max_tags)
        check.each_chars(f"{path}.tags", metadata.tags, limits.max_tag_chars)
        attributes = metadata.attributes
        check.count(f"{path}.attributes", list(attributes), limits.max_attributes)
        total = 0
        for key, value in attributes.items():
            check.chars(f"{path}.attributes[{key[:32]!r}].key", key, limits.max_attribute_key_chars)
            check.chars(f"{path}.attributes[{key[:32]!r}]", value, limits.max_attribute_value_chars)
            total += len(key.encode()) + len(value.encode())
        if total > limits.max_attributes_bytes:
            check.found.append(
                FieldViolation(
                    f"{path}.attributes",
                    f"keys and values total {total} bytes; the limit is {limits.max_attributes_bytes}",
                )
            )

    def delete_items(self, request: search_pb2.BatchDeleteItemsRequest) -> None:
        check = _Checker()
        check.count("names", request.names, self.limits.max_delete_ids)
        # A name is collections/{c}/items/{id}: room for the collection part beside the id.
        check.each_chars("names", request.names, self.limits.max_id_chars + 100)
        check.raise_if_any()

    def thumbnails(self, request: search_pb2.BatchGetThumbnailsRequest) -> None:
        check = _Checker()
        check.count("names", request.names, self.limits.max_thumbnail_names)
        check.each_chars("names", request.names, self.limits.max_id_chars + 100)
        check.raise_if_any()

    def list_items(self, request: search_pb2.ListItemsRequest) -> None:
        check = _Checker()
        check.at_most("page_size", request.page_size, self.limits.max_page_size)
        check.chars("page_token", request.page_token, self.limits.max_page_token_chars)
        check.chars("uri_prefix", request.uri_prefix, self.limits.max_uri_chars)
        check.raise_if_any()

    def search(self, request: search_pb2.SearchRequest) -> None:
        limits = self.limits
        check = _Checker()
        check.count("terms", request.terms, limits.max_query_terms)
        for position, term in enumerate(request.terms):
            kind = term.WhichOneof("kind")
            if kind == "text":
                check.chars(f"terms[{position}].text", term.text, limits.max_text_chars)
            elif kind == "item_id":
                check.chars(f"terms[{position}].item_id", term.item_id, limits.max_id_chars)
        check.at_most("page_size", request.page_size, limits.max_top_k)
        check.chars("page_token", request.page_token, limits.max_page_token_chars)
        check.count("prompt_templates", request.prompt_templates, limits.max_prompt_templates)
        check.each_chars("prompt_templates", request.prompt_templates, limits.max_prompt_template_chars)
        self._filter(check, request.filter)
        check.raise_if_any()

    def find_similar(self, request: search_pb2.FindSimilarRequest) -> None:
        check = _Checker()
        check.chars("item_id", request.item_id, self.limits.max_id_chars)
        check.at_most("page_size", request.page_size, self.limits.max_top_k)
        check.chars("page_token", request.page_token, self.limits.max_page_token_chars)
        self._filter(check, request.filter)
        check.raise_if_any()

    def _filter(self, check: _Checker, message: search_pb2.Filter) -> None:
        limits = self.limits
        for name in ("tags_any", "tags_all"):
            values = getattr(message, name)
            check.count(f"filter.{name}", values, limits.max_filter_tags)
            check.each_chars(f"filter.{name}", values, limits.max_tag_chars)
        check.count("filter.media_types", message.media_types, 8)
        check.chars("filter.uri_prefix", message.uri_prefix, limits.max_uri_chars)

    def profile_image(self, request: search_pb2.ProfileImageRequest) -> None:
        check = _Checker()
        check.chars("item_id", request.item_id, self.limits.max_id_chars)
        check.count("concepts", request.concepts, MAX_PROFILE_CONCEPTS)
        check.each_chars("concepts", request.concepts, MAX_CONCEPT_CHARS)
        check.raise_if_any()

    def fit_calibration(self, request: search_pb2.FitCalibrationRequest) -> None:
        check = _Checker()
        check.count("pairs", request.pairs, self.limits.max_calibration_pairs)
        for position, pair in enumerate(request.pairs):
            check.chars(f"pairs[{position}].query", pair.query, self.limits.max_text_chars)
            check.chars(f"pairs[{position}].item_id", pair.item_id, self.limits.max_id_chars)
        check.raise_if_any()
