"""magref: an offline reference for magnesium supplement forms, with sources."""
