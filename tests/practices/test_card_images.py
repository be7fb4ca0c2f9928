"""Pictures on the practices' cards: the first image of each (its thumbnail, with its alt text), read for a whole
page of cards in one query (GoodPracticeQuerySet.for_cards)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import GoodPractice, PracticeImage
from tests.factories import GoodPracticeFactory
from tests.html import dom

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = "/practices/"


def add_image(practice, name, order, thumbnail=True, alt=None):
    return PracticeImage.objects.create(
        practice=practice,
        image=f"practices/images/{name}.jpg",
        thumbnail=f"practices/thumbnails/{name}-thumbnail.jpg" if thumbnail else "",
        alt_text=alt or f"What {name} shows",
        order=order,
    )


def card_images(response):
    """{card title: the attributes of its image, or None}."""
    cards = {}
    for card in dom(response).find_all("article", cls="practice-card"):
        images = card.find_all("img")
        assert len(images) <= 1
        cards[card.find("h3").find("a").text] = images[0].attrs if images else None
    return cards


@pytest.fixture
def shop():
    practice = GoodPracticeFactory(published=True, title="Village shop")
    add_image(practice, "second", order=2)
    add_image(practice, "first", order=1, alt="Shoppers at the counter")  # created later, shown first: by order
    return practice


def test_a_card_shows_the_first_image_by_its_order_and_a_practice_without_one_none(client, shop):
    GoodPracticeFactory(published=True, title="Care farm")
    assert card_images(client.get(URL)) == {
        "Village shop": {
            "class": "practice-card-image",
            "src": "/media/practices/thumbnails/first-thumbnail.jpg",
            "alt": "Shoppers at the counter",
            "width": "480",
            "height": "320",
            "loading": "lazy",
        },
        "Care farm": None,
    }


def test_equal_orders_are_taken_in_the_order_they_were_added(client):
    practice = GoodPracticeFactory(published=True, title="Village shop")
    add_image(practice, "older", order=0)
    add_image(practice, "newer", order=0)
    assert card_images(client.get(URL))["Village shop"]["src"] == "/media/practices/thumbnails/older-thumbnail.jpg"


def test_an_image_without_thumbnail_is_shown_itself(client):
    practice = GoodPracticeFactory(published=True, title="Village shop")
    add_image(practice, "photo", order=0, thumbnail=False)
    assert card_images(client.get(URL))["Village shop"]["src"] == "/media/practices/images/photo.jpg"


def test_the_cards_of_a_text_search_show_the_image_too(client, shop):
    GoodPracticeFactory(published=True, title="Village school")
    cards = card_images(client.get(URL, {"q": "village"}))
    assert cards["Village shop"]["alt"] == "Shoppers at the counter"
    assert cards["Village school"] is None


def test_for_cards_reads_one_image_per_practice_in_one_query(django_assert_num_queries, shop):
    others = [GoodPracticeFactory(published=True) for _ in range(3)]
    for other in others:
        for order in (3, 1, 2):
            add_image(other, f"{other.slug}-{order}", order=order)
    # The practices with their region and partner; their themes; their first images.
    with django_assert_num_queries(3):
        practices = list(GoodPractice.objects.published().for_cards())
    assert {practice.pk: [image.alt_text for image in practice.card_images] for practice in practices} == {
        shop.pk: ["Shoppers at the counter"],
        **{other.pk: [f"What {other.slug}-1 shows"] for other in others},
    }
    # Only what a card shows is read of an image.
    assert practices[0].card_images[0].get_deferred_fields() == {"caption", "credit", "order"}


@pytest.mark.parametrize("query", [{}, {"q": "village"}])
def test_the_list_reads_the_images_of_a_page_in_one_query_whatever_it_shows(client, query):
    add_image(GoodPracticeFactory(published=True, title="Village shop"), "shop", order=0)
    with CaptureQueriesContext(connection) as one:
        client.get(URL, query)
    for n in range(25):
        practice = GoodPracticeFactory(published=True, title=f"Village {n}")
        for order in range(3):
            add_image(practice, f"village-{n}-{order}", order=order)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, query)
    assert len(many.captured_queries) == len(one.captured_queries)
    image_queries = [query for query in many.captured_queries if '"practices_practiceimage"' in query["sql"]]
    assert len(image_queries) == 1
    assert len([image for image in card_images(response).values() if image]) == 20  # a page of cards
