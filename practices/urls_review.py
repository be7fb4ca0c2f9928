"""The partners' dashboard, the reviewers' queue and review pages, revision history, transfers."""

urlpatterns = []
