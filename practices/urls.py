from django.urls import path

from practices.feeds import PracticeFeed
from practices.views import (
    alerts,
    dashboard,
    detail,
    documents,
    editing,
    history,
    listing,
    open_data,
    review,
    transfers,
)
from practices.views import map as map_view

app_name = "practices"

# The pages whose address could be a practice's ("new/", "mine/", "review/") come before the practice
# pattern; GoodPractice never gives a practice one of these slugs (RESERVED_SLUGS).
urlpatterns = [
    # Public: the list and a practice's page
    path("", listing.practice_list, name="practice-list"),
    path("map/", map_view.practice_map, name="practice-map"),
    # Open data: any search of the list as a spreadsheet or a feed, a practice as JSON-LD. Before the practice
    # pattern (a slug has no dot, so these never name a practice).
    path("export.csv", open_data.export_csv, name="practice-export-csv"),
    path("export.xlsx", open_data.export_xlsx, name="practice-export-xlsx"),
    path("feed.atom", PracticeFeed(), name="practice-feed"),
    path("<slug:slug>.jsonld", open_data.practice_jsonld, name="practice-jsonld"),
    # A published practice as an A4 PDF sheet (practices/sheets.py)
    path("<slug:slug>.pdf", documents.practice_pdf, name="practice-pdf"),
    # E-mail alerts for a search of the list (practices/alerts.py): two segments, so no practice's address
    path("alerts/subscribe/", alerts.alert_subscribe, name="alert-subscribe"),
    path("alerts/subscribed/", alerts.alert_subscribed, name="alert-subscribed"),
    path("alerts/confirm/<str:token>/", alerts.alert_confirm, name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.alert_unsubscribe, name="alert-unsubscribe"),
    path(
        "alerts/unsubscribe-one-click/<str:token>/",
        alerts.alert_unsubscribe_one_click,
        name="alert-unsubscribe-one-click",
    ),
    # Partners writing practices: create, edit, submit, propose changes to a published one, delete a draft
    path("new/", editing.practice_create, name="practice-create"),
    path("<slug:slug>/edit/", editing.practice_edit, name="practice-edit"),
    path("<slug:slug>/submit/", editing.practice_submit, name="practice-submit"),
    path("<slug:slug>/revise/", editing.practice_revise, name="practice-revise"),
    path("<slug:slug>/delete/", editing.practice_delete, name="practice-delete"),
    path("uploads/<int:pk>/thumbnail/", editing.staged_thumbnail, name="staged-thumbnail"),
    # Partners' dashboard and notifications
    path("mine/", dashboard.my_practices, name="my-practices"),
    path("mine/notifications/read/", dashboard.notifications_read_all, name="notifications-read-all"),
    path("mine/notifications/<int:pk>/read/", dashboard.notification_read, name="notification-read"),
    # Reviewers: the queue, a practice's review page, its revision history
    path("review/", review.review_queue, name="review-queue"),
    path("<slug:slug>/review/", review.practice_review, name="practice-review"),
    path("<slug:slug>/history/", history.practice_history, name="practice-history"),
    path("<slug:slug>/history/<int:history_id>/restore/", history.practice_restore, name="practice-restore"),
    # Partners' interest in transferring another partner's practice
    path("<slug:slug>/transfer/", transfers.transfer_declare, name="transfer-declare"),
    path("transfers/<int:pk>/", transfers.transfer_update, name="transfer-update"),
    # A published practice in the fields of the Interreg Europe good-practice form (practices/interreg.py)
    path("<slug:slug>/interreg/", documents.practice_interreg, name="practice-interreg"),
    path("<slug:slug>/interreg.docx", documents.practice_interreg_docx, name="practice-interreg-docx"),
    path("<slug:slug>/", detail.PracticeDetailView.as_view(), name="practice-detail"),
]
