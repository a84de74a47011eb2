"""Lesson 11's plan through the command line: a run stopped after its plan was made, then resumed with another budget,
ends exactly where the plan said (the plan travels in the checkpoint; the new budget does not re-plan it)."""
import contextlib, io
from gan_lessons.cli import main
from gan_lessons.checkpoint import load_checkpoint

ARGS = ['--n-images', '64', '--no-conditional', '--lr-decay', '0.5', '--size', '16', '--bs', '32', '--n-features', '8',
        '--epochs', '1000', '--precision', 'fp32']

def test_a_resumed_run_keeps_its_plan(tmp_path):
    out = tmp_path/'run'
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', *ARGS, '--minutes', '0.05', '--max-steps', '30', '--out', str(out)]) == 0
    ck = load_checkpoint(out/'checkpoint.pth')
    plan = ck['callbacks']['stop_after']
    assert plan['planned_for'] == 1000 and 30 < plan['planned_steps'] < 2000 and plan['planned_steps'] % 2 == 0
    assert ck['train_iter'] == 30                                  # --max-steps stopped it before the plan's end
    with contextlib.redirect_stdout(io.StringIO()) as said:
        assert main(['train', '--out', str(out), '--resume', '--minutes', '5']) == 0
    ck = load_checkpoint(out/'checkpoint.pth')
    assert ck['train_iter'] == plan['planned_steps']               # not the 5 minutes' worth, nor all 1,000 epochs
    assert f"held {plan['planned_steps'] // 2} of the 1000 epochs" in said.getvalue() and 'Stopped at' not in said.getvalue()
