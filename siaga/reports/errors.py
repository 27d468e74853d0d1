from siaga.core.errors import ServiceError


class ReportError(ServiceError):
    """A report service's expected failure (message in Bahasa Indonesia, HTTP status); the API answers it through
    siaga.core.api_errors like every other ServiceError."""
