"""Tests of the terminal board."""
