"""Tests for ledger.books.vies: date-aware VIES membership and customer classification.

The edge dates come from domain.md D76–D82; each boundary is tested on both sides
so that an off-by-one (``<`` vs ``<=``) or a wrong year fails.
"""

from __future__ import annotations

import datetime
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.books.vies import (
    EXCLUDED_TERRITORIES,
    VIES_MEMBERSHIP,
    CustomerClass,
    classify_customer,
    is_vies_member,
    to_vies_code,
    vies_members,
)

TODAY = date(2026, 11, 23)

# D82: the current participants, written out independently of the module's table.
CURRENT_MEMBERS = (
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI".split()
)


@pytest.mark.parametrize("code", [*CURRENT_MEMBERS, "GR"])
def test_every_current_member_is_vies_on_2026_11_23(code: str) -> None:
    assert is_vies_member(code, TODAY)
    # Lower case must work too: Sage and users are not consistent about case.
    assert is_vies_member(code.lower(), TODAY)


def test_current_member_set_is_exactly_27_plus_xi() -> None:
    assert vies_members(TODAY) == frozenset(CURRENT_MEMBERS)


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        # Greece: ISO GR, VIES EL (D76).
        ("GR", date(2024, 1, 1), True),
        ("EL", date(2024, 1, 1), True),
        ("GR", date(1993, 1, 1), True),
        # Northern Ireland from 2021-01-01 (D77).
        ("XI", date(2020, 12, 31), False),
        ("XI", date(2021, 1, 1), True),
        # GB until 2020-12-31 inclusive (D78).
        ("GB", date(2020, 12, 31), True),
        ("GB", date(2021, 1, 1), False),
        ("GB", date(1993, 1, 1), True),
        # Croatia from 2013-07-01 (D79).
        ("HR", date(2013, 6, 30), False),
        ("HR", date(2013, 7, 1), True),
        # 2004 enlargement (D79).
        ("PL", date(2004, 4, 30), False),
        ("PL", date(2004, 5, 1), True),
        ("SI", date(2004, 4, 30), False),
        ("SI", date(2004, 5, 1), True),
        # 2007 enlargement (D79).
        ("RO", date(2006, 12, 31), False),
        ("RO", date(2007, 1, 1), True),
        ("BG", date(2006, 12, 31), False),
        ("BG", date(2007, 1, 1), True),
        # 1995 enlargement (D79).
        ("AT", date(1994, 12, 31), False),
        ("AT", date(1995, 1, 1), True),
        ("FI", date(1994, 12, 31), False),
        ("SE", date(1995, 1, 1), True),
        # VIES started 1993-01-01: nobody is a member before.
        ("FR", date(1992, 12, 31), False),
        ("FR", date(1993, 1, 1), True),
        # Monaco as France, Isle of Man as the UK (D80).
        ("MC", date(2024, 6, 1), True),
        ("MC", date(1992, 12, 31), False),
        ("IM", date(2019, 6, 1), True),
        ("IM", date(2024, 6, 1), False),
        # Excluded territories (D81) and non-EU countries.
        ("RE", date(2024, 6, 1), False),
        ("GP", date(2024, 6, 1), False),
        ("AX", date(2024, 6, 1), False),
        ("IC", date(2024, 6, 1), False),
        ("JE", date(2019, 6, 1), False),
        ("US", date(2024, 6, 1), False),
        ("JP", date(2024, 6, 1), False),
    ],
)
def test_membership_edges(code: str, day: date, expected: bool) -> None:
    assert is_vies_member(code, day) is expected


@pytest.mark.parametrize(
    ("day", "count"),
    [
        (date(1992, 12, 31), 0),
        (date(1993, 1, 1), 12),
        (date(1995, 1, 1), 15),
        (date(2004, 5, 1), 25),
        (date(2007, 1, 1), 27),
        (date(2013, 7, 1), 28),
        (date(2020, 12, 31), 28),  # 28 states including GB
        (date(2021, 1, 1), 28),  # 27 states + XI
    ],
)
def test_member_counts_by_era(day: date, count: int) -> None:
    assert len(vies_members(day)) == count


def test_vies_members_uses_vies_codes() -> None:
    members = vies_members(TODAY)
    assert "EL" in members and "GR" not in members
    assert "GB" not in members and "GB" in vies_members(date(2020, 12, 31))
    assert "XI" not in vies_members(date(2020, 12, 31))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GR", "EL"),
        ("gr", "EL"),
        (" Gr ", "EL"),
        ("EL", "EL"),
        ("XI", "XI"),
        ("xi", "XI"),
        ("MC", "FR"),
        ("IM", "GB"),
        ("fr", "FR"),
        ("us", "US"),
        ("RE", "RE"),  # excluded territories are NOT folded into their parent
        ("AX", "AX"),
    ],
)
def test_to_vies_code(raw: str, expected: str) -> None:
    assert to_vies_code(raw) == expected


@pytest.mark.parametrize("bad", ["", "   ", "F", "FRA", "F1", "12", "ÅÖ", "F-", "E L"])
def test_malformed_codes_raise_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="two letters"):
        to_vies_code(bad)
    with pytest.raises(ValueError, match="two letters"):
        is_vies_member(bad, TODAY)


def test_non_date_is_rejected() -> None:
    # A datetime's calendar day depends on a time zone; refuse rather than guess.
    with pytest.raises(TypeError):
        is_vies_member("FR", datetime.datetime(2024, 1, 1, 12, 0))
    with pytest.raises(TypeError):
        is_vies_member("FR", "2024-01-01")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("country", "legislation", "day", "expected"),
    [
        # D46 examples.
        ("FR", "FR", TODAY, CustomerClass.NATIONAL),
        ("fr", "FR", TODAY, CustomerClass.NATIONAL),
        ("BE", "FR", TODAY, CustomerClass.VIES),
        ("IT", "FR", TODAY, CustomerClass.VIES),
        ("PT", "ES", TODAY, CustomerClass.VIES),
        ("US", "FR", TODAY, CustomerClass.FOREIGN),
        ("JP", "DE", TODAY, CustomerClass.FOREIGN),
        # Greece either spelling, either side.
        ("GR", "FR", TODAY, CustomerClass.VIES),
        ("GR", "EL", TODAY, CustomerClass.NATIONAL),
        ("EL", "GR", TODAY, CustomerClass.NATIONAL),
        # Monaco as France.
        ("MC", "FR", TODAY, CustomerClass.NATIONAL),
        ("MC", "BE", TODAY, CustomerClass.VIES),
        # Isle of Man as the UK.
        ("IM", "FR", date(2019, 6, 1), CustomerClass.VIES),
        ("IM", "FR", date(2024, 6, 1), CustomerClass.FOREIGN),
        ("IM", "GB", date(2024, 6, 1), CustomerClass.NATIONAL),
        # Brexit and Northern Ireland.
        ("GB", "FR", date(2020, 12, 31), CustomerClass.VIES),
        ("GB", "FR", date(2021, 1, 1), CustomerClass.FOREIGN),
        ("GB", "GB", date(2024, 6, 1), CustomerClass.NATIONAL),
        ("XI", "FR", date(2020, 12, 31), CustomerClass.FOREIGN),
        ("XI", "FR", date(2021, 1, 1), CustomerClass.VIES),
        # Croatia's accession.
        ("HR", "DE", date(2013, 6, 30), CustomerClass.FOREIGN),
        ("HR", "DE", date(2013, 7, 1), CustomerClass.VIES),
        # Excluded territories are foreign even for their "parent".
        ("RE", "FR", TODAY, CustomerClass.FOREIGN),
        ("GP", "FR", TODAY, CustomerClass.FOREIGN),
        ("AX", "FI", TODAY, CustomerClass.FOREIGN),
        ("AX", "FR", TODAY, CustomerClass.FOREIGN),
        # National does not depend on VIES membership (pre-VIES date).
        ("FR", "FR", date(1990, 1, 1), CustomerClass.NATIONAL),
        ("BE", "FR", date(1990, 1, 1), CustomerClass.FOREIGN),
    ],
)
def test_classify_customer(country: str, legislation: str, day: date, expected: CustomerClass) -> None:
    assert classify_customer(country, legislation, day) is expected


@pytest.mark.parametrize("unknown", [None, "", "  "])
def test_unknown_country_is_none(unknown: str | None) -> None:
    # The caller reports PST002 rather than picking an account.
    assert classify_customer(unknown, "FR", TODAY) is None


@pytest.mark.parametrize(("country", "legislation"), [("FRA", "FR"), ("1", "FR"), ("FR", "FRA"), (None, "")])
def test_classify_customer_malformed_raises(country: str | None, legislation: str) -> None:
    with pytest.raises(ValueError, match="two letters"):
        classify_customer(country, legislation, TODAY)


@pytest.mark.parametrize("code", sorted(EXCLUDED_TERRITORIES))
def test_excluded_territories_never_members(code: str) -> None:
    assert EXCLUDED_TERRITORIES[code]  # every exclusion carries an explanation
    assert to_vies_code(code) not in VIES_MEMBERSHIP
    for day in (date(1993, 1, 1), date(2019, 6, 1), TODAY):
        assert not is_vies_member(code, day)


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        VIES_MEMBERSHIP["US"] = ()  # type: ignore[index]


# --- properties ---------------------------------------------------------------

_dates = st.dates(min_value=date(1985, 1, 1), max_value=date(2040, 12, 31))
_codes = st.sampled_from(sorted(VIES_MEMBERSHIP))


@given(code=_codes, day=_dates, data=st.data())
def test_membership_is_monotone_within_each_interval(code: str, day: date, data: st.DataObject) -> None:
    """Member on ``day`` ⇒ member on every date from its interval's start to ``day``,
    and not a member the day before that start (no interval in the table touches
    another)."""
    if not is_vies_member(code, day):
        # Outside membership the table must agree that no interval covers the day.
        assert not any(i.contains(day) for i in VIES_MEMBERSHIP[code])
        return
    (interval,) = [i for i in VIES_MEMBERSHIP[code] if i.contains(day)]
    earlier = data.draw(st.dates(min_value=interval.start, max_value=day), label="earlier")
    assert is_vies_member(code, earlier)
    assert not is_vies_member(code, interval.start - datetime.timedelta(days=1))


@given(day=_dates)
def test_vies_members_agrees_with_is_vies_member(day: date) -> None:
    members = vies_members(day)
    for code in VIES_MEMBERSHIP:
        assert (code in members) is is_vies_member(code, day)
    if day < date(1993, 1, 1):
        assert members == frozenset()
