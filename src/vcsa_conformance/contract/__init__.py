"""The contract: openapi.yaml, the requirements catalogue and the documented rules."""
