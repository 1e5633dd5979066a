"""Who holds a local port: free-port checks before `up` starts a child, and proof a child is the listener.

`up` must never take another program's server for its own: a health answer on
the port counts only when the process that `up` started is the one listening
there. On Linux that is read from /proc (the child's socket inodes against
the kernel's table of listening sockets); elsewhere only the child's liveness
can be checked, which the pre-start free-port check makes good enough.
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

_LISTEN = "0A"  # TCP_LISTEN in /proc/net/tcp's hex state column


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a listening socket could bind host:port now (a dual-stack [::] listener also makes it taken)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # SO_REUSEADDR as the servers set it: a port whose old connections sit in TIME_WAIT is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # the fd closed while we looked
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == _LISTEN and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def listener_is(pid: int, port: int) -> bool | None:
    """True when process `pid` holds a listening socket on `port`, False when it does not, None when unknowable here."""
    if not Path("/proc/net/tcp").exists():
        return None
    try:
        return bool(_socket_inodes(pid) & _listening_inodes(port))
    except (FileNotFoundError, ProcessLookupError):  # the process is gone
        return False
    except PermissionError:
        return None
