"""The one exception every refusal travels in, so both front ends show the same sentence."""


class Refused(Exception):
    """A well-formed request the rules turn down; the message is for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
