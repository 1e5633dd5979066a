"""`python -m mediasearch.cli` runs the `mediasearch` command."""

from mediasearch.cli.app import run

run()
