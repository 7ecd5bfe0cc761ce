"""Shiftboard: a terminal shift board for customer-service handovers."""

__version__ = "0.1.0"
