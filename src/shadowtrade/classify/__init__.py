"""Models that read free text: goods descriptions to HS headings."""
