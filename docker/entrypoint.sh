#!/bin/sh
# BasQaru Events container entrypoint.
#
#   web              apply migrations, then start gunicorn (the image's default command)
#   gunicorn ...     apply migrations, then run the given gunicorn command as is
#   anything else    run it as is (celery worker/beat, manage.py commands, a shell)
#
# Only the web service migrates, so worker and beat never race it for the schema.
set -e

migrate() {
    echo "entrypoint: applying database migrations" >&2
    python manage.py migrate --noinput
}

case "$1" in
    web)
        shift
        migrate
        exec gunicorn config.wsgi:application \
            --bind 0.0.0.0:8000 \
            --workers "${GUNICORN_WORKERS:-4}" \
            --access-logfile - \
            "$@"
        ;;
    gunicorn)
        migrate
        ;;
esac

exec "$@"
