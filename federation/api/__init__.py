"""The open-data API: read-only JSON under /api/v1/, described by an OpenAPI document.

The resources are declared once (registry.py, resources.py); the URLs, the answers, the
OpenAPI description and the documentation page are all made from those declarations, so a
new resource is one `Resource(...)` and nothing else. Every resource reads through the same
"visible to this user" querysets as the pages.
"""
