#!/usr/bin/env python
"""Build the static docs site in docs/ from the notebooks, offline.

`nbdev_docs` needs Quarto, which cannot be installed here. This renders every notebook in nbs/ with its stored
outputs to one page, with nbconvert's Markdown renderer and Pygments, the way nbdev does: hidden cells dropped,
`show_doc` inputs hidden and their output turned into an API entry (signature, docstring, table of arguments, link
to the source), stderr left out. The page shell (tools/site/page.html: sidebar grouped by chapter, table of
contents, previous/next links, search) and its assets (tools/site/site.css, site.js, vendored KaTeX) are copied
in, and a search index of every section is written beside the pages. GitHub Pages can serve docs/ as it is.
"""
import argparse, ast, base64, html, io, json, re, shutil, sys, tokenize
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from jinja2 import Template
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

ROOT = Path(__file__).resolve().parent.parent
NBS, OUT, ASSETS = ROOT/'nbs', ROOT/'docs', ROOT/'tools'/'site'
TITLE, REPO = 'gradient_uncertainty', 'https://github.com/gradient-uncertainty/gradient_uncertainty'
DROP = re.compile(r'^\s*#\s*\|\s*(hide|export|exporti|default_exp|include:\s*false)\b', re.M)
DIRECTIVE = re.compile(r'^\s*#\s*\|.*\n?', re.M)
SHOW_DOC = re.compile(r'^\s*(show_doc\(.*\)\s*;?\s*(\n|$))+\s*$')
NUMBER = re.compile(r'^(\d+)[a-z]?_')
CLI = re.compile(r'^\s*#\s*\|\s*default_exp\s+cli\s*$', re.M) # the notebook whose page gets the command reference
ANSI = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')
API = re.compile(r'^\s*---\s*\n+\[source\]\((?P<url>[^)]+)\)(\{[^}]*\})?\s*\n+(?P<level>#+) (?P<name>[^\n]+)\n+'
                 r'```python\n(?P<sig>.*?)```\s*(?P<doc>.*)$', re.S)

def page_name(nb: Path) -> str:
    "docs page of a notebook: its stem without the number, `00a_moments.ipynb` -> `moments.html`"
    return NUMBER.sub('', nb.stem) + '.html'

def chapter(nb: Path) -> str:
    "The sidebar chapter of a notebook, from its number: 00* core, 01 detectors, 02 BN adaptation, 03-09 experiments, 1x reference"
    m = NUMBER.match(nb.stem)
    if m is None: return ''
    n = int(m.group(1))
    return {0: 'Core gradients', 1: 'Detectors', 2: 'Batch-norm adaptation'}.get(n, 'Experiments' if n < 10 else 'Reference')

def page_title(nb) -> str:
    "The notebook's first Markdown heading"
    for c in nb.cells:
        m = re.search(r'^#\s+(.+)$', c.source, re.M) if c.cell_type == 'markdown' else None
        if m: return m.group(1).strip()
    return TITLE

def notebook_links(md: str) -> str:
    "Markdown links to notebooks (`nbs/00_core_gradients.ipynb#x`) become links to their pages"
    return re.sub(r'\((?:nbs/)?([\w-]+)\.ipynb(#[^)\s]*)?\)', lambda m: f'({page_name(Path(m.group(1)))}{m.group(2) or ""})', md)

def markdown(md: str) -> str:
    "HTML of Markdown, math left for KaTeX, Quarto attributes (`{target=...}`) dropped"
    return markdown2html_mistune(re.sub(r'\)\{(?:[.#]|target=|style=)[^}\n]*\}', ')', notebook_links(md)))

def code(src: str) -> str:
    "Python source, highlighted"
    return highlight(src, PythonLexer(), HtmlFormatter(cssclass='highlight'))

def comments(sig: str) -> dict:
    "Line number -> the comment (docment) on that line of a signature"
    toks = tokenize.generate_tokens(io.StringIO(sig).readline)
    return {t.start[0]: t.string.lstrip('#').strip() for t in toks if t.type == tokenize.COMMENT}

def inline(text: str) -> str:
    "A docment as HTML: escaped, `code` spans kept"
    return re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(text))

REPRS = re.compile(r'<[^<>\n]+>') # defaults shown by their repr, e.g. a dataclass field's `<factory>`: not Python

def parameters(sig: str) -> tuple:
    "(name, arguments [(name, type, default, docment)], return type, return docment) of a `show_doc` signature"
    held = []
    def hold(m): held.append(m.group(0)); return f'_repr{len(held) - 1}_'
    fn = ast.parse(REPRS.sub(hold, sig).rstrip() + '\n    ...').body[0]
    notes, a = comments(sig), fn.args
    args = a.posonlyargs + a.args
    defaults = [None]*(len(args) - len(a.defaults)) + a.defaults
    rows = [(x.arg, x, d) for x, d in zip(args, defaults)]
    if a.vararg: rows.append(('*' + a.vararg.arg, a.vararg, None))
    rows += [(x.arg, x, d) for x, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg: rows.append(('**' + a.kwarg.arg, a.kwarg, None))
    text = lambda n: '' if n is None else re.sub(r'_repr(\d+)_', lambda m: held[int(m.group(1))], ast.unparse(n))
    last = sig.rstrip().count('\n') + 1
    out = [(name, text(x.annotation), text(d), notes.get(x.lineno, '') if x.lineno != last else '') for name, x, d in rows]
    return fn.name, out, text(fn.returns), notes.get(last, '')

def signature(name: str, args: list, ret: str) -> str:
    "`name(a:int=1, ...)->ret`, one argument a line when long"
    parts = [n + (f':{t}' if t else '') + (f'={d}' if d else '') for n, t, d, _ in args]
    tail = ')' + (f'->{ret}' if ret else '')
    one = f'{name}(' + ', '.join(parts) + tail
    return one if len(one) <= 100 else f'{name}(\n' + ''.join(f'    {p},\n' for p in parts) + tail

def api_entry(m: re.Match) -> str:
    "An nbdev `show_doc` output as an API entry: heading, source link, signature, docstring, table of arguments"
    name, args, ret, ret_note = parameters(m.group('sig'))
    level, title = len(m.group('level')), m.group('name').strip()
    rows = ''.join(f'<tr><td><code>{html.escape(n)}</code></td><td><code>{html.escape(t)}</code></td>'
                   f'<td><code>{html.escape(d)}</code></td><td>{inline(note)}</td></tr>' for n, t, d, note in args)
    if ret or ret_note: rows += f'<tr class="returns"><td><strong>Returns</strong></td><td><code>{html.escape(ret)}</code></td><td></td><td>{inline(ret_note)}</td></tr>'
    table = (f'<div class="table-wrap"><table class="args"><thead><tr><th></th><th>Type</th><th>Default</th><th>Details</th></tr></thead>'
             f'<tbody>{rows}</tbody></table></div>') if rows else ''
    return (f'<section class="api"><a class="source-link" href="{html.escape(re.sub(r"#LNone$", "", m.group("url")))}" target="_blank" rel="noopener">source</a>'
            f'<h{level} id="{html.escape(title)}"><code>{html.escape(title)}</code></h{level}>'
            f'{code(signature(name, args, ret))}<div class="docstring">{markdown(m.group("doc"))}</div>{table}</section>')

def figure(data: str, page: str, n: str, out: Path) -> str:
    "Write a PNG output (the `n`th of `page`) to figures/ and return its <img>, linked to the full size"
    path = out/'figures'/f'{page}-{n}.png'
    path.write_bytes(base64.b64decode(data))
    return f'<a href="figures/{path.name}"><img src="figures/{path.name}" alt="figure {n} of {page}"></a>'

def output(o, page: str, n: str, out: Path) -> str:
    "HTML of one stored output; stderr, errors and unknown types are left out"
    if o.output_type == 'stream': return f'<pre class="output">{html.escape(ANSI.sub("", o.text))}</pre>' if o.name == 'stdout' else ''
    data = o.get('data', {})
    api = API.match(data.get('text/markdown', ''))
    if api: return api_entry(api)
    if 'text/html' in data: return f'<div class="output-html">{data["text/html"]}</div>'
    if 'text/markdown' in data: return f'<div class="output-md">{markdown(data["text/markdown"])}</div>'
    if 'image/png' in data: return f'<div class="output-figure">{figure(data["image/png"], page, n, out)}</div>'
    if 'text/plain' in data: return f'<pre class="output">{html.escape(ANSI.sub("", data["text/plain"]))}</pre>'
    return ''

def cell_html(c, page: str, n: int, out: Path) -> str:
    "HTML of one cell, following nbdev's directives: hide/export cells dropped, echo: false and show_doc inputs hidden"
    if c.cell_type == 'markdown': return markdown(c.source)
    if c.cell_type != 'code' or DROP.search(c.source): return ''
    src = DIRECTIVE.sub('', c.source).strip()
    echo = src and not re.search(r'^\s*#\s*\|\s*echo:\s*false', c.source, re.M) and not SHOW_DOC.match(src)
    outs = [] if re.search(r'^\s*#\s*\|\s*output:\s*false', c.source, re.M) else c.get('outputs', [])
    body = ''.join(output(o, page, f'{n}-{i}', out) for i, o in enumerate(outs))
    if not (echo or body): return ''
    return f'<div class="cell">{code(src) if echo else ""}{body}</div>'

def cli_reference() -> str:
    "Every subcommand of the `gradient-uncertainty` parser with its options, as HTML"
    sys.path.insert(0, str(ROOT)) # this checkout's package, not another one installed
    from gradient_uncertainty.cli import parser
    p = parser()
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in sub._choices_actions}
    parts = ['<h2 id="command-reference">Command reference</h2><p>Generated from <code>gradient_uncertainty.cli.parser()</code> when the site is built.</p>',
             options_html(p, 'gradient-uncertainty', '')]
    for name, c in sub.choices.items():
        parts.append(options_html(c, f'gradient-uncertainty {name}', helps.get(name, '')))
    return '\n'.join(parts)

def options_html(p: argparse.ArgumentParser, prog: str, help: str) -> str:
    "One command: its heading, what it does, usage and a table of its options"
    rows = ''.join(f'<tr><td><code>{html.escape(", ".join(a.option_strings) or a.dest)}</code></td>'
                   f'<td><code>{html.escape("" if a.default is None or a.default is False or a.default == argparse.SUPPRESS else str(a.default))}</code></td>'
                   f'<td>{inline((a.help or "") % vars(a) if a.help else "")}</td></tr>'
                   for a in p._actions if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction)))
    slug = re.sub(r'[^a-z0-9]+', '-', prog.lower()).strip('-')
    return (f'<h3 id="{slug}"><code>{html.escape(prog)}</code></h3><p>{inline(help or p.description or "")}</p>'
            f'<pre class="usage">{html.escape(p.format_usage().strip())}</pre><div class="table-wrap"><table class="args">'
            f'<thead><tr><th>Option</th><th>Default</th><th>Details</th></tr></thead><tbody>{rows}</tbody></table></div>')

def within(el, names) -> bool:
    "Whether an element of the parsed page lies inside a tag of one of `names`"
    el = el.parent
    while el is not None and el.name not in names: el = el.parent
    return el is not None

def unique(anchor: str, seen: set) -> str:
    "`anchor`, or `anchor-2`, `anchor-3` ... where a heading before has it (a Markdown heading and an API entry of one name)"
    n, new = 1, anchor
    while new in seen: n += 1; new = f'{anchor}-{n}'
    seen.add(new)
    return new

def toc_and_sections(soup, page: str, title: str) -> tuple:
    "The page's table of contents (h2, h3) and its search sections [{page, title, section, anchor, text}]"
    for t in soup.find_all('table'):
        if not (t.parent.name == 'div' and 'table-wrap' in (t.parent.get('class') or [])): t.wrap(soup.new_tag('div', attrs={'class': 'table-wrap'}))
    toc, sections, ids = [], [dict(page=page, title=title, section=title, anchor='', text=[])], set()
    for el in soup.descendants:
        if getattr(el, 'name', None) in ('h1', 'h2', 'h3'):
            for a in el.find_all('a', class_='anchor-link'): a.decompose()
            el['id'] = unique(el.get('id') or re.sub(r'\W+', '-', el.get_text()).strip('-'), ids)
            label = el.get_text(' ', strip=True)
            if el.name != 'h1': toc.append((el.name, el['id'], label))
            sections.append(dict(page=page, title=title, section=label, anchor=el['id'], text=[]))
        elif isinstance(el, str) and not within(el, ('style', 'script', 'h1', 'h2', 'h3')):
            sections[-1]['text'].append(el if within(el, ('pre',)) else ' ' + el.strip()) # highlighted code: one string a token
    for s in sections: s['text'] = re.sub(r'\s+', ' ', ''.join(s['text'])).strip()[:5000]
    return toc, [s for s in sections if s['text'] or s['anchor']]

def pages_of(nbs: list) -> list:
    "(notebook, page name, title, chapter) of the home page and every numbered notebook; one-line error on clashing names"
    pages = [(nb, page_name(nb) if nb.stem != 'index' else 'index.html', page_title(nbformat.read(nb, as_version=4)), chapter(nb)) for nb in nbs]
    names = [p[1] for p in pages]
    clash = sorted({n for n in names if names.count(n) > 1})
    if clash: sys.exit(f'make_docs: two notebooks would write the same page: {", ".join(clash)}')
    return pages

def sidebar(pages: list) -> list:
    "[(chapter, [(page name, title)])] in notebook order"
    groups = {}
    for _, name, title, ch in pages: groups.setdefault(ch, []).append((name, title))
    return list(groups.items())

def fresh(out: Path):
    "Empty the output folder, which must be a site built before (it holds .nojekyll) or new; one-line error otherwise"
    if out.exists() and any(out.iterdir()) and not (out/'.nojekyll').exists():
        sys.exit(f'make_docs: {out} is not a docs site built before (no .nojekyll): not emptying it')
    if out.exists(): shutil.rmtree(out)
    (out/'figures').mkdir(parents=True)

def copy_assets(out: Path):
    "The page assets: CSS, JS, vendored KaTeX and the Pygments styles"
    static = out/'_static'
    shutil.copytree(ASSETS/'vendor', static/'vendor')
    for f in ('site.css', 'site.js'): shutil.copy(ASSETS/f, static/f)
    (static/'pygments.css').write_text(HtmlFormatter(style='friendly').get_style_defs('.highlight'))

def main(argv=None):
    p = argparse.ArgumentParser(description='Build the docs site from nbs/ (offline, no Quarto)')
    p.add_argument('--out', type=Path, default=OUT, help='output folder (default: docs/)')
    out = p.parse_args(argv).out
    fresh(out)
    copy_assets(out)
    pages = pages_of([NBS/'index.ipynb'] + sorted(NBS.glob('[0-9]*.ipynb')))
    template, nav, index = Template((ASSETS/'page.html').read_text()), sidebar(pages), []
    for i, (nb_path, name, title, ch) in enumerate(pages):
        nb, stem = nbformat.read(nb_path, as_version=4), name[:-5]
        body = '\n'.join(cell_html(c, stem, n, out) for n, c in enumerate(nb.cells))
        if any(CLI.search(c.source) for c in nb.cells if c.cell_type == 'code'): body += cli_reference()
        soup = BeautifulSoup(body, 'lxml')
        toc, sections = toc_and_sections(soup, name, title)
        index += sections
        (out/name).write_text(template.render(site=TITLE, repo=REPO, title=title, chapter=ch, page=name, notebook=nb_path.name, body=soup.body.decode_contents(), toc=toc,
                                              nav=nav, prev=pages[i-1] if i else None, next=pages[i+1] if i + 1 < len(pages) else None))
        print('wrote', out/name)
    (out/'_static'/'search_index.js').write_text('window.SEARCH_INDEX = ' + json.dumps(index, ensure_ascii=False) + ';\n')
    (out/'.nojekyll').write_text('')

if __name__ == '__main__': sys.exit(main())
