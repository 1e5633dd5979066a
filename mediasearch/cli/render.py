"""Rich tables and JSON for search results, similar items and stats."""

from __future__ import annotations

import json
import os

from google.protobuf import json_format
from google.protobuf.message import Message
from rich.console import Console
from rich.table import Table

from mediasearch.search.v1 import search_pb2


def as_json(message: Message) -> str:
    return json.dumps(json_format.MessageToDict(message, preserving_proto_field_name=True), indent=2)


def display_path(uri: str) -> str:
    """Paths under the working folder are shown relative to it, so they fit in a terminal."""
    if uri.startswith(os.sep):
        relative = os.path.relpath(uri)
        if not relative.startswith(".."):
            return relative
    return uri


def _origin(match: search_pb2.TermMatch) -> str:
    """ "hyponym of 'wild animal'" for an expansion, "original" for the query itself."""
    relation = search_pb2.TermRelation.Name(match.relation).removeprefix("TERM_RELATION_").lower()
    return f"{relation} of {match.query_part!r}" if match.query_part else relation


def _why(result: search_pb2.SearchResult) -> str:
    matches = [f"{m.term} ({_origin(m)}, cos {m.raw_cosine:+.3f}, p {m.score:.2f})" for m in result.matches[:3]]
    if result.duplicate_ids:
        matches.append(f"+{len(result.duplicate_ids)} near-duplicate(s)")
    return "; ".join(matches)


def results_table(results: list[search_pb2.SearchResult], *, title: str, explain: bool) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("score", justify="right")
    table.add_column("raw cos", justify="right")
    table.add_column("path / id")
    if explain:
        table.add_column("why")
    for result in results:
        row = [str(result.rank), f"{result.score:.3f}", f"{result.raw_cosine:+.4f}",
               display_path(result.item.metadata.uri or result.item.id)]
        if explain:
            row.append(_why(result))
        table.add_row(*row)
    return table


def calibration_line(profile: search_pb2.Calibration) -> str:
    method = search_pb2.CalibrationMethod.Name(profile.method).removeprefix("CALIBRATION_METHOD_").lower()
    return (
        f"calibration: {method}, score = sigmoid({profile.slope:.2f} * cos {profile.intercept:+.2f}); "
        f"score 0.5 at cos {profile.cosine_at_half:+.4f}"
    )


def print_search(console: Console, response: search_pb2.SearchResponse, query: str) -> None:
    deep = response.mode == search_pb2.SEARCH_MODE_DEEP
    title = f"{'deep' if deep else 'normal'} search: {query}"
    console.print(results_table(list(response.results), title=title, explain=deep))
    if deep:
        if response.expansion_unavailable:
            console.print("[yellow]expansion service unavailable: searched the query alone[/yellow]")
        terms = ", ".join(f"{t.term} ({_origin(t)}, w {t.weight:.2f})" for t in response.expanded_terms)
        console.print(f"terms searched: {terms}")
    console.print(calibration_line(response.calibration))
    if response.remaining:
        console.print(f"{response.remaining} more result(s) beyond this page")
    if response.next_page_token:
        console.print(f"next page: --page-token {response.next_page_token}", highlight=False, markup=False)


def stats_table(response: search_pb2.ListCollectionsResponse) -> Table:
    table = Table(title="collections", title_justify="left")
    for column in ("name", "model", "dim", "items", "indexed", "disk MB", "score 0.5 at cos"):
        table.add_column(column)
    for c in response.collections:
        table.add_row(
            c.name, c.model_id, str(c.dimension), str(c.item_count), str(c.index_size),
            f"{c.disk_bytes / 1e6:.1f}", f"{c.calibration.cosine_at_half:+.4f}",
        )
    return table
