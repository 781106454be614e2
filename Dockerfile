FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 GONGFANG_VAR_DIR=/app/var
RUN apt-get update -q && apt-get install -y -q --no-install-recommends \
      fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext curl postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The production lock (make lock writes it): every package at its pinned version, every file checked
# against its hash. setuptools comes first from its own lock and builds what is published only as
# source, so no build fetches one unpinned. A layer of its own, rebuilt only when the lock changes.
COPY requirements/build.txt requirements/base.txt requirements/
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/build.txt \
    && pip install --no-cache-dir --require-hashes --no-build-isolation -r requirements/base.txt
COPY . .
# The project itself on top, without resolving again.
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    && SECRET_KEY=build-only python manage.py collectstatic --noinput -v 0 \
    && SECRET_KEY=build-only python manage.py compilemessages -v 0
RUN useradd --system --home /app gongfang && mkdir -p /app/var/media && chown -R gongfang /app/var
USER gongfang
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
