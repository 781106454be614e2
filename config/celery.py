import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("gongfang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_what_is_loaded(**_kwargs) -> None:
    """As config/wsgi.py does for the web workers: what each worker process has loaded by now (Django,
    the apps) lives as long as the process, so move it out of the garbage collector's sight. A task
    that makes many objects (the ledger's posting of thousands of sale lines) would otherwise set off
    full collections that walk all of it again and again: about 40% of the posting's Python time."""
    gc.freeze()
