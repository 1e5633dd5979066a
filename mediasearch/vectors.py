"""Packing of embedding vectors into `common.v1.Vector` (little-endian float32 bytes)."""

from __future__ import annotations

import numpy as np

from mediasearch.common.v1 import common_pb2
from mediasearch.runtime.errors import InvalidArgument

_LE_F32 = np.dtype("<f4")


def to_proto(vector: np.ndarray) -> common_pb2.Vector:
    """One 1-D vector as a Vector message."""
    flat = np.ascontiguousarray(vector, dtype=_LE_F32).reshape(-1)
    return common_pb2.Vector(data=flat.tobytes(), dimension=int(flat.shape[0]))


def to_protos(matrix: np.ndarray) -> list[common_pb2.Vector]:
    """Each row of a 2-D array as a Vector message."""
    rows = np.ascontiguousarray(matrix, dtype=_LE_F32)
    dim = int(rows.shape[1])
    return [common_pb2.Vector(data=row.tobytes(), dimension=dim) for row in rows]


def from_proto(message: common_pb2.Vector, field_path: str = "vector") -> np.ndarray:
    """A Vector message as a float32 array; bad sizes are INVALID_ARGUMENT on `field_path`."""
    if message.dimension <= 0:
        raise InvalidArgument.for_field(f"{field_path}.dimension", "must be positive")
    if len(message.data) != message.dimension * 4:
        raise InvalidArgument.for_field(
            f"{field_path}.data",
            f"holds {len(message.data)} bytes, expected dimension*4 = {message.dimension * 4}",
        )
    return np.frombuffer(message.data, dtype=_LE_F32).astype(np.float32)
