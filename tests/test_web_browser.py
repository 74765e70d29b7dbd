"""The search page in a real browser: Playwright driving Debian's Chromium against `protokoll serve`."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import SCANNED_SAMPLE
from web_support import RESULTS_DIR, SCRIPT_TEXT, SCRIPT_TITLE, server, web_archive  # noqa: F401

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []  # any alert() would mean document text ran as script
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.outside = []  # web requests to anywhere but this server (CDN, fonts...): there must be none
    page.on("request", lambda request: page.outside.append(request.url)
            if request.url.startswith(("http:", "https:", "ws:", "wss:")) and not request.url.startswith(server) else None)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)


def search_for(page, query: str) -> None:
    page.goto("/")
    page.get_by_role("searchbox").fill(query)
    page.get_by_role("button", name="Sök").click()
    page.wait_for_load_state()


def test_search_filter_open_paragraph_and_follow_pdf_link(page, web_archive):
    search_for(page, "kompetensförsörjning")
    assert "q=kompetensf%C3%B6rs%C3%B6rjning" in page.url  # the search lives in the URL
    hits = page.locator("li.hit")
    expect(hits.first).to_be_visible()
    expect(page.locator("li.hit mark").first).to_have_text(re.compile("kompetensförsörjning", re.I))
    screenshot(page, "web-search")
    unfiltered = hits.count()

    # Filter by organisation (a value the menu offers) and by date: the URL and the hits follow.
    page.get_by_label("Organisation").select_option("Kommunförbundet Jämtland Härjedalen")
    page.get_by_label("Från").fill("2024-09-01")
    page.get_by_label("Till").fill("2024-09-30")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_load_state()
    assert "org=Kommunf%C3%B6rbundet" in page.url and "fran=2024-09-01" in page.url
    expect(hits.first).to_be_visible()
    assert 0 < hits.count() <= unfiltered
    assert set(page.locator("li.hit .org").all_inner_texts()) == {"Kommunförbundet Jämtland Härjedalen"}
    assert set(page.locator("li.hit .date").all_inner_texts()) == {"2024-09-16"}
    expect(page.locator(".active-filters")).to_contain_text("Organisation: Kommunförbundet Jämtland Härjedalen")

    # Open the scanned sample's paragraph: whole text, metadata, links to its files.
    scanned = page.locator("li.hit", has_text=SCANNED_SAMPLE.name).first
    title = scanned.locator("h2 a").inner_text()
    scanned.locator("h2 a").click()
    page.wait_for_load_state()
    assert "/paragraf/" in page.url
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("dl.metadata")).to_contain_text("Kommunförbundet Jämtland Härjedalen")
    expect(page.locator("section.whole .text")).to_contain_text(re.compile("kompetensförsörjning", re.I))
    screenshot(page, "web-paragraph")

    # Follow the PDF link: the app serves the archival PDF/A, opened at the paragraph's page.
    pdf_link = page.locator("a.pdf")
    href = pdf_link.get_attribute("href")
    assert re.fullmatch(r"/pdf/[0-9a-f]{64}#page=[1-9]\d*", href)
    with page.expect_response(re.compile(r"/pdf/[0-9a-f]{64}$")) as response_info:
        pdf_link.click()
    response = response_info.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert page.url.endswith(href)  # Chromium's PDF viewer opens it, #page=N included
    page.wait_for_timeout(1500)  # let the viewer draw before the screenshot
    screenshot(page, "web-pdf")
    # The viewer replaces the body Playwright sees, so fetch the same URL again for its bytes.
    doc = next(d for d in web_archive.documents() if d.source == SCANNED_SAMPLE.name)
    served = page.request.get(href.split("#")[0]).body()
    assert served == web_archive.path(doc.archival).read_bytes() and b"pdfaid:part" in served
    assert page.outside == []


def test_document_with_script_shows_it_as_text(page):
    search_for(page, "Testbyn")
    hit = page.locator("li.hit").first
    expect(hit.locator("h2")).to_contain_text(SCRIPT_TITLE)  # visible as text...
    assert page.locator("main script").count() == 0  # ...and never an element
    hit.locator("h2 a").click()
    page.wait_for_load_state()
    expect(page.locator("section.whole .text")).to_contain_text(SCRIPT_TEXT)
    assert page.locator("script").count() == 0
    assert page.dialogs == []


def test_bookmarked_url_restores_the_search_and_pages_on(page):
    page.goto("/?q=bredband&org=Ovan%C3%A5kers+kommun&beslut=1&sort=datum")
    expect(page.get_by_role("searchbox")).to_have_value("bredband")
    expect(page.get_by_label("Organisation")).to_have_value("Ovanåkers kommun")
    expect(page.get_by_label("Bara beslut")).to_be_checked()
    expect(page.locator("li.hit")).to_have_count(10)
    page.get_by_role("link", name="Nästa →").click()
    page.wait_for_load_state()
    assert "sida=2" in page.url and "org=Ovan%C3%A5kers+kommun" in page.url
    expect(page.locator("ol.hits")).to_have_attribute("start", "11")
    assert page.locator("li.hit").count() >= 1
    page.locator(".active-filters li", has_text="Bara beslut").get_by_role("link").click()
    page.wait_for_load_state()
    assert "beslut=" not in page.url and "sida=" not in page.url


def test_bad_query_shows_a_friendly_message(page):
    response = page.goto("/?q=bredband&fran=16+september")
    assert response.status == 400
    expect(page.locator("h1")).to_have_text("Sökningen gick inte att förstå")
    expect(page.locator(".detail")).to_contain_text("ÅÅÅÅ-MM-DD")
    screenshot(page, "web-bad-query")


def test_clicking_a_facet_narrows_the_search(page):
    search_for(page, "kompetensförsörjning")
    facet = page.locator('.facet[data-facet="organisation"] li').first
    value, count = facet.locator("a").inner_text(), int(facet.locator(".count").inner_text())
    facet.locator("a").click()
    page.wait_for_load_state()
    assert "org=" in page.url
    expect(page.get_by_label("Organisation")).to_have_value(value)
    organisations = page.locator("li.hit .org").all_inner_texts()
    assert organisations and set(organisations) == {value}
    assert len(organisations) <= count


# -- whole documents, cases, previous/next, browsing, CSV, narrow screens ------------------------
def open_paragraph(page, query: str, title: str) -> None:
    search_for(page, query)
    page.locator("li.hit h2 a", has_text=title).first.click()
    page.wait_for_load_state()


def test_document_page_from_a_hit_with_contents_that_jump_to_each_paragraph(page):
    search_for(page, "snöröjning")
    page.locator("li.hit a.source", has_text="ks_ostersund_2021-03-15.txt").first.click()
    page.wait_for_load_state()
    assert "/dokument/" in page.url
    expect(page.locator("dl.metadata")).to_contain_text("Sofia Lund")
    contents = page.locator("nav.contents li a")
    expect(contents).to_have_count(4)
    expect(page.locator("section.paragraph h2")).to_have_text(contents.all_inner_texts())  # every §, in order
    contents.filter(has_text="§ 42").click()
    assert re.search(r"#p-[^/]+$", page.url)
    anchor = page.url[page.url.index("#") + 1:]
    expect(page.locator(f'section.paragraph[id="{anchor}"] h2')).to_be_in_viewport()
    screenshot(page, "web-document")
    assert page.outside == []


def test_previous_and_next_walk_through_the_document(page):
    open_paragraph(page, "förskola Lit", "Ny förskola i Lit")
    expect(page.locator("h1")).to_have_text("§ 41 Ny förskola i Lit")
    page.locator('nav.neighbours a[rel="next"]').click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("§ 42 Snöröjning på gång- och cykelvägar")
    expect(page.locator("nav.neighbours .none")).to_have_text("Sista paragrafen")
    page.locator('nav.neighbours a[rel="prev"]').click()
    page.locator('nav.neighbours a[rel="prev"]').click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("§ 40 Val av justerare")
    paragraph_id = page.url.rsplit("/", 1)[1]
    page.get_by_role("link", name=re.compile("Hela protokollet")).click()
    page.wait_for_load_state()
    assert "/dokument/" in page.url and page.url.endswith(f"#p-{paragraph_id}")
    expect(page.locator(f'section.paragraph[id="p-{paragraph_id}"] h2')).to_be_in_viewport()


def test_case_page_from_a_case_number_on_a_paragraph(page):
    open_paragraph(page, "förskola Lit", "Investering i ny förskola i Lit")
    page.locator("dl.metadata a.case", has_text="KS 2021-00087").click()
    page.wait_for_load_state()
    assert page.url.endswith("/arende/KS-2021-87")
    expect(page.locator("h1")).to_have_text("Ärende KS 2021/87")
    rows = page.locator("table.case-history tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.locator("td.date")).to_have_text(["2021-03-15", "2021-06-21", "2022-02-08", "2022-02-08"])
    expect(rows.nth(1).locator("td.decision-text")).to_contain_text("anslå 48 miljoner kronor")
    screenshot(page, "web-case")
    rows.nth(0).locator("td.title a").first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("§ 41 Ny förskola i Lit")


def test_browsing_with_filters_alone_and_downloading_the_csv(page):
    page.goto("/")
    page.locator('select[name="organ"]').select_option("Kommunstyrelsen")
    page.get_by_label("Bara beslut").check()
    page.get_by_role("button", name="Sök").click()
    page.wait_for_load_state()
    expect(page.locator(".summary")).to_contain_text("med de valda filtren, nyast först")
    dates = page.locator("li.hit .date").all_inner_texts()
    assert len(dates) > 1 and dates == sorted(dates, reverse=True)
    assert set(page.locator("li.hit .body").all_inner_texts()) == {"Kommunstyrelsen"}
    expect(page.locator(".facets")).to_be_visible()
    total = int(page.locator(".summary strong").inner_text())
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner CSV").click()
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and download_info.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == total and {row["body"] for row in rows} == {"Kommunstyrelsen"}
    assert {row["is_decision"] for row in rows} == {"true"}


def test_narrow_screen_keeps_filters_behind_a_summary(browser, server):
    context = browser.new_context(base_url=server, locale="en-US", viewport={"width": 400, "height": 800})
    page = context.new_page()
    try:
        page.goto("/")
        filters = page.locator("fieldset.filters")
        expect(filters).to_be_hidden()  # the first screen is the search box and the help
        expect(page.get_by_role("searchbox")).to_be_in_viewport()
        expect(page.locator("section.help")).to_be_visible()
        page.locator("details.filters summary").click()
        expect(filters).to_be_visible()
        page.get_by_label("Från").fill("2021-01-01")
        page.get_by_role("searchbox").fill("förskola")
        page.get_by_role("button", name="Sök").click()
        page.wait_for_load_state()
        expect(page.locator("li.hit").first).to_be_visible()
        expect(page.locator("details.filters summary")).to_contain_text("1 valda")
        expect(page.locator("fieldset.filters")).to_be_hidden()
        # Dates read YYYY-MM-DD in an English-speaking browser too: text fields, never the locale's date widget.
        expect(page.get_by_label("Från")).to_have_value("2021-01-01")
        assert page.get_by_label("Från").evaluate("e => e.type") == "text"
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in page.locator("li.hit .date").all_inner_texts())
        assert page.evaluate("document.documentElement.scrollWidth") <= 400  # nothing runs off the side
        screenshot(page, "web-400px")
        page.goto("/arende/KS-2021-87")
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        screenshot(page, "web-400px-case")
    finally:
        context.close()


def test_wide_screen_shows_the_filters_without_a_click(page):
    page.goto("/")
    expect(page.locator("fieldset.filters")).to_be_visible()
    expect(page.locator("details.filters summary")).to_be_hidden()
