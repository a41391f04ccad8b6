"""magref: an offline reference for magnesium supplement forms, with sources."""

__version__ = "0.1.0"  # kept equal to pyproject.toml's version by a test
