# BasQaru Events, production image: gunicorn serves the app, whitenoise the static files.
# The same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=config.settings \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/private

# An unprivileged user: it owns only its home (gunicorn keeps its control socket in
# ~/.gunicorn) and the uploads directory; the code under /app stays root-owned.
RUN groupadd --system --gid 1000 app \
 && useradd --system --uid 1000 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so code changes reuse this layer. All pins have manylinux wheels
# (psycopg[binary], pillow, reportlab): no compiler and no apt packages are needed.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .

# Static files are collected (hashed and compressed by whitenoise) into /app/staticfiles
# at build time. Settings refuse to import without SECRET_KEY when DEBUG is off, so this
# one command gets a throwaway key; it is not stored in the image's environment.
# /data is created owned by the app user so that a fresh named volume mounted there
# inherits that ownership.
RUN SECRET_KEY=build-only-throwaway-key-for-collectstatic python manage.py collectstatic --noinput \
 && chmod 0755 docker/entrypoint.sh \
 && mkdir -p /data/media /data/private \
 && chown -R app:app /data

USER app

EXPOSE 8000

# /healthz checks the database, the broker and the cache (503 within a second if one of
# them fails or hangs). The Host header is the first ALLOWED_HOSTS entry (Django answers
# 400 to any other host). X-Forwarded-Proto: https
# keeps SECURE_SSL_REDIRECT from answering 301: gunicorn trusts that header from
# 127.0.0.1, so this works whether or not BEHIND_TLS_PROXY is set. Redirects are not
# followed: anything but a 2xx marks the container unhealthy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; o = u.build_opener(type('NoRedirect', (u.HTTPRedirectHandler,), {'redirect_request': lambda *a, **k: None})); o.open(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=5)"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
# "web" = migrate, then: gunicorn config.wsgi:application --bind 0.0.0.0:8000
#   --workers ${GUNICORN_WORKERS:-4} --access-logfile -   (see docker/entrypoint.sh)
CMD ["web"]
