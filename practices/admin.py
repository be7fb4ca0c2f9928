"""Staff admin of themes, topics, good practices, their review steps and transfer interests.

The state of a practice is never edited here: it is read-only in the form and moves only through
the workflow steps of practices/admin_workflow.py, which call GoodPractice's workflow methods.
"""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from practices import rules
from practices.admin_workflow import WorkflowAdminMixin
from practices.images import prepare_image
from practices.models import (
    Criterion,
    CriterionAssessment,
    DeletedPractice,
    GoodPractice,
    PracticeAttachment,
    PracticeImage,
    PracticeResult,
    Review,
    SearchAlert,
    Theme,
    Topic,
    TransferInterest,
)
from regions.admin import URL_FIELDS, PartOfParentInline, ReadOnlyInline, country_filter

# Themes and topics


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """The four focus objectives are fixed by a data migration: they can be edited, not added or deleted."""

    list_display = ("name", "slug", "order", "practice_count")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    readonly_fields = ("slug",)
    fields = ("name", "slug", "description", "order")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(practice_count=Count("practices"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("practices"), ordering="practice_count")
    def practice_count(self, obj):
        return obj.practice_count


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "practice_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        # The slug is in the addresses of searches (?topic=...) and in the facet index: fixed once saved.
        return ("slug",) if obj else ()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(practice_count=Count("practices"))

    @admin.display(description=_("practices"), ordering="practice_count")
    def practice_count(self, obj):
        return obj.practice_count


# Good practices


class PracticeImageForm(forms.ModelForm):
    """Uploads are verified by their content and re-encoded without metadata, with a thumbnail."""

    class Meta:
        model = PracticeImage
        fields = ("image", "alt_text", "caption", "credit", "order")

    prepared = None

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if isinstance(upload, UploadedFile):
            self.prepared = prepare_image(upload)
            return self.prepared.image
        return upload

    def save(self, commit=True):
        if self.prepared is not None:
            self.instance.thumbnail = self.prepared.thumbnail
        return super().save(commit)


class PracticeImageInline(PartOfParentInline, admin.TabularInline):
    model = PracticeImage
    form = PracticeImageForm
    extra = 0
    fields = ("image", "alt_text", "caption", "credit", "order")


class PracticeAttachmentInline(PartOfParentInline, admin.TabularInline):
    model = PracticeAttachment
    extra = 0
    fields = ("file", "title", "order", "size")
    readonly_fields = ("size",)


class PracticeResultInline(PartOfParentInline, admin.TabularInline):
    model = PracticeResult
    extra = 0
    fields = ("indicator", "value", "unit", "year", "order")


class ReviewInline(ReadOnlyInline, PartOfParentInline, admin.TabularInline):
    """The workflow history of the practice and the reviewer's criterion assessments, read-only."""

    model = Review
    fields = ("created_at", "actor", "from_state", "to_state", "comment", "criterion_assessments")
    readonly_fields = fields
    verbose_name_plural = _("review steps and criterion assessments")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor").prefetch_related("assessments")

    @admin.display(description=_("criterion assessments"))
    def criterion_assessments(self, obj):
        in_order = sorted(obj.assessments.all(), key=lambda assessment: Criterion.values.index(assessment.criterion))
        return "; ".join(str(assessment) for assessment in in_order) or None


@admin.register(GoodPractice)
class GoodPracticeAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "title",
        "state",
        "partner_name",
        "country",
        "region",
        "is_sample",
        "updated_at",
        "published_at",
    )
    list_filter = (
        "state",
        "themes",
        "partner",
        country_filter("region__country"),
        "practice_type",
        "rural_focus",
        "is_sample",
        "original_language",
        "topics",
    )
    list_select_related = ("partner", "region")
    search_fields = (
        "title",
        "slug",
        "title_original",
        "summary",
        "main_institution",
        "partner__name",
        "partner__short_name",
        "region__code",
        "region__name",
    )
    date_hierarchy = "created_at"
    autocomplete_fields = ("region", "partner", "topics", "policy_instruments")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("state", "published_at", "submitted_at", "version", "created_by", "created_at", "updated_at")
    history_list_display = ("state",)
    formfield_overrides = URL_FIELDS
    save_on_top = True
    fieldsets = (
        (
            None,
            {"fields": ("title", "slug", "summary", "description", "practice_type", "themes", "topics")},
        ),
        (_("Who and where"), {"fields": ("partner", "region", "main_institution", "institution_type")}),
        (_("Target groups and timescale"), {"fields": ("target_groups", "rural_focus", ("start_date", "end_date"))}),
        (
            _("The good-practice template"),
            {
                "fields": (
                    "resources",
                    ("budget_eur", "funding_source"),
                    "evidence",
                    "difficulties",
                    "transfer_potential",
                    "policy_instruments",
                    "website",
                )
            },
        ),
        (
            _("Contact person"),
            {
                "classes": ("collapse",),
                "fields": ("contact_name", "contact_email", "contact_phone", "contact_consent"),
            },
        ),
        (
            _("Original language"),
            {"classes": ("collapse",), "fields": ("original_language", "title_original", "summary_original")},
        ),
        (
            _("Workflow"),
            {
                "fields": (
                    "state",
                    "published_at",
                    "submitted_at",
                    "is_sample",
                    "version",
                    "created_by",
                    "created_at",
                    "updated_at",
                ),
                "description": _(
                    "The state changes only through the review steps: the buttons at the top of this page, "
                    "or the actions on the list of practices."
                ),
            },
        ),
    )
    inlines = (PracticeResultInline, PracticeImageInline, PracticeAttachmentInline, ReviewInline)

    def get_inlines(self, request, obj):
        if obj is None:  # a new practice has no review steps yet
            return [inline for inline in self.inlines if inline is not ReviewInline]
        return self.inlines

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            # The workflow alone moves the state. An edit, or a revert to an earlier version from the
            # revision history, keeps the state and bookkeeping the practice has now.
            obj.state, obj.published_at, obj.version, obj.created_by_id = GoodPractice.objects.values_list(
                "state", "published_at", "version", "created_by"
            ).get(pk=obj.pk)
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Review steps cannot be deleted on their own, but they go with the practice they belong to.
        perms_needed = {name for name in perms_needed if str(name) != str(Review._meta.verbose_name)}
        return deleted, model_count, perms_needed, protected

    @admin.display(description=_("partner"), ordering="partner__short_name")
    def partner_name(self, obj):
        return obj.partner.short_name

    @admin.display(description=_("country"), ordering="region__country")
    def country(self, obj):
        return obj.region.country_name if obj.region else None


@admin.register(DeletedPractice)
class DeletedPracticeAdmin(admin.ModelAdmin):
    """The drafts that partners deleted, from the revision history: what they held, who deleted them, when."""

    list_display = ("title", "partner", "history_user", "history_date")
    list_filter = ("partner",)
    list_select_related = ("partner", "history_user")
    search_fields = ("title", "partner__name")
    date_hierarchy = "history_date"
    fields = ("title", "partner", "summary", "state", "history_user", "history_date")
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return rules.can_see_history(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Review steps (read-only: written by the workflow methods)


def can_view_reviews(user):
    """Whoever may see practices may see their workflow history."""
    return any(
        user.has_perm(f"practices.{codename}")
        for codename in ("view_review", "view_goodpractice", "change_goodpractice")
    )


class CriterionAssessmentInline(ReadOnlyInline, admin.TabularInline):
    model = CriterionAssessment
    fields = ("criterion", "score", "comment")
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return can_view_reviews(request.user)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("practice", "from_state", "to_state", "actor", "created_at", "short_comment")
    list_filter = ("to_state", "from_state", ("actor", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("practice", "actor")
    search_fields = ("practice__title", "comment", "actor__username")
    date_hierarchy = "created_at"
    fields = ("practice", "from_state", "to_state", "actor", "created_at", "comment")
    readonly_fields = fields
    inlines = (CriterionAssessmentInline,)

    def has_view_permission(self, request, obj=None):
        return can_view_reviews(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("comment"))
    def short_comment(self, obj):
        if len(obj.comment) > 80:
            return obj.comment[:79] + "…"
        return obj.comment or None


# Transfer interests


@admin.register(TransferInterest)
class TransferInterestAdmin(admin.ModelAdmin):
    list_display = ("practice", "partner", "stage", "policy_instrument", "updated_at")
    list_filter = ("stage", "partner")
    list_select_related = ("practice", "partner", "policy_instrument")
    search_fields = ("practice__title", "partner__name", "partner__short_name", "policy_instrument__name", "note")
    autocomplete_fields = ("practice", "partner", "policy_instrument")
    date_hierarchy = "created_at"
    readonly_fields = ("created_by", "created_at", "updated_at")
    fields = ("practice", "partner", "policy_instrument", "stage", "note", "created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# E-mail alerts for searches of the list (practices/alerts.py)


@admin.register(SearchAlert)
class SearchAlertAdmin(admin.ModelAdmin):
    """Alerts come from visitors who confirmed their address: staff may look them up (to answer a question about
    one), change the frequency, or delete one; never add one, nor confirm an address in someone's place."""

    list_display = ("email", "query", "frequency", "language", "created_at", "confirmed_at", "last_sent_at")
    list_filter = ("frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("email",)
    date_hierarchy = "created_at"
    fields = (
        "email",
        "query",
        "frequency",
        "language",
        "created_at",
        "requested_at",
        "confirmed_at",
        "covered_until",
        "last_sent_at",
    )
    readonly_fields = (
        "email",
        "query",
        "language",
        "created_at",
        "requested_at",
        "confirmed_at",
        "covered_until",
        "last_sent_at",
    )

    def has_add_permission(self, request):
        return False
