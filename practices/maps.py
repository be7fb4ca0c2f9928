"""Maps of the practices: which regions a map shows, at which NUTS level, and how each is coloured.

The shapes come ready from regions/geometry.py (decoded once per process); a map here only picks
shapes, counts and colours, and the template `includes/map_svg.html` writes the SVG.

Which NUTS level the map of a search (/practices/map/) shows:
- no country and no region chosen: Europe, at NUTS 2 (the 1,333 NUTS 3 regions are too small to see
  or to click on a map of Europe);
- one country chosen (?country=PL): that country, zoomed to its main body (islands far away, such as
  the Canary Islands, do not widen the view), at NUTS 3;
- several countries: those countries at NUTS 2;
- a region chosen (?region=EL65): the region's country, at the level below the region (NUTS 3 at
  most), with the chosen region outlined; with several regions, the level below the largest one.
Where practices are located in a larger region itself (a partner region of NUTS 1 or 2, say: Mazowieckie,
PL9, on a map at NUTS 2), that region is drawn whole instead of its parts, and the caption says so: every
practice of the countries shown is then on the map. Regions far from the rest of their country (the
Canary Islands) are drawn in an inset in the lower left corner. A country without regions at the level
in Eurostat's file (Ukraine has only level 0) is drawn at the deepest level it has; a country the file
does not have (the UK) gives the map of Europe.

Each region is coloured by the published practices that match every filter of the search but the
region (as a facet's counts are: the count of a region is what the visitor gets by choosing it), in
up to five classes; 0 has no colour. A region with practices links to the list with the same search and
that region instead of the regions chosen. The counts are the list's facet counts (practices.facet_counts):
an AND and a bit count per region shown, whatever the number of practices.

The home page shows the partner regions on a map of Europe, and a region's page the region within its
country; neither needs a query of its own.
"""

import bisect
import math
from collections import Counter
from dataclasses import dataclass, field

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import ngettext

from practices.facet_counts import FacetCounts, facet_counts
from regions import geometry
from regions.countries import Country, name_key
from regions.models import Region

EUROPE_LEVEL = 2
DEEPEST_LEVEL = 3
CLASSES = 5
# The colour classes (map-c1 … map-c5 in static/css/maps.css) used when there are fewer than five.
SPREAD = {1: (4,), 2: (2, 4), 3: (1, 3, 5), 4: (1, 2, 4, 5), 5: (1, 2, 3, 4, 5)}
# Round numbers that class bounds are rounded up to, per power of ten.
ROUND = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8)

# -- what the template draws -----------------------------------------------------------------------------------


@dataclass
class Area:
    """A region on a map: its shape, its title (name, code, count) and its colour class; a link when `href`."""

    code: str
    title: str
    path: str
    css: str = "map-c0"
    href: str = ""
    name: str = ""
    count: int = 0
    country: str = ""  # the country's name, where a table needs it


@dataclass
class Marker:
    """A ring drawn around a region too small to see at the map's scale; its centre and radius as SVG writes
    them (strings: a template would write a float with the reader's decimal comma)."""

    x: str
    y: str
    r: str


@dataclass
class Inset:
    """Regions drawn away from where they are, in a frame (x, y, width, height); `transform` moves them there."""

    transform: str
    x: str
    y: str
    width: str
    height: str
    areas: list = field(default_factory=list)


@dataclass
class LegendItem:
    css: str
    label: str


@dataclass
class Map:
    view_box: str
    areas: list
    land: str = ""  # the countries within the map (NUTS or not), behind everything
    base: str = ""  # a path drawn over the land without a title, such as the NUTS countries
    outlines: list = field(default_factory=list)  # paths drawn over the areas, e.g. the chosen regions
    markers: list = field(default_factory=list)
    insets: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    interactive: bool = True
    level: int = EUROPE_LEVEL


# -- colour classes ---------------------------------------------------------------------------------------------


def _round_up(value):
    """The smallest round number (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 25, 30, 40…) at least `value`."""
    power = 10 ** math.floor(math.log10(max(value, 1)))
    return next((round(step * power) for step in ROUND if round(step * power) >= value), 10 * power)


def class_bounds(highest):
    """The lower bounds of up to five classes of counts from 1 to `highest`, growing geometrically."""
    if highest <= CLASSES:
        return list(range(1, highest + 1))
    bounds = [1]
    for i in range(1, CLASSES):
        bound = _round_up(highest ** (i / CLASSES))
        if bounds[-1] < bound <= highest:
            bounds.append(bound)
    return bounds


@dataclass(frozen=True)
class ColourClasses:
    """The CSS class of each count (`classes[count]`): map-c0 for 0, else the class whose lower bound it reaches."""

    bounds: list  # the lower bounds of the classes, ascending
    colours: tuple  # the colour of each class

    def __getitem__(self, count):
        if count <= 0:
            return "map-c0"
        return f"map-c{self.colours[bisect.bisect_right(self.bounds, count) - 1]}"


def colour_classes(counts):
    """(ColourClasses, legend) for the counts of a map: 0 has no colour, the others up to five classes."""
    bounds = class_bounds(max(counts, default=0))
    colours = SPREAD.get(len(bounds), ())
    legend = [LegendItem("map-c0", "0")]
    for i, (low, colour) in enumerate(zip(bounds, colours, strict=True)):
        high = bounds[i + 1] - 1 if i + 1 < len(bounds) else max(counts)
        legend.append(LegendItem(f"map-c{colour}", str(low) if low == high else f"{low}–{high}"))
    return ColourClasses(bounds, colours), legend


def practices_label(count):
    return ngettext("%(count)d practice", "%(count)d practices", count) % {"count": count}


# -- the map of a search ----------------------------------------------------------------------------------------


@dataclass
class View:
    level: int
    countries: list  # the countries shown (their codes); empty: Europe
    box: geometry.Box
    chosen: list  # the Shapes of the chosen regions


def choose_view(countries, regions):
    """What the map of a search with these chosen countries and regions (codes) shows; see the module's docstring."""
    chosen = [shape for code in regions if (shape := geometry.shape(code))]
    known = geometry.shapes(0)
    in_view = sorted({*countries, *(shape.country for shape in chosen)} & known.keys())
    if not in_view:
        return View(EUROPE_LEVEL, [], geometry.europe().padded(share=0.02).framed(), [])
    if chosen:
        level = min(DEEPEST_LEVEL, min(shape.level for shape in chosen) + 1)
    else:
        level = DEEPEST_LEVEL if len(in_view) == 1 else EUROPE_LEVEL
    box = None
    for shape in chosen:
        box = shape.box.union(box)
    for country in in_view:
        box = geometry.country_box(country).union(box)
    return View(level, in_view, box.padded().framed(), chosen)


def shapes_in(view):
    """The shapes of the regions of the view: for each country those of the view's level, or of the deepest
    level it has above it."""
    if not view.countries:
        return list(geometry.shapes(view.level).values())
    shapes = []
    for country in view.countries:
        for level in range(view.level, -1, -1):
            if found := geometry.regions_of(country, level):
                shapes += found
                break
    return shapes


def larger_shapes(shapes):
    """The regions of levels 1 and up that hold `shapes` (regions of one level per country), largest first."""
    larger = {}
    for shape in shapes:
        for level in range(shape.level - 1, 0, -1):
            if (found := geometry.shape(shape.code[: 2 + level])) is not None:
                larger[found.code] = found
    return sorted(larger.values(), key=lambda shape: (shape.level, shape.code))


def inset(shapes, view):
    """The regions of the view's countries that lie outside it (the Canary Islands, on a map of Europe or of
    Spain), moved into a framed box in its lower left corner; None when there are none."""
    box = None
    for shape in shapes:
        box = shape.box.union(box)
    if box is None or box.width > view.width / 4 or box.height > view.height / 4:
        return None
    scale = min(max(view.width / 8 / box.width, 1), 3)  # big enough to see, at most three times its size
    frame = box.padded(share=0.1, least=5)
    gap = view.width / 60
    dx, dy = view.x0 + gap - frame.x0 * scale, view.y1 - gap - frame.y1 * scale
    return Inset(
        f"translate({dx:.1f} {dy:.1f}) scale({scale:.2f})",
        *(f"{value:.1f}" for value in (frame.x0, frame.y0, frame.width, frame.height)),
    )


@dataclass
class PracticeMap:
    map: Map
    rows: list  # the regions with practices, most first: the table
    whole: list  # the names of the larger regions drawn whole, as they hold practices of their own
    counts: FacetCounts  # the search's facet counts, with the regions drawn counted too
    chosen: list  # the chosen regions' names, outlined
    place: str = ""  # the countries shown, by name; empty for Europe


def practice_map(search, text_ids=None):
    """The map of a search (a bound PracticeFilterSet); `text_ids`: the ids of the practices matching its text."""
    selection = search.selection
    view = choose_view(selection.get("country", []), selection.get("region", []))
    shapes = shapes_in(view)
    larger = larger_shapes(shapes)
    # The list's facet counts, with these regions counted too: every filter but the region, in each region.
    facets = facet_counts(selection, text_ids, also_count={"region": [shape.code for shape in shapes + larger]})
    counts = {**{shape.code: facets.count("region", shape.code) for shape in shapes + larger}, "": facets.total}
    # A larger region that holds practices of its own (located in it, not in one of its parts: a partner region
    # of NUTS 1 or 2, say) is drawn whole instead of its parts, so that every practice is on the map.
    in_parts = Counter()  # a region's practices located in its parts one level down (a NUTS code less its last sign)
    for code, count in counts.items():
        if code:
            in_parts[code[:-1]] += count
    whole = {}
    for shape in larger:  # largest first
        own = counts.get(shape.code, 0) - in_parts[shape.code]
        if own > 0 and not any(shape.code.startswith(code) for code in whole):
            whole[shape.code] = shape
    if whole:
        shapes = [shape for shape in shapes if not any(shape.code.startswith(code) for code in whole)]
        shapes += whole.values()
    names = {
        region.code: region.display_name
        for region in Region.objects.filter(code__in=[shape.code for shape in shapes]).only(*Region.NAME_FIELDS)
    }
    css, legend = colour_classes([counts.get(shape.code, 0) for shape in shapes])
    query = QueryDict(search.query_string(), mutable=True)
    list_url = reverse("practices:practice-list")

    areas, outside, rows = [], [], []
    for shape in shapes:
        name, count = names.get(shape.code) or shape.name, counts.get(shape.code, 0)
        shown = shape.box.intersects(view.box)
        path = geometry.clipped(shape, view.box) if shown else shape.path  # in an inset, whole
        found = Area(shape.code, f"{name} ({shape.code}): {practices_label(count)}", path, css[count])
        found.name, found.count = name, count
        if count:
            query.setlist("region", [shape.code])
            found.href = f"{list_url}?{query.urlencode()}"
        (areas if shown else outside).append(found)
        if found.count:
            rows.append(found)
    rows.sort(key=lambda area: (-area.count, name_key(area.name)))
    the_map = Map(
        view.box.view_box,
        areas,
        land=geometry.land(view.box),
        outlines=[geometry.clipped(shape, view.box) for shape in view.chosen],
        legend=legend,
        level=view.level,
    )
    far = [shape for shape in shapes if not shape.box.intersects(view.box)]
    if outside and (moved := inset(far, view.box)):
        moved.areas = outside
        the_map.insets.append(moved)
    chosen = [f"{names.get(shape.code) or shape.name} ({shape.code})" for shape in view.chosen]
    drawn_whole = [f"{names.get(code) or shape.name} ({code})" for code, shape in sorted(whole.items())]
    place = ", ".join(str(Country(code).label) for code in view.countries if code in Country.values)
    return PracticeMap(the_map, rows, drawn_whole, facets, chosen, place)


# -- the partner regions (home page) and a region within its country (region page) ----------------------------------


def _marker(shape, box, least=0.02):
    """A ring around `shape` when it is smaller than `least` of the map's width, or None."""
    if max(shape.box.width, shape.box.height) >= least * box.width:
        return None
    x, y = shape.centre
    radius = max(box.width * 0.015, max(shape.box.width, shape.box.height) * 0.9)
    return Marker(f"{x:.1f}", f"{y:.1f}", f"{radius:.1f}")


def partner_map(partners):
    """The partner regions on a map of Europe, each linking to its page; `partners` with their `region` and
    `published_in_region` (the home view's list: no query here)."""
    areas, markers, box = [], [], None
    seen = set()
    for partner in partners:
        region = partner.region
        shape = geometry.shape(region.code)
        if shape is None or region.code in seen:
            continue
        seen.add(region.code)
        count = getattr(partner, "published_in_region", 0)
        title = f"{region.display_name} ({region.code}): {practices_label(count)}"
        area = Area(region.code, title, shape.path, "map-here", region.get_absolute_url(), region.display_name, count)
        area.country = region.country_name
        areas.append(area)
        box = shape.box.union(box)
    if not areas:
        return None
    areas.sort(key=lambda area: name_key(area.name))
    box = box.padded(share=0.1).framed()
    for area in areas:
        if marker := _marker(geometry.shape(area.code), box, least=0.03):
            markers.append(marker)
    return Map(box.view_box, areas, land=geometry.land(box), base=geometry.nuts_countries(box), markers=markers)


def region_map(region):
    """`region` filled among the regions of its level in its country; None when the boundaries lack it."""
    shape = geometry.shape(region.code)
    if shape is None:
        return None
    box = shape.box.union(geometry.country_box(shape.country)).padded().framed()
    areas = []
    for other in geometry.regions_of(shape.country, shape.level):
        if other.code == shape.code:
            continue
        if other.box.intersects(box):
            areas.append(Area(other.code, f"{other.name} ({other.code})", geometry.clipped(other, box)))
    title = f"{region.display_name} ({region.code})"
    areas.append(Area(shape.code, title, geometry.clipped(shape, box), "map-here"))
    marker = _marker(shape, box, least=0.08)
    return Map(
        box.view_box,
        areas,
        land=geometry.land(box),
        markers=[marker] if marker else [],
        interactive=False,
        level=shape.level,
    )
