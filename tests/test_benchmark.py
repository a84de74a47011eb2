"""benchmarks/throughput.py runs end to end on the CPU (a smoke test: tiny sizes, not a timing test)."""
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def test_throughput_quick():
    r = subprocess.run([sys.executable, str(ROOT/'benchmarks'/'throughput.py'), '--quick', '--no-fastai'],
                       capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    rows = [l.split() for l in r.stdout.splitlines() if l.strip() and l.split()[0].isdigit()]
    assert [row[0] for row in rows] == ['4', '8'], r.stdout
    for row in rows: assert float(row[-1]) > 0 and 'i/s' in row, r.stdout
    assert 'GANLearner / hand' in r.stdout

def test_same_steps_same_weights():
    "The two timed loops do the same work: from the same start, on the same batches, they end with the same weights."
    sys.path.insert(0, str(ROOT/'benchmarks'))
    import torch, throughput
    batches = throughput.make_batches(14, 4, 16, torch.device('cpu'))
    g1, c1 = throughput.models(16, 8)
    g2, c2 = throughput.models(16, 8)
    throughput.hand_loop(g1, c1, batches)
    throughput.learner_loop(g2, c2, batches)
    for a, b in zip([*g1.parameters(), *c1.parameters()], [*g2.parameters(), *c2.parameters()]):
        assert torch.allclose(a, b, atol=1e-6), 'the hand-written loop and GANLearner diverged'
