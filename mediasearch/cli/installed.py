"""Whether the services `mediasearch up` would start are installed, read from the package's own extras.

`pip install mediasearch[cli]` gives a client that talks to services running
elsewhere; `up` runs them here and so needs their extras too. Checking the
installed distributions against the package metadata (the extras declared in
pyproject.toml) turns a child's ImportError deep in a log into one line that
names what to install.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from importlib import metadata

PROJECT = "mediasearch"
# `name[extras] ...; extra == "role"`: the Requires-Dist lines setuptools writes for optional dependencies.
_REQUIREMENT = re.compile(r'^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?[^;]*(?:;.*\bextra\s*==\s*"([^"]+)")?')


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _installed(distribution: str) -> bool:
    try:
        metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return False
    return True


def _package_requires() -> list[str] | None:
    """This package's Requires-Dist lines, or None when it is not installed (a bare source tree)."""
    try:
        return metadata.requires(PROJECT) or []
    except metadata.PackageNotFoundError:
        return None


def missing_distributions(
    extras: Iterable[str],
    requires: list[str] | None = None,
    installed: Callable[[str], bool] | None = None,
) -> list[str]:
    """Distributions the named extras of this package require that are not installed (sorted).

    An empty list too when the package itself is not installed (run from a
    source tree without metadata): then there is nothing to read.
    """
    requires = _package_requires() if requires is None else requires
    if requires is None:
        return []
    installed = installed or _installed
    by_extra: dict[str, list[tuple[str, list[str]]]] = {}
    for line in requires:
        match = _REQUIREMENT.match(line)
        if match and match.group(3):
            nested = [e.strip() for e in (match.group(2) or "").split(",") if e.strip()]
            by_extra.setdefault(match.group(3), []).append((_normalise(match.group(1)), nested))
    missing: set[str] = set()
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for name, nested in by_extra.get(extra, []):
            if name == PROJECT:
                pending.extend(nested)  # mediasearch[server] inside [search]
            elif not installed(name):
                missing.add(name)
    return sorted(missing)


def missing_for_services(
    modules: Iterable[str],
    requires: list[str] | None = None,
    installed: Callable[[str], bool] | None = None,
) -> str | None:
    """One line naming what to install for these service packages (`search_svc` -> [search]), or None."""
    extras = [module.removesuffix("_svc") for module in modules]
    missing = missing_distributions(extras, requires, installed)
    if not missing:
        return None
    verb = "is" if len(missing) == 1 else "are"
    return (
        f"`mediasearch up` runs the {', '.join(extras)} services here, but {', '.join(missing)} {verb} "
        "not installed: pip install 'mediasearch[all]'"
    )
