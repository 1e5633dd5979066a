"""The folder watcher without services: bursts are debounced, and nothing that changes once watching has
started is lost, however late the caller begins to take batches."""

from __future__ import annotations

import threading
from pathlib import Path

from mediasearch.cli.watch import FolderWatcher, watch
from mediasearch.testing.images import pattern_image


def _collect(watcher: FolderWatcher, until: int) -> list[tuple[list[Path], list[Path]]]:
    seen: list[tuple[list[Path], list[Path]]] = []
    stop = threading.Event()
    timer = threading.Timer(30, stop.set)  # a bound, should the batch never come
    timer.start()

    def on_files(present: list[Path], gone: list[Path]) -> None:
        seen.append((present, gone))
        if len(seen) >= until:
            stop.set()

    try:
        watch(watcher, on_files, lambda: None, stop)
    finally:
        timer.cancel()
    return seen


def test_changes_made_before_batches_are_taken_are_kept(tmp_path: Path) -> None:
    """The CLI scans the folder between starting the watcher and taking batches; a file written then
    (in a folder made then, too) must still arrive."""
    with FolderWatcher([tmp_path], quiet_s=0.3) as watcher:
        made = tmp_path / "trip" / "new.jpg"
        made.parent.mkdir()
        made.write_bytes(pattern_image(2, fmt="JPEG"))
        (tmp_path / "notes.txt").write_text("not an image")
        seen = _collect(watcher, until=1)
    assert seen == [([made.resolve()], [])]


def test_a_file_written_and_removed_in_one_burst_is_reported_gone(tmp_path: Path) -> None:
    kept = tmp_path / "kept.png"
    kept.write_bytes(pattern_image(1))
    with FolderWatcher([tmp_path], quiet_s=0.3) as watcher:
        kept.unlink()
        brief = tmp_path / "brief.png"
        brief.write_bytes(pattern_image(3))
        brief.unlink()
        seen = _collect(watcher, until=1)
    assert seen == [([], sorted([brief.resolve(), kept.resolve()]))]
