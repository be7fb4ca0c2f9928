from django.views.generic import DetailView

from practices import rules
from practices.access import get_visible_practice
from practices.forms.transfer import transfer_forms
from practices.models import GoodPractice


class PracticeDetailView(DetailView):
    """The public page of a practice; unpublished ones only for their partner's members and reviewing staff."""

    template_name = "practices/goodpractice_detail.html"
    context_object_name = "practice"

    def get_object(self, queryset=None):
        return get_visible_practice(self.request.user, self.kwargs["slug"], GoodPractice.objects.with_page_details())

    def get_context_data(self, **kwargs):
        practice, user = self.object, self.request.user
        return super().get_context_data(
            assessment=practice.published_assessment(),
            related_practices=practice.related_practices(),
            can_edit=rules.can_edit(user, practice),
            can_revise=rules.can_revise(user, practice),
            can_review=rules.can_review(user),
            can_see_history=rules.can_see_history(user),
            transfer_forms=transfer_forms(user, practice),
            **kwargs,
        )
