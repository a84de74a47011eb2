"""`gan-lessons train` under torchrun (lesson 13): two processes with gloo on the CPU. Rank 0 alone writes and prints;
a run stopped and resumed under torchrun ends bit for bit where the uninterrupted one does. (Lesson 13's own cells check
that a batch-norm-free GAN's weights match a single process's with the same global batch.)"""
import os, subprocess, sys
from pathlib import Path
import torch
from PIL import Image
from gan_lessons.data import make_shapes

def torchrun(*args, cwd):
    cmd = [sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', '--no-python', 'gan-lessons', 'train', *args]
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=os.environ | {'OMP_NUM_THREADS': '1'}, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run.stdout

def weights(path): return torch.load(path, map_location='cpu', weights_only=False)['model']

def test_torchrun_two_processes_rank_0_writes_and_resume_is_exact(tmp_path):
    folder = tmp_path/'images'; folder.mkdir()
    for i, img in enumerate(make_shapes(64, 16, seed=0)): Image.fromarray(img.permute(1, 2, 0).numpy()).save(folder/f'{i:02d}.png')
    common = ['--data', str(folder), '--size', '16', '--bs', '16', '--epochs', '2', '--n-features', '8', '--every', '2']
    full = torchrun(*common, '--out', 'full', cwd=tmp_path)                      # 2 epochs of 4 steps, uninterrupted
    assert full.count('Training a') == 1 and full.count('Done after 8 steps') == 1, full   # one process speaks
    assert '2 processes (torchrun) with 8 images of each batch each' in full
    files = sorted(p.name for p in (tmp_path/'full').iterdir())
    assert files == ['checkpoint.pth', 'losses.png', 'samples.png', 'samples_epoch_001.png', 'samples_epoch_002.png', 'training.gif'], files
    torchrun(*common, '--out', 'cut', '--max-steps', '5', cwd=tmp_path)           # stopped in epoch 2...
    assert torch.load(tmp_path/'cut'/'checkpoint.pth', weights_only=False)['train_iter'] == 5
    resumed = torchrun('--out', 'cut', '--resume', cwd=tmp_path)                   # ...and resumed by two new processes
    assert 'Resuming' in resumed and 'Done after 8 steps' in resumed, resumed
    a, b = weights(tmp_path/'full'/'checkpoint.pth'), weights(tmp_path/'cut'/'checkpoint.pth')
    assert all(torch.equal(a[k], b[k]) for k in a)

def test_torchrun_refuses_a_batch_it_cannot_share(tmp_path, monkeypatch, capsys):
    "Checked before joining the other processes (in-process here: WORLD_SIZE is what torchrun sets)."
    from gan_lessons.cli import main
    monkeypatch.setenv('WORLD_SIZE', '2')
    assert main(['train', '--bs', '15', '--max-steps', '1', '--out', str(tmp_path/'r')]) == 1
    assert '--bs 15 is not a multiple of the 2 processes' in capsys.readouterr().err
    assert main(['train', '--precision', 'bf16', '--max-steps', '1', '--out', str(tmp_path/'r')]) == 1
    assert 'use --precision fp32' in capsys.readouterr().err
    assert main(['train', '--minutes', '5', '--max-steps', '1', '--out', str(tmp_path/'r')]) == 1   # one clock per process
    assert '--minutes 5 under torchrun' in capsys.readouterr().err

def test_torchrun_drops_the_main_jobs_time_budget():
    "The shapes' default 9.5-minute budget would let each process stop at its own step: under torchrun it is off."
    from gan_lessons.cli import _distributed_config
    config = {'precision': 'auto', 'bs': 64, 'minutes': 9.5}
    _distributed_config(config, 2)
    assert config == {'precision': 'fp32', 'bs': 64, 'minutes': None}
