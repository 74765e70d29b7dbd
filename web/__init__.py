"""The search page for staff: `protokoll serve`, a small local, read-only web application.

- app.py     routes (search page, paragraph view, archived files), error pages, `serve`
- query.py   URL parameters <-> SearchRequest, so every search is a bookmarkable URL
- markup.py  escaping document text and marking matched terms
- templates/ Jinja2 pages (Swedish), static/ the one style sheet; nothing from outside the machine
"""
