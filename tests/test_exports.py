"""Every exported name is shown in use in the notebook that defines it (issue 13): a code cell of that notebook which is
not an export cell mentions it. Names shown only through `show_doc` do not count."""
import ast, importlib, json, re
from pathlib import Path
import pytest

ROOT = Path(__file__).parents[1]
MODULES = sorted(p.stem for p in (ROOT/'gan_lessons').glob('*.py') if not p.stem.startswith('_') and p.stem != 'all')

def notebook_of(module):
    "The notebook a module is exported from (nbdev writes it in the module's second line)."
    line = (ROOT/'gan_lessons'/f'{module}.py').read_text().splitlines()[2]
    return ROOT/'gan_lessons'/re.search(r'File to edit: (\S+)\.$', line)[1]

def used_in_lesson(nb_path):
    "Source of the notebook's code cells that export nothing (the lesson's own use of its names)."
    cells = json.loads(nb_path.read_text())['cells']
    srcs = [''.join(c['source']) for c in cells if c['cell_type'] == 'code']
    return '\n'.join(s for s in srcs if not re.match(r'\s*#\|\s*export', s) and 'show_doc(' not in s)

@pytest.mark.parametrize('module', MODULES)
def test_every_exported_name_is_used_in_its_lesson(module):
    mod = importlib.import_module(f'gan_lessons.{module}')
    text = used_in_lesson(notebook_of(module).resolve())
    missing = [n for n in mod.__all__ if not re.search(rf'\b{re.escape(n)}\b', text)]
    assert not missing, f'{notebook_of(module).name} exports {missing} without using them outside export cells'
