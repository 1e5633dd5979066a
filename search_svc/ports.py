"""The engine's ports implemented over gRPC: the embedder and the expansion service."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mediasearch.client import EmbedderClient, ExpansionClient
from mediasearch.expansion.v1 import expansion_pb2
from mediasearch.runtime.errors import DomainError
from search_svc.core.deep import PART, ExpansionTerm
from search_svc.core.engine import ModelFacts, TextVectors
from search_svc.core.ingest import ImageEmbedding
from search_svc.core.results import TermRelation


class GrpcEmbedder:
    """EmbedderPort over the embedder service."""

    def __init__(self, client: EmbedderClient) -> None:
        self._client = client

    def model_facts(self) -> ModelFacts:
        info = self._client.model_info(include_vocabulary=True)
        return ModelFacts(
            info.model_id,
            info.dimension,
            info.logit_scale_exp,
            info.logit_bias,
            tuple(info.vocabulary),
            info.image_size,
            tuple(info.default_prompt_templates),
        )

    def embed_texts(
        self, texts: Sequence[str], prompt_templates: Sequence[str], *, background: bool = False
    ) -> TextVectors:
        embedded = self._client.embed_text_vectors(texts, prompt_templates=prompt_templates, background=background)
        return TextVectors(embedded.vectors, embedded.model_id)

    def embed_images(self, images: Sequence[bytes], timeout_s: float | None = None) -> list[ImageEmbedding]:
        pairs = [(str(position), data) for position, data in enumerate(images)]
        return [
            ImageEmbedding(r.vector, r.failure, r.width, r.height)
            for r in self._client.embed_images(pairs, timeout=timeout_s)
        ]


class GrpcExpander:
    """The deep-search `Expander` over the expansion service, preferring words the model knows."""

    def __init__(self, client: ExpansionClient, vocabulary: Callable[[], Sequence[str]]) -> None:
        self._client = client
        self._vocabulary = vocabulary

    def __call__(self, query: str, limit: int) -> list[ExpansionTerm]:
        try:
            vocabulary = self._vocabulary()
        except DomainError:
            vocabulary = ()
        response = self._client.expand(query, max_terms=limit, vocabulary=vocabulary)
        terms = [
            ExpansionTerm(t.text, _relation(t.relation), t.weight, t.concept)
            for t in response.terms
            if t.relation != expansion_pb2.RELATION_ORIGINAL  # the query itself is searched already
        ]
        # The parts the service found, even those it had no term for: deep search may search them itself.
        settings = set(response.settings)
        return terms + [
            ExpansionTerm(concept, PART, 0.0, concept, setting=concept in settings) for concept in response.concepts
        ]


def _relation(value: int) -> TermRelation:
    """The expansion service's relation as the core's; the numbers agree, an unknown newer one counts as related."""
    try:
        return TermRelation(value)
    except ValueError:
        return TermRelation.RELATED
