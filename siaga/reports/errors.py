class ReportError(Exception):
    """An expected failure with a message for the user (Bahasa Indonesia) and the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400, field: str = ""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field
