"""Celery tasks of orders (found by autodiscovery through this package)."""

from orders.tasks.checkout import *  # noqa: F403
from orders.tasks.posting import *  # noqa: F403
