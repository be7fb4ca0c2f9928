"""The about page, in English and German."""

from tests.html import assert_accessible_structure, assert_csp_safe, dom, section
from tests.wording import FUNDING, THEME_LABELS

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
    assert doc.texts("h2") == [
        "Focus objectives",
        "Activities",
        "Partners",
        "Open data",
        "Privacy",
        "Learn more",
        "The project",
    ]
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


def test_about_page_says_what_alert_addresses_are_for(client, db):
    privacy = section(dom(client.get("/about/")), "privacy-heading")
    assert privacy.texts("p") == [
        "Visitors can ask to receive new good practices that match a search by e-mail. The portal keeps the e-mail "
        "address they give, with the search, the frequency and the language they chose, only to send these alerts, "
        "and uses it for nothing else. Nothing is sent before the address is confirmed with the link e-mailed to it.",
        "The address is deleted when its owner unsubscribes, with the link in every alert e-mail (one click, no "
        "log-in), or after a year if it was never confirmed.",
    ]


def test_about_page_in_german(client, db):
    doc = dom(client.get("/de/about/"))
    assert doc.find("html").attrs["lang"] == "de"
    assert doc.find("a", href="#main").text == "Zum Hauptinhalt springen"
    assert doc.find("a", href="/de/about/", **{"aria-current": "page"})
    assert doc.find("a", **{"class": "site-brand"}).attrs["href"] == "/de/"
    assert doc.find("a", hreflang="en").attrs["href"] == "/language/en/?next=/de/about/"
    assert len(section(doc, "activities-heading").find_all("h3")) == 8
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
