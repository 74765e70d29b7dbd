"""The search pages and JSON API for staff: `protokoll serve`, a small read-only web application.

- app.py        the application: routes wired, security headers, error pages and JSON errors
- pages.py      HTML pages: search and browse, paragraph, document, case, CSV downloads
- api.py        the JSON API and /healthz; openapi.py is its OpenAPI description
- files.py      original files and archival PDFs, found by document id
- serving.py    `protokoll serve` (workers, root path, access log) and the app factory for uvicorn
- rendering.py  Jinja2 set-up: filters, the site's path prefix, the footer
- query.py      URL parameters <-> SearchRequest, so every search is a bookmarkable URL
- markup.py     escaping document text and marking matched terms
- templates/ Jinja2 pages (Swedish), static/ the one style sheet; nothing from outside the machine
"""
