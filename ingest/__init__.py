"""Ingest: files in, archived Documents (original kept, text per page) out.

- batch.py     a batch of files in parallel, resumable, with a report per run
- files.py     one file -> one Document (read text, or OCR in Swedish)
- ocr.py       OCRmyPDF + Tesseract
- pdftext.py   existing PDF text layers
- triage.py    which PDFs to OCR again
"""
