"""A published practice in the fields of the Interreg Europe good-practice form, in the form's order.

FIELDS is the one list of those fields (label, and how a practice fills it); the page a partner copies from
(templates/practices/interreg.html) and the Word document (`docx_bytes`) both read it, so that SECON's practices
can be entered into the Interreg Europe database without retyping.

Where the order comes from, honestly: the current form (the "Good practice template 2024" offered on
interregeurope.eu/good-practices) could not be read while this was written. The order follows the one the
portal's brief gives for that form, and agrees with what public Interreg Europe pages say of it: the help
centre's FAQ (a question whether the practice comes from an Interreg Europe project, a "location of good
practice" section) and the programme's 2020 seminar slides on submitting good practices (general information
with a title of at most 100 characters, then detailed information). That title limit is the only one confirmed
by a source; the other fields carry no limit here rather than a guessed one. Put a limit on a field (`limit=`)
once it is read off the current template: the page and the document then show it.

The values are given in English whatever the reader's language (the form and the database are in English, as
the practices are); the labels follow the reader's language.
"""

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from secon_portal import formats

# The SECON project, as the form's question "does the practice come from an Interreg Europe project?" wants it.
PROJECT_ANSWER = "Yes: SECON (Interreg Europe)"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Field:
    """A field of the form: its label, how a practice fills it (`value(practice, page_url)`, in English), the
    form's limit in characters when known, and a note for the partner where the portal cannot fill it."""

    key: str
    label: str
    value: Callable
    limit: int | None = None
    note: str = ""


@dataclass(frozen=True)
class FilledField:
    """A field with its value for one practice."""

    field: Field
    text: str

    @property
    def key(self):
        return self.field.key

    @property
    def label(self):
        return self.field.label

    @property
    def length(self):
        return len(self.text)

    @property
    def over_limit(self):
        return self.field.limit is not None and self.length > self.field.limit


def _lines(*lines):
    return "\n".join(line for line in lines if line)


def _paragraphs(*paragraphs):
    return "\n\n".join(paragraph.strip() for paragraph in paragraphs if paragraph and paragraph.strip())


def _location_country(practice, page_url):
    return practice.region.country_name if practice.region else ""


def _location_region(practice, page_url):
    """The region with its NUTS code, and the NUTS 2 region that holds it (the level the form's list offers)."""
    region = practice.region
    if region is None:
        return ""
    text = f"{region.full_name} (NUTS {region.level}: {region.code})"
    parent = region.parent if region.level > 2 else None
    while parent is not None and parent.level > 2:
        parent = parent.parent
    if parent is not None:
        text += f", in {parent.full_name} (NUTS 2: {parent.code})"
    return text


def _resources(practice, page_url):
    money = []
    if practice.budget_eur is not None:
        money.append(f"Budget: {formats.eur(practice.budget_eur)}.")
    if practice.funding_source:
        money.append(f"Source of funding: {practice.funding_source}.")
    return _paragraphs(practice.resources, " ".join(money))


def _timescale(practice, page_url):
    if not practice.start_date and not practice.end_date:
        return ""
    start = date_format(practice.start_date, "DATE_FORMAT") if practice.start_date else "unknown"
    end = date_format(practice.end_date, "DATE_FORMAT") if practice.end_date else "ongoing"
    return f"{start} – {end}"


def _result_line(result):
    value = " ".join(part for part in (formats.number(result.value), result.unit) if part)
    year = f" ({result.year})" if result.year else ""
    return f"- {result.indicator}: {value}{year}"


def _evidence(practice, page_url):
    results = [_result_line(result) for result in practice.results.all()]
    return _paragraphs(practice.evidence, _lines(*results))


def _further_information(practice, page_url):
    return _lines(practice.website, f"SECON good-practice portal: {page_url}")


def _institution(practice, page_url):
    if not practice.main_institution:
        return ""
    if practice.institution_type:
        return f"{practice.main_institution} ({practice.get_institution_type_display()})"
    return practice.main_institution


def _contact(practice, page_url):
    """The contact person only where they agreed to be named (GoodPractice.has_public_contact), else the partner."""
    if practice.has_public_contact:
        return _lines(
            practice.contact_name,
            practice.partner.name,
            practice.contact_email and f"E-mail: {practice.contact_email}",
            practice.contact_phone and f"Telephone: {practice.contact_phone}",
        )
    return _lines(practice.partner.name, practice.partner.website)


def _keywords(practice, page_url):
    return ", ".join(
        [theme.label for theme in practice.themes.all()] + [topic.label for topic in practice.topics.all()]
    )


FIELDS = (
    Field("title", _("Title of the practice"), lambda practice, page_url: practice.title, limit=100),
    Field(
        "project",
        _("Does the practice come from an Interreg Europe project?"),
        lambda practice, page_url: PROJECT_ANSWER,
    ),
    Field(
        "scope",
        _("Geographical scope of the practice"),
        lambda practice, page_url: "",
        note=_("The portal does not record it: choose local, regional, national or international in the form."),
    ),
    Field("country", _("Location of the practice: country"), _location_country),
    Field("region", _("Location of the practice: region (NUTS)"), _location_region),
    Field("summary", _("Short summary of the practice"), lambda practice, page_url: practice.summary),
    Field("description", _("Detailed information on the practice"), lambda practice, page_url: practice.description),
    Field("resources", _("Resources needed"), _resources),
    Field("timescale", _("Timescale (start and end date)"), _timescale),
    Field("evidence", _("Evidence of success (results achieved)"), _evidence),
    Field(
        "transfer",
        _("Potential for learning or transfer"),
        lambda practice, page_url: practice.transfer_potential,
    ),
    Field(
        "difficulties",
        _("Difficulties encountered and lessons learned"),
        lambda practice, page_url: practice.difficulties,
    ),
    Field("website", _("Further information (website)"), _further_information),
    Field("institution", _("Main institution involved"), _institution),
    Field("contact", _("Contact"), _contact),
    Field("keywords", _("Themes and topics (keywords)"), _keywords),
)


def filled_fields(practice, page_url):
    """FIELDS with their values for `practice` (from GoodPractice.with_page_details()), in English.

    `page_url`: the absolute address of the practice's page on the portal.
    """
    with translation.override("en"):
        return [FilledField(field, (field.value(practice, page_url) or "").strip()) for field in FIELDS]


def docx_bytes(practice, page_url):
    """The fields as a Word document (.docx): a heading and the text of each, in the form's order."""
    import docx  # python-docx: only the document needs it
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    properties = document.core_properties
    properties.title = practice.title
    properties.subject = str(_("Interreg Europe good-practice form"))
    properties.author = str(_("SECON good-practice portal"))
    properties.language = "en"

    document.add_heading(practice.title, level=0)
    intro = _(
        "The fields of the Interreg Europe good-practice form, in its order, filled in from the SECON "
        "good-practice portal. Source: %(url)s"
    )
    document.add_paragraph(str(intro) % {"url": page_url})
    for filled in filled_fields(practice, page_url):
        document.add_heading(str(filled.label), level=1)
        if filled.field.note and not filled.text:
            document.add_paragraph(str(filled.field.note)).runs[0].italic = True
        for paragraph in filled.text.split("\n\n") if filled.text else ():
            document.add_paragraph(paragraph)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
