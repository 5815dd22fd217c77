# The help centre's commands. `make serve` and `make test` set everything up from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Every package, pinned with its files' hashes (written by `make lock-deps` from pyproject.toml).
LOCK := requirements.lock
BENCH_LOCK := requirements-bench.lock
# The W3C Nu HTML checker (npm's vnu-jar) that the tests run with Java.
VNU_STAMP := tests/vnu/node_modules/.installed
BENCH_STAMP := $(VENV)/.installed-bench
HOST ?= 127.0.0.1:8000
# `make check` warns about answers last reviewed more than this many months ago.
REVIEW_MONTHS ?= 12
# Material prints a notice about MkDocs 2 on every run; the README covers our plan.
export NO_MKDOCS_2_WARNING := 1

.PHONY: lock-deps serve serve-nginx build check lock report test bench bench-panel bench-search bench-web bench-report bench-alternatives screenshots clean

# The virtual environment is rebuilt whenever the declared dependencies change. pip installs
# exactly the locked files (a file whose hash differs is refused), then the project itself
# without adding any package.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(VNU_STAMP): tests/vnu/package-lock.json
	cd tests/vnu && npm ci --no-audit --no-fund --loglevel=error
	touch $(VNU_STAMP)

# What only the benchmarks need (Pagefind), on top of everything the tests need.
$(BENCH_STAMP): $(STAMP) $(BENCH_LOCK)
	$(PY) -m pip install --quiet --require-hashes -r $(BENCH_LOCK)
	touch $(BENCH_STAMP)

# HELPCENTRE_ENGINE=zensical builds with Zensical instead of MkDocs (README: Engines).
serve: $(STAMP)
	$(PY) -m helpcentre serve --address $(HOST)

build: $(STAMP)
	$(PY) -m helpcentre publish --site-dir site

# The built site as production serves it: nginx (Debian's package) on 127.0.0.1:8080, with
# the configuration `make build` writes to site.nginx.conf.
serve-nginx: build
	$(PY) -m helpcentre serve-nginx --site-dir site

# BASE=origin/main also fails on lines removed from links.lock since that version.
check: $(STAMP)
	$(PY) -m helpcentre check --review-months $(REVIEW_MONTHS) $(if $(BASE),--base $(BASE))

# Adds every newly published id to links.lock; commit it with the change that added them.
lock: $(STAMP)
	$(PY) -m helpcentre lock

# What customers could not find, and unhelpful answers: make report EVENTS=events.jsonl
report: $(STAMP)
	@test -n "$(EVENTS)" || { echo "make report: name the events file, e.g. make report EVENTS=events.jsonl" >&2; exit 2; }
	$(PY) -m helpcentre report $(EVENTS)

# pytest exits 5 when it collected no test; that is a failure here, never a pass.
test: $(STAMP) $(VNU_STAMP)
	@$(PY) -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest ran no test" >&2; exit 1; fi; \
	exit $$rc

# Build time, memory and page weight against bare Material at 100, 1,000 and 10,000
# entries; writes benchmarks/results.json and prints the README's table. Not a test.
bench: $(STAMP)
	$(PY) benchmarks/build_cost.py

# Only what the help panel fetches on opening and on its first search, at 100, 1,000 and
# 10,000 entries (one build per size; `make bench` measures it too). Not a test.
bench-panel: $(STAMP)
	$(PY) benchmarks/build_cost.py --panel-only

# Search quality and speed in Chromium against bare Material; a benchmark, not a test.
bench-search: $(STAMP)
	$(PY) benchmarks/search_quality.py

# Lighthouse (npm) in mobile mode through Debian's Chromium, and a customer's first minute on a slow
# phone (tests/first_minute.py), against bare Material; a benchmark, not a test.
bench-web: $(STAMP)
	$(PY) benchmarks/web_quality.py

# Our search against bare Material's, a lunr index prebuilt with the lunr package, and
# Pagefind, at 1,000 and 10,000 entries; writes benchmarks/alternatives.json. Not a test.
bench-alternatives: $(BENCH_STAMP)
	$(PY) benchmarks/search_alternatives.py

# How fast `make report` reads a million events, and that its memory stays flat.
bench-report: $(STAMP)
	$(PY) benchmarks/report_speed.py

# The README's screenshots, in .github/screenshots/ (needs Chromium).
screenshots: $(STAMP)
	$(PY) tests/screenshots.py

clean:
	rm -rf site $(VENV) tests/vnu/node_modules

# Writes requirements.lock and requirements-bench.lock from pyproject.toml's pins, with the
# hashes of every file PyPI serves for them; run it after changing a pin, and commit both.
lock-deps: $(STAMP)
	$(PY) -m pip install --quiet uv==0.13.9
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11.7 \
	  --no-header --quiet -o $(LOCK).body
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra bench --generate-hashes \
	  --python-version 3.11.7 --no-header --quiet -o $(BENCH_LOCK).body
	for lock in $(LOCK) $(BENCH_LOCK); do sed -n '1,3p' $$lock | cat - $$lock.body > $$lock.new && \
	  mv $$lock.new $$lock && rm $$lock.body || exit 1; done
