"""The search service over real gRPC, with a real embedder, on every storage backend: the embedded one (real
SQLite files and USearch indexes) and Milvus (Milvus Lite, a real Milvus file served in-process)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import numpy as np
import pytest
from google.protobuf import field_mask_pb2
from google.rpc import code_pb2

from mediasearch.names import calibration_name, collection_name, item_name
from mediasearch.runtime.status import field_violations
from mediasearch.search.v1 import search_pb2, search_pb2_grpc
from mediasearch.testing.images import pattern_image
from tests.servers import search_settings
from tests.search.conftest import BACKENDS
from search_svc.core.calibration import calibrate_siglip_score
from search_svc.server import create_server


@pytest.fixture(params=BACKENDS)
def search_server(request, tmp_path: Path, embedder_server) -> Iterator[tuple[object, search_pb2_grpc.SearchServiceStub]]:  # type: ignore[no-untyped-def]
    _, embedder_port = embedder_server
    roots = tmp_path / "allowed"
    roots.mkdir()
    settings = search_settings(tmp_path / "data", embedder_port, ingest_roots=[str(roots)], backend=request.param)
    server, port = create_server(settings, port=0)
    server.wait_ready(60)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield server, search_pb2_grpc.SearchServiceStub(channel)
    server.stop(0)


def ingest(stub: search_pb2_grpc.SearchServiceStub, items: list[tuple[str, bytes]], collection: str = "photos",
           **metadata: object) -> list[search_pb2.IngestResponse]:
    requests = [
        search_pb2.IngestRequest(parent=collection_name(collection), item_id=item_id, data=data,
                                 metadata=search_pb2.ItemMetadata(uri=f"/photos/{item_id}.png", **metadata))
        for item_id, data in items
    ]
    return list(stub.Ingest(iter(requests)))


def test_ingest_search_similar_delete_round_trip(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    images = [(f"img{i}", pattern_image(i)) for i in range(12)]
    responses = ingest(stub, images + [("broken", b"not an image")])
    assert [r.item_id for r in responses] == [i for i, _ in images] + ["broken"]
    assert all(r.status == search_pb2.INGEST_STATUS_INDEXED for r in responses[:-1])
    assert responses[-1].status == search_pb2.INGEST_STATUS_FAILED
    assert responses[-1].error.reason == "IMAGE_FORMAT_UNSUPPORTED"

    # An image query finds its own item first, with cosine ~1.
    found = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(image=images[3][1])], page_size=5))
    assert found.results[0].item.id == "img3" and found.results[0].raw_cosine > 0.999
    assert found.results[0].item.name == "collections/photos/items/img3"
    assert [r.rank for r in found.results] == [1, 2, 3, 4, 5]
    assert found.results[0].item.metadata.uri == "/photos/img3.png" and found.results[0].item.width == 64

    # Text search returns calibrated scores under the collection's profile, reported with the response.
    text = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text="a dog")], page_size=12))
    profile = text.calibration
    assert profile.method == search_pb2.CALIBRATION_METHOD_MODEL_NATIVE
    assert profile.logit_scale_exp == pytest.approx(10.0, rel=1e-4) and profile.logit_bias == pytest.approx(-10.0)
    for result in text.results:
        assert result.score == pytest.approx(1 / (1 + np.exp(-(10.0 * result.raw_cosine - 10.0))), abs=1e-5)
    assert [r.raw_cosine for r in text.results] == sorted((r.raw_cosine for r in text.results), reverse=True)

    similar = stub.FindSimilar(search_pb2.FindSimilarRequest(parent=collection_name("photos"), item_id="img3", page_size=3))
    assert "img3" not in [r.item.id for r in similar.results] and len(similar.results) == 3
    # By image bytes, a stored copy of that very image is the query, not an answer (unless asked for).
    by_image = stub.FindSimilar(search_pb2.FindSimilarRequest(parent=collection_name("photos"), image=images[3][1], page_size=3))
    assert "img3" not in [r.item.id for r in by_image.results] and len(by_image.results) == 3
    with_self = stub.FindSimilar(search_pb2.FindSimilarRequest(parent=collection_name("photos"), image=images[3][1],
                                                               page_size=3, include_self=True))
    assert with_self.results[0].item.id == "img3"

    deleted = stub.BatchDeleteItems(search_pb2.BatchDeleteItemsRequest(
        parent=collection_name("photos"), names=[item_name("photos", "img3"), item_name("photos", "ghost")]))
    assert deleted.deleted_count == 1 and list(deleted.missing_names) == ["collections/photos/items/ghost"]
    again = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(image=images[3][1])], page_size=3))
    assert "img3" not in [r.item.id for r in again.results]
    stats = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name("photos"))).collection
    assert stats.item_count == 11 and stats.dimension == 32 and stats.model_id.startswith("tiny-siglip0@")
    assert stats.name == "collections/photos" and stats.calibration.name == "collections/photos/calibration"


def test_reingest_is_idempotent_and_identical_bytes_embed_once(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    first = ingest(stub, [("a", pattern_image(1))])
    assert first[0].status == search_pb2.INGEST_STATUS_INDEXED
    assert ingest(stub, [("a", pattern_image(1))])[0].status == search_pb2.INGEST_STATUS_UNCHANGED
    copy = ingest(stub, [("a-copy", pattern_image(1))])[0]
    assert copy.status == search_pb2.INGEST_STATUS_INDEXED and copy.embedding_reused
    assert copy.sha256 == first[0].sha256
    assert stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name("photos"))).collection.item_count == 2


def test_weighted_and_negative_terms_combine(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    ingest(stub, [(f"i{n}", pattern_image(n)) for n in range(6)])

    def cosines(*terms: search_pb2.QueryTerm) -> dict[str, float]:
        results = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), page_size=6, terms=list(terms))).results
        return {r.item.id: r.raw_cosine for r in results}

    c = cosines(search_pb2.QueryTerm(item_id="i1"))["i2"]
    combined = cosines(search_pb2.QueryTerm(item_id="i1", weight=2.0), search_pb2.QueryTerm(item_id="i2", weight=-1.0))
    # q = (2 v1 - v2) / |2 v1 - v2|, so cos(q, v2) = (2c - 1) / sqrt(5 - 4c) for unit v1, v2.
    assert combined["i2"] == pytest.approx((2 * c - 1) / np.sqrt(5 - 4 * c), abs=1e-4)
    assert combined["i2"] < c


def test_filters_and_threshold(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    ingest(stub, [(f"cat{n}", pattern_image(n)) for n in range(5)], tags=["cats"])
    ingest(stub, [(f"dog{n}", pattern_image(n + 10)) for n in range(5)], tags=["dogs"])
    query = [search_pb2.QueryTerm(image=pattern_image(12))]
    dogs = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=query, page_size=10,
                                                filter=search_pb2.Filter(tags_any=["dogs"])))
    assert {r.item.id for r in dogs.results} == {f"dog{n}" for n in range(5)}
    # The test model's native calibration peaks at sigmoid(10 * 1 - 10) = 0.5 for an identical image.
    strict = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=query, page_size=10, min_score=0.49))
    assert [r.item.id for r in strict.results][:1] == ["dog2"]
    assert all(r.score >= 0.49 for r in strict.results) and len(strict.results) < 10


def test_bad_requests_get_clear_statuses(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    with pytest.raises(grpc.RpcError) as caught:
        stub.Search(search_pb2.SearchRequest(parent=collection_name("nope"), terms=[search_pb2.QueryTerm(text="x")]))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    ingest(stub, [("a", pattern_image(1))])
    with pytest.raises(grpc.RpcError) as caught:
        stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text="x", weight=0.0)]))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert any("weight" in f for f in field_violations(caught.value))
    for parent in (collection_name("Bad Name!"), "photos", "collections/photos/items/a"):
        with pytest.raises(grpc.RpcError) as caught:
            stub.Search(search_pb2.SearchRequest(parent=parent, terms=[search_pb2.QueryTerm(text="x")]))
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "parent" in field_violations(caught.value)
    with pytest.raises(grpc.RpcError) as caught:
        stub.BatchDeleteItems(search_pb2.BatchDeleteItemsRequest(parent=collection_name("photos"),
                                                                 names=[item_name("photos", "a"), item_name("other", "a")]))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "names[1]" in field_violations(caught.value)
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetCalibration(search_pb2.GetCalibrationRequest(name=collection_name("photos")))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "name" in field_violations(caught.value)


def test_item_names_round_trip_ids_with_slashes(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    item_id = "/home/ana/Fotos/día 1.png"
    ingest(stub, [(item_id, pattern_image(3))])
    listed = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name("photos"))).items
    assert [i.name for i in listed] == ["collections/photos/items/%2Fhome%2Fana%2FFotos%2Fd%C3%ADa%201.png"]
    # A malformed parent fails only its own item, even when it looks like a collection id.
    mixed = [search_pb2.IngestRequest(parent=parent, item_id=f"m{n}", data=pattern_image(n))
             for n, parent in enumerate(["photos", collection_name("photos"), "collections/Photos"])]
    results = list(stub.Ingest(iter(mixed)))
    assert [(r.item_id, r.status) for r in results] == [
        ("m0", search_pb2.INGEST_STATUS_FAILED), ("m1", search_pb2.INGEST_STATUS_INDEXED),
        ("m2", search_pb2.INGEST_STATUS_FAILED)]
    assert results[0].error.reason == "RESOURCE_NAME_INVALID" and "parent" in results[0].error.message
    assert results[2].error.reason == "COLLECTION_NAME_INVALID"
    deleted = stub.BatchDeleteItems(search_pb2.BatchDeleteItemsRequest(parent=collection_name("photos"),
                                                                       names=[listed[0].name]))
    assert deleted.deleted_count == 1


def test_search_and_similar_page_with_tokens_bound_to_their_query(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    ingest(stub, [(f"i{n}", pattern_image(n)) for n in range(12)])
    query = [search_pb2.QueryTerm(image=pattern_image(4))]
    whole = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=query, page_size=12))
    paged, token, pages = [], "", 0
    while True:
        page = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=query, page_size=5,
                                                    page_token=token))
        paged += [(r.item.id, r.rank) for r in page.results]
        pages += 1
        token = page.next_page_token
        if not token:
            break
    assert pages == 3 and paged == [(r.item.id, r.rank) for r in whole.results]

    first = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=query, page_size=5))
    other_query = [search_pb2.QueryTerm(image=pattern_image(5))]
    with pytest.raises(grpc.RpcError) as caught:
        stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=other_query, page_size=5,
                                             page_token=first.next_page_token))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "page_token" in field_violations(caught.value)
    with pytest.raises(grpc.RpcError) as caught:
        stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=query, page_token="not-a-token"))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "page_token" in field_violations(caught.value)

    similar = stub.FindSimilar(search_pb2.FindSimilarRequest(parent=collection_name("photos"), item_id="i4", page_size=6))
    rest = stub.FindSimilar(search_pb2.FindSimilarRequest(parent=collection_name("photos"), item_id="i4", page_size=6,
                                                          page_token=similar.next_page_token))
    ids = [r.item.id for r in similar.results] + [r.item.id for r in rest.results]
    assert sorted(ids) == sorted(f"i{n}" for n in range(12) if n != 4) and not rest.next_page_token
    with pytest.raises(grpc.RpcError) as caught:
        stub.FindSimilar(search_pb2.FindSimilarRequest(parent=collection_name("photos"), item_id="i5", page_size=6,
                                                       page_token=similar.next_page_token))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_collections_are_listed_page_by_page(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    for collection in ("b-photos", "a-photos", "c-photos"):
        ingest(stub, [("x", pattern_image(1))], collection=collection)
    names, token = [], ""
    while True:
        page = stub.ListCollections(search_pb2.ListCollectionsRequest(page_size=2, page_token=token))
        assert len(page.collections) <= 2
        names += [c.name for c in page.collections]
        token = page.next_page_token
        if not token:
            break
    assert names == ["collections/a-photos", "collections/b-photos", "collections/c-photos"]
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name("nope")))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


def test_paths_are_read_only_inside_roots(search_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    inside = tmp_path / "allowed" / "ok.png"
    inside.write_bytes(pattern_image(4))
    outside = tmp_path / "secret.png"
    outside.write_bytes(pattern_image(5))
    (tmp_path / "allowed" / "link.png").symlink_to(outside)
    requests = [
        search_pb2.IngestRequest(parent=collection_name("photos"), item_id="ok", path=str(inside)),
        search_pb2.IngestRequest(parent=collection_name("photos"), item_id="dotdot", path=str(tmp_path / "allowed" / ".." / "secret.png")),
        search_pb2.IngestRequest(parent=collection_name("photos"), item_id="symlink", path=str(tmp_path / "allowed" / "link.png")),
    ]
    results = {r.item_id: r for r in stub.Ingest(iter(requests))}
    assert results["ok"].status == search_pb2.INGEST_STATUS_INDEXED
    for escaped in ("dotdot", "symlink"):
        assert results[escaped].status == search_pb2.INGEST_STATUS_FAILED
        assert results[escaped].error.reason == "PATH_OUTSIDE_ROOTS"
        assert results[escaped].error.code == code_pb2.PERMISSION_DENIED
    listed = stub.ListItems(search_pb2.ListItemsRequest(parent=collection_name("photos")))
    assert [i.id for i in listed.items] == ["ok"] and listed.items[0].metadata.uri == str(inside)


def seed_collection(data: Path, embedder_port: int) -> Path:
    """A data folder whose "photos" collection holds one item, written by a server that is then stopped."""
    server, port = create_server(search_settings(data, embedder_port), port=0)
    server.wait_ready(60)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        ingest(search_pb2_grpc.SearchServiceStub(channel), [("a", pattern_image(1))])
    server.stop(0)
    return data


def test_model_mismatch_is_failed_precondition(tmp_path: Path, embedder_server, tiny_model_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from embedder_svc.server import create_server as create_embedder
    from tests.servers import embedder_settings
    from mediasearch.testing.tiny_siglip import build_tiny_siglip

    _, embedder_port = embedder_server
    data = seed_collection(tmp_path / "data", embedder_port)
    other_model = build_tiny_siglip(tmp_path / "other-model", hidden_size=48, heads=2)
    other, other_port = create_embedder(embedder_settings(other_model), port=0)
    other.wait_ready(60)
    server, port = create_server(search_settings(data, other_port), port=0)
    server.wait_ready(60)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            with pytest.raises(grpc.RpcError) as caught:
                stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text="dog")]))
            assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
            assert "bound to model" in caught.value.details()
            failed = ingest(stub, [("b", pattern_image(2))])[0]
            assert failed.status == search_pb2.INGEST_STATUS_FAILED and failed.error.reason == "MODEL_MISMATCH"
            # Queries that need no embedding still work on the stored vectors.
            by_item = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(item_id="a")]))
            assert by_item.results[0].item.id == "a"
    finally:
        server.stop(0)
        other.stop(0)


def test_embedder_down_fails_fast_with_unavailable(tmp_path: Path, embedder_server) -> None:  # type: ignore[no-untyped-def]
    from tests.servers import free_port

    _, embedder_port = embedder_server
    data = seed_collection(tmp_path / "data", embedder_port)
    server, port = create_server(search_settings(data, free_port(), embedder_timeout_s=2.0), port=0)
    server.wait_ready(60)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            with pytest.raises(grpc.RpcError) as caught:
                stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text="dog")]), timeout=10)
            assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
            assert "embedder" in caught.value.details()
            stats = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name("photos"))).collection
            assert stats.item_count == 1  # nothing stored is lost
    finally:
        server.stop(0)


def test_deep_search_without_expansion_service_degrades_and_says_so(search_server) -> None:  # type: ignore[no-untyped-def]
    _, stub = search_server
    ingest(stub, [(f"i{n}", pattern_image(n)) for n in range(8)])
    response = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text="dog")],
                                                    mode=search_pb2.SEARCH_MODE_DEEP, page_size=5))
    assert response.expansion_unavailable and len(response.results) == 5


def test_calibration_set_and_fit_persist(search_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server, stub = search_server
    ingest(stub, [(f"i{n}", pattern_image(n)) for n in range(20)])
    name = calibration_name("photos")
    fixed = search_pb2.Calibration(name=name, method=search_pb2.CALIBRATION_METHOD_FIXED_TEMPERATURE, temperature=25.0)
    stored = stub.UpdateCalibration(search_pb2.UpdateCalibrationRequest(calibration=fixed)).calibration
    assert stored.slope == 25.0 and stored.intercept == 0.0 and stored.name == name
    # A field mask changes only what it names: the method stays fixed-temperature.
    warmer = search_pb2.UpdateCalibrationRequest(
        calibration=search_pb2.Calibration(name=name, method=search_pb2.CALIBRATION_METHOD_PLATT, temperature=30.0),
        update_mask=field_mask_pb2.FieldMask(paths=["temperature"]))
    stored = stub.UpdateCalibration(warmer).calibration
    assert stored.method == search_pb2.CALIBRATION_METHOD_FIXED_TEMPERATURE and stored.slope == 30.0
    assert stub.GetCalibration(search_pb2.GetCalibrationRequest(name=name)).calibration == stored
    with pytest.raises(grpc.RpcError) as caught:
        stub.UpdateCalibration(search_pb2.UpdateCalibrationRequest(
            calibration=fixed, update_mask=field_mask_pb2.FieldMask(paths=["cosine_at_half"])))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "update_mask.paths[0]" in field_violations(caught.value)
    stored = stub.UpdateCalibration(search_pb2.UpdateCalibrationRequest(calibration=fixed)).calibration
    result = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text="dog")], page_size=3)).results[0]
    assert result.score == pytest.approx(calibrate_siglip_score(result.raw_cosine, 25.0), abs=1e-5)
    # Fit from labelled pairs whose relevance follows the cosine: the fit must not be worse.
    texts = ["dog", "cat", "car", "beach"]
    pairs = []
    for text in texts:
        hits = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text=text)], page_size=20)).results
        pairs += [search_pb2.LabeledPair(query=text, item_id=h.item.id, relevant=h.rank <= 5) for h in hits]
    fit = stub.FitCalibration(search_pb2.FitCalibrationRequest(name=name, pairs=pairs,
                                                               method=search_pb2.CALIBRATION_METHOD_PLATT, apply=True))
    assert fit.applied and fit.calibration.method == search_pb2.CALIBRATION_METHOD_PLATT
    assert fit.after.log_loss <= fit.before.log_loss and fit.after.pair_count == len(pairs)
    for bins in (fit.before_bins, fit.after_bins):
        assert len(bins) == 10 and sum(b.pair_count for b in bins) == len(pairs)
        assert sum(b.pair_count * b.relevant_fraction for b in bins) == pytest.approx(
            sum(p.relevant for p in pairs), abs=1e-3)
    current = stub.GetCollection(search_pb2.GetCollectionRequest(name=collection_name("photos"))).collection.calibration
    assert current.slope == pytest.approx(fit.calibration.slope) and current.HasField("update_time")


def test_more_texts_than_one_embedder_call_takes_are_split(embedder_server) -> None:  # type: ignore[no-untyped-def]
    from mediasearch.client import EmbedderClient
    from mediasearch.limits import EMBED_TEXTS_PER_CALL
    from search_svc.ports import GrpcEmbedder

    _, embedder_port = embedder_server
    client = EmbedderClient(f"127.0.0.1:{embedder_port}")
    try:
        texts = [f"query {n}" for n in range(EMBED_TEXTS_PER_CALL + 10)]
        embedded = GrpcEmbedder(client).embed_texts(texts, ())
        vectors = embedded.vectors
        assert embedded.model_id == client.model_info().model_id, "every call answered by the same model"
        assert vectors.shape == (len(texts), 32)
        assert float(vectors[-1] @ client.embed_texts([texts[-1]])[0]) > 0.9999
    finally:
        client.close()


def test_collections_survive_the_model_folder_moving(tmp_path: Path, tiny_model_dir: Path) -> None:
    """A checkout moved (or the package upgraded) puts the same model at a new path: collections stay usable."""
    import shutil

    from embedder_svc.server import create_server as create_embedder
    from tests.servers import embedder_settings

    first_home = tmp_path / "checkout-a" / "model"
    shutil.copytree(tiny_model_dir, first_home)
    embedder, embedder_port = create_embedder(embedder_settings(first_home), port=0)
    embedder.wait_ready(60)
    data = seed_collection(tmp_path / "data", embedder_port)
    embedder.stop(0)
    moved = tmp_path / "checkout-b" / "model"
    shutil.move(first_home, moved)
    embedder, embedder_port = create_embedder(embedder_settings(moved), port=0)
    embedder.wait_ready(60)
    server, port = create_server(search_settings(data, embedder_port), port=0)
    server.wait_ready(60)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            found = stub.Search(search_pb2.SearchRequest(parent=collection_name("photos"), terms=[search_pb2.QueryTerm(text="dog")]))
            assert [r.item.id for r in found.results] == ["a"]
            assert ingest(stub, [("b", pattern_image(2))])[0].status == search_pb2.INGEST_STATUS_INDEXED
    finally:
        server.stop(0)
        embedder.stop(0)
