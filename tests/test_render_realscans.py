"""The rendered pages of the real-scan set: which text of a converted minutes file is drawn."""
from bench.render_realscans import DOCUMENTS, running_text

MINUTES = """---
kommun: kungsbacka
---

<!-- sida 1 -->

KUNGSBACKA KOMMUN SAMMANTRÄDESPROTOKOLL
Beslutande Ledamöter Emanuel Forsell (M), ordförande, och alla andra ledamöter som var där den dagen

<!-- sida 2 -->

§ 84 Dnr FG 2024-00031

Nämnden har fått information om arbetet med elevhälsan i grundskolan och om hur
samarbetet med socialtjänsten fungerar under hösten.

Beslut
"""


def test_the_running_text_is_the_prose_from_its_first_page_on(tmp_path):
    document = tmp_path / "minutes.md"
    document.write_text(MINUTES, encoding="utf-8")
    text = running_text(document, 2)
    # the attendance list of page 1 and the short heading and label lines are left out; the
    # paragraph is one line, for the renderer to wrap at its face's width
    assert text == ("Nämnden har fått information om arbetet med elevhälsan i grundskolan och om hur "
                    "samarbetet med socialtjänsten fungerar under hösten.")
    assert "Emanuel Forsell" in running_text(document, 1)


def test_dev_and_held_out_pages_come_from_minutes_of_different_years():
    years = {subset: {name.rsplit("_", 1)[1][:4] for name, _ in documents} for subset, documents in DOCUMENTS.items()}
    assert years == {"dev": {"2024"}, "heldout": {"2025"}}
