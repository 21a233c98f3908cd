"""pelican-prospects: comments and self-qualification for a freelancer's Pelican blog."""

from __future__ import annotations

__version__ = "0.1.0"


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals.

    The glue is imported here, not with the package: the `pelican-prospects` commands and code
    that only needs a module of the package (`dates`, `i18n`) load none of it.
    """
    from pelican import signals

    from . import glue
    from .comments import glue as comments_glue
    from .comments import placement as comments_placement
    from .questionnaire import glue as questionnaire_glue
    from .server_rules import glue as server_rules_glue

    glue.hide_problem_tracebacks()
    # initialized: fires once per Pelican object, before any generator: settings are checked there.
    signals.initialized.connect(glue.configure)
    # get_generators: each build starts there; finalized: every page of it is written.
    signals.get_generators.connect(glue.open_memo)
    signals.finalized.connect(glue.save_memo)
    # generator_init: each generator builds its own Jinja environment, on every (re)build.
    signals.generator_init.connect(glue.prepare_templates)
    comments_glue.connect()
    comments_placement.connect()
    questionnaire_glue.connect()
    server_rules_glue.connect()
