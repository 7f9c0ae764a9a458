"""The web app and REST API (FastAPI): pages for analysts, `/api/v1` for other systems."""
