"""Tests (a package so that modules with the same name in different folders do not clash)."""
