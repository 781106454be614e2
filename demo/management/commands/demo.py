import logging
import time

from django.core.management.base import BaseCommand

from demo.builder import build


class Command(BaseCommand):
    help = "建立演示数据：总库、三辆零售车、手工艺人、商品、图片、账户与库存（可重复运行）。"

    def handle(self, *args, **options):
        # Thumbnails are made in-process here; one log line per image would bury the progress lines.
        logging.getLogger("celery").setLevel(logging.WARNING)
        logging.getLogger("kombu").setLevel(logging.ERROR)
        started = time.monotonic()
        made = build(write=self.stdout.write)
        seconds = time.monotonic() - started
        if made:
            self.stdout.write(self.style.SUCCESS(f"演示数据已建好（{seconds:.1f} 秒）。"))
        else:
            self.stdout.write(self.style.SUCCESS("演示数据已存在，没有做任何改动。"))
