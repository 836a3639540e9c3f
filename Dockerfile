# syntax=docker/dockerfile:1
# Tansiq: one image for every role. The default command serves the site with gunicorn; the
# Compose file runs the same image as `migrate`, the Celery worker and Celery beat.
# See docs/deployment.md.

# --- build: the locked dependencies, in /app/.venv -------------------------------------------
FROM python:3.11-slim AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never

RUN pip install uv==0.13.9

WORKDIR /app
# Only the lock and the project file: this layer is rebuilt when dependencies change, not code.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project --python /usr/local/bin/python3.11

# --- runtime ---------------------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=federation.settings \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=3

# A home directory, because gunicorn keeps its control socket under ~/.gunicorn.
RUN groupadd --system --gid 10001 tansiq \
    && useradd --system --uid 10001 --gid tansiq --create-home --home-dir /home/tansiq \
       --shell /usr/sbin/nologin tansiq

WORKDIR /app
COPY --from=build /app/.venv /app/.venv
# The code stays owned by root, so the app user cannot modify it.
COPY . .

# Static files are collected into the image (STATIC_ROOT = var/static) and served by whitenoise.
# The secret is a throwaway for this one command; it is not kept in the image's environment.
RUN SECRET_KEY=collectstatic-build-only-not-a-secret DEBUG=false \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown tansiq:tansiq /app/media /app/var

USER tansiq
EXPOSE 8000

# GET /healthz: 200 when the database and broker answer, 503 otherwise. Django rejects a Host
# that is not in ALLOWED_HOSTS, so the check sends the first concrete one (".example.org" ->
# "example.org"; "*" is skipped) instead of 127.0.0.1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = next((x.strip().lstrip('.') for x in os.environ.get('ALLOWED_HOSTS', '').split(',') if x.strip() not in ('', '*')), 'localhost'); r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

# gunicorn reads its number of workers from WEB_CONCURRENCY (default above: 3).
CMD ["gunicorn", "federation.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", \
     "--worker-tmp-dir", "/dev/shm"]
