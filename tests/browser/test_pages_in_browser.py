"""What a person sees in a browser: a talk page, a technology page, a query with a parameter,
the SPARQL editor and the explorer's network view, in headless Chromium; screenshots saved in
``out/screenshots/``."""

from __future__ import annotations

from typing import Any

import pytest

import graph
from graph.loading.store import KnowledgeGraph
from tests.helpers.web_server import WebServer

pytest.importorskip("selenium")

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.slow
TALK = "/id/talk/2015/salvatore-sanfilippo-introducing-disque"


def wait(browser: Any, seconds: float = 30) -> Any:
    return WebDriverWait(browser, seconds)


def script_errors(browser: Any) -> list[str]:
    """The page's JavaScript errors (the browser log's SEVERE entries), but failed requests the
    test asked for on purpose."""
    return [entry["message"] for entry in browser.get_log("browser")
            if entry["level"] == "SEVERE" and "status of 4" not in entry["message"]]


def submit(browser: Any, field: tuple[str, str], text: str, button: tuple[str, str]) -> None:
    """Type ``text`` into the emptied ``field``, then press ``button``."""
    typed = browser.find_element(*field)
    typed.clear()
    typed.send_keys(text)
    browser.find_element(*button).click()


def nodes_drawn(browser: Any, container: str) -> int:
    return len(browser.find_elements(By.CSS_SELECTOR, f"#{container} svg g.node"))


def test_a_talk_page(browser: Any, site: WebServer, screenshot: Any) -> None:
    browser.get(site.url + TALK)
    assert browser.find_element(By.ID, "label").text == "Introducing Disque"
    assert browser.title.startswith("Introducing Disque")
    video = browser.find_element(By.CSS_SELECTOR, "#watch a.video")
    assert video.get_attribute("href").startswith("https://www.youtube.com/")
    assert browser.find_element(By.CSS_SELECTOR, "#watch a.slides").is_displayed()
    wait(browser).until(lambda b: nodes_drawn(b, "neighbourhood") >= 5)
    legend = browser.find_element(By.CSS_SELECTOR, "#neighbourhood .legend").text
    assert "Talk" in legend and "Person" in legend
    speaker = browser.find_element(By.CSS_SELECTOR, "#speakers a")
    assert speaker.text == "Salvatore Sanfilippo"
    assert script_errors(browser) == []
    screenshot("talk-page")


def test_a_technology_page(browser: Any, site: WebServer, screenshot: Any) -> None:
    browser.get(site.url + "/id/technology/redis")
    assert browser.find_element(By.ID, "label").text == "Redis"
    talks = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#talks a")]
    assert "Introducing Disque" in talks
    creators = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#creators a")]
    assert creators == ["Salvatore Sanfilippo"]
    wait(browser).until(lambda b: nodes_drawn(b, "neighbourhood") >= 3)
    assert script_errors(browser) == []
    screenshot("technology-page")
    browser.find_element(By.LINK_TEXT, "Introducing Disque").click()
    wait(browser).until(ready.url_contains(TALK))
    assert browser.find_element(By.ID, "label").text == "Introducing Disque"


def test_a_query_with_a_parameter(browser: Any, site: WebServer, kg: KnowledgeGraph,
                                  screenshot: Any) -> None:
    browser.get(site.url + "/queries/talks-about")
    assert browser.find_element(By.NAME, "tech").get_attribute("value") == "Redis"  # default
    submit(browser, (By.NAME, "tech"), "Kafka", (By.CSS_SELECTOR, "#parameters button"))
    wait(browser).until(ready.url_contains("tech=Kafka"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#answer tbody tr")
    expected = graph.query(kg, graph.find("talks-about"), bindings={"tech": "Kafka"})
    assert len(rows) == len(expected.bindings) > 0
    assert browser.find_element(By.LINK_TEXT, "Apache Kafka").get_attribute(
        "href").endswith("/id/technology/apache-kafka")
    assert script_errors(browser) == []
    screenshot("query-with-parameter")
    submit(browser, (By.NAME, "tech"), "Kafak", (By.CSS_SELECTOR, "#parameters button"))
    error = wait(browser).until(ready.presence_of_element_located((By.ID, "error")))
    assert "did you mean: Apache Kafka" in error.text


def test_the_sparql_editor(browser: Any, site: WebServer, kg: KnowledgeGraph,
                           screenshot: Any) -> None:
    browser.get(site.url + "/explorer")
    Select(browser.find_element(By.ID, "examples")).select_by_value("program")
    assert "ORDER BY" in browser.find_element(By.ID, "query").get_attribute("value")
    browser.find_element(By.ID, "run").click()
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results tbody tr"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    assert len(rows) == len(graph.query(kg, graph.find("program")).bindings)
    assert script_errors(browser) == []
    screenshot("sparql-editor")
    submit(browser, (By.ID, "query"), "SELECT ?x WHERE { ?x ?p }", (By.ID, "run"))
    error = wait(browser).until(ready.visibility_of_element_located((By.ID, "error")))
    assert error.text.startswith("400: ") and "syntax error" in error.text


def test_the_network_view(browser: Any, site: WebServer, kg: KnowledgeGraph,
                          screenshot: Any) -> None:
    whole = graph.project(kg, "graph-overview")
    browser.get(site.url + "/explorer/network?projection=graph-overview")
    wait(browser).until(lambda b: nodes_drawn(b, "network") == whole.number_of_nodes())
    legend = browser.find_element(By.CSS_SELECTOR, "#network .legend").text
    assert "Talk" in legend and "Organization" in legend
    assert script_errors(browser) == []
    screenshot("network-view")

    # zoom with the wheel and pan by dragging: the nodes move on the screen
    first = browser.find_element(By.CSS_SELECTOR, "#network g.node")
    node_id = first.get_attribute("data-id")
    before = first.get_attribute("transform")
    svg = browser.find_element(By.CSS_SELECTOR, "#network svg")
    browser.execute_script("arguments[0].dispatchEvent(new WheelEvent('wheel', {deltaY: -400,"
                           " clientX: 400, clientY: 400, bubbles: true, cancelable: true}))", svg)
    zoomed = first.get_attribute("transform")
    assert zoomed != before
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).move_to_element_with_offset(svg, 5, 5).click_and_hold() \
        .move_by_offset(60, 40).release().perform()
    moved = browser.find_element(By.CSS_SELECTOR, f'#network g.node[data-id="{node_id}"]')
    assert moved.get_attribute("transform") != zoomed
    assert not browser.find_element(By.CSS_SELECTOR, "#network .panel").is_displayed()


def test_the_network_view_expands_a_neighbour_and_opens_its_page(
        browser: Any, site: WebServer, kg: KnowledgeGraph, screenshot: Any) -> None:
    around = graph.project(kg, "graph-overview", around="PostgreSQL")
    browser.get(site.url + "/explorer/network?projection=graph-overview&around=PostgreSQL")
    wait(browser).until(lambda b: nodes_drawn(b, "network") == around.number_of_nodes())
    talk = ("https://w3id.org/dotscale/id/talk/2015/"
            "john-graham-cumming-i-got-10-trillion-problems-but-logging-aint-one")
    assert talk in around
    node = browser.find_element(By.CSS_SELECTOR, f'#network g.node[data-id="{talk}"]')
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', "
                           "{bubbles: true}))", node)
    panel = browser.find_element(By.CSS_SELECTOR, "#network .panel")
    assert panel.is_displayed() and "I got 10 trillion problems" in panel.text
    panel.find_element(By.CSS_SELECTOR, "button.expand").click()
    wider = graph.project(kg, "graph-overview", around=f"<{talk}>", hops=1)
    expected = set(around.nodes) | set(wider.nodes)
    assert len(expected) > around.number_of_nodes()
    wait(browser).until(lambda b: nodes_drawn(b, "network") == len(expected))
    drawn = {g.get_attribute("data-id")
             for g in browser.find_elements(By.CSS_SELECTOR, "#network g.node")}
    assert drawn == expected
    assert script_errors(browser) == []
    screenshot("network-expanded")
    node = browser.find_element(By.CSS_SELECTOR, f'#network g.node[data-id="{talk}"]')
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', "
                           "{bubbles: true}))", node)
    browser.find_element(By.CSS_SELECTOR, "#network .panel a.open").click()
    wait(browser).until(ready.url_contains("/id/talk/2015/john-graham-cumming"))
    assert browser.find_element(By.ID, "label").text.startswith("I got 10 trillion problems")
