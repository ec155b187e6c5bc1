"""The JSON API's routes and its OpenAPI document."""
