"""Per-conversation state of the web service, in memory or in Redis."""
