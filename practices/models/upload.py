from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secon_portal.files import UnguessablePath


class StagedUpload(models.Model):
    """A file uploaded with a practice form that did not validate yet.

    It is checked and processed at once and kept here, so that after a validation error
    elsewhere in the form the partner does not upload it a second time: the form refers to it
    by id, and only its owner can. It becomes a PracticeImage or PracticeAttachment when the
    form is saved; `manage.py clear_staged_uploads` removes the ones left behind.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        ATTACHMENT = "attachment", _("Attachment")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to=UnguessablePath("staged"))
    thumbnail = models.ImageField(upload_to=UnguessablePath("staged"), blank=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staged upload")
        verbose_name_plural = _("staged uploads")
        indexes = [models.Index(fields=["created_at"], name="staged_upload_created")]

    def __str__(self):
        return self.original_name
