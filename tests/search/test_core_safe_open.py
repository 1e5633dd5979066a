"""The no-follow path reader on its own: many reads against a link swapped in and out of the root."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from mediasearch.runtime.errors import DomainError, PermissionDenied
from search_svc.core.safe_open import read_under_roots
from tests.search.conftest import swapping_link


def test_a_link_swapped_during_thousands_of_reads_never_yields_outside_bytes(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "deep" / "er").mkdir(parents=True)
    outside.mkdir()
    (root / "deep" / "er" / "inside.jpg").write_bytes(b"inside")
    (outside / "inside.jpg").write_bytes(b"secret")  # what a walk that followed the swapped link would read
    # The swapped link is a folder on the way, so every component of the walk is raced, not just the last.
    link = root / "via"
    outcomes: collections.Counter[str] = collections.Counter()
    with swapping_link(link, [str(root / "deep" / "er"), str(outside)]):
        for _ in range(3000):
            try:
                data, shown = read_under_roots(str(link / "inside.jpg"), [root], 1000)
                assert data == b"inside" and shown == str(link / "inside.jpg")
                outcomes["read"] += 1
            except PermissionDenied as error:
                assert "secret" not in error.message and str(outside) not in error.message
                outcomes["denied"] += 1
            except DomainError as error:
                pytest.fail(f"unexpected {error.code_name}: {error.message}")
    assert outcomes["read"] > 0 and outcomes["denied"] > 0, outcomes


def test_relative_links_resolve_from_their_own_folder_and_may_not_climb_out(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "photo.jpg").write_bytes(b"photo")
    (root / "a" / "b" / "up.jpg").symlink_to("../../photo.jpg")
    (root / "a" / "b" / "out.jpg").symlink_to("../../../elsewhere.jpg")
    (tmp_path / "elsewhere.jpg").write_bytes(b"elsewhere")
    (root / "abs.jpg").symlink_to(root / "photo.jpg")
    assert read_under_roots(str(root / "a" / "b" / "up.jpg"), [root], 100)[0] == b"photo"
    assert read_under_roots(str(root / "abs.jpg"), [root], 100)[0] == b"photo"
    with pytest.raises(PermissionDenied):
        read_under_roots(str(root / "a" / "b" / "out.jpg"), [root], 100)
    with pytest.raises(PermissionDenied):
        read_under_roots(str(root / ".." / "elsewhere.jpg"), [root], 100)
