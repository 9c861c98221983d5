#!/usr/bin/env python3
"""Loads a page written by `tupu render -o X.html` (or served by `tupu serve`) in headless
Chromium, clicks a node and an edge like a person would, and checks the side panel.

    scripts/browser-check.py PAGE_OR_URL [--screenshot PNG] [--query QUERY]

Prints one JSON object with what it saw; exits 1 when a check fails, 2 when the browser
cannot be started (Debian: apt-get install chromium chromium-driver; pip install selenium).
"""
import argparse
import json
import os
import pathlib
import shutil
import sys


def fail(message, code=1):
    print(json.dumps({"ok": False, "error": message}, ensure_ascii=False))
    sys.exit(code)


def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        fail("selenium is missing: python3 -m pip install selenium", 2)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    if not binary or not os.path.exists(driver):
        fail("chromium or chromedriver is missing: apt-get install chromium chromium-driver", 2)
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,900", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    try:
        return webdriver.Chrome(service=Service(driver), options=options)
    except Exception as error:  # the browser did not start
        fail(f"chromium did not start: {error}", 2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--screenshot")
    parser.add_argument("--query")
    args = parser.parse_args()
    url = args.page if "://" in args.page else pathlib.Path(args.page).resolve().as_uri()

    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser()
    seen = {}
    try:
        driver.get(url)
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#canvas svg g.node"))
        data = driver.execute_script("return JSON.parse(document.getElementById('tupu-data').textContent)")
        seen["nodes"] = len(driver.find_elements(By.CSS_SELECTOR, "#canvas svg g.node"))
        seen["edges"] = len(driver.find_elements(By.CSS_SELECTOR, "#canvas svg g.edge"))
        seen["external"] = driver.execute_script(
            "return [...document.querySelectorAll('script[src],link[href],img[src]')].length")

        # A node: the person with the most facts.
        def facts(key):
            return sum(len(e["facts"]) for e in data["edges"].values() if key in (e["source"], e["target"]))
        people = [k for k, n in data["nodes"].items() if n["kind"] == "person"]
        if not people:
            fail("the page has no person node")
        person = max(people, key=lambda k: (facts(k), k))
        node = driver.execute_script(
            "return [...document.querySelectorAll('#canvas g.node')].find(g => g.dataset.id === arguments[0])", person)
        ActionChains(driver).move_to_element(node.find_element(By.CSS_SELECTOR, "ellipse, polygon, text")).click().perform()
        title = driver.find_element(By.ID, "panel-title").text
        items = driver.find_elements(By.CSS_SELECTOR, "#facts li")
        seen["node"] = {"clicked": data["nodes"][person]["name"], "panel": title, "facts": len(items)}
        if title != data["nodes"][person]["name"] or not items:
            fail(f"clicking {data['nodes'][person]['name']} showed {title!r} with {len(items)} facts")

        # An edge with evidence and a label to click on.
        edge = driver.execute_script("""
            const data = arguments[0];
            return [...document.querySelectorAll('#canvas g.edge')].find(g => {
              const e = data.edges[g.dataset.id];
              return e && g.querySelector('text') && e.facts.some(f => f.evidence.length);
            })""", data)
        if edge is None:
            fail("no labelled edge with evidence to click")
        ActionChains(driver).move_to_element(edge.find_element(By.CSS_SELECTOR, "text")).click().perform()
        quotes = driver.find_elements(By.CSS_SELECTOR, "#panel blockquote.evidence")
        marks = driver.find_elements(By.CSS_SELECTOR, "#panel blockquote.evidence mark")
        documents = [d.text for d in driver.find_elements(By.CSS_SELECTOR, "#panel blockquote.evidence .doc")]
        seen["edge"] = {"panel": driver.find_element(By.ID, "panel-title").text, "evidence": len(quotes),
                        "marked": [m.text for m in marks][:3], "documents": documents[:2]}
        if not quotes or not marks or not any("《" in d for d in documents):
            fail(f"the edge's panel lacks evidence, a marked span or a document title: {seen['edge']}")

        # Pinyin, search, filter.
        first_text = lambda: node.find_element(By.CSS_SELECTOR, "text").text
        before = first_text()
        driver.find_element(By.ID, "pinyin").click()
        after = first_text()
        driver.find_element(By.ID, "pinyin").click()
        seen["pinyin"] = [before, after]
        if before == after or first_text() != before:
            fail(f"the pinyin toggle did not change the label: {before!r} → {after!r}")
        search = driver.find_element(By.ID, "search")
        search.send_keys(data["nodes"][person]["name"])
        seen["found"] = len(driver.find_elements(By.CSS_SELECTOR, "#canvas g.node.found"))
        if seen["found"] < 1:
            fail("searching for a node's name found nothing")
        if args.screenshot:
            # The search field has the focus: its blinking caret would be in the picture or
            # not, by chance.
            driver.execute_script("document.activeElement.style.caretColor = 'transparent'")
            driver.save_screenshot(args.screenshot)
        driver.find_element(By.CSS_SELECTOR, "#filters summary").click()
        driver.find_element(By.CSS_SELECTOR, "input.kind[value=person]").click()
        seen["hiddenAfterFilter"] = driver.execute_script(
            "return [...document.querySelectorAll('#canvas g.node')].filter(g => g.style.display === 'none').length")
        if seen["hiddenAfterFilter"] < 1:
            fail("unticking person hid no node")

        if args.query:
            driver.find_element(By.ID, "query").send_keys(args.query)
            driver.find_element(By.CSS_SELECTOR, "#queryform button").click()
            WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results table tr, #results p"))
            rows = driver.find_elements(By.CSS_SELECTOR, "#results table tr")
            seen["queryRows"] = max(len(rows) - 1, 0)
            if seen["queryRows"] < 1:
                fail("the query box showed no rows: " + driver.find_element(By.ID, "results").text)
            driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, "input.kind[value=person]"))
            driver.find_element(By.ID, "fit").click()
            ActionChains(driver).move_to_element(node.find_element(By.CSS_SELECTOR, "ellipse, polygon, text")).click().perform()
            driver.find_element(By.ID, "expand").click()
            WebDriverWait(driver, 30).until(
                lambda d: d.find_element(By.ID, "canvas").get_attribute("data-expanded") == "1")
            seen["nodesAfterExpand"] = len(driver.find_elements(By.CSS_SELECTOR, "#canvas svg g.node"))
    finally:
        driver.quit()
    seen["ok"] = True
    print(json.dumps(seen, ensure_ascii=False))


if __name__ == "__main__":
    main()
