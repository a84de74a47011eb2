"""`from gan_lessons.all import *` gives fastai.vision.gan's API: the same names, and the same leading parameters.

The expected names and parameter lists were read off fastai 2.8.12 (`fastai.vision.gan.__all__` and
`inspect.signature`); names that only make sense inside fastai's data-block system (InvisibleTensor, the
type-dispatched show_batch/show_results) are covered by `GANDataLoader`, `show_batch` and `GANLearner.show_results`.
"""
import inspect
import pytest
import gan_lessons.all as api

FASTAI_PARAMS = {   # callable: fastai 2.8.12's own parameters, in order (before any delegated **kwargs)
    'basic_generator': ['out_size', 'n_channels', 'in_sz', 'n_features', 'n_extra_layers'],
    'basic_critic': ['in_size', 'n_channels', 'n_features', 'n_extra_layers', 'norm_type'],
    'gan_critic': ['n_channels', 'nf', 'n_blocks', 'p'],
    'DenseResBlock': ['nf', 'norm_type'],
    'gan_loss_from_func': ['loss_gen', 'loss_crit', 'weights_gen'],
    'accuracy_thresh_expand': ['y_pred', 'y_true', 'thresh', 'sigmoid'],
    'set_freeze_model': ['m', 'rg'],
    'ConvLayer': ['ni', 'nf', 'ks', 'stride', 'padding', 'bias', 'ndim', 'norm_type', 'bn_1st', 'act_cls', 'transpose',
                  'init', 'xtra', 'bias_std'],
    'GANModule': ['generator', 'critic', 'gen_mode'],
    'GANLoss': ['gen_loss_func', 'crit_loss_func', 'gan_model'],
    'GANTrainer': ['switch_eval', 'clip', 'beta', 'gen_first', 'show_img'],
    'FixedGANSwitcher': ['n_crit', 'n_gen'],
    'AdaptiveGANSwitcher': ['gen_thresh', 'critic_thresh'],
    'GANDiscriminativeLR': ['mult_lr'],
    'AdaptiveLoss': ['crit'],
    'AddChannels': ['n_dim'],
    'GANLearner': ['dls', 'generator', 'critic', 'gen_loss_func', 'crit_loss_func', 'switcher', 'gen_first',
                   'switch_eval', 'show_img', 'clip', 'cbs', 'metrics'],
    'GANLearner.wgan': ['dls', 'generator', 'critic', 'switcher', 'clip', 'switch_eval'],
    'GANLearner.from_learners': ['gen_learn', 'crit_learn', 'switcher', 'weights_gen'],
}

def params(name):
    obj = api
    for part in name.split('.'): obj = getattr(obj, part)
    if inspect.isclass(obj): obj = obj.__init__
    return [p for p in inspect.signature(obj).parameters if p not in ('self', 'cls')]

@pytest.mark.parametrize('name', FASTAI_PARAMS)
def test_fastai_parameters(name):
    ours = params(name)
    assert ours[:len(FASTAI_PARAMS[name])] == FASTAI_PARAMS[name], f"{name}{tuple(ours)}"

def test_star_import_has_the_gan_api():
    ns = {}
    exec('from gan_lessons.all import *', ns)
    for name in ['GANModule', 'basic_critic', 'AddChannels', 'basic_generator', 'DenseResBlock', 'gan_critic', 'GANLoss',
                 'AdaptiveLoss', 'accuracy_thresh_expand', 'set_freeze_model', 'GANTrainer', 'FixedGANSwitcher',
                 'AdaptiveGANSwitcher', 'GANDiscriminativeLR', 'generate_noise', 'show_batch', 'gan_loss_from_func',
                 'GANLearner', 'NormType', 'ConvLayer', 'Learner', 'Callback', 'GANDataLoader', 'get_dataset']:
        assert name in ns, name
    for method in ('wgan', 'from_learners', 'show_results', 'sample', 'fit', 'save', 'load'):
        assert callable(getattr(ns['GANLearner'], method)), method

def test_one_command():
    "`gan-lessons` (cli.main) is the only entry point: lesson 02 has no parser of its own, and `gan_lessons.all.main` is the command's."
    import gan_lessons.all, gan_lessons.cli, gan_lessons.dcgan
    assert gan_lessons.all.main is gan_lessons.cli.main
    assert not hasattr(gan_lessons.dcgan, 'main') and not hasattr(gan_lessons.dcgan, '_parser')
    ns = {}
    exec('from gan_lessons.all import *', ns)
    assert ns['main'] is gan_lessons.cli.main

def test_star_import_has_what_fastai_snippets_use():
    "fastai's seeds start with `from fastai.vision.all import *`, which also brings torch, nn, F, partial, Path...: ours does too."
    ns = {}
    exec('from gan_lessons.all import *', ns)
    import torch, functools, pathlib
    assert ns['torch'] is torch and ns['nn'] is torch.nn and ns['F'] is torch.nn.functional and ns['partial'] is functools.partial
    assert ns['Path'] is pathlib.Path and ns['Adam'] is torch.optim.Adam and ns['RMSprop'] is torch.optim.RMSprop
    exec("g = basic_generator(16, 3, n_features=8); opt = partial(Adam, betas=(0., 0.99))(g.parameters(), lr=1e-3)", ns)
