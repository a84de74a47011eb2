"""Lesson 08's tools for watching training: GANDiagnostics adds no host sync per batch (one flush per epoch), and
every run folder of the command line gets `training.gif`, one frame per epoch."""
import contextlib, io
import torch
from torch.overrides import TorchFunctionMode
from PIL import Image
from gan_lessons.data import GANDataLoader, TensorImages, make_shapes
from gan_lessons.layers import basic_generator, basic_critic
from gan_lessons.gan import GANLearner
from gan_lessons.evaluation import GANDiagnostics
from gan_lessons.cli import main

SYNCS = {'item', 'tolist', '__bool__', '__float__', '__int__', '__index__', '__format__', 'cpu', 'numpy'}

class CountSyncs(TorchFunctionMode):
    "Count the tensor operations that make the host wait for the device."
    def __init__(self): super().__init__(); self.n = 0
    def __torch_function__(self, func, types, args=(), kwargs=None):
        if getattr(func, '__name__', '') in SYNCS: self.n += 1
        return func(*args, **(kwargs or {}))

def syncs(n_batches, diagnostics):
    torch.manual_seed(0)
    dl = GANDataLoader(TensorImages(make_shapes(16 * n_batches, 16, seed=0)), bs=16, latent_dim=8, seed=0, device='cpu')
    learn = GANLearner.wgan(dl, basic_generator(16, 3, in_sz=8, n_features=8), basic_critic(16, 3, n_features=8),
                            show_img=False, progress=False, cbs=[GANDiagnostics()] if diagnostics else [])
    with CountSyncs() as counter: learn.fit(1)
    if diagnostics: assert len(learn.gan_diagnostics.crit_grad_norms) + len(learn.gan_diagnostics.gen_grad_norms) == n_batches
    return counter.n

def test_diagnostics_make_no_sync_per_batch():
    extra = {n: syncs(n, True) - syncs(n, False) for n in (8, 16)}
    assert extra[8] == extra[16], extra          # what GANDiagnostics adds does not grow with the number of batches

def test_every_run_folder_gets_an_animation(tmp_path):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', '--model', 'dcgan', '--size', '8', '--n-features', '8', '--epochs', '2', '--out', str(tmp_path/'run')]) == 0
    gif = Image.open(tmp_path/'run'/'training.gif')
    assert gif.n_frames == 2
