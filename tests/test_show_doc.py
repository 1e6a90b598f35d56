"""The stored outputs of the notebooks' `show_doc` cells (the API reference readers see in the notebooks and on the docs site) are what
the code renders now: a docment or docstring changed without refreshing them fails here, naming the cells and the fix (`make show-doc`)."""
import shutil, subprocess, sys
from pathlib import Path
from execnb.nbio import read_nb, write_nb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/"tools"))
from refresh_show_doc import show_doc_cells, stale_cells

def test_show_doc_outputs_are_current():
    r = subprocess.run([sys.executable, ROOT/"tools"/"refresh_show_doc.py", "--check"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr

def test_a_stale_output_is_found(tmp_path):
    path = tmp_path/"00a_moments.ipynb"
    shutil.copy(ROOT/"nbs"/path.name, path)
    assert stale_cells(path) == [] # a faithful copy is current
    nb = read_nb(path)
    first = show_doc_cells(nb)[0]
    md = nb.cells[first].outputs[0]["data"]["text/markdown"]
    nb.cells[first].outputs[0]["data"]["text/markdown"] = md.replace("\n*", "\n*An older docstring. ", 1) if isinstance(md, str) else \
        [l.replace("*", "*An older docstring. ", 1) if l.startswith("*") else l for l in md]
    write_nb(nb, path)
    assert [i for i, _ in stale_cells(path)] == [first]
