"""The documentation pages render with their figures: tools/docs_check.py (nbdev processing, nbconvert HTML, and,
where Chromium is installed, a headless browser that counts the figures it shows and screenshots every page)."""
import subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
import docs_check

def run(*args):
    return subprocess.run([sys.executable, str(ROOT/'tools'/'docs_check.py'), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)

def test_docs_pages_in_chromium():
    if docs_check.CHROMIUM is None:
        r = run('--no-browser')
        assert r.returncode == 0, r.stdout + r.stderr
        pytest.skip('Chromium is not installed (apt-get install chromium): checked processing and HTML only')
    r = run()
    assert r.returncode == 0, r.stdout + r.stderr
    lines = [l for l in r.stdout.splitlines() if l.startswith(('ok', 'FAIL'))]
    assert len(lines) >= 8 and all(l.startswith('ok') for l in lines), r.stdout
    for name in ('index', '00_minimax', '01a_core', '01b_data', '01c_download', '02_dcgan', '03_layers', '04_learner', '05_gan', '06_wgan_lsun'):
        assert (ROOT/'.docs_check'/f'{name}.png').stat().st_size > 10_000, name

def test_docs_check_without_chromium_explains(monkeypatch, capsys):
    monkeypatch.setattr(docs_check, 'CHROMIUM', None)
    assert docs_check.main([]) == 2
    assert 'apt-get install chromium' in capsys.readouterr().err

def test_colab_badges_point_at_this_repository():
    "Every lesson opens in Colab from its badge and from the home page's table: URLs built from settings.ini."
    import configparser, json, re
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    s = cfg['DEFAULT']
    base = f"https://colab.research.google.com/github/{s['user']}/{s['repo']}/blob/{s['branch']}/nbs/"
    index = (ROOT/'nbs'/'index.ipynb').read_text()
    lessons = sorted(p for p in (ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))
    assert len(lessons) >= 7
    for nb_path in lessons:
        cells = json.loads(nb_path.read_text())['cells']
        first = [''.join(c['source']) for c in cells[:2]]
        assert first[0].startswith('# ') and '\n> ' in first[0], f"{nb_path.name}: H1 title and > summary first"
        assert f"]({base}{nb_path.name})" in first[1], f"{nb_path.name}: its badge must link to {base}{nb_path.name}"
        assert f"({base}{nb_path.name})" in index, f"index.ipynb must link to {nb_path.name} in Colab"
        assert any('![ -e /content ] && pip install' in ''.join(c['source']) for c in cells[:5]), f"{nb_path.name}: Colab install cell"
