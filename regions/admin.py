"""Staff admin of regions, partners (and the users who work for them) and policy instruments.

Also holds two small helpers the other apps' admins share: `country_filter` and `PartOfParentInline`.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.db.models import Count, Prefetch
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from regions.countries import Country, by_name
from regions.models import JointAssessment, Membership, Partner, PolicyInstrument, Region
from secon_portal.accounts import invitation_email
from secon_portal.mail import queue_email
from secon_portal.models import Profile, language_of

# Helpers shared by the admins of all apps


def country_filter(path):
    """A sidebar filter by country that offers only the countries present in the model's rows.

    `path` is the lookup of the NUTS country code, e.g. "country" or "region__country".
    """

    class CountryFilter(admin.SimpleListFilter):
        title = _("country")
        parameter_name = "country"

        def lookups(self, request, model_admin):
            codes = model_admin.model._default_manager.order_by().values_list(path, flat=True).distinct()
            labels = dict(Country.choices)
            return by_name((code, labels.get(code, code)) for code in codes if code)

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{path: self.value()})
            return queryset

    return CountryFilter


# Web addresses typed without a scheme get https:// (Django 6's default; 5.2 would add http://).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class PartOfParentInline:
    """An inline whose rows are parts of the parent object (a practice's images, an event's agenda).

    Whoever may change the parent may edit its parts, and whoever may view the parent may see them,
    without a separate permission for each kind of part.
    """

    def _has_parent_perm(self, request, action):
        opts = self.parent_model._meta
        return request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")

    def _may_edit(self, request, obj):
        if obj is None:  # the add page of the parent, or a check that does not concern one object
            return self._has_parent_perm(request, "add") or self._has_parent_perm(request, "change")
        return self._has_parent_perm(request, "change")

    def has_view_permission(self, request, obj=None):
        return self._has_parent_perm(request, "view") or self._has_parent_perm(request, "change")

    def has_add_permission(self, request, obj):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)


class ReadOnlyInline:
    """An inline that shows rows written elsewhere (e.g. by the workflow) and never changes them."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Regions


class PartnerRegionFilter(admin.SimpleListFilter):
    title = _("partner region")
    parameter_name = "partner_region"

    def lookups(self, request, model_admin):
        return [("yes", _("Partner regions")), ("no", _("Other regions"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_partner_region=True)
        if self.value() == "no":
            return queryset.filter(is_partner_region=False)
        return queryset


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "display_name", "level", "country", "typology", "parent", "partner_region")
    list_display_links = ("code", "display_name")
    list_filter = (PartnerRegionFilter, "level", country_filter("country"), "typology")
    list_select_related = ("parent",)
    search_fields = ("code", "name", "name_en")
    autocomplete_fields = ("parent",)
    list_per_page = 100
    fieldsets = (
        (
            _("NUTS classification"),
            {
                "fields": ("code", "name", "name_en", "level", "parent", "country", "typology"),
                "description": _(
                    "Code, official name, level, parent and country come from the NUTS classification "
                    "(manage.py load_regions) and cannot be changed here."
                ),
            },
        ),
        (_("Profile of a partner region"), {"fields": ("description", "image", "image_alt")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_partner_flag()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("code", "name", "level", "parent", "country")
        return ()

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj):
        return obj.display_name

    @admin.display(description=_("partner region"), boolean=True, ordering="is_partner_region")
    def partner_region(self, obj):
        return obj.is_partner_region


# Partners and their members


class PartnerMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    verbose_name = _("member")
    verbose_name_plural = _("members (users who work for this partner on the portal)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "type", "region", "country", "is_lead", "member_count")
    list_filter = ("type", "is_lead", country_filter("region__country"))
    list_select_related = ("region",)
    search_fields = ("name", "short_name", "slug")
    autocomplete_fields = ("region",)
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = (PartnerMembershipInline,)
    formfield_overrides = URL_FIELDS
    fields = ("name", "short_name", "slug", "type", "region", "is_lead", "website", "logo", "description")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("country"), ordering="region__country")
    def country(self, obj):
        return obj.get_country_display()

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("partner",)
    verbose_name = _("partner membership")
    verbose_name_plural = _("partner memberships (the partner organisations this user works for)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    verbose_name_plural = _("language")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Django's user admin, plus the partner organisations a user works for and in which role."""

    inlines = (ProfileInline, UserMembershipInline)
    list_display = (*UserAdmin.list_display, "partner_list")
    list_filter = (*UserAdmin.list_filter, ("memberships__partner", admin.RelatedOnlyFieldListFilter))
    actions = ("send_invitation",)

    def get_queryset(self, request):
        memberships = Membership.objects.select_related("partner").order_by("partner__short_name")
        return super().get_queryset(request).prefetch_related(Prefetch("memberships", queryset=memberships))

    @admin.display(description=_("partners"))
    def partner_list(self, obj):
        return ", ".join(membership.partner.short_name for membership in obj.memberships.all()) or None

    @admin.action(description=_("Send an invitation e-mail"), permissions=["change"])
    def send_invitation(self, request, queryset):
        """E-mail each selected user a link to set their password (see secon_portal.accounts)."""
        invited, skipped = [], []
        for user in queryset.select_related("profile").order_by("username"):
            reasons = []
            if not user.is_active:
                reasons.append(gettext("inactive"))
            if not user.email:
                reasons.append(gettext("no e-mail address"))
            if reasons:
                skipped.append(f"{user.get_username()} ({', '.join(reasons)})")
            else:
                invited.append(user)
        if invited:
            for user in invited:
                # In the user's language; the worker sends them, trying again if need be.
                queue_email(invitation_email(user, request, language_of(user)))
                self.log_change(request, user, gettext("Sent an invitation e-mail."))
            self.message_user(
                request,
                ngettext(
                    "Sent an invitation e-mail to %(count)d user: %(users)s.",
                    "Sent invitation e-mails to %(count)d users: %(users)s.",
                    len(invited),
                )
                % {"count": len(invited), "users": ", ".join(user.get_username() for user in invited)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Skipped %(count)d user: %(users)s.",
                    "Skipped %(count)d users: %(users)s.",
                    len(skipped),
                )
                % {"count": len(skipped), "users": "; ".join(skipped)},
                messages.WARNING,
            )


# Policy instruments


class JointAssessmentInline(PartOfParentInline, admin.StackedInline):
    model = JointAssessment
    extra = 0
    autocomplete_fields = ("reviewing_partners",)


@admin.register(PolicyInstrument)
class PolicyInstrumentAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "type",
        "partner",
        "region",
        "period",
        "improvement_status",
        "is_sample",
        "updated_at",
    )
    list_filter = (
        "type",
        "improvement_status",
        "is_sample",
        "partner",
        country_filter("region__country"),
    )
    list_select_related = ("partner", "region")
    search_fields = ("name", "slug", "managing_authority", "description", "partner__name", "partner__short_name")
    autocomplete_fields = ("region", "partner")
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "updated_at")
    inlines = (JointAssessmentInline,)
    formfield_overrides = URL_FIELDS
    history_list_display = ("improvement_status",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "type", "managing_authority", "region", "partner", "url")}),
        (_("Period"), {"fields": (("period_start", "period_end"),)}),
        (_("Content"), {"fields": ("description", "improvement_sought", "improvement_status")}),
        (_("Bookkeeping"), {"fields": ("is_sample", "created_at", "updated_at")}),
    )

    @admin.display(description=_("period"), ordering="period_start")
    def period(self, obj):
        return obj.period or None
