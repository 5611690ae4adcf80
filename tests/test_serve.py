"""`votesys serve` runs the app under Gunicorn, over HTTP and over HTTPS with its certificate."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from votesys import schema

VOTESYS = Path(sys.executable).parent / "votesys"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture
def server(tmp_path):
    """Start `votesys serve` with the given flags; stopped at the end."""
    schema.upgrade(f"sqlite:///{tmp_path / 'votesys.sqlite3'}")
    started = []

    def start(*flags: str) -> tuple[int, subprocess.Popen]:
        port = free_port()
        env = {**os.environ, "VOTESYS_INSTANCE_PATH": str(tmp_path)}
        env.pop("VOTESYS_DATABASE_URL", None)
        process = subprocess.Popen(
            [str(VOTESYS), "serve", "--host", "127.0.0.1", "--port", str(port), *flags],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        wait_for(port)
        return port, process

    yield start
    for process in started:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def test_serve_answers_over_http_with_gunicorn(server):
    port, _process = server()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10) as response:
        assert response.status == 200
        assert "gunicorn" in response.headers.get("Server", "").lower()
        assert response.headers["Cache-Control"] == "no-store"
        assert "Đăng nhập cán bộ" in response.read().decode()


def test_serve_tls_makes_a_certificate_naming_the_machine_and_marks_cookies_secure(
    server, tmp_path
):
    port, _process = server("--tls")
    context = ssl.create_default_context(cafile=str(tmp_path / "tls" / "votesys-cert.pem"))
    context.check_hostname = False  # the certificate names IP addresses; checked below
    with urllib.request.urlopen(
        f"https://127.0.0.1:{port}/login", timeout=10, context=context
    ) as response:
        assert response.status == 200
        assert "Secure" in response.headers["Set-Cookie"]
        assert "max-age" in response.headers["Strict-Transport-Security"]
    peer = ssl.get_server_certificate(("127.0.0.1", port))
    assert peer.strip() == (tmp_path / "tls" / "votesys-cert.pem").read_text().strip()
    names = ssl._ssl._test_decode_cert(str(tmp_path / "tls" / "votesys-cert.pem"))
    assert ("IP Address", "127.0.0.1") in names["subjectAltName"]
