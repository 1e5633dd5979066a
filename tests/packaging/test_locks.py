"""The hashed lock files agree with pyproject.toml's extras (regenerate them with `make lock`).

locks/dev.txt is what CI and `make venv` install (--require-hashes); the
image locks are what each Dockerfile installs. A requirement added to an
extra but not to the locks fails here, not in a Docker build nobody ran.
"""

from __future__ import annotations

import pytest
from packaging.utils import canonicalize_name

from tests.packaging.packaging_support import LOCKS, MODEL_STACK, lock_command, read_lock, requirements_of

# lock file -> (extra it is compiled from, distributions it deliberately leaves out)
LOCK_FILES = {
    "dev.txt": ("dev", set()),
    "search.txt": ("search", set()),
    "expansion.txt": ("expansion", set()),
    "web.txt": ("web", set()),
    # The images install torch from PyTorch's CPU or CUDA index, pinned by version.
    "embedder.txt": ("embedder", {"torch"}),
}


@pytest.mark.parametrize("lock", sorted(LOCK_FILES))
def test_lock_pins_every_requirement_of_its_extra_with_hashes(lock: str) -> None:
    extra, left_out = LOCK_FILES[lock]
    assert f"--extra {extra}" in lock_command(LOCKS / lock)
    pins = read_lock(LOCKS / lock)
    unhashed = sorted(name for name, (_, hashes) in pins.items() if not hashes)
    assert not unhashed, f"pinned without a hash (pip --require-hashes would refuse): {unhashed}"
    for requirement in requirements_of(extra):
        name = canonicalize_name(requirement.name)
        if name in left_out:
            assert name not in pins, f"{lock} should leave {name} out"
            continue
        assert name in pins, f"[{extra}] requires {requirement}, which {lock} does not pin: run `make lock`"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), f"{lock}: {name}=={version} !~ {requirement}"


@pytest.mark.parametrize("lock", ["search.txt", "expansion.txt", "web.txt"])
def test_light_image_locks_have_no_model_stack(lock: str) -> None:
    assert not set(read_lock(LOCKS / lock)) & MODEL_STACK


def test_ci_lock_installs_the_cpu_torch_from_disk() -> None:
    # An unpinned or CUDA torch downloads gigabytes (and nvidia-* libraries) on every fresh CI machine.
    pins = read_lock(LOCKS / "dev.txt")
    assert pins["torch"][0].endswith("+cpu"), pins["torch"]
    assert not [name for name in pins if name.startswith("nvidia-")]


def test_image_locks_run_the_versions_ci_tests() -> None:
    dev = read_lock(LOCKS / "dev.txt")
    for lock in ("search.txt", "expansion.txt", "embedder.txt", "web.txt"):
        differ = {n: (v, dev[n][0]) for n, (v, _) in read_lock(LOCKS / lock).items() if n in dev and dev[n][0] != v}
        assert not differ, f"{lock} pins other versions than locks/dev.txt: {differ}"
