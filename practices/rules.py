"""Who may do what with good practices: one predicate per rule (DESIGN.md section 5).

Views, the admin, templates (through the views' context) and the workflow methods ask these
predicates; nothing else decides access. `visible_q()` is the rule of `can_see()` for many practices
at once, for GoodPracticeQuerySet.visible_to(). Fetching an object for a view, and answering 404 or
403, is practices/access.py's job.

Everything a user may not see is a 404, never a 403, so that nothing leaks.
"""

from django.db.models import Exists, OuterRef, Q

from practices.models.state import State
from regions.models import Membership, Partner


def is_reviewer(user):
    """Project staff who publish practices or request changes (the group "Reviewers", or superusers)."""
    return user.is_active and user.is_staff and user.has_perm("practices.review_goodpractice")


def sees_every_practice(user):
    """Staff who may view every practice in any state: reviewers, and whoever may view practices in the admin."""
    return user.is_active and user.is_staff and user.has_perm("practices.view_goodpractice")


def editor_partners(user):
    """The partners whose practices `user` writes: those of which they are an active editor."""
    if not user.is_authenticated:
        return Partner.objects.none()
    return Partner.objects.filter(Exists(Membership.objects.active_editors().filter(partner=OuterRef("pk"), user=user)))


def _partner_ids(user):
    """{partner id: whether the membership grants editing} of the partners `user` works for.

    Read once per user object, as Django's ModelBackend caches permissions on it: a request's user
    asks many questions and gets them answered with one query.
    """
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_practices_partner_ids"):
        memberships = Membership.objects.filter(user=user).select_related("user")
        user._practices_partner_ids = {membership.partner_id: membership.grants_editing for membership in memberships}
    return user._practices_partner_ids


def is_editor_of(user, partner_id):
    """Whether `user` writes the practices of the partner `partner_id`."""
    return _partner_ids(user).get(partner_id, False)


def is_member_of(user, partner_id):
    """Whether `user` works for the partner `partner_id`, in any role (members read its unpublished practices)."""
    return partner_id in _partner_ids(user)


def visible_q(user):
    """The practices `user` may read, as a Q: published ones, their own partners' ones, every one for staff."""
    if sees_every_practice(user):
        return Q()
    if not user.is_authenticated:
        return Q(state=State.PUBLISHED)
    return Q(state=State.PUBLISHED) | Q(Exists(Membership.objects.filter(partner=OuterRef("partner"), user=user)))


def can_see(user, practice):
    """The rule of visible_q() for one practice."""
    return practice.state == State.PUBLISHED or sees_every_practice(user) or is_member_of(user, practice.partner_id)


def can_edit(user, practice):
    """Editors of the submitting partner change a draft, or a practice whose reviewer asked for changes."""
    return practice.state in State.editable() and is_editor_of(user, practice.partner_id)


def can_submit(user, practice):
    """Editors of the submitting partner submit it; the workflow says from which states."""
    return is_editor_of(user, practice.partner_id)


def can_revise(user, practice):
    """Editors of the submitting partner propose changes to a published practice through a revision."""
    return practice.state == State.PUBLISHED and is_editor_of(user, practice.partner_id)


def can_delete(user, practice):
    """Editors of the submitting partner may delete a draft that was never submitted; nothing else is deleted."""
    return practice.state == State.DRAFT and is_editor_of(user, practice.partner_id)


def can_review(user):
    return is_reviewer(user)


def can_see_history(user):
    return sees_every_practice(user)


def can_restore(user):
    return can_see_history(user) and user.has_perm("practices.change_goodpractice")


def transfer_partners(user, practice):
    """The partners for which `user` may declare an interest in `practice`: those they edit for, other than the
    practice's own, and only for a published practice. Empty for anyone else."""
    if practice.state != State.PUBLISHED:
        return []
    return list(editor_partners(user).exclude(pk=practice.partner_id).order_by("name"))
