"""Running the application: uvicorn, in the foreground (``ledger-rules serve``) or in a thread.

:class:`ServerThread` is what the tests, the pytest plugin and the benchmark use: a real HTTP server on
a free port (port 0: the system picks one, so parallel runs never collide), started in a daemon thread
and stopped cleanly. uvicorn is imported here only, so ``rules.serve`` imports without the extra.
"""

from __future__ import annotations

import threading
import time
from typing import Any

_POLL_SECONDS = 0.01  # how often start() looks whether uvicorn is listening yet


def _uvicorn() -> Any:
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - depends on the installation
        raise RuntimeError("the server needs uvicorn: pip install 'ledger-rules[server]'") from None
    return uvicorn


def serve_forever(app: Any, *, host: str, port: int) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM): uvicorn's own loop and signal handling."""
    uvicorn = _uvicorn()
    uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info", lifespan="on")).run()


class ServerThread:
    """A server for ``app`` in a thread; ``url`` is its base URL once :meth:`start` returns."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0) -> None:
        uvicorn = _uvicorn()
        self.app = app
        self.host = host
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="ledger-rules-serve", daemon=True)
        self.port = port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: int = 30) -> ServerThread:
        """Start the thread and wait (at most ``timeout`` seconds) until the server listens."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start on {self.host}:{self.port}")
            time.sleep(_POLL_SECONDS)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
