from django.urls import path

from regions import views

app_name = "regions"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="region-list"),
    # Before the region pattern: "instruments" is not a NUTS code.
    path("instruments/<slug:slug>/", views.PolicyInstrumentDetailView.as_view(), name="instrument-detail"),
    path("<str:code>/", views.RegionDetailView.as_view(), name="region-detail"),
]
