"""Turning a period expression into dates, relative to the article's publication date.

Structured periods ("first eight months of 2024", "Q1/2025", "since the beginning of the year")
are computed from their parts; the date inside an "as of 2 September" is read by dateparser with
the article's language and its publication date as ``RELATIVE_BASE`` (never today's date).
Without a publication date, a period that needs one stays unresolved.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from functools import lru_cache

from .components.periods import PeriodExpr


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str, lang: str, published: date | None) -> date | None:
    """A calendar date from ``text`` ("2. September", "30/6/2025"), or None."""
    found = parse_date_period(text, lang, published)
    return found[0] if found else None


@lru_cache(maxsize=4096)
def parse_date_period(text: str, lang: str, published: date | None) -> tuple[date, str] | None:
    """(date, granularity) from ``text``: granularity ``day``, ``month`` or ``year`` says what the text
    gave ("9/2024" is a month: its date is the 1st)."""
    from dateparser.date import DateDataParser  # imported on first use: slow to import

    base = datetime(published.year, published.month, published.day) if published else None
    settings = {"PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}
    if base is None:
        settings["REQUIRE_PARTS"] = ["year"]
    else:
        settings["RELATIVE_BASE"] = base
    try:
        data = DateDataParser(languages=[lang], settings=settings).get_date_data(text)
    except Exception:  # dateparser raises a zoo of errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def resolve(expr: PeriodExpr | None, published: date | None, lang: str) -> tuple[date | None, date | None]:
    """(start, end) of the period, or (None, None) when it cannot be resolved."""
    if expr is None:
        return None, None
    year = expr.year or (published.year if published else None)
    n = expr.n
    kind = expr.kind
    if kind in ("as_of", "month"):
        found = parse_date_period(expr.date_text, lang, published) if expr.date_text else None
        if found is None:
            return None, None
        d, granularity = found
        if kind == "month":
            return date(d.year, d.month, 1), _month_end(d.year, d.month)
        if granularity == "month":  # "as of the end of 9/2024"
            return date(d.year, 1, 1), _month_end(d.year, d.month)
        return date(d.year, 1, 1), d
    if year is None:
        return None, None
    if kind == "year":
        return date(year, 1, 1), date(year, 12, 31)
    if kind == "first_months" and n and 1 <= n <= 12:
        return date(year, 1, 1), _month_end(year, n)
    if kind == "quarter" and n and 1 <= n <= 4:
        return date(year, 3 * n - 2, 1), _month_end(year, 3 * n)
    if kind == "half" and n in (1, 2):
        return (date(year, 1, 1), date(year, 6, 30)) if n == 1 else (date(year, 7, 1), date(year, 12, 31))
    if kind == "year_to_date":
        end = published if published and published.year == year else date(year, 12, 31)
        return date(year, 1, 1), end
    return None, None
