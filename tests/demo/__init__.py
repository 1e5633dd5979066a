"""Tests of the emoji demo domain: sprites, scenes, captions, corpus, metrics and the training script."""
