"""The `mediasearch` command: run the stack locally, index, search, debug and tune scores."""
