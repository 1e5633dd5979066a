"""Labelled pairs (query, item id, relevant) as people keep them: CSV with or without a header, or JSON.

JSON is a list of objects, or `{"pairs": [...]}` (a FitCalibrationRequest's
own shape), with `query`, `itemId` (or `item_id`) and `relevant`. CSV columns
are query, item id, relevant in that order unless a header names them. A
relevant cell reads true/false, yes/no, 1/0 or relevant/irrelevant.
"""

from __future__ import annotations

import csv
import io
import json

from mediasearch.search.v1 import search_pb2

_TRUE = {"1", "true", "yes", "y", "relevant", "t"}
_FALSE = {"0", "false", "no", "n", "irrelevant", "not relevant", "f"}
_HEADERS = {"query": "query", "item_id": "item_id", "itemid": "item_id", "item": "item_id", "relevant": "relevant"}


class PairsError(ValueError):
    """The text is not labelled pairs; the message says where and why."""


def _relevant(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise PairsError(f"{where}: relevant must be true or false (or 1/0, yes/no), not {value!r}")


def _pair(query: object, item_id: object, relevant: object, where: str) -> search_pb2.LabeledPair:
    if not isinstance(query, str) or not query.strip():
        raise PairsError(f"{where}: needs a query")
    if not isinstance(item_id, str) or not item_id.strip():
        raise PairsError(f"{where}: needs an item id")
    return search_pb2.LabeledPair(query=query.strip(), item_id=item_id.strip(), relevant=_relevant(relevant, where))


def _from_json(data: object) -> list[search_pb2.LabeledPair]:
    if isinstance(data, dict) and "pairs" in data:
        data = data["pairs"]
    if not isinstance(data, list):
        raise PairsError('JSON pairs must be a list of {"query", "itemId", "relevant"} objects')
    pairs = []
    for n, entry in enumerate(data):
        if not isinstance(entry, dict):
            raise PairsError(f"pair {n + 1}: must be an object")
        item_id = entry.get("itemId", entry.get("item_id"))
        pairs.append(_pair(entry.get("query"), item_id, entry.get("relevant"), f"pair {n + 1}"))
    return pairs


def _from_csv(text: str) -> list[search_pb2.LabeledPair]:
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    columns = {"query": 0, "item_id": 1, "relevant": 2}
    first_line = 1
    if rows and {cell.strip().lower().replace(" ", "_") for cell in rows[0]} >= {"query", "relevant"}:
        header = [_HEADERS.get(cell.strip().lower().replace(" ", "_").replace("-", "_"), "") for cell in rows[0]]
        if set(columns) - set(header):
            raise PairsError("the CSV header must name query, item_id and relevant")
        columns = {name: header.index(name) for name in columns}
        rows, first_line = rows[1:], 2
    pairs = []
    for n, row in enumerate(rows):
        where = f"line {n + first_line}"  # counted without blank lines
        if len(row) <= max(columns.values()):
            raise PairsError(f"{where}: needs three columns (query, item id, relevant), got {len(row)}")
        pairs.append(_pair(row[columns["query"]], row[columns["item_id"]], row[columns["relevant"]], where))
    return pairs


def parse_pairs(text: str) -> list[search_pb2.LabeledPair]:
    """The pairs in `text`, JSON when it starts like JSON, CSV otherwise."""
    stripped = text.strip()
    if not stripped:
        raise PairsError("no pairs given")
    if stripped[0] in "[{":
        try:
            return _from_json(json.loads(stripped))
        except json.JSONDecodeError as error:
            raise PairsError(f"not valid JSON: {error}") from None
    return _from_csv(stripped)
