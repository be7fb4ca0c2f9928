from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What the portal keeps about a user beyond Django's user: the language they read it in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile")
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The portal writes its e-mails to you in this language, and opens your pages in it."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)


def language_of(user):
    """The language the portal writes to `user` in: their choice, the working language when they made none.

    For many users, load their profiles with select_related("profile").
    """
    try:
        return user.profile.language
    except Profile.DoesNotExist:
        return settings.LANGUAGE_CODE
