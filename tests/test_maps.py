"""The NUTS boundaries as SVG paths (regions/geometry.py) and the colour classes of the maps (practices/maps.py)."""

import hashlib
import re

import pytest

from practices import maps
from regions import geometry

PATH = re.compile(r"(M-?\d+(\.\d)? -?\d+(\.\d)?l( -?\d+(\.\d)? -?\d+(\.\d)?)+z)+")


def test_the_boundaries_are_eurostats_file_unchanged():
    """The copy in the project is the one its README names (CI has no ../shared)."""
    digest = hashlib.sha256(geometry.DATA.read_bytes()).hexdigest()
    assert digest == "ae8ce78a8ca16bc95bb14175efac1bf8f337a1ee0411d0864bcf39897a54548c"
    assert digest in (geometry.DATA.parent / "README.md").read_text()


def test_every_region_of_every_level_is_decoded():
    assert [len(geometry.shapes(level)) for level in geometry.LEVELS] == [38, 111, 289, 1333]
    assert geometry.shape("EL65").name == "Peloponnisos"
    assert geometry.shape("PL9").name == "Makroregion województwo mazowieckie"
    assert geometry.shape("BG422").level == 3
    assert geometry.shape("UKI31") is None  # the UK is not in the NUTS 2024 file
    assert geometry.shape("XYZ") is None


def test_names_are_trimmed():
    """Some of Eurostat's names end with a space, or hold two."""
    names = [shape.name for level in geometry.LEVELS for shape in geometry.shapes(level).values()]
    assert all(name == " ".join(name.split()) for name in names)
    assert geometry.shape("FRD11").name == "Calvados"


def test_paths_are_relative_moves_rounded_to_a_tenth_without_repeated_points():
    for level in geometry.LEVELS:
        for shape in geometry.shapes(level).values():
            assert PATH.fullmatch(shape.path), shape.code
            for ring in shape.path.split("z")[:-1]:
                numbers = ring.split("l")[1].split()
                moves = list(zip(numbers[::2], numbers[1::2], strict=True))
                assert ("0", "0") not in moves, shape.code


def test_a_region_with_a_hole_keeps_it():
    """The Rhein-Neckar-Kreis surrounds Heidelberg: its path has two rings (drawn with fill-rule evenodd)."""
    assert geometry.shape("DE128").path.count("M") == 2


def test_coordinates_are_kilometres_from_the_north_west_corner():
    extent = geometry.extent()
    assert (extent.x0, extent.y0) == (0, 0)
    assert extent.view_box == "0 0 6052 5047"
    athens, lisbon = geometry.shape("EL30").box, geometry.shape("PT1A").box
    assert lisbon.x1 < athens.x0  # west is left
    helsinki = geometry.shape("FI1B").box
    assert helsinki.y1 < athens.y0  # north is up


def test_a_country_is_framed_by_its_main_body():
    """The Canary Islands do not widen the map of Spain; the Balearic Islands do."""
    spain = geometry.country_box("ES")
    canaries, balearics = geometry.shape("ES70").box, geometry.shape("ES53").box
    assert not spain.intersects(canaries)
    assert spain.union(balearics) == spain
    assert geometry.shapes(0)["ES"].box.union(canaries) == geometry.shapes(0)["ES"].box
    assert geometry.country_box("XX") is None


def test_decoding_happens_once_per_process():
    assert geometry.shapes(2) is geometry.shapes(2)
    box = geometry.country_box("LV")
    assert geometry.land(box) is geometry.land(geometry.Box(box.x0, box.y0, box.x1, box.y1))
    with pytest.raises(ValueError):
        geometry.shapes(4)


@pytest.mark.parametrize(
    ("highest", "bounds"),
    [
        (0, []),
        (1, [1]),
        (3, [1, 2, 3]),
        (5, [1, 2, 3, 4, 5]),
        (7, [1, 2, 3, 4, 5]),
        (12, [1, 2, 3, 5, 8]),
        (100, [1, 3, 8, 20, 40]),
        (1000, [1, 4, 20, 80, 300]),
    ],
)
def test_class_bounds_grow_geometrically_and_are_round(highest, bounds):
    assert maps.class_bounds(highest) == bounds


def test_colour_classes_and_legend():
    css, legend = maps.colour_classes([0, 1, 2, 3, 12, 7])
    assert [(item.css, item.label) for item in legend] == [
        ("map-c0", "0"),
        ("map-c1", "1"),
        ("map-c2", "2"),
        ("map-c3", "3–4"),
        ("map-c4", "5–7"),
        ("map-c5", "8–12"),
    ]
    assert (css[0], css[4], css[7], css[8], css[12]) == ("map-c0", "map-c3", "map-c4", "map-c5", "map-c5")


def test_a_count_s_class_is_found_from_the_bounds_whatever_the_highest_count():
    css, legend = maps.colour_classes([0, 3, 1_000_000])
    assert [item.label for item in legend] == ["0", "1–19", "20–299", "300–3999", "4000–79999", "80000–1000000"]
    assert (css[19], css[20], css[79_999], css[80_000], css[1_000_000]) == (
        "map-c1",
        "map-c2",
        "map-c4",
        "map-c5",
        "map-c5",
    )


def test_fewer_classes_spread_over_the_scale():
    """Two classes are told apart: the light and the dark end, not two neighbours."""
    _css, legend = maps.colour_classes([1, 2, 0])
    assert [(item.css, item.label) for item in legend] == [("map-c0", "0"), ("map-c2", "1"), ("map-c4", "2")]
    _css, legend = maps.colour_classes([0, 0])
    assert [item.label for item in legend] == ["0"]


@pytest.mark.parametrize(
    ("countries", "regions", "level", "shown"),
    [
        ([], [], 2, []),
        (["PL"], [], 3, ["PL"]),
        (["PL", "DE"], [], 2, ["DE", "PL"]),
        ([], ["EL65"], 3, ["EL"]),
        ([], ["PL9"], 2, ["PL"]),
        ([], ["BG422"], 3, ["BG"]),
        ([], ["PL9", "PL911"], 2, ["PL"]),
        (["UK"], [], 2, []),  # not in the file: Europe
    ],
)
def test_the_nuts_level_follows_the_filters(countries, regions, level, shown):
    view = maps.choose_view(countries, regions)
    assert (view.level, view.countries) == (level, shown)


def test_the_map_of_europe_leaves_the_far_islands_to_an_inset():
    view = maps.choose_view([], [])
    assert view.box == geometry.europe().padded(share=0.02).framed()
    assert not view.box.intersects(geometry.shape("ES70").box)
    assert view.box.union(geometry.country_box("FI")) == view.box


def points(path):
    """The absolute points of an SVG path as regions/geometry.py writes it."""
    found = []
    for ring in path.split("z")[:-1]:
        start, moves = ring[1:].split("l")
        x, y = (float(value) for value in start.split())
        found.append((x, y))
        numbers = [float(value) for value in moves.split()]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            found.append((x, y))
    return found


def test_a_map_is_framed_no_taller_than_wide_nor_flatter_than_two_to_one():
    norway = geometry.country_box("NO").padded().framed()
    assert norway.width == pytest.approx(norway.height, abs=1)
    assert norway.contains(geometry.country_box("NO"))
    flat = geometry.Box(0, 0, 1000, 100).framed()
    assert (flat.width, flat.height) == (1000, 500)
    assert geometry.Box(0.5, 0.5, 10.2, 9.8).framed() == geometry.Box(0, 0, 11, 10)


def test_paths_are_cut_to_the_map():
    """What lies outside a map is not drawn, and a browser measures nothing wider than the map."""
    box = geometry.country_box("LV").padded().framed()
    edge = box.width / 400 + 0.1
    for path in (geometry.land(box), geometry.nuts_countries(box)):
        xs, ys = zip(*points(path), strict=True)
        assert box.x0 - edge <= min(xs) and max(xs) <= box.x1 + edge
        assert box.y0 - edge <= min(ys) and max(ys) <= box.y1 + edge
    assert len(geometry.land(box)) < len(geometry.land(geometry.extent())) / 5
    inside = geometry.shape("LV00A")
    assert geometry.clipped(inside, box) is inside.path  # nothing to cut


def test_cutting_a_ring_to_a_box():
    square = [(0, 0), (100, 0), (100, 100), (0, 100)]  # tenths
    assert geometry._clip_ring(square, geometry.Box(5, -1, 20, 20)) == [(50, 0), (100, 0), (100, 100), (50, 100)]
    assert geometry._clip_ring(square, geometry.Box(20, 20, 30, 30)) == []
