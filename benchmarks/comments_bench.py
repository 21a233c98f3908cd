"""Benchmark comments: 1,000 articles x 20 threaded comments, built with and without the plugin.

Usage: python benchmarks/comments_bench.py [--articles N] [--comments N] [--rounds N]
       [--cores one|all|both] [--theme ours|notmyidea] [--instructions] [--keep DIR]

Each build runs in its own subprocess, pinned to one core (`--cores one`, as `taskset -c 0`:
what the work costs) or free to use every core (`all`); vanilla and plugin builds alternate
within each round, so both see the same machine. The parent reports, as ratios plugin/vanilla,
for a cold build (empty cache and output) and for a rebuild after adding one comment with
Pelican's content cache on (CACHE_CONTENT and LOAD_CONTENT_CACHE): the wall time, the CPU time
of the whole process tree (user + system, what `wait4` gives), and peak memory three ways: the
largest process's peak RSS (what `/usr/bin/time -v` shows), and the peaks of the summed PSS and
USS of the process tree (sampled every 10 ms). It ends with a table of each ratio against its
target (medians of the rounds).

`--instructions` counts instead the instructions each build executes (valgrind's callgrind, user
space, the whole process): the machine's load and speed do not move them, where they move its
timings by tens of percent between two runs. One round pinned to one core; each build takes
about fifty times as long. The CPU targets apply to their ratio.

"Vanilla" is Pelican with `PLUGINS = []` and the same theme. Our theme needs the plugin's date
filters and gettext, so the vanilla build gets the same functions through JINJA_FILTERS and
JINJA_GLOBALS, importing the plugin's `dates` and `i18n` modules only, not its glue (which
`register()` loads). `--theme notmyidea` builds both with Pelican's own theme instead, whose article
template does not include our comments: the plugin places them after each article's text.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.support import NullTranslations as Translations

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "theme"
WORDS = [
    "prospection",
    "client",
    "devis",
    "offre",
    "atelier",
    "conseil",
    "marché",
    "temps",
    "budget",
    "projet",
    "question",
    "réponse",
    "entreprise",
    "communication",
    "stratégie",
    "réseau",
    "message",
    "contenu",
    "lecteur",
    "article",
    "valeur",
    "retour",
    "méthode",
    "semaine",
    "rendez-vous",
    "proposition",
    "besoin",
    "priorité",
    "équipe",
    "objectif",
    "résultat",
    "clair",
    "simple",
    "utile",
    "rapide",
    "concret",
    "exemple",
    "travail",
    "première",
    "dernière",
    "bonne",
    "autre",
    "nouvelle",
    "petite",
]
NAMES = [
    f"{first} {last}"
    for first in (
        "Jean",
        "Marie",
        "Luc",
        "Anne",
        "Paul",
        "Sophie",
        "Marc",
        "Julie",
        "Hugo",
        "Emma",
        "Louis",
        "Chloé",
        "Nina",
        "Tom",
        "Léa",
    )
    for last in (
        "Martin",
        "Bernard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Michel",
        "Garcia",
        "Roux",
        "Fournier",
        "Girard",
        "Bonnet",
        "Dupont",
        "Lambert",
        "Fontaine",
        "Rousseau",
        "Vincent",
        "Muller",
    )
]
OWNER = "Claire Dumas"


def sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    """Return one sentence of filler words."""
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    """Return a paragraph, with some emphasis and a link now and then."""
    parts = [sentence(rng) for _ in range(sentences)]
    if rng.random() < 0.3:
        parts.insert(1, f"Voir [cette page](https://example.org/{rng.choice(WORDS)}).")
    if rng.random() < 0.3:
        parts.insert(0, f"**{rng.choice(WORDS).capitalize()}** :")
    return " ".join(parts)


def article_text(rng: random.Random, index: int, date: datetime) -> str:
    """Return one article of about 400 words: headings, paragraphs, a list."""
    tags = ", ".join(sorted({rng.choice(WORDS) for _ in range(3)}))
    body = [paragraph(rng, 4)]
    for section in range(3):
        body.append(f"## Partie {section + 1}")
        body.append(paragraph(rng, 5))
        if section == 1:
            body.append("\n".join(f"- {sentence(rng, 3, 8)}" for _ in range(4)))
    return (
        f"Title: Article numéro {index}\nDate: {date:%Y-%m-%d %H:%M}\n"
        f"Category: {WORDS[index % 10]}\nTags: {tags}\nSlug: article-{index}\n"
        f"Summary: {sentence(rng)}\n\n" + "\n\n".join(body) + "\n"
    )


def comment_text(rng: random.Random, number: int, date: datetime, replyto: int | None) -> str:
    """Return one comment file: an author, maybe a website and e-mail, 1 to 3 paragraphs."""
    owner = replyto is not None and rng.random() < 0.3
    author = OWNER if owner else rng.choice(NAMES)
    header = [f"Author: {author}", f"Date: {date:%Y-%m-%d %H:%M}"]
    if not owner and rng.random() < 0.4:
        header.append(f"Website: https://{author.split()[1].lower()}.example.org/")
    if not owner and rng.random() < 0.5:
        header.append(f"Email: {author.replace(' ', '.').lower()}@example.org")
    if replyto is not None:
        header.append(f"Replyto: {replyto}")
    body = [paragraph(rng, rng.randint(2, 4)) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.15:
        body.append("\n".join(f"- {sentence(rng, 3, 7)}" for _ in range(3)))
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"


def generate(root: Path, articles: int, comments: int) -> None:
    """Write the corpus: `articles/` and `comments/<slug>/<n>.md`, the same for every seed 42."""
    rng = random.Random(42)
    start = datetime(2020, 1, 1, 9, 0)
    for index in range(articles):
        date = start + timedelta(hours=20 * index)
        (root / "articles").mkdir(parents=True, exist_ok=True)
        (root / "articles" / f"article-{index}.md").write_text(
            article_text(rng, index, date), encoding="utf-8"
        )
        folder = root / "comments" / f"article-{index}"
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(1, comments + 1):
            replyto = rng.randrange(1, number) if number > 1 and rng.random() < 0.5 else None
            when = date + timedelta(hours=3 * number)
            (folder / f"{number}.md").write_text(
                comment_text(rng, number, when, replyto), encoding="utf-8"
            )


def settings_for(corpus: Path, work: Path, plugin: bool, theme: str = "ours") -> dict:
    """Return the build settings: a published site with Pelican's default feeds and the theme."""
    return {
        "PATH": str(corpus),
        "OUTPUT_PATH": str(work / "output"),
        "CACHE_PATH": str(work / "cache"),
        "THEME": str(THEME) if theme == "ours" else theme,
        "SITENAME": "Banc d'essai",
        "SITEURL": "https://bench.example.org",
        "AUTHOR": OWNER,
        "TIMEZONE": "Europe/Paris",
        "DEFAULT_LANG": "fr",
        "ARTICLE_PATHS": ["articles"],
        "ARTICLE_URL": "{date:%Y}/{slug}.html",
        "ARTICLE_SAVE_AS": "{date:%Y}/{slug}.html",
        "DEFAULT_PAGINATION": 10,
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "PLUGINS": ["pelican_prospects"] if plugin else [],
        "PROSPECTS_CONTACT_EMAIL": "claire@example.org" if plugin else None,
    }


@cache
def theme_translations() -> Translations:
    """Return the theme's French catalog, loaded once (the plugin also loads it once per build)."""
    from pelican_prospects import i18n

    return i18n.translations("fr", [THEME / "translations"])


def theme_gettext(message: str, **values: object) -> str:
    """Translate like the plugin's newstyle gettext (module level: Pelican's cache pickles it)."""
    text = theme_translations().gettext(message)
    return text % values if values else text


def theme_ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message with a plural, as Jinja's old-style `{% trans %}` calls it."""
    return theme_translations().ngettext(singular, plural, count)


def vanilla_theme_support(settings: dict) -> None:
    """Give a plugin-less build the filters and gettext our theme calls (same functions)."""
    from functools import partial

    from pelican_prospects import dates

    settings["JINJA_FILTERS"] = {
        "isodate": dates.isodate,
        "prospects_date": partial(dates.format_datetime, lang="fr"),
        "prospects_day": partial(dates.format_day, lang="fr"),
    }
    settings["JINJA_GLOBALS"] = {
        "_": theme_gettext,
        "gettext": theme_gettext,
        "ngettext": theme_ngettext,
        "prospects_lang": "fr",
    }
    settings["JINJA_ENVIRONMENT"] = {
        "extensions": ["jinja2.ext.i18n"],
        "trim_blocks": True,
        "lstrip_blocks": True,
    }


def child(corpus: Path, work: Path, plugin: bool, theme: str) -> None:
    """Build once in this process and print the time `Pelican.run()` took, as JSON."""
    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    logging.basicConfig(level=logging.ERROR)
    settings = settings_for(corpus, work, plugin, theme)
    if not plugin:
        del settings["PROSPECTS_CONTACT_EMAIL"]
        if theme == "ours":
            vanilla_theme_support(settings)
    pelican = Pelican(read_settings(path=None, override=settings))
    started = time.perf_counter()
    pelican.run()
    run = time.perf_counter() - started
    own, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    cpu = {
        "cpu_main": own.ru_utime + own.ru_stime,
        "cpu_workers": workers.ru_utime + workers.ru_stime,
    }
    print(json.dumps({"run": run, **cpu}))


def tree_memory(pid: int) -> tuple[int, int]:
    """Return the summed PSS and USS in KiB of `pid` and its descendants.

    PSS counts a page shared by n processes as 1/n in each (shared pages counted once in all);
    USS counts only each process's own pages (what ending that process would give back).
    """
    pss = uss = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="utf-8") as rollup:
                fields = dict(line.split()[:2] for line in rollup if line.endswith("kB\n"))
            pss += int(fields["Pss:"])
            uss += int(fields["Private_Clean:"]) + int(fields["Private_Dirty:"])
            with open(f"/proc/{current}/task/{current}/children", encoding="utf-8") as children:
                pending += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, KeyError):
            continue
    return pss, uss


def pin_to_one_core() -> None:
    """Let this (child) process and its own children run on the first core only."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run_build(
    corpus: Path, work: Path, plugin: bool, pinned: bool, theme: str, instructions: bool = False
) -> dict:
    """Run one build in a subprocess and measure it (wall and CPU time, peak memory).

    With `instructions`, run it under callgrind and count the instructions it executed instead.
    """
    command = [sys.executable, __file__, "--child", str(corpus), str(work), "--theme", theme]
    if plugin:
        command.append("--plugin")
    out_path = work / "child.out"
    err_path = work / "child.err"
    counts = work / "callgrind.out"
    if instructions:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={counts}", *command]
    work.mkdir(parents=True, exist_ok=True)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=err,
            cwd=ROOT,
            preexec_fn=pin_to_one_core if pinned else None,
        )
        peak_pss = peak_uss = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if not instructions:  # under valgrind, memory says nothing of the build's own
                pss, uss = tree_memory(process.pid)
                peak_pss, peak_uss = max(peak_pss, pss), max(peak_uss, uss)
            time.sleep(0.01)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        name = "plugin" if plugin else "vanilla"
        raise SystemExit(f"{name} build failed:\n{err_path.read_text(encoding='utf-8')}")
    if instructions:
        return {"instructions": executed(counts) / 1e9}
    return {
        "wall": wall,
        "cpu_tree": usage.ru_utime + usage.ru_stime,
        **json.loads(out_path.read_text(encoding="utf-8").strip().splitlines()[-1]),
        "maxrss_mib": usage.ru_maxrss / 1024,
        "tree_pss_mib": peak_pss / 1024,
        "tree_uss_mib": peak_uss / 1024,
    }


def executed(counts: Path) -> int:
    """Return the instructions a callgrind output file counts (its `summary:` line)."""
    with open(counts, "rb") as lines:
        for line in lines:
            if line.startswith((b"summary:", b"totals:")):
                return int(line.split()[1])
    raise SystemExit(f"{counts}: no instruction count (callgrind's summary line) in it")


def add_one_comment(corpus: Path, round_number: int) -> None:
    """Add one reply to the first article, as a reader's new comment would be."""
    path = corpus / "comments" / "article-0" / f"new-{round_number}.md"
    path.write_text(
        f"Author: Nouveau Lecteur\nDate: 2024-06-01 10:{round_number:02d}\nReplyto: 1\n\n"
        "Une nouvelle réponse, avec un [lien](https://example.org/).\n",
        encoding="utf-8",
    )


METRICS = (
    ("wall", "s"),
    ("cpu_tree", "s"),
    ("run", "s"),
    ("maxrss_mib", "MiB"),
    ("tree_pss_mib", "MiB"),
    ("tree_uss_mib", "MiB"),
)
# What each build's line shows as it ends, by name.
SHOWN = {"wall": "wall", "cpu_tree": "cpu", "maxrss_mib": "rss", "instructions": "instructions"}
# (cores, phase, metric): the ratio plugin/vanilla not to exceed.
TARGETS = {
    ("one", "cold", "instructions"): 1.30,
    ("one", "rebuild", "instructions"): 1.05,
    ("one", "cold", "cpu_tree"): 1.30,
    ("all", "cold", "wall"): 1.30,
    ("all", "cold", "cpu_tree"): 1.30,
    ("one", "rebuild", "cpu_tree"): 1.05,
    ("all", "rebuild", "wall"): 1.05,
    ("one", "cold", "maxrss_mib"): 1.25,
    ("all", "cold", "maxrss_mib"): 1.25,
    ("all", "cold", "tree_pss_mib"): 1.25,
    ("one", "rebuild", "maxrss_mib"): 1.25,
}


def main() -> None:
    """Generate the corpus, build it with and without the plugin, and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=20)
    parser.add_argument("--rounds", "--repeat", type=int, default=3)
    parser.add_argument("--cores", choices=("one", "all", "both"), default="both")
    parser.add_argument("--theme", choices=("ours", "notmyidea"), default="ours")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions under callgrind (one round, one core) instead of timing",
    )
    parser.add_argument("--keep", type=Path, help="keep the corpus and outputs in this folder")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--plugin", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, plugin=args.plugin, theme=args.theme)
        return

    metrics = METRICS
    if args.instructions:
        if shutil.which("valgrind") is None:
            raise SystemExit("--instructions needs valgrind: apt-get install valgrind")
        print(
            "instructions: one round on one core, as counts do not vary (--rounds, --cores ignored)"
        )
        args.rounds, args.cores, metrics = 1, "one", (("instructions", "G"),)
    # Pelican's modules come with their bytecode, as pip installs them; ours too, or every build
    # would compile the plugin anew wherever bytecode is not written (PYTHONDONTWRITEBYTECODE).
    compileall.compile_dir(ROOT / "pelican_prospects", quiet=1)
    top = args.keep or Path(tempfile.mkdtemp(prefix="comments-bench-"))
    corpus = top / "content"
    if corpus.exists():
        shutil.rmtree(corpus)
    generate(corpus, args.articles, args.comments)
    files = sum(1 for _ in (corpus / "comments").rglob("*.md"))
    print(f"corpus: {args.articles} articles, {files} comments in {corpus}; theme: {args.theme}")
    print(f"cores: this machine has {len(os.sched_getaffinity(0))}", flush=True)
    modes = ("one", "all") if args.cores == "both" else (args.cores,)
    results: dict[tuple[str, str, str], list[dict]] = {}
    added = 0
    for round_number in range(args.rounds):
        for cores in modes:
            order = [False, True] if (round_number + len(cores)) % 2 == 0 else [True, False]
            works = {
                plugin: top / f"work-{round_number}-{cores}-{'plugin' if plugin else 'vanilla'}"
                for plugin in order
            }
            for phase in ("cold", "rebuild"):
                if phase == "rebuild":
                    add_one_comment(corpus, added)
                    added += 1
                for plugin in order:
                    if phase == "cold":
                        shutil.rmtree(works[plugin], ignore_errors=True)
                    name = "plugin" if plugin else "vanilla"
                    measured = run_build(
                        corpus,
                        works[plugin],
                        plugin,
                        pinned=cores == "one",
                        theme=args.theme,
                        instructions=args.instructions,
                    )
                    results.setdefault((cores, phase, name), []).append(measured)
                    shown = "  ".join(
                        f"{SHOWN[key]} {measured[key]:6.2f} {unit}"
                        for key, unit in metrics
                        if key in SHOWN
                    )
                    print(
                        f"round {round_number + 1} {cores:3} core(s) {phase:7} {name:7} {shown}",
                        flush=True,
                    )
            if not args.keep:
                for work in works.values():
                    shutil.rmtree(work, ignore_errors=True)

    print(f"\nmedians of {args.rounds} round(s)")
    # `by round`: the median of each round's ratio (its two builds ran back to back), steadier
    # than the ratio of the medians when the machine's load changes from round to round.
    print(
        f"{'cores':6}{'phase':8}{'metric':14}{'vanilla':>12}{'plugin':>12}{'ratio':>8}"
        f"{'by round':>10}  target"
    )
    for cores in modes:
        for phase in ("cold", "rebuild"):
            for key, unit in metrics:
                vanilla = statistics.median(r[key] for r in results[(cores, phase, "vanilla")])
                plugin = statistics.median(r[key] for r in results[(cores, phase, "plugin")])
                ratio = plugin / vanilla if vanilla else float("nan")
                by_round = statistics.median(
                    p[key] / v[key] if v[key] else float("nan")
                    for v, p in zip(
                        results[(cores, phase, "vanilla")],
                        results[(cores, phase, "plugin")],
                        strict=True,
                    )
                )
                target = TARGETS.get((cores, phase, key))
                verdict = ""
                if target is not None:
                    verdict = f"<= {target:.2f}  {'met' if ratio <= target else 'MISSED'}"
                print(
                    f"{cores:6}{phase:8}{key:14}{vanilla:8.2f}{unit:>4}{plugin:8.2f}{unit:>4}"
                    f"{ratio:7.2f}x{by_round:9.2f}x  {verdict}"
                )
    if not args.keep:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    main()
