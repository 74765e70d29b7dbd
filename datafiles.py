"""Where the data people extend lives: lexicons, topic vocabulary, gazetteer, samples."""
import os
from pathlib import Path

DATA_DIR = Path(os.environ.get("PROTOKOLL_DATA", Path(__file__).resolve().parent / "data"))
SAMPLES_DIR = DATA_DIR / "samples"
