"""The base layout and the portal's own pages: home, about and the error pages."""

import datetime
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context, Template
from django.template.loader import get_template
from django.urls import path, reverse
from django.utils import timezone

from secon_portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    PartnerFactory,
    RegionFactory,
    StaffFactory,
    UserFactory,
    theme,
)

FUNDING = "SECON is co-funded by the European Union through the Interreg Europe programme."
DISCLAIMER = (
    "The content of this publication represents the views of the author only and is his/her sole responsibility. "
    "The European Commission does not accept any responsibility for use that may be made of the information it "
    "contains."
)
THEME_LABELS = [
    "Awareness of the social economy",
    "Access to procurement and finance",
    "Strengthening social enterprises",
    "Regional social innovation",
]


def boom(request):
    raise RuntimeError("A bug in a view")


# Used by the 500 test through @pytest.mark.urls: the portal's URLs plus a view that fails.
urlpatterns = [path("boom/", boom), *portal_urlpatterns]


# --- a small DOM, enough to check structure, landmarks and exact texts ---------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def text(self):
        parts = [child if isinstance(child, str) else child.text for child in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, **attrs):
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and all(k in node.attrs and node.attrs[k] == v for k, v in attrs.items())
        ]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def texts(self, tag, **attrs):
        return [node.text for node in self.find_all(tag, **attrs)]

    def has_class(self, name):
        return name in self.attrs.get("class", "").split()


class DOMBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", [])
        self.errors = []
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.current.tag}>")
            return
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    builder = DOMBuilder()
    builder.feed(html)
    builder.close()
    assert builder.doctype == "doctype html", builder.doctype
    assert builder.errors == [], builder.errors
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    return builder.root


def dom(response, status=200):
    assert response.status_code == status
    return parse(response.content.decode())


def assert_accessible_structure(doc):
    """One h1, headings in order, landmarks, a working skip link, alt texts, unique ids."""
    html = doc.find("html")
    assert html.attrs["lang"]
    assert doc.texts("title")[0]
    # The skip link comes first and points at the main landmark.
    body = doc.find("body")
    first_link = body.find_all("a")[0]
    assert first_link.attrs["href"] == "#main"
    assert first_link.has_class("visually-hidden-focusable")
    main = doc.find("main")
    assert main.attrs["id"] == "main"
    assert len(doc.find_all("header")) == 1
    assert len(doc.find_all("footer")) == 1
    for nav in doc.find_all("nav"):
        assert nav.attrs.get("aria-label")
    # Headings: exactly one h1, no level skipped on the way down.
    levels = [int(node.tag[1]) for node in doc.iter() if re.fullmatch(r"h[1-6]", node.tag)]
    assert levels.count(1) == 1
    assert levels[0] == 1
    for previous, level in zip(levels, levels[1:], strict=False):
        assert level <= previous + 1, levels
    for img in doc.find_all("img"):
        assert "alt" in img.attrs
    ids = [node.attrs["id"] for node in doc.iter() if "id" in node.attrs]
    assert len(ids) == len(set(ids))
    for node in doc.iter():
        if "aria-labelledby" in node.attrs:
            assert node.attrs["aria-labelledby"] in ids
    # Every form control has a label.
    labelled = {node.attrs.get("for") for node in doc.find_all("label")}
    for control in doc.find_all("select") + [i for i in doc.find_all("input") if i.attrs.get("type") != "hidden"]:
        assert control.attrs["id"] in labelled


def assert_csp_safe(doc):
    """Nothing that script-src 'self' / style-src 'self' would block: no inline scripts, styles or handlers."""
    assert doc.find_all("style") == []
    for script in doc.find_all("script"):
        assert script.attrs.get("src", "").startswith("/static/"), script.attrs
        assert script.text == ""
    for node in doc.iter():
        assert "style" not in node.attrs, node.tag
        assert not [name for name in node.attrs if name.startswith("on")], (node.tag, node.attrs)
        for name in ("href", "src", "action"):
            assert not str(node.attrs.get(name, "")).lower().startswith("javascript:")
        for name in ("href", "src"):
            value = node.attrs.get(name) or ""
            assert not value.startswith("//") and "cdn" not in value, value


def section(doc, heading_id):
    return doc.find("section", **{"aria-labelledby": heading_id})


# --- data -----------------------------------------------------------------------------------------------------


def next_year_event(**kwargs):
    """An event next March, 08:00 UTC = 10:00 in Sofia (no daylight saving time yet)."""
    start = datetime.datetime(timezone.now().year + 1, 3, 10, 8, tzinfo=datetime.UTC)
    defaults = {"start": start, "end": start + datetime.timedelta(hours=6), "time_zone": "Europe/Sofia"}
    return EventFactory(**{**defaults, **kwargs})


@pytest.fixture
def content(db):
    """Two partners, published, draft and sample practices, and an upcoming, a past and a cancelled event."""
    peloponnese = PartnerFactory(
        name="Region of Peloponnese",
        is_lead=True,
        region=RegionFactory(code="EL65", name="Πελοπόννησος", name_en="Peloponnese", country="EL", level=2),
    )
    haskovo = PartnerFactory(
        name="Haskovo Municipality", region=RegionFactory(code="BG422", name="Хасково", name_en="Haskovo", country="BG")
    )
    published_at = datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)
    GoodPracticeFactory(
        title="Village shop run by a cooperative",
        partner=peloponnese,
        published=True,
        published_at=published_at,
        themes=[theme("awareness"), theme("access")],
    )
    GoodPracticeFactory(
        title="Social procurement clauses",
        partner=haskovo,
        published=True,
        published_at=published_at + datetime.timedelta(days=1),
        is_sample=True,
        themes=[theme("access")],
    )
    GoodPracticeFactory(title="Draft that nobody may see", partner=haskovo, themes=[theme("strengthening")])
    workshop = EventTypeFactory(slug="interregional-workshop", name="Interregional workshop", target=1)
    next_year_event(
        title="Interregional workshop on visibility",
        event_type=workshop,
        host=haskovo,
        country="BG",
        city="Haskovo",
        is_sample=True,
    )
    EventFactory(
        title="Meeting held last year",
        start=timezone.now() - datetime.timedelta(days=400),
        end=None,
        host=peloponnese,
    )
    next_year_event(title="Cancelled meeting", status="cancelled", host=peloponnese)
    return SimpleNamespace(peloponnese=peloponnese, haskovo=haskovo)


# --- home -----------------------------------------------------------------------------------------------------


def test_home_in_english(client, content):
    response = client.get("/")
    assert [t.name for t in response.templates][:2] == ["home.html", "base.html"]
    doc = dom(response)
    assert doc.find("html").attrs["lang"] == "en"
    assert doc.texts("title") == ["SECON good-practice portal"]
    assert doc.texts("h1") == ["Good practices for the social economy in Europe's regions"]
    assert doc.texts("h2") == [
        "Four focus objectives",
        "Latest good practices",
        "Next events",
        "Progress towards the project's targets",
        "Partners",
        "The project",
    ]

    objectives = section(doc, "objectives-heading")
    assert objectives.texts("h3") == THEME_LABELS
    assert objectives.texts("p", **{"class": "card-text theme-count mt-auto mb-0"}) == [
        "1 published practice",
        "2 published practices",
        "0 published practices",
        "0 published practices",
    ]
    assert (
        "Visibility of the social economy among conscious consumers who buy responsibly and locally."
        in objectives.texts("p")
    )

    practices = section(doc, "practices-heading")
    assert practices.texts("h3") == ["Social procurement clauses", "Village shop run by a cooperative"]
    cards = practices.find_all("article")
    assert cards[0].texts("span") == ["Sample content"]
    assert cards[1].texts("span") == []
    assert cards[0].texts("dd") == ["Haskovo, Bulgaria", "Haskovo Municipality"]
    assert cards[1].texts("dt") == ["Region", "Partner"]
    assert cards[1].texts("dd") == ["Peloponnese, Greece", "Region of Peloponnese"]

    events = section(doc, "events-heading")
    year = timezone.now().year + 1
    assert events.texts("h3") == ["Interregional workshop on visibility"]
    assert events.texts("span", **{"class": "badge sample-badge"}) == ["Sample content"]
    assert events.texts("dd") == [
        "Interregional workshop",
        f"March 10, {year}, 10 a.m. (local time, Europe/Sofia)",
        "Haskovo, Bulgaria",
    ]
    assert events.find("time").attrs["datetime"] == f"{year}-03-10T10:00:00+02:00"

    partners = section(doc, "partners-heading")
    assert partners.texts("span", **{"class": "partner-name"}) == ["Region of Peloponnese", "Haskovo Municipality"]
    assert partners.texts("span", **{"class": "badge lead-badge"}) == ["Lead partner"]
    assert partners.texts("span", **{"class": "d-block text-body-secondary"}) == [
        "Peloponnese, Greece",
        "Haskovo, Bulgaria",
    ]
    assert doc.find_all("p", **{"class": "empty-state"}) == []
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_home_without_content_says_so(client, db):
    doc = dom(client.get("/"))
    assert section(doc, "objectives-heading").texts("h3") == THEME_LABELS
    assert doc.texts("p", **{"class": "empty-state"}) == [
        "No good practices have been published yet. The partners are identifying practices in their regions; "
        "they will appear here once they have been reviewed.",
        "No events are scheduled at the moment.",
        "No partners have been entered yet.",
    ]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_home_in_german(client, content):
    doc = dom(client.get("/de/"))
    assert doc.find("html").attrs["lang"] == "de"
    assert doc.find("a", href="#main").text == "Zum Hauptinhalt springen"
    assert doc.find("a", href="/de/about/", **{"class": "site-nav-link"}).text
    assert doc.find("option", selected=None).attrs["value"] == "de"
    assert doc.find("input", name="next").attrs["value"] == "/de/"
    assert doc.find("a", **{"class": "btn btn-sm btn-primary"}).text == "Anmelden"
    # Dates and times in the German format, in the event's time zone.
    year = timezone.now().year + 1
    assert section(doc, "events-heading").texts("time") == [f"10. März {year}, 10:00"]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_home_query_count_does_not_grow(client, content, django_assert_num_queries):
    # Themes with their counts, latest practices, next events, partners; the progress: event types with
    # their held events, partners with the practices published in their regions.
    with django_assert_num_queries(6):
        client.get("/")
    for _ in range(8):
        practice_partner = PartnerFactory()
        GoodPracticeFactory(partner=practice_partner, published=True, themes=[theme("awareness"), theme("access")])
        next_year_event(host=practice_partner)
    with django_assert_num_queries(6):
        response = client.get("/")
    doc = dom(response)
    assert len(section(doc, "practices-heading").find_all("article")) == 6
    assert len(section(doc, "events-heading").find_all("article")) == 3
    assert len(section(doc, "partners-heading").find_all("li")) == 10


# --- navigation and header ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "hrefs", "current"),
    [
        ("/", ["/", "/practices/", "/regions/", "/events/", "/about/"], "Home"),
        ("/about/", ["/", "/practices/", "/regions/", "/events/", "/about/"], "About"),
        ("/de/about/", ["/de/", "/de/practices/", "/de/regions/", "/de/events/", "/de/about/"], "/de/about/"),
    ],
)
def test_navigation_marks_the_current_page(client, db, url, hrefs, current):
    nav = dom(client.get(url)).find("nav", **{"class": "site-nav"})
    links = nav.find_all("a")
    assert [link.attrs["href"] for link in links] == hrefs
    marked = [link for link in links if link.attrs.get("aria-current") == "page"]
    assert len(marked) == 1
    assert marked[0].attrs["href"] == url
    assert marked[0].has_class("is-current")
    if not url.startswith("/de/"):
        assert [link.text for link in links] == ["Home", "Practices", "Regions", "Events", "About"]
        assert marked[0].text == current


def test_language_switcher_posts_to_set_language(client, db):
    doc = dom(client.get("/about/"))
    form = doc.find("form", **{"class": "language-switcher d-flex align-items-center gap-2"})
    assert form.attrs["action"] == reverse("set_language") == "/i18n/setlang/"
    assert form.attrs["method"] == "post"
    assert form.find("input", name="csrfmiddlewaretoken").attrs["value"]
    assert form.find("input", name="next").attrs["value"] == "/about/"
    select = form.find("select", name="language")
    assert [(o.attrs["value"], o.attrs["lang"], o.text) for o in select.find_all("option")] == [
        ("en", "en", "English"),
        ("de", "de", "Deutsch"),
    ]
    assert form.texts("label") == ["Language"]
    assert form.find("button").attrs["type"] == "submit"


@pytest.mark.parametrize(
    ("cookie", "next_url", "language", "location"),
    [
        (None, "/about/", "de", "/de/about/"),
        (None, "/de/about/", "en", "/about/"),
        # The page's language and the cookie differ: the page's URL still decides what `next` means.
        ("de", "/about/", "de", "/de/about/"),
        ("en", "/de/about/", "en", "/about/"),
        ("de", "/de/", "en", "/"),
        (None, "/de/", "de", "/de/"),
        # A URL that resolves in no language is kept as it is.
        (None, "/de/no-such-page/", "en", "/de/no-such-page/"),
    ],
)
def test_set_language_sends_the_visitor_to_the_same_page_in_the_chosen_language(
    client, db, cookie, next_url, language, location
):
    if cookie:
        client.cookies["django_language"] = cookie
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == location
    assert response.cookies["django_language"].value == language
    if "no-such-page" not in location:
        assert client.get(location)["Content-Language"] == language


def test_set_language_does_not_redirect_elsewhere(client, db):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "https://example.com/"})
    assert response["Location"] == "/de/"


def test_visitors_get_a_log_in_link(client, db):
    doc = dom(client.get("/about/"))
    menu = doc.find("div", **{"class": "user-menu d-flex flex-wrap align-items-center gap-2"})
    assert [(a.text, a.attrs["href"]) for a in menu.find_all("a")] == [("Log in", "/accounts/login/?next=/about/")]
    assert menu.find_all("form") == []


def test_staff_get_the_administration_and_log_out(client, db):
    client.force_login(StaffFactory(username="maria", first_name="Maria"))
    doc = dom(client.get("/"))
    menu = doc.find("div", **{"class": "user-menu d-flex flex-wrap align-items-center gap-2"})
    assert menu.texts("span") == ["Signed in as Maria"]
    assert [(a.text, a.attrs["href"]) for a in menu.find_all("a")] == [
        ("Administration", "/admin/"),
        ("Change password", "/accounts/password_change/"),
    ]
    logout = menu.find("form")
    assert (logout.attrs["action"], logout.attrs["method"]) == ("/accounts/logout/", "post")
    assert logout.find("button").text == "Log out"


def test_other_users_get_no_administration_link(client, db):
    client.force_login(UserFactory(username="partner-editor"))
    doc = dom(client.get("/"))
    menu = doc.find("div", **{"class": "user-menu d-flex flex-wrap align-items-center gap-2"})
    assert menu.texts("span") == ["Signed in as partner-editor"]
    assert [(a.text, a.attrs["href"]) for a in menu.find_all("a")] == [
        ("Change password", "/accounts/password_change/")
    ]
    assert menu.find("button").text == "Log out"


def test_footer_attributes_the_eu_funding(client, db):
    doc = dom(client.get("/"))
    footer = doc.find("footer")
    emblem = footer.find("img")
    assert emblem.attrs["src"] == "/static/img/eu-emblem.svg"
    assert emblem.attrs["alt"] == "Flag of the European Union"
    assert footer.texts("p") == [FUNDING, DISCLAIMER]
    assert [(a.text, a.attrs["href"]) for a in footer.find_all("a")] == [
        ("About SECON", "/about/"),
        ("SECON on the Interreg Europe website", "https://www.interregeurope.eu/secon"),
    ]


def test_bootstrap_and_portal_assets_are_served_locally(client, db):
    doc = dom(client.get("/"))
    assert [link.attrs["href"] for link in doc.find_all("link", rel="stylesheet")] == [
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/css/portal.css",
    ]
    assert [script.attrs["src"] for script in doc.find_all("script")] == [
        "/static/vendor/bootstrap/bootstrap.bundle.min.js"
    ]


# --- about ----------------------------------------------------------------------------------------------------

ACTIVITIES = [
    "Analysis of the policy framework",
    "Identification and dissemination of good practices",
    "7 regional stakeholder meetings per partner country",
    "1 interregional workshop in Bulgaria",
    "2 thematic seminars in Romania and Belgium",
    "2 study visits in Spain and Poland",
    "Joint review and assessment of the policy instruments",
    "Policy round table in Germany",
]
PARTNERS = [
    ("Region of Peloponnese", "Greece"),
    ("KMOP – Social Action and Innovation Centre", "Greece"),
    ("Rhine-Neckar Regional Association", "Germany"),
    ("Province of Flemish Brabant", "Belgium"),
    ("Harghita County Council", "Romania"),
    ("Mazowieckie Region", "Poland"),
    ("Oliveira de Azeméis Municipality", "Portugal"),
    ("Riga Planning Region", "Latvia"),
    ("Junta de Extremadura – Regional Ministry of Agriculture, Livestock and Sustainable Development", "Spain"),
    ("Haskovo Municipality", "Bulgaria"),
]


def test_about_page(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/about/")
    assert [t.name for t in response.templates][:2] == ["about.html", "base.html"]
    doc = dom(response)
    assert doc.texts("title") == ["About SECON – SECON good-practice portal"]
    assert doc.texts("h1") == ["About SECON"]
    assert doc.texts("h2") == ["Focus objectives", "Activities", "Partners", "Learn more", "The project"]
    assert section(doc, "objectives-heading").texts("h3") == THEME_LABELS
    assert section(doc, "activities-heading").texts("h3") == ACTIVITIES
    partners = section(doc, "partners-heading")
    assert [
        (li.find("span", **{"class": "partner-name"}).text, li.texts("span")[1]) for li in partners.find_all("li")
    ] == PARTNERS
    more = section(doc, "more-heading")
    assert more.texts("p") == [
        f"{FUNDING} The project's page on the Interreg Europe website is www.interregeurope.eu/secon."
    ]
    assert more.find("a").attrs["href"] == "https://www.interregeurope.eu/secon"
    assert (
        "SECON holds seven regional stakeholder meetings in each partner country to strengthen the engagement of "
        "all interested actors." in section(doc, "activities-heading").texts("p")
    )
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_about_page_in_german(client, db):
    doc = dom(client.get("/de/about/"))
    assert doc.find("html").attrs["lang"] == "de"
    assert doc.find("a", href="#main").text == "Zum Hauptinhalt springen"
    assert doc.find("a", href="/de/about/", **{"aria-current": "page"})
    assert doc.find("a", **{"class": "site-brand"}).attrs["href"] == "/de/"
    assert doc.find("input", name="next").attrs["value"] == "/de/about/"
    assert len(section(doc, "activities-heading").find_all("h3")) == 8
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


# --- error pages ----------------------------------------------------------------------------------------------


def test_unknown_url_gets_the_404_page_in_the_base_layout(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    doc = dom(response, status=404)
    assert doc.texts("h1") == ["Page not found"]
    assert doc.texts("title") == ["Page not found – SECON good-practice portal"]
    assert doc.find("nav", **{"class": "site-nav"})
    assert doc.find("a", **{"class": "btn btn-primary"}).attrs["href"] == "/"
    assert doc.find("footer").texts("p") == [FUNDING, DISCLAIMER]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_404_page_in_german(client, db, settings):
    settings.DEBUG = False
    doc = dom(client.get("/de/no-such-page/"), status=404)
    assert doc.find("html").attrs["lang"] == "de"
    assert doc.texts("h1") == ["Seite nicht gefunden"]
    assert doc.find("a", **{"class": "btn btn-primary"}).attrs["href"] == "/de/"


def test_500_template_renders_without_request_context_or_database():
    # No `db` fixture: pytest-django makes any query in here an error.
    html = get_template("500.html").render()
    doc = parse(html)
    assert doc.texts("h1") == ["Server error"]
    assert doc.find("footer").texts("p") == [FUNDING, DISCLAIMER]
    assert doc.find_all("form") == []
    assert doc.find_all("nav") == []
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


@pytest.mark.urls("tests.test_pages")
def test_a_failing_view_gets_the_500_page(client, db, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/boom/")
    doc = dom(response, status=500)
    assert doc.texts("h1") == ["Server error"]
    assert doc.texts("p", **{"class": "lead"}) == [
        "Something went wrong on our side. Please try again in a few minutes."
    ]


# --- shared partials ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("is_sample", "expected"), [(True, ["Sample content"]), (False, [])])
def test_sample_badge(is_sample, expected):
    html = Template('{% include "includes/sample_badge.html" with object=thing %}').render(
        Context({"thing": SimpleNamespace(is_sample=is_sample)})
    )
    assert parse("<!doctype html>" + html).texts("span") == expected


def test_messages_are_announced():
    messages = [Message(constants.SUCCESS, "Saved."), Message(constants.ERROR, "Not saved.")]
    html = get_template("includes/messages.html").render({"messages": messages})
    doc = parse("<!doctype html>" + html)
    assert [(div.attrs["class"], div.text) for div in doc.find_all("div", role="status")] == [
        ("alert alert-success", "Saved.")
    ]
    assert [(div.attrs["class"], div.text) for div in doc.find_all("div", role="alert")] == [
        ("alert alert-danger", "Not saved.")
    ]
