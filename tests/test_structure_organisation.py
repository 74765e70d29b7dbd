"""Whose minutes: a kommunfullmäktige's minutes belong to a kommun even where they name a
kommunförbund more often, as Alingsås's fullmäktige of 2018 names Göteborgsregionen (GR) 29 times
and Alingsås kommun 18; a nämnd's minutes get no such preference (a region has nämnder too)."""
from __future__ import annotations

import hashlib

import pytest

from protokoll.records import Document
from protokoll.structure.paragraphs import analyse

BODY = ("§ 27 Avtal med Göteborgsregionen\n\nAlingsås kommun har sedan länge samverkat med "
        "Göteborgsregionen (GR). Göteborgsregionen föreslår att GR tar över utbildningen, och "
        "Göteborgsregionens förbundsstyrelse har godkänt avtalet.\n\nBeslut\nAvtalet godkänns.\n")


def organisation_of(board: str) -> str | None:
    text = f"Protokoll\n{board}\n2018-03-28\n\n{BODY}"
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest(), source="t.txt", original="", kind="text",
                   pages=[text])
    info, _ = analyse(doc, [text])
    return info.organisation


@pytest.mark.parametrize("board", ["Kommunfullmäktige", "Kommunstyrelsen"])
def test_a_kommun_board_is_a_kommuns_though_a_kommunforbund_is_named_more(board):
    assert organisation_of(board) == "Alingsås kommun"


def test_a_namnd_takes_the_organisation_named_most():
    assert organisation_of("Utbildningsnämnden") == "Göteborgsregionen"
