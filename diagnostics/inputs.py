"""What every check gets: the page's facts, what we know about the browser, the policy and the day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .browser import BrowserInfo, identify
from .facts import BrowserFacts
from .policy import Policy


@dataclass(frozen=True)
class Inputs:
    """One self-check run's inputs, handed to every check function alike."""

    facts: BrowserFacts
    policy: Policy
    today: date

    @cached_property
    def browser(self) -> BrowserInfo:
        """What we can tell about the browser. Worked out on first use: if that raises, every
        check that needs it says "this check itself failed" instead of judging a blank browser."""
        return identify(self.facts)
