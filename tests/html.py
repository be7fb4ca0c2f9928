"""Reading the portal's HTML in tests, through BeautifulSoup.

- `dom(response)` / `parse(markup)`: a page as an `Element`, after checking that it is well-formed;
- `texts(markup, tag, cls, within)`: the texts of some elements of a page or fragment, without the check;
- `Element`: `find` (exactly one), `find_all`, `texts`, `text`, `attrs`, `section`, `table_rows`, `markup`;
- `assert_accessible_structure(doc)` and `assert_csp_safe(doc)`: what every page of the portal must hold.

Texts are read as a browser shows them: block-level boundaries separate words, runs of white space count as one
space (a no-break space is kept: it is meant).
"""

import functools
import re
from html.parser import HTMLParser

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag
from bs4.formatter import HTMLFormatter

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Attributes whose value is their presence: written without one, as the templates write them.
BOOLEAN = {"async", "autofocus", "checked", "defer", "disabled", "hidden", "multiple", "novalidate", "open"}
BOOLEAN |= {"readonly", "required", "reversed", "selected"}
BLOCKS = {"li", "p", "br", "div", "dt", "dd", "tr", "td", "th"}


def squash(value):
    """Runs of white space as one space (a no-break space is kept: it is meant)."""
    return re.sub(r"[ \t\n\r\f]+", " ", value).strip()


# -- well-formedness: the one thing BeautifulSoup does not check -------------------------------------------------


class _WellFormedness(HTMLParser):
    """The doctype, and the elements still open; every end tag must close the element opened last."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.doctype, self.open, self.errors = None, [], []

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        """`<x/>` is complete as it is."""

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else '#document'}>")
            return
        self.open.pop()


def assert_well_formed(markup):
    """A doctype, every element closed, nothing closed twice or out of order."""
    check = _WellFormedness()
    check.feed(markup)
    check.close()
    assert check.doctype == "doctype html", check.doctype
    assert check.errors == [], check.errors
    assert check.open == [], f"<{check.open[-1]}> is never closed"


# -- the tree ------------------------------------------------------------------------------------------------------


def _escape(value):
    """As django.utils.html.escape writes it."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


class _AsTheTemplatesWriteIt(HTMLFormatter):
    """Attributes in the page's order with Django's escaping, void elements without a slash, boolean attributes
    without a value: the markup as the portal's templates write it."""

    def __init__(self):
        super().__init__(
            entity_substitution=lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
            void_element_close_prefix=None,
            indent=None,
        )

    def attribute_value(self, value):
        return _escape(value)

    def attributes(self, tag):
        return [(name, None if name in BOOLEAN and value == "" else value) for name, value in tag.attrs.items()]


_FORMATTER = _AsTheTemplatesWriteIt()


def _text(tag, leave_out=None):
    parts = []
    for child in tag.children:
        if isinstance(child, Tag):
            if leave_out and leave_out in (child.get("class") or "").split():
                continue
            separate = " " if child.name in BLOCKS else ""
            parts += [separate, _text(child, leave_out), separate]
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):  # no comments
            parts.append(str(child))
    return "".join(parts)


def _has_id_or_class(tag, name):
    return tag.get("id") == name or name in (tag.get("class") or "").split()


class Element:
    """An element of a page (or the page itself), read through BeautifulSoup.

    `find_all(tag, cls, within, **attrs)` selects by tag name, a class among the element's classes (`cls`), an
    ancestor with that id or class (`within`), and attributes with exactly these values (`class` included:
    `**{"class": "btn btn-primary"}` is the whole attribute).
    """

    def __init__(self, tag):
        self.tag = tag

    def __repr__(self):
        return f"<Element {self.name} {self.attrs}>"

    def __eq__(self, other):
        return isinstance(other, Element) and self.tag is other.tag

    __hash__ = None

    @property
    def name(self):
        return self.tag.name

    @property
    def parent(self):
        return Element(self.tag.parent)

    @property
    def attrs(self):
        return self.tag.attrs

    @property
    def text(self):
        return squash(_text(self.tag))

    @property
    def markup(self):
        """The element's HTML, for assertions on exact markup: written anew from the tree, so it is escaped anew (a test
        of escaping reads the page's own text too) and white space between elements is one space or line break."""
        return self.tag.decode(formatter=_FORMATTER)

    @property
    def inner_markup(self):
        """The HTML inside the element, written the same way."""
        return self.tag.decode_contents(formatter=_FORMATTER)

    @property
    def string(self):
        """The raw content of an element that holds only text, such as a <script>: no entity is decoded in it."""
        return str(self.tag.string or "")

    def before(self, other):
        """Whether this element starts before `other` in the page."""
        return (self.tag.sourceline, self.tag.sourcepos) < (other.tag.sourceline, other.tag.sourcepos)

    def has_class(self, name):
        return name in self.attrs.get("class", "").split()

    def iter(self):
        """Every element inside this one, in document order."""
        return (Element(tag) for tag in self.tag.find_all(True))

    def find_all(self, tag=None, cls=None, within=None, **attrs):
        return [
            Element(found)
            for found in self.tag.find_all(tag or True)
            if (cls is None or cls in (found.get("class") or "").split())
            and all(name in found.attrs and found.attrs[name] == value for name, value in attrs.items())
            and (within is None or any(_has_id_or_class(parent, within) for parent in found.parents))
        ]

    def find(self, tag=None, cls=None, within=None, **attrs):
        found = self.find_all(tag, cls, within, **attrs)
        assert len(found) == 1, f"expected one <{tag} {cls=} {within=} {attrs}>, found {len(found)}"
        return found[0]

    def texts(self, tag=None, cls=None, within=None, **attrs):
        return [element.text for element in self.find_all(tag, cls, within, **attrs)]

    def section(self, heading_id):
        """The <section> labelled by the heading with id `heading_id`."""
        return self.find("section", **{"aria-labelledby": heading_id})

    def table_rows(self, leave_out=None):
        """The rows of the (one) table body in this element, each a list of cell texts; the elements with class
        `leave_out` are left out of the cells' texts."""
        return [
            [squash(_text(cell.tag, leave_out)) for cell in row.find_all(["th", "td"])]
            for row in self.find("tbody").find_all("tr")
        ]

    def inline_scripts(self):
        """The <script> elements with their code in the page rather than in a file."""
        return [script for script in self.find_all("script") if "src" not in script.attrs]

    def headings(self):
        """The levels of the headings h1 to h6 inside this element, in document order."""
        return [int(element.name[1]) for element in self.iter() if re.fullmatch(r"h[1-6]", element.name)]


@functools.lru_cache(maxsize=16)
def _soup(markup):
    return BeautifulSoup(markup, "html.parser", multi_valued_attributes=None)


def parse(markup):
    """A whole page, checked to be well-formed first."""
    assert_well_formed(markup)
    return Element(_soup(markup))


def fragment(markup):
    """A piece of HTML (a partial template's output, say), not checked."""
    return Element(_soup(markup))


def dom(response, status=200):
    assert response.status_code == status
    return parse(response.content.decode())


def texts(markup, tag=None, cls=None, within=None, **attrs):
    """The texts of the `tag` elements of `markup` (a page, a fragment or an `Element`); see `Element.find_all`."""
    root = markup if isinstance(markup, Element) else fragment(markup)
    return root.texts(tag, cls, within, **attrs)


def text(markup, tag=None, cls=None, within=None, **attrs):
    """The text of the one such element."""
    (found,) = texts(markup, tag, cls, within, **attrs)
    return found


def section(doc, heading_id):
    return doc.section(heading_id)


def headings_in_order(levels):
    """Exactly one h1, first, and no level skipped on the way down."""
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, levels
    for previous, level in zip(levels, levels[1:], strict=False):
        assert level <= previous + 1, levels


# -- what every page must hold -------------------------------------------------------------------------------------


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
    headings_in_order(doc.headings())
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
        assert "style" not in node.attrs, node.name
        assert not [name for name in node.attrs if name.startswith("on")], (node.name, node.attrs)
        for name in ("href", "src", "action"):
            assert not str(node.attrs.get(name, "")).lower().startswith("javascript:")
        for name in ("href", "src"):
            value = node.attrs.get(name) or ""
            assert not value.startswith("//") and "cdn" not in value, value
