"""Helpers for tests and benchmarks: small SigLIP checkpoints built offline, free ports, images."""
