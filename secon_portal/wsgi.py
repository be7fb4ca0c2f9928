"""WSGI entry point: `gunicorn secon_portal.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secon_portal.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL configuration) lives as long as the
# process: keep it out of the garbage collector's full collections, whose pauses otherwise
# grow with it and show as slow requests every few dozen (the 95th percentile in bench/).
gc.freeze()
