"""Exact resume across processes: SIGKILL a training run between two checkpoints, resume it in a new process, and
compare its final weights with those of a run that was never interrupted: they must be bit-identical (CPU), with
the learning rates falling over the last 80 % (LinearDecay): the schedule goes on where it stopped."""
import os, signal, subprocess, sys, textwrap, time
from pathlib import Path
import torch

SCRIPT = textwrap.dedent('''
    import sys, time, torch
    from pathlib import Path
    from gan_lessons.core import set_seed
    from gan_lessons.data import GANDataLoader, TensorImages, make_shapes
    from gan_lessons.layers import basic_generator, basic_critic, NormType
    from gan_lessons.learner import Callback
    from gan_lessons.gan import GANLearner
    from gan_lessons.checkpoint import CheckpointCB, ResumeCB
    import gan_lessons.wgan_gp
    from gan_lessons.small_data import LinearDecay
    torch.set_num_threads(1)
    mode, out = sys.argv[1], Path(sys.argv[2])
    class Slow(Callback):                  # leaves the test time to kill the run between two checkpoints
        def after_batch(self): time.sleep(0.04)
    seed = 1 if mode == 'resume' else 0    # the resumed run must take everything from the checkpoint
    set_seed(seed)
    dl = GANDataLoader(TensorImages(make_shapes(320, 16, seed=0)), bs=16, latent_dim=8, seed=seed, device='cpu')
    learn = GANLearner.wgan_gp(dl, basic_generator(16, 3, in_sz=8, n_features=8),
                               basic_critic(16, 3, n_features=8, norm_type=NormType.Instance), show_img=False, progress=False,
                               cbs=[LinearDecay(0.8)])   # lesson 11: the rates fall from step 12 of 60, so the checkpoint is mid-fall
    if mode == 'full': learn.fit(3)
    elif mode == 'killed': learn.fit(3, cbs=[CheckpointCB(out/'ck.pth', every=7), Slow()])
    else: learn.fit(3, cbs=[ResumeCB(out/'ck.pth'), CheckpointCB(out/'ck.pth', every=7)])
    torch.save({'model': learn.model.state_dict(), 'crit_losses': learn.gan_trainer.crit_losses,
                'gen_losses': learn.gan_trainer.gen_losses}, out/f'{mode}.pth')
''')

def start(mode, tmp_path):
    return subprocess.Popen([sys.executable, str(tmp_path/'job.py'), mode, str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

def test_kill_9_mid_epoch_then_resume_is_bit_identical(tmp_path):
    (tmp_path/'job.py').write_text(SCRIPT)
    full = start('full', tmp_path)
    killed = start('killed', tmp_path)
    ck, deadline = tmp_path/'ck.pth', time.time() + 300
    while time.time() < deadline:                           # wait for a checkpoint in epoch 2 (steps 21-40)...
        if ck.exists() and torch.load(ck, weights_only=True)['train_iter'] >= 21: break
        assert killed.poll() is None, killed.communicate()
        time.sleep(0.01)
    time.sleep(0.1)                                         # ... then kill the run a few steps after it
    killed.send_signal(signal.SIGKILL)
    assert killed.wait() == -signal.SIGKILL
    assert not (tmp_path/'killed.pth').exists()             # it did not finish
    state = torch.load(ck, weights_only=True)
    assert state['epoch'] == 1 and 0 < state['iter'] < 20   # a checkpoint from the middle of epoch 2
    resumed = subprocess.run([sys.executable, str(tmp_path/'job.py'), 'resume', str(tmp_path)], capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert full.wait() == 0, full.communicate()
    a, b = torch.load(tmp_path/'full.pth', weights_only=True), torch.load(tmp_path/'resume.pth', weights_only=True)
    assert a['model'].keys() == b['model'].keys()
    for k in a['model']: assert torch.equal(a['model'][k], b['model'][k]), k
    assert a['crit_losses'] == b['crit_losses'] and a['gen_losses'] == b['gen_losses']
    assert len(a['crit_losses']) + len(a['gen_losses']) == 60
