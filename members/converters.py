"""URL converters that refuse what the database could not hold, so a malformed URL is a 404,
never a server error (a 5,000-digit number, non-ASCII digits)."""


class SmallNumber:
    """A positive number of at most five ASCII digits: a recommendation's or motion's number."""

    regex = "[0-9]{1,5}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
