"""Helpers for tests and benchmarks that need no service: small SigLIP checkpoints built offline, images."""
