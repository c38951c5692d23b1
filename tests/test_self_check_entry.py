"""`helpcenter check` on the entry the checkout self-check follows: one entry only."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import entry, write_content

from generator.content.entries import check_content

STEPS = [{"id": "browser", "title": "Use the latest browser", "text": "Update it."}]


def test_a_second_self_check_entry_is_refused_naming_the_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two live entries with 'self_check: true': the second is reported at its line, with the first's path:line."""
    write_content(
        tmp_path,
        {
            "cannot-pay": entry("I cannot pay, what can I do?", "payment", self_check=True, steps=STEPS),
            "paypal-fails": entry("PayPal fails, what now?", "payment", steps=STEPS, self_check=True),
            "old-payment-help": entry(
                "Old payment help?", "payment", self_check=True, steps=STEPS, retired=True, replaced_by="cannot-pay"
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in check_content(".")] == [
        (
            "faq/paypal-fails.yml:10: 'self_check: true' is already set in faq/cannot-pay.yml:6; the checkout self-check "
            "follows one entry, so remove it here or there"
        ),
    ]
