"""Run the mock server with uvicorn: ``serve`` in the foreground (``cpdesk-mock serve``), or
``ServerThread`` on a loopback port in a background thread.

``ServerThread`` is used by the tests and the benchmarks: port 0 (the OS picks), wait on
uvicorn's own ``started`` flag (never a blind sleep), stop with a bounded join.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn


class ServerThread:
    def __init__(self, app: Any, host: str = "127.0.0.1", start_timeout: float = 20.0) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # A socket made here (protocol 0) does not get asyncio's TCP_NODELAY: without it every
        # keep-alive response waits ~40 ms for Nagle's algorithm.
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock.bind((host, 0))
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run,
                                        kwargs={"sockets": [self._sock]},
                                        name=f"mock-server-{self.port}", daemon=True)
        self._start_timeout = start_timeout

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + self._start_timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("mock server thread exited during start-up")
            if time.monotonic() > deadline:
                raise TimeoutError("mock server did not start in time")
            time.sleep(0.01)  # polling uvicorn's started flag, not waiting blindly
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        self._sock.close()
        if self._thread.is_alive():
            raise TimeoutError("mock server did not stop in time")

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def serve(app: Any, host: str, port: int, announce: str) -> None:
    """Serve ``app`` in the foreground until Ctrl+C; print ``announce`` once listening."""

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.started:
                print(announce, flush=True)

    AnnouncingServer(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                    access_log=False)).run()
