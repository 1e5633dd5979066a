"""The demo model says what it is: through the real CLI, `status`, `search` and `debug-scores` name it and what it
cannot do, and a search names the query words the model does not know."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from mediasearch.models import DEMO_MODEL_NAME, is_demo_model
from mediasearch.testing.images import pattern_image
from tests.cli.up_output import UpOutput
from tests.servers import free_port

CLI = [sys.executable, "-m", "mediasearch.cli"]


def test_demo_model_ids_are_recognised() -> None:
    assert is_demo_model(f"{DEMO_MODEL_NAME}@0123456789ab")
    assert is_demo_model("/old/checkout/mediasearch/embedder_svc/default_model")  # a legacy binding
    assert not is_demo_model("siglip-base-patch16-224@0123456789ab")


def test_the_demo_model_announces_itself_and_unknown_words(tmp_path: Path) -> None:
    ports = [free_port() for _ in range(3)]
    process = subprocess.Popen(
        [*CLI, "up", "--data-dir", str(tmp_path / "data"), "--embedder-port", str(ports[0]),
         "--expansion-port", str(ports[1]), "--search-port", str(ports[2]), "--metrics-base-port", "-1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = UpOutput(process)
    try:
        output.wait_for(lambda line: line.startswith("stack ready"))
        assert "embedded demo model" in output.wait_for(lambda line: line.startswith("note:"))
        env = {**os.environ, "MEDIASEARCH_EMBEDDER_ADDRESS": f"127.0.0.1:{ports[0]}",
               "MEDIASEARCH_EXPANSION_ADDRESS": f"127.0.0.1:{ports[1]}",
               "MEDIASEARCH_SEARCH_ADDRESS": f"127.0.0.1:{ports[2]}", "MEDIASEARCH_COLLECTION": "notes"}
        photo = tmp_path / "p.png"
        photo.write_bytes(pattern_image(1))

        def cli(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=120)

        status = cli("status")
        assert status.returncode == 0 and f"{DEMO_MODEL_NAME}@" in status.stdout and "demo model" in status.stdout
        assert cli("index", str(tmp_path)).returncode == 0
        found = cli("search", "a dog chasing a zeppelin")
        assert found.returncode == 0
        assert "does not know:" in found.stdout and "zeppelin;" in found.stdout and "--deep" in found.stdout
        assert "demo model" in found.stderr
        debug = cli("debug-scores", str(photo))
        assert debug.returncode == 0 and "demo model" in debug.stdout
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
