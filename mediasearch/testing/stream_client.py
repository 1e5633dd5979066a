"""A hostile client process: opens many streams to one method and then neither sends nor reads.

`python -m mediasearch.testing.stream_client ADDRESS METHOD COUNT [FIRST_MESSAGE_HEX]`
opens COUNT streaming calls over a few channels; with FIRST_MESSAGE_HEX each
stream sends that serialized message once before going quiet. It prints
"opened" and then sleeps until it is killed or stopped, like a client that
hangs or is stopped with SIGSTOP.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parents[2]

CHANNELS = 4


def _requests(first: bytes | None, forever: threading.Event) -> Iterator[bytes]:
    if first is not None:
        yield first
    forever.wait()


def spawn(address: str, method: str, count: int, first: bytes | None = None) -> subprocess.Popen[str]:
    """Start this client as its own process; returns once it has opened its streams."""
    args = [sys.executable, "-m", "mediasearch.testing.stream_client", address, method, str(count)]
    if first is not None:
        args.append(first.hex())
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().startswith("opened")
    return process


def main() -> int:
    address, method, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    first = bytes.fromhex(sys.argv[4]) if len(sys.argv) > 4 else None
    forever = threading.Event()
    channels = [grpc.insecure_channel(address) for _ in range(CHANNELS)]
    # Raw bytes both ways: the messages were serialized by the caller, and none is read.
    calls = [
        channels[i % CHANNELS].stream_stream(method, request_serializer=None, response_deserializer=None)(
            _requests(first, forever)
        )
        for i in range(count)
    ]
    print("opened", len(calls), flush=True)
    forever.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
