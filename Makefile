# The two commands of the README, and a few more for editors and developers.
# Editors' commands (serve, check, build) install only what they need: Python and Node.js packages,
# no root. The test suite's browsers and nginx come with `make test` (scripts/setup --test).
.PHONY: setup setup-dev setup-test serve test check bench build lint lock screenshots browsers
export NO_MKDOCS_2_WARNING := 1
HOST ?= 127.0.0.1:8000

setup:
	@scripts/setup

setup-dev:
	@scripts/setup --dev

setup-test:
	@scripts/setup --test

## Build the help center and serve it with live reload at http://$(HOST)/, the CMS at /admin/
serve: setup
	.venv/bin/mkdocs serve --watch-theme -a $(HOST)

## Build the site into site/
build: setup
	.venv/bin/mkdocs build --strict

## Check the content for mistakes (path:line: message)
check: setup
	.venv/bin/helpcenter check

## Add the newest Chrome, Firefox and Safari releases to content/browsers.yml, from the pinned
## @mdn/browser-compat-data (package-lock.json; `npm install --save-exact --save-dev @mdn/browser-compat-data@NEW` to move on)
browsers: setup-dev
	.venv/bin/helpcenter browsers update

## Run the whole test suite (installs what it needs first: browsers, nginx, test tools)
test: setup-test
	.venv/bin/python -m pytest

bench: setup-test
	.venv/bin/python bench/run.py

## Screenshots of every page type (phone and desktop, light and dark) into docs/screenshots/
screenshots: setup-test
	.venv/bin/python scripts/screenshots.py

## Lint and type checks: ruff and mypy (configured in pyproject.toml)
lint: setup-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

## Regenerate the lock files from pyproject.toml (needs PyPI)
lock: setup-dev
	scripts/lock
