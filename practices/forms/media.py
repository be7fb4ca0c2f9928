"""Images and attachments of a practice, as formsets whose uploads are never lost.

A new image or attachment is a form with a file input and a hidden `staged` reference. A file that
passes its checks is staged at once (practices/uploads.py), even when something else in the form is
wrong; the re-shown form lists it as already uploaded and carries its reference, so it is not
uploaded twice. On save the staged file becomes the image or attachment. Existing ones can be
described again or removed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from practices import uploads
from practices.forms.rows import RequiredOnceUsed
from practices.images import MAX_FILE_SIZE, MAX_PIXELS
from practices.models import GoodPractice, PracticeAttachment, PracticeImage, StagedUpload
from secon_portal.files import MAX_DOCUMENT_SIZE

# Images, and attachments, a practice may carry; also stops a forged form count from making
# the server build thousands of forms.
MAX_FILES = 20


def with_limit(field):
    """Add "Up to N characters." to the help text of a text field."""
    limit = _("Up to %(limit)s characters.") % {"limit": field.max_length}
    field.help_text = f"{field.help_text} {limit}" if field.help_text else limit


class StagedUploadForm(forms.ModelForm):
    """A form for one image or attachment: a new one from an upload or a staged upload, or an existing one."""

    kind = None  # StagedUpload.Kind
    upload_label = None
    no_file_message = None

    upload = forms.FileField(required=False)
    staged = forms.ModelChoiceField(queryset=StagedUpload.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.staged_upload = None
        if self.instance.pk:
            del self.fields["upload"], self.fields["staged"]
        else:
            self.fields["upload"].label = self.upload_label
            self.fields["staged"].queryset = uploads.staged_uploads(owner, self.kind)
            self.fields["staged"].error_messages["invalid_choice"] = _(
                "This upload is no longer available: choose the file again."
            )
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                with_limit(field)

    def stage(self, upload):
        raise NotImplementedError

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.staged_upload = self.stage(upload)  # stored now, whatever else is wrong
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            return cleaned
        if self.has_error("staged"):  # a reference that is not (or no longer) the user's: shown at the file input
            self.add_error("upload", ValidationError(list(self.errors.pop("staged").as_data())))
        if self.staged_upload is None:
            self.staged_upload = cleaned.get("staged")
        if self.staged_upload is None and not self.has_error("upload"):
            self.add_error("upload", self.no_file_message)
        return cleaned

    @property
    def staged_description(self):
        """“photo.jpg, 1.2 MB”, for the re-shown form."""
        staged = self.staged_upload
        return f"{staged.original_name}, {filesizeformat(staged.size)}" if staged else ""


class ImageForm(RequiredOnceUsed, StagedUploadForm):
    required_once_used = ("alt_text",)
    kind = StagedUpload.Kind.IMAGE
    upload_label = _("Image file")
    no_file_message = _("Choose an image file to upload, or leave this image empty.")

    class Meta:
        model = PracticeImage
        fields = ("alt_text", "caption", "credit")
        error_messages = {
            "alt_text": {"required": _("Describe what the image shows, for people who cannot see it.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "upload" in self.fields:
            self.fields["upload"].help_text = _(
                "JPEG, PNG or WebP, at most %(size)s and %(megapixels)s megapixels. "
                "Camera and location details are removed."
            ) % {"size": filesizeformat(MAX_FILE_SIZE), "megapixels": MAX_PIXELS // 1_000_000}
            self.fields["upload"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def stage(self, upload):
        return uploads.stage_image(self.owner, upload)

    def save(self, commit=True):
        if not self.instance.pk and self.staged_upload is not None:
            uploads.adopt_staged_image(self.staged_upload, self.instance)
        return super().save(commit)


class AttachmentForm(RequiredOnceUsed, StagedUploadForm):
    required_once_used = ("title",)
    kind = StagedUpload.Kind.ATTACHMENT
    upload_label = _("PDF file")
    no_file_message = _("Choose a PDF file to upload, or leave this document empty.")

    class Meta:
        model = PracticeAttachment
        fields = ("title",)
        labels = {"title": _("Title of the document")}
        error_messages = {"title": {"required": _("Give the document a title, e.g. “Evaluation report 2024”.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "upload" in self.fields:
            self.fields["upload"].help_text = _("A PDF document of at most %(size)s.") % {
                "size": filesizeformat(MAX_DOCUMENT_SIZE)
            }
            self.fields["upload"].widget.attrs["accept"] = "application/pdf,.pdf"

    def stage(self, upload):
        return uploads.stage_attachment(self.owner, upload)

    def save(self, commit=True):
        if not self.instance.pk and self.staged_upload is not None:
            uploads.adopt_staged_attachment(self.staged_upload, self.instance)
        return super().save(commit)


class BaseMediaFormSet(forms.BaseInlineFormSet):
    remove_label = None
    skip_label = None

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, form_kwargs={"owner": owner}, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.remove_label if form.instance.pk else self.skip_label

    def save_new_objects(self, commit=True):
        last = max((form.instance.order for form in self.initial_forms), default=-1)
        for position, form in enumerate(self.extra_forms, start=last + 1):
            form.instance.order = position
        saved = super().save_new_objects(commit)
        # A staged upload the partner decided not to add is not kept.
        for form in self.extra_forms:
            if self._should_delete_form(form) and form.staged_upload is not None:
                uploads.discard(form.staged_upload)
        return saved


class BaseImageFormSet(BaseMediaFormSet):
    remove_label = _("Remove this image")
    skip_label = _("Do not add this image")


class BaseAttachmentFormSet(BaseMediaFormSet):
    remove_label = _("Remove this document")
    skip_label = _("Do not add this document")


ImageFormSet = inlineformset_factory(
    GoodPractice,
    PracticeImage,
    form=ImageForm,
    formset=BaseImageFormSet,
    fields=("alt_text", "caption", "credit"),
    extra=1,
    can_delete=True,
    max_num=MAX_FILES,
    absolute_max=MAX_FILES,
    validate_max=True,
)

AttachmentFormSet = inlineformset_factory(
    GoodPractice,
    PracticeAttachment,
    form=AttachmentForm,
    formset=BaseAttachmentFormSet,
    fields=("title",),
    extra=1,
    can_delete=True,
    max_num=MAX_FILES,
    absolute_max=MAX_FILES,
    validate_max=True,
)
