"""The CLI's per-process context: one channel per address, reused by every stub, all released on exit."""

from __future__ import annotations

from mediasearch.cli.app import Context


def test_one_channel_per_address_until_closed() -> None:
    context = Context("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3", "photos", timeout=1.0)
    search = context.channel("127.0.0.1:1")
    assert context.channel("127.0.0.1:1") is search  # every search stub of the command shares it
    assert context.channel("127.0.0.1:3") is not search
    embedder = context.embedder()
    assert context.embedder() is embedder
    context.close()
    # Closed and forgotten: nothing is held after exit (using a closed intercepted channel is not tried:
    # grpc 1.85 crashes the process on that misuse instead of raising).
    assert context.channel("127.0.0.1:1") is not search and context.embedder() is not embedder
    context.close()
