"""Clients of external systems. They never import models or Flask request state."""
