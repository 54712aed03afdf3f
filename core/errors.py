class DomainError(Exception):
    """A broken business rule: a translated message for people and a stable code for machines.

    The API turns it into 409 {"code", "message"}; HTML views show the message.
    """

    def __init__(self, message, *, code: str, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.extra = extra or {}

    def __str__(self) -> str:
        return str(self.message)
