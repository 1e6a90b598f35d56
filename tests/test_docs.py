"""The docs site: built from the notebooks by `tools/make_docs.py` (as `make docs` does), served over HTTP and opened
in headless Chromium (Debian's `chromium` package, driven by Playwright) with every request outside the local server
refused, as a reader behind a firewall would see it. Every page must load without errors, decode its figures,
typeset its math with the bundled KaTeX, show no raw markup, warnings or tracebacks, fit the window, and link every
page from its sidebar; the search must find the API."""
import functools, http.server, os, re, shutil, subprocess, sys, threading
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
PAGES = ["index.html"] + [re.sub(r"^\d+[a-z]?_", "", p.stem) + ".html" for p in sorted((ROOT/"nbs").glob("[0-9]*.ipynb"))] # in reading order
SHOTS = ("index.html", "core_gradients.html", "bn_adapt.html") # the home page, the core page, an experiment page
RAW = re.compile(r"\{target=|\{\.[\w-]+|^:::|\]\(#?[\w./-]+\)|</?(div|span|table)\b", re.M) # Quarto attributes and divs, unrendered links and tags
NOISE = re.compile(r"\b\w*Warning: |Traceback \(most recent call last\)|^\s*warnings\.warn\(", re.M)

if CHROMIUM is None:
    if os.environ.get("CI"): pytest.fail("the docs test needs Chromium: apt install chromium (or set CHROMIUM=/path/to/chrome)", pytrace=False)
    pytest.skip("Chromium is not installed (apt install chromium); CI runs this test", allow_module_level=True)

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    r = subprocess.run([sys.executable, ROOT/"tools"/"make_docs.py", "--out", out], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out

@contextmanager
def serve(folder:Path):
    "A local HTTP server for `folder`, as GitHub Pages would serve docs/"
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try: yield f"http://127.0.0.1:{server.server_address[1]}"
    finally: server.shutdown()

@pytest.fixture(scope="module")
def browser(site):
    "(site URL, a headless Chromium) for the module's tests"
    from playwright.sync_api import sync_playwright
    with serve(site) as url, sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield url, b
        b.close()

@contextmanager
def opened(browser, name:str):
    "A page of the site, offline: requests outside the local server are refused; yields (page, errors, failed requests)"
    url, b = browser
    page = b.new_page(viewport=dict(width=1400, height=900))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    errors, failed = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: failed.append(r.url))
    response = page.goto(f"{url}/{name}", wait_until="load")
    assert response.ok, response.status
    try: yield page, errors, failed
    finally: page.close()

# The article's prose as the reader sees it: code, and math KaTeX typeset, left out
PROSE = """() => { const a = document.querySelector("article").cloneNode(true);
  a.querySelectorAll("pre, code, .katex, style, script").forEach(e => e.remove()); return a.textContent; }"""

def test_every_notebook_has_a_page(site):
    assert set(PAGES) == {p.name for p in site.glob("*.html")}

@pytest.mark.parametrize("name", PAGES)
def test_page(browser, site, name, tmp_path):
    with opened(browser, name) as (page, errors, failed):
        images = page.eval_on_selector_all("img", "els => Promise.all(els.map(e => e.decode().then(() => [e.src, e.naturalWidth, e.naturalHeight], () => [e.src, 0, 0])))")
        assert all(w > 50 and h > 50 for _, w, h in images), images
        prose, text = page.evaluate(PROSE), page.inner_text("body")
        assert page.locator(".katex-error").count() == 0, page.locator(".katex-error").first.inner_text()
        untypeset = re.search(r"\$\$|\\frac|\\\(", prose)
        assert untypeset is None, f"untypeset math: {prose[max(0, untypeset.start() - 80):untypeset.end() + 80]!r}"
        code = "\n".join(page.eval_on_selector_all("article pre", "els => els.map(e => e.textContent)"))
        raw = RAW.search(prose) or re.search(r"^\s*#\s*\|.*", code, re.M) # ... or a directive left in the code shown
        assert raw is None, f"raw markup: {raw.string[max(0, raw.start() - 80):raw.end() + 80]!r}"
        noise = NOISE.search(text)
        assert noise is None, f"warning or traceback on the page: {noise.string[max(0, noise.start() - 80):noise.end() + 200]!r}"
        assert {a.split("#")[0] for a in page.eval_on_selector_all(".sidebar a", "els => els.map(e => e.getAttribute('href'))")} == set(PAGES)
        assert page.locator(".sidebar a.current").get_attribute("href") == name
        i = PAGES.index(name)
        assert page.locator(".pager a").count() == (i > 0) + (i < len(PAGES) - 1)
        if page.locator("article h2").count(): assert page.locator(".toc a").count() >= page.locator("article h2").count()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page overflows sideways: a wide table or figure does not scroll"
        if name in SHOTS:
            page.screenshot(path=tmp_path/"shot.png")
            assert (tmp_path/"shot.png").stat().st_size > 20_000 # a rendered page, not a blank one
    assert not errors, errors
    assert not failed, failed

def test_search_finds_the_api(browser):
    with opened(browser, "index.html") as (page, errors, _):
        page.fill("#search", "GradientFeatures")
        hit = page.locator('#search-results a[href^="core_gradients.html"]').first
        hit.wait_for(timeout=5000)
        assert "GradientFeatures" in hit.inner_text()
    assert not errors, errors

def test_cli_reference_lists_every_subcommand(browser):
    with opened(browser, "cli.html") as (page, _, _):
        usage = page.locator("#command-reference ~ pre.usage").first.inner_text()
        commands = re.search(r"\{([\w,-]+)\}", usage).group(1).split(",")
        for c in commands:
            section = page.locator(f"#gradient-uncertainty-{c}")
            assert section.count() == 1, f"no section for `gradient-uncertainty {c}`"
        assert page.locator("#command-reference ~ .table-wrap table.args tbody tr").count() > 2*len(commands)
