"""Demo accounts, one documented password for all of them. Created only with DEBUG on or --force."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from regions.models import Membership, Partner
from secon_portal.management.commands.load_reference_data import PROJECT_STAFF, REVIEWERS

PASSWORD = "secon-demo"
ADMIN_URL = "http://127.0.0.1:8000/admin/"


def editor_username(partner):
    return f"editor-{partner.slug}"


def account_specs():
    """(username, what it is for, attributes, group name or None, partner or None)."""
    specs = [
        ("admin", "superuser: everything", {"is_staff": True, "is_superuser": True}, None, None),
        ("reviewer", "staff reviewer: publishes practices, requests changes", {"is_staff": True}, REVIEWERS, None),
        ("staff", "project staff: events, partners, policy instruments", {"is_staff": True}, PROJECT_STAFF, None),
    ]
    for partner in Partner.objects.order_by("slug"):
        specs.append(
            (
                editor_username(partner),
                f"editor of {partner.short_name}: writes and submits practices",
                {},
                None,
                partner,
            )
        )
    return specs


def create_accounts():
    """Create the missing demo accounts; an existing account (and its password) is left alone.

    Returns {username: user} for every demo account.
    """
    User = get_user_model()
    users = {}
    password = None
    for username, _purpose, attributes, group_name, partner in account_specs():
        user = User.objects.filter(username=username).first()
        if user is None:
            # Hashing is slow on purpose; all demo accounts share the password, so hash it once.
            password = password or make_password(PASSWORD)
            user = User(username=username, email=f"{username}@example.org", password=password, **attributes)
            user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            if partner:
                Membership.objects.create(user=user, partner=partner, role=Membership.Role.EDITOR)
        users[username] = user
    return users


def login_help():
    """Lines that tell how to log in, listing the demo accounts that exist."""
    User = get_user_model()
    specs = account_specs()
    existing = set(User.objects.filter(username__in=[spec[0] for spec in specs]).values_list("username", flat=True))
    lines = [f"Admin: {ADMIN_URL}"]
    if not existing:
        lines.append("No demo accounts: create one with `python manage.py createsuperuser`.")
        return lines
    lines.append(f'Demo accounts, all with the password "{PASSWORD}" (unless changed since):')
    width = max(len(username) for username in existing)
    lines += [f"  {username:<{width}}  {purpose}" for username, purpose, *_ in specs if username in existing]
    return lines
