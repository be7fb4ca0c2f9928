"""The NUTS 2024 boundaries as SVG paths, decoded once per process.

The source is `regions/data/nuts2024/all.json` (see its README): Eurostat's NUTS 2024 regions of levels 0 to 3
and the countries around them, at 1:60 million, as quantized TopoJSON in EPSG:3035 (ETRS89 / LAEA Europe,
metres). Decoding it takes a fraction of a second; `shapes()` and `land()` do it once per process
(functools.cache), so that drawing a map only picks shapes and writes their ready path strings.

SVG user units are kilometres, measured east from the west edge of the data and south from its north edge
(SVG's y axis points down, the northing up). Points are rounded to 0.1 km (the data's own grid is about
0.3 km), points that fall together are dropped, and each ring is written with relative moves:
`M x y l dx dy … z`. The 289 NUTS 2 regions take about 60 kB of path data, the 1,333 NUTS 3 regions about 120 kB.

In the NUTS codes the first two letters are the country (EL for Greece), and the length gives the level:
DE (0), DE1 (1), DE12 (2), DE128 (3). This module reads the codes of Eurostat's file that way; the portal's
Region model keeps its own parent chain for everything else.
"""

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "nuts2024" / "all.json"
LEVELS = (0, 1, 2, 3)
METRES_PER_UNIT = 1000  # SVG user units are kilometres
TENTHS = 10  # coordinates are written to 0.1 unit
# Parts of a country (islands) farther than this from the rest (km) do not widen its map: the Canary Islands
# would otherwise turn the map of Spain into a map of the Atlantic. They are still drawn when they fall inside.
NEAR = 350


@dataclass(frozen=True)
class Box:
    """A rectangle in SVG units."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self):
        return self.x1 - self.x0

    @property
    def height(self):
        return self.y1 - self.y0

    def union(self, other):
        if other is None:
            return self
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))

    def intersects(self, other):
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def contains(self, other):
        return self.x0 <= other.x0 and self.y0 <= other.y0 and other.x1 <= self.x1 and other.y1 <= self.y1

    def distance(self, other):
        """The gap between the two rectangles (0 when they touch or overlap)."""
        dx = max(other.x0 - self.x1, self.x0 - other.x1, 0)
        dy = max(other.y0 - self.y1, self.y0 - other.y1, 0)
        return math.hypot(dx, dy)

    def padded(self, share=0.04, least=20):
        """The rectangle with a margin of `share` of its larger side (at least `least` km) all round."""
        margin = max(max(self.width, self.height) * share, least)
        return Box(self.x0 - margin, self.y0 - margin, self.x1 + margin, self.y1 + margin)

    def framed(self, narrowest=1.0, widest=2.0):
        """The rectangle grown about its centre until its width is `narrowest` to `widest` times its height (a
        map no taller than wide, nor flatter than 2:1), in whole kilometres."""
        width, height = self.width, self.height
        if width < height * narrowest:
            width = height * narrowest
        elif width > height * widest:
            height = width / widest
        cx, cy = (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2
        return Box(
            math.floor(cx - width / 2),
            math.floor(cy - height / 2),
            math.ceil(cx + width / 2),
            math.ceil(cy + height / 2),
        )

    @property
    def view_box(self):
        """The value of an SVG viewBox attribute: "x y width height", in whole kilometres."""
        x0, y0 = math.floor(self.x0), math.floor(self.y0)
        return f"{x0} {y0} {math.ceil(self.x1) - x0} {math.ceil(self.y1) - y0}"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: each is decoded once
class Shape:
    """A region (or a country) ready to draw."""

    code: str
    name: str  # Eurostat's name in Latin script, trimmed
    level: int  # 0 to 3; None for the countries of the background
    path: str  # the d attribute of an SVG path
    box: Box  # all of it
    main_box: Box  # its main body, without the parts far away from it (see NEAR)
    centre: tuple  # (x, y) of the centroid of its largest part
    rings: tuple = field(default=(), repr=False)  # its rings as points in tenths of a unit, for clipping

    @property
    def country(self):
        return self.code[:2]


@functools.cache
def _topology():
    with DATA.open(encoding="utf-8") as file:
        return json.load(file)


@functools.cache
def _arcs():
    """Every arc as a list of (x, y) in tenths of a unit (integers)."""
    topology = _topology()
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    west, north = topology["bbox"][0], topology["bbox"][3]
    factor = TENTHS / METRES_PER_UNIT
    arcs = []
    for arc in topology["arcs"]:
        qx = qy = 0
        points = []
        for dx, dy in arc:
            qx, qy = qx + dx, qy + dy
            points.append(
                (
                    round((qx * scale_x + translate_x - west) * factor),
                    round((north - (qy * scale_y + translate_y)) * factor),
                )
            )
        arcs.append(points)
    return arcs


def _ring(indices):
    """The points of a ring of arcs (a negative index ~i is arc i reversed), without repeated points."""
    arcs = _arcs()
    points = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        for point in arc[1:] if points else arc:
            if not points or points[-1] != point:
                points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def _number(tenths):
    whole, fraction = divmod(abs(tenths), TENTHS)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def _ring_path(points):
    x, y = points[0]
    moves = [f"M{_number(x)} {_number(y)}l"]
    for px, py in points[1:]:
        moves.append(f"{_number(px - x)} {_number(py - y)}")
        x, y = px, py
    return " ".join(moves) + "z"


def _area_and_centroid(points):
    """Signed area (tenths squared) and centroid of a ring, by the shoelace formula."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        xs, ys = [x for x, _ in points], [y for _, y in points]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return area / 2, (cx / (3 * area), cy / (3 * area))


def _box(points):
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Box(min(xs) / TENTHS, min(ys) / TENTHS, max(xs) / TENTHS, max(ys) / TENTHS)


def _shape(geometry, level):
    polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"])
    rings, parts = [], []  # parts: (area, box, centroid) of each polygon's outer ring
    for polygon in polygons or []:
        polygon_rings = [points for points in (_ring(indices) for indices in polygon) if len(points) >= 3]
        if not polygon_rings:
            continue
        rings += polygon_rings
        area, centroid = _area_and_centroid(polygon_rings[0])
        parts.append((abs(area), _box(polygon_rings[0]), centroid))
    if not parts:
        return None
    parts.sort(key=lambda part: -part[0])
    main = parts[0][1]
    grown = True
    while grown:  # the main body: the largest part, and every part near it, or near one already taken
        grown = False
        for _area, box, _centroid in parts:
            if main.union(box) != main and main.distance(box) <= NEAR:
                main, grown = main.union(box), True
    whole = parts[0][1]
    for _area, box, _centroid in parts[1:]:
        whole = whole.union(box)
    properties = geometry["properties"]
    cx, cy = parts[0][2]
    return Shape(
        code=properties["id"],
        name=" ".join(properties.get("na", "").split()),
        level=level,
        path="".join(_ring_path(points) for points in rings),
        rings=tuple(tuple(points) for points in rings),
        box=whole,
        main_box=main,
        centre=(round(cx / TENTHS, 1), round(cy / TENTHS, 1)),
    )


def _shapes_of(object_name, level):
    shapes = {}
    for geometry in _topology()["objects"][object_name]["geometries"]:
        shape = _shape(geometry, level)
        if shape is not None:
            shapes[shape.code] = shape
    return shapes


@functools.cache
def shapes(level):
    """{code: Shape} of the NUTS regions of `level` (0: the countries of the NUTS, 1 to 3: their regions)."""
    if level not in LEVELS:
        raise ValueError(f"NUTS levels are 0 to 3, not {level!r}")
    return _shapes_of(f"nutsrg{level}", level)


@functools.cache
def _countries():
    return list(_shapes_of("cntrg", None).values())


def _clip_ring(points, box):
    """A ring (points in tenths) cut to `box` (in units), by Sutherland and Hodgman's algorithm."""
    x0, y0, x1, y1 = (value * TENTHS for value in (box.x0, box.y0, box.x1, box.y1))
    edges = (
        (lambda p: p[0] >= x0, lambda p, q: (x0, p[1] + (q[1] - p[1]) * (x0 - p[0]) / (q[0] - p[0]))),
        (lambda p: p[0] <= x1, lambda p, q: (x1, p[1] + (q[1] - p[1]) * (x1 - p[0]) / (q[0] - p[0]))),
        (lambda p: p[1] >= y0, lambda p, q: (p[0] + (q[0] - p[0]) * (y0 - p[1]) / (q[1] - p[1]), y0)),
        (lambda p: p[1] <= y1, lambda p, q: (p[0] + (q[0] - p[0]) * (y1 - p[1]) / (q[1] - p[1]), y1)),
    )
    for inside, crossing in edges:
        kept = []
        for i, point in enumerate(points):
            previous = points[i - 1]
            if inside(point):
                if not inside(previous):
                    kept.append(crossing(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(crossing(previous, point))
        points = kept
        if not points:
            return []
    clipped = []
    for x, y in points:
        point = (round(x), round(y))
        if not clipped or clipped[-1] != point:
            clipped.append(point)
    if len(clipped) > 1 and clipped[0] == clipped[-1]:
        clipped.pop()
    return clipped


@functools.lru_cache(maxsize=4096)
def path_within(shape, box):
    """The path of `shape` cut to `box`: a map's paths then end where the map does (its viewBox), as does what
    a browser reports of their size."""
    if box.contains(shape.box):
        return shape.path
    rings = (_clip_ring(points, box) for points in shape.rings)
    return "".join(_ring_path(points) for points in rings if len(points) >= 3)


def _edge(box):
    """`box` and a hair more: a cut edge is drawn outside the map, where it does not show."""
    margin = box.width / 400
    return Box(box.x0 - margin, box.y0 - margin, box.x1 + margin, box.y1 + margin)


@functools.lru_cache(maxsize=256)
def land(box):
    """One path of every country (NUTS or not) within `box`: the background of a map."""
    box = _edge(box)
    return "".join(path_within(shape, box) for shape in _countries() if shape.box.intersects(box))


@functools.lru_cache(maxsize=256)
def nuts_countries(box):
    """One path of the NUTS countries (level 0) within `box`, to set them apart from their neighbours."""
    box = _edge(box)
    return "".join(path_within(shape, box) for shape in shapes(0).values() if shape.box.intersects(box))


def clipped(shape, box):
    """The path of `shape` on a map of `box`."""
    return path_within(shape, _edge(box))


@functools.cache
def extent():
    """The whole area of the data: Europe from the Canary Islands to Cyprus and from Iceland to Malta."""
    west, south, east, north = _topology()["bbox"]
    return Box(0, 0, (east - west) / METRES_PER_UNIT, (north - south) / METRES_PER_UNIT)


@functools.cache
def europe():
    """The main bodies of all the NUTS countries (see NEAR): the map of Europe, without the Canary Islands."""
    box = None
    for country in shapes(0).values():
        box = country.main_box.union(box)
    return box


def shape(code):
    """The Shape of a NUTS code, or None when the data has no such region (the UK's, say)."""
    level = len(code) - 2
    return shapes(level).get(code) if level in LEVELS else None


def regions_of(country, level):
    """The Shapes of the regions of `level` in `country`, by code."""
    return [shape for code, shape in sorted(shapes(level).items()) if shape.country == country]


def country_box(country):
    """The main body of a country (see NEAR), or None when the data does not have it."""
    found = shapes(0).get(country)
    return found.main_box if found else None
