"""The search page in a real browser: Playwright driving Debian's Chromium against `protokoll serve`."""
from __future__ import annotations

import re

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
