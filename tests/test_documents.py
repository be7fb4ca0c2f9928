"""Documents are checked by their content on every path: a partner's form, the admin, the shell."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import EventDocument
from practices.models import PracticeAttachment
from secon_portal.files import MAX_DOCUMENT_SIZE
from tests.factories import EventFactory, GoodPracticeFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
HTML = b"<!doctype html><script>alert(1)</script>"
ZIP = b"PK\x03\x04" + b"\0" * 60


def upload(name, content):
    return SimpleUploadedFile(name, content)


def inline_form_data(page, prefix, **rows):
    """The admin change page's own values, with no inline row posted but `rows` for the inline `prefix`."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        bound = form[name]
        if isinstance(bound.field.widget, forms.MultiWidget):  # a date and a time
            parts = bound.field.widget.decompress(bound.value())
            data.update({f"{name}_{i}": "" if part is None else str(part) for i, part in enumerate(parts)})
            continue
        value = bound.value()
        if value not in (None, False):
            data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    for formset in page.context["inline_admin_formsets"]:
        other = formset.formset.prefix
        data.update({f"{other}-TOTAL_FORMS": "0", f"{other}-INITIAL_FORMS": "0", f"{other}-MIN_NUM_FORMS": "0"})
    data.update({f"{prefix}-TOTAL_FORMS": "1", **rows})
    return data


def inline_errors(response, prefix):
    (inline,) = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix]
    return inline.formset.errors


@pytest.fixture
def admin_client(client):
    client.force_login(SuperuserFactory())
    return client


def post_attachment(client, practice, name, content):
    url = reverse("admin:practices_goodpractice_change", args=[practice.pk])
    page = client.get(url)
    rows = {"attachments-0-file": upload(name, content), "attachments-0-title": "Report", "attachments-0-order": "0"}
    return client.post(url, inline_form_data(page, "attachments", **rows))


def test_the_admin_keeps_a_pdf_attachment(admin_client):
    practice = GoodPracticeFactory()
    response = post_attachment(admin_client, practice, "report.pdf", PDF)
    assert response.status_code == 302
    assert PracticeAttachment.objects.get(practice=practice).size == len(PDF)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", HTML, "“report.pdf” is not a PDF file."),
        ("report.pdf", b"%PDF-1.7 but cut off", "“report.pdf” is not a PDF file."),
        (
            "report.pdf",
            PDF + b" " * MAX_DOCUMENT_SIZE,
            "“report.pdf” is too large (20.0\xa0MB); a document can be at most",
        ),
    ],
)
def test_the_admin_refuses_an_attachment_that_is_no_pdf_or_too_large(admin_client, name, content, message):
    practice = GoodPracticeFactory()
    response = post_attachment(admin_client, practice, name, content)
    assert response.status_code == 200
    [errors] = inline_errors(response, "attachments")
    assert errors["file"][0].startswith(message)
    assert not PracticeAttachment.objects.exists()


def post_event_document(client, event, name, content):
    url = reverse("admin:events_event_change", args=[event.pk])
    page = client.get(url)
    rows = {
        "documents-0-file": upload(name, content),
        "documents-0-title": "Agenda",
        "documents-0-kind": "agenda",
        "documents-0-order": "0",
    }
    return client.post(url, inline_form_data(page, "documents", **rows))


@pytest.mark.parametrize(("name", "content"), [("agenda.pdf", PDF), ("agenda.docx", ZIP), ("agenda.odt", ZIP)])
def test_the_admin_keeps_an_event_document_whose_content_matches_its_name(admin_client, name, content):
    event = EventFactory()
    response = post_event_document(admin_client, event, name, content)
    assert response.status_code == 302, response.context and inline_errors(response, "documents")
    assert EventDocument.objects.get(event=event).file_type == name.rsplit(".", 1)[1].upper()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("agenda.pdf", HTML, "“agenda.pdf” is not a PDF file."),
        ("agenda.docx", HTML, "“agenda.docx” is not a DOCX document."),
    ],
)
def test_the_admin_refuses_an_event_document_whose_content_does_not_match(admin_client, name, content, message):
    event = EventFactory()
    response = post_event_document(admin_client, event, name, content)
    assert response.status_code == 200
    [errors] = inline_errors(response, "documents")
    assert errors["file"] == [message]
    assert not EventDocument.objects.exists()


def test_the_shell_path_runs_the_same_check():
    attachment = PracticeAttachment(practice=GoodPracticeFactory(), title="Report", file=upload("report.pdf", HTML))
    with pytest.raises(ValidationError) as refusal:
        attachment.full_clean()
    assert refusal.value.message_dict == {"file": ["“report.pdf” is not a PDF file."]}
