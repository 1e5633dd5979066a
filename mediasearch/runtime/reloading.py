"""A small file read again only when it changes: token files, identity files, a client's token.

Kubernetes updates a mounted Secret in place; what reads it must see the new
content at the next use, without a restart, and without reading the file on
every call: one stat per use, a read and parse only when (mtime, size) moves.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class ReloadingFile(Generic[T]):
    """`value()` is `parse(file text)`, parsed again when the file's (mtime, size) changes."""

    def __init__(self, path: str, parse: Callable[[str], T]) -> None:
        self.path = path
        self._parse = parse
        self._lock = threading.Lock()
        self._signature: tuple[int, int] | None = None
        self._value: T | None = None

    def value(self) -> T:
        with self._lock:
            stat = os.stat(self.path)  # follows the ..data symlink a mounted Secret swaps
            signature = (stat.st_mtime_ns, stat.st_size)
            if signature != self._signature or self._value is None:
                self._value = self._parse(Path(self.path).read_text())
                self._signature = signature
            return self._value
