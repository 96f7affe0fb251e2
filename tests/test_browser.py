"""The pages in real headless Chromium against `migkg serve`: no console errors, editor, provenance, language.

Screenshots of every page visited go to test-artifacts/screenshots/.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from test_pages_helpers import PAGES_DATA
from test_server_harness import ServerProcess

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

_LOAD_SCRIPT = """
import sys
import pyoxigraph
from migkg.triples.store import GraphStore

store = GraphStore.open(sys.argv[1])
for path in sys.argv[2:]:
    store.extend(pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TRIG))
store.flush()
"""


def build_fixture_store(directory: Path) -> Path:
    """A store on disk holding the pages' fixture graphs, written by another process."""
    store = directory / "store"
    files = [str(PAGES_DATA / "sample.trig"), str(PAGES_DATA / "hostile.trig")]
    subprocess.run([sys.executable, "-c", _LOAD_SCRIPT, str(store), *files], check=True)
    return store


def start_browser(profile: Path) -> webdriver.Chrome:
    """Headless Chromium with a fresh profile, keeping the browser console log."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,1000", f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(build_fixture_store(tmp_path_factory.mktemp("browser-store")), "--workers", "2")
    yield process
    process.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


def visit(driver, url: str) -> None:
    """Open a page and drop the console entries of earlier pages."""
    driver.get_log("browser")
    driver.get(url)
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def console_errors(driver) -> list[dict]:
    """The console entries at error level since the last read."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def screenshot(driver, name: str) -> Path:
    """Save a screenshot of the page to test-artifacts/screenshots/{name}.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(target))
    return target


def test_home_page(server, browser):
    visit(browser, server.url + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Knowledge graph")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    search = browser.find_element(By.ID, "home-search")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=home-search]").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")) == 3
    assert screenshot(browser, "home").stat().st_size > 0
    assert console_errors(browser) == []
    search.send_keys("cote ivoire", Keys.ENTER)
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "ol.hits")))
    browser.find_element(By.PARTIAL_LINK_TEXT, "Labour Mobility").click()
    WebDriverWait(browser, 30).until(expected_conditions.title_contains("Labour Mobility"))
    assert console_errors(browser) == []


def test_country_page(server, browser):
    visit(browser, server.url + "/country/TG")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Togo"
    dates = [t.get_attribute("datetime") for t in browser.find_elements(By.CSS_SELECTOR, "ol.timeline > li > time:first-child")]
    assert dates and dates == sorted(dates)
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart svg rect")
    screenshot(browser, "country")
    assert console_errors(browser) == []


def test_action_page_shows_the_sentence_behind_a_fact(server, browser):
    visit(browser, server.url + "/id/action/togo-i-border-data")
    assert browser.current_url.endswith("/page/action/togo-i-border-data")
    row = browser.find_element(By.XPATH, "//table[@class='facts']//tr[th//a[normalize-space()='start date']]")
    quote = row.find_element(By.CSS_SELECTOR, "blockquote.quote")
    assert "March 2012" in quote.text
    source = row.find_element(By.CSS_SELECTOR, ".source a")
    assert source.text == "Catalogue of coastal cooperation Actions"
    assert browser.find_element(By.CSS_SELECTOR, "svg.link-map")
    screenshot(browser, "action")
    assert console_errors(browser) == []


def test_query_typed_in_the_editor_runs_and_shows_rows(server, browser):
    visit(browser, server.url + "/query")
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".CodeMirror")))
    assert browser.find_elements(By.CSS_SELECTOR, ".cm-keyword"), "no syntax highlighting"
    browser.find_element(By.CSS_SELECTOR, ".CodeMirror").click()
    editor = browser.switch_to.active_element
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys("SELECT ?country ?label WHERE { ?country a mkg:Country ; rdfs:label ?label FILTER (lang(?label) = 'fr') }")
    browser.find_element(By.ID, "run-query").click()
    try:
        WebDriverWait(browser, 60).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#results-table tbody tr"))
        )
    except TimeoutException:
        screenshot(browser, "query-failed")
        raise
    rows = browser.find_elements(By.CSS_SELECTOR, "#results-table tbody tr")
    assert len(rows) == 4
    assert "Autriche" in browser.find_element(By.ID, "results-table").text
    assert [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#results-table thead th")] == ["country", "label"]
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "csv").get_attribute("href").startswith(server.url + "/sparql?query=")
    screenshot(browser, "query")
    assert console_errors(browser) == []


def test_language_switch_shows_french_labels(server, browser):
    visit(browser, server.url + "/page/dialogue/rabat-process")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Rabat Process"
    browser.find_element(By.CSS_SELECTOR, "nav.languages a[lang=fr]").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Processus de Rabat"
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "secrétariat")
    screenshot(browser, "dialogue-fr")
    visit(browser, server.url + "/country/CI")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.find_element(By.TAG_NAME, "h2").text in ("Actions", "Chronologie")
    browser.find_element(By.CSS_SELECTOR, "nav.languages a[lang=en]").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert console_errors(browser) == []


def test_markup_in_the_data_never_runs(server, browser):
    for path in ("/page/action/hostile-markup", "/page/news/hostile-news", "/search?q=hostile", "/"):
        visit(browser, server.url + path)
        assert browser.execute_script("return window.__migkgXss === undefined")
        assert console_errors(browser) == []
    visit(browser, server.url + "/page/action/hostile-markup")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("<img src=x onerror=")
    assert "<script>window.__migkgXss = 'quote'</script>" in browser.find_element(By.CSS_SELECTOR, "blockquote.quote").text
    screenshot(browser, "hostile")


def test_ontology_page(server, browser):
    visit(browser, server.url + "/id/action/togo-i-border-data.ttl")
    visit(browser, server.url + "/ontology")
    assert browser.find_element(By.ID, "Action")
    screenshot(browser, "ontology")
    assert console_errors(browser) == []


def test_keyboard_reaches_the_skip_link_and_the_search_box(server, browser):
    visit(browser, server.url + "/")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip"
    outline = browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", active)
    assert outline != "none"


@pytest.mark.slow
def test_sample_corpus_pages(tmp_path_factory, browser):
    if shutil.which("migkg") is None:
        raise AssertionError("the migkg command is not installed")
    store = tmp_path_factory.mktemp("corpus-store") / "store"
    built = subprocess.run(["migkg", "build", "--store", str(store)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    process = ServerProcess(store, "--workers", "2")
    try:
        visit(browser, process.url + "/")
        assert console_errors(browser) == []
        screenshot(browser, "corpus-home")
        browser.find_element(By.CSS_SELECTOR, "a[href='/browse/class/Action']").click()
        WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "ol.instances a")))
        browser.find_element(By.CSS_SELECTOR, "ol.instances a").click()
        WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "table.facts")))
        assert browser.find_elements(By.CSS_SELECTOR, "blockquote.quote"), "an Action of the corpus shows no provenance"
        screenshot(browser, "corpus-action")
        assert console_errors(browser) == []
        country = browser.find_elements(By.CSS_SELECTOR, "table.facts a[href^='/country/']")
        assert country, "an Action of the corpus links to no country page"
        country[0].click()
        WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "ul.actions")))
        screenshot(browser, "corpus-country")
        assert console_errors(browser) == []
    finally:
        process.stop()
