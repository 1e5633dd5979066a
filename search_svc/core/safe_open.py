"""Reading an ingest path so that what is read is exactly what was checked.

Resolving a path, checking it lies inside a root and reading it later lets a
symlink swapped in between escape the root, and opening a FIFO blocks a
request thread forever. Here the path is walked one component at a time from
a descriptor of the root: each component is opened relative to its parent
with O_NOFOLLOW, so no link is ever followed by the kernel; a symbolic link
met on the way is read with readlink and its target walked the same way,
relative to the directory that holds it, and refused if it climbs out of the
root. The file is opened with O_NONBLOCK (a FIFO cannot block the open),
checked with fstat on the opened descriptor (regular files only) and read
from that descriptor with a byte bound.

Error messages name the path as the client gave it, never what it resolves
to: resolving /proc/self/cwd would otherwise tell a client the service's
working folder.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from mediasearch.runtime.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied

# Linux's own limit on links followed while resolving one path.
MAX_SYMLINK_HOPS = 40
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def requested_path(path: str) -> str:
    """The absolute, lexically normalised form of a client's path (no link resolved): its display name."""
    if not path or "\x00" in path:
        raise InvalidArgument.for_field("path", "must be a non-empty path without NUL characters")
    return os.path.normpath(os.path.abspath(os.path.expanduser(path)))


def read_under_roots(path: str, roots: Sequence[Path], max_bytes: int) -> tuple[bytes, str]:
    """(the file's bytes, its requested absolute path) for a regular file inside one of `roots`."""
    if not roots:
        raise FailedPrecondition(
            "this service does not read paths (SEARCH_INGEST_ROOTS is empty); send the bytes",
            reason="PATH_INGEST_DISABLED",
        )
    shown = requested_path(path)
    for root in roots:
        for spelling in dict.fromkeys((os.path.abspath(root), os.path.realpath(root))):
            if shown == spelling or shown.startswith(spelling.rstrip(os.sep) + os.sep):
                parts = [p for p in shown[len(spelling) :].split(os.sep) if p]
                return _read_beneath(os.path.realpath(root), parts, path, max_bytes), shown
    raise _outside(path)


def _outside(path: str) -> PermissionDenied:
    return PermissionDenied(f"{path!r} is outside the configured ingest roots", reason="PATH_OUTSIDE_ROOTS")


def _read_beneath(root: str, parts: list[str], path: str, max_bytes: int) -> bytes:
    try:
        root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise _os_failure(error, path) from None
    folders = [root_fd]  # descriptors from the root down to the current folder
    try:
        fd = _walk(root, folders, parts, path)
        try:
            return _read_regular(fd, path, max_bytes)
        finally:
            os.close(fd)
    except OSError as error:
        raise _os_failure(error, path) from None
    finally:
        for folder in folders:
            os.close(folder)


def _walk(root: str, folders: list[int], parts: list[str], path: str) -> int:
    """Opens `parts` beneath `folders[-1]`; returns the final component's descriptor."""
    pending = list(parts)
    hops = 0
    while pending:
        name = pending.pop(0)
        if name in ("", "."):
            continue
        if name == "..":
            if len(folders) == 1:
                raise _outside(path)
            os.close(folders.pop())
            continue
        here = folders[-1]
        if stat.S_ISLNK(os.lstat(name, dir_fd=here).st_mode):
            hops += 1
            if hops > MAX_SYMLINK_HOPS:
                raise InvalidArgument.for_field(
                    "path", f"{path!r} has too many levels of symbolic links", reason="PATH_SYMLINK_LOOP"
                )
            pending = _link_target(os.readlink(name, dir_fd=here), root, folders, path) + pending
            continue
        try:
            fd = os.open(name, _FILE_FLAGS if not pending else _DIRECTORY_FLAGS, dir_fd=here)
        except OSError as error:
            if error.errno == errno.ELOOP:  # became a link since the lstat: walk it as one
                pending.insert(0, name)
                hops += 1
                if hops > MAX_SYMLINK_HOPS:
                    raise
                continue
            raise
        if not pending:
            return fd
        folders.append(fd)
    # The path named the root itself (or walked back to it): a folder, not a file.
    raise InvalidArgument.for_field("path", f"{path!r} is not a regular file", reason="PATH_NOT_A_FILE")


def _link_target(target: str, root: str, folders: list[int], path: str) -> list[str]:
    """The components to walk for a link's target; an absolute target restarts the walk at the root."""
    if not os.path.isabs(target):
        return target.split("/")
    target = os.path.normpath(target)
    if target != root and not target.startswith(root.rstrip(os.sep) + os.sep):
        raise _outside(path)
    while len(folders) > 1:
        os.close(folders.pop())
    return target[len(root) :].split(os.sep)


def _read_regular(fd: int, path: str, max_bytes: int) -> bytes:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise InvalidArgument.for_field("path", f"{path!r} is not a regular file", reason="PATH_NOT_A_FILE")
    if info.st_size > max_bytes:
        raise InvalidArgument.for_field("path", f"{path!r} is larger than {max_bytes} bytes", reason="IMAGE_TOO_LARGE")
    chunks: list[bytes] = []
    left = max_bytes + 1  # one byte more than allowed tells a file that grew from one that fits
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    if left <= 0:
        raise InvalidArgument.for_field("path", f"{path!r} is larger than {max_bytes} bytes", reason="IMAGE_TOO_LARGE")
    return b"".join(chunks)


def _os_failure(error: OSError, path: str) -> InvalidArgument | NotFound:
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return NotFound(f"{path!r} does not exist", reason="PATH_NOT_FOUND")
    if error.errno == errno.ELOOP:
        return InvalidArgument.for_field(
            "path", f"{path!r} has too many levels of symbolic links", reason="PATH_SYMLINK_LOOP"
        )
    reason = os.strerror(error.errno) if error.errno else "unreadable"
    return InvalidArgument.for_field("path", f"cannot read {path!r}: {reason}", reason="PATH_UNREADABLE")
