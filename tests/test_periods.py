"""Period expressions resolve against the publication date, never today's date."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.analysis import analyse
from extractor.components.periods import PeriodExpr
from extractor.periods import parse_date, resolve
from extractor.types import Article

PUB = date(2024, 9, 16)


@pytest.mark.parametrize("expr,want", [
    (PeriodExpr("t", "year", year=2023), (date(2023, 1, 1), date(2023, 12, 31))),
    (PeriodExpr("t", "year"), (date(2024, 1, 1), date(2024, 12, 31))),
    (PeriodExpr("t", "first_months", n=8, year=2024), (date(2024, 1, 1), date(2024, 8, 31))),
    (PeriodExpr("t", "first_months", n=2), (date(2024, 1, 1), date(2024, 2, 29))),
    (PeriodExpr("t", "quarter", n=3, year=2025), (date(2025, 7, 1), date(2025, 9, 30))),
    (PeriodExpr("t", "half", n=1), (date(2024, 1, 1), date(2024, 6, 30))),
    (PeriodExpr("t", "year_to_date"), (date(2024, 1, 1), PUB)),
    (PeriodExpr("t", "year_to_date", year=2023), (date(2023, 1, 1), date(2023, 12, 31))),
])
def test_structured_periods(expr, want):
    assert resolve(expr, PUB, "nl") == want


def test_without_publication_date_relative_periods_stay_open():
    assert resolve(PeriodExpr("t", "year_to_date"), None, "de") == (None, None)
    assert resolve(PeriodExpr("t", "year", year=2024), None, "de") == (date(2024, 1, 1), date(2024, 12, 31))


def test_as_of_dates_are_read_by_dateparser_relative_to_publication():
    assert parse_date("2. September", "de", date(2024, 9, 16)) == date(2024, 9, 2)
    assert parse_date("2. September", "de", date(2023, 10, 1)) == date(2023, 9, 2)  # not this year
    assert resolve(PeriodExpr("t", "as_of", date_text="30 juni"), date(2025, 7, 10), "nl") == (
        date(2025, 1, 1), date(2025, 6, 30))


def test_period_attached_to_figures():
    text = ("Mit Stand vom 2. September hat das Parteikomitee der Stadt Ha Long 312 neue Parteimitglieder "
            "aufgenommen.")
    (fig,) = analyse(Article("x", "", text, published=date(2024, 9, 20)), "de")
    assert (fig.period_start, fig.period_end) == (date(2024, 1, 1), date(2024, 9, 2))


def test_as_of_a_month_runs_to_its_end():
    assert resolve(PeriodExpr("t", "as_of", date_text="9/2024"), date(2024, 10, 5), "vi") == (
        date(2024, 1, 1), date(2024, 9, 30))
