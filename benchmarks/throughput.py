"""Training throughput of GANLearner.wgan against a hand-written WGAN loop: same models, same batches, same settings.

    python benchmarks/throughput.py                          # GPU if there is one: 64 px, fastai's models, bs 128 and 512
    python benchmarks/throughput.py --device cpu --size 32 --n-features 32 --bs 64 --steps 60
    python benchmarks/throughput.py --quick                  # a few tiny steps on the CPU (the test suite's smoke test)

Both loops train fresh copies of fastai's `basic_generator` / `basic_critic` (one extra layer, LeakyReLU critic) as a
WGAN: RMSprop, clip 0.01, 5 critic steps per generator step, on the same batches, which are made on the device
before timing starts. images/s = training steps x batch size / seconds (a critic step and a generator step both
count as one step, as in fastai's loop). Loops are timed in turns, `--repeats` times each, in a rotating order;
the median time counts (a shared machine's noise is a few per cent either way).
fastai's GANLearner is timed too when fastai is importable.
"""
import argparse, copy, platform, sys, time
from functools import partial
import torch
from torch import nn
from gan_lessons.data import default_device
from gan_lessons.layers import basic_generator, basic_critic
from gan_lessons.gan import GANLearner

def models(size, n_features, seed=0):
    torch.manual_seed(seed)
    return (basic_generator(size, 3, n_extra_layers=1, n_features=n_features),
            basic_critic(size, 3, n_extra_layers=1, n_features=n_features, act_cls=partial(nn.LeakyReLU, negative_slope=0.2)))

def make_batches(n, bs, size, device, latent_dim=100, seed=0):
    g = torch.Generator(device).manual_seed(seed)
    return [(torch.randn(bs, latent_dim, device=device, generator=g),
             torch.rand(bs, 3, size, size, device=device, generator=g) * 2 - 1) for _ in range(n)]

def sync(device):
    if device.type == 'cuda': torch.cuda.synchronize(device)

def hand_loop(generator, critic, batches, lr=2e-4, clip=0.01, n_crit=5):
    "The WGAN loop written out: the same steps GANLearner.wgan takes, in the same order."
    opt_g = torch.optim.RMSprop(generator.parameters(), lr=lr)
    opt_c = torch.optim.RMSprop(critic.parameters(), lr=lr)
    generator.train(); critic.train()
    n_c = 0
    for noise, real in batches:
        if n_c < n_crit:                                   # critic step
            for p in generator.parameters(): p.requires_grad_(False)
            for p in critic.parameters(): p.requires_grad_(True)
            real_pred = critic(real)
            with torch.no_grad(): fake = generator(noise)
            loss = real_pred.mean() - critic(fake).mean()
            loss.backward(); opt_c.step(); opt_c.zero_grad(set_to_none=True)
            with torch.no_grad():
                for p in critic.parameters(): p.clamp_(-clip, clip)
            n_c += 1
        else:                                              # generator step
            for p in generator.parameters(): p.requires_grad_(True)
            for p in critic.parameters(): p.requires_grad_(False)
            loss = critic(generator(noise)).mean()
            loss.backward(); opt_g.step(); opt_g.zero_grad(set_to_none=True)
            n_c = 0
    return loss

def learner_loop(generator, critic, batches, lr=2e-4):
    learn = GANLearner.wgan(batches, generator, critic, opt_func=torch.optim.RMSprop, show_img=False, progress=False,
                            device=batches[0][0].device)
    learn.fit(1, lr, wd=0.)
    return learn

def fastai_loop(generator, critic, batches, lr=2e-4):
    from fastai.data.core import DataLoaders
    from fastai.optimizer import RMSProp
    from fastai.vision.gan import GANLearner as FastaiGANLearner
    class Loader(list):                                    # batches already on the device, as fastai iterates them
        device = batches[0][0].device
    dls = DataLoaders(Loader(batches), Loader(batches[:1]), device=batches[0][0].device)
    learn = FastaiGANLearner.wgan(dls, generator, critic, opt_func=RMSProp)
    with learn.no_bar(), learn.no_logging(): learn.fit(1, lr, wd=0.)
    return learn

def time_loop(loop, size, n_features, batches, device):
    generator, critic = (m.to(device) for m in models(size, n_features))
    sync(device); start = time.perf_counter()
    loop(generator, critic, batches)
    sync(device)
    return time.perf_counter() - start

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--device', default=None, help='cpu, cuda, mps [the best available]')
    p.add_argument('--size', type=int, default=64, help='image side [64]')
    p.add_argument('--n-features', type=int, default=64, help="models' width [64, fastai's]")
    p.add_argument('--bs', default='128,512', help='batch sizes, comma-separated [128,512]')
    p.add_argument('--steps', type=int, default=120, help='timed training steps per loop [120]')
    p.add_argument('--warmup', type=int, default=12, help='untimed steps first [12]')
    p.add_argument('--repeats', type=int, default=3, help='timings per loop; the median counts [3]')
    p.add_argument('--no-fastai', action='store_true', help="don't time fastai even if it is installed")
    p.add_argument('--quick', action='store_true', help='a tiny CPU run: 16 px, width 8, bs 4 and 8, 12 steps')
    args = p.parse_args(argv)
    if args.quick: args.device, args.size, args.n_features, args.bs, args.steps, args.warmup, args.repeats = 'cpu', 16, 8, '4,8', 12, 6, 1
    device = default_device(args.device)
    loops = {'hand-written': hand_loop, 'GANLearner': learner_loop}
    if not args.no_fastai:
        try:
            import fastai; loops[f'fastai {fastai.__version__}'] = fastai_loop
        except ImportError: pass
    hw = torch.cuda.get_device_name(device) if device.type == 'cuda' else f'{platform.machine()} CPU, {torch.get_num_threads()} threads'
    print(f"# {hw}; torch {torch.__version__}; {args.size} px, n_features {args.n_features}, WGAN (RMSprop, clip 0.01, n_crit 5), fp32")
    print(f"{'bs':>5} " + ''.join(f'{name:>18}' for name in loops) + f"{'GANLearner / hand':>20}")
    results = {}
    for bs in (int(b) for b in args.bs.split(',')):
        batches = make_batches(args.steps, bs, args.size, device)
        warm = batches[:args.warmup]
        best = {}
        for name, loop in loops.items():
            try: time_loop(loop, args.size, args.n_features, warm, device)
            except Exception as e: print(f"  {name}: skipped ({type(e).__name__}: {e})", file=sys.stderr); best[name] = None
        times = {name: [] for name in loops if best.get(name, 0) is not None}
        names = list(times)
        for r in range(args.repeats):                      # rotate the order: no loop always runs first
            for name in names[r % len(names):] + names[:r % len(names)]:
                times[name].append(time_loop(loops[name], args.size, args.n_features, batches, device))
        best |= {name: sorted(ts)[len(ts) // 2] for name, ts in times.items()}      # the median
        ips = {k: (args.steps * bs / t if t else None) for k, t in best.items()}
        ratio = ips['GANLearner'] / ips['hand-written']
        results[bs] = ips | {'ratio': ratio}
        print(f"{bs:>5} " + ''.join(f'{v:>14,.0f} i/s' if v else f"{'-':>18}" for v in ips.values()) + f"{ratio:>20.3f}")
    return results

if __name__ == '__main__': main()
