"""Calibration for image queries: image-to-image cosines, and queries that mix text and images.

Why a second profile: a text-image cosine of 0.1 is already a good match for
SigLIP, while two unrelated photos often reach 0.5 to 0.9 (the demo model:
median 0.41, 99th percentile 0.79 over distinct scenes; the tiny test model:
median 0.48, 99th percentile 0.92). Through the text curve every photo
scores 1.000, and a near-duplicate cannot be told from a stranger.

The built-in default follows the model and the collection instead of fixed
numbers: with h the 99th percentile of the cosines between up to 512 of the
collection's distinct images (same bytes counted once), the curve is the
logistic with score(h) = 0.05 and score(1) = 0.99, so "as close as the
closest 1% of unrelated pairs" reads as unlikely and an identical image as
near-certain. On the demo corpus (h = 0.79) that puts 0.5 at cosine 0.87:
re-encoded and resized copies of a scene (cosine 0.97 to 1.0) score 0.97
and up, scenes sharing nothing stay near 0, and distinct scenes of one lone
emoji on look-alike backgrounds (up to 0.98) score as the near-twins they
are. A collection
with fewer than 8 distinct images uses h = 0.8, the demo model's measured
value, until it has enough. A profile set or fitted by hand replaces it.

A mixed query (text and image terms) gets a blend: the text and image
profiles' slopes and cosines-at-0.5 mixed in the shares of the query's
absolute term weight that text and image terms carry. It is a documented
interpolation, not a fit: no labelled mixed pairs exist to fit one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from mediasearch.scores import logit
from search_svc.core.calibration import CalibrationProfile
from search_svc.core.query import QueryTerm, TermKind

SAMPLE_SIZE = 512
MIN_SAMPLE = 8
UNRELATED_QUANTILE = 99.0
# The demo model's 99th percentile of cosines between distinct scenes (0.79 to 0.81 over several samples).
DEFAULT_UNRELATED_CEILING = 0.8
SCORE_AT_CEILING = 0.05
SCORE_AT_IDENTICAL = 0.99
# A ceiling this close to 1 would make the curve a step; the model then barely separates images at all.
MAX_CEILING = 0.99
# Deep search folds two results when the image profile scores their cosine at least this (see deep.py).
# On the demo model (ceiling 0.79) that is cosine 0.989: distinct scenes of one lone emoji on look-alike
# backgrounds reach 0.981, copies re-encoded as JPEG or resized 0.992 to 1.0 (95% of them).
DUPLICATE_SCORE = 0.985
# Byte-identical images differ by float rounding only; the fold cut never asks for more than this.
MAX_DUPLICATE_COSINE = 0.9995


class CalibrationTarget(IntEnum):
    """Which cosines a profile is for; same numbers as `search.v1.CalibrationTarget`."""

    UNSPECIFIED = 0
    TEXT_IMAGE = 1
    IMAGE_IMAGE = 2
    MIXED = 3


@dataclass(frozen=True)
class QueryCalibration:
    """The profile a query's scores go through, what it is for and, for a blend, the image terms' share."""

    profile: CalibrationProfile
    target: CalibrationTarget = CalibrationTarget.TEXT_IMAGE
    image_share: float = 0.0


def derived_image_profile(vectors: np.ndarray) -> CalibrationProfile:
    """The built-in image profile for a collection whose distinct images include `vectors` (unit rows)."""
    ceiling = DEFAULT_UNRELATED_CEILING
    if len(vectors) >= MIN_SAMPLE:
        cosines = vectors @ vectors.T
        pairs = cosines[np.triu_indices(len(vectors), 1)]
        ceiling = float(np.percentile(pairs, UNRELATED_QUANTILE))
    return profile_through(min(max(ceiling, -1.0), MAX_CEILING))


def profile_through(ceiling: float) -> CalibrationProfile:
    """The logistic with score(ceiling) = SCORE_AT_CEILING and score(1) = SCORE_AT_IDENTICAL."""
    slope = (logit(SCORE_AT_IDENTICAL) - logit(SCORE_AT_CEILING)) / (1.0 - ceiling)
    return CalibrationProfile.platt(slope, logit(SCORE_AT_IDENTICAL) - slope)


def duplicate_cosine(image_profile: CalibrationProfile) -> float:
    """The image-image cosine at which two images count as near-duplicates under `image_profile`."""
    return min(image_profile.cosine_for_score(DUPLICATE_SCORE), MAX_DUPLICATE_COSINE)


def image_share(terms: Sequence[QueryTerm]) -> float:
    """The share of the query's absolute term weight carried by image and stored-item terms, in [0, 1]."""
    total = sum(abs(t.weight) for t in terms)
    visual = sum(abs(t.weight) for t in terms if t.kind in (TermKind.IMAGE, TermKind.ITEM))
    return visual / total if total else 0.0


def for_query(
    terms: Sequence[QueryTerm], text: CalibrationProfile, image_profile: Callable[[], CalibrationProfile]
) -> QueryCalibration:
    """The text profile for text queries, the image profile for image and item queries, a blend for a mix.

    `image_profile` is only called when the query has image or item terms (deriving it reads the store)."""
    share = image_share(terms)
    if share == 0.0:
        return QueryCalibration(text, CalibrationTarget.TEXT_IMAGE)
    image = image_profile()
    if share == 1.0:
        return QueryCalibration(image, CalibrationTarget.IMAGE_IMAGE)
    slope = (1.0 - share) * text.slope + share * image.slope
    half = (1.0 - share) * text.cosine_at_half + share * image.cosine_at_half
    blend = CalibrationProfile.platt(
        slope, -slope * half, logit_scale_exp=text.logit_scale_exp, logit_bias=text.logit_bias
    )
    return QueryCalibration(blend, CalibrationTarget.MIXED, share)
