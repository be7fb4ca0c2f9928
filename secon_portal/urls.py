from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path, register_converter
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView
from django.views.i18n import JavaScriptCatalog

from secon_portal.accounts import PortalPasswordResetConfirmView, PortalPasswordResetView, link_validity_days
from secon_portal.sitemaps import SITEMAPS
from secon_portal.views import accounts, catalog, health, home, impact, media, regions
from secon_portal.views.sitemaps import sitemap_index

# Django's account views, at the paths and under the names of django.contrib.auth.urls. The password
# change pages have template names of their own: the admin renders registration/password_change_form.html
# and password_change_done.html for its own password change, which keeps the admin's look.
account_urls = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("start/", accounts.after_login, name="after-login"),
    path("settings/", accounts.account_settings, name="account-settings"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(template_name="registration/change_password_form.html"),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/change_password_done.html"),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        PortalPasswordResetView.as_view(extra_email_context={"valid_days": link_validity_days()}),
        name="password_reset",
    ),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]


class NutsCodeConverter:
    """A NUTS code as it may appear in an address: two letters and up to three letters or digits (EL65, el651)."""

    regex = "[A-Za-z]{2}[A-Za-z0-9]{0,3}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(NutsCodeConverter, "nuts")
register_converter(catalog.CatalogFormatConverter, "catalog_format")

# The regions' pages show practices and events too: they are assembled here, where every app may be imported.
region_urls = [
    path("", regions.RegionListView.as_view(), name="region-list"),
    # Before the region pattern: "instruments" is not a NUTS code.
    path("instruments/<slug:slug>/", regions.PolicyInstrumentDetailView.as_view(), name="instrument-detail"),
    path("<nuts:code>/", regions.RegionDetailView.as_view(), name="region-detail"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says; the icon is a static file.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.ico"), permanent=True), name="favicon"),
    path("language/<str:code>/", accounts.choose_language, name="choose-language"),
    # The open-data API: outside the language prefixes (?lang= or Accept-Language choose the labels' language).
    path("api/v1/", include("secon_portal.api.urls")),
    # The app server's health for load balancers: database, cache and the job queue (secon_portal/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # The open-data catalogue (DCAT-AP 3), one graph in Turtle, RDF/XML and JSON-LD: /catalog.ttl and so on.
    path("catalog.<catalog_format:format>", catalog.catalog, name="catalog"),
]

# Public pages: English at the root, other languages under their prefix (/de/...).
urlpatterns += i18n_patterns(
    path("", home.home, name="home"),
    path("about/", home.AboutView.as_view(), name="about"),
    path("impact/", impact.impact, name="impact"),
    # The messages of the portal's scripts (the djangojs catalogues), in the page's language.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("practices/", include("practices.urls")),
    path("regions/", include((region_urls, "regions"))),
    path("events/", include("events.urls")),
    path("accounts/", include(account_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.media)]

# The 500 page shows the request's id, for the visitor to quote (secon_portal/request_id.py).
handler500 = "secon_portal.request_id.server_error"
