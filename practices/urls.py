from django.urls import path

from practices.views import detail, listing

app_name = "practices"

urlpatterns = [
    path("", listing.PracticeListView.as_view(), name="practice-list"),
    path("<slug:slug>/", detail.PracticeDetailView.as_view(), name="practice-detail"),
]
