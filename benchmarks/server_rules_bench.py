"""Measure the server rules: the demo's file sizes, and nginx running the 5^20 questionnaire's.

Run: python benchmarks/server_rules_bench.py (needs /usr/sbin/nginx)
"""

from __future__ import annotations

import http.client
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from questionnaire_bench import OFFERS, questionnaire_text

from pelican_prospects.questionnaire.codec import encode
from pelican_prospects.questionnaire.compile import compile_questionnaire
from pelican_prospects.questionnaire.model import Offer
from pelican_prospects.questionnaire.parse import parse_questionnaire
from pelican_prospects.server_rules import apache, netlify, nginx
from pelican_prospects.server_rules.plan import Section, make_plan

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 2000
DEMO_OFFERS = {
    slug: Offer(slug, kind, f"pages/{slug}.html", f"content/pages/{slug}.md", "fr")
    for slug, kind in (("devis", "quote"), ("proposition", "proposal"), ("rendez-vous", "contact"))
}


def plan_of(text: str, url: str):
    """Return the plan of a questionnaire page's Markdown."""
    questionnaire, problems = parse_questionnaire(text, "bench.md")
    compiled, more = compile_questionnaire(questionnaire, {**OFFERS, **DEMO_OFFERS}, "bench.md")
    assert not problems and not more, problems + more
    return make_plan(compiled, url, "banc", "")


def rss_kb(pid: int) -> int:
    """Return a process's resident memory in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def nginx_run(document: str, route: str, queries: list[str]) -> None:
    """Start nginx with `document` included, print its memory, start time and request time."""
    with tempfile.TemporaryDirectory() as folder:
        run = Path(folder)
        (run / nginx.FILE).write_text(document, encoding="utf-8")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        (run / "nginx.conf").write_text(
            f"daemon off; master_process off; pid {run}/pid; error_log {run}/error.log;\n"
            f"events {{}} http {{ access_log off; client_body_temp_path {run}/b;"
            f" proxy_temp_path {run}/p; fastcgi_temp_path {run}/f; uwsgi_temp_path {run}/u;"
            f" scgi_temp_path {run}/s; server {{ listen 127.0.0.1:{port}; root {run};"
            f" include {run}/{nginx.FILE}; }} }}\n",
            encoding="utf-8",
        )
        start = time.perf_counter()
        process = subprocess.Popen(["/usr/sbin/nginx", "-p", folder, "-c", f"{run}/nginx.conf"])
        try:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                    break
                except OSError:
                    time.sleep(0.01)
            print(
                f"  nginx ready in {time.perf_counter() - start:.2f} s, {rss_kb(process.pid)} KiB"
            )
            connection = http.client.HTTPConnection("127.0.0.1", port)
            if not queries:
                queries = [""] * REQUESTS
                route = f"/{nginx.FILE}"
            start = time.perf_counter()
            for query in queries:
                connection.request("GET", f"{route}?{query}")
                response = connection.getresponse()
                response.read()
                assert response.status in (302, 404)
            elapsed = time.perf_counter() - start
            print(f"  {len(queries)} requests: {elapsed / len(queries) * 1e6:.0f} us each")
        finally:
            process.terminate()
            process.wait()


def main() -> int:
    demo = plan_of(
        (ROOT / "content/pages/votre-projet.md").read_text(encoding="utf-8"),
        "pages/votre-projet.html",
    )
    print("Demo questionnaire (768 answer sets):")
    for module in (nginx, apache, netlify):
        section = module.section(demo)
        assert isinstance(section, Section), section
        size = len("\n".join(section.lines).encode()) + 1
        print(f"  {module.__name__.rsplit('.', 1)[1]}: {section.rules} {module.UNIT}, {size} bytes")
    banc = plan_of(questionnaire_text(), "pages/banc.html")
    section = nginx.section(banc)
    assert isinstance(section, Section) and banc.automaton is not None, section
    print(f"5^20 questionnaire: {banc.automaton.size} moves, {section.rules} {nginx.UNIT}")
    picker = random.Random(20)
    queries = [
        encode(
            banc.questionnaire,
            {q.key: (picker.choice(q.options).code,) for q in banc.questionnaire.questions},
        )
        for _ in range(REQUESTS)
    ]
    nginx_run(nginx.document([section], ""), banc.route, queries)
    print("Without the questionnaire:")
    nginx_run(nginx.document([], ""), "", [])
    return 0


if __name__ == "__main__":
    sys.exit(main())
