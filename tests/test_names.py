"""Every global name a function of the package reads is defined: in its module or a builtin.

CI has no GPU, so code that runs only on one (a DataLoader's workers for CUDA, say) is never executed here; a missing
import there (`os` in `GANDataLoader`, found on a GPU) would stop every GPU learner's first run. This reads each
function's byte code instead of running it."""
import builtins, dis, importlib, types
from pathlib import Path
import pytest

ROOT = Path(__file__).parents[1]
MODULES = sorted(p.stem for p in (ROOT/'gan_lessons').glob('*.py') if p.stem != '__init__')

def code_objects(code):
    "`code` and every code object nested in it (functions, methods, lambdas, comprehensions)."
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType): yield from code_objects(c)

def undefined_globals(path, namespace):
    "(function, name) for each global that a function in the file at `path` reads and `namespace` lacks."
    module_code = compile(path.read_text(), str(path), 'exec')
    stored = {i.argval for c in code_objects(module_code) for i in dis.get_instructions(c) if i.opname == 'STORE_GLOBAL'}
    known = set(namespace) | set(dir(builtins)) | stored
    return sorted({(getattr(c, 'co_qualname', c.co_name), i.argval) for c in code_objects(module_code) if c is not module_code
                   for i in dis.get_instructions(c) if i.opname == 'LOAD_GLOBAL' and i.argval not in known})

@pytest.mark.parametrize('module', MODULES)
def test_every_global_a_function_reads_is_defined(module):
    mod = importlib.import_module(f'gan_lessons.{module}')
    missing = undefined_globals(Path(mod.__file__), vars(mod))
    assert not missing, f'gan_lessons/{module}.py reads names it never defines or imports: {missing}'

def test_the_check_finds_a_missing_import(tmp_path):
    "The bug this guards against, in small: a function that uses `os` in a module that never imports it."
    f = tmp_path/'m.py'
    f.write_text('import sys\ndef workers(on_gpu): return min(8, os.cpu_count()) if on_gpu else 0\n')
    assert undefined_globals(f, {'sys': None, 'workers': None}) == [('workers', 'os')]
