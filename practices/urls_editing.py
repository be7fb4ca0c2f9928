"""Partners writing practices: create, edit, submit, revise."""

from django.urls import path

from practices.views import editing

urlpatterns = [
    path("new/", editing.practice_create, name="practice-create"),
    path("<slug:slug>/edit/", editing.practice_edit, name="practice-edit"),
    path("<slug:slug>/submit/", editing.practice_submit, name="practice-submit"),
    path("<slug:slug>/revise/", editing.practice_revise, name="practice-revise"),
]
