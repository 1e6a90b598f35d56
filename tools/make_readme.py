#!/usr/bin/env python
"""Write README.md from the readme notebook (`nbs/index.ipynb`): an offline stand-in for `nbdev_readme`,
which needs Quarto.

Markdown cells are copied as they are; code cells become ```python blocks followed by their text outputs.
nbdev directives are honoured: `#| hide`, `#| include: false` and the export directives drop a cell,
`#| echo: false` keeps only its outputs, `#| output: false` only its code; directive lines never show.

    python tools/make_readme.py           # write README.md
    python tools/make_readme.py --check   # exit 1 if README.md is stale
"""
import argparse, re, sys
from pathlib import Path

import nbformat
from nbdev.config import get_config
from nbdev.process import extract_directives, first_code_ln

HEADER = '<!-- generated from {nb} by tools/make_readme.py: do not edit -->\n\n'
DROP = {'hide', 'export', 'exporti', 'default_exp'}  # `#| exports` exports *and* shows the cell, so it is kept
_old_dir = re.compile(r'^\s*#\s*(hide|export|exporti|default_exp)\b')  # nbdev 1 style: `# hide`, `#export`
_ansi = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')
_placeholder = re.compile(r'<[^\n]*>')  # reprs of rich outputs, e.g. `<Figure size 640x480 with 1 Axes>`

def _is_false(d, k): return (d.get(k) or ['true'])[0].lower() == 'false'

def split_directives(cell):
    "Directives of a code cell as a dict, and its source without the directive lines"
    d = extract_directives(cell, remove=False)  # `#|` directives; Quarto ones come back as e.g. 'echo:'
    lines = cell.source.splitlines(True)
    i = first_code_ln(lines)
    code = [] if i is None else lines[i:]
    while code and _old_dir.match(code[0]): d[_old_dir.match(code.pop(0))[1]] = []
    while code and not code[0].strip(): code.pop(0)
    return d, ''.join(code)  # cell magics such as `%%time` are left out too

def fenced(text, lang=''): return f'```{lang}\n{text.rstrip()}\n```'

def render_output(o):
    "Markdown for one output, or None: stdout and text/plain fenced, text/markdown raw; images, HTML, errors skipped"
    if o.output_type == 'stream': return fenced(_ansi.sub('', o.text)) if o.name == 'stdout' and o.text.strip() else None
    if o.output_type not in ('execute_result', 'display_data'): return None
    data = o.get('data', {})
    if 'text/markdown' in data: return data['text/markdown'].strip()
    text = _ansi.sub('', data.get('text/plain', '')).strip('\n')
    if text.strip() and not _placeholder.fullmatch(text.strip()) and not any(k.startswith('image/') for k in data): return fenced(text)
    return None

def render_cell(cell):
    "Markdown for one notebook cell, or None if it is not shown"
    if cell.cell_type == 'markdown': return cell.source.strip() or None
    if cell.cell_type != 'code': return None  # raw cells (e.g. Quarto front matter) are not shown
    d, code = split_directives(cell)
    if DROP & d.keys() or _is_false(d, 'include:'): return None
    parts = [] if _is_false(d, 'echo:') or not code.strip() else [fenced(code, 'python')]
    if not _is_false(d, 'output:'): parts += [o for o in map(render_output, cell.get('outputs', [])) if o]
    return '\n\n'.join(parts) or None

def make_readme(nb_path, root):
    nb = nbformat.read(nb_path, as_version=4)
    body = '\n\n'.join(o for o in map(render_cell, nb.cells) if o)
    return HEADER.format(nb=nb_path.relative_to(root).as_posix()) + body + '\n'

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--check', action='store_true', help='exit 1 if README.md differs from what would be written')
    args = p.parse_args()
    cfg = get_config(path=Path(__file__).resolve().parent.parent)
    root = cfg.config_path
    nb_path, out = cfg.nbs_path/cfg.readme_nb, root/'README.md'
    text = make_readme(nb_path, root)
    if args.check:
        if not out.exists() or out.read_text(encoding='utf-8') != text:
            sys.exit('README.md is stale: run `make readme`')
        return
    out.write_text(text, encoding='utf-8')
    print(f'wrote {out.relative_to(root)} from {nb_path.relative_to(root)}')

if __name__ == '__main__': main()
