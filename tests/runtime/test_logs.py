"""Log lines people read: text logs carry the structured fields, so an RPC line names its method, status and time."""

from __future__ import annotations

import logging

from mediasearch.runtime.logs import JsonFormatter, TextFormatter


def _record() -> logging.LogRecord:
    record = logging.LogRecord("mediasearch.rpc", logging.WARNING, __file__, 1, "rpc finished", (), None)
    record.__dict__.update({"rpc_method": "/mediasearch.search.v1.SearchService/Search", "rpc_code": "NOT_FOUND",
                            "duration_ms": 1.25})
    return record


def test_text_lines_name_method_status_and_duration() -> None:
    line = TextFormatter("search").format(_record())
    assert "rpc finished" in line and "search WARNING" in line
    assert "rpc_method=/mediasearch.search.v1.SearchService/Search" in line
    assert "rpc_code=NOT_FOUND" in line and "duration_ms=1.25" in line


def test_json_lines_carry_the_same_fields() -> None:
    import json

    entry = json.loads(JsonFormatter("search").format(_record()))
    assert entry["rpc_code"] == "NOT_FOUND" and entry["duration_ms"] == 1.25 and entry["service"] == "search"
