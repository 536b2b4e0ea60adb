"""Development stand-ins for external systems, speaking the same protocols as the real ones.

Separate WSGI apps; they never import the portal. Mounted only in development (`PORTAL_DEV_*`).
"""
