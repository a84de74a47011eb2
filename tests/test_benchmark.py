"""benchmarks/throughput.py runs end to end on the CPU (a smoke test: tiny sizes, not a timing test), and its loops
do the same work: the hand-written loops and GANLearner end with the same weights, in fp32 and on the fast path."""
import subprocess, sys
from pathlib import Path
import pytest, torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'benchmarks'))

def test_throughput_quick():
    r = subprocess.run([sys.executable, str(ROOT/'benchmarks'/'throughput.py'), '--quick', '--no-fastai'],
                       capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith('# ') and 'threads' in r.stdout.splitlines()[0]      # the machine, named
    rows = [l.split() for l in r.stdout.splitlines() if l.split() and l.split()[0] in ('dcgan', 'wgan')]
    assert [(row[0], row[2]) for row in rows] == [('dcgan', '4'), ('dcgan', '8'), ('wgan', '4'), ('wgan', '8')], r.stdout
    for row in rows:
        assert row[3] in ('fp32', 'fp32+cl', 'bf16', 'bf16+cl'), r.stdout
        assert row.count('i/s') == 4 and all(float(v.rstrip('x')) > 0 for v in row[-3:]), r.stdout
    assert 'auto_vs_fp32' in r.stdout and 'learner_vs_hand_fast' in r.stdout

@pytest.mark.parametrize('gan', ['dcgan', 'wgan'])
@pytest.mark.parametrize('precision, channels_last', [('fp32', False), ('bf16', True)])
def test_same_steps_same_weights(gan, precision, channels_last):
    "From the same start, on the same batches, the hand-written loop and GANLearner (with FastCB) end with the same weights."
    import throughput
    from gan_lessons.fast import FastCB
    batches = throughput.make_batches(14, 4, 16, torch.device('cpu'))
    g1, c1 = throughput.models(gan, 16, 8)
    g2, c2 = throughput.models(gan, 16, 8)
    fast = precision != 'fp32'
    throughput.hand_loop(g1, c1, batches, gan, precision, channels_last, fused=fast)
    throughput.learner_loop(g2, c2, batches, gan, FastCB(precision, channels_last, verbose=False) if fast else None)
    for a, b in zip([*g1.parameters(), *c1.parameters()], [*g2.parameters(), *c2.parameters()]):
        assert torch.allclose(a, b, atol=1e-6), 'the hand-written loop and GANLearner diverged'
