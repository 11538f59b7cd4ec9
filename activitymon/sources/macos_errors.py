"""How a Darwin call fails, as the macOS function table says it: :class:`CallFailed`
and its kinds (refused, gone, missing), from an errno by :func:`failure`."""

from __future__ import annotations

import errno


class CallFailed(Exception):
    """A Darwin call failed; ``call`` names it, ``errno`` is the error number if any."""

    def __init__(self, call: str, err: int | None = None, detail: str = "") -> None:
        self.call = call
        self.errno = err
        name = errno.errorcode.get(err, str(err)) if err is not None else ""
        text = f"{call} failed" + (f" ({name})" if name else "") + (f": {detail}" if detail else "")
        super().__init__(text)


class Refused(CallFailed):
    """EPERM or EACCES: not allowed for this user (root or an entitlement needed)."""


class Gone(CallFailed):
    """ESRCH: the process exited."""


class Missing(CallFailed, AttributeError):
    """The function (older macOS) or the sysctl (ENOENT) does not exist here.

    Also an :class:`AttributeError`, which is what ctypes raises for a missing symbol.
    """


def failure(call: str, err: int, detail: str = "") -> CallFailed:
    """The :class:`CallFailed` kind for an errno."""
    if err in (errno.EPERM, errno.EACCES):
        return Refused(call, err, detail)
    if err == errno.ESRCH:
        return Gone(call, err, detail)
    if err in (errno.ENOENT, errno.ENOSYS, errno.ENOTSUP):
        return Missing(call, err, detail)
    return CallFailed(call, err, detail)
