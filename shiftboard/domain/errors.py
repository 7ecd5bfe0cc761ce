"""The exceptions every refusal travels in, so both front ends show the same sentence."""


class Refused(Exception):
    """A well-formed request the rules turn down; the message is for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Invalid(Refused):
    """A value the rules turn down, with what it is (`subject`) and what is wrong (`problem`) kept apart.

    The problem reads after any name of the value: the domain says `customer.name is required`, the
    command line `--customer is required`, the form `Customer name is required` beside the field."""

    def __init__(self, subject: str, problem: str) -> None:
        super().__init__(f"{subject} {problem}")
        self.subject = subject
        self.problem = problem
