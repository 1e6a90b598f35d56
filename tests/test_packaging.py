"Packaging checks: README.md is made from nbs/index.ipynb, and the wheel installs into a clean virtualenv."
import os, subprocess, sys, time, zipfile
from configparser import ConfigParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIB = 'gradient_uncertainty'

def run(*cmd, **kwargs):
    "Run `cmd`, failing the test with its output if it fails"
    r = subprocess.run([str(o) for o in cmd], capture_output=True, text=True, **kwargs)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}"
    return r

def test_readme_up_to_date():
    r = subprocess.run([sys.executable, ROOT/'tools'/'make_readme.py', '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr or r.stdout

@pytest.fixture(scope='module')
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp('dist')
    run(sys.executable, '-m', 'build', '--wheel', '--outdir', out, ROOT)
    wheels = list(out.glob(f'{LIB}-*.whl'))
    assert len(wheels) == 1, wheels
    return wheels[0]

def test_wheel_contents(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert f'{LIB}/__init__.py' in names and f'{LIB}/gradients/__init__.py' in names and f'{LIB}/gradients/conv.py' in names, names
    assert f'{LIB}/gradients.py' not in names, names # the module the package replaced
    eps = [n for n in names if n.endswith('.dist-info/entry_points.txt')]
    assert eps, f'no entry_points.txt in {wheel.name}'
    assert f'gradient-uncertainty = {LIB}.cli:main' in zipfile.ZipFile(wheel).read(eps[0]).decode()

def test_wheel_installs_in_clean_venv(wheel, tmp_path):
    "A user's install: the wheel alone, in a fresh virtualenv, imported from outside the source tree"
    env = tmp_path/'env'
    run(sys.executable, '-m', 'venv', env)
    start = time.perf_counter()
    run(env/'bin'/'pip', 'install', '-q', '--disable-pip-version-check', wheel, '-c', ROOT/'constraints.txt')
    print(f'clean install of {wheel.name}: {time.perf_counter() - start:.0f} s')
    clean_env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'VIRTUAL_ENV')}
    r = run(env/'bin'/'python', '-c', f'import {LIB}, {LIB}.gradients; from {LIB}.gradients import GradientFeatures, grad_rule; print({LIB}.__version__, {LIB}.__file__)',
            cwd=tmp_path, env=clean_env)
    version, path = r.stdout.split()
    cfg = ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini')
    assert version == cfg['DEFAULT']['version']
    assert Path(path).is_relative_to(env), f'imported from {path}, not from the clean virtualenv'
    assert (env/'bin'/'gradient-uncertainty').exists()
    r = run(env/'bin'/'python', '-c', 'from gradient_uncertainty.pretrained import load_model, ModelLoadError\n'
            'try: load_model("timm:resnet18")\nexcept ModelLoadError as e: print(e)', cwd=tmp_path, env=clean_env)
    assert "pip install 'gradient_uncertainty[timm]'" in r.stdout, r.stdout # timm is an extra: without it, one line says how to add it
