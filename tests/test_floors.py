"""Modules import only from lower floors (../shared/COURSE.md, "Floors"): never upward, not even lazily inside a function."""
import ast
from pathlib import Path
import pytest

# COURSE.md's floors; within floor 6 a module may import only the ones listed before it.
FLOORS = [['core'], ['data', 'download'], ['toy', 'layers', 'dcgan'], ['learner'], ['fast', 'checkpoint', 'gan'],
          ['wgan', 'wgan_gp', 'evaluation', 'small_data', 'conditional', 'distributed'], ['cli'], ['all']]
RANK = {m: (i, j if i == 5 else 0) for i, floor in enumerate(FLOORS) for j, m in enumerate(floor)}
PKG = Path(__file__).parents[1]/'gan_lessons'

def imported(path):
    "Every gan_lessons module that `path` imports, at any depth of its code (functions included)."
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ''
            if node.level == 1: names |= {mod.split('.')[0]} if mod else {a.name for a in node.names}
            elif mod.startswith('gan_lessons.'): names.add(mod.split('.')[1])
            elif mod == 'gan_lessons': names |= {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name.split('.')[1] for a in node.names if a.name.startswith('gan_lessons.')}
    return names & set(RANK)

MODULES = sorted(p for p in PKG.glob('*.py') if p.stem in RANK)

def test_every_module_is_on_a_floor():
    unknown = {p.stem for p in PKG.glob('*.py')} - set(RANK) - {'__init__', '_modidx'}
    assert not unknown, f'modules missing from COURSE.md floors: {unknown}'

@pytest.mark.parametrize('path', MODULES, ids=lambda p: p.stem)
def test_no_upward_import(path):
    up = sorted(m for m in imported(path) if m != path.stem and RANK[m] >= RANK[path.stem])
    assert not up, f'{path.stem} (floor {RANK[path.stem][0] + 1}) imports {up} from its own floor or above'

def test_the_checker_sees_lazy_imports(tmp_path):
    f = tmp_path/'learner.py'
    f.write_text('def fit():\n    from .cli import ResumeCB\n    import gan_lessons.gan\n')
    assert imported(f) == {'cli', 'gan'}
