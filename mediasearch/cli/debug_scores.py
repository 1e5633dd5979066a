"""`mediasearch debug-scores IMAGE`: an image's semantic profile and a recommended temperature.

The image is compared with a concept vocabulary (the model's own words when
it has a small vocabulary, plus a general photo-search list), and every
cosine is shown with its calibrated score under the collection's current
profile and under the recommended one (rule: `mediasearch.cli.scoring`).
"""

from __future__ import annotations

import base64
import html
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from mediasearch.cli import scoring
from mediasearch.client import EmbedderClient
from mediasearch.scores import sigmoid

# A model vocabulary larger than this (a Google checkpoint's 32k word pieces)
# is mostly fragments and names; the general list alone is used then.
MAX_MODEL_VOCABULARY = 5000
CONCEPTS_FILE = Path(__file__).with_name("data") / "concepts.json"


@dataclass
class Profile:
    """Everything debug-scores reports, computed once and rendered as text or HTML."""

    image: str
    concepts: list[str]
    cosines: np.ndarray
    current_slope: float
    current_intercept: float
    current_source: str
    recommendation: scoring.Recommendation

    def current_scores(self) -> np.ndarray:
        return np.asarray(sigmoid(self.current_slope * self.cosines + self.current_intercept))

    def recommended_scores(self) -> np.ndarray:
        r = self.recommendation
        return np.asarray(sigmoid(r.slope * self.cosines + r.bias))

    def fixed_temperature_scores(self) -> np.ndarray | None:
        t = self.recommendation.temperature
        return None if t is None else np.asarray(sigmoid(t * self.cosines))

    def order(self) -> np.ndarray:
        return np.argsort(-self.cosines, kind="stable")


@lru_cache(maxsize=1)
def _shipped_concepts() -> dict[str, list[str]]:
    """The vocabulary shipped with the CLI (the expansion service's lists, exported by
    scripts/export_concepts.py): the CLI is installed without the services, so it cannot import them."""
    return json.loads(CONCEPTS_FILE.read_text(encoding="utf-8"))


def general_concepts() -> list[str]:
    """The general list: the expansion service's curated photo-search terms (people, animals, places, ...)."""
    return list(_shipped_concepts()["general"])


def concept_vocabulary(model_words: list[str], general: list[str]) -> list[str]:
    """The general list plus the model's own words, minus function words ("to", "of") that name nothing."""
    function_words = set(_shipped_concepts()["function_words"])
    words = set(general)
    if len(model_words) <= MAX_MODEL_VOCABULARY:
        words.update(w for w in model_words if w not in function_words and len(w) > 2)
    return sorted(words)


def build_profile(
    embedder: EmbedderClient, image: Path, general: list[str], current: tuple[float, float, str] | None
) -> Profile:
    info = embedder.model_info(include_vocabulary=True)
    concepts = concept_vocabulary(info.vocabulary, general)
    outcome = embedder.embed_images([(str(image), image.read_bytes())])[0]
    if outcome.vector is None:
        assert outcome.failure is not None
        raise ValueError(f"{image}: {outcome.failure.reason}: {outcome.failure.message}")
    concept_vectors = embedder.embed_texts(concepts)
    cosines = concept_vectors @ outcome.vector
    if current is None:
        current = (
            info.logit_scale_exp,
            info.logit_bias,
            f"model-native (no collection profile; model {info.model_id})",
        )
    return profile_from_cosines(str(image), concepts, cosines, current)


def profile_from_cosines(
    image: str, concepts: list[str], cosines: ArrayLike, current: tuple[float, float, str]
) -> Profile:
    """The profile of cosines computed elsewhere (the search service's ProfileImage, for the web page)."""
    slope, intercept, source = current
    values = np.asarray(cosines, dtype=np.float64)
    return Profile(image, concepts, values, slope, intercept, source, scoring.recommend(values))


def text_report(profile: Profile, top: int) -> list[str]:
    r = profile.recommendation
    fixed = profile.fixed_temperature_scores()
    current, recommended = profile.current_scores(), profile.recommended_scores()
    lines = [
        f"semantic profile of {profile.image} against {len(profile.concepts)} concepts",
        f"current calibration: {profile.current_source}: sigmoid({profile.current_slope:.2f} * cos {profile.current_intercept:+.2f})",
        "",
        f"{'concept':<24}{'raw cos':>9}{'current':>9}{'fixed@T':>9}{'2-point':>9}",
    ]
    for i in profile.order()[:top]:
        fixed_text = f"{fixed[i]:9.3f}" if fixed is not None else f"{'-':>9}"
        lines.append(
            f"{profile.concepts[i]:<24}{profile.cosines[i]:+9.4f}{current[i]:9.3f}{fixed_text}{recommended[i]:9.3f}"
        )
    lines += [
        "",
        "cosine distribution: " + ", ".join(f"{k} {v:+.4f}" for k, v in scoring.percentiles(profile.cosines).items()),
    ]
    lines += scoring.text_histogram(profile.cosines)
    lines += ["", "recommendation:"]
    lines.append(
        f"  fixed temperature: {r.temperature:.2f}" if r.temperature is not None else "  fixed temperature: none helps"
    )
    lines.append(f"  two-point: temp {r.slope:.2f}, bias {r.bias:+.2f} (0.5 at cos {-r.bias / r.slope:+.4f})")
    lines.append(f"  rule: {r.rule}")
    return lines


def image_data_uri(path: str | bytes, max_px: int = 320) -> str:
    """The image (a path, or its bytes) as a small upright JPEG data URI, so a report shows what it explains."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(path) if isinstance(path, bytes) else path) as source:
            source.draft("RGB", (max_px, max_px))
            image = ImageOps.exif_transpose(source).convert("RGB")
    except (OSError, ValueError):
        return ""
    image.thumbnail((max_px, max_px))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def image_section(uri: str, name: str) -> str:
    if not uri:
        return "<p>(the image could not be read for a preview)</p>"
    return f"<p><img src='{uri}' alt='{html.escape(name)}' style='max-width:320px'></p>"


def html_report(profile: Profile, top: int) -> str:
    image = image_section(image_data_uri(profile.image), Path(profile.image).name)
    return scoring.html_report(f"Score debug: {profile.image}", html_sections(profile, top, image))


def html_sections(profile: Profile, top: int, image_html: str) -> list[tuple[str, str]]:
    """The report's sections (heading, HTML): the file report and the web page's debugger show the same."""
    r = profile.recommendation
    fixed = profile.fixed_temperature_scores()
    current, recommended = profile.current_scores(), profile.recommended_scores()
    rows = [
        [
            profile.concepts[i],
            float(profile.cosines[i]),
            float(current[i]),
            float(fixed[i]) if fixed is not None else "-",
            float(recommended[i]),
        ]
        for i in profile.order()[:top]
    ]
    marks = {"current 0.5": -profile.current_intercept / profile.current_slope, "recommended 0.5": -r.bias / r.slope}
    histogram = scoring.svg_histogram(
        profile.cosines, marks=marks, title=f"raw cosine of {Path(profile.image).name} vs concepts"
    )
    recommendation = (
        f"<p>Fixed temperature: {f'{r.temperature:.2f}' if r.temperature is not None else 'none helps'}; "
        f"two-point: temp {r.slope:.2f}, bias {r.bias:+.2f}.</p><p>Rule: {r.rule}</p>"
    )
    percentiles = scoring.html_table(
        ["percentile", "raw cosine"], [[k, v] for k, v in scoring.percentiles(profile.cosines).items()]
    )
    return [
        ("Image", image_html),
        ("Top concepts", scoring.html_table(["concept", "raw cos", "current", "fixed@T", "2-point"], rows)),
        ("Score distribution", histogram + percentiles),
        ("Recommendation", recommendation),
        (
            "Current calibration",
            f"<p>{html.escape(profile.current_source)}: "
            f"sigmoid({profile.current_slope:.3f} * cos {profile.current_intercept:+.3f})</p>",
        ),
    ]


def current_calibration(calibration: Any, collection: str) -> tuple[float, float, str]:
    """(slope, intercept, source) of a collection's `search.v1.Calibration`, as the reports name it."""
    method = type(calibration).DESCRIPTOR.fields_by_name["method"].enum_type.values_by_number[calibration.method]
    label = method.name.removeprefix("CALIBRATION_METHOD_").lower()
    return (calibration.slope, calibration.intercept, f"collection {collection!r} ({label})")
