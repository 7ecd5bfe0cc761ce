"""Widgets the board is drawn with: card columns and the header."""
