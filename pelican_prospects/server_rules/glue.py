"""Pelican glue: plan every questionnaire's server rules, then write them once the site is out.

The rules' machinery (and the questionnaire's, which it uses) loads only for a site that asks for
rules (PROSPECTS_SERVER_RULES).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from pelican import signals
from pelican.generators import PagesGenerator

from ..problems import Problem, ProspectsError
from ..questionnaire.glue import all_pages
from ..settings import config_of, configured

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator

    from .host import Host
    from .plan import Plan, Section

logger = logging.getLogger(__name__)

# Plans of the build under way, by id of its settings (the same dict for generators and Pelican).
_PLANS: dict[int, list[Plan]] = {}


def check_siteurl(pelican: Pelican) -> None:
    """Stop the build when rules are asked for and SITEURL's path cannot be written into them."""
    config = config_of(pelican.settings)
    if not config.server_rules:
        return
    from .plan import siteurl_problem  # see the module's docstring

    reason = siteurl_problem(config.site_url)
    if reason is not None:
        raise ProspectsError([Problem("settings", None, reason)], "invalid settings")


def plan_rules(generators: list[Generator]) -> None:
    """Plan the rules of every questionnaire that the questionnaire glue checked and attached."""
    pages = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    # Signals reach every build of the process, also of sites without our plugin.
    config = configured(pages.settings) if pages is not None else None
    if pages is None or config is None or not config.server_rules:
        return
    from .plan import make_plan  # see the module's docstring

    siteurl = config.site_url
    plans = [
        make_plan(page.questionnaire, page.url, page.slug, siteurl)
        for page in all_pages(pages)
        if getattr(page, "questionnaire", None) is not None
    ]
    _PLANS[id(pages.settings)] = sorted(plans, key=lambda plan: plan.route)


def write_rules(pelican: Pelican) -> None:
    """Write each chosen host's file into the output, after the static files are copied."""
    plans = _PLANS.pop(id(pelican.settings), None)
    if plans is None:
        return
    from .host import hosts
    from .plan import site_path

    config = config_of(pelican.settings)
    base = site_path(config.site_url)
    output = Path(pelican.output_path)
    known = hosts()
    for name in config.server_rules:
        host = known[name]
        path = output / host.file
        existing = path.read_text(encoding="utf-8") if path.exists() else None
        text = host.text(_sections(host, plans), existing, base, str(path))
        path.write_text(text, encoding="utf-8")


def _sections(host: Host, plans: list[Plan]) -> list[Section]:
    """Return the sections that fit the host's limit; warn once per questionnaire left out."""
    from .plan import Section  # loaded by `write_rules` already

    sections = []
    total = 0
    for plan in plans:
        section = host.section(plan)
        if isinstance(section, Section):
            section = _fitting(host, plan, section, total)
        if isinstance(section, str):
            logger.warning(
                "prospects: questionnaire %s needs JavaScript on %s: %s",
                plan.slug,
                host.name,
                section,
            )
            continue
        logger.info("prospects: questionnaire %s on %s: %s", plan.slug, host.name, section.summary)
        sections.append(section)
        total += section.rules
    return sections


def _fitting(host: Host, plan: Plan, section: Section, used: int) -> Section | str:
    """Return a section if it fits in the host's file beside `used` rules, or why it does not."""
    from .host import too_many  # loaded by `write_rules` already

    if section.rules > host.limit:
        return too_many(plan, host.limit, host.unit)
    if used + section.rules > host.limit:
        return (
            f"its {section.rules} {host.unit} do not fit beside the {used} of the questionnaires"
            f" before it (at most {host.limit} in the file)"
        )
    return section


def connect() -> None:
    """Connect the server-rule handlers to Pelican's signals."""
    # initialized: once per Pelican object, before anything is read, as the other settings.
    signals.initialized.connect(check_siteurl)
    # all_generators_finalized: every page is read and checked, questionnaires are attached.
    signals.all_generators_finalized.connect(plan_rules)
    # finalized: everything is written, static files too, so a copied .htaccess is merged into.
    signals.finalized.connect(write_rules)
