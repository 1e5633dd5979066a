"""The page in a real browser: Playwright driving Debian's Chromium against the web app and a real search stack.

Screenshots go to test-artifacts/web/ (gitignored). Outside CI the tests skip
when /usr/bin/chromium is absent; in CI (CI=true) that is a failure, since
.ci/run installs it.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediasearch.names import collection_name
from mediasearch.search.v1 import search_pb2
from tests.web.conftest import Stack

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs /usr/bin/chromium for the browser tests; .ci/run installs it (apt-get install chromium)")
    pytest.skip("no /usr/bin/chromium here (apt-get install -y chromium); the browser tests need it",
                allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402  (after the skip)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Browser, web_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=web_url)
    opened = context.new_page()
    yield opened
    context.close()


def goto(page: Page, path: str) -> None:
    page.goto(path)
    page.locator("body[data-ready=true]").wait_for()


def search(page: Page, query: str) -> None:
    goto(page, "/")
    page.get_by_label("Query", exact=True).fill(query)
    page.get_by_label("Query", exact=True).press("Enter")
    expect(page.locator("#grid li").first).to_be_visible()


def test_search_renders_thumbnails_with_scores_fast_and_small(page: Page) -> None:
    search(page, "a cat")
    cards = page.locator("#grid .card")
    expect(cards).to_have_count(50)
    first = cards.first
    assert "cosine" in first.get_attribute("title")
    assert first.locator("img").get_attribute("src").startswith("data:image/webp;base64,")
    timing = page.evaluate("""() => {
        const search = performance.getEntriesByType('resource').filter(e => e.name.includes('items:search')).pop();
        const thumbs = performance.getEntriesByType('resource').filter(e => e.name.includes('batchGetThumbnails'));
        const rendered = performance.getEntriesByName('results-rendered').pop();
        const total = performance.getEntriesByName('first-results').pop();
        return {afterSearchAnswer: rendered.startTime - search.responseEnd, submitToRender: total.duration,
                thumbnailBytes: thumbs.reduce((n, e) => n + e.transferSize, 0), thumbnailCalls: thumbs.length};
    }""")
    print(f"\nfirst results rendered {timing['afterSearchAnswer']:.0f} ms after the search answered "
          f"(previews fetched in that time), {timing['submitToRender']:.0f} ms after submit; "
          f"50 previews took {timing['thumbnailBytes']} bytes in {timing['thumbnailCalls']} call(s)")
    assert 0 < timing["thumbnailBytes"] < 1_000_000
    page.screenshot(path=str(ARTIFACTS / "search.png"))


def test_deep_search_shows_explanations(page: Page) -> None:
    search(page, "a cat")
    page.get_by_role("radio", name="Deep").check()
    expect(page.locator("#summary")).to_contain_text("searched:")
    expect(page.locator("#grid .chip").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "deep.png"))


def test_open_a_result_by_keyboard_then_more_like_this(page: Page) -> None:
    search(page, "a dog")
    page.locator("#grid .card").first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#detail")
    expect(dialog).to_be_visible()
    opened = page.locator("#detail-title").inner_text()
    assert page.locator("#detail-image").get_attribute("src").startswith("data:image/webp")
    expect(page.locator("#detail-meta")).to_contain_text("/photos/")
    page.screenshot(path=str(ARTIFACTS / "result.png"))
    page.get_by_role("button", name="More like this").click()
    expect(page.locator("#summary")).to_contain_text(f"pictures like {opened}")
    assert opened not in page.locator("#grid .label").all_inner_texts()


def test_dropping_an_image_finds_it_first(page: Page, stack: Stack) -> None:
    item_id, data = list(stack.images.items())[7]
    goto(page, "/")
    page.evaluate("""([b64, name]) => {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name, {type: 'image/jpeg'}));
        document.querySelector('#drop').dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true}));
    }""", [base64.b64encode(data).decode(), f"{item_id}.jpg"])
    expect(page.locator("#grid .label").first).to_have_text(f"{item_id}.jpg")
    expect(page.locator("#drop-name")).to_have_text(f"{item_id}.jpg")


def test_threshold_slider_reruns_with_a_minimum(page: Page) -> None:
    search(page, "a cat")
    expect(page.locator("#grid .card")).to_have_count(50)
    scores = page.evaluate("() => Array.from(document.querySelectorAll('#grid .card')).map(c => c.title)")
    page.locator("#threshold").evaluate("(el) => { el.value = '0.99'; el.dispatchEvent(new Event('input')); }")
    expect(page.locator("#threshold-value")).to_have_text("0.99")
    expect(page.locator("#grid .card")).not_to_have_count(50)
    assert len(scores) == 50


def test_phone_width_has_no_sideways_scrolling(browser: Browser, web_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 780}, base_url=web_url, is_mobile=True)
    page = context.new_page()
    search(page, "flowers")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    box = page.locator("#grid .card").first.bounding_box()
    assert box is not None and box["width"] >= 120
    page.screenshot(path=str(ARTIFACTS / "phone.png"))
    context.close()


def test_service_errors_are_said_in_plain_words(page: Page) -> None:
    goto(page, "/")
    page.get_by_label("Query", exact=True).fill("0:nothing")
    page.get_by_label("Query", exact=True).press("Enter")
    expect(page.locator("#status")).to_contain_text("The request was not accepted (400)")


def test_delete_from_the_result_view(page: Page, stack: Stack) -> None:
    data = next(iter(stack.images.values()))
    list(stack.stub.Ingest(iter([search_pb2.IngestRequest(parent=collection_name("photos"), item_id="doomed.jpg",
                                                          data=data)])))
    search(page, "item:doomed.jpg")
    page.locator("#grid .card").filter(has_text="doomed.jpg").click()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Delete (writers)").click()
    expect(page.locator("#status")).to_contain_text("Deleted doomed.jpg")
    expect(page.locator("#grid .label").filter(has_text="doomed.jpg")).to_have_count(0)


def test_calibration_page_previews_how_many_pass(page: Page) -> None:
    goto(page, "/calibration")
    expect(page.locator("#current-calibration")).to_contain_text("model_native")
    page.locator("#cal-q").fill("a cat")
    page.get_by_role("button", name="Score").click()
    expect(page.locator("#histogram span").first).to_be_attached()
    page.locator("#intercept").evaluate("(el) => { el.value = '-40'; el.dispatchEvent(new Event('input')); }")
    expect(page.locator("#passing")).to_contain_text("0 of 50 ")
    page.locator("#intercept").evaluate("(el) => { el.value = '10'; el.dispatchEvent(new Event('input')); }")
    expect(page.locator("#passing")).to_contain_text("50 of 50 ")
    page.screenshot(path=str(ARTIFACTS / "calibration.png"))


def test_score_debugger_explains_a_stored_image(page: Page, stack: Stack) -> None:
    item_id = f"{next(iter(stack.images))}.jpg"
    goto(page, "/debug")
    page.locator("#debug-item").fill(item_id)
    page.get_by_role("button", name="Explain", exact=True).click()
    report = page.locator("#debug-report")
    expect(report.get_by_role("heading", name="Top concepts")).to_be_visible()
    expect(report).to_contain_text("Fixed temperature")
    assert report.locator("img").get_attribute("src").startswith("data:image/webp")
    page.screenshot(path=str(ARTIFACTS / "debug.png"), full_page=True)


def test_score_debugger_explains_an_uploaded_image(page: Page, stack: Stack) -> None:
    item_id, data = list(stack.images.items())[5]
    goto(page, "/debug")
    page.locator("#debug-file").set_input_files(files=[{"name": "mine.jpg", "mimeType": "image/jpeg", "buffer": data}])
    report = page.locator("#debug-report")
    expect(report).to_contain_text("semantic profile of mine.jpg")
    expect(page.locator("#debug-file-name")).to_have_text("mine.jpg")
    assert report.locator("img").get_attribute("src").startswith("data:image/jpeg")
    expect(report.locator("svg")).to_have_count(1)  # debug-scores' histogram, drawn by the server
    expect(report).to_contain_text("two-point: temp")
    page.screenshot(path=str(ARTIFACTS / "debug-upload.png"), full_page=True)


def test_fit_from_labelled_pairs_shows_the_reliability_diagram_then_saves(page: Page, stack: Stack) -> None:
    pairs = ["query,item_id,relevant"]
    for query in ("a cat", "a dog", "a beach"):
        answer = stack.stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), page_size=20,
                                                            terms=[search_pb2.QueryTerm(text=query)]))
        pairs += [f"{query},{r.item.id},{'true' if r.rank <= 5 else 'false'}" for r in answer.results]
    goto(page, "/calibration")
    page.locator("#fit-file").set_input_files(files=[{"name": "pairs.csv", "mimeType": "text/csv",
                                                      "buffer": "\n".join(pairs).encode()}])
    expect(page.locator("#fit-pairs")).to_have_value("\n".join(pairs))
    page.get_by_role("button", name="Fit and preview").click()
    result = page.locator("#fit-result")
    expect(result).to_contain_text("Preview only")
    expect(result.locator("#fit-metrics tbody tr")).to_have_count(3)
    diagram = result.locator("svg.reliability")
    expect(diagram).to_be_visible()
    assert diagram.locator("circle title").count() >= 2  # filled bins of both series, each with its numbers
    page.screenshot(path=str(ARTIFACTS / "calibration-fit.png"), full_page=True)
    try:
        page.get_by_role("button", name="Fit and save (admins)").click()
        expect(page.locator("#status")).to_contain_text("Saved")
        expect(page.locator("#current-calibration")).to_contain_text("platt")
    finally:  # the other page tests expect the model's own calibration
        stack.stub.UpdateCalibration(search_pb2.UpdateCalibrationRequest(calibration=search_pb2.Calibration(
            name="collections/photos/calibration", method=search_pb2.CALIBRATION_METHOD_MODEL_NATIVE)))


def test_a_video_result_plays_from_its_moment(browser: Browser, stack: Stack, tmp_path: Path) -> None:
    pytest.importorskip("av")
    from mediasearch.cli.video_ingest import ingest_video
    from mediasearch.testing.images import pattern_image
    from mediasearch.testing.videos import Segment, write_video
    from tests.servers import free_port
    from tests.web.conftest import serving, web_settings

    video = tmp_path / "garden.webm"
    write_video(video, [Segment(pattern_image(s), 2.0) for s in (31, 32, 33)], codec="vp9")
    assert ingest_video(stack.stub, "played", video, video.stat()).status == "indexed"
    settings = web_settings(stack, port=free_port(), collection="played", media_roots=[str(tmp_path)])
    with serving(settings) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=url)
        page = context.new_page()
        goto(page, "/")
        page.locator("#file").set_input_files(
            files=[{"name": "frame.png", "mimeType": "image/png", "buffer": pattern_image(33)}])
        expect(page.locator("#grid li").first).to_be_visible()
        page.locator("#grid li button").first.click()
        player = page.locator("#detail-video")
        expect(player).to_be_visible()
        assert "/media?" in (player.get_attribute("src") or "") and "#t=" in (player.get_attribute("src") or "")
        page.wait_for_function("document.querySelector('#detail-video').readyState >= 1", timeout=20_000)
        start = page.evaluate("document.querySelector('#detail-video').currentTime")
        assert 4.0 <= start < 6.0  # the third shot, where the dropped frame is
        page.screenshot(path=str(ARTIFACTS / "video-moment.png"))
        context.close()


def test_photos_by_capture_time_newest_first_and_taken_filters(browser: Browser, stack: Stack) -> None:
    from mediasearch.testing.images import photo_with_exif
    from tests.servers import free_port
    from tests.web.conftest import serving, web_settings

    # The same picture taken on three days (the same pixels, other bytes): all pass the calibrated 0.5 for it.
    taken = {"spring": "2024:04:02 10:00:00", "summer": "2024:07:15 18:30:00", "winter": "2023:12:24 09:00:00"}
    photos = {name: photo_with_exif(taken=when, make="Canon", model="EOS R6", seed=9) for name, when in taken.items()}
    requests = [search_pb2.IngestRequest(parent=collection_name("dated"), item_id=f"{name}.jpg", data=data,
                                         metadata=search_pb2.ItemMetadata(uri=f"/photos/{name}.jpg"))
                for name, data in photos.items()]
    assert all(a.status == search_pb2.INGEST_STATUS_INDEXED for a in stack.stub.Ingest(iter(requests)))
    settings = web_settings(stack, port=free_port(), collection="dated")
    with serving(settings) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=url)
        page = context.new_page()
        goto(page, "/")
        page.locator("details.filters summary").click()
        page.get_by_label("Order").select_option("SEARCH_ORDER_CAPTURE_TIME_DESC")
        page.locator("#file").set_input_files(files=[{"name": "q.jpg", "mimeType": "image/jpeg",
                                                      "buffer": photos["spring"]}])
        expect(page.locator("#grid .label")).to_have_text(["summer.jpg", "spring.jpg", "winter.jpg"])
        page.get_by_label("Taken after").fill("2024-01-01")
        page.locator("#search-form").evaluate("form => form.requestSubmit()")  # the image query stays, filtered
        expect(page.locator("#grid .label")).to_have_text(["summer.jpg", "spring.jpg"])
        page.locator("#grid li button").first.click()
        expect(page.locator("#detail-meta")).to_contain_text("Canon EOS R6")
        expect(page.locator("#detail-meta")).to_contain_text("2024-07-15")
        page.screenshot(path=str(ARTIFACTS / "capture-time.png"))
        context.close()
