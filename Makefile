# The two commands of the README, and a few more for editors and developers.
.PHONY: setup serve test check bench build lint lock
export NO_MKDOCS_2_WARNING := 1
HOST ?= 127.0.0.1:8000

setup:
	@scripts/setup

## Build the help center and serve it with live reload at http://$(HOST)/
serve: setup
	.venv/bin/mkdocs serve --watch-theme -a $(HOST)

## Build the site into site/
build: setup
	.venv/bin/mkdocs build --strict

## Check the content for mistakes (path:line: message)
check: setup
	.venv/bin/helpcenter check

## Run the whole test suite (installs what it needs first)
test: setup
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python bench/run.py

## Lint and type checks: ruff and mypy (configured in pyproject.toml)
lint: setup
	.venv/bin/ruff check .
	.venv/bin/mypy

## Regenerate the lock files from pyproject.toml (needs PyPI)
lock: setup
	scripts/lock
