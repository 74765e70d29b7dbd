"""Ingest: files in, archived Documents (original + text per page) out, then paragraph records.

- archive.py   the on-disk archive (originals, archival PDF/A copies, records, event log)
- files.py     one file -> one Document (read text, or OCR in Swedish)
- ocr.py       OCRmyPDF + Tesseract
- pdftext.py   existing PDF text layers
- structure.py Document text -> Paragraph records with metadata
"""
