"""Parties: listed entities, company names across scripts, screening and networks."""
