"""Run lesson 05's seven defect checks against fastai 2.8.12's own GANLearner, and report what fastai does.

Needs fastai (see tools/fastai_fixture.py for a separate environment):
    /tmp/fastai_env/bin/python tools/fastai_defects.py
Each check prints what it observed and FAILS (the defect is present) or passes. gan_lessons passes all seven in
nbs/05_gan.ipynb; this script shows that each of those tests would fail on fastai's behaviour.
"""
import warnings
from functools import partial
import torch
from torch import nn
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from fastai.data.core import DataLoaders
from fastai.data.load import DataLoader
from fastai.callback.core import Callback
from fastai.optimizer import SGD, RMSProp
from fastai.vision.gan import GANLearner, FixedGANSwitcher, basic_generator, basic_critic

def data(n_train=1024, n_valid=64, seed=0):
    g = torch.Generator().manual_seed(seed)
    imgs = torch.rand(n_train + n_valid, 3, 16, 16, generator=g) * 2 - 1
    items = [(torch.randn(16, generator=g), im) for im in imgs]
    return DataLoaders(DataLoader(items[:n_train], bs=32), DataLoader(items[n_train:], bs=32), device='cpu')

def models(seed=0):
    torch.manual_seed(seed)
    return (basic_generator(16, 3, in_sz=16, n_features=16),
            basic_critic(16, 3, n_features=16, act_cls=partial(nn.LeakyReLU, negative_slope=0.2)))

class Watch(Callback):
    order = 100
    def before_fit(self): self.steps = []
    def after_loss(self):
        if self.training: self.steps.append(dict(gen=self.learn.gan_trainer.gen_mode, loss=self.learn.loss.item(),
                                                  epoch=self.learn.epoch, iter=self.learn.iter))

def wgan(*cbs, epochs=1, lr=5e-5, **kwargs):
    g, c = models()
    kwargs = dict(opt_func=RMSProp) | kwargs
    wd = kwargs.pop('wd', 0.)
    learn = GANLearner.wgan(data(), g, c, cbs=list(cbs), **kwargs)
    with learn.no_bar(), learn.no_logging(): learn.fit(epochs, lr, wd=wd)
    return learn

def pattern(steps, n=14): return ''.join('G' if s['gen'] else 'c' for s in steps[:n])
results = {}
def report(key, ok, seen): results[key] = ok; print(f"({key}) {'passes' if ok else 'FAILS '}: {seen}")

with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    # (a) the frozen network must not move
    class Frozen(Callback):
        order = 100
        def before_fit(self): self.moved = []
        def before_batch(self):
            if not self.training: return
            self.frozen = self.learn.model.critic if self.learn.gan_trainer.gen_mode else self.learn.model.generator
            self.before = [p.detach().clone() for p in self.frozen.parameters()]
        def after_step(self):
            self.moved.append(any(not torch.equal(a, p) for a, p in zip(self.before, self.frozen.parameters())))
    fr = Frozen(); g, c = models()
    learn = GANLearner.wgan(data(), g, c, cbs=[fr], opt_func=partial(SGD, mom=0.9))
    with learn.no_bar(), learn.no_logging(): learn.fit(2, 5e-5, wd=0.1)
    report('a', not any(fr.moved), f"the frozen network moved in {sum(fr.moved)} of {len(fr.moved)} steps (SGD, momentum 0.9, wd 0.1)")

    # (b) gen_first must hold every epoch
    w = Watch(); wgan(w, epochs=3, gen_first=True, switcher=FixedGANSwitcher(n_crit=2, n_gen=1))
    firsts = [s['gen'] for s in w.steps if s['iter'] == 0]
    w2 = Watch(); wgan(w2, epochs=3, gen_first=False, switcher=FixedGANSwitcher(n_crit=2, n_gen=1))
    firsts2 = [s['gen'] for s in w2.steps if s['iter'] == 0]
    report('b', firsts == [True] * 3 and firsts2 == [False] * 3,
           f"first step of each epoch in generator mode? gen_first=True: {firsts}; gen_first=False: {firsts2}")

    # (c) sampling must not change the training state
    learn = wgan()
    tr = learn.gan_trainer
    before = (learn.model.gen_mode, tr.gen_mode, list(tr.crit_losses), [m.training for m in learn.model.modules()])
    with learn.no_bar():      # what show_results does first (it then fails on these plain data loaders)
        learn.get_preds(dl=[learn.dls.valid.one_batch()], with_decoded=True)
    after = (learn.model.gen_mode, tr.gen_mode, list(tr.crit_losses), [m.training for m in learn.model.modules()])
    changed = [name for name, a, b in zip(('model.gen_mode', 'trainer.gen_mode', 'crit_losses', 'train/eval flags'), before, after) if a != b]
    report('c', not changed, f"show_results' get_preds changed: {changed or 'nothing'}")

    # (d) logged losses are the losses of their own steps
    w = Watch(); learn = wgan(w)
    real_gen = [s['loss'] for s in w.steps if s['gen']]
    logged = learn.gan_trainer.gen_losses
    same = len(logged) == len(real_gen) and all(abs(float(a) - b) < 1e-6 for a, b in zip(logged, real_gen))
    report('d', same, f"first generator losses: computed {[round(x, 5) for x in real_gen[:3]]}, logged {[round(float(x), 5) for x in logged[:3]]}")

# (e) no shadowing warnings
class OwnAttrs(Callback):
    def before_fit(self): self.model = 'mine'
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    wgan(OwnAttrs())
shadow = [str(x.message) for x in caught if 'shadowing' in str(x.message)]
report('e', not shadow, f"{len(shadow)} warning(s): {shadow[:1]}")

with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    # (f) show_img=True shows a grid each epoch
    shown = []; real_show = plt.show; plt.show = lambda *a, **k: shown.append(1)
    try: learn = wgan(epochs=2, show_img=True)
    finally: plt.show = real_show
    imgs = getattr(learn.gan_trainer, 'imgs', None)
    report('f', len(shown) == 2 or (imgs is not None and len(imgs) == 2),
           f"plt.show calls: {len(shown)}, figures open: {len(plt.get_fignums())}, trainer.imgs: {imgs}")

    # (g) a callable n_crit works
    w = Watch(); wgan(w, switcher=FixedGANSwitcher(n_crit=lambda gen_steps: 3 if gen_steps < 2 else 1))
    report('g', pattern(w.steps) == 'cccGcccGcGcGcG', f"pattern {pattern(w.steps)!r}, expected 'cccGcccGcGcGcG'")

print(f"fastai fails {sum(not ok for ok in results.values())} of {len(results)} checks")
