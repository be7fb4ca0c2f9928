"""Files uploaded with the practice form: checked at once, kept as StagedUpload until the form is saved.

A file that passes its checks is stored straight away, even when another part of the form has
errors, so that the partner never uploads it a second time: the re-shown form refers to it by the
id of its StagedUpload, which only its owner can use. When the form is saved, the staged file moves
to a PracticeImage or PracticeAttachment and the StagedUpload row goes. `clear_staged_uploads`
removes the ones left behind.

- Images are checked and re-encoded by practices.images.prepare_image (content, size, pixels,
  metadata stripped); the thumbnail is made once, here.
- Attachments must be PDF files by their content, of at most 20 MB (secon_portal.files.check_pdf,
  the validator of PracticeAttachment.file).
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import ngettext_lazy

from practices.images import prepare_image
from practices.models import StagedUpload
from secon_portal.files import check_pdf, file_name, file_size

# Staged uploads older than this are removed by `manage.py clear_staged_uploads`, and whenever their
# owner uploads again.
STAGED_UPLOAD_LIFETIME = datetime.timedelta(days=1)
# What one user may keep staged at a time (files uploaded with forms that were not saved).
MAX_STAGED_FILES = 40
MAX_STAGED_BYTES = 200 * 1024 * 1024


def make_room(owner, size):
    """Before staging a file of `size` bytes for `owner`: drop their stale uploads, then check their quota."""
    clear_staged_uploads(owner=owner)
    kept = StagedUpload.objects.filter(owner=owner).aggregate(files=Count("pk"), total=Sum("size"))
    if kept["files"] >= MAX_STAGED_FILES or (kept["total"] or 0) + size > MAX_STAGED_BYTES:
        raise ValidationError(
            ngettext_lazy(
                "You already have %(files)d file (%(size)s) uploaded with forms that were not saved, the most "
                "one can keep. Save the practice with the files already uploaded, or come back tomorrow: "
                "uploads that were never saved are deleted after a day.",
                "You already have %(files)d files (%(size)s) uploaded with forms that were not saved, the most "
                "one can keep. Save the practice with the files already uploaded, or come back tomorrow: "
                "uploads that were never saved are deleted after a day.",
                "files",
            ),
            code="too_many_staged_uploads",
            params={"files": kept["files"], "size": filesizeformat(kept["total"] or 0)},
        )


def stage_image(owner, upload):
    """Check, re-encode and keep an uploaded image for `owner`; ValidationError says which file and why."""
    prepared = prepare_image(upload)
    make_room(owner, prepared.image.size + prepared.thumbnail.size)
    staged = StagedUpload(
        owner=owner, kind=StagedUpload.Kind.IMAGE, original_name=file_name(upload)[:255], size=file_size(upload)
    )
    staged.file.save(prepared.image.name, prepared.image, save=False)
    staged.thumbnail.save(prepared.thumbnail.name, prepared.thumbnail, save=False)
    staged.save()
    return staged


def stage_attachment(owner, upload):
    """Check and keep an uploaded PDF for `owner`; ValidationError says which file and why."""
    check_pdf(upload)
    make_room(owner, file_size(upload))
    name = file_name(upload)
    kind = StagedUpload.Kind.ATTACHMENT
    staged = StagedUpload(owner=owner, kind=kind, original_name=name[:255], size=file_size(upload))
    # Stored under a name of our own making (the original one is kept for display).
    stem = slugify(Path(name).stem)[:80] or "document"
    upload.seek(0)
    staged.file.save(f"{stem}.pdf", upload, save=False)
    staged.save()
    return staged


def staged_uploads(owner, kind):
    """The staged uploads a form of `owner` may refer to: only their own, of the right kind."""
    if not getattr(owner, "is_authenticated", False):
        return StagedUpload.objects.none()
    return StagedUpload.objects.filter(owner=owner, kind=kind)


def adopt_staged_image(staged, image):
    """Move the staged file and its thumbnail to `image` (an unsaved PracticeImage) and forget the staging."""
    image.image.save(Path(staged.file.name).name, _content(staged.file), save=False)
    if staged.thumbnail:
        image.thumbnail.save(Path(staged.thumbnail.name).name, _content(staged.thumbnail), save=False)
    discard(staged)


def adopt_staged_attachment(staged, attachment):
    """Move the staged PDF to `attachment` (an unsaved PracticeAttachment) and forget the staging."""
    attachment.file.save(Path(staged.file.name).name, _content(staged.file), save=False)
    discard(staged)


def _content(field_file):
    with field_file.open("rb") as stored:
        return ContentFile(stored.read())


def discard(staged):
    """Delete a staged upload; its files go once the transaction is committed (a rollback keeps them)."""
    names = [field.name for field in (staged.file, staged.thumbnail) if field]
    storage = staged.file.storage
    staged.delete()

    def delete_files():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


def clear_staged_uploads(older_than=STAGED_UPLOAD_LIFETIME, now=None, owner=None):
    """Delete staged uploads (rows and files) created more than `older_than` ago, of `owner` or of anyone;
    returns how many."""
    cutoff = (now or timezone.now()) - older_than
    stale = StagedUpload.objects.filter(created_at__lt=cutoff)
    if owner is not None:
        stale = stale.filter(owner=owner)
    count = 0
    for staged in stale.iterator():
        with transaction.atomic():
            discard(staged)
        count += 1
    return count
