"""VIES membership as date-aware data, and customer classification for posting.

Why this module exists
----------------------
When Sage Active posts a sales invoice it picks the revenue account from the
customer's country (S33; rule PST001): a *national* customer
(same country as the organisation's legislation) gets the product / default sales
account, a customer in a *VIES* country gets ``intracommunityAccountId``, and
anyone else gets ``foreignAccountId``. Deciding "VIES country" correctly needs the
country *and the date*: membership changed over time (enlargements, Brexit), and
several codes need normalising first (Greece, Monaco, Isle of Man, Northern
Ireland).

Design
------
* Membership is **data**, not code: :data:`VIES_MEMBERSHIP` maps each VIES code to a
  tuple of closed date intervals (:class:`MembershipInterval`). Every question is
  answered by looking a date up in that table, so a change in membership is a
  one-line edit that the tests pin down.
* Everything is **pure**: no I/O, no clock (the caller passes the date), no mutable
  module state. The module-level constants are immutable (``MappingProxyType``,
  tuples, frozensets, frozen attrs classes).
* Country codes go through :func:`to_vies_code` first, so ISO 3166-1 alpha-2 and
  VIES spellings are interchangeable everywhere (``GR`` == ``EL``).
* Territories that have their own ISO code but lie outside the EU VAT area are
  simply absent from the table; :data:`EXCLUDED_TERRITORIES` names the notable
  ones with a reason, so callers and tests can explain *why* e.g. ``RE`` is foreign.

Sources (ids of docs/sources.md, certainty in brackets)
-------------------------------------------------------
* S67 — the VAT prefix is the ISO alpha-2 code of the Member State, except Greece,
  which uses ``EL``. Council Directive 2006/112/EC (VAT Directive) Art. 215
  (https://lxgesetze.de/mwstrl/215); EN 16931 rule BR-CO-09
  (https://einvoice-explorer.com/versions/2017/rules/BR-CO-09). [high]
* S70 — Northern Ireland uses ``XI`` for *goods* from 2021-01-01 (Ireland/Northern
  Ireland Protocol). Council Directive (EU) 2020/1756, OJ L 396 of 2020-11-25,
  CELEX 32020L1756
  (https://eur-lex.europa.eu/legal-content/NL/TXT/HTML/?uri=CELEX:32020L1756);
  COM(2020)360; KTC note
  https://www.ktc.com.cy/news/end-of-the-transitional-period-for-uk-the-ireland-and-n-ireland-protocol-and-vies-declarations/. [high]
* S71 — GB left the EU VAT area (and VIES) on 2021-01-01: EU VAT law applied until
  the end of the transition period, 2020-12-31. Directive (EU) 2020/1756 recital (1);
  KTC note above. [high]
* S72 — HR joined on 2013-07-01
  (https://www.bdo.be/en-gb/news/2013/as-from-1-july-2013,-croatia-is-a-member-of-the-eu);
  CY CZ EE HU LV LT MT PL SK SI on 2004-05-01 and BG RO on 2007-01-01
  (http://www.uktrf.co.uk/current-issues/duty-and-tax-paid/eu-enlargement/). [high]
  AT FI SE on 1995-01-01 and the 12 older members from the start of VIES,
  1993-01-01. [medium, general knowledge]
* S68 — Monaco is treated as France, the Isle of Man as the UK (and the UK Sovereign
  Base Areas as Cyprus): VAT Directive Art. 7(2)
  (https://datenbank.nwb.de/Dokument/Anzeigen/251304_7/). [high] Since 2021 the Isle
  of Man therefore follows the UK out of VIES. [medium, inference]
* S69 — territories excluded from the EU VAT area: VAT Directive Art. 6
  (https://www.vatupdate.com/2021/06/20/which-territories-are-considered-as-eu-for-vat-purposes/;
  French list:
  https://www.lexisnexis.co.uk/tolley/tax/commentary/de-voil/part-v7-tax-planning/v7-274-territorial-boundaries-of-the-uk-eu). [high/medium]
* S73 — current participants (27 + XI): AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE
  IT LT LU LV MT NL PL PT RO SE SI SK + XI (python-stdnum ``stdnum/eu/vat.py``;
  Sage Active countries resource, https://developer.sage.com/sageactive/resources/countries). [high]

Assumptions (S91 in docs/sources.md, "VIES edge cases at posting")
------------------------------------------------------------------
* That Sage's posting logic keys on ``countries.viesCode`` (S28) is an inference,
  certainty **low**: the vendor docs only say "customer from a VIES country".
* ``XI`` is goods-only in law (S70); for services Northern Ireland is outside the EU
  VAT system. We nevertheless classify ``XI`` as VIES from 2021-01-01 because Sage's
  country table gives that row a non-null viesCode, and an invoice does not tell us
  whether it is goods or services.
* Monaco is folded into France and the Isle of Man into GB (S68); Sage's own table
  probably has viesCode = null for MC, so Sage may classify MC differently.
* The UK Sovereign Base Areas (Akrotiri, Dhekelia) and Mount Athos, Heligoland,
  Büsingen, Livigno, Campione d'Italia have no ISO 3166-1 code of their own, so they
  cannot be expressed here; a customer there is recorded under its parent's code.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = [
    "COUNTRY_ALIASES",
    "EXCLUDED_TERRITORIES",
    "VIES_MEMBERSHIP",
    "VIES_START",
    "CustomerClass",
    "MembershipInterval",
    "classify_customer",
    "is_vies_member",
    "to_vies_code",
    "vies_members",
]


@attrs.frozen
class MembershipInterval:
    """A closed interval of VIES membership: ``start`` ≤ day ≤ ``end``.

    ``end`` is inclusive (the last day of membership, e.g. 2020-12-31 for GB) and
    ``None`` means "still a member". Inclusive ends match how the sources state
    the dates ("until the end of the transition period on 2020-12-31").
    """

    start: datetime.date
    end: datetime.date | None = None

    def __attrs_post_init__(self) -> None:
        # A reversed interval would silently make a country never a member;
        # fail loudly at import time instead.
        if self.end is not None and self.end < self.start:
            raise ValueError(f"membership interval ends ({self.end}) before it starts ({self.start})")

    def contains(self, day: datetime.date) -> bool:
        """True when ``day`` falls inside the interval (both ends inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)


# VIES itself started with the single market; before this date nobody is a member.
VIES_START: datetime.date = datetime.date(1993, 1, 1)

_FOUNDERS = ("BE", "DK", "DE", "EL", "ES", "FR", "IE", "IT", "LU", "NL", "PT", "GB")  # S72 [medium]
_ENLARGEMENT_1995 = ("AT", "FI", "SE")  # S72 [medium]
_ENLARGEMENT_2004 = ("CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI")  # S72 [high]
_ENLARGEMENT_2007 = ("BG", "RO")  # S72 [high]


def _build_membership() -> Mapping[str, tuple[MembershipInterval, ...]]:
    # Built in a function so the only thing left at module level is the frozen
    # mapping; the dict below never escapes.
    table: dict[str, tuple[MembershipInterval, ...]] = {}
    for codes, start in (
        (_FOUNDERS, VIES_START),
        (_ENLARGEMENT_1995, datetime.date(1995, 1, 1)),
        (_ENLARGEMENT_2004, datetime.date(2004, 5, 1)),
        (_ENLARGEMENT_2007, datetime.date(2007, 1, 1)),
        (("HR",), datetime.date(2013, 7, 1)),  # S72 [high]
        (("XI",), datetime.date(2021, 1, 1)),  # S70 [high]: Northern Ireland, goods
    ):
        for code in codes:
            table[code] = (MembershipInterval(start),)
    # S71 [high]: EU VAT law applied to the UK until the end of the transition period.
    table["GB"] = (MembershipInterval(VIES_START, datetime.date(2020, 12, 31)),)
    return MappingProxyType(table)


VIES_MEMBERSHIP: Mapping[str, tuple[MembershipInterval, ...]] = _build_membership()
"""VIES code → the date intervals during which it was a VIES member (read-only)."""

COUNTRY_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "GR": "EL",  # S67: Greece's VAT/VIES prefix is EL (VAT Directive Art. 215)
        "MC": "FR",  # S68: Monaco is treated as France (VAT Directive Art. 7(2))
        "IM": "GB",  # S68: the Isle of Man is treated as the UK (Art. 7(2))
    }
)
"""ISO 3166-1 alpha-2 code → the VIES code it is treated as."""

EXCLUDED_TERRITORIES: Mapping[str, str] = MappingProxyType(
    {
        # S69: VAT Directive Art. 6, French territories of TFEU Art. 349 / 355(1).
        "GP": "Guadeloupe (FR outermost region): outside the EU VAT area (VAT Directive Art. 6)",
        "GF": "French Guiana (FR outermost region): outside the EU VAT area (VAT Directive Art. 6)",
        "MQ": "Martinique (FR outermost region): outside the EU VAT area (VAT Directive Art. 6)",
        "RE": "Réunion (FR outermost region): outside the EU VAT area (VAT Directive Art. 6)",
        "YT": "Mayotte (FR outermost region): outside the EU VAT area (VAT Directive Art. 6)",
        "MF": "Saint-Martin (FR outermost region): outside the EU VAT area (VAT Directive Art. 6)",
        "AX": "Åland Islands (FI): outside the EU VAT area (VAT Directive Art. 6)",
        # IC and EA are ISO 3166-1 "exceptionally reserved" codes; accept them if given.
        "IC": "Canary Islands (ES): outside the EU VAT area (VAT Directive Art. 6)",
        "EA": "Ceuta and Melilla (ES): outside the EU VAT area and customs territory (VAT Directive Art. 6)",
        "JE": "Jersey (Channel Islands): outside the EU VAT area (VAT Directive Art. 6), never in VIES",
        "GG": "Guernsey (Channel Islands): outside the EU VAT area (VAT Directive Art. 6), never in VIES",
        # Not in S69's list; general knowledge [medium]: Gibraltar was excluded from the
        # EU VAT area while the UK was a member, and left the EU with the UK.
        "GI": "Gibraltar (UK): outside the EU VAT area, never in VIES",
        # Overseas countries and territories (TFEU Annex II) and Denmark's
        # self-governing territories are outside the EU altogether [medium].
        "FO": "Faroe Islands (DK): not part of the EU",
        "GL": "Greenland (DK): overseas country/territory, not part of the EU",
        "NC": "New Caledonia (FR): overseas country/territory, not part of the EU",
        "PF": "French Polynesia (FR): overseas country/territory, not part of the EU",
        "PM": "Saint-Pierre-et-Miquelon (FR): overseas country/territory, not part of the EU",
        "WF": "Wallis and Futuna (FR): overseas country/territory, not part of the EU",
        "BL": "Saint-Barthélemy (FR): overseas country/territory, not part of the EU VAT area",
        "TF": "French Southern and Antarctic Lands (FR): overseas territory, not part of the EU",
        "AW": "Aruba (NL kingdom): overseas country/territory, not part of the EU",
        "CW": "Curaçao (NL kingdom): overseas country/territory, not part of the EU",
        "SX": "Sint Maarten (NL kingdom): overseas country/territory, not part of the EU",
        "BQ": "Bonaire, Sint Eustatius and Saba (NL): overseas country/territory, not part of the EU",
    }
)
"""Notable ISO codes whose "parent" is (or was) a VIES member but which are not."""


class CustomerClass(enum.Enum):
    """How a customer's country is treated when a sales invoice is posted (S33)."""

    NATIONAL = "national"  # same country as the legislation → product/default sales account
    VIES = "vies"  # other VIES member on the date → intracommunityAccountId
    FOREIGN = "foreign"  # anything else → foreignAccountId


def to_vies_code(country: str) -> str:
    """Normalise an ISO 3166-1 alpha-2 or VIES code to its VIES form.

    Case-insensitive; surrounding whitespace is ignored. ``GR`` → ``EL`` (S67),
    ``MC`` → ``FR`` and ``IM`` → ``GB`` (S68, VAT Directive Art. 7(2)); ``EL`` and
    ``XI`` are already VIES codes. Every other code is returned upper-cased, even if
    it is not an assigned ISO code: being unknown is not an error here, it just
    means "not a member".

    Raises:
        TypeError: ``country`` is not a string.
        ValueError: ``country`` is not exactly two ASCII letters after stripping.
    """
    if not isinstance(country, str):
        raise TypeError(f"country code must be a str, not {type(country).__name__}")
    code = country.strip().upper()
    # isascii() first: str.isalpha() alone would accept e.g. "ÅÖ".
    if len(code) != 2 or not (code.isascii() and code.isalpha()):
        raise ValueError(f"country code must be two letters (ISO 3166-1 alpha-2 or VIES), got {country!r}")
    return COUNTRY_ALIASES.get(code, code)


def _check_date(on: datetime.date) -> None:
    # datetime is a subclass of date, but its calendar day depends on a time zone
    # we do not know, and comparing it with a date raises a confusing TypeError.
    if isinstance(on, datetime.datetime) or not isinstance(on, datetime.date):
        raise TypeError(f"'on' must be a datetime.date (the entry date), not {type(on).__name__}")


def is_vies_member(country: str, on: datetime.date) -> bool:
    """True when ``country`` is a VIES participant on the day ``on``.

    ``country`` is normalised with :func:`to_vies_code`, so ``GR``/``EL`` and
    ``MC``/``FR`` give the same answer. Nothing is a member before 1993-01-01.
    Excluded territories (:data:`EXCLUDED_TERRITORIES`) are never members.

    Raises:
        ValueError: ``country`` is malformed (see :func:`to_vies_code`).
        TypeError: ``on`` is not a ``datetime.date`` (or is a ``datetime``).
    """
    _check_date(on)
    intervals = VIES_MEMBERSHIP.get(to_vies_code(country), ())
    return any(interval.contains(on) for interval in intervals)


def vies_members(on: datetime.date) -> frozenset[str]:
    """The VIES codes (``EL``, not ``GR``; ``XI`` once applicable) that are members on ``on``."""
    _check_date(on)
    return frozenset(
        code for code, intervals in VIES_MEMBERSHIP.items() if any(i.contains(on) for i in intervals)
    )


def classify_customer(
    country: str | None, legislation_country: str, on: datetime.date
) -> CustomerClass | None:
    """Classify a customer for sales-account selection at posting (S33, PST001).

    Returns:
        ``None`` when ``country`` is ``None`` or blank: the country is unknown and
        the caller reports PST002 instead of guessing.
        :attr:`CustomerClass.NATIONAL` when the normalised country equals the
        normalised legislation country (so ``MC`` is national for an ``FR``
        organisation, ``GR`` for an ``EL`` one, ``IM`` for a ``GB`` one).
        :attr:`CustomerClass.VIES` when the country is a VIES member on ``on``.
        :attr:`CustomerClass.FOREIGN` otherwise (e.g. ``US``, ``RE``, ``GB`` from
        2021-01-01).

    Assumptions (S91, "VIES edge cases at posting"): that
    Sage's posting logic keys on ``countries.viesCode`` is an inference (certainty
    low, S28). ``XI`` is classified VIES from 2021-01-01 although it is goods-only
    in law (S70), because Sage's country table gives it a viesCode and an entry
    does not say goods or services. The equality test is on VIES codes only, so
    ``XI`` is *not* national for a ``GB`` legislation (Sage Active has no UK
    market; revisit if one appears).

    Raises:
        ValueError: ``country`` (when non-blank) or ``legislation_country`` is
        malformed.
        TypeError: ``on`` is not a ``datetime.date``.
    """
    # Validate the organisation side and the date even when the customer country
    # is unknown: a bad legislation code is a caller bug, not a missing datum.
    legislation = to_vies_code(legislation_country)
    _check_date(on)
    if country is None or not country.strip():
        return None
    code = to_vies_code(country)
    if code == legislation:
        return CustomerClass.NATIONAL
    if is_vies_member(code, on):
        return CustomerClass.VIES
    return CustomerClass.FOREIGN
