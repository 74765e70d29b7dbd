"""A synthetic archive of Swedish meeting minutes for benchmarks: `build_synthetic_archive`.

Writes archive Document records (documents/<sha256>.json plus the original text file), as
`protokoll ingest` would for text exports, so `protokoll reindex` runs the whole pipeline on
them. Each document is one protokoll: a header (organisation, body, date, participants) and
§ paragraphs built from templates of what minutes say (föredragande, bakgrund, förslag till
beslut, beslut, diarienummer), with compound-rich Swedish vocabulary. One document in twenty
is "legacy OCR": its å/ä/ö are garbled the way an English-only OCR garbles them.

Seeded: the same (paragraphs, seed) gives the same archive.

    python -m bench.synthetic_archive /tmp/bench-arkiv 200000
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from protokoll.archive import Archive, write_atomically
from protokoll.records import Document

ORGANISATIONS = {
    "Östersunds kommun": ["Kommunstyrelsen", "Barn- och utbildningsnämnden", "Socialnämnden", "Miljö- och samhällsnämnden"],
    "Krokoms kommun": ["Kommunstyrelsen", "Kommunfullmäktige", "Bygg- och miljönämnden"],
    "Åre kommun": ["Kommunstyrelsen", "Utbildningsnämnden", "Plan- och byggnadsnämnden"],
    "Strömsunds kommun": ["Kommunstyrelsen", "Socialnämnden"],
    "Härjedalens kommun": ["Kommunstyrelsen", "Kommunfullmäktige"],
    "Bergs kommun": ["Kommunstyrelsen", "Tekniska nämnden"],
    "Bräcke kommun": ["Kommunstyrelsen"],
    "Ragunda kommun": ["Kommunstyrelsen"],
    "Region Jämtland Härjedalen": ["Regionstyrelsen", "Regionala utvecklingsnämnden", "Hälso- och sjukvårdsnämnden"],
    "Örebro kommun": ["Kommunstyrelsen", "Programnämnd social välfärd"],
    "Kumla kommun": ["Kommunstyrelsen", "Kultur- och fritidsnämnden"],
    "Region Örebro län": ["Regionstyrelsen", "Regionala samverkansrådet"],
    "Länsstyrelsen Jämtlands län": ["Samverkansgruppen"],
    "Kommunförbundet Jämtland Härjedalen": ["Samverkanstid kommuner, Region och Länsstyrelse"],
}
TOPICS = {
    "bredband": ["bredbandsutbyggnad", "fiberanslutning", "bredbandsstöd", "mobiltäckning"],
    "kompetensförsörjning": ["kompetensförsörjning", "rekryteringsbehov", "yrkesutbildning", "lärlingsplatser"],
    "beredskap": ["influensaberedskap", "krisberedskap", "civilförsvar", "beredskapsplanering"],
    "skola": ["förskoleverksamhet", "grundskolans lokaler", "skolskjuts", "elevhälsa"],
    "äldreomsorg": ["äldreomsorgen", "hemtjänsten", "särskilt boende", "trygghetslarm"],
    "infrastruktur": ["vägunderhåll", "kollektivtrafiken", "järnvägsförbindelse", "vatten- och avloppsnätet"],
    "ekonomi": ["budgetuppföljning", "investeringsbudget", "delårsrapport", "årsredovisning"],
    "samhällsbyggnad": ["detaljplan", "översiktsplan", "bostadsförsörjning", "markanvisning"],
    "folkhälsa": ["folkhälsoarbete", "drogförebyggande arbete", "föreningsbidrag", "friluftsliv"],
    "digitalisering": ["digitalisering", "e-tjänster", "informationssäkerhet", "ärendehanteringssystem"],
}
TITLES = ["Information om {t}", "Uppföljning av {t}", "Yttrande över {t}", "Riktlinjer för {t}",
          "Medel för {t}", "Handlingsplan för {t}", "Rapport om {t}", "Samverkan kring {t}", "Beslut om {t}"]
OPENING = [("Protokollets justering", "Till att jämte ordföranden justera protokollet utses {p}."),
           ("Fastställande av dagordning", "Dagordningen fastställs med tillägg av en informationspunkt om {t}."),
           ("Val av justerare", "{p} väljs att justera dagens protokoll.")]
SENTENCES = [
    "{org} har sedan {y0} arbetat med {t} i hela länet.",
    "Föredragande: {p}, {role}.",
    "Bakgrund: frågan om {t} har diskuterats vid flera sammanträden och berör samtliga kommuner.",
    "Förvaltningen redovisar läget för {t} och de kostnader som uppstått under året, sammanlagt {n} miljoner kronor.",
    "Under våren genomfördes en kartläggning av {t2} i {place}, som visar att behovet är större än beräknat.",
    "Ärendet har beretts av arbetsutskottet den {d}.",
    "{p} informerar om arbetet med {t} och svarar på frågor från ledamöterna.",
    "Diskussion följer om hur {t2} kan samordnas med {t3} och vilka resurser som krävs.",
    "Samverkansgruppen framhåller att {t} är en prioriterad fråga för regionens utveckling.",
    "Länsstyrelsen har i sitt yttrande pekat på riskerna med bristande {t2}.",
    "En arbetsgrupp med representanter från {place} och {place2} tillsätts för att ta fram ett underlag.",
    "Synpunkter: ledamöterna betonar vikten av dialog med berörda verksamheter om {t}.",
    "Kostnaderna för {t2} ryms inom befintlig budgetram för {y}.",
    "Handlingar: tjänsteskrivelse daterad {d}, bilaga med sammanställning av {t2}.",
    "Det noteras att uppföljning sker vid nästa möte, med fokus på {t3}.",
    "Enligt den senaste rapporten har {n} procent av hushållen i {place} tillgång till {t2}.",
]
DECISIONS = [
    "{body} beslutar att godkänna redovisningen av {t} och lägga den till handlingarna.",
    "{body} beslutar att avsätta {n} miljoner kronor för {t} under {y}.",
    "{body} beslutar att ge förvaltningen i uppdrag att utreda {t2} och återkomma senast {d}.",
    "{body} beslutar att anta riktlinjerna för {t} enligt bilaga.",
    "{body} beslutar att avslå motionen om {t2}.",
]
FIRST = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Anders", "Sara", "Per", "Lena", "Magnus",
         "Elin", "Björn", "Ingrid", "Jonas", "Åsa", "Mikael", "Helena", "Göran", "Malin", "Nils", "Ulla", "Östen"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Jonsson", "Söderström", "Wennerberg", "Kriström", "Löfgren", "Åberg", "Holmgren", "Lindqvist",
        "Bergström", "Sjöberg", "Hedlund", "Forsberg", "Ekström", "Nordin"]
ROLES = ["kommundirektör", "förvaltningschef", "ekonomichef", "utvecklingsstrateg", "planarkitekt", "socialchef",
         "ordförande", "sekreterare", "regiondirektör", "näringslivsutvecklare"]
PLACES = ["Östersund", "Krokom", "Åre", "Strömsund", "Sveg", "Svenstavik", "Bräcke", "Hammarstrand", "Järpen",
          "Funäsdalen", "Örebro", "Kumla", "Hallsberg", "Lindesberg", "Askersund", "Hammerdal", "Duved", "Lit"]
LEGACY_OCR = str.maketrans({"ä": "a", "å": "a", "ö": "6", "Ä": "A", "Å": "A", "Ö": "0"})


class _Minutes:
    """Random but seeded minutes text; every choice goes through one random.Random."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.topic_names = list(TOPICS)
        # Everyday Swedish words for the discussion lines, so the vocabulary is as wide as real minutes'
        from wordfreq import top_n_list

        self.vocabulary = [w for w in top_n_list("sv", 30_000)[500:] if w.isalpha() and len(w) > 3]

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def fill(self, template: str, slots: dict) -> str:
        rng = self.rng
        values = dict(slots, p=self.person(), role=rng.choice(ROLES), place=rng.choice(PLACES),
                      place2=rng.choice(PLACES), n=rng.randint(2, 95), y0=rng.randint(1995, 2015))
        return template.format(**values)

    def paragraph(self, number: int, body: str, org: str, when: date) -> tuple[str, str]:
        """(heading line, body text) of one § paragraph."""
        rng = self.rng
        topic = rng.choice(self.topic_names)
        words = TOPICS[topic]
        later = (when + timedelta(days=rng.randint(20, 200))).isoformat()
        slots = {"t": rng.choice(words), "t2": rng.choice(words), "t3": rng.choice(TOPICS[rng.choice(self.topic_names)]),
                 "org": org, "body": body, "y": when.year, "d": later}
        if number == 0:
            title, text = rng.choice(OPENING)
            return title, self.fill(text, slots)
        title = self.fill(rng.choice(TITLES), slots)
        lines = [self.fill(s, slots) for s in rng.sample(SENTENCES, rng.randint(4, 8))]
        if rng.random() < 0.7:
            lines.append("Vid diskussionen nämndes även " + ", ".join(rng.sample(self.vocabulary, 5)) + ".")
        lines.append(f"Diarienummer: {rng.choice(['KS', 'RS', 'BUN', 'SN'])} {when.year}/{rng.randint(1, 999)}")
        if rng.random() < 0.45:
            lines.append("Förslag till beslut")
            lines.append(self.fill(rng.choice(DECISIONS), slots))
            lines.append("Beslut")
            lines.append(self.fill(rng.choice(DECISIONS), slots))
        return title.capitalize(), "\n".join(lines)

    def document(self, paragraphs: int, first_number: int) -> tuple[str, str, date]:
        """(text, organisation, date) of one protokoll with `paragraphs` § paragraphs."""
        rng = self.rng
        org = rng.choice(list(ORGANISATIONS))
        body = rng.choice(ORGANISATIONS[org])
        when = date(1998, 1, 1) + timedelta(days=rng.randint(0, 27 * 365))
        header = [org, body, "Protokoll", f"Sammanträdesdatum: {when.isoformat()}",
                  f"Plats och tid: {rng.choice(PLACES)}, kl. {rng.randint(8, 15)}.00",
                  "Beslutande: " + ", ".join(self.person() for _ in range(rng.randint(3, 7))),
                  f"Paragrafer: {first_number}-{first_number + paragraphs - 1}", ""]
        sections = []
        for n in range(paragraphs):
            title, text = self.paragraph(n, body, org, when)
            sections.append(f"§ {first_number + n} {title}\n{text}\n")
        return "\n".join(header) + "\n" + "\n".join(sections), org, when


def build_synthetic_archive(root: Path | str, paragraphs: int, seed: int = 1) -> Archive:
    """Write documents that structure splits into `paragraphs` records in all (a header record and the §§)."""
    archive = Archive(root)
    minutes = _Minutes(seed)
    written = serial = 0
    while written < paragraphs:
        # structure makes one record of the header and one per §; never leave a remainder of 1
        remaining = paragraphs - written - 1
        count = min(remaining, minutes.rng.randint(8, 22))
        if remaining - count == 1:
            count += 1
        text, org, when = minutes.document(count, minutes.rng.randint(1, 200))
        legacy = minutes.rng.random() < 0.05
        if legacy:
            text = text.translate(LEGACY_OCR)
        _save(archive, text, org, when, legacy, serial)
        written += count + 1
        serial += 1
    return archive


def _save(archive: Archive, text: str, org: str, when: date, legacy: bool, serial: int) -> None:
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source = f"protokoll_{when.isoformat()}_{serial:06d}.txt"
    original = archive.originals / f"{doc_id}.txt"
    write_atomically(original, text.encode("utf-8"))
    pages = _pages(text)
    archive.save(Document(id=doc_id, source=source, original=str(original.relative_to(archive.root)),
                          kind="legacy-ocr" if legacy else "text", pages=pages,
                          text_origin="legacy-ocr" if legacy else "text-export", paged=legacy,
                          org_override=org, ingested_at=f"{when.isoformat()}T12:00:00+00:00"))


def _pages(text: str, lines_per_page: int = 60) -> list[str]:
    lines = text.split("\n")
    return ["\n".join(lines[i:i + lines_per_page]) for i in range(0, len(lines), lines_per_page)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("paragraphs", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    archive = build_synthetic_archive(args.root, args.paragraphs, args.seed)
    print(f"{len(archive.document_ids())} documents in {args.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
