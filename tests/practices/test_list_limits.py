"""The list takes a bounded choice of filter values: each chip links to the page without it, so the page
would grow with the square of the number of values (300 regions made 1.7 MB, 999 made 17 MB)."""

import pytest

from tests.factories import GoodPracticeFactory, RegionFactory
from tests.html import fragment

pytestmark = pytest.mark.django_db

URL = "/practices/"


@pytest.fixture
def regions():
    regions = [RegionFactory(code=f"PL{n:03d}"[:5], name=f"Region {n}", country="PL") for n in range(30)]
    for region in regions:
        GoodPracticeFactory(published=True, region=region)
    return regions


def page(client, values):
    response = client.get(URL, {"region": values})
    assert response.status_code == 200
    return response


def test_repeated_values_count_once_and_at_most_twenty_of_one_facet_apply(client, regions):
    codes = [region.code for region in regions]
    response = page(client, codes * 10)  # 300 values, 30 of them distinct
    assert response.context["filter"].selection["region"] == codes[:20]
    assert len(response.context["active_filters"]) == 20
    notices = fragment(response.content.decode()).find("div", cls="alert").texts("li")
    assert notices == ["Region: only the first 20 values were used."]


def test_at_most_forty_values_in_all(client, regions):
    topics_and_years = {"start": [str(year) for year in range(1990, 2026)], "region": [r.code for r in regions]}
    response = client.get(URL, topics_and_years)
    selection = response.context["filter"].selection
    assert sum(len(values) for values in selection.values()) == 40
    assert (len(selection["region"]), len(selection["start"])) == (20, 20)


def test_unknown_values_are_named_a_few_at_a_time(client, regions):
    response = page(client, [f"XX{n}" for n in range(300)])
    notices = fragment(response.content.decode()).find("div", cls="alert").texts("li")
    assert notices == ["Region: no such value, left out: XX0, XX1, XX2, XX3, XX4 and 295 more."]


def test_the_page_stays_small_however_many_values_are_sent(client, regions):
    codes = [region.code for region in regions]
    twenty = len(page(client, codes[:20]).content)
    three_hundred = len(page(client, codes * 10).content)
    nine_hundred_ninety_nine = len(page(client, (codes * 34)[:500] + [f"XX{n}" for n in range(499)]).content)
    assert three_hundred < twenty * 1.1
    assert nine_hundred_ninety_nine < twenty * 1.2
    # More than Django's 1,000 fields in a query is refused outright (DATA_UPLOAD_MAX_NUMBER_FIELDS).
    assert client.get(URL, {"region": codes * 40}).status_code == 400
