import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load every view, the GraphQL schema included, now rather than on the first request, then move all
# these long-lived objects out of the garbage collector's sight: its full collections otherwise walk
# them again and again, which a busy worker pays for on every large request.
get_resolver().url_patterns  # noqa: B018
gc.freeze()
