"""Index and search: one Whoosh document per paragraph.

- schema.py  fields and Swedish analysis
- store.py   opening the live index, building a new one, switching to it atomically
- search.py  queries, filters and hits as plain dicts
"""
