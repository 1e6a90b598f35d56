#!/usr/bin/env python
"""Build the static docs site in docs/ from the notebooks, offline.

`nbdev_docs` needs Quarto, which cannot be installed here; this renders every notebook in nbs/ (with its stored
outputs: tables, figures, `show_doc` API reference) to one HTML page with nbconvert, hides the cells nbdev hides,
and writes an index page from nbs/index.ipynb. GitHub Pages can serve docs/ as it is.
"""
import argparse, re, sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
NBS, OUT = ROOT/'nbs', ROOT/'docs'
HIDE = re.compile(r'^\s*#\s*\|\s*(hide|export|exporti|exports)\b|^\s*#\s*hide\b', re.M)
DIRECTIVE = re.compile(r'^\s*#\s*\|.*\n?', re.M)

def page_name(nb: Path) -> str:
    "docs page for a notebook: `00_core_gradients.ipynb` -> `core_gradients.html`, `00a_moments.ipynb` -> `moments.html`, index -> index.html"
    return re.sub(r'^\d+[a-z]?_', '', nb.stem) + '.html'

def page_title(nb) -> str:
    "The notebook's first Markdown heading, for the page's <title>"
    for c in nb.cells:
        m = re.search(r'^#\s+(.+)$', c.source, re.M) if c.cell_type == 'markdown' else None
        if m: return m.group(1).strip()
    return 'gradient_uncertainty'

def prepare(nb):
    "Drop cells nbdev hides, strip directives from the shown code, and turn notebook links into page links"
    cells = []
    for c in nb.cells:
        if c.cell_type == 'code':
            if HIDE.search(c.source): continue
            echo = not re.search(r'^\s*#\s*\|\s*echo:\s*false', c.source, re.M)
            c.source = DIRECTIVE.sub('', c.source) if echo else ''
            if not echo: c.metadata['transient'] = {'remove_source': True}
        elif c.cell_type == 'markdown':
            c.source = re.sub(r'\(nbs/(\d+[a-z]?_)?([\w]+)\.ipynb\)', lambda m: f'({m.group(2)}.html)', c.source)
        cells.append(c)
    nb.cells = cells
    return nb

def nav(pages):
    links = ' · '.join(f'<a href="{p}">{t}</a>' for p, t in pages)
    return f'<nav style="font-family:sans-serif;padding:.6em 1em;border-bottom:1px solid #ddd">{links}</nav>'

STYLE = re.compile(r'<style[^>]*>.*?</style>\s*', re.S)

def shared_css(html: str, out: Path) -> str:
    "Move the template's styles in <head> (the same on every page) to nbconvert.css; outputs keep their own"
    head, body = html.split('</head>', 1)
    css = '\n'.join(re.sub(r'^<style[^>]*>|</style>\s*$', '', m.group(0).strip()) for m in STYLE.finditer(head))
    (out/'nbconvert.css').write_text(css)
    return STYLE.sub('', head) + '<link rel="stylesheet" href="nbconvert.css">\n</head>' + body

def main(argv=None):
    p = argparse.ArgumentParser(description='Build the docs site from nbs/ (offline, no Quarto)')
    p.add_argument('--out', type=Path, default=OUT, help='output folder (default: docs/)')
    out = p.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    nbs = sorted(NBS.glob('[0-9]*.ipynb'))
    pages = [('index.html', 'gradient_uncertainty')] + [(page_name(n), n.stem) for n in nbs]
    exporter = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    for nb_path in [NBS/'index.ipynb'] + nbs:
        nb = prepare(nbformat.read(nb_path, as_version=4))
        html, _ = exporter.from_notebook_node(nb, resources={'metadata': {'name': page_title(nb)}})
        html = html.replace('<body', '<body data-page="' + nb_path.stem + '"', 1)
        html = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + nav(pages), html, count=1)
        (out/page_name(nb_path)).write_text(shared_css(html, out))
        print('wrote', out/page_name(nb_path))
    (out/'.nojekyll').write_text('')

if __name__ == '__main__': sys.exit(main())
