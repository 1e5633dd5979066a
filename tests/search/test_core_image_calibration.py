"""The image calibration in the core: derived from the collection's own image-image cosines, set or fitted
by hand and stored, blended for mixed queries, and the near-duplicate cut of deep search that follows it."""

from __future__ import annotations

import numpy as np
import pytest

from mediasearch.runtime.errors import InvalidArgument
from search_svc.core.calibration import CalibrationMethod, CalibrationProfile
from search_svc.core.collection import Collection
from search_svc.core.deep import DeepOptions, FusionTerm, fuse
from search_svc.core.image_calibration import (
    DEFAULT_UNRELATED_CEILING,
    DUPLICATE_SCORE,
    CalibrationTarget,
    derived_image_profile,
    duplicate_cosine,
    for_query,
)
from search_svc.core.query import QueryTerm, TermKind
from search_svc.core.results import TermRelation
from search_svc.core.search import Embedders, find_similar, normal_search
from tests.search.conftest import make_items, unit_rows

DIM = 32


def test_the_derived_profile_puts_unrelated_pairs_low_and_identical_images_near_one() -> None:
    rng = np.random.default_rng(1)
    vectors = unit_rows(rng.normal(size=(200, DIM)) + 2.0)  # a shared component: unrelated pairs at 0.6-0.9
    pairs = (vectors @ vectors.T)[np.triu_indices(200, 1)]
    ceiling = float(np.percentile(pairs, 99))
    profile = derived_image_profile(vectors)
    assert profile.method == CalibrationMethod.PLATT and profile.updated_at_ns is None
    assert profile.score(ceiling) == pytest.approx(0.05, abs=1e-6)
    assert profile.score(1.0) == pytest.approx(0.99, abs=1e-6)
    assert np.mean(profile.score(pairs) < 0.05) >= 0.99
    assert profile.score(float(np.median(pairs))) < 1e-3
    # Too few images to measure: the demo model's ceiling until there are.
    few = derived_image_profile(vectors[:5])
    assert few.score(DEFAULT_UNRELATED_CEILING) == pytest.approx(0.05, abs=1e-6)


def test_queries_get_the_profile_of_their_terms() -> None:
    text = CalibrationProfile.model_native(10.0, -10.0)
    image = derived_image_profile(np.empty((0, DIM)))
    asked: list[bool] = []

    def image_profile() -> CalibrationProfile:
        asked.append(True)
        return image

    only_text = for_query([QueryTerm(1.0, TermKind.TEXT, "dog")], text, image_profile)
    assert only_text.profile == text and only_text.target == CalibrationTarget.TEXT_IMAGE and not asked
    only_image = for_query([QueryTerm(1.0, TermKind.IMAGE, b"x"), QueryTerm(-1.0, TermKind.ITEM, "a")], text,
                           image_profile)
    assert only_image.profile == image and only_image.target == CalibrationTarget.IMAGE_IMAGE
    mixed = for_query([QueryTerm(2.0, TermKind.TEXT, "cat"), QueryTerm(1.0, TermKind.IMAGE, b"x"),
                       QueryTerm(-1.0, TermKind.TEXT, "coffee")], text, image_profile)
    assert mixed.target == CalibrationTarget.MIXED and mixed.image_share == pytest.approx(0.25)
    assert mixed.profile.slope == pytest.approx(0.75 * text.slope + 0.25 * image.slope)
    assert mixed.profile.cosine_at_half == pytest.approx(0.75 * text.cosine_at_half + 0.25 * image.cosine_at_half)


@pytest.fixture
def clustered(new_collection) -> tuple[Collection, np.ndarray]:  # type: ignore[no-untyped-def]
    """60 images in 6 scenes-like clusters, plus exact copies of the first one under other ids."""
    rng = np.random.default_rng(4)
    centres = unit_rows(rng.normal(size=(6, DIM)) + 1.5)
    vectors = unit_rows(centres[np.arange(60) % 6] + rng.normal(size=(60, DIM)) * 0.35)
    collection = new_collection(dimension=DIM, calibration=CalibrationProfile.model_native(10.0, -10.0))
    collection.ingest(make_items(vectors))
    return collection, vectors


def test_similar_scores_a_copy_high_and_an_unrelated_image_low(clustered) -> None:
    collection, vectors = clustered
    found = find_similar(collection, embedders=Embedders(texts=_no_texts, images=lambda _: vectors[:1]),
                         image=b"bytes not stored", top_k=60)
    assert found.hits[0].record.id == "item-0" and found.hits[0].score > 0.9
    assert found.hits[-1].score < 0.5
    assert found.calibration_target == CalibrationTarget.IMAGE_IMAGE


def test_a_profile_set_by_hand_is_stored_and_wins_over_the_derived_one(clustered, tmp_path) -> None:  # type: ignore[no-untyped-def]
    collection, vectors = clustered
    derived = collection.image_calibration
    assert derived.updated_at_ns is None
    chosen = CalibrationProfile.platt(40.0, -36.0, updated_at_ns=123)
    collection.set_image_calibration(chosen)
    assert collection.image_calibration == chosen and collection.calibration != chosen
    collection.close()
    reopened = Collection.open(collection.folder)
    try:
        assert reopened.image_calibration == chosen
        text_query = normal_search(reopened, [QueryTerm(1.0, TermKind.ITEM, "item-3")], _item_embedders(), top_k=3)
        assert text_query.calibration == chosen and text_query.calibration_target == CalibrationTarget.IMAGE_IMAGE
    finally:
        reopened.close()


def test_the_derived_profile_follows_the_collection_as_it_grows(new_collection) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(9)
    collection = new_collection(dimension=DIM)
    spread = unit_rows(rng.normal(size=(40, DIM)))
    collection.ingest(make_items(spread[:4]))
    assert collection.image_calibration == derived_image_profile(np.empty((0, DIM)))  # too few: the default
    collection.ingest(make_items(spread[4:], start=4))
    assert collection.image_calibration == derived_image_profile(collection._store.distinct_image_sample(512))
    assert collection.image_calibration.cosine_at_half < 0.8  # random directions: a low ceiling


def test_deep_search_folds_copies_but_not_distinct_images_by_the_image_profile(clustered) -> None:
    collection, vectors = clustered
    profile = collection.image_calibration
    cut = duplicate_cosine(profile)
    assert profile.score(cut) == pytest.approx(DUPLICATE_SCORE, abs=1e-6)
    copies = make_items(np.stack([vectors[0], unit_rows(vectors[:1] + 0.002)[0]]), prefix="copy")
    collection.ingest(copies)
    terms = [FusionTerm("q", TermRelation.ORIGINAL, 1.0, vectors[0])]
    outcome = fuse(collection, terms, top_k=100)
    ids = [h.record.id for h in outcome.hits]
    assert ids[0] in ("item-0", "copy-0", "copy-1") and "item-6" in ids  # a distinct image of the same cluster
    assert sorted([ids[0], *outcome.hits[0].duplicate_ids]) == ["copy-0", "copy-1", "item-0"]
    assert len(ids) == 60, "every distinct image is its own result"
    # A cut given with the request still wins: at cosine 0.5 whole clusters fold.
    assert len(fuse(collection, terms, top_k=100, options=DeepOptions(duplicate_threshold=0.5)).hits) < 60


def test_the_image_profile_takes_platt_only() -> None:
    from search_svc.core.engine import _require_platt

    with pytest.raises(InvalidArgument):
        _require_platt(CalibrationMethod.MODEL_NATIVE, "method", unset_means_platt=True)
    with pytest.raises(InvalidArgument):
        _require_platt(CalibrationMethod.UNSPECIFIED, "calibration.method", unset_means_platt=False)
    _require_platt(CalibrationMethod.UNSPECIFIED, "method", unset_means_platt=True)


def _no_texts(_: object) -> np.ndarray:
    raise AssertionError("no text terms here")


def _item_embedders() -> Embedders:
    return Embedders(texts=_no_texts)
