"""Models that learn from outcomes: inspection results and analysts' triage."""
