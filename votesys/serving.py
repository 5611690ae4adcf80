"""Serving the app with Gunicorn, a production WSGI server (docs/serving.md says why)."""

from __future__ import annotations

import socket

from gunicorn.app.base import BaseApplication


class VotesysServer(BaseApplication):
    def __init__(self, app, options: dict):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def serve(app, host: str, port: int, workers: int, threads: int, tls: tuple | None = None) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 120,
        "graceful_timeout": 30,
        # Access log off: a line naming a card's URL next to a ballot's would link them.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    if tls:
        options["certfile"], options["keyfile"] = (str(part) for part in tls)
    VotesysServer(app, options).run()


def lan_addresses() -> list[str]:
    """The machine's addresses that tablets on the hall's network can reach."""
    found = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    except OSError:
        pass
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks a route
        found.add(probe.getsockname()[0])
    except OSError:
        pass
    finally:
        probe.close()
    return sorted(address for address in found if not address.startswith("127.")) or ["127.0.0.1"]
