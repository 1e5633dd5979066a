"""`mediasearch up --secure`: TLS and a token with generated certificates, one command; clients without them fail."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from mediasearch.runtime.auth import Authorizer, Role
from mediasearch.testing.images import pattern_image
from tests.cli.up_output import UpOutput
from tests.servers import free_port

CLI = [sys.executable, "-m", "mediasearch.cli"]


def test_secure_stack_serves_tls_clients_with_the_token_only(tiny_model_dir: Path, tmp_path: Path) -> None:
    ports = [free_port() for _ in range(3)]
    process = subprocess.Popen(
        [*CLI, "up", "--secure", "--data-dir", str(tmp_path / "data"), "--model", str(tiny_model_dir),
         "--embedder-port", str(ports[0]), "--expansion-port", str(ports[1]), "--search-port", str(ports[2]),
         "--metrics-base-port", "-1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = UpOutput(process)
    try:
        ready = output.wait_for(lambda line: line.startswith("stack ready"))
        [export_line] = [line for line in output.seen if line.startswith("clients need: export ")]
        exports = dict(re.findall(r"(MEDIASEARCH_\w+)=(\S+)", export_line))
        assert "TLS and token" in ready and set(exports) == {"MEDIASEARCH_TLS_CA_FILE", "MEDIASEARCH_TOKEN_FILE"}
        base = {**os.environ, "MEDIASEARCH_EMBEDDER_ADDRESS": f"127.0.0.1:{ports[0]}",
                "MEDIASEARCH_EXPANSION_ADDRESS": f"127.0.0.1:{ports[1]}", "MEDIASEARCH_SEARCH_ADDRESS": f"127.0.0.1:{ports[2]}"}
        secure = {**base, **exports}
        photos = tmp_path / "photos"
        photos.mkdir()
        for n in range(3):
            (photos / f"p{n}.png").write_bytes(pattern_image(n))

        def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=120)

        assert cli(secure, "status").stdout.count("SERVING") == 3
        assert "indexed 3" in cli(secure, "index", str(photos)).stdout
        assert "p0.png" in cli(secure, "search", "dog", "--json").stdout
        plain = cli(base, "search", "dog")
        assert plain.returncode == 2 and "UNAVAILABLE" in plain.stderr  # a plain-text client cannot talk to it
        no_token = cli({**base, "MEDIASEARCH_TLS_CA_FILE": exports["MEDIASEARCH_TLS_CA_FILE"]}, "search", "dog")
        assert no_token.returncode == 2 and "UNAUTHENTICATED" in no_token.stderr
        # `token` adds a reader whose token works at once, without a restart.
        tokens = tmp_path / "data" / "dev-security" / "tokens"
        made = cli(secure, "token", "--identity", "alice", "--role", "reader", "--tokens-file", str(tokens))
        reader = {**base, "MEDIASEARCH_TLS_CA_FILE": exports["MEDIASEARCH_TLS_CA_FILE"], "MEDIASEARCH_TOKEN": made.stdout.strip()}
        assert cli(reader, "search", "dog").returncode == 0
        assert Authorizer(tokens_file=str(tokens)).from_token(made.stdout.strip()) == ("alice", Role.READER)
        assert cli(reader, "delete", str(photos / "p0.png")).returncode == 2  # PERMISSION_DENIED for a reader
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    assert process.returncode == 0
