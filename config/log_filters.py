"""Logging filters named in settings.LOGGING."""

import logging

from django.core.exceptions import PermissionDenied


class RefusalsWithoutTraceback(logging.Filter):
    """Django logs every PermissionDenied on `django.request` with its traceback. A refusal is
    the site working as meant (someone opened a page their role does not have), so it is
    kept as one INFO line: who was refused where, without a stack that looks like a bug."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True
