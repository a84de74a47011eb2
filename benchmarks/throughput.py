"""Training throughput of GANLearner against a hand-written loop, in fp32 and on lesson 09's fast path: same models, same batches, same settings.

    python benchmarks/throughput.py                          # this machine: DCGAN and WGAN at 32 and 64 px, bs 64 (CPU) or 128,512 (GPU)
    python benchmarks/throughput.py --device cpu --sizes 32 --bs 64 --steps 60
    python benchmarks/throughput.py --quick                  # a few tiny steps on the CPU (the test suite's smoke test)

Four loops train fresh copies of the same networks on the same batches, made on the device before timing starts:
the hand-written loop in fp32, the same loop with the fast path written out (autocast blocks, channels-last weights,
fused Adam), GANLearner in fp32, and GANLearner with `FastCB()` (its `auto` choice, which the hand-written fast
loop then copies). DCGAN: lesson 02's networks, BCE, Adam(2e-4, betas (0.5, 0.999)), one critic step per generator
step. WGAN: fastai's `basic_generator` / `basic_critic` (one extra layer, LeakyReLU critic), RMSprop(5e-5), clip
0.01, 5 critic steps per generator step. images/s = training steps x batch size / seconds (a critic step and a
generator step both count). Loops are timed in turns, `--repeats` times each, in a rotating order; the median
counts, and every ratio compares two loops of the same run (a shared machine's speed drifts between runs).
fastai's GANLearner is timed too when fastai is importable.
"""
import argparse, time
from functools import partial
import torch
from torch import nn
from gan_lessons.core import default_device
from gan_lessons.dcgan import dcgan_generator, dcgan_discriminator, dcgan_init_
from gan_lessons.layers import basic_generator, basic_critic
from gan_lessons.gan import GANLearner, FixedGANSwitcher, _tk_mean as _wgan_gen, _tk_diff as _wgan_crit
from gan_lessons.gan import bce_gen_loss as _bce_gen, bce_crit_loss as _bce_crit   # the losses the command line's dcgan trains with (lesson 05)
from gan_lessons.fast import FastCB, DTYPES, describe_machine, to_channels_last


GANS = {   # the settings both loops use
    'dcgan': dict(opt=partial(torch.optim.Adam, betas=(0.5, 0.999)), lr=2e-4, n_crit=1, clip=None, gen_loss=_bce_gen, crit_loss=_bce_crit),
    'wgan': dict(opt=torch.optim.RMSprop, lr=5e-5, n_crit=5, clip=0.01, gen_loss=_wgan_gen, crit_loss=_wgan_crit),
}

def models(gan, size, n_features, seed=0, latent_dim=100):
    torch.manual_seed(seed)
    if gan == 'dcgan':
        return (dcgan_init_(dcgan_generator(size, 3, latent_dim, n_features)), dcgan_init_(dcgan_discriminator(size, 3, n_features, sigmoid=False)))
    return (basic_generator(size, 3, latent_dim, n_features, n_extra_layers=1),
            basic_critic(size, 3, n_features, n_extra_layers=1, act_cls=partial(nn.LeakyReLU, negative_slope=0.2)))

def make_batches(n, bs, size, device, latent_dim=100, seed=0):
    g = torch.Generator(device).manual_seed(seed)
    return [(torch.randn(bs, latent_dim, device=device, generator=g),
             torch.rand(bs, 3, size, size, device=device, generator=g) * 2 - 1) for _ in range(n)]

def sync(device):
    if device.type == 'cuda': torch.cuda.synchronize(device)

def hand_loop(generator, critic, batches, gan='wgan', precision='fp32', channels_last=False, fused=False):
    "The loop written out: the steps GANLearner takes, in the same order; with `precision` etc., the fast path by hand."
    s, device = GANS[gan], batches[0][0].device
    dtype = DTYPES[precision]
    fast = lambda: torch.autocast(device.type, dtype=dtype or torch.float32, enabled=dtype is not None)
    if channels_last: to_channels_last(generator); to_channels_last(critic)
    kw = {'fused': True} if fused and s['opt'] is not torch.optim.RMSprop else {}
    opt_g, opt_c = s['opt'](generator.parameters(), lr=s['lr'], **kw), s['opt'](critic.parameters(), lr=s['lr'], **kw)
    scaler = torch.amp.GradScaler(device.type, enabled=precision == 'fp16')
    generator.train(); critic.train()
    n_c = 0
    for noise, real in batches:
        if n_c < s['n_crit']:                              # critic step
            generator.requires_grad_(False); critic.requires_grad_(True)
            with fast(): real_pred = critic(real).float()
            with torch.no_grad(), fast(): fake = generator(noise).float()
            with fast(): fake_pred = critic(fake).float()
            loss = s['crit_loss'](real_pred, fake_pred)
            scaler.scale(loss).backward(); scaler.step(opt_c); scaler.update(); opt_c.zero_grad(set_to_none=True)
            if s['clip']:
                with torch.no_grad():
                    for p in critic.parameters(): p.clamp_(-s['clip'], s['clip'])
            n_c += 1
        else:                                              # generator step
            generator.requires_grad_(True); critic.requires_grad_(False)
            with fast(): output = generator(noise).float()
            with fast(): fake_pred = critic(output).float()
            loss = s['gen_loss'](fake_pred, output, real)
            scaler.scale(loss).backward(); scaler.step(opt_g); scaler.update(); opt_g.zero_grad(set_to_none=True)
            n_c = 0
    return loss

def learner_loop(generator, critic, batches, gan='wgan', fast=None):
    "GANLearner with the same settings; `fast`: a `FastCB` (None: plain fp32)."
    s = GANS[gan]
    learn = GANLearner(batches, generator, critic, s['gen_loss'], s['crit_loss'], opt_func=s['opt'], lr=s['lr'], clip=s['clip'],
                       switch_eval=False, show_img=False, progress=False, device=batches[0][0].device, cbs=[fast] if fast else [],
                       switcher=None if s['n_crit'] == 1 else FixedGANSwitcher(n_crit=s['n_crit']))
    learn.fit(1, wd=0.)
    return learn

def fastai_loop(generator, critic, batches, gan='wgan'):
    from fastai.data.core import DataLoaders
    from fastai.optimizer import RMSProp, Adam
    from fastai.vision.gan import GANLearner as FastaiGANLearner
    class Loader(list):                                    # batches already on the device, as fastai iterates them
        device = batches[0][0].device
    dls = DataLoaders(Loader(batches), Loader(batches[:1]), device=batches[0][0].device)
    if gan == 'wgan': learn = FastaiGANLearner.wgan(dls, generator, critic, opt_func=RMSProp)
    else: learn = FastaiGANLearner(dls, generator, critic, _bce_gen, _bce_crit, opt_func=partial(Adam, mom=0.5, sqr_mom=0.999), switch_eval=False)
    with learn.no_bar(), learn.no_logging(): learn.fit(1, GANS[gan]['lr'], wd=0.)
    return learn

def time_loop(loop, gan, size, n_features, batches, device):
    generator, critic = (m.to(device) for m in models(gan, size, n_features))
    sync(device); start = time.perf_counter()
    loop(generator, critic, batches, gan)
    sync(device)
    return time.perf_counter() - start

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--device', default=None, help='cpu, cuda, mps [the best available]')
    p.add_argument('--gans', default='dcgan,wgan', help='dcgan, wgan or both [dcgan,wgan]')
    p.add_argument('--sizes', default='32,64', help='image sides, comma-separated [32,64]')
    p.add_argument('--n-features', type=int, default=64, help="models' width [64, fastai's]")
    p.add_argument('--bs', default=None, help='batch sizes, comma-separated [64 on a CPU, 128,512 on a GPU]')
    p.add_argument('--steps', type=int, default=None, help='timed training steps per loop [60 on a CPU, 120 on a GPU]')
    p.add_argument('--warmup', type=int, default=6, help='untimed steps first [6]')
    p.add_argument('--repeats', type=int, default=3, help='timings per loop; the median counts [3]')
    p.add_argument('--no-fastai', action='store_true', help="don't time fastai even if it is installed")
    p.add_argument('--quick', action='store_true', help='a tiny CPU run: 16 px, width 8, bs 4 and 8, 12 steps')
    args = p.parse_args(argv)
    if args.quick: args.device, args.sizes, args.n_features, args.bs, args.steps, args.warmup, args.repeats = 'cpu', '16', 8, '4,8', 12, 6, 1
    device = default_device(args.device)
    args.bs = args.bs or ('128,512' if device.type == 'cuda' else '64')
    args.steps = args.steps or (120 if device.type == 'cuda' else 60)
    print(f"# {describe_machine(device)}; torch {torch.__version__}; n_features {args.n_features}; {args.steps} timed steps, median of {args.repeats}")
    head = ['hand fp32', 'hand fast', 'GANLearner fp32', 'GANLearner fast']
    results = []
    for gan in args.gans.split(','):
        for size in (int(s) for s in args.sizes.split(',')):
            for bs in (int(b) for b in args.bs.split(',')):
                batches = make_batches(args.steps, bs, size, device)
                warm = batches[:args.warmup]
                g, c = (m.to(device) for m in models(gan, size, args.n_features))
                fast = FastCB(cache=False, verbose=False)                    # time the options once, on this batch shape
                learner_loop(g, c, warm, gan, fast)
                chosen = fast.chosen
                fast_kw = dict(precision=chosen['precision'], channels_last=chosen['channels_last'], fused=True)
                def learner_fast(g, c, b, gan):
                    cb = FastCB(fused=True, verbose=False); cb.chosen = chosen     # the same choice, without timing it again
                    return learner_loop(g, c, b, gan, cb)
                loops = {'hand fp32': hand_loop, 'hand fast': partial(hand_loop, **fast_kw),
                         'GANLearner fp32': learner_loop, 'GANLearner fast': learner_fast}
                if not args.no_fastai:
                    try:
                        import fastai; loops[f'fastai {fastai.__version__}'] = fastai_loop
                    except ImportError: pass
                for loop in loops.values(): time_loop(loop, gan, size, args.n_features, warm, device)     # warm up
                times = {name: [] for name in loops}
                names = list(times)
                for r in range(args.repeats):                      # rotate the order: no loop always runs first
                    for name in names[r % len(names):] + names[:r % len(names)]:
                        times[name].append(time_loop(loops[name], gan, size, args.n_features, batches, device))
                ips = {k: args.steps * bs / sorted(ts)[len(ts) // 2] for k, ts in times.items()}
                row = dict(gan=gan, size=size, bs=bs, fast=f"{chosen['precision']}{'+cl' if chosen['channels_last'] else ''}", **ips,
                           auto_vs_fp32=ips['GANLearner fast'] / ips['GANLearner fp32'],
                           learner_vs_hand_fast=ips['GANLearner fast'] / ips['hand fast'],
                           learner_vs_hand_fp32=ips['GANLearner fp32'] / ips['hand fp32'])
                results.append(row)
    cols = [k for k in results[0] if k not in ('gan', 'size', 'bs', 'fast')]
    print(f"{'gan':>6} {'px':>3} {'bs':>4} {'fast':>8} " + ' '.join(f'{c:>16}' for c in cols))
    for r in results:
        print(f"{r['gan']:>6} {r['size']:>3} {r['bs']:>4} {r['fast']:>8} " +
              ' '.join(f'{r[c]:>12,.0f} i/s' if c in head or c.startswith('fastai') else f'{r[c]:>15.2f}x' for c in cols))
    return results

if __name__ == '__main__': main()
