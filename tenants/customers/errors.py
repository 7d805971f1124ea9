"""The error services raise when customer data cannot be used."""


class Invalid(ValueError):
    """Some fields are not valid; `errors` maps each field to its messages.

    Nothing has been stored when this is raised.
    """

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def one(cls, field: str, message) -> "Invalid":
        """Return the error of a single field."""
        return cls({field: [str(message)]})
