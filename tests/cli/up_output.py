"""Reading `mediasearch up`'s console as it runs: lines arrive on a thread, tests wait for the one they need."""

from __future__ import annotations

import queue
import subprocess
import threading
import time
from collections.abc import Callable

import pytest


class UpOutput:
    """The lines of a running `up` process, kept in `seen` for failure messages."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.seen: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        stdout = process.stdout

        def read() -> None:
            try:
                for line in stdout:
                    self._lines.put(line)
            except ValueError:  # the test closed the pipe while a line was being read: nothing more to see
                pass

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, predicate: Callable[[str], bool], timeout_s: float = 180) -> str:
        """The first new line that satisfies `predicate`; fails the test if `up` exits or time runs out."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "up exited:\n" + "".join(self.seen)
                continue
            self.seen.append(line)
            if predicate(line):
                return line
        self.process.kill()
        pytest.fail("timed out waiting for up; output:\n" + "".join(self.seen))

    def drain(self) -> list[str]:
        """Everything seen so far plus what is still queued."""
        while not self._lines.empty():
            self.seen.append(self._lines.get())
        return self.seen
