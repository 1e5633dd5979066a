"""Hostile clients against real services: each test asserts the others keep being served."""
