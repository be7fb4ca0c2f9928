"""What the published practices achieved: their structured results (PracticeResult) added up by indicator and unit,
and each indicator's split by theme and by country, for the Impact page.

- **Grouping.** Indicators and units are free text: results are grouped by indicator and unit compared without
  case and without the spaces around them (lower(trim()): "Jobs created", " jobs CREATED "), and each group is
  named by its most frequent spelling (trimmed). Spaces inside are compared as they are: collapsing them with a
  regular expression made the grouping half as slow again at 100,000 practices. The same indicator in two units
  ("EUR", "people") makes two groups: their values cannot be added.
- **Totals.** A group's total is the sum of its values; for a share ("%") it is their average, since shares of
  different practices do not add up. A practice with two themes counts in both themes' figures.
- **Which indicators.** The `TOP_INDICATORS` reported by the most published practices (then by the most results).
- **Cost.** Two queries whatever the number of practices: one GROUP BY for the groups, one for the split of the
  top groups by theme and by country (a UNION ALL of two GROUP BYs). At 100,000 practices with 300,000 results
  they take one to three seconds together, hence the cache: `published_results()` keeps the result under the
  page cache's data version, which moves on at every change of a practice, so it is computed again only after
  one. With the page cache off (no Redis, or PAGE_CACHE_SECONDS=0) the data version never moves, so the result
  is kept `UNVERSIONED_SECONDS` only.
- **No visitor waits for it.** Once computed, the last result is also kept as the latest one. When the data has
  moved on, visitors read that latest result while one job (`refresh_published_results`, run by the worker)
  computes the new one; only the very first visitor of an empty cache computes it in the request.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Aggregate, CharField, Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, Lower, Trim
from django_tasks import task

from practices.models import PracticeResult, State
from secon_portal import page_cache
from secon_portal.unavailable import CACHE_ERRORS, log_outage

TOP_INDICATORS = 8
CACHE_KEY = "impact:published-results:v1"
VERSIONED_SECONDS = 24 * 60 * 60  # the version changes with the data; this only lets unused entries expire
UNVERSIONED_SECONDS = 60
REFRESH_SECONDS = 10 * 60  # a refresh asked for is not asked for again for so long, should the worker be away
# Units whose values are shares: their average is shown, not their sum (compared as the grouping compares them).
SHARE_UNITS = {"%", "percent", "per cent", "percentage", "pct"}


@dataclass(frozen=True)
class Share:
    """One theme's or one country's part of an indicator: `key` is the theme's slug or the country's NUTS code
    ("" for practices without a theme or a region); `name` the theme's English name (translated on display)."""

    key: str
    name: str
    total: Decimal
    practices: int


@dataclass(frozen=True)
class IndicatorResult:
    """The results of the published practices for one indicator in one unit."""

    indicator: str  # the most frequent spelling
    unit: str  # the most frequent spelling; may be ""
    total: Decimal  # the sum of the values, or their average when `is_share`
    practices: int  # how many published practices report it
    results: int  # how many results (a practice may report the indicator for several years)
    is_share: bool
    by_theme: tuple[Share, ...] = ()  # in the themes' order
    by_country: tuple[Share, ...] = ()  # largest first


class Mode(Aggregate):
    """PostgreSQL's mode(): the most frequent value (the first in sort order among equally frequent ones)."""

    function = "mode"
    template = "%(function)s() WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = CharField()


def published_results_queryset():
    """The results of published practices, each with `indicator_key` and `unit_key`, the values they group by."""
    return PracticeResult.objects.filter(practice__state=State.PUBLISHED).annotate(
        indicator_key=Lower(Trim("indicator")), unit_key=Lower(Trim("unit"))
    )


def _total(row, is_share):
    return row["average"] if is_share else row["total"]


def compute_published_results(limit=TOP_INDICATORS):
    """The top `limit` indicators of the published practices with their split by theme and by country (two queries,
    not cached; see published_results())."""
    groups = list(
        published_results_queryset()
        .values("indicator_key", "unit_key")
        .annotate(
            indicator=Mode(Trim("indicator")),
            unit=Mode(Trim("unit")),
            total=Sum("value"),
            average=Sum("value") / Count("value"),
            practices=Count("practice", distinct=True),
            results=Count("pk"),
        )
        .order_by("-practices", "-results", "indicator_key", "unit_key")[:limit]
    )
    if not groups:
        return []
    keys = [(group["indicator_key"], group["unit_key"]) for group in groups]
    top = published_results_queryset().filter(
        Q.create([Q(indicator_key=indicator, unit_key=unit) for indicator, unit in keys], connector=Q.OR)
    )
    split = ("indicator_key", "unit_key", "kind", "key", "name", "position")
    figures = {
        "total": Sum("value"),
        "average": Sum("value") / Count("value"),
        "practices": Count("practice", distinct=True),
    }
    by_theme = top.values(
        "indicator_key",
        "unit_key",
        kind=Value("theme"),
        key=Coalesce(F("practice__themes__slug"), Value("")),
        name=Coalesce(F("practice__themes__name"), Value("")),
        position=Coalesce(F("practice__themes__order"), Value(32767), output_field=IntegerField()),
    ).annotate(**figures)
    by_country = top.values(
        "indicator_key",
        "unit_key",
        kind=Value("country"),
        key=Coalesce(F("practice__region__country"), Value("")),
        name=Value(""),
        position=Value(0, output_field=IntegerField()),
    ).annotate(**figures)
    shares = {key: {"theme": [], "country": []} for key in keys}
    for row in by_theme.union(by_country, all=True).order_by(*split):
        key = (row["indicator_key"], row["unit_key"])
        shares[key][row["kind"]].append(row)

    indicators = []
    for group in groups:
        key = (group["indicator_key"], group["unit_key"])
        is_share = group["unit_key"] in SHARE_UNITS

        def share(row, is_share=is_share):
            return Share(row["key"], row["name"], _total(row, is_share), row["practices"])

        themes = sorted(shares[key]["theme"], key=lambda row: (row["position"], row["name"]))
        countries = sorted(shares[key]["country"], key=lambda row: (-_total(row, is_share), not row["key"], row["key"]))
        indicators.append(
            IndicatorResult(
                indicator=group["indicator"],
                unit=group["unit"],
                total=_total(group, is_share),
                practices=group["practices"],
                results=group["results"],
                is_share=is_share,
                by_theme=tuple(share(row) for row in themes),
                by_country=tuple(share(row) for row in countries),
            )
        )
    return indicators


def _cache_key(limit):
    """The key of the result for the data as it is now, and how long to keep it."""
    if page_cache.enabled():
        return f"{CACHE_KEY}:{page_cache.data_version()}:{limit}", VERSIONED_SECONDS
    return f"{CACHE_KEY}:unversioned:{limit}", UNVERSIONED_SECONDS


def _keep(limit):
    """Compute the result and keep it, for the data as it is now and as the latest one."""
    key, timeout = _cache_key(limit)
    indicators = compute_published_results(limit)
    cache.set(key, indicators, timeout)
    cache.set(f"{CACHE_KEY}:latest:{limit}", indicators, VERSIONED_SECONDS)
    return indicators


@task
def refresh_published_results(limit=TOP_INDICATORS):
    """The worker's job: compute the result for the data as it is now."""
    _keep(limit)


def published_results(limit=TOP_INDICATORS):
    """compute_published_results(), from the cache while no practice has changed since it was computed; after a
    change, the latest result while the worker computes the new one (asked for once per change).

    With Redis out of reach, computed in the request and not kept (a warning is logged): the page stays right,
    only slower, for as long as the outage lasts."""
    try:
        return _cached_results(limit)
    except CACHE_ERRORS as error:
        log_outage("The impact figures could not be read from the cache", error)
        return compute_published_results(limit)


def _cached_results(limit):
    key, _timeout = _cache_key(limit)
    indicators = cache.get(key)
    if indicators is not None:
        return indicators
    latest = cache.get(f"{CACHE_KEY}:latest:{limit}")
    if latest is None:
        return _keep(limit)
    if cache.add(f"{key}:refreshing", True, REFRESH_SECONDS):
        refresh_published_results.enqueue(limit)
    return latest
