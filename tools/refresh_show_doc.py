"""Refresh, or check, the stored outputs of the notebooks' `show_doc` cells.

A `show_doc` cell's output is the rendered signature and docstring of a public name. When a docment or a docstring changes, the stored
output goes stale until the whole notebook is run again. This tool runs, per notebook, the `#| export` cells (the definitions, so that
`show_doc` finds each name's source line as it does under `nbdev_test`) and then every cell that holds only `show_doc(...)` calls.

    python tools/refresh_show_doc.py [NOTEBOOK ...]          # store the fresh outputs (default: every notebook in nbs/)
    python tools/refresh_show_doc.py --check [NOTEBOOK ...]  # exit 1, naming each stale cell, if any stored output differs

The check ignores the line numbers of the source links (any edit above a definition moves them); `make show-doc` refreshes both.
"""
import argparse, json, re, sys
import nbdev
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory

NBS = Path(__file__).resolve().parent.parent/"nbs"

def show_doc_cells(nb) -> list:
    "Indices of the code cells that hold only `show_doc(...)` calls"
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()
            and all(l.startswith("show_doc(") for l in c.source.strip().splitlines())]

def _failed(outputs) -> bool: return any(o.get("output_type") == "error" for o in outputs)

def _is_export(src:str) -> bool: return re.match(r"#\|\s*export\b", src) is not None and "nbdev_export(" not in src

def fresh_outputs(path:Path) -> dict:
    "Cell index -> the outputs its `show_doc` calls give now, after the notebook's export cells ran in a fresh shell"
    nb, outs = read_nb(path), {}
    docs = show_doc_cells(nb)
    if not docs: return outs
    shell = CaptureShell(path)
    with working_directory(NBS): # where the notebooks run (and nbdev finds the project's settings for the source links)
        for i, c in enumerate(nb.cells):
            if c.cell_type == "code" and _is_export(c.source) and _failed(out := shell.run(c.source)):
                raise RuntimeError(f"{path.name}, export cell {i}: {json.dumps(out)[:300]}")
        shell.run("from nbdev.showdoc import show_doc")
        for i in docs:
            out = shell.run(nb.cells[i].source)
            if _failed(out) or any(o.get("name") == "stderr" for o in out): # a warning would be stored with the docs
                raise RuntimeError(f"{path.name}, cell {i} ({nb.cells[i].source.strip()}): {json.dumps(out)[:300]}")
            outs[i] = out
    return outs

def _comparable(outputs) -> str:
    "Outputs as text, without the line numbers of source links and without execution counts"
    text = json.dumps([{k: v for k, v in dict(o).items() if k != "execution_count"} for o in outputs], sort_keys=True)
    return re.sub(r"#L(\d+|None)", "#L", text)

def stale_cells(path:Path) -> list:
    "(index, source) of each `show_doc` cell whose stored output differs from what it gives now"
    nb = read_nb(path)
    return [(i, nb.cells[i].source.strip()) for i, out in fresh_outputs(path).items()
            if _comparable(nb.cells[i].get("outputs", [])) != _comparable(out)]

def refresh(path:Path) -> int:
    "Store the fresh outputs of `path`'s `show_doc` cells; the number of cells refreshed"
    nb, outs = read_nb(path), fresh_outputs(path)
    for i, out in outs.items(): nb.cells[i].outputs = out
    if outs: write_nb(nb, path)
    return len(outs)

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="report stale show_doc outputs (exit 1) instead of refreshing them")
    p.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in nbs/")
    args = p.parse_args(argv)
    paths = [n.resolve() for n in args.notebooks] or sorted(NBS.glob("*.ipynb"))
    if not args.check:
        for path in paths: print(f"{path.name}: {refresh(path)} show_doc cells refreshed")
        return 0
    stale = [(path.name, i, src) for path in paths for i, src in stale_cells(path)]
    for name, i, src in stale: print(f"{name}, cell {i}: `{src}` is stale")
    if stale: print("show_doc outputs are out of date with the code: run `make show-doc` and commit the notebooks "
                    f"(rendered here with nbdev {nbdev.__version__}; the stored outputs come from the version in constraints.txt)")
    return 1 if stale else 0

if __name__ == "__main__": sys.exit(main())
