"""``dotscale serve``'s application on a free loopback port, in a thread of the test process,
for the web tests, the browser tests and the load benchmark."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from types import TracebackType

from graph.loading.store import KnowledgeGraph
from graph.serving.limits import Limits


@dataclass
class Answer:
    """An HTTP answer: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def kind(self) -> str:
        """The media type, without parameters."""
        return self.headers.get("content-type", "").split(";")[0].strip()


ANSWERING = Limits(timeout=60.0)
"""The limits of a server whose tests read its answers: the defaults, but for a timeout long
enough for rdflib's engine on a busy machine (the limits themselves are tested with a server
of their own)."""


class WebServer:
    """The application serving ``kg`` within ``limits`` on 127.0.0.1, started by ``with``."""

    def __init__(self, kg: KnowledgeGraph, limits: Limits = ANSWERING) -> None:
        import uvicorn

        from graph.serving.app import create_app

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(create_app(kg, limits), log_level="warning",
                                timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> WebServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.socket.close()

    def request(self, path: str, *, method: str = "GET", accept: str | None = None,
                data: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float = 60) -> Answer:
        """Send a request to ``path`` (with its query string) and read the whole answer."""
        sent = dict(headers or {})
        if accept is not None:
            sent["Accept"] = accept
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(response.status, {k.lower(): v for k, v in response.headers.items()},
                              response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, {k.lower(): v for k, v in error.headers.items()},
                              error.read())

    def get(self, path: str, accept: str | None = None, **params: str) -> Answer:
        """GET ``path`` with ``params`` URL-encoded."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return self.request(path + query, accept=accept)

    def post_form(self, path: str, fields: dict[str, str], accept: str | None = None) -> Answer:
        """POST ``fields`` as an HTML form would."""
        return self.request(path, method="POST", accept=accept,
                            data=urllib.parse.urlencode(fields).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
