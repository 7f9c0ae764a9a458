"""HTML reports: one self-contained file (charts embedded) that opens offline and prints."""
