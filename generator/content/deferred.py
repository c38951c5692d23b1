"""Checks of editors' files that `mkdocs build` leaves to its second process, and runs there.

Reading a content file's schema and rendering its Markdown is a fifth of what a build spends on
its own; with two cores, the page guard's second process (pages/page_guard.py) runs these checks
while this one renders the pages. Within `checks_deferred`, a check that can wait (`defer`) is
recorded as a job instead of run; the build hands the jobs over and publishes nothing before all
of them came back with no problem. If one did not, the build checks the content again in its own
process, for the messages with their lines. Anything that cannot wait (a text long or nested
enough to slow the page's own rendering, see markdown_check.within_limits) is checked at once.

A job is a module-level function and its arguments (plain data: `Source`, strings), so it pickles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

#: A check, its arguments and keyword arguments; it returns its problems (empty: passed).
Job = tuple[Callable[..., list[Any]], tuple[Any, ...], dict[str, Any]]

_JOBS: ContextVar[list[Job] | None] = ContextVar("deferred_checks", default=None)


@contextmanager
def checks_deferred(*, enabled: bool = True) -> Iterator[list[Job]]:
    """Within: checks that can wait are recorded in the list given, not run (not enabled: all run now)."""
    jobs: list[Job] = []
    token = _JOBS.set(jobs if enabled else None)
    try:
        yield jobs
    finally:
        _JOBS.reset(token)


def defer(check: Callable[..., list[Any]], *args: Any, **kwargs: Any) -> bool:
    """Record `check(*args, **kwargs)` for later if checks are deferred here; False: the caller runs it now."""
    jobs = _JOBS.get()
    if jobs is None:
        return False
    jobs.append((check, args, kwargs))
    return True


def all_pass(jobs: list[Job]) -> bool:
    """Run the jobs (in the second process, where nothing is deferred): whether none found a problem."""
    token = _JOBS.set(None)
    try:
        return all(not check(*args, **kwargs) for check, args, kwargs in jobs)
    finally:
        _JOBS.reset(token)
