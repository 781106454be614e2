"""Stock's background work: the back-in-stock messages after stock of a variant returns."""

from celery import shared_task

from inventory.services.back_in_stock import back_in_stock_notify


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def back_in_stock_send(variant_ids: list[int]) -> int:
    return back_in_stock_notify(variant_ids=variant_ids)
