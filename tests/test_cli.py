"""The installed `gan-lessons` command, run as a user runs it: in a subprocess, offline."""
import subprocess, os
from pathlib import Path
import pytest
from PIL import Image

def run(*args, cwd):
    env = os.environ | {'MPLBACKEND': 'Agg'}
    return subprocess.run(['gan-lessons', *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)

def test_default_job_writes_grid_and_curves(tmp_path):
    r = run('--max-steps', '40', '--out', 'grid.png', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    grid, curves = Image.open(tmp_path/'grid.png'), Image.open(tmp_path/'grid_losses.png')
    assert grid.size == (8 * 34 + 2, 8 * 34 + 2)                          # 64 samples of 32 px, 2 px padding
    assert curves.size[0] > 600
    assert 'Training a DCGAN on shapes (10000 images, 32 px)' in r.stdout

def test_mnist_folder_and_data_env(tmp_path):
    data = os.environ.get('GAN_LESSONS_DATA')
    if not data or not (Path(data)/'mnist').exists(): pytest.skip('needs the MNIST files in $GAN_LESSONS_DATA (tools/test.sh sets it)')
    r = run('--data', 'mnist', '--max-steps', '5', '--out', 'm.png', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert Image.open(tmp_path/'m.png').mode in ('L', 'RGB')

@pytest.mark.parametrize('args, message', [
    (['--data', 'imagenet'], "Unknown data set 'imagenet'"),
    (['--data', 'no/such/folder/'], "Unknown data set"),
    (['--size', '28'], 'power of two'),
    (['--size', '-4'], 'must be positive'),
    (['--bs', '0'], 'bs=0 must be a positive int'),
    (['--epochs', '0'], '--epochs must be a positive number'),
])
def test_bad_input_is_one_clear_line(tmp_path, args, message):
    r = run(*args, '--out', 'x.png', cwd=tmp_path)
    assert r.returncode == 2
    assert message in r.stderr and 'Traceback' not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path/'x.png').exists()

def test_empty_folder_and_non_images(tmp_path):
    (tmp_path/'empty').mkdir(); (tmp_path/'texts').mkdir(); (tmp_path/'texts/a.txt').write_text('x')
    for folder, message in (('empty', 'it is empty'), ('texts', 'none of them an image')):
        r = run('--data', folder, '--out', 'x.png', cwd=tmp_path)
        assert r.returncode == 2 and message in r.stderr and 'Traceback' not in r.stderr

def test_help_teaches():
    r = subprocess.run(['gan-lessons', '--help'], capture_output=True, text=True)
    assert r.returncode == 0 and 'lsun-bedrooms' in r.stdout and 'GAN_LESSONS_DATA' in r.stdout
