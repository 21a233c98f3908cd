"""The generated nginx include, run by a real nginx on a loopback port with every answer set."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pelican_prospects.server_rules.nginx import FILE

from .conftest import FORM, OFFERS, ROUTE, Demo
from .queries import cases, expected

pytestmark = pytest.mark.nginx

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
        include {root}/{file};
    }}
}}
"""


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Run nginx in the foreground on the demo's output with the generated include."""
    if not NGINX.exists():
        pytest.fail(
            f"{NGINX} is missing: these tests need a real nginx. Run `make test`, which installs"
            " Debian's nginx-light, or `sudo apt-get install nginx-light`."
        )
    run = tmp_path_factory.mktemp("nginx")
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""
    config = CONFIG.format(user=user, run=run, port=port, root=demo.output, file=FILE)
    (run / "nginx.conf").write_text(config, encoding="utf-8")
    process = subprocess.Popen(
        [str(NGINX), "-p", str(run), "-c", str(run / "nginx.conf")], stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                log = process.stderr.read().decode() if process.stderr else ""
                errors = (run / "error.log").read_text() if (run / "error.log").exists() else ""
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


def where(port: int, location: str | None) -> str:
    """Return a same-site Location as path, query and fragment; fail on any other site."""
    assert location is not None
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("http", f"127.0.0.1:{port}")
    return (
        parts.path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def test_every_answer_set_is_redirected_as_the_python_routing_does(demo: Demo, server: int) -> None:
    seen = {"canonical": 0, "shuffled": 0, "hostile": 0}
    for case in cases(demo.questionnaire):
        status, location = get(server, f"{ROUTE}?{case.query}")
        want = expected(demo.questionnaire, case.query, FORM, OFFERS)
        assert (status, where(server, location)) == (302, want), case
        seen[case.kind] += 1
    assert seen == {"canonical": 768, "shuffled": 768, "hostile": 768}


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("", f"{FORM}#prospects.notice"),
        ("objectifs=definis", f"{FORM}?objectifs=definis#prospects.notice"),
        (
            "supports=lettre&echeance=urgent&supports=web&objectifs=definis",
            "/pages/rendez-vous.html?objectifs=definis&echeance=urgent&supports=web&supports=lettre",
        ),
        # Browsers never escape these characters: the rules read them as written, so an
        # escaped code counts as unknown and goes back (codec.decode would take it).
        ("objectifs=%64efinis&echeance=urgent", f"{FORM}?echeance=urgent#prospects.notice"),
    ],
)
def test_notable_queries(server: int, query: str, target: str) -> None:
    status, location = get(server, f"{ROUTE}?{query}")
    assert (status, where(server, location)) == (302, target)


def test_the_include_file_is_not_served_and_other_pages_are(server: int) -> None:
    assert get(server, f"/{FILE}") == (404, None)
    assert get(server, "/pages/devis.html?objectifs=definis") == (200, None)
