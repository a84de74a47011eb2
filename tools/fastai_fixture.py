"""Make gan_lessons/assets/fastai_models.pt: small models built by fastai's own GAN builders, for lesson 03's migration check.

Needs fastai (`pip install fastai==2.8.12`, e.g. in a separate virtual environment that sees this PyTorch:
`python -m venv --system-site-packages /tmp/fastai_env && /tmp/fastai_env/bin/pip install fastai==2.8.12`), then
`/tmp/fastai_env/bin/python tools/fastai_fixture.py`. Each model is built right after `torch.manual_seed(0)`, so
the check can also compare the initial weights. Its outputs are taken in eval mode on a seeded input.
"""
from functools import partial
from pathlib import Path
import torch
from torch import nn
import fastai
from fastai.layers import NormType
from fastai.vision.gan import basic_generator, basic_critic, gan_critic

ACTS = {'leaky_relu_0.2': partial(nn.LeakyReLU, negative_slope=0.2), 'silu': nn.SiLU, 'mish': nn.Mish}
SPECS = {  # name: (builder, kwargs as saved (strings for classes), input shape)
    'basic_generator':          ('basic_generator', dict(out_size=32, n_channels=3, n_features=8, n_extra_layers=1), (2, 100)),
    'basic_generator_instance': ('basic_generator', dict(out_size=16, n_channels=1, n_features=8, norm_type='InstanceZero'), (2, 100)),
    'basic_critic_leaky':       ('basic_critic', dict(in_size=32, n_channels=3, n_features=16, n_extra_layers=1,
                                                      act_cls='leaky_relu_0.2'), (2, 3, 32, 32)),
    'basic_critic_spectral':    ('basic_critic', dict(in_size=16, n_channels=1, n_features=8, norm_type='Spectral'), (2, 1, 16, 16)),
    'gan_critic':               ('gan_critic', dict(n_channels=3, nf=4), (2, 3, 64, 64)),
    'basic_critic_init_none':   ('basic_critic', dict(in_size=16, n_channels=3, n_features=8, init=None), (2, 3, 16, 16)),
    'basic_generator_silu':     ('basic_generator', dict(out_size=16, n_channels=3, n_features=8, act_cls='silu'), (2, 100)),
    'basic_critic_mish':        ('basic_critic', dict(in_size=16, n_channels=3, n_features=8, act_cls='mish'), (2, 3, 16, 16)),
    'basic_critic_weight_norm': ('basic_critic', dict(in_size=16, n_channels=3, n_features=8, norm_type='Weight'), (2, 3, 16, 16)),
}
BUILDERS = {'basic_generator': basic_generator, 'basic_critic': basic_critic, 'gan_critic': gan_critic}

def build(builder, kwargs):
    kwargs = dict(kwargs)
    if 'act_cls' in kwargs: kwargs['act_cls'] = ACTS[kwargs['act_cls']]
    if 'norm_type' in kwargs: kwargs['norm_type'] = NormType[kwargs['norm_type']]
    torch.manual_seed(0)
    return BUILDERS[builder](**kwargs)

models = {}
for name, (builder, kwargs, shape) in SPECS.items():
    model = build(builder, kwargs)
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(1))
    with torch.no_grad(): out = model.eval()(x)
    models[name] = dict(builder=builder, kwargs=kwargs, state_dict={k: v.clone() for k, v in model.state_dict().items()},
                        input=x, output=torch.as_tensor(out).clone())
out = Path(__file__).parent.parent/'gan_lessons'/'assets'/'fastai_models.pt'
torch.save(dict(fastai=fastai.__version__, torch=torch.__version__.split('+')[0], models=models), out)
print(f"{out}: {out.stat().st_size:,} bytes; {', '.join(models)}")
