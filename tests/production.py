"""The environment variables of a production deployment: the least with which the portal starts with DEBUG off."""

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x8c#2kq!v9z$w4m@p7n&r1t*y6u^b3e%h5j(l0o)s+d-f=g_aQ7wE3rT9yU1iO5pA2sD8fG4hJ6k",
    "ALLOWED_HOSTS": "portal.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "PORTAL_URL": "https://portal.example.org",
}
