"""Tests of the expansion service: core (no servers) and the real gRPC service."""
