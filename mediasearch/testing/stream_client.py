"""A hostile client process: opens many streams to one method and then neither sends nor reads.

`python -m mediasearch.testing.stream_client ADDRESS METHOD COUNT [FIRST_MESSAGE_HEX]`
opens COUNT streaming calls over a few channels; with FIRST_MESSAGE_HEX each
stream sends that serialized message once before going quiet. It prints
"opened" and then sleeps until it is killed or stopped, like a client that
hangs or is stopped with SIGSTOP.
"""

from __future__ import annotations

import sys
import threading

import grpc

CHANNELS = 4


def _requests(first: bytes | None, forever: threading.Event):  # type: ignore[no-untyped-def]
    if first is not None:
        yield first
    forever.wait()


def main() -> int:
    address, method, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    first = bytes.fromhex(sys.argv[4]) if len(sys.argv) > 4 else None
    forever = threading.Event()
    channels = [grpc.insecure_channel(address) for _ in range(CHANNELS)]
    calls = [
        channels[i % CHANNELS].stream_stream(method)(_requests(first, forever))
        for i in range(count)
    ]
    print("opened", len(calls), flush=True)
    forever.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
