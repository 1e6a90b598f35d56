"""The docs site: built from the notebooks by `tools/make_docs.py` (as `make docs` does), served over HTTP and opened in
headless Chromium (Debian's `chromium` package, driven by Playwright). Pages must load without errors and show their figures."""
import functools, http.server, os, shutil, subprocess, sys, threading
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
PAGES = ("index.html", "bn_adapt.html") # the home page and an experiment page with figures

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

def test_every_notebook_has_a_page(site):
    nbs = [p for p in (ROOT/"nbs").glob("*.ipynb")]
    names = {"index.html" if p.stem == "index" else p.stem.split("_", 1)[1] + ".html" for p in nbs}
    assert names <= {p.name for p in site.glob("*.html")}

@pytest.mark.parametrize("name", PAGES)
def test_page_loads_with_figures(site, name, tmp_path):
    from playwright.sync_api import sync_playwright
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport=dict(width=1200, height=900))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort()) # offline: CDN scripts (MathJax) are optional
        errors, failed = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and m.location.get("url", "").startswith(url) else None)
        page.on("requestfailed", lambda r: failed.append(r.url) if r.url.startswith(url) else None)
        response = page.goto(f"{url}/{name}", wait_until="load")
        assert response.ok, response.status
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])")
        assert images, f"{name} shows no figure"
        assert all(done and w > 50 and h > 50 for done, w, h in images), images
        assert page.locator("nav a").count() >= 10 # the navigation links every page
        shot = tmp_path/f"{name}.png"
        page.screenshot(path=shot, full_page=False)
        browser.close()
    assert not errors, errors
    assert not failed, failed
    assert shot.stat().st_size > 20_000 # a rendered page, not a blank one
