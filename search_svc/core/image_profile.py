"""An image's semantic profile: its cosine with each concept of a vocabulary, the numbers `debug-scores` explains.

The default vocabulary is debug-scores' own (`mediasearch.cli.debug_scores`),
so the command line (which asks the embedder itself) and the web page's score
debugger (which asks this service) compare an image with the same concepts
and explain it with the same rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mediasearch.cli.debug_scores import concept_vocabulary, general_concepts
from mediasearch.runtime.errors import FailedPrecondition, InvalidArgument
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.collection import Collection
from search_svc.core.search import Embedders


@dataclass(frozen=True)
class ImageProfile:
    """Concepts with their cosine to the image, most similar first, and the calibration that would score them."""

    concepts: tuple[str, ...]
    cosines: np.ndarray
    calibration: CalibrationProfile
    model_id: str


def default_concepts(model_words: Sequence[str]) -> list[str]:
    """debug-scores' vocabulary: the general photo-search list plus a small model's own words."""
    return concept_vocabulary(list(model_words), general_concepts())


def profile_image(
    collection: Collection, embedders: Embedders, *, image: bytes, item_id: str, concepts: Sequence[str]
) -> ImageProfile:
    """The stored item's vector (by id) or the uploaded image's, against `concepts` embedded in one batch."""
    if bool(item_id) == bool(image):
        raise InvalidArgument.for_field("image_source", "give exactly one of image or item_id")
    if not concepts:
        raise InvalidArgument.for_field("concepts", "no concepts to compare with")
    if item_id:
        vector = collection.vectors_for_ids([item_id])[0]
    elif embedders.images is None:
        raise FailedPrecondition("image queries are not supported here", reason="IMAGE_TERMS_UNSUPPORTED")
    else:
        vector = np.asarray(embedders.images([image]))[0]
    concept_vectors = np.asarray(embedders.texts(list(concepts)), dtype=np.float64)
    unit = np.asarray(vector, dtype=np.float64)
    cosines = concept_vectors @ (unit / (np.linalg.norm(unit) or 1.0))
    order = np.argsort(-cosines, kind="stable")
    return ImageProfile(tuple(concepts[i] for i in order), cosines[order], collection.calibration, collection.model_id)
