"""`mediasearch index --watch`: follow folders and keep the collection in step as files appear, change and go.

Events come from the OS (inotify on Linux) through watchdog rather than from
polling, so a large library costs nothing while it is quiet. Events are
debounced: a burst (a camera import, an editor's save-as-temp-then-rename) is
handled once it has been quiet for `quiet_s`, and every path in it is then
judged by what is on disk at that moment, not by the event's kind: a file that
exists is indexed (the service answers UNCHANGED when its bytes are the same),
one that does not is deleted. A folder moved or deleted is a full rescan with
removal, which is always right and rare.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from mediasearch.cli.indexing import MEDIA_SUFFIXES


@dataclass
class Batch:
    """Paths touched in one quiet-separated burst of events."""

    files: set[Path] = field(default_factory=set)
    rescan: bool = False

    def __bool__(self) -> bool:
        return bool(self.files) or self.rescan


class _Collector(FileSystemEventHandler):
    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.batch = Batch()

    def _add(self, path: str | bytes) -> None:
        name = Path(path.decode() if isinstance(path, bytes) else path)
        if name.suffix.lower() in MEDIA_SUFFIXES:
            self.batch.files.add(name)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reads, including our own, change nothing
        with self.lock:
            if event.is_directory and event.event_type in ("deleted", "moved"):
                self.batch.rescan = True
            elif not event.is_directory:
                self._add(event.src_path)
                if event.event_type == "moved":
                    self._add(event.dest_path)
            self.lock.notify_all()


class FolderWatcher:
    """Watches roots recursively; `next_batch` returns each burst once it has been quiet for `quiet_s`."""

    def __init__(self, roots: Sequence[Path], quiet_s: float = 1.0) -> None:
        self.roots = [Path(r).resolve() for r in roots]
        self.quiet_s = quiet_s
        self._collector = _Collector()
        self._observer = Observer()
        for root in self.roots:
            self._observer.schedule(self._collector, str(root if root.is_dir() else root.parent), recursive=True)

    def __enter__(self) -> FolderWatcher:
        self._observer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)

    def next_batch(self, stop: threading.Event, poll_s: float = 0.2) -> Batch | None:
        """Block until a burst has settled and return it; None once `stop` is set."""
        collector = self._collector
        with collector.lock:
            while not collector.batch:
                if stop.is_set():
                    return None
                collector.lock.wait(poll_s)
            while True:  # wait out the burst: any new event restarts the quiet period
                pending = len(collector.batch.files), collector.batch.rescan
                collector.lock.wait(self.quiet_s)
                if (len(collector.batch.files), collector.batch.rescan) == pending or stop.is_set():
                    break
            batch, collector.batch = collector.batch, Batch()
        within = [f for f in batch.files if any(f == r or r in f.parents for r in self.roots)]
        return Batch(set(within), batch.rescan)


def watch(
    watcher: FolderWatcher,
    on_files: Callable[[list[Path], list[Path]], None],
    on_rescan: Callable[[], None],
    stop: threading.Event,
) -> None:
    """Call `on_files(present, gone)` for each settled burst (or `on_rescan()`), until `stop` is set.

    `watcher` must already be started, and before the caller's first full scan:
    a file that appears between that scan and the start of watching is
    otherwise never seen (this raced under load in CI).
    """
    while (batch := watcher.next_batch(stop)) is not None:
        if batch.rescan:
            on_rescan()
            continue
        present = sorted(f for f in batch.files if f.is_file())
        gone = sorted(f for f in batch.files if not f.exists())
        if present or gone:
            on_files(present, gone)
