"""The embedder over real gRPC: health, reflection, RPCs, per-item errors, batching, load shedding."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

import grpc
import numpy as np
import pytest
from google.rpc import code_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from embedder_svc.server import create_server
from mediasearch import vectors
from mediasearch.embedder.v1 import embedder_pb2, embedder_pb2_grpc
from mediasearch.runtime.status import field_violations
from mediasearch.testing.images import encode_image, pattern_image
from PIL import Image
from tests.servers import embedder_settings

SERVICE = "mediasearch.embedder.v1.EmbedderService"


@pytest.fixture(scope="module")
def stub(embedder_channel: grpc.Channel) -> embedder_pb2_grpc.EmbedderServiceStub:
    return embedder_pb2_grpc.EmbedderServiceStub(embedder_channel)


def test_health_is_serving_per_service(embedder_channel: grpc.Channel) -> None:
    health = health_pb2_grpc.HealthStub(embedder_channel)
    for name in ("", SERVICE):
        assert health.Check(health_pb2.HealthCheckRequest(service=name)).status == health_pb2.HealthCheckResponse.SERVING


def test_reflection_lists_the_services_when_turned_on(tiny_model_dir: Path) -> None:
    server, port = create_server(embedder_settings(tiny_model_dir, reflection=True), port=0)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = reflection_pb2_grpc.ServerReflectionStub(channel)
            responses = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
            names = {s.name for r in responses for s in r.list_services_response.service}
    finally:
        server.stop(0)
    assert {SERVICE, "grpc.health.v1.Health"} <= names


def test_embed_texts_returns_unit_vectors_in_order(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    response = stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=["a dog", "a cat", "a dog"]))
    rows = np.stack([vectors.from_proto(v) for v in response.embeddings])
    assert rows.shape == (3, 32)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert float(rows[0] @ rows[2]) > 0.9999 and float(rows[0] @ rows[1]) < 0.9999
    assert response.model_id.startswith("tiny-siglip0@")


def test_the_shared_call_limits_are_the_ones_the_service_enforces(
    stub: embedder_pb2_grpc.EmbedderServiceStub, embedder_server
) -> None:  # type: ignore[no-untyped-def]
    from mediasearch.client import EmbedderClient
    from mediasearch.limits import EMBED_IMAGES_PER_CALL, EMBED_TEXTS_PER_CALL

    image = pattern_image(3, size=(16, 16))
    for call, request, field in (
        (stub.BatchEmbedTexts, embedder_pb2.BatchEmbedTextsRequest(texts=["x"] * (EMBED_TEXTS_PER_CALL + 1)), "texts"),
        (stub.BatchEmbedImages, embedder_pb2.BatchEmbedImagesRequest(
            images=[embedder_pb2.ImageInput(id=str(n), data=image) for n in range(EMBED_IMAGES_PER_CALL + 1)]), "images"),
    ):
        with pytest.raises(grpc.RpcError) as caught:
            call(request)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and field in field_violations(caught.value)
    # The client splits what one call may not carry, and keeps the order.
    client = EmbedderClient(f"127.0.0.1:{embedder_server[1]}")
    try:
        results = client.embed_images([(f"i{n}", image) for n in range(EMBED_IMAGES_PER_CALL + 1)])
        assert [r.id for r in results] == [f"i{n}" for n in range(EMBED_IMAGES_PER_CALL + 1)]
        assert all(r.vector is not None for r in results)
        assert len(client.embed_texts(["x"] * (EMBED_TEXTS_PER_CALL + 1))) == EMBED_TEXTS_PER_CALL + 1
    finally:
        client.close()


def test_text_vector_is_batch_invariant_over_grpc(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    alone = stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=["a dog"])).embeddings[0]
    mixed = stub.BatchEmbedTexts(
        embedder_pb2.BatchEmbedTextsRequest(texts=["a dog", "a slice of pizza and a cup of coffee on a red sofa"])
    ).embeddings[0]
    assert float(vectors.from_proto(alone) @ vectors.from_proto(mixed)) > 0.9999


def test_bad_text_is_invalid_argument_with_field(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=["fine", ""]))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "texts[1]" in field_violations(caught.value)


def test_batch_with_bad_images_fails_only_those(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    bomb = encode_image(Image.new("L", (8000, 8000), 0), "PNG", optimize=True)
    images = [
        embedder_pb2.ImageInput(id="good-1", data=pattern_image(1)),
        embedder_pb2.ImageInput(id="corrupt", data=pattern_image(2, fmt="JPEG")[:200]),
        embedder_pb2.ImageInput(id="bomb", data=bomb),
        embedder_pb2.ImageInput(id="empty", data=b""),
        embedder_pb2.ImageInput(id="good-2", data=pattern_image(3, size=(80, 50), fmt="JPEG")),
    ]
    results = stub.BatchEmbedImages(embedder_pb2.BatchEmbedImagesRequest(images=images)).results
    by_id = {r.id: r for r in results}
    assert [r.id for r in results] == [i.id for i in images]
    assert by_id["good-1"].WhichOneof("outcome") == "embedding"
    assert (by_id["good-2"].width, by_id["good-2"].height, by_id["good-2"].format) == (80, 50, "JPEG")
    assert by_id["corrupt"].error.reason == "IMAGE_CORRUPT"
    assert by_id["bomb"].error.reason == "IMAGE_TOO_LARGE"
    assert by_id["empty"].error.reason == "IMAGE_EMPTY"
    assert all(by_id[k].error.code == code_pb2.INVALID_ARGUMENT for k in ("corrupt", "bomb", "empty"))


def test_stream_answers_every_image_in_order(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    ids = [f"img-{i}" for i in range(12)]
    requests = (
        embedder_pb2.StreamEmbedImagesRequest(
            image=embedder_pb2.ImageInput(id=i, data=b"junk" if n == 5 else pattern_image(n))
        )
        for n, i in enumerate(ids)
    )
    results = [r.result for r in stub.StreamEmbedImages(requests)]
    assert [r.id for r in results] == ids
    assert results[5].error.reason == "IMAGE_FORMAT_UNSUPPORTED"
    assert sum(r.WhichOneof("outcome") == "embedding" for r in results) == 11


def test_same_image_same_vector_across_rpcs(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    data = pattern_image(7)
    single = stub.BatchEmbedImages(embedder_pb2.BatchEmbedImagesRequest(images=[embedder_pb2.ImageInput(data=data)]))
    streamed = next(iter(stub.StreamEmbedImages(iter([embedder_pb2.StreamEmbedImagesRequest(image=embedder_pb2.ImageInput(data=data))]))))
    a = vectors.from_proto(single.results[0].embedding)
    b = vectors.from_proto(streamed.result.embedding)
    assert float(a @ b) > 0.9999


def test_model_info(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    info = stub.GetModelInfo(embedder_pb2.GetModelInfoRequest(include_vocabulary=True))
    assert info.embedding_dimension == 32 and info.image_size == 32 and info.text_context_length == 16
    assert info.logit_scale_exp == pytest.approx(10.0, rel=1e-4) and info.logit_bias == pytest.approx(-10.0)
    assert info.revision == "local" and info.device == "cpu" and info.precision == embedder_pb2.PRECISION_FLOAT32
    assert list(info.default_prompt_templates) == ["This is a photo of {}."]
    assert "dog" in info.vocabulary
    assert not stub.GetModelInfo(embedder_pb2.GetModelInfoRequest()).vocabulary


def _scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return response.read().decode()


def _metric(text: str, name: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))


def test_concurrent_requests_form_real_batches(tiny_model_dir: Path) -> None:
    server, port = create_server(embedder_settings(tiny_model_dir, max_batch_wait_ms=50.0), port=0)
    server.wait_ready(60)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = embedder_pb2_grpc.EmbedderServiceStub(channel)
            barrier = threading.Barrier(8)

            def one_call(n: int) -> None:
                barrier.wait()
                stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=[f"query number {n}"]))

            threads = [threading.Thread(target=one_call, args=(n,)) for n in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        text = _scrape(server.metrics_endpoint.port)
        passes = _metric(text, 'embedder_batch_size_count{kind="text"}')
        items = _metric(text, 'embedder_batch_size_sum{kind="text"}')
        # 8 one-text calls plus the warm-up were coalesced into fewer forward passes.
        assert items == 8 and passes < 8, (passes, items)
        assert 'grpc_server_handled_total{grpc_code="OK",grpc_method="/mediasearch.embedder.v1.EmbedderService/BatchEmbedTexts"} 8.0' in text
    finally:
        server.stop(0)


def test_calls_beyond_the_bound_get_resource_exhausted(tiny_model_dir: Path) -> None:
    # One slot, held by a stream whose client has not finished sending.
    server, port = create_server(embedder_settings(tiny_model_dir, max_concurrent_rpcs=1), port=0)
    server.wait_ready(60)
    release = threading.Event()

    def slow_requests():  # type: ignore[no-untyped-def]
        yield embedder_pb2.StreamEmbedImagesRequest(image=embedder_pb2.ImageInput(id="held", data=pattern_image(1)))
        release.wait(10)

    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = embedder_pb2_grpc.EmbedderServiceStub(channel)
            holder = stub.StreamEmbedImages(slow_requests())
            assert next(holder).result.id == "held"  # the stream is in progress and holds the slot
            # Shed, not queued: a queued call would wait for the held slot and then succeed.
            with pytest.raises(grpc.RpcError) as caught:
                stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=["rejected"]))
            assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            # Health checks are exempt from the bound; with every slot taken the service says
            # NOT_SERVING (no new work), while "" (liveness) stays SERVING.
            health = health_pb2_grpc.HealthStub(channel)
            assert health.Check(health_pb2.HealthCheckRequest(service=SERVICE)).status == health_pb2.HealthCheckResponse.NOT_SERVING
            assert health.Check(health_pb2.HealthCheckRequest(service="")).status == health_pb2.HealthCheckResponse.SERVING
            release.set()
            assert list(holder) == []
            # The slot is released just after the client sees the stream end.
            give_up = time.monotonic() + 5
            while health.Check(health_pb2.HealthCheckRequest(service=SERVICE)).status != health_pb2.HealthCheckResponse.SERVING:
                assert time.monotonic() < give_up, "health did not return to SERVING after the slot was freed"
                time.sleep(0.02)
            # With the slot free again, calls succeed.
            assert len(stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=["accepted"])).embeddings) == 1
            assert server.metrics.value("grpc_server_shed_total", {"grpc_method": "/mediasearch.embedder.v1.EmbedderService/BatchEmbedTexts"}) == 1
    finally:
        release.set()
        server.stop(0)


def test_health_not_serving_until_loaded_and_after_shutdown(tiny_model_dir: Path) -> None:
    server, port = create_server(embedder_settings(tiny_model_dir), port=0)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        request = health_pb2.HealthCheckRequest(service=SERVICE)
        server.wait_ready(60)
        assert health.Check(request).status == health_pb2.HealthCheckResponse.SERVING
        server.health.enter_graceful_shutdown()
        assert health.Check(request).status == health_pb2.HealthCheckResponse.NOT_SERVING
    server.stop(0)


def test_expired_deadline_is_deadline_exceeded_not_unknown(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=["x"] * 200), timeout=0.001)
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


def test_main_without_a_model_or_embedded_default_names_the_flag(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import embedder_svc.settings
    from embedder_svc.server import main

    monkeypatch.setattr(embedder_svc.settings, "DEFAULT_MODEL_DIR", tmp_path / "no-default-model")
    assert main(["--port", "0", "--metrics-port", "-1"]) == 2
    error = capsys.readouterr().err
    assert "--model" in error and "EMBEDDER_MODEL" in error


def test_no_model_flag_uses_the_embedded_default() -> None:
    from embedder_svc.core.model import DEFAULT_MODEL_DIR
    from embedder_svc.settings import EmbedderSettings

    if not (DEFAULT_MODEL_DIR / "config.json").is_file():
        pytest.skip("the embedded default model is not trained yet")
    assert EmbedderSettings().model_options().source == str(DEFAULT_MODEL_DIR)


def test_main_serves_until_sigterm(tiny_model_dir: Path) -> None:
    from tests.servers import start_service, stop_with_sigterm

    process, _ = start_service("embedder_svc", SERVICE, "--model", str(tiny_model_dir), "--cpu-threads", "1")
    assert '"msg": "stopped"' in stop_with_sigterm(process)


def test_a_call_outlives_its_connection_max_age(tiny_model_dir: Path) -> None:
    # The connection ages out (GOAWAY) while a stream is running; the stream must finish,
    # and new calls must work on a fresh connection.
    server, port = create_server(embedder_settings(tiny_model_dir, max_connection_age_s=0.5), port=0)
    server.wait_ready(60)

    def slow_requests():  # type: ignore[no-untyped-def]
        for n in range(4):
            yield embedder_pb2.StreamEmbedImagesRequest(image=embedder_pb2.ImageInput(id=str(n), data=pattern_image(n)))
            time.sleep(0.5)

    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = embedder_pb2_grpc.EmbedderServiceStub(channel)
            assert [r.result.id for r in stub.StreamEmbedImages(slow_requests())] == ["0", "1", "2", "3"]
            assert len(stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=["after"])).embeddings) == 1
    finally:
        server.stop(0)


def test_the_client_fits_texts_to_an_embedder_configured_for_fewer(tiny_model_dir) -> None:  # type: ignore[no-untyped-def]
    """An embedder run with EMBEDDER_MAX_TEXTS=10 refuses the client's usual 256 and names its limit; the
    client then sends 10 at a time, in order."""
    from embedder_svc.server import create_server
    from mediasearch.client import EmbedderClient

    server, port = create_server(embedder_settings(tiny_model_dir, max_texts=10), port=0)
    server.wait_ready(timeout=120)
    client = EmbedderClient(f"127.0.0.1:{port}")
    try:
        texts = [f"a photo of {n} dogs" for n in range(25)]
        together = client.embed_texts(texts)
        assert together.shape[0] == 25
        np.testing.assert_allclose(together[17], client.embed_texts([texts[17]])[0], atol=1e-5)
    finally:
        client.close()
        server.stop(0)


def test_background_texts_get_the_same_vectors_as_foreground_ones(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    texts = ["a red kite", "a harbour"]
    rows = {}
    for priority in (embedder_pb2.PRIORITY_UNSPECIFIED, embedder_pb2.PRIORITY_BACKGROUND):
        response = stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=texts, priority=priority))
        rows[priority] = np.stack([vectors.from_proto(v) for v in response.embeddings])
    assert np.allclose(rows[embedder_pb2.PRIORITY_UNSPECIFIED], rows[embedder_pb2.PRIORITY_BACKGROUND], atol=1e-6)


def test_an_unknown_priority_is_refused_naming_the_field(stub: embedder_pb2_grpc.EmbedderServiceStub) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        stub.BatchEmbedTexts(embedder_pb2.BatchEmbedTextsRequest(texts=["dog"], priority=7))  # type: ignore[arg-type]
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "priority" in field_violations(caught.value)
