"""Partners writing practices: create, edit, submit, revise."""

urlpatterns = []
