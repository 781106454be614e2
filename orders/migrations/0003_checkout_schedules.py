"""Celery beat (django_celery_beat's database schedule): release expired checkout reservations every
minute; post to the ledger whatever a lost posting task left behind, every five minutes."""

from django.db import migrations

SCHEDULES = {
    "orders: release expired checkout reservations": ("orders.tasks.checkout.checkout_reservations_expire", 60),
    "orders: post unposted sales and refunds to the ledger": ("orders.tasks.posting.ledger_post_pending", 300),
}


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, seconds) in SCHEDULES.items():
        interval, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "interval": interval, "enabled": True}
        )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_online_checkout"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
