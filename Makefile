PORT ?= 8000
ARGS ?=

.PHONY: demo test lock lint schema messages bench-pos bench-storefront bench-checkout bench-checkout-wechat bench-load bench-lighthouse bench-pos-shell bench-pos-day

## Set up and serve the platform with the demo world on SQLite (http://127.0.0.1:$(PORT)/).
demo:
	PORT=$(PORT) scripts/demo.sh

## Install what the suite needs, start PostgreSQL and Redis on loopback, run every test, stop them.
test:
	scripts/test.sh $(ARGS)

## Write the locks in requirements/ from pyproject.toml's ranges, with hashes, keeping every pin that
## still fits (ARGS="--upgrade-package weasyprint" moves one package, ARGS=--upgrade every one).
lock:
	scripts/lock.sh $(ARGS)

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

## Rewrite schema.graphql from the code.
schema:
	GONGFANG_DEMO=1 .venv/bin/python manage.py graphql_schema --schema api.schema.schema --out schema.graphql

## Refresh and compile the translations.
messages:
	GONGFANG_DEMO=1 .venv/bin/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=var
	GONGFANG_DEMO=1 .venv/bin/python manage.py compilemessages --ignore=.venv

## Sync 10,000 POS sales in batches of 200 through gunicorn on a throwaway PostgreSQL; prints JSON.
bench-pos:
	.venv/bin/python bench/pos_sync.py

## The storefront's reads (products query, listing page) and checkout flows against localstripe,
## through gunicorn on a throwaway PostgreSQL over 10,000 products; prints JSON.
bench-storefront:
	.venv/bin/python bench/storefront.py

## The storefront bench's checkout flows alone (400, 16 at a time, 3 workers); prints JSON.
bench-checkout:
	BENCH_ONLY=checkout .venv/bin/python bench/storefront.py

## The same checkout flows paid through the WeChat Pay fake (signed calls, a notification each).
bench-checkout-wechat:
	BENCH_ONLY=checkout BENCH_GATEWAY=wechat_pay .venv/bin/python bench/storefront.py

## Two minutes at 50 locust users (tourists browsing and buying, three carts syncing, artisans checking
## balances) against gunicorn, PostgreSQL, Redis, a Celery worker and localstripe; prints JSON.
bench-load:
	.venv/bin/python bench/load_run.py

## Lighthouse (mobile) against the demo running on $(PORT) (`make demo PORT=…` first): the home and a
## product page, their four category scores and weights; prints JSON, fails over 300 KB or under 95.
bench-lighthouse:
	BENCH_URL=http://127.0.0.1:$(PORT) .venv/bin/python bench/lighthouse.py

## The cart tablet's app shell against a running demo: its compressed weight and its first screen
## offline from the service worker (CPU slowed 4x); prints JSON.
bench-pos-shell:
	BENCH_URL=http://127.0.0.1:$(PORT) .venv/bin/python bench/pos_shell.py

## A tablet's day of 500 sales (and 10 refunds) queued offline in the real app in Chromium, then synced
## on reconnect to gunicorn on a throwaway PostgreSQL; prints JSON, fails over 10 s.
bench-pos-day:
	.venv/bin/python bench/pos_day_sync.py
