# patrol-map: the two commands of README.md.
#   make demo   set up, build the sample commune's workspace and start the app
#   make test   set up (Debian chromium included) and run every test, browser tests included

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WORKSPACE ?= workspaces/nam_trach.gpkg
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# uv checks PyPI's certificate against the system's store, as pip does here (a proxy's own CA included).
export UV_SYSTEM_CERTS := 1
STAMP := $(VENV)/.installed

.PHONY: demo test check setup system-packages lint bench clean

demo: setup $(WORKSPACE)
	PATROL_MAP_WORKSPACE=$(WORKSPACE) $(BIN)/streamlit run app.py --server.port $(PORT)

$(WORKSPACE): | setup
	$(BIN)/patrol-map demo $(WORKSPACE)

# Every check CI runs: lint, formatting, the README's layering, types, then every test (browser tests and the
# installed-wheel test included); hypothesis draws the same examples every run. Three workers (pytest-xdist)
# on two cores: the browser, server and subprocess tests wait on other programs; a file on one worker.
test: setup system-packages lint
	$(BIN)/pytest -n 3 --dist loadfile --no-loadscope-reorder --hypothesis-profile=repeatable

# The quick part: lint, formatting, layering, types and the tests that need no browser and are not slow.
check: setup lint
	$(BIN)/pytest -m "not browser and not slow"

setup: $(STAMP)

# uv installs what pip would (the same versions from PyPI), in a tenth of the time.
$(STAMP): pyproject.toml
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c "import ensurepip" 2>/dev/null || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet 'uv>=0.5'
	$(BIN)/uv pip install --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

# Debian's chromium for the browser tests (never `playwright install`), a font with Vietnamese
# glyphs for screenshots, PostgreSQL + PostGIS for the province server's tests (each test run
# starts a throwaway server of its own: scripts/postgis-server).
system-packages:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null && fc-list 2>/dev/null | grep -qi dejavu && \
		ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || \
		($(SUDO) apt-get update && \
		 $(SUDO) apt-get install -y --no-install-recommends chromium fonts-dejavu-core poppler-utils \
			postgresql postgresql-15-postgis-3)

lint: setup
	$(BIN)/ruff check patrol_map tests bench app.py
	$(BIN)/ruff format --check patrol_map tests bench app.py
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/walking_skeleton.py
	$(BIN)/python bench/roster.py
	$(BIN)/python bench/week.py
	$(BIN)/python bench/knob.py
	$(BIN)/python bench/backtest.py
	$(BIN)/python bench/backtest_cuts.py
	$(BIN)/python bench/spreadsheet.py
	$(BIN)/python bench/coverage.py
	$(BIN)/python bench/briefing.py
	$(BIN)/python bench/answers.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/province.py

clean:
	rm -rf $(VENV) workspaces tests/artifacts
