import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wco_sse.settings")

application = get_wsgi_application()

# Templates, catalogues and URLs loaded now, not by the first people served
# (wco_sse.core.warmup). WCO_WARM_START=0 skips it (a quick start for debugging).
if os.environ.get("WCO_WARM_START", "1") != "0":
    from wco_sse.core.warmup import warm

    warm()
