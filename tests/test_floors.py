"""Modules import only from lower floors (../shared/COURSE.md, "Floors"): never upward, not even lazily inside a function."""
import ast
from pathlib import Path
import pytest

# COURSE.md's floors; within floors 2 and 6 a module may import only the ones listed before it.
FLOORS = [['core'], ['data', 'download'], ['toy', 'layers', 'dcgan'], ['learner'], ['fast', 'checkpoint', 'gan'],
          ['wgan', 'wgan_gp', 'evaluation', 'small_data', 'conditional', 'distributed'], ['cli'], ['all']]
ORDERED = (1, 5)                     # floors 2 and 6 (counting from 1)
RANK = {m: (i, j if i in ORDERED else 0) for i, floor in enumerate(FLOORS) for j, m in enumerate(floor)}
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

def test_lesson_02_is_a_leaf():
    "Lesson 02's module is the seed's loop: only the command line imports it (for the DCGAN networks of `--model dcgan`)."
    users = sorted(p.stem for p in MODULES if 'dcgan' in imported(p) and p.stem not in ('dcgan', 'all'))
    assert users == ['cli'], f'modules that import dcgan: {users}'

def test_the_map_names_every_module():
    "COURSE.md (in ../shared when present) and this test's floors agree."
    course = PKG.parents[1]/'shared'/'COURSE.md'
    if not course.exists(): pytest.skip('no ../shared/COURSE.md beside the repository')
    text = course.read_text()
    for m in RANK: assert f'`{m}`' in text, f'{m} is not on the course map'
