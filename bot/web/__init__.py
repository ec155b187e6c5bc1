"""The project's web service on port 8000: health, JSON API, chat page and inbox."""
