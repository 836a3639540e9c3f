# Tansiq: one image for every role. The default command serves the site with gunicorn; the
# Compose file runs the same image as `migrate`, the Celery worker and Celery beat.
# See docs/deployment.md.
#
# BASE_IMAGE: the official Python image by default; any Debian bookworm image with Python 3.11
# (python3, python3-venv) works too, e.g. the one `make prod-drill` builds from Debian's
# packages: docker build --build-arg BASE_IMAGE=tansiq-drill/python:3.11 .
# Plain `docker build` (no BuildKit needed): Debian's docker.io and docker-compose 1.29 build it.
ARG BASE_IMAGE=python:3.11-slim-bookworm

# --- build: the locked dependencies, in /app/.venv -------------------------------------------
FROM ${BASE_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_NATIVE_TLS=1

# UV_NATIVE_TLS: uv trusts the base's certificate store (as pip does), so a base image that adds
# a local certificate authority (a TLS-inspecting proxy in front of PyPI) builds too.

# The base's Python 3.11: /usr/local/bin/python3.11 in the official image, /usr/bin/python3.11
# in Debian's. uv gets a venv of its own (Debian's pip refuses to install into the system).
RUN python=$(command -v python3.11) \
    && "$python" -m venv /opt/uv \
    && /opt/uv/bin/pip install --quiet uv==0.13.9

WORKDIR /app
# Only the lock and the project file: this layer is rebuilt when dependencies change, not code.
COPY pyproject.toml uv.lock ./
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-install-project --python "$(command -v python3.11)" \
    && /app/.venv/bin/python -c "import django, psycopg, celery, gunicorn"

# --- runtime: the same base, so the venv's interpreter is where it was built -------------------
FROM ${BASE_IMAGE}

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

# Static files are collected into the image (STATIC_ROOT = var/static) and served by whitenoise
# when no proxy serves them.
# The secret is a throwaway for this one command; it is not kept in the image's environment.
# /srv/static is where compose's `migrate` copies them for nginx (the `static` volume takes the
# directory's owner when it is created, so the app user can write there).
RUN SECRET_KEY=collectstatic-build-only-not-a-secret DEBUG=false \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/media /srv/static \
    && chown tansiq:tansiq /app/media /app/var /srv/static

USER tansiq
EXPOSE 8000

# GET /healthz: 200 when the database and broker answer, 503 otherwise. Django rejects a Host
# that is not in ALLOWED_HOSTS, so the check sends the first concrete one (".example.org" ->
# "example.org"; "*" is skipped) instead of 127.0.0.1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = next((x.strip().lstrip('.') for x in os.environ.get('ALLOWED_HOSTS', '').split(',') if x.strip() not in ('', '*')), 'localhost'); r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

# gunicorn reads its number of workers from WEB_CONCURRENCY (default above: 3). It listens on
# every interface of the container, which compose attaches to the project's network only: no
# port is published, nginx is the way in (docker-compose.yml). The timeout is 120 s, not
# gunicorn's 30: an Excel export of a whole registry is built before its first byte (about 20 s
# for 20,000 organizations on a busy 2-core machine), and CSV exports stream for as long.
CMD ["gunicorn", "federation.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--timeout", "120", \
     "--access-logfile", "-", \
     "--worker-tmp-dir", "/dev/shm"]
