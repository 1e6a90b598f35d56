"""Run `ood_study` and `corruption_study` with the package as it was at a base commit and as it is in this tree, on the same
small inputs (scikit-learn's digits, the cached `digits_small_cnn`), and check that every number agrees.

    python tools/check_same_numbers.py [--base 6a6bab8] [--route kernel]

Used when study code moves: the stored outputs of full runs are not re-run, and this shows the moved code computes the same.
The convolution routes are timed on the device (`00d_conv`), so two processes may take different routes and features that
differ in the last float32 bits, which the small studies' classifiers can amplify; `--route` pins one route on both sides
(where the base has `conv_route`), so that equal code gives equal numbers."""
import argparse, os, pickle, subprocess, sys, tempfile
from pathlib import Path

import numpy as np
import pandas as pd

STUDIES = r'''
import contextlib, pickle, sys, warnings
import torch
warnings.simplefilter("ignore", DeprecationWarning)
from gradient_uncertainty.models import train_model, RECIPES
from gradient_uncertainty.data import get_dataset, as_tensors
from gradient_uncertainty.ood import ood_study, sample_images
from gradient_uncertainty.corruption_detection import corruption_study
model = train_model(**RECIPES["digits_small_cnn"], device="cpu").model.eval()
train, test = get_dataset("digits", "train"), get_dataset("digits", "test")
x, y = as_tensors(test)
ood = {"uniform noise": sample_images("uniform_noise", 300, (1, 8, 8)), "Gaussian noise": sample_images("gaussian_noise", 300, (1, 8, 8)),
       "shuffled digits": x[300:600].flatten(1)[:, torch.randperm(64, generator=torch.Generator().manual_seed(0))].view(-1, 1, 8, 8)}
try: from gradient_uncertainty.gradients import conv_route; pinned = lambda: conv_route(sys.argv[2])
except ImportError: pinned = contextlib.nullcontext # a base from before the measured routes: its cost model chose them
with pinned(): res, feats, splits = ood_study(model, train, (x[:300], y[:300]), ood)
g = torch.Generator().manual_seed(0)
corrupted = {("noise", 5): (x[:200] + 0.5*torch.randn(x[:200].shape, generator=g)).clamp(0, 1),
             ("noise", 1): (x[:200] + 0.1*torch.randn(x[:200].shape, generator=g)).clamp(0, 1)}
with pinned(): cor = corruption_study(model, train, (x[:200], y[:200]), corrupted, splits=("paired", "independent"), maha_eps=(0., 0.01))
pickle.dump(dict(ood=res.drop(columns="s_per_1000"), corruption=cor, feats=feats), open(sys.argv[1], "wb"))
'''

def run(pythonpath:str, out:Path, route:str) -> dict:
    subprocess.run([sys.executable, "-c", STUDIES, str(out), route], env={**os.environ, "PYTHONPATH": pythonpath}, check=True)
    return pickle.load(open(out, "rb"))

def same(a:pd.DataFrame, b:pd.DataFrame, keys:list) -> float: # the largest difference of a number
    a, b = (t.sort_values(keys, key=lambda c: c.astype(str)).reset_index(drop=True) for t in (a, b))
    assert list(a.columns) == list(b.columns), (list(a.columns), list(b.columns))
    assert a[keys].astype(str).equals(b[keys].astype(str)), "the rows differ"
    num = a.select_dtypes("number").columns
    return float(np.nanmax(np.abs(a[num].to_numpy(float) - b[num].to_numpy(float))))

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", default="6a6bab8")
    p.add_argument("--route", default="kernel", help="convolution route pinned on both sides, or 'auto' (timed, may differ)")
    args = p.parse_args()
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        subprocess.run(f"git -C {root} archive {args.base} gradient_uncertainty | tar -x -C {d}", shell=True, check=True)
        old, new = run(str(d), d/"old.pkl", args.route), run(str(root), d/"new.pkl", args.route)
    print("ood_study: rows", len(new["ood"]), "largest difference", same(old["ood"], new["ood"], ["detector", "uses_ood", "ood"]))
    print("corruption_study: rows", len(new["corruption"]), "largest difference",
          same(old["corruption"], new["corruption"], ["adapted", "corruption", "severity", "split", "detector"]))
    assert old["feats"].keys() == new["feats"].keys()
    rel = max(float(np.nanmax(np.abs(old["feats"][k] - new["feats"][k])/np.abs(old["feats"][k]).clip(1e-300))) for k in old["feats"])
    print("gradient features:", "identical" if rel == 0 else f"largest relative difference {rel:.1e}")
