"""The markup of a practice's page: the print sheet, no inline style or script, headings, escaping."""

import itertools
import json
import re

import pytest
from django.conf import settings

from practices.models import (
    PracticeImage,
    PracticeResult,
)
from tests.factories import (
    GoodPracticeFactory,
    ReviewerFactory,
)
from tests.html import fragment, parse
from tests.practices.detail.helpers import json_ld_block, many_things, page_of

pytestmark = pytest.mark.django_db


def test_the_print_stylesheet_and_no_inline_style_or_script(client, practice):
    many_things(practice, ReviewerFactory(), images=2, results=2, topics=2, transfers=1, events=1, instruments=1)
    page = page_of(client, practice)
    assert '<link rel="stylesheet" href="/static/css/practice-detail.css">' in page
    assert '<link rel="stylesheet" href="/static/css/practice-print.css" media="print">' in page
    elements = list(parse(page).iter())
    assert [element.name for element in elements if "style" in element.attrs] == []
    assert [(element.name, name) for element in elements for name in element.attrs if name.startswith("on")] == []
    assert [script.attrs for script in parse(page).find_all("script")] == [
        {"src": "/static/vendor/bootstrap/bootstrap.bundle.min.js", "defer": ""},
        {"type": "application/ld+json"},
    ]


def test_the_print_stylesheet_leaves_out_what_a_sheet_does_not_need():
    css = (settings.BASE_DIR / "static" / "css" / "practice-print.css").read_text()
    hidden = re.search(r"([^{}]*)\{\s*display: none !important;\s*\}", css).group(1)
    assert {selector.strip() for selector in hidden.split(",")} >= {
        ".site-nav",
        ".btn",
        ".site-footer ul",
        ".related-practices",
    }
    assert re.search(r"\.practice-gallery \{\s*display: none !important;", css)  # the first image is beside the title
    assert 'content: " <" attr(href) ">";' in css
    assert re.search(r"tr,\n[^{]*\{\s*break-inside: avoid;", css)
    assert re.search(r"h2,\n[^{]*\{\s*break-after: avoid;", css)


def test_the_sheet_shows_the_first_image_beside_the_title(client, practice):
    for n in range(3):
        PracticeImage.objects.create(
            practice=practice, image=f"practices/images/{n}.jpg", alt_text=f"Photo {n}", credit="Jana Foto", order=n
        )
    page = page_of(client, practice)
    intro = fragment(page).find("div", "page-intro")
    title = intro.find("h1")
    assert [figure.text for figure in intro.find_all("figure", "print-image") if figure.before(title)] == [
        "Photo: Jana Foto"
    ]
    assert [img.markup for img in intro.find_all("img") if img.before(title)] == [
        '<img src="/media/practices/images/0.jpg" alt="Photo 0">'
    ]


def test_one_h1_and_headings_in_order(client, practice):
    many_things(practice, ReviewerFactory(), images=2, results=2, topics=2, transfers=1, events=1, instruments=1)
    GoodPracticeFactory(published=True, region=practice.region)
    page = page_of(client, practice)
    levels = fragment(page).find("main").headings()
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # never skips a level


def test_html_in_fields_is_escaped(client, practice):
    practice.title = "<script>alert('title')</script> & co"
    practice.summary = "<b>bold</b> summary </script><script>alert(1)</script>"
    practice.description = '<img src=x onerror="alert(2)">'
    practice.title_original = "<i>original</i>"
    practice.main_institution = "<u>Institution</u>"
    practice.contact_consent = True
    practice.contact_name = "<em>Anna</em>"
    practice.save()
    PracticeResult.objects.create(practice=practice, indicator="<s>jobs</s>", value=1, unit="<sup>1</sup>")
    page = page_of(client, practice)
    assert "<script>alert" not in page
    assert "<b>bold</b>" not in page and "<img src=x" not in page and "<em>Anna</em>" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; co" in page
    assert "<script>alert('title')</script> & co" in fragment(page).find("h1").text  # the escaped title is the h1
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    assert '<th scope="row">&lt;s&gt;jobs&lt;/s&gt;</th>' in page
    # The JSON-LD data block cannot be closed by the content, and still carries it exactly.
    block = json_ld_block(page)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003C/script\\u003E" in block
    data = json.loads(block)
    assert data["name"] == "<script>alert('title')</script> & co"
    assert data["description"] == "<b>bold</b> summary </script><script>alert(1)</script>"
