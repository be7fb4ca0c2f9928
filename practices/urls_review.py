"""The partners' dashboard, the reviewers' queue and review pages, revision history, transfers."""

from django.urls import path

from practices.views import dashboard, history, review, transfers

urlpatterns = [
    path("mine/", dashboard.my_practices, name="my-practices"),
    path("mine/notifications/read/", dashboard.notifications_read_all, name="notifications-read-all"),
    path("mine/notifications/<int:pk>/read/", dashboard.notification_read, name="notification-read"),
    path("review/", review.review_queue, name="review-queue"),
    path("transfers/<int:pk>/", transfers.transfer_update, name="transfer-update"),
    path("<slug:slug>/review/", review.practice_review, name="practice-review"),
    path("<slug:slug>/history/", history.practice_history, name="practice-history"),
    path("<slug:slug>/history/<int:history_id>/restore/", history.practice_restore, name="practice-restore"),
    path("<slug:slug>/transfer/", transfers.transfer_declare, name="transfer-declare"),
]
