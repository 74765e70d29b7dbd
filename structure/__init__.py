"""Structure: repaired page text -> Paragraph records with what the document says about itself.

- paragraphs.py    splitting a document into § paragraphs or headed sections, and the records
- section_headings.py  which lines open a § paragraph: candidates, contents lists, the sequence
- titles.py        a § paragraph's title below its § line
- decisions.py     a paragraph's decision text
- metadata.py      the header: organisation, board, date, participants, justerare, next meeting
- dates.py         Swedish dates as written -> ISO dates
- organisations.py the gazetteer of organisations and boards (data/gazetteer/)
- topics.py        the topic vocabulary (data/topics.toml)
"""
