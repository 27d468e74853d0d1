class ServiceError(Exception):
    """An expected failure of a service, with a message for the user (Bahasa Indonesia) and the HTTP status the
    API answers with (siaga.core.api_errors)."""

    def __init__(self, message: str, status: int = 400, field: str = ""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field
