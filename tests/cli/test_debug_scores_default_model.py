"""debug-scores on the embedded default model: the right concept on top, a deterministic recommendation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from embedder_svc.core.model import DEFAULT_MODEL_DIR
from mediasearch.cli import debug_scores, scoring
from mediasearch.client import EmbedderClient
from tests.search.test_default_model_search import scene_png

pytestmark = pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "config.json").is_file(), reason="the embedded default model is not trained yet"
)


@pytest.fixture(scope="module")
def embedder() -> Iterator[EmbedderClient]:
    from embedder_svc.server import create_server
    from embedder_svc.settings import EmbedderSettings

    server, port = create_server(
        EmbedderSettings(host="127.0.0.1", metrics_port=-1, cpu_threads=1, log_format="text"), port=0
    )
    server.wait_ready(60)
    client = EmbedderClient(f"127.0.0.1:{port}")
    yield client
    client.close()
    server.stop(0)


@pytest.mark.parametrize("concept", ["dog", "pizza", "bicycle"])
def test_profile_puts_the_drawn_concept_on_top(embedder: EmbedderClient, tmp_path: Path, concept: str) -> None:
    image = tmp_path / f"{concept}.png"
    image.write_bytes(scene_png(concept, 7))
    profile = debug_scores.build_profile(embedder, image, debug_scores.general_concepts(), None)
    top = [profile.concepts[i] for i in profile.order()[:3]]
    assert concept in top, top
    again = debug_scores.build_profile(embedder, image, debug_scores.general_concepts(), None)
    assert again.recommendation == profile.recommendation  # deterministic
    rec = profile.recommendation
    # The rule as documented: the best concept scores 0.9 under the recommended forms.
    if rec.temperature is not None and rec.temperature < scoring.TEMPERATURE_RANGE[1]:
        assert float(scoring.sigmoid(rec.temperature * rec.top_cosine)) == pytest.approx(0.9, abs=1e-6)
    assert float(scoring.sigmoid(rec.slope * rec.top_cosine + rec.bias)) == pytest.approx(0.9, abs=1e-6)
    assert float(scoring.sigmoid(rec.slope * rec.median_cosine + rec.bias)) == pytest.approx(0.1, abs=1e-6)
    assert np.isfinite(profile.cosines).all()
