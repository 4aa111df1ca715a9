"""The transport a request cycle of the mock's protocol (`protocol.py`) writes to.

It stands between uvicorn's request cycle and the socket's transport for two reasons:

- a close while the upload is still coming in becomes a lingering close (answer sent, write
  side shut, the rest read and dropped: RFC 9112, section 9.6), so that the client reads the
  answer instead of a reset;
- an answer's head goes out with the first piece of its body, in one send.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .protocol import MockHttpProtocol

__all__ = ["CycleTransport"]


class _Gone:
    """Stands for the protocol of a closed connection: not in a body, not draining."""

    in_body = False
    draining = False

    def linger(self) -> None:
        pass


_GONE: Any = _Gone()


class CycleTransport(asyncio.Transport):
    """The transport a request cycle writes to.

    - A close while the upload is still coming in becomes a lingering close (answer sent, write
      side shut, the rest read and dropped).
    - An answer's head goes out with the first piece of its body, in one send: uvicorn writes
      them apart, which costs a second system call and a second packet that wakes the client
      up once for a head it cannot use alone. A held head is sent by the next write, a close,
      or at the latest on the loop's next turn, so nothing waits on it and order is kept.
    """

    def __init__(self, real: asyncio.Transport, protocol: MockHttpProtocol) -> None:
        super().__init__()
        self._real = real
        self._protocol = protocol
        self._loop = protocol.loop
        self._held: bytes | None = None  # a head waiting for its body

    def protocol_gone(self) -> None:
        self._protocol = _GONE

    def flush(self) -> None:
        held = self._held
        if held is not None:
            self._held = None
            if not self._real.is_closing():
                self._real.write(held)

    def close(self) -> None:
        self.flush()
        if self._protocol.in_body and not self._real.is_closing():
            self._protocol.linger()
        else:
            self._real.close()

    def is_closing(self) -> bool:
        return self._real.is_closing() or self._protocol.draining

    def write(self, data: bytes | bytearray | memoryview) -> None:
        held = self._held
        if held is not None:
            self._held = None
            self._real.write(held + data)
        elif data[:9] == b"HTTP/1.1 " and data[9:10] != b"1":  # a final answer's head
            self._held = bytes(data)
            self._loop.call_soon(self.flush)
        else:
            self._real.write(data)

    def abort(self) -> None:
        self._real.abort()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._real.get_extra_info(name, default)

    def can_write_eof(self) -> bool:
        return self._real.can_write_eof()

    def write_eof(self) -> None:
        self.flush()
        self._real.write_eof()

    def pause_reading(self) -> None:
        self._real.pause_reading()

    def resume_reading(self) -> None:
        self._real.resume_reading()

    def is_reading(self) -> bool:
        return self._real.is_reading()

    def get_write_buffer_size(self) -> int:
        return self._real.get_write_buffer_size() + len(self._held or b"")
