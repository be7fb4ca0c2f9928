"""The Impact page: the project's progress against the brochure's targets, and the results of published practices.

The charts are built here from the figures of the model layer (events/progress.py, practices/impact.py) with
secon_portal/charts.py; the home page shows the progress charts too (progress_charts()).
"""

from decimal import Decimal

from django.shortcuts import render
from django.utils.translation import gettext, ngettext

from events.models import EventType
from practices.impact import published_results
from regions.countries import Country, name_key
from regions.models import Partner
from secon_portal import formats
from secon_portal.charts import Bar, BarChart, Row, Series


def partner_countries(partners=None):
    """The partners' country codes, each once, by name in the active language. `partners`: Partner instances with
    their region; without them, one query."""
    if partners is None:
        codes = set(Partner.objects.values_list("region__country", flat=True))
    else:
        codes = {partner.region.country for partner in partners}
    return sorted(codes, key=lambda code: name_key(Country(code).label))


def progress_charts(countries):
    """The charts of the events against the targets (events/progress.py), in one query:
    `types` (every type with a target), `per_country` (a chart for each type with a target per partner country)
    and `hosts` (the other types per host country, or None)."""
    type_progress = [event_type.progress(countries) for event_type in EventType.objects.with_progress()]
    if not type_progress:
        return {"types": None, "per_country": [], "hosts": None}
    return {
        "types": event_type_chart(type_progress),
        "per_country": per_country_charts(type_progress),
        "hosts": host_country_chart(type_progress),
    }


def impact(request):
    indicators = published_results()
    results = [
        {
            "indicator": indicator,
            "label": indicator_label(indicator),
            "total": result_value(indicator.total, indicator.unit, indicator.is_share),
            "practices": formats.number(indicator.practices),
            "by_theme": split_chart(indicator, index, "theme"),
            "by_country": split_chart(indicator, index, "country"),
        }
        for index, indicator in enumerate(indicators, start=1)
    ]
    return render(
        request,
        "impact.html",
        {
            "progress": progress_charts(partner_countries()),
            "results_chart": results_overview_chart(indicators) if indicators else None,
            "results": results,
        },
    )


# --- the charts of the home page and the Impact page ------------------------------------------------------------


def progress_series():
    return (
        Series("held", gettext("Held")),
        Series("planned", gettext("Planned"), "hatch"),
        Series("cancelled", gettext("Cancelled"), "cross"),
    )


def progress_bars(progress):
    n = formats.number
    return (
        Bar(
            "held",
            progress.held,
            ngettext("%(count)s held", "%(count)s held", progress.held) % {"count": n(progress.held)},
        ),
        Bar(
            "planned",
            progress.planned,
            ngettext("%(count)s planned", "%(count)s planned", progress.planned) % {"count": n(progress.planned)},
        ),
        Bar(
            "cancelled",
            progress.cancelled,
            ngettext("%(count)s cancelled", "%(count)s cancelled", progress.cancelled)
            % {"count": n(progress.cancelled)},
        ),
    )


def target_note(target):
    return "" if target is None else gettext("target: %(target)s") % {"target": formats.number(target)}


def progress_cells(progress):
    n = formats.number
    return (
        "" if progress.target is None else n(progress.target),
        n(progress.held),
        n(progress.planned),
        n(progress.cancelled),
    )


def progress_columns():
    return (gettext("Target"), gettext("Held"), gettext("Planned"), gettext("Cancelled"))


def progress_chart(chart_id, title, rows, label_heading, description=None, per_row_scale=False):
    """A chart of events held, planned and cancelled against targets: `rows` are (label, Progress) pairs.

    `per_row_scale`: each row drawn against its own target (types whose targets differ: 63 meetings, 1 workshop),
    so that the target lines stand at the end of the bar area unless a row goes beyond its target; else one
    scale for all rows.
    """
    chart_rows = []
    for label, progress in rows:
        scale = (
            max(progress.target or 0, progress.held, progress.planned, progress.cancelled) if per_row_scale else None
        )
        chart_rows.append(
            Row(label, progress_bars(progress), target_note(progress.target), progress.target, scale=scale)
        )
    return BarChart(
        id=chart_id,
        title=title,
        description=description
        or gettext(
            "For each row, bars for the events held, planned and cancelled, and a dashed line at the target. "
            "The table gives the same figures."
        ),
        rows=chart_rows,
        series=progress_series(),
        label_heading=label_heading,
        columns=progress_columns(),
        table=[progress_cells(progress) for _, progress in rows],
        target_label=gettext("Target") if any(progress.target is not None for _, progress in rows) else "",
    )


def event_type_chart(type_progress, chart_id="chart-progress-types"):
    """The events of each type against the brochure's targets (each type against its own target)."""
    return progress_chart(
        chart_id,
        gettext("Events against the project's targets"),
        [(row.event_type.label, row.overall) for row in type_progress],
        gettext("Activity"),
        per_row_scale=True,
    )


def per_country_charts(type_progress):
    """For each type with a target per partner country: its events in each partner country."""
    return [
        progress_chart(
            f"chart-progress-{row.event_type.slug}",
            gettext("%(type)s: per partner country") % {"type": row.event_type.label},
            [(country.name, country.progress) for country in row.by_country],
            gettext("Country"),
        )
        for row in type_progress
        if row.per_partner_country and row.by_country
    ]


def host_country_chart(type_progress, chart_id="chart-progress-hosts"):
    """The other types' events per host country, against what the brochure plans in each."""
    rows = [
        (
            gettext("%(type)s in %(country)s") % {"type": row.event_type.label, "country": country.name}
            if country.code
            else gettext("%(type)s, country not given") % {"type": row.event_type.label},
            country.progress,
        )
        for row in type_progress
        if not row.per_partner_country
        for country in row.by_country
    ]
    if not rows:
        return None
    return progress_chart(chart_id, gettext("Events per host country"), rows, gettext("Activity and host country"))


def result_value(value, unit, is_share=False):
    """A result's figure as a reader of the active language writes it: "1,234 jobs", "€14,500,000", "81 %"."""
    if unit.strip().lower() in ("eur", "€", "euro", "euros"):
        return formats.eur(value)
    number = formats.number(round(Decimal(value), 1) if is_share else value)
    return f"{number}\u00a0{unit}" if unit else number


def indicator_label(indicator):
    """The indicator and its unit, "People reached (people)"; the indicator alone when the unit repeats it ("Jobs")."""
    if not indicator.unit or indicator.unit.lower() == indicator.indicator.lower():
        return indicator.indicator
    return f"{indicator.indicator} ({indicator.unit})"


def results_overview_chart(indicators):
    """The indicators reported by the most published practices: a bar for the number of practices of each."""
    rows = [
        Row(
            indicator_label(indicator),
            (
                Bar(
                    "practices",
                    indicator.practices,
                    ngettext("%(count)s practice", "%(count)s practices", indicator.practices)
                    % {"count": formats.number(indicator.practices)},
                ),
            ),
            lang="en",
        )
        for indicator in indicators
    ]
    return BarChart(
        id="chart-results",
        title=gettext("The results reported by the most practices"),
        description=gettext(
            "A bar for each result, as long as the number of published practices that report it. "
            "The table gives the same figures and the totals."
        ),
        rows=rows,
        series=(Series("practices", gettext("Practices")),),
        label_heading=gettext("Result"),
        columns=(gettext("Total"), gettext("Practices")),
        table=[
            (
                result_value(indicator.total, indicator.unit, indicator.is_share)
                + (" " + gettext("(average)") if indicator.is_share else ""),
                formats.number(indicator.practices),
            )
            for indicator in indicators
        ],
    )


def share_label(kind, share):
    if kind == "theme":
        return gettext(share.name) if share.key else gettext("No theme given")
    return Country(share.key).label if share.key else gettext("Location not given")


def split_chart(indicator, index, kind):
    """One indicator's totals by theme (`kind` "theme") or by country ("country")."""
    shares = indicator.by_theme if kind == "theme" else indicator.by_country
    name = indicator_label(indicator)
    rows = [
        Row(
            str(share_label(kind, share)),
            (Bar("total", share.total, result_value(share.total, indicator.unit, indicator.is_share)),),
        )
        for share in shares
    ]
    if kind == "theme":
        title = gettext("%(result)s by theme") % {"result": name}
    else:
        title = gettext("%(result)s by country") % {"result": name}
    return BarChart(
        id=f"chart-result-{index}-{kind}",
        title=title,
        description=gettext("A bar for each, as long as its total. The table gives the same figures."),
        rows=rows,
        series=(Series("total", gettext("Total")),),
        label_heading=gettext("Theme") if kind == "theme" else gettext("Country"),
        columns=(gettext("Average") if indicator.is_share else gettext("Total"), gettext("Practices")),
        table=[
            (result_value(share.total, indicator.unit, indicator.is_share), formats.number(share.practices))
            for share in shares
        ],
    )
