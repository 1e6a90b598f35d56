#!/usr/bin/env python
"""Run the notebooks' tests (nbdev_test) with the datasets this machine has; `make test` and `make test-slow` call it.

Notebook cells that read a dataset carry a flag `#| needs_<name>` (listed in `tst_flags` in settings.ini, so nbdev_test
skips them unless `--flags` names them). This asks the data registry which of those datasets are there
(`gradient_uncertainty.download.missing_datasets`, which reads the splits the tests read), prints one line per missing
dataset (the notebooks that need it, where it was looked for and how to get it), runs nbdev_test with the flags of the
datasets that are there, each notebook in a fresh process (see `test_notebooks`), and ends with a summary line. Under CI (environment variable CI set) a missing dataset is an
error: CI runs every test.

    python tools/run_tests.py [--slow] [--n_workers 2] [--path nbs/10_data.ipynb]
"""
import argparse, configparser, json, os, re, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the splits the tests read, per dataset flag `needs_<name>` of settings.ini's tst_flags
SPLITS = {"mnist": ("train", "test"), "fashion_mnist": ("train", "test"), "cifar10": ("train", "test"), "tiny_imagenet": ("test",),
          "omniglot": ("train", "test"), "notmnist": ("test",), "emnist_letters": ("test",)}

def data_flags() -> list:
    "The `needs_*` flags of settings.ini's tst_flags"
    cfg = configparser.ConfigParser(); cfg.read(ROOT/"settings.ini")
    return [f for f in cfg["DEFAULT"]["tst_flags"].split() if f.startswith("needs_")]

def directives(source:str) -> list:
    "The nbdev directives (`#| name ...`) at the top of a code cell"
    found = []
    for line in source.splitlines():
        if re.match(r"\s*#\s*\|", line):
            words = line.split("|", 1)[1].split()
            if words: found.append(words[0].rstrip(":"))
        elif line.strip(): break
    return found

def flagged_cells(notebooks:list, slow:bool) -> dict:
    "flag -> {notebook name: number of cells carrying it}, over the cells a run executes (`#| slow` ones only with `slow`)"
    cells = {}
    for nb in notebooks:
        for c in json.loads(nb.read_text())["cells"]:
            if c["cell_type"] != "code": continue
            d = directives("".join(c["source"]))
            if "slow" in d and not slow: continue
            for f in d:
                if f.startswith("needs_"): cells.setdefault(f, {}).setdefault(nb.stem, 0); cells[f][nb.stem] += 1
    return cells

def test_notebooks(notebooks:list, flags:list, n_workers:int) -> int:
    """nbdev_test on each notebook in a process of its own, `n_workers` at a time; 1 if any failed.
    nbdev_test's own workers run several notebooks in one process, and a notebook's exported cells, run in its kernel, re-register
    the package's registries (gradient rules, detectors) with the notebook's copies of the classes, so that a later notebook in the
    same process would compute with them: a fresh process per notebook keeps every notebook's run the run CI and users get."""
    nbdev_test = str(Path(sys.executable).parent/"nbdev_test")
    def one(nb):
        start = time.time()
        res = subprocess.run([nbdev_test, "--path", str(nb), "--n_workers", "0", "--flags", " ".join(flags)], cwd=ROOT, capture_output=True, text=True)
        return nb, res, time.time() - start
    failed = []
    with ThreadPoolExecutor(max(n_workers, 1)) as pool:
        for nb, res, seconds in pool.map(one, notebooks):
            ok = res.returncode == 0
            print(f"{'ok' if ok else 'FAILED'}: {nb.name} ({seconds:.0f} s)", flush=True)
            if not ok:
                failed.append(nb.name)
                print(res.stdout[-5000:] + res.stderr[-20000:], flush=True)
    if failed: print(f"run_tests: notebooks failed: {', '.join(failed)}", file=sys.stderr)
    else: print(f"Success: {len(notebooks)} notebooks.")
    return 1 if failed else 0

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="nbdev_test on the notebooks, skipping (and naming) the cells that need a missing dataset")
    p.add_argument("--slow", action="store_true", help="run the cells flagged `#| slow` too")
    p.add_argument("--n_workers", type=int, default=2, help="notebooks tested at once (default: 2)")
    p.add_argument("--path", help="a notebook or glob under the repository (default: every notebook in nbs/)")
    args = p.parse_args(argv)
    flags = data_flags()
    notebooks = sorted(ROOT.glob(args.path)) if args.path else sorted((ROOT/"nbs").glob("*.ipynb"))
    cells = flagged_cells(notebooks, True)
    unknown = sorted(set(cells) - set(flags))
    if unknown: return print(f"run_tests: error: notebooks use flags not in settings.ini's tst_flags: {', '.join(unknown)}", file=sys.stderr) or 2
    no_splits = sorted(f for f in flags if f[len("needs_"):] not in SPLITS)
    if no_splits: return print(f"run_tests: error: tools/run_tests.py's SPLITS lacks {', '.join(no_splits)}", file=sys.stderr) or 2
    sys.path.insert(0, str(ROOT))
    from gradient_uncertainty.data import data_root
    from gradient_uncertainty.download import missing_datasets
    print(f"data root: {data_root()}", flush=True)
    missing = missing_datasets({f[len("needs_"):]: SPLITS[f[len("needs_"):]] for f in flags})
    cells = flagged_cells(notebooks, args.slow)
    ci = bool(os.environ.get("CI"))
    for name, msg in missing.items():
        where = cells.get(f"needs_{name}", {})
        need = f"{sum(where.values())} cells: " + ", ".join(f"{nb} ({n})" for nb, n in where.items()) if where else "no cells here"
        print(f"{'missing (CI runs every test)' if ci else 'skipped'}: {name}, needed by {need}; {msg}", flush=True)
    if missing and ci:
        print(f"run_tests: error: datasets not found under CI: {', '.join(missing)}", file=sys.stderr)
        return 1
    run = [f for f in flags if f[len("needs_"):] not in missing] + (["slow"] if args.slow else [])
    rc = test_notebooks(notebooks, run, args.n_workers)
    if missing: # a cell counts once, however many missing datasets it needs
        skipped = 0
        for nb in notebooks:
            for c in json.loads(nb.read_text())["cells"]:
                d = directives("".join(c["source"])) if c["cell_type"] == "code" else []
                if ("slow" not in d or args.slow) and any(f"needs_{m}" in d for m in missing): skipped += 1
        print(f"{skipped} tests skipped: datasets not found: {', '.join(missing)}")
    else: print("no tests skipped: every dataset the tests read was found")
    return rc

if __name__ == "__main__": sys.exit(main())
