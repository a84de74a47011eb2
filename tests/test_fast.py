"""Lesson 09's fast path on the command line and in the choice it makes: `--precision fp32` runs no fast-path code,
a resumed `auto` run keeps its choice and stays bit-identical, and `auto` never picks bf16 when timing (or the
processor) says it is slower."""
import pytest, torch
import gan_lessons.fast as fast
from gan_lessons.fast import FastCB
from gan_lessons.cli import main, build_learner, TRAIN_DEFAULTS
from gan_lessons.learner import Callback

TINY = ['--model', 'dcgan', '--size', '16', '--bs', '16', '--n-features', '8', '--latent-dim', '8']
CFG = dict(model='dcgan', size=16, n_channels=3, latent_dim=8, n_features=8)

def batches(n=4):
    g = torch.Generator().manual_seed(0)
    return [(torch.randn(8, 8, generator=g), torch.rand(8, 3, 16, 16, generator=g) * 2 - 1) for _ in range(n)]

def test_precision_fp32_runs_no_fast_path(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv('GAN_LESSONS_DATA', str(tmp_path/'cache'))
    assert TRAIN_DEFAULTS['precision'] == 'auto'
    for cfg in (CFG, CFG | {'precision': 'fp32'}):          # no precision: a run from before lesson 09
        assert not any(isinstance(cb, FastCB) for cb in build_learner(cfg, batches(), show_img=False).cbs)
    assert any(isinstance(cb, FastCB) for cb in build_learner(CFG | {'precision': 'auto'}, batches(), show_img=False).cbs)
    assert main(['train', *TINY, '--max-steps', '4', '--precision', 'fp32', '--out', str(tmp_path/'a')]) == 0
    ck = torch.load(tmp_path/'a'/'checkpoint.pth', weights_only=True)
    assert ck['extra']['config']['precision'] == 'fp32' and 'fast' not in ck['callbacks']
    assert 'FastCB' not in capsys.readouterr().out
    assert all(p.is_contiguous() for p in ck['model'].values())    # plain layout, as before lesson 09

def test_resumed_auto_run_keeps_its_choice_and_is_bit_identical(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv('GAN_LESSONS_DATA', str(tmp_path/'cache'))    # the timings kept there are shared by the runs
    assert main(['train', *TINY, '--max-steps', '12', '--out', str(tmp_path/'full')]) == 0
    out = capsys.readouterr().out
    assert 'FastCB: ' in out and 'timed on the first batch' in out
    assert main(['train', *TINY, '--max-steps', '5', '--out', str(tmp_path/'cut')]) == 0
    assert 'timings kept from an earlier run' in capsys.readouterr().out
    assert main(['train', '--out', str(tmp_path/'cut'), '--resume', '--max-steps', '12']) == 0
    out = capsys.readouterr().out
    assert 'Resuming' in out and 'timed' not in out and 'timings kept' not in out    # the checkpoint's choice, not a new one
    a = torch.load(tmp_path/'full'/'checkpoint.pth', weights_only=True)
    b = torch.load(tmp_path/'cut'/'checkpoint.pth', weights_only=True)
    assert a['train_iter'] == b['train_iter'] == 12
    same = lambda c: {k: v for k, v in c.items() if k != 'why'}             # the same choice and timings, however obtained
    assert same(a['callbacks']['fast']['chosen']) == same(b['callbacks']['fast']['chosen'])
    for k in a['model']: assert torch.equal(a['model'][k], b['model'][k]), k
    assert a['callbacks']['gan_trainer']['gen_losses'] == b['callbacks']['gan_trainer']['gen_losses']

def test_resume_cannot_change_precision(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv('GAN_LESSONS_DATA', str(tmp_path/'cache'))
    assert main(['train', *TINY, '--max-steps', '3', '--precision', 'fp32', '--out', str(tmp_path/'r')]) == 0
    assert main(['train', '--out', str(tmp_path/'r'), '--resume', '--precision', 'bf16']) == 1
    assert '--precision bf16 (the run has fp32)' in capsys.readouterr().err

def test_bad_precision_is_refused(capsys):
    with pytest.raises(SystemExit): main(['train', '--precision', 'half'])
    assert "invalid choice: 'half'" in capsys.readouterr().err
    with pytest.raises(ValueError, match="must be one of 'auto', 'fp32', 'bf16', 'fp16'"): FastCB('float16')

@pytest.mark.parametrize('native, expected', [(True, 'fp32+cl'), (False, 'fp32+cl')])
def test_auto_picks_fp32_when_timing_says_bf16_is_slower(monkeypatch, native, expected):
    "Simulated timings of an AVX2-like machine: bf16 12x slower. Where bf16 is not native it is not even timed."
    timed = []
    def fake_time(step, nets, inputs, precision, channels_last, n=3):
        timed.append(fast.option_name(precision, channels_last))
        return {'fp32': 0.13, 'fp32+cl': 0.09, 'bf16': 1.5, 'bf16+cl': 0.94}[timed[-1]]
    monkeypatch.setattr(fast, 'time_step', fake_time)
    monkeypatch.setattr(fast, 'bf16_native', lambda device='cpu': native)
    learn = build_learner(CFG | {'precision': 'fp32'}, batches(), show_img=False, progress=False,
                          cbs=[FastCB(cache=False, verbose=False)])
    learn.fit(1)
    chosen = learn.fast.chosen
    assert fast.option_name(chosen['precision'], chosen['channels_last']) == expected
    one_round = ['fp32', 'fp32+cl', 'bf16', 'bf16+cl'] if native else ['fp32', 'fp32+cl']
    assert timed == one_round * 2                       # two rounds, the options in turns

def test_gradient_penalty_trains_a_compiled_critic():
    "Lesson 07's WGAN-GP with a compiled critic (what FastCB(compile=True) does; the cheap aot_eager backend here): compiled code has no second derivative, so the penalty runs the critic `uncompiled`; it used to stop the first step."
    from gan_lessons.gan import GANLearner
    from gan_lessons.layers import basic_generator, basic_critic, NormType
    from gan_lessons.data import GANDataLoader, TensorImages
    torch.manual_seed(0)
    dl = GANDataLoader(TensorImages(torch.randint(0, 256, (64, 1, 16, 16), dtype=torch.uint8), size=16), bs=16, latent_dim=8)
    learn = GANLearner.wgan_gp(dl, basic_generator(16, 1, 8, n_features=8), basic_critic(16, 1, n_features=8, norm_type=NormType.Instance),
                               show_img=False, progress=False)
    learn.model.critic.compile(backend='aot_eager')
    learn.fit(1)                                                     # 4 batches: 4 critic steps, each penalised
    penalties = torch.tensor(learn.gradient_penalty.penalties)
    assert len(penalties) == 4 and torch.isfinite(penalties).all()
