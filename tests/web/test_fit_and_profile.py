"""Fitting calibration and explaining an image through the web component, against a real search service.

The fit goes through the JSON route (`calibration:fit`) and the page's
fragment (pairs as CSV or JSON, metrics, the reliability diagram as SVG); the
score debugger's fragment must say what `debug-scores` says for the same
cosines, for an uploaded image and for a stored one.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re

import pytest
from starlette.testclient import TestClient

from mediasearch.cli import debug_scores
from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2
from mediasearch.web.app import create_app
from mediasearch.web.backend import SearchBackend
from tests.web.conftest import COLLECTION, Stack, web_settings

BASE = f"/api/v1/collections/{COLLECTION}"


@pytest.fixture(scope="module")
def client(stack: Stack) -> TestClient:
    settings = web_settings(stack)
    return TestClient(create_app(settings, SearchBackend.connect(settings.search_address, security=None,
                                                                  own_identity=False)))


def labelled_pairs(stack: Stack) -> list[dict[str, object]]:
    """Pairs whose relevance follows the ranking (top 5 of 20 relevant), as a person judging results might."""
    pairs: list[dict[str, object]] = []
    for query in ("a cat", "a dog", "a beach", "flowers"):
        answer = stack.stub.Search(search_pb2.SearchRequest(parent=collection_name(COLLECTION), page_size=20,
                                                            terms=[search_pb2.QueryTerm(text=query)]))
        pairs += [{"query": query, "itemId": r.item.id, "relevant": r.rank <= 5} for r in answer.results]
    return pairs


def as_csv(pairs: list[dict[str, object]], header: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(["query", "item_id", "relevant"])
    writer.writerows([[p["query"], p["itemId"], "yes" if p["relevant"] else "no"] for p in pairs])
    return out.getvalue()


def test_fit_route_answers_metrics_and_reliability_bins_without_applying(client: TestClient, stack: Stack) -> None:
    pairs = labelled_pairs(stack)
    before = client.get(f"{BASE}/calibration").json()["calibration"]
    answer = client.post(f"{BASE}/calibration:fit", json={"pairs": pairs, "method": "CALIBRATION_METHOD_PLATT"})
    assert answer.status_code == 200, answer.text
    fit = answer.json()
    assert fit["calibration"]["method"] == "CALIBRATION_METHOD_PLATT" and not fit.get("applied")
    assert fit["after"]["logLoss"] <= fit["before"]["logLoss"] and fit["after"]["pairCount"] == len(pairs)
    for key in ("beforeBins", "afterBins"):
        bins = fit[key]
        assert len(bins) == 10 and sum(b.get("pairCount", 0) for b in bins) == len(pairs)
        assert sum(b.get("pairCount", 0) * b.get("relevantFraction", 0) for b in bins) == pytest.approx(
            sum(bool(p["relevant"]) for p in pairs), abs=1e-3)
    assert client.get(f"{BASE}/calibration").json()["calibration"] == before  # a preview changes nothing


@pytest.mark.parametrize("form", ["csv", "csv-no-header", "json"])
def test_fit_fragment_shows_metrics_and_an_svg_reliability_diagram(client: TestClient, stack: Stack,
                                                                    form: str) -> None:
    pairs = labelled_pairs(stack)
    text = {"csv": as_csv(pairs), "csv-no-header": as_csv(pairs, header=False), "json": json.dumps(pairs)}[form]
    answer = client.post(f"/fragments/{COLLECTION}/fit", json={"pairsText": text})
    assert answer.status_code == 200, answer.text
    page = answer.text
    assert "Preview only" in page and "<svg" in page and "ECE" in page and "Log loss" in page
    # One point per filled bin and series, each naming its bin; the API gives the same numbers.
    fit = client.post(f"{BASE}/calibration:fit", json={"pairs": pairs}).json()
    filled = sum(1 for key in ("beforeBins", "afterBins") for b in fit[key] if b.get("pairCount"))
    assert len(re.findall(r"<circle [^>]*><title>", page)) == filled
    assert f"{fit['after']['ece']:.4f}" in page and f"{fit['before']['brier']:.4f}" in page


def test_fit_fragment_refuses_bad_pairs_in_plain_words(client: TestClient, stack: Stack) -> None:
    broken = client.post(f"/fragments/{COLLECTION}/fit", json={"pairsText": "a cat,x.jpg,maybe\n"})
    assert broken.status_code == 400 and "relevant must be" in broken.json()["error"]["fieldViolations"]["pairs"]
    few = client.post(f"/fragments/{COLLECTION}/fit", json={"pairsText": as_csv(labelled_pairs(stack)[:4])})
    assert few.status_code == 400 and "at least 10" in few.json()["error"]["message"]
    ghost = as_csv([{"query": "x", "itemId": "ghost.jpg", "relevant": n % 2 == 0} for n in range(12)])
    assert client.post(f"/fragments/{COLLECTION}/fit", json={"pairsText": ghost}).status_code == 404


def test_profile_route_and_fragment_say_what_debug_scores_says(client: TestClient, stack: Stack) -> None:
    item_id, data = list(stack.images.items())[3]
    encoded = base64.b64encode(data).decode()
    answer = client.post(f"{BASE}:profileImage", json={"image": encoded})
    assert answer.status_code == 200, answer.text
    concepts = answer.json()["concepts"]
    cosines = [c.get("rawCosine", 0.0) for c in concepts]
    assert len(concepts) > 50 and cosines == sorted(cosines, reverse=True)
    calibration = answer.json()["calibration"]
    expected = debug_scores.profile_from_cosines(
        "x", [c["concept"] for c in concepts], cosines, (calibration["slope"], calibration["intercept"], ""))
    temperature = expected.recommendation.temperature
    for request, preview in (({"image": encoded, "name": f"{item_id}.jpg"}, "data:image/jpeg;base64,"),
                             ({"itemId": f"{item_id}.jpg"}, "data:image/webp;base64,")):
        page = client.post(f"/fragments/{COLLECTION}/profile", json=request)
        assert page.status_code == 200, page.text
        html = page.text
        assert preview in html and "Top concepts" in html and concepts[0]["concept"] in html
        assert (f"Fixed temperature: {temperature:.2f}" if temperature else "none helps") in html
        assert "two-point: temp" in html and "recommendation:" in html  # the report, and the text as printed


def test_profile_with_given_words_and_bad_requests(client: TestClient, stack: Stack) -> None:
    item_id = f"{next(iter(stack.images))}.jpg"
    only = client.post(f"/fragments/{COLLECTION}/profile", json={"itemId": item_id, "concepts": ["cat", "dog", "car"]})
    assert only.status_code == 200 and "against 3 concepts" in only.text
    both = client.post(f"/fragments/{COLLECTION}/profile", json={"itemId": item_id, "image": "aGVsbG8="})
    assert both.status_code == 400
    assert client.post(f"/fragments/{COLLECTION}/profile", json={"itemId": "ghost"}).status_code == 404
    broken = client.post(f"/fragments/{COLLECTION}/profile", json={"image": base64.b64encode(b"no image").decode()})
    assert broken.status_code == 400 and broken.json()["error"]["status"] == "INVALID_ARGUMENT"
    not_base64 = client.post(f"/fragments/{COLLECTION}/profile", json={"image": "%%%"})
    assert not_base64.status_code == 400 and "image" in not_base64.json()["error"]["fieldViolations"]
    assert client.post(f"{BASE}:profileImage", json={"itemId": "ghost"}).status_code == 404
