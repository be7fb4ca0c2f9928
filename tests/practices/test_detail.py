"""The public page of a good practice: every section, contact consent, JSON-LD, Open Graph, access, queries."""

import datetime
import itertools
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation

from events.models import EventPractice
from practices.choices import InstitutionType, Language, PracticeType, TargetGroup
from practices.models import (
    Criterion,
    CriterionAssessment,
    GoodPractice,
    PracticeAttachment,
    PracticeImage,
    PracticeResult,
    Review,
    State,
    TransferInterest,
)
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegionFactory,
    ReviewerFactory,
    StaffFactory,
    TopicFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Pages in English unless a test asks for another language (a request to /de/... switches)."""
    with translation.override("en"):
        yield


def url_name_resolves(name, *args):
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


# The pages of policy instruments and events are built elsewhere; their links are checked once they exist.
needs_instrument_pages = pytest.mark.skipif(
    not url_name_resolves("regions:instrument-detail", "x"), reason="regions:instrument-detail does not resolve yet"
)
needs_event_pages = pytest.mark.skipif(
    not url_name_resolves("events:event-detail", "x"), reason="events:event-detail does not resolve yet"
)


# -- reading the page ----------------------------------------------------------------------------

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ElementTexts(HTMLParser):
    """The text of every `tag` element (with class `cls`, inside an element with class or id `within`)."""

    def __init__(self, tag, cls=None, within=None):
        super().__init__(convert_charrefs=True)
        self.tag, self.cls, self.within = tag, cls, within
        self.stack = []  # (tag, attrs) of the open elements
        self.open = []  # (depth, index into found) of the matching elements still open
        self.found = []

    @staticmethod
    def _has(attrs, name):
        return name == attrs.get("id") or name in (attrs.get("class") or "").split()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._separate(tag)
        if tag in VOID_ELEMENTS:
            return
        inside = self.within is None or any(self._has(a, self.within) for _, a in self.stack)
        self.stack.append((tag, attrs))
        if tag == self.tag and (self.cls is None or self._has(attrs, self.cls)) and inside:
            self.open.append((len(self.stack), len(self.found)))
            self.found.append([])

    def handle_endtag(self, tag):
        self._separate(tag)
        while self.stack:
            open_tag, _ = self.stack.pop()
            if self.open and self.open[-1][0] > len(self.stack):
                self.open.pop()
            if open_tag == tag:
                break

    def _separate(self, tag):
        """Block-level boundaries separate words, as a browser shows them."""
        if tag in {"li", "p", "br", "div", "dt", "dd", "tr", "td", "th"}:
            self.handle_data(" ")

    def handle_data(self, data):
        for _, index in self.open:
            self.found[index].append(data)


def squash(value):
    """Runs of white space as one space (a no-break space is kept: it is meant)."""
    return re.sub(r"[ \t\n\r\f]+", " ", value).strip()


def texts(page, tag, cls=None, within=None):
    parser = ElementTexts(tag, cls, within)
    parser.feed(page)
    return [squash("".join(parts)) for parts in parser.found]


def text(page, tag, cls=None, within=None):
    (found,) = texts(page, tag, cls, within)
    return found


def key_facts(page):
    return dict(zip(texts(page, "dt", within="key-facts"), texts(page, "dd", within="key-facts"), strict=True))


def table_rows(page, within):
    """The rows of the table body inside `within`, each a list of cell texts (without the explanations)."""
    body = re.search(r"<tbody>(.*?)</tbody>", section_html(page, within), re.S).group(1)
    body = re.sub(r'<span class="criterion-explanation">.*?</span>|</?span[^>]*>', "", body)
    return [
        [squash(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def section_html(page, heading_id):
    """The HTML of the <section> labelled by the heading `heading_id`."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def page_of(client, practice, **kwargs):
    response = client.get(practice.get_absolute_url(), **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(page):
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(data)


def meta_properties(page):
    return dict(re.findall(r'<meta property="([^"]+)" content="([^"]*)">', page))


# -- data ----------------------------------------------------------------------------------------


def pdf(name="report.pdf", size=2048):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * (size - 9), content_type="application/pdf")


def assess(practice, reviewer, scores, when=datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)):
    """A review step that published `practice`, with {criterion: (score, comment)}."""
    review = Review.objects.create(
        practice=practice, actor=reviewer, from_state=State.SUBMITTED, to_state=State.PUBLISHED
    )
    Review.objects.filter(pk=review.pk).update(created_at=when)
    for criterion, (score, comment) in scores.items():
        CriterionAssessment.objects.create(review=review, criterion=criterion, score=score, comment=comment)
    return review


@pytest.fixture
def region():
    return RegionFactory(code="DE128", name="Rhein-Neckar-Kreis", country="DE")


@pytest.fixture
def partner(region):
    return PartnerFactory(
        name="Rhine-Neckar Regional Association",
        short_name="VRRN",
        website="https://www.m-r-n.com/",
        region=region,
    )


@pytest.fixture
def practice(partner, region):
    """A published practice with every field of the template filled in."""
    return GoodPracticeFactory(
        published=True,
        title="Village shop run by a cooperative",
        slug="village-shop",
        title_original="Dorfladen als Genossenschaft",
        summary="Villagers own the shop together.",
        summary_original="Die Dorfbewohner besitzen den Laden gemeinsam.",
        original_language=Language.GERMAN,
        description="The shop sells food from local producers.\n\nA work-integration enterprise runs it.",
        practice_type=PracticeType.PROJECT,
        target_groups=[TargetGroup.CONSUMERS, TargetGroup.RURAL_COMMUNITIES],
        rural_focus=True,
        partner=partner,
        region=region,
        main_institution="Dorfladen eG",
        institution_type=InstitutionType.COOPERATIVE,
        start_date=datetime.date(2019, 3, 1),
        resources="Two staff members and a shop building.",
        budget_eur=Decimal("12500.50"),
        funding_source="LEADER programme",
        evidence="Turnover grew every year.",
        difficulties="Finding volunteers for Saturdays.",
        transfer_potential="Any village with a vacant shop can do it.",
        website="https://dorfladen.example.org/",
        contact_name="Anna Beispiel",
        contact_email="anna@dorfladen.example.org",
        contact_phone="+49 6221 123 456",
        themes=[theme("awareness"), theme("strengthening")],
        topics=[TopicFactory(slug="cooperatives", name="Cooperatives")],
    )


def many_things(practice, reviewer, *, images, results, topics, transfers, events, instruments):
    """Give `practice` that many images, results, topics, transfer interests, events and instruments."""
    for n in range(images):
        PracticeImage.objects.create(
            practice=practice,
            image=f"practices/images/photo-{n}.jpg",
            thumbnail=f"practices/thumbnails/photo-{n}.jpg",
            alt_text=f"Photo {n}",
            order=n,
        )
    for n in range(results):
        PracticeResult.objects.create(practice=practice, indicator=f"Indicator {n}", value=n, order=n)
    practice.topics.set([TopicFactory() for _ in range(topics)])
    for _ in range(transfers):
        TransferInterest.objects.create(practice=practice, partner=PartnerFactory())
    for _ in range(events):
        EventPractice.objects.create(event=EventFactory(), practice=practice)
    practice.policy_instruments.set([PolicyInstrumentFactory() for _ in range(instruments)])
    PracticeAttachment.objects.create(practice=practice, file=pdf(), title="Report")
    assess(practice, reviewer, dict.fromkeys(Criterion.values, (4, "Good.")))


# -- the page ------------------------------------------------------------------------------------


def test_title_summary_and_original_language(client, practice):
    page = page_of(client, practice)
    assert texts(page, "h1") == ["Village shop run by a cooperative"]
    assert '<p class="original-title" lang="de">Dorfladen als Genossenschaft</p>' in page
    assert text(page, "div", "practice-summary") == "Villagers own the shop together."
    assert text(page, "figure", "original-summary") == (
        "Summary in the original language (German) Die Dorfbewohner besitzen den Laden gemeinsam."
    )
    assert (
        '<blockquote class="mb-0" lang="de"><p>Die Dorfbewohner besitzen den Laden gemeinsam.</p></blockquote>' in page
    )
    updated = formats.date_format(timezone.localtime(practice.updated_at), "DATE_FORMAT")
    assert text(page, "p", "practice-dates") == f"Published Jan. 15, 2025 · Last updated {updated}"
    assert '<time datetime="2025-01-15T13:00:00+01:00">Jan. 15, 2025</time>' in page
    assert "<title>Village shop run by a cooperative | Good practices | SECON</title>" in page
    assert '<meta name="description" content="Villagers own the shop together.">' in page
    assert "Sample content" not in page


def test_sample_content_is_labelled(client, practice):
    practice.is_sample = True
    practice.save()
    page = page_of(client, practice)
    assert text(page, "span", "sample-badge") == "Sample content"


def test_an_original_language_without_a_tag_gets_no_lang_attribute(client, practice):
    practice.original_language = Language.OTHER
    practice.save()
    page = page_of(client, practice)
    assert '<p class="original-title">Dorfladen als Genossenschaft</p>' in page
    assert key_facts(page)["Original language"] == "Other"


def test_key_facts(client, practice):
    page = page_of(client, practice)
    assert key_facts(page) == {
        "Type of practice": "Project",
        "Location": "Rhein-Neckar-Kreis, Germany",
        "Submitting partner": "Rhine-Neckar Regional Association",
        "Main institution": "Dorfladen eG (Cooperative)",
        "Timescale": "March 1, 2019 – ongoing",
        "Rural focus": "Yes",
        "Target groups": "Consumers Rural communities and farmers",
        "Themes": "Awareness of the social economy Strengthening social enterprises",
        "Topic": "Cooperatives",
        "Website": "https://dorfladen.example.org/",
        "Original language": "German",
    }
    assert '<time datetime="2019-03-01">March 1, 2019</time> – ongoing' in page


def test_an_ended_practice_shows_its_end(client, practice):
    practice.end_date = datetime.date(2023, 12, 31)
    practice.rural_focus = False
    practice.save()
    facts = key_facts(page_of(client, practice))
    assert facts["Timescale"] == "March 1, 2019 – Dec. 31, 2023"
    assert facts["Rural focus"] == "No"


def test_themes_topics_region_and_country_link_into_the_filtered_list(client, practice):
    page = page_of(client, practice)
    facts = section_html(page, "facts-heading")
    for link in [
        '<a href="/practices/?region=DE128">Rhein-Neckar-Kreis</a>',
        '<a href="/practices/?country=DE">Germany</a>',
        '<a href="/practices/?theme=awareness">Awareness of the social economy</a>',
        '<a href="/practices/?theme=strengthening">Strengthening social enterprises</a>',
        '<a href="/practices/?topic=cooperatives">Cooperatives</a>',
        '<a class="url-shown text-break" href="https://dorfladen.example.org/" rel="noopener noreferrer">',
    ]:
        assert link in facts


def test_the_sections_of_the_template(client, practice):
    page = page_of(client, practice)
    main = page[page.index("<main") : page.index("</main>")]
    assert texts(main, "h2") == [
        "Key facts",
        "Contact",
        "Detailed description",
        "Resources needed",
        "Evidence of success",
        "Difficulties encountered and lessons learned",
        "Potential for learning or transfer",
        "Assessment",
    ]
    description = section_html(page, "description-heading")
    assert "<p>The shop sells food from local producers.</p>\n\n<p>A work-integration enterprise runs it.</p>" in (
        description
    )
    resources = section_html(page, "resources-heading")
    assert "<p>Two staff members and a shop building.</p>" in resources
    assert texts(resources, "dt") == ["Budget", "Source of funding"]
    assert texts(resources, "dd") == ["€12,500.50", "LEADER programme"]
    assert "<p>Turnover grew every year.</p>" in section_html(page, "evidence-heading")
    assert "<p>Finding volunteers for Saturdays.</p>" in section_html(page, "difficulties-heading")
    assert "<p>Any village with a vacant shop can do it.</p>" in section_html(page, "transfer-potential-heading")


@pytest.mark.parametrize(
    ("language", "budget", "expected"),
    [
        ("en", Decimal("12500.50"), "€12,500.50"),
        ("en", Decimal("12500.00"), "€12,500"),
        ("de", Decimal("12500.50"), "12.500,50\u00a0€"),
        ("de", Decimal("980"), "980\u00a0€"),
    ],
)
def test_the_budget_is_in_euros_in_the_visitors_locale(client, practice, language, budget, expected):
    practice.budget_eur = budget
    practice.save()
    with translation.override(language):
        url = practice.get_absolute_url()
    page = client.get(url).content.decode()
    assert text(page, "dd", "budget") == expected


def test_results_table(client, practice):
    PracticeResult.objects.create(practice=practice, indicator="Jobs created", value=12, unit="jobs", year=2024)
    PracticeResult.objects.create(
        practice=practice, indicator="People reached", value=Decimal("1250.50"), unit="people", year=2023, order=1
    )
    PracticeResult.objects.create(practice=practice, indicator="Share of local food", value=Decimal("0.25"), order=2)
    page = page_of(client, practice)
    evidence = section_html(page, "evidence-heading")
    assert "<caption>Measured results</caption>" in evidence
    assert texts(evidence, "th", within="results-table")[:4] == ["Indicator", "Value", "Unit", "Year"]
    assert '<th scope="col">Indicator</th>' in evidence
    assert '<th scope="row">Jobs created</th>' in evidence
    assert table_rows(page, "evidence-heading") == [
        ["Jobs created", "12", "jobs", "2024"],
        ["People reached", "1,250.5", "people", "2023"],
        ["Share of local food", "0.25", "", ""],
    ]
    with translation.override("de"):
        german = client.get(practice.get_absolute_url()).content.decode()
    assert table_rows(german, "evidence-heading")[1][1] == "1.250,5"


@needs_instrument_pages
def test_relevant_policy_instruments_link_to_their_pages(client, practice):
    instrument = PolicyInstrumentFactory(
        name="ERDF programme Baden-Württemberg", slug="erdf-bw", partner=practice.partner, period_start=2021
    )
    practice.policy_instruments.set([instrument])
    page = page_of(client, practice)
    section = section_html(page, "instruments-heading")
    assert "Relevant policy instruments" in section
    href = instrument.get_absolute_url()
    assert f'<a href="{href}" data-print-url="http://testserver{href}">ERDF programme Baden-Württemberg</a>' in section
    assert texts(section, "li") == ["ERDF programme Baden-Württemberg (Rhein-Neckar-Kreis, Germany, 2021–2027)"]


def test_gallery_thumbnails_link_to_the_full_images(client, practice):
    PracticeImage.objects.create(
        practice=practice,
        image="practices/images/2025/01/shop.jpg",
        thumbnail="practices/thumbnails/2025/01/shop.jpg",
        alt_text="The shop's counter with local cheese",
        caption="The counter",
        credit="Jana Foto",
    )
    PracticeImage.objects.create(
        practice=practice, image="practices/images/2025/01/team.jpg", alt_text="The team in front", order=1
    )
    page = page_of(client, practice)
    gallery = section_html(page, "images-heading")
    assert (
        '<a class="gallery-link" href="/media/practices/images/2025/01/shop.jpg">'
        '<img class="gallery-thumbnail" src="/media/practices/thumbnails/2025/01/shop.jpg"'
        ' alt="The shop&#x27;s counter with local cheese">'
    ) in gallery
    # Without a thumbnail, the image itself.
    assert (
        '<img class="gallery-thumbnail" src="/media/practices/images/2025/01/team.jpg" alt="The team in front"'
        ' loading="lazy">'
    ) in gallery
    assert texts(gallery, "figcaption") == ["The counter Photo: Jana Foto"]
    assert texts(gallery, "a") == ["(full-size image)", "(full-size image)"]


def test_every_image_on_the_page_has_alt_text(client, practice):
    many_things(practice, ReviewerFactory(), images=3, results=0, topics=0, transfers=0, events=0, instruments=0)
    page = page_of(client, practice)
    images = re.findall(r"<img\b[^>]*>", page)
    assert len(images) >= 4  # the brand mark, the EU emblem (footer), the gallery
    assert all(re.search(r'\balt="', image) for image in images)


def test_attachments_with_type_and_size(client, practice):
    PracticeAttachment.objects.create(practice=practice, file=pdf("final-report.pdf", 2048), title="Final report")
    PracticeAttachment.objects.create(
        practice=practice, file=pdf("flyer.pdf", 1536 * 1024), title="Flyer for villages", order=1
    )
    page = page_of(client, practice)
    documents = section_html(page, "documents-heading")
    assert texts(documents, "li") == [
        "Final report (PDF, 2.0\u00a0KB)",
        "Flyer for villages (PDF, 1.5\u00a0MB)",
    ]
    link = re.search(r'<a href="(/media/practices/attachments/\d{4}/\d{2}/final-report[^"]*\.pdf)"([^>]*)>', documents)
    assert link.group(2) == f' data-print-url="http://testserver{link.group(1)}"'  # printed after the link


def test_the_assessment_of_the_review_that_published_it(client, practice):
    reviewer = ReviewerFactory()
    assess(
        practice,
        reviewer,
        {Criterion.ETHICS: (5, "No concerns."), Criterion.RELEVANCE: (4, "Fits theme 1.")},
        when=datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC),
    )
    assess(  # published again later (in the history): the latest one counts
        practice,
        reviewer,
        {
            Criterion.RELEVANCE: (5, "Central to the awareness objective."),
            Criterion.DURATION: (4, "Running since 2019."),
            Criterion.QUALITY_ASSURANCE: (3, "Yearly survey."),
            Criterion.EFFECTIVENESS: (4, ""),
            Criterion.SUSTAINABILITY: (4, "Self-financing."),
            Criterion.TRANSFERABILITY: (5, "Needs only a vacant shop."),
        },
    )
    Review.objects.create(practice=practice, from_state=State.PUBLISHED, to_state=State.ARCHIVED, comment="later")
    page = page_of(client, practice)
    section = section_html(page, "assessment-heading")
    assert text(section, "caption") == (
        "The SECON reviewers' assessment against the seven selection criteria for good practices, scored from "
        "1 (not met) to 5 (excellent). Assessed on Jan. 15, 2025."
    )
    assert table_rows(page, "assessment-heading") == [
        ["Relevance", "5 - excellent", "Central to the awareness objective."],
        ["In place for at least two years", "4 - good", "Running since 2019."],
        ["Quality-assurance procedures", "3 - adequate", "Yearly survey."],
        ["Effectiveness and efficiency", "4 - good", ""],
        ["Sustainability", "4 - good", "Self-financing."],
        ["Transferability", "5 - excellent", "Needs only a vacant shop."],
        ["Ethics", "Not assessed", ""],
    ]


def test_without_a_published_assessment_the_page_says_so(client, practice):
    Review.objects.create(practice=practice, from_state=State.DRAFT, to_state=State.SUBMITTED, comment="Ready.")
    page = page_of(client, practice)
    assert texts(section_html(page, "assessment-heading"), "p") == [
        "No assessment by the SECON reviewers has been published for this practice."
    ]


def test_transfer_interests_furthest_first(client, practice):
    riga = PartnerFactory(name="Riga Planning Region", region=RegionFactory(code="LV006", name="Rīga", country="LV"))
    haskovo = PartnerFactory(
        name="Haskovo Municipality", region=RegionFactory(code="BG422", name="Haskovo", country="BG")
    )
    instrument = PolicyInstrumentFactory(name="Haskovo municipal plan", partner=haskovo)
    TransferInterest.objects.create(practice=practice, partner=riga, note="Visiting in May.")
    TransferInterest.objects.create(
        practice=practice, partner=haskovo, stage=TransferInterest.Stage.ADAPTING, policy_instrument=instrument
    )
    page = page_of(client, practice)
    section = section_html(page, "transfers-heading")
    assert texts(section, "li", "transfer") == [
        "Haskovo Municipality (Haskovo, Bulgaria) Stage: Adapting To improve: Haskovo municipal plan",
        "Riga Planning Region (Rīga, Latvia) Stage: Interested Visiting in May.",
    ]
    if url_name_resolves("regions:instrument-detail", "x"):
        assert f'<a href="{instrument.get_absolute_url()}">Haskovo municipal plan</a>' in section


@needs_event_pages
def test_events_where_it_was_presented_or_visited(client, practice):
    visit = EventFactory(
        title="Study visit to Baden",
        city="Heidelberg",
        country="DE",
        time_zone="Europe/Berlin",
        start=datetime.datetime(2025, 9, 30, 22, 30, tzinfo=datetime.UTC),  # 1 October in Heidelberg
        end=datetime.datetime(2025, 10, 1, 14, tzinfo=datetime.UTC),
    )
    meeting = EventFactory(title="Stakeholder meeting in Tripoli")
    cancelled = EventFactory(title="Cancelled seminar", status="cancelled")
    EventPractice.objects.create(event=visit, practice=practice, relation=EventPractice.Relation.VISITED)
    EventPractice.objects.create(event=meeting, practice=practice)
    EventPractice.objects.create(event=cancelled, practice=practice)
    page = page_of(client, practice)
    section = section_html(page, "events-heading")
    assert texts(section, "li") == [
        "Stakeholder meeting in Tripoli (Presented, May 12, 2026, Tripoli, Greece)",
        "Study visit to Baden (Visited, Oct. 1, 2025, Heidelberg, Germany)",
    ]
    assert f'<a href="{visit.get_absolute_url()}">Study visit to Baden</a>' in section
    assert '<time datetime="2025-10-01">Oct. 1, 2025</time>' in section


def test_related_practices_share_themes_or_the_region_most_shared_first(client, practice, region, partner):
    """Each shared theme counts one, the same region one; among equals the newest first; four at most."""
    awareness, strengthening, access = theme("awareness"), theme("strengthening"), theme("access")
    elsewhere = RegionFactory(country="PL")

    def make(title, themes, where, day):
        published_at = datetime.datetime(2025, 2, day, tzinfo=datetime.UTC)
        return GoodPracticeFactory(
            published=True, title=title, themes=themes, region=where, partner=partner, published_at=published_at
        )

    make("Two themes and the region", [awareness, strengthening], region, day=1)
    make("Two themes, older", [awareness, strengthening], elsewhere, day=2)
    make("One theme and the region, newer", [awareness, access], region, day=3)
    make("The region only", [access], region, day=4)
    make("One theme", [strengthening], elsewhere, day=5)
    make("Nothing in common", [access], elsewhere, day=6)
    GoodPracticeFactory(title="A draft with everything", themes=[awareness, strengthening], region=region)
    page = page_of(client, practice)
    assert texts(section_html(page, "related-heading"), "h3") == [
        "Two themes and the region",
        "One theme and the region, newer",
        "Two themes, older",
        "One theme",
    ]
    assert [p.title for p in practice.related_practices(limit=10)] == [
        "Two themes and the region",
        "One theme and the region, newer",
        "Two themes, older",
        "One theme",
        "The region only",
    ]
    assert texts(page, "p", within="related-practices")[0] == "Rhein-Neckar-Kreis, Germany · VRRN"


def test_related_practices_weigh_the_newest_of_a_large_catalogue(practice):
    """The work stays bounded: only the `pool` newest practices sharing a theme (and of the region) are weighed."""
    elsewhere = RegionFactory(country="PL")

    def make(title, themes, day):
        published_at = datetime.datetime(2025, 2, day, tzinfo=datetime.UTC)
        return GoodPracticeFactory(
            published=True, title=title, themes=themes, region=elsewhere, published_at=published_at
        )

    make("Old, two themes", [theme("awareness"), theme("strengthening")], day=1)
    make("Newer, one theme", [theme("awareness")], day=2)
    make("Newest, one theme", [theme("strengthening")], day=3)
    assert [p.title for p in GoodPractice.objects.related_to(practice, pool=10)] == [
        "Old, two themes",
        "Newest, one theme",
        "Newer, one theme",
    ]
    assert [p.title for p in GoodPractice.objects.related_to(practice, pool=2)] == [
        "Newest, one theme",
        "Newer, one theme",
    ]


def test_related_practices_of_a_practice_without_region_or_themes(practice):
    practice.region = None
    practice.save()
    practice.themes.clear()
    GoodPracticeFactory(published=True)
    assert list(practice.related_practices()) == []


def test_no_related_practices_no_section(client, practice):
    page = page_of(client, practice)
    assert "Related practices" not in page


def test_contact_details_only_with_consent(client, practice):
    practice.contact_consent = True
    practice.save()
    page = page_of(client, practice)
    contact = section_html(page, "contact-heading")
    assert texts(contact, "span") == [
        "Anna Beispiel",
        "Rhine-Neckar Regional Association",
        "E-mail: anna@dorfladen.example.org",
        "Telephone: +49 6221 123 456",
    ]
    assert '<a class="url-shown" href="mailto:anna@dorfladen.example.org">anna@dorfladen.example.org</a>' in contact
    assert '<a class="url-shown" href="tel:+496221123456">+49 6221 123 456</a>' in contact


def test_without_consent_the_partner_is_the_contact_and_nothing_personal_shows(client, practice):
    page = page_of(client, practice)
    contact = section_html(page, "contact-heading")
    assert texts(contact, "p") == ["Ask the partner organisation that submitted this practice:"]
    assert texts(contact, "address") == ["Rhine-Neckar Regional Association https://www.m-r-n.com/"]
    assert '<a class="url-shown text-break" href="https://www.m-r-n.com/" rel="noopener noreferrer">' in contact
    for private in ("Anna Beispiel", "anna@dorfladen", "6221", "mailto:", "tel:"):
        assert private not in page


def test_json_ld_describes_the_practice(client, practice):
    PracticeImage.objects.create(
        practice=practice,
        image="practices/images/shop.jpg",
        thumbnail="practices/thumbnails/shop.jpg",
        alt_text="The shop",
        caption="The counter",
        credit="Jana Foto",
    )
    practice.refresh_from_db()
    page = page_of(client, practice)
    data = json_ld(page)
    url = "http://testserver/practices/village-shop/"
    partner = {"@type": "Organization", "name": "Rhine-Neckar Regional Association", "url": "https://www.m-r-n.com/"}
    assert data == {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": "Village shop run by a cooperative",
        "description": "Villagers own the shop together.",
        "inLanguage": "en",
        "dateCreated": practice.created_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "dateModified": practice.updated_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "datePublished": "2025-01-15T12:00:00Z",
        "author": partner,
        "publisher": partner,
        "about": [
            {
                "@type": "DefinedTerm",
                "name": "Awareness of the social economy",
                "url": "http://testserver/practices/?theme=awareness",
            },
            {
                "@type": "DefinedTerm",
                "name": "Strengthening social enterprises",
                "url": "http://testserver/practices/?theme=strengthening",
            },
        ],
        "keywords": ["Cooperatives"],
        "audience": [
            {"@type": "Audience", "audienceType": "Consumers"},
            {"@type": "Audience", "audienceType": "Rural communities and farmers"},
        ],
        "spatialCoverage": {
            "@type": "Place",
            "name": "Rhein-Neckar-Kreis, Germany",
            "identifier": "DE128",
            "address": {"@type": "PostalAddress", "addressRegion": "Rhein-Neckar-Kreis", "addressCountry": "DE"},
        },
        "temporalCoverage": "2019-03-01/..",
        "image": [
            {
                "@type": "ImageObject",
                "contentUrl": "http://testserver/media/practices/images/shop.jpg",
                "description": "The shop",
                "caption": "The counter",
                "creditText": "Jana Foto",
            }
        ],
        "translationOfWork": {
            "@type": "CreativeWork",
            "name": "Dorfladen als Genossenschaft",
            "inLanguage": "de",
            "description": "Die Dorfbewohner besitzen den Laden gemeinsam.",
        },
        "sameAs": "https://dorfladen.example.org/",
    }
    assert "anna" not in json.dumps(data).lower()  # no personal data without consent (nor with it)


def test_json_ld_uses_iso_country_codes_and_an_end_date(client, practice):
    practice.region = RegionFactory(code="EL652", name="Arkadia", country="EL")
    practice.end_date = datetime.date(2023, 12, 31)
    practice.save()
    data = json_ld(page_of(client, practice))
    assert data["spatialCoverage"]["address"]["addressCountry"] == "GR"
    assert data["temporalCoverage"] == "2019-03-01/2023-12-31"


def test_open_graph_tags(client, practice):
    PracticeImage.objects.create(
        practice=practice, image="practices/images/shop.jpg", thumbnail="practices/thumbnails/s.jpg", alt_text="Shop"
    )
    page = page_of(client, practice)
    assert meta_properties(page) == {
        "og:type": "article",
        "og:site_name": "SECON good-practice portal",
        "og:title": "Village shop run by a cooperative",
        "og:description": "Villagers own the shop together.",
        "og:url": "http://testserver/practices/village-shop/",
        "og:locale": "en_GB",
        "og:image": "http://testserver/media/practices/images/shop.jpg",
        "og:image:alt": "Shop",
        "article:published_time": "2025-01-15T13:00:00+01:00",
        "article:modified_time": timezone.localtime(practice.updated_at).isoformat(),
    }
    assert '<link rel="canonical" href="http://testserver/practices/village-shop/">' in page
    assert 'name="robots"' not in page


def test_open_graph_without_an_image_and_in_german(client, practice):
    with translation.override("de"):
        url = practice.get_absolute_url()
    tags = meta_properties(client.get(url).content.decode())
    assert "og:image" not in tags
    assert tags["og:locale"] == "de_DE"
    assert tags["og:url"] == "http://testserver/de/practices/village-shop/"


def test_the_print_stylesheet_and_no_inline_style_or_script(client, practice):
    many_things(practice, ReviewerFactory(), images=2, results=2, topics=2, transfers=1, events=1, instruments=1)
    page = page_of(client, practice)
    assert '<link rel="stylesheet" href="/static/css/practice-detail.css">' in page
    assert '<link rel="stylesheet" href="/static/css/practice-print.css" media="print">' in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts == [
        '<script src="/static/vendor/bootstrap/bootstrap.bundle.min.js" defer>',
        '<script type="application/ld+json">',
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
    intro = page[page.index('class="page-intro') : page.index("<h1")]
    assert texts(intro, "figure", "print-image") == ["Photo: Jana Foto"]
    assert re.findall(r"<img [^>]*>", intro) == ['<img src="/media/practices/images/0.jpg" alt="Photo 0">']


def test_one_h1_and_headings_in_order(client, practice):
    many_things(practice, ReviewerFactory(), images=2, results=2, topics=2, transfers=1, events=1, instruments=1)
    GoodPracticeFactory(published=True, region=practice.region)
    page = page_of(client, practice)
    main = page[page.index("<main") : page.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", main)]
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
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; co" in text_of_h1_html(page)
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    assert '<th scope="row">&lt;s&gt;jobs&lt;/s&gt;</th>' in page
    # The JSON-LD data block cannot be closed by the content, and still carries it exactly.
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003C/script\\u003E" in block
    data = json.loads(block)
    assert data["name"] == "<script>alert('title')</script> & co"
    assert data["description"] == "<b>bold</b> summary </script><script>alert(1)</script>"


def text_of_h1_html(page):
    return re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)


# -- who may see what ----------------------------------------------------------------------------

UNPUBLISHED = [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED]


def visitor(kind, practice):
    if kind == "anonymous":
        return None
    if kind == "other partner's editor":
        return MembershipFactory().user
    if kind == "plain staff":
        return StaffFactory()
    if kind == "owner's editor":
        return MembershipFactory(partner=practice.partner).user
    if kind == "owner's contact":
        return MembershipFactory(partner=practice.partner, role="contact").user
    if kind == "reviewer":
        return ReviewerFactory()
    if kind == "staff who may view practices":
        user = StaffFactory()
        user.user_permissions.add(Permission.objects.get(codename="view_goodpractice"))
        return user
    if kind == "non-staff with the view permission":
        user = UserFactory()
        user.user_permissions.add(Permission.objects.get(codename="view_goodpractice"))
        return user
    raise ValueError(kind)


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize(
    "kind", ["anonymous", "other partner's editor", "plain staff", "non-staff with the view permission"]
)
def test_unpublished_practices_are_not_found_for_others(client, practice, state, kind):
    practice.state = state
    practice.save()
    user = visitor(kind, practice)
    if user:
        client.force_login(user)
    assert client.get(practice.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("state", "notice"),
    [
        (State.DRAFT, "This practice is not published yet: Draft"),
        (State.SUBMITTED, "This practice is not published yet: Submitted for review"),
        (State.CHANGES_REQUESTED, "This practice is not published yet: Changes requested"),
        (State.ARCHIVED, "This practice is no longer published: Archived"),
    ],
)
@pytest.mark.parametrize("kind", ["owner's editor", "owner's contact", "reviewer", "staff who may view practices"])
def test_unpublished_practices_show_their_state_to_their_partner_and_reviewers(client, practice, state, notice, kind):
    practice.state = state
    practice.save()
    client.force_login(visitor(kind, practice))
    page = page_of(client, practice)
    assert texts(page, "p", within="state-notice") == [
        notice,
        "Only the members of its partner organisation and the project's reviewers can see this page.",
    ]
    assert '<meta name="robots" content="noindex">' in page
    assert page.index("state-notice") < page.index("<h1")


@pytest.mark.parametrize("kind", ["anonymous", "other partner's editor", "plain staff", "owner's editor", "reviewer"])
def test_published_practices_are_public_without_a_notice(client, practice, kind):
    user = visitor(kind, practice)
    if user:
        client.force_login(user)
    page = page_of(client, practice)
    assert "state-notice" not in page
    assert 'name="robots"' not in page


def test_an_unknown_slug_is_not_found(client):
    assert client.get(reverse("practices:practice-detail", args=["no-such-practice"])).status_code == 404


# -- queries -------------------------------------------------------------------------------------

# The practice; its themes, topics, images, attachments, results, policy instruments, transfer interests,
# events, publishing review and its assessments; the related practices.
QUERIES = 12


def test_the_query_count_does_not_grow_with_what_the_practice_holds(client, django_assert_num_queries, partner):
    reviewer = ReviewerFactory()
    few = GoodPracticeFactory(published=True, partner=partner)
    many_things(few, reviewer, images=1, results=1, topics=1, transfers=1, events=1, instruments=1)
    many = GoodPracticeFactory(
        published=True,
        partner=partner,
        themes=[theme("awareness"), theme("access"), theme("strengthening"), theme("social-innovation")],
    )
    many_things(many, reviewer, images=6, results=8, topics=5, transfers=3, events=3, instruments=3)
    for _ in range(6):
        GoodPracticeFactory(published=True, partner=partner)
    with CaptureQueriesContext(connection) as one:
        page_of(client, few)
    with django_assert_num_queries(len(one.captured_queries)):
        page = page_of(client, many)
    assert len(one.captured_queries) == QUERIES
    assert len(texts(page, "li", "gallery-item")) == 6
    assert len(table_rows(page, "evidence-heading")) == 8
    assert len(table_rows(page, "assessment-heading")) == 7
    assert len(texts(page, "li", "transfer")) == 3
    assert len(texts(page, "h3", within="related-practices")) == 4


def test_the_query_count_is_the_same_for_a_reviewer(client, django_assert_num_queries, partner):
    reviewer = ReviewerFactory()
    few = GoodPracticeFactory(partner=partner)
    many_things(few, reviewer, images=1, results=1, topics=1, transfers=1, events=1, instruments=1)
    many = GoodPracticeFactory(partner=partner)
    many_things(many, reviewer, images=6, results=8, topics=5, transfers=3, events=3, instruments=3)
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as one:
        page_of(client, few)
    with django_assert_num_queries(len(one.captured_queries)):
        page_of(client, many)
