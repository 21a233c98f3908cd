# Two commands on a fresh machine: `make html` builds the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
NGINX ?= /usr/sbin/nginx
DOT ?= /usr/bin/dot
DOVECOT ?= /usr/sbin/dovecot
CONTENT := content
OUTPUT := output
PORT ?= 8000

.PHONY: help install html publish serve test test-fast browsers samples check clean

help:
	@echo "make html     build the demo site into $(OUTPUT)/ (sets up $(VENV) first)"
	@echo "make serve    preview on http://127.0.0.1:$(PORT)/, rebuilt when content changes"
	@echo "make publish  build with publishconf.py (absolute URLs, feeds) for deployment"
	@echo "make test     set up and run the whole test suite, browser tests included"
	@echo "make test-fast  everything but the Chromium, nginx, Dovecot and packaging tests, for the inner loop"
	@echo "make check    validate comments and questionnaires without building"
	@echo "make clean    remove $(OUTPUT)/ and caches"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

html: $(STAMP)
	$(BIN)/pelican $(CONTENT) -o $(OUTPUT) -s pelicanconf.py

publish: $(STAMP)
	$(BIN)/pelican $(CONTENT) -o $(OUTPUT) -s publishconf.py

serve: $(STAMP)
	$(BIN)/pelican $(CONTENT) -o $(OUTPUT) -s pelicanconf.py --autoreload --listen --port $(PORT)

check: $(STAMP)
	$(BIN)/pelican-prospects check -s pelicanconf.py

# Debian's Chromium for the browser tests, nginx for the server-rule tests, Graphviz's dot for
# the routing map and Dovecot for the mailbox tests (installed when missing).
browsers:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(NGINX) ] || [ ! -x $(DOT) ] || [ ! -x $(DOVECOT) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light graphviz dovecot-imapd >/dev/null; \
	  else \
	    echo "Missing $(CHROMIUM), $(NGINX), $(DOT) or $(DOVECOT): run 'sudo apt-get install chromium nginx-light graphviz dovecot-imapd'" >&2; exit 1; \
	  fi; \
	fi

# Pelican's own sample site (in its source distribution, not in the wheel), for the "do no harm"
# test: built with and without the plugin, it must come out byte-identical.
SAMPLES := $(VENV)/pelican-samples
$(SAMPLES)/pelican.conf.py: $(STAMP)
	rm -rf $(SAMPLES) $(VENV)/pelican-sdist
	$(BIN)/python -m pip download --quiet --no-binary :all: --no-deps -d $(VENV)/pelican-sdist \
	  "pelican==$$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("pelican"))')"
	mkdir -p $(SAMPLES)
	tar xzf $(VENV)/pelican-sdist/pelican-*.tar.gz -C $(SAMPLES) --strip-components=2 --wildcards '*/samples/*'

samples: $(SAMPLES)/pelican.conf.py

test: $(STAMP) browsers samples
	$(BIN)/python -m pytest

# The inner loop: no Chromium, no nginx, no Dovecot, no system package to install.
test-fast: $(STAMP) samples
	$(BIN)/python -m pytest -m "not browser and not nginx and not dovecot and not slow"

clean:
	rm -rf $(OUTPUT) cache __pycache__ .pytest_cache
