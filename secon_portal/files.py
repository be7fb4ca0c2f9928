"""Uploaded documents, for the apps that keep them: practice attachments and event documents.

A document is judged by its content, never by its name alone: a PDF starts with "%PDF-" and carries
an "%%EOF" marker near its end; the office formats (docx, pptx, xlsx, odt, odp, ods) are ZIP
containers. The checks are validators of the model fields, so that every path that stores a
document (a partner's form, the admin, the shell) runs them.
"""

import secrets
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
# "%%EOF" ends a PDF; writers may add a line break or a little padding after it.
PDF_EOF_MARKER = b"%%EOF"
PDF_TAIL = 1024
ZIP_SIGNATURE = b"PK\x03\x04"
OFFICE_EXTENSIONS = ("pptx", "docx", "odt", "odp", "xlsx", "ods")


def file_name(upload):
    return Path(getattr(upload, "name", "") or "file").name


def file_size(upload):
    """The size of an uploaded or stored file, in bytes."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    return size


def check_size(upload, limit=MAX_DOCUMENT_SIZE):
    size = file_size(upload)
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); a document can be at most %(limit)s."),
            code="file_too_large",
            params={"name": file_name(upload), "size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def _head_and_tail(upload):
    size = file_size(upload)
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(max(size - PDF_TAIL, 0))
    tail = upload.read(PDF_TAIL)
    upload.seek(0)
    return head, tail


def check_pdf(upload):
    """Refuse, naming the file, anything that is not a PDF of at most 20 MB (judged by its content)."""
    check_size(upload)
    head, tail = _head_and_tail(upload)
    if head != PDF_SIGNATURE or PDF_EOF_MARKER not in tail:
        raise ValidationError(_("“%(name)s” is not a PDF file."), code="not_a_pdf", params={"name": file_name(upload)})


def check_document(upload):
    """Refuse a document whose content does not match its extension (PDF, or an office format), or over 20 MB."""
    extension = Path(file_name(upload)).suffix.lower().lstrip(".")
    if extension == "pdf":
        check_pdf(upload)
        return
    check_size(upload)
    upload.seek(0)
    head = upload.read(len(ZIP_SIGNATURE))
    upload.seek(0)
    if extension in OFFICE_EXTENSIONS and head != ZIP_SIGNATURE:
        raise ValidationError(
            _("“%(name)s” is not a %(format)s document."),
            code="not_an_office_document",
            params={"name": file_name(upload), "format": extension.upper()},
        )


@deconstructible
class UnguessablePath:
    """An upload_to that stores each file under `folder`/YYYY/MM/<random>/<name>: its address cannot be guessed
    from its name, so a file of a draft is not readable by anyone who knows what it is called."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        return f"{self.folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(12)}/{Path(filename).name}"

    def __eq__(self, other):
        return isinstance(other, UnguessablePath) and self.folder == other.folder


@deconstructible
class ContentValidator:
    """A model field validator that runs `check` on new uploads (files already stored were checked then)."""

    def __init__(self, check):
        self.check = check

    def __call__(self, value):
        if getattr(value, "_committed", True):
            return
        self.check(value)

    def __eq__(self, other):
        return isinstance(other, ContentValidator) and self.check == other.check


validate_pdf = ContentValidator(check_pdf)
validate_document = ContentValidator(check_document)


class Document(models.Model):
    """A file with a title, in the order its owner gives; its size is kept for the page that lists it.

    Subclasses declare `file` (with its upload folder and validators) and the foreign key to their owner.
    """

    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def file_type(self):
        """The file's extension in capitals, e.g. "PDF"."""
        return Path(self.file.name).suffix.lstrip(".").upper()
