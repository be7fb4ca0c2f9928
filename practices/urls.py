from django.urls import include, path

from practices.views import detail, listing

app_name = "practices"

urlpatterns = [
    path("", listing.practice_list, name="practice-list"),
    # Before the practice pages: their paths ("new/", "mine/", "review/") are not practice slugs.
    path("", include("practices.urls_editing")),
    path("", include("practices.urls_review")),
    path("<slug:slug>/", detail.PracticeDetailView.as_view(), name="practice-detail"),
]
