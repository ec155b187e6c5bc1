"""HTTP around every mount: guard, limits, security headers, CORS, metrics, health."""
