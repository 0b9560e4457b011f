# The two commands: `make run` serves the suite with demo data, `make test` runs the tests.
# Everything they need is installed here, so a fresh machine needs nothing else.

VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := SUITE_ENV=$${SUITE_ENV:-development} $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
PYTHON ?= python3

.PHONY: run test lint translations extract-messages browser system-libs vendor bench bench-data bench-smoke wrk clean

$(VENV)/.installed: requirements.txt
	@$(MAKE) --no-print-directory system-libs
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Compiled catalogues are build output: made from the .po files on every run and test.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --use-fuzzy -d translations

extract-messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations

# Plotly's "basic" bundle (scatter, bar, pie: what the dashboards draw; 1.2 MB instead of 4.8 MB), fetched from the
# npm registry into a git-ignored folder; without it the dashboards fall back to the full bundle inside plotly.py.
PLOTLY_BASIC_VERSION := 4.1.1
PLOTLY_BASIC := common/static/vendor/plotly-basic-$(PLOTLY_BASIC_VERSION).min.js
$(PLOTLY_BASIC):
	@command -v npm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; } || { echo "Install Debian's npm to fetch Plotly's basic bundle." >&2; exit 1; }
	dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && (cd "$$dir" && npm pack --silent plotly.js-basic-dist-min@$(PLOTLY_BASIC_VERSION) >/dev/null) && \
	tar xzf "$$dir"/plotly.js-basic-dist-min-$(PLOTLY_BASIC_VERSION).tgz -C "$$dir" && mkdir -p $(dir $@) && \
	cp "$$dir"/package/plotly-basic.min.js $@.tmp && mv $@.tmp $@

vendor: $(PLOTLY_BASIC)

run: $(VENV)/.installed translations vendor
	$(FLASK) db upgrade
	$(FLASK) demo
	@echo "Serving on http://localhost:$(PORT) (learning content from http://127.0.0.1:$(PORT), CONTENT_ORIGIN)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# Pango (WeasyPrint's text layout) and fonts with Georgian glyphs, for PDF reports and certificates.
system-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -qi dejavu && command -v pdftoppm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig poppler-utils >/dev/null; \
	  else echo "Install Debian's libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core (needed for PDFs) and poppler-utils (pdftoppm, the PDF layout tests)." >&2; exit 1; fi; }

# Debian's Chromium for the browser tests (no browser is downloaded at run time).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "Chromium is missing: install Debian's chromium package (sudo apt-get install chromium)." >&2; exit 1; fi; }

test: $(VENV)/.dev-installed translations browser vendor
	.ci/with-redis $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

# Benchmarks (DATABASE_URL selects PostgreSQL): `make bench-data SCALE=national`, then `make bench`.
SCALE ?= small
bench-data: $(VENV)/.dev-installed translations
	$(PY) -m bench.data --scale $(SCALE)

bench: $(VENV)/.dev-installed translations wrk
	$(PY) -m bench.run $(BENCH_ARGS)

# Debian's wrk, the load generator of the throughput runs.
wrk:
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "Install Debian's wrk for the throughput runs." >&2; exit 1; }

# CI: the benchmark still runs (small dataset, throwaway SQLite, no timing thresholds, RESULTS.md untouched),
# its throughput part for a second a page: a page that fails under concurrent requests fails the run.
bench-smoke: $(VENV)/.dev-installed translations wrk
	dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && export INSTANCE_PATH="$$dir" && unset DATABASE_URL && \
	$(PY) -m bench.data --scale small && $(PY) -m bench.run --repeat 3 --seconds 1 --no-write

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
