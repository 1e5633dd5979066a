"""The weighted query syntax (shared with the CLI), the service's term rules and the combination of vectors."""

from __future__ import annotations

import numpy as np
import pytest

from mediasearch.runtime.errors import InvalidArgument
from mediasearch.query_syntax import QueryTerm, TermKind, format_query, parse_query
from search_svc.core import query as service_query
from search_svc.core.query import MAX_TERMS, combine_term_vectors, validate_terms


def test_parses_the_rclip_example() -> None:
    terms = parse_query('"2:golden retriever" + ./pool.jpg - fruit')
    assert terms == [
        QueryTerm(2.0, TermKind.TEXT, "golden retriever"),
        QueryTerm(1.0, TermKind.PATH, "./pool.jpg"),
        QueryTerm(-1.0, TermKind.TEXT, "fruit"),
    ]


@pytest.mark.parametrize(("query", "expected"), [
    ("t-shirt", [(1.0, TermKind.TEXT, "t-shirt")]),
    ("sunset+beach", [(1.0, TermKind.TEXT, "sunset+beach")]),
    ("- fruit + dog", [(-1.0, TermKind.TEXT, "fruit"), (1.0, TermKind.TEXT, "dog")]),
    ("0.5:cat - 1.5:'wet dog'", [(0.5, TermKind.TEXT, "cat"), (-1.5, TermKind.TEXT, "wet dog")]),
    ("item:IMG_0042 + beach", [(1.0, TermKind.ITEM, "IMG_0042"), (1.0, TermKind.TEXT, "beach")]),
    ("photo.PNG", [(1.0, TermKind.PATH, "photo.PNG")]),
    ("~/pics/a b.jpg", [(1.0, TermKind.PATH, "~/pics/a b.jpg")]),
    ("a cat.jpg sign", [(1.0, TermKind.TEXT, "a cat.jpg sign")]),
])
def test_parses_weights_kinds_and_signs(query: str, expected: list) -> None:
    assert [(t.weight, t.kind, t.value) for t in parse_query(query)] == expected


@pytest.mark.parametrize("query", ["", "   ", "0:dog", "dog + 0:cat", "2:", 'dog + ""'])
def test_rejects_empty_terms_and_zero_weights(query: str) -> None:
    with pytest.raises(InvalidArgument):
        parse_query(query)


def test_the_service_keeps_the_parser_importable_where_it_was() -> None:
    assert service_query.parse_query is parse_query and service_query.QueryTerm is QueryTerm


def test_the_parser_checks_syntax_and_the_service_checks_its_limits() -> None:
    # The term count and the item id length are the service's rules: the parser lets them through,
    # the service's one validation rejects them with the field that broke them.
    many = parse_query(" + ".join(f"word{n}" for n in range(MAX_TERMS + 1)))
    assert len(many) == MAX_TERMS + 1
    with pytest.raises(InvalidArgument) as error:
        validate_terms(many)
    assert error.value.violations[0].field == "terms"
    with pytest.raises(InvalidArgument) as error:
        validate_terms(parse_query("dog + item:" + "x" * 5000))
    assert error.value.violations[0].field == "terms[1].item_id"


def test_format_round_trips_through_the_parser() -> None:
    terms = parse_query('"2:golden retriever" + ./pool.jpg - fruit + item:x')
    assert format_query(terms) == "2:golden retriever + ./pool.jpg - fruit + item:x"
    assert parse_query(format_query(terms)) == terms


def test_combination_is_a_weighted_sum_of_unit_vectors_renormalised() -> None:
    a, b = np.array([3.0, 0.0, 0.0]), np.array([0.0, 0.5, 0.0])  # lengths must not act as weights
    combined = combine_term_vectors([2.0, 1.0], np.stack([a, b]))
    assert np.allclose(combined, np.array([2.0, 1.0, 0.0]) / np.sqrt(5.0))
    assert np.linalg.norm(combined) == pytest.approx(1.0)
    subtracted = combine_term_vectors([1.0, -1.0], np.stack([np.array([1.0, 1.0, 0.0]), np.array([0.0, 1.0, 0.0])]))
    assert subtracted @ np.array([0.0, 1.0, 0.0]) < 0.5 * np.sqrt(0.5)


def test_terms_are_checked_once_by_the_services_rules() -> None:
    for weight in (0.0, float("inf"), float("nan")):
        with pytest.raises(InvalidArgument) as error:
            validate_terms([QueryTerm(1.0, TermKind.TEXT, "a"), QueryTerm(weight, TermKind.TEXT, "b")])
        assert error.value.violations[0].field == "terms[1].weight" and error.value.reason == "WEIGHT_INVALID"
    with pytest.raises(InvalidArgument) as error:
        validate_terms(parse_query("dog + ./pool.jpg"))  # the CLI reads paths; the service never does
    assert error.value.reason == "PATH_TERM_UNSUPPORTED" and error.value.violations[0].field == "terms[1]"


def test_combination_rejects_cancelling_terms() -> None:
    with pytest.raises(InvalidArgument) as error:
        combine_term_vectors([1.0, -1.0], np.array([[1.0, 0.0], [2.0, 0.0]]))
    assert error.value.reason == "QUERY_CANCELS_OUT"
