"""A real nginx on a loopback port, in the foreground, serving a folder with generated includes."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

NGINX = Path("/usr/sbin/nginx")
CONFIG = """\
daemon off;
master_process off;
{user}
pid {run}/nginx.pid;
error_log {run}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
{includes}
    }}
}}
"""


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(root: Path, includes: Sequence[Path], run: Path) -> Iterator[int]:
    """Run nginx on `root` with these files included in its server block; yield its port."""
    if not NGINX.exists():
        pytest.fail(
            f"{NGINX} is missing: these tests need a real nginx. Run `make test`, which installs"
            " Debian's nginx-light, or `sudo apt-get install nginx-light`."
        )
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""
    lines = "\n".join(f"        include {path};" for path in includes)
    config = CONFIG.format(user=user, run=run, port=port, root=root, includes=lines)
    (run / "nginx.conf").write_text(config, encoding="utf-8")
    process = subprocess.Popen(
        [str(NGINX), "-p", str(run), "-c", str(run / "nginx.conf")], stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                log = process.stderr.read().decode() if process.stderr else ""
                errors = (
                    (run / "error.log").read_text(encoding="utf-8")
                    if (run / "error.log").exists()
                    else ""
                )
                pytest.fail(f"nginx did not start: {log}{errors}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx did not listen within 10 seconds")
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, target: str) -> tuple[int, str | None]:
    """Send one GET and return the status and the Location header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        connection.close()
