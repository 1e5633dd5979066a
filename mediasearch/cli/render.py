"""Rich tables and JSON for search results, similar items and stats."""

from __future__ import annotations

import json
import os
from datetime import UTC, timedelta, timezone
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from rich.console import Console
from rich.table import Table

from mediasearch.search.v1 import search_pb2
from mediasearch.video import format_time

_INT64_TYPES = {
    FieldDescriptor.TYPE_INT64,
    FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_SINT64,
    FieldDescriptor.TYPE_FIXED64,
    FieldDescriptor.TYPE_SFIXED64,
}


def as_json(message: Message) -> str:
    """The protobuf JSON mapping with stable shapes for scripts: every field present (an empty `results` is
    `[]`, not missing) and 64-bit integers as numbers (the mapping writes them as strings)."""
    data = json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    return json.dumps(_numbers(message.DESCRIPTOR, data), indent=2)


def _numbers(descriptor: Any, data: dict[str, Any]) -> dict[str, Any]:  # a Descriptor (pure or upb)
    for field in descriptor.fields:
        value = data.get(field.name)
        if value is None:
            continue
        if field.type in _INT64_TYPES:
            data[field.name] = [int(v) for v in value] if isinstance(value, list) else int(value)
        elif field.message_type is not None and not field.message_type.GetOptions().map_entry:
            if field.message_type.full_name.startswith("google.protobuf."):
                continue  # well-known types have their own JSON forms (timestamps as RFC 3339 strings)
            for item in value if isinstance(value, list) else [value]:
                _numbers(field.message_type, item)
    return data


def display_path(uri: str, *, relative: bool = True) -> str:
    """Paths under the working folder relative to it when a person reads a terminal; whole otherwise (pipes)."""
    if relative and uri.startswith(os.sep):
        shorter = os.path.relpath(uri)
        if not shorter.startswith(".."):
            return shorter
    return uri


NO_RESULTS_HINT = (
    "no results. Try --deep (query expansion), a lower --threshold or fewer filters; "
    "`mediasearch stats` shows what is indexed"
)


def _origin(match: search_pb2.TermMatch) -> str:
    """ "hyponym of 'wild animal'" for an expansion, "original" for the query itself."""
    relation = search_pb2.TermRelation.Name(match.relation).removeprefix("TERM_RELATION_").lower()
    return f"{relation} of {match.query_part!r}" if match.query_part else relation


def _why(result: search_pb2.SearchResult) -> str:
    matches = [f"{m.term} ({_origin(m)}, cos {m.raw_cosine:+.3f}, p {m.score:.2f})" for m in result.matches[:3]]
    if result.duplicate_ids:
        matches.append(f"+{len(result.duplicate_ids)} near-duplicate(s)")
    return "; ".join(matches)


def _moments(result: search_pb2.SearchResult) -> str:
    """ " @ 00:01:23" for a video's best moment, then its other moments with their scores."""
    if not result.video_moments:
        return ""
    best, *others = result.video_moments
    line = f" @ {format_time(best.frame_time_ms)}"
    if others:
        line += "\n  also " + ", ".join(f"{format_time(m.frame_time_ms)} ({m.score:.2f})" for m in others)
    return line


def results_table(
    results: list[search_pb2.SearchResult], *, title: str, explain: bool, relative_paths: bool = True
) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("score", justify="right")
    table.add_column("raw cos", justify="right")
    table.add_column("path / id")
    # Only when some result has them: most collections of plain images would show two empty columns.
    photos = any(r.item.HasField("capture_time") or r.item.camera_model or r.item.camera_make for r in results)
    if photos:
        table.add_column("taken")
        table.add_column("camera")
    if explain:
        table.add_column("why")
    for result in results:
        row = [
            str(result.rank),
            f"{result.score:.3f}",
            f"{result.raw_cosine:+.4f}",
            display_path(result.item.metadata.uri or result.item.id, relative=relative_paths) + _moments(result),
        ]
        if photos:
            row += [capture_time_text(result.item), camera_text(result.item)]
        if explain:
            row.append(_why(result))
        table.add_row(*row)
    return table


def capture_time_text(item: search_pb2.Item) -> str:
    """The capture time as the camera's clock showed it ("2023-06-01 14:30 +02:00"); "" when unknown."""
    if not item.HasField("capture_time"):
        return ""
    moment = item.capture_time.ToDatetime(tzinfo=UTC)
    offset = item.capture_time_offset
    if offset:
        sign = -1 if offset.startswith("-") else 1
        hours, minutes = offset.lstrip("+-").split(":")
        moment = moment.astimezone(timezone(sign * timedelta(hours=int(hours), minutes=int(minutes))))
    return f"{moment:%Y-%m-%d %H:%M} {offset or 'UTC?'}"


def camera_text(item: search_pb2.Item) -> str:
    """Make and model as people say it: "Canon EOS R5", not "Canon Canon EOS R5"."""
    make, model = item.camera_make, item.camera_model
    if make and model.lower().startswith(make.lower()):
        return model
    return " ".join(part for part in (make, model) if part)


def calibration_line(profile: search_pb2.Calibration) -> str:
    method = search_pb2.CalibrationMethod.Name(profile.method).removeprefix("CALIBRATION_METHOD_").lower()
    return (
        f"calibration: {method}, score = sigmoid({profile.slope:.2f} * cos {profile.intercept:+.2f}); "
        f"score 0.5 at cos {profile.cosine_at_half:+.4f}"
    )


def print_search(console: Console, response: search_pb2.SearchResponse, query: str) -> None:
    deep = response.mode == search_pb2.SEARCH_MODE_DEEP
    title = f"{'deep' if deep else 'normal'} search: {query}"
    if response.results:
        console.print(
            results_table(list(response.results), title=title, explain=deep, relative_paths=console.is_terminal)
        )
    else:
        console.print(f"{title}: {NO_RESULTS_HINT}", highlight=False)
    if deep:
        if response.expansion_unavailable:
            console.print("[yellow]expansion service unavailable: searched the query alone[/yellow]")
        terms = ", ".join(f"{t.term} ({_origin(t)}, w {t.weight:.2f})" for t in response.expanded_terms)
        console.print(f"terms searched: {terms}")
    console.print(calibration_line(response.calibration))
    if response.unknown_words:
        words = ", ".join(response.unknown_words)
        advice = (
            "deep search expanded what it could"
            if deep
            else "scores for them are guesses; try --deep, which expands them into words it knows"
        )
        console.print(f"[yellow]note:[/yellow] the model does not know: {words}; {advice}", highlight=False)
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
            c.name,
            c.model_id,
            str(c.dimension),
            str(c.item_count),
            str(c.index_size),
            f"{c.disk_bytes / 1e6:.1f}",
            f"{c.calibration.cosine_at_half:+.4f}",
        )
    return table
