"""What every check gets: the page's facts, what we know about the browser, the policy, the day and the shop."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .browser import BrowserInfo, identify
from .facts import BrowserFacts
from .howto import howto
from .policy import Policy
from .shop import Shop


@dataclass(frozen=True)
class Inputs:
    """One self-check run's inputs, handed to every check function alike."""

    facts: BrowserFacts
    policy: Policy
    today: date
    shop: Shop = field(default_factory=Shop)

    @cached_property
    def browser(self) -> BrowserInfo:
        """What we can tell about the browser. Worked out on first use: if that raises, every
        check that needs it says "this check itself failed" instead of judging a blank browser."""
        return identify(self.facts)

    @property
    def site(self) -> str:
        """The shop's site as the advice names it ("shop.example"), from mkdocs.yml through the context."""
        return self.shop.site

    def howto(self, topic: str) -> str:
        """The how-to text for ``topic`` ("private", "clear", "popups", "cookies", "update") in this browser."""
        return howto(topic, self.browser, self.site)
