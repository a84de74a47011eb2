"""The `gan-lessons` command: the installed command in a subprocess, as a user runs it, then every other case in-process."""
import subprocess, os, contextlib, io
from pathlib import Path
import pytest, torch
from PIL import Image

def run(*args, cwd):
    env = os.environ | {'MPLBACKEND': 'Agg'}
    return subprocess.run(['gan-lessons', *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)

def test_default_job_writes_grid_curves_and_checkpoint(tmp_path):
    r = run('train', '--max-steps', '40', '--out', 'run', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    run_dir = tmp_path/'run'
    grid, curves = Image.open(run_dir/'samples.png'), Image.open(run_dir/'losses.png')
    assert grid.size == (8 * 34 + 2, 8 * 34 + 2)                          # 64 samples of 32 px, 2 px padding
    assert curves.size[0] > 500
    assert torch.load(run_dir/'checkpoint.pth', weights_only=True)['train_iter'] == 40
    assert 'Training a layered-r1 on shapes (10000 images, 32 px)' in r.stdout
    s = run('sample', 'run/checkpoint.pth', '--n', '16', '--out', 'grid.png', cwd=tmp_path)
    assert s.returncode == 0, s.stderr
    assert Image.open(tmp_path/'grid.png').size == (4 * 34 + 2, 4 * 34 + 2)

# Everything else runs in-process (`main([...])`, as ../shared/COURSE.md's test-time budget asks): the same code and
# exit statuses as the installed command, without a new Python that imports torch again for each case.
from gan_lessons.cli import main

def test_help_teaches(capsys):
    "The installed command's help, and `gan-lessons` alone, which prints it with the first command to try."
    r = subprocess.run(['gan-lessons', 'train', '--help'], capture_output=True, text=True)
    assert r.returncode == 0 and 'lsun-bedrooms' in r.stdout and 'GAN_LESSONS_DATA' in r.stdout and 'wgan-gp' in r.stdout
    assert main([]) == 0 and 'gan-lessons train --out runs/first' in capsys.readouterr().out

def test_no_subcommand_means_train(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(['--model', 'wgan', '--size', '16', '--max-steps', '3', '--out', 'w']) == 0
    assert 'Training a wgan' in capsys.readouterr().out

def test_resume_goes_on_and_checks_settings(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ('--model', 'wgan-gp', '--size', '16', '--bs', '32', '--n-features', '8', '--out', 'gp')
    assert main(['train', *args, '--epochs', '1', '--max-steps', '10']) == 0
    capsys.readouterr()
    assert main(['train', '--out', 'gp', '--resume', '--max-steps', '15']) == 0
    assert 'Resuming a wgan-gp' in capsys.readouterr().out
    assert torch.load(tmp_path/'gp/checkpoint.pth', weights_only=True)['train_iter'] == 15
    assert main(['train', '--out', 'gp', '--resume', '--model', 'dcgan']) == 1
    assert '--model dcgan (the run has wgan-gp)' in capsys.readouterr().err

def test_mnist_folder_and_data_env(tmp_path, monkeypatch):
    data = os.environ.get('GAN_LESSONS_DATA')
    if not data or not (Path(data)/'mnist').exists(): pytest.skip('needs the MNIST files in $GAN_LESSONS_DATA (tools/test.sh sets it)')
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', '--data', 'mnist', '--size', '16', '--n-features', '8', '--max-steps', '5', '--out', 'm']) == 0
        assert main(['fetch', 'mnist']) == 0
    assert Image.open(tmp_path/'m/samples.png').mode in ('L', 'RGB')

@pytest.mark.parametrize('args, message', [
    (['--data', 'imagenet'], "Unknown data set 'imagenet'"),
    (['--data', 'no/such/folder/'], "Unknown data set"),
    (['--size', '28'], 'power of two'),
    (['--size', '-4'], '--size=-4 must be a positive whole number'),
    (['--bs', '0'], '--bs=0 must be a positive whole number'),
    (['--epochs', '0'], '--epochs=0 must be a positive whole number'),
    (['--resume'], 'Nothing to resume'),
])
def test_bad_input_is_one_clear_line(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(['train', *args, '--out', 'x']) == 1
    err = capsys.readouterr().err
    assert message in err and 'Traceback' not in err, err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path/'x'/'checkpoint.pth').exists()

def test_bad_options_get_argparse_usage(capsys):
    with pytest.raises(SystemExit) as e: main(['train', '--model', 'began'])
    err = capsys.readouterr().err
    assert e.value.code == 2 and "invalid choice: 'began'" in err and 'Traceback' not in err

def test_empty_folder_non_images_and_unreadable(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path/'empty').mkdir(); (tmp_path/'texts').mkdir(); (tmp_path/'texts/a.txt').write_text('x')
    (tmp_path/'damaged').mkdir(); (tmp_path/'damaged/a.png').write_bytes(b'not a png at all')
    for folder, message in (('empty', 'it is empty'), ('texts', 'none of them an image'), ('damaged', 'can be read')):
        assert main(['train', '--data', folder, '--out', 'x']) == 1
        err = capsys.readouterr().err
        assert message in err and 'Traceback' not in err, err
        errors = [l for l in err.strip().splitlines() if ': warning: ' not in l]
        assert len(errors) == 1, err

def test_checkpoints_that_are_not_ours(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    torch.save({'x': 1}, tmp_path/'other.pth')
    (tmp_path/'broken.pth').write_bytes(b'PK\x03\x04 half a file')
    for file, message in (('other.pth', 'not a gan_lessons checkpoint'), ('broken.pth', 'may be damaged'),
                          ('none.pth', 'No checkpoint at')):
        assert main(['sample', file]) == 1
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1, err

def test_fetch_offline_says_what_to_download(tmp_path, capsys):
    if main(['fetch', 'lsun-bedrooms', '--root', str(tmp_path/'cache')]) == 0: pytest.skip('this machine can download the data set')
    err = capsys.readouterr().err
    assert 'download' in err and 'Traceback' not in err, err

# The reliability fixes of issue 17.

def test_resume_after_epoch_1_with_progress_bars_and_extend_a_finished_run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tiny = ['--size', '8', '--n-features', '8', '--bs', '100', '--out', 'ep']
    assert main(['train', *tiny, '--epochs', '3', '--max-steps', '150']) == 0          # stops in epoch 2 (100 steps an epoch)
    assert main(['train', '--out', 'ep', '--resume', '--max-steps', '155']) == 0     # resumes inside epoch 2, bars on
    assert main(['train', '--out', 'ep', '--resume']) == 0                           # runs to the end of epoch 3
    assert torch.load(tmp_path/'ep/checkpoint.pth', weights_only=True)['train_iter'] == 300
    assert main(['train', '--out', 'ep', '--resume', '--epochs', '4']) == 0          # a finished run, extended
    assert torch.load(tmp_path/'ep/checkpoint.pth', weights_only=True)['train_iter'] == 400
    assert 'Error' not in capsys.readouterr().err

@pytest.mark.parametrize('lr', ['0', '-1e-4', 'nan', 'inf'])
def test_lr_must_be_positive(tmp_path, capsys, monkeypatch, lr):
    monkeypatch.chdir(tmp_path)
    assert main(['train', f'--lr={lr}', '--size', '8', '--out', 'x']) == 1
    err = capsys.readouterr().err
    assert 'must be a positive number' in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path/'x/checkpoint.pth').exists()

def test_the_last_good_checkpoint_has_finite_weights(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(['train', '--model', 'wgan-gp', '--lr', '1e6', '--size', '16', '--bs', '32', '--n-features', '8',
                 '--every', '1', '--out', 'nan']) == 1
    err = capsys.readouterr().err
    assert 'training stopped' in err and 'Traceback' not in err, err
    assert 'became nan at training step' in err or 'NaN or infinite at training step' in err, err
    step = int(err.split('at training step ')[1].split()[0])
    ck = tmp_path/'nan/checkpoint.pth'
    state = torch.load(ck, weights_only=True)
    assert state['train_iter'] == step - 1                                          # the last good one is kept
    assert all(torch.isfinite(v).all() for v in state['model'].values() if v.is_floating_point())   # and usable

@pytest.fixture
def tiny_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', '--size', '8', '--n-features', '8', '--bs', '100', '--max-steps', '2', '--out', 'r']) == 0
    (tmp_path/'afile').write_text('x'); (tmp_path/'adir.png').mkdir()
    return tmp_path

@pytest.mark.parametrize('argv, message', [
    (['train', '--data', '', '--out', 'x'], '--data is empty'),
    (['train', '--out', ''], '--out is empty'),
    (['train', '--out', 'afile'], 'is a file, not a folder'),
    (['train', '--seed', str(2**64), '--out', 'x'], '--seed 18446744073709551616 must be a whole number from 0'),
    (['train', '--seed', '-1', '--out', 'x'], 'must be a whole number from 0'),
    (['sample', 'r/checkpoint.pth', '--out', 'grid'], 'must name an image file ending in .png'),
    (['sample', 'r/checkpoint.pth', '--out', 'adir.png'], 'is a folder'),
    (['sample', 'r/checkpoint.pth', '--n', '100000'], 'more than 10,000 samples'),
])
def test_more_bad_input_is_one_clear_line(tiny_run, capsys, argv, message):
    capsys.readouterr()
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not (tiny_run/'x').exists() and not (tiny_run/'grid').exists()

def test_a_failed_write_keeps_the_old_grid(tiny_run, capsys, monkeypatch):
    assert main(['sample', 'r/checkpoint.pth', '--n', '4', '--out', 'g.png']) == 0
    old = (tiny_run/'g.png').read_bytes()
    import gan_lessons.data
    def disk_full(images, path, **kwargs): Path(path).write_bytes(b'half a PNG'); raise OSError(28, 'No space left on device')
    monkeypatch.setattr(gan_lessons.data, 'save_image', disk_full)
    with pytest.raises(OSError): main(['sample', 'r/checkpoint.pth', '--n', '9', '--out', 'g.png'])
    assert (tiny_run/'g.png').read_bytes() == old                                  # the old grid is intact
    assert [p.name for p in tiny_run.iterdir() if p.name.startswith('.g.png')] == []  # and no temporary file is left

def test_one_run_per_folder_and_stale_locks(tiny_run, capsys):
    lock = tiny_run/'r/.lock'
    lock.write_text(str(os.getppid()))                                    # a live process holds the folder
    assert main(['train', '--out', 'r', '--resume', '--max-steps', '3']) == 1
    assert 'in use by another gan-lessons train' in capsys.readouterr().err
    lock.write_text('999999999')                                          # left behind by a killed run
    assert main(['train', '--out', 'r', '--resume', '--max-steps', '3']) == 0
    assert not lock.exists()                                               # released at the end

def test_resume_keeps_the_runs_every(tiny_run):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', '--size', '8', '--n-features', '8', '--bs', '100', '--every', '7', '--max-steps', '7', '--out', 'e']) == 0
        assert main(['train', '--out', 'e', '--resume', '--max-steps', '10']) == 0
    assert torch.load(tiny_run/'e/checkpoint.pth', weights_only=True)['extra']['config']['every'] == 7

def test_data_folder_that_is_a_file(tiny_run, capsys, monkeypatch):
    monkeypatch.setenv('GAN_LESSONS_DATA', str(tiny_run/'afile'))
    assert main(['train', '--data', 'mnist', '--out', 'm']) == 1
    err = capsys.readouterr().err
    assert 'is a file, not a folder' in err and len(err.strip().splitlines()) == 1, err

def test_ctrl_c_before_the_first_checkpoint(tiny_run, capsys, monkeypatch):
    import gan_lessons.cli
    def interrupted(*args, **kwargs): raise KeyboardInterrupt
    monkeypatch.setattr(gan_lessons.cli, 'get_dataset', interrupted)
    assert main(['train', '--out', 'fresh']) == 130
    assert 'before the first checkpoint: run the same command again' in capsys.readouterr().err
    assert main(['train', '--out', 'r', '--resume']) == 130
    assert 'gan-lessons train --out r --resume' in capsys.readouterr().err

def test_python_side_checks(tmp_path):
    import numpy as np
    from gan_lessons.checkpoint import CheckpointCB
    from gan_lessons.data import GANDataLoader, TensorImages, make_shapes
    with pytest.raises(IsADirectoryError, match='is a folder: name the checkpoint file'): CheckpointCB(tmp_path)
    assert not list(tmp_path.iterdir())                                            # nothing left behind
    assert GANDataLoader(TensorImages(make_shapes(8, 8)), bs=np.int64(4)).bs == 4

def test_conditional_run_and_sample_a_class(tmp_path, capsys):
    "Lesson 12 on the command line: train --conditional on MNIST, sample --class 7; clear errors for what cannot work."
    out = str(tmp_path/'c')
    assert main(['train', '--data', 'mnist', '--conditional', '--size', '16', '--n-features', '8', '--max-steps', '12', '--out', out]) == 0
    assert main(['sample', f'{out}/checkpoint.pth', '--class', '7', '--n', '8', '--out', str(tmp_path/'sevens.png')]) == 0
    assert 'of class 7' in capsys.readouterr().out
    assert main(['sample', f'{out}/checkpoint.pth', '--class', '12', '--out', str(tmp_path/'x.png')]) == 1
    folder = tmp_path/'imgs'; folder.mkdir()
    for i in range(4): Image.new('RGB', (16, 16), (i * 60, 0, 0)).save(folder/f'{i}.png')
    assert main(['train', '--data', str(folder), '--conditional', '--size', '16', '--bs', '2', '--max-steps', '2', '--out', str(tmp_path/'s')]) == 1   # a folder: no classes
    assert main(['train', '--data', 'mnist', '--conditional', '--model', 'wgan', '--out', str(tmp_path/'w')]) == 1
    err = capsys.readouterr().err
    assert 'needs a data set with classes' in err and 'drop --model wgan' in err

def test_sample_refuses_broken_checkpoints(tmp_path, capsys):
    "A checkpoint with only the format mark, or with NaN generator weights: one clear line and exit 1, no NaN grid."
    from gan_lessons.checkpoint import FORMAT, load_checkpoint
    (tmp_path/'mark.pth').write_bytes(b'')
    torch.save({'format': FORMAT}, tmp_path/'mark.pth')
    assert main(['sample', str(tmp_path/'mark.pth'), '--out', str(tmp_path/'a.png')]) == 1
    out = str(tmp_path/'run')
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', '--model', 'dcgan', '--size', '8', '--n-features', '8', '--max-steps', '3', '--out', out]) == 0
    state = load_checkpoint(f'{out}/checkpoint.pth')
    key = next(k for k in state['model'] if k.startswith('generator.') and state['model'][k].is_floating_point())
    state['model'][key].fill_(float('nan'))
    torch.save(state, tmp_path/'nan.pth')
    assert main(['sample', str(tmp_path/'nan.pth'), '--out', str(tmp_path/'b.png')]) == 1
    err = capsys.readouterr().err
    assert 'no complete gan-lessons configuration' in err and 'NaN or infinite generator weights' in err
    assert not (tmp_path/'a.png').exists() and not (tmp_path/'b.png').exists()

def test_a_folder_named_like_a_data_set_is_mentioned(tmp_path, monkeypatch, capsys):
    "`--data mnist` with a folder ./mnist here: the run says which one it uses and how to pick the other."
    monkeypatch.chdir(tmp_path); (tmp_path/'mnist').mkdir()
    assert main(['train', '--data', 'mnist', '--size', '8', '--n-features', '8', '--max-steps', '2', '--out', 'r']) == 0
    assert 'to train on the folder ./mnist instead, pass --data ./mnist' in capsys.readouterr().out

def test_shapes_default_is_conditional(tmp_path, capsys):
    "The main job is told the shape (lesson 12): sample --class 0..2 draws discs, squares, triangles; --no-conditional and --model wgan train without."
    out = str(tmp_path/'c')
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', '--size', '16', '--n-features', '8', '--max-steps', '4', '--out', out]) == 0
    config = torch.load(f'{out}/checkpoint.pth', weights_only=True)['extra']['config']
    assert config['conditional'] is True and config['n_classes'] == 3 and config['model'] == 'layered-r1'
    assert main(['sample', f'{out}/checkpoint.pth', '--class', '2', '--n', '4', '--out', str(tmp_path/'t.png')]) == 0
    assert main(['sample', f'{out}/checkpoint.pth', '--class', '3', '--out', str(tmp_path/'x.png')]) == 1
    assert '(disc, square, triangle)' in capsys.readouterr().err
    for extra in (['--no-conditional'], ['--model', 'wgan']):
        run = str(tmp_path/extra[-1].strip('-'))
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(['train', '--size', '16', '--n-features', '8', '--max-steps', '2', *extra, '--out', run]) == 0
        assert torch.load(f'{run}/checkpoint.pth', weights_only=True)['extra']['config']['conditional'] is False

def test_main_job_adam_has_no_momentum(tmp_path):
    "The shapes recipe trains with Adam's β1 = 0 (lesson 14 measures it); --beta1 0.5 brings DCGAN's back; other runs keep 0.5."
    def betas(*extra):
        out = str(tmp_path/str(len(list(tmp_path.iterdir()))))
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(['train', '--size', '16', '--n-features', '8', '--max-steps', '2', '--precision', 'fp32', *extra, '--out', out]) == 0
        state = torch.load(f'{out}/checkpoint.pth', weights_only=True)
        return {name: opt['param_groups'][0]['betas'] for name, opt in state['opt'].items()}, state['extra']['config']['beta1']
    assert betas() == ({'generator': (0.0, 0.99), 'critic': (0.0, 0.99)}, 0.0)              # layered-r1: beta2 0.99
    assert betas('--beta1', '0.5') == ({'generator': (0.5, 0.99), 'critic': (0.5, 0.99)}, 0.5)
    assert betas('--no-conditional') == ({'generator': (0.5, 0.99), 'critic': (0.5, 0.99)}, None)
    assert betas('--model', 'upsample-r1') == ({'generator': (0.0, 0.999), 'critic': (0.0, 0.999)}, 0.0)   # the recipe before it

def test_layered_recipe(tmp_path, capsys):
    "The shapes' default paints with lesson 11's layered generator and trains with lesson 07's hinge pair; it draws only the shapes."
    from gan_lessons.cli import build_networks, build_learner, load_generator, SHAPES_GREY
    from gan_lessons.small_data import PaintLayer
    from gan_lessons.data import shapes_colour
    from gan_lessons.wgan_gp import hinge_gen_loss, hinge_crit_loss
    from gan_lessons.conditional import ConditionalLoader
    from gan_lessons.download import get_dataset
    import numpy as np
    out = str(tmp_path/'l')
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', '--size', '16', '--n-features', '8', '--max-steps', '4', '--out', out]) == 0
    generator, config, _ = load_generator(f'{out}/checkpoint.pth')
    paint = generator.generator[-1]
    assert isinstance(paint, PaintLayer) and paint.background == SHAPES_GREY
    assert config['palette'] and paint.palette is shapes_colour               # lesson 11's palette: one hue per image
    c = (paint.colour(torch.randn(64, 2, 4, 4)) + 1) / 2                      # whatever the channels, a colour of the data's
    assert torch.allclose(c.amax(1), torch.ones(64)) and torch.allclose(c.amin(1), torch.full((64,), 0.25))
    assert abs(SHAPES_GREY - (20 / 127.5 - 1)) < 1e-9                    # the data's grey: 20 of 255
    dl = ConditionalLoader(get_dataset('shapes', size=16), n_classes=3, bs=8, latent_dim=config['latent_dim'], seed=0)
    learn = build_learner(config, dl, show_img=False, progress=False)
    assert (learn.loss_func.gen_loss_func, learn.loss_func.crit_loss_func) == (hinge_gen_loss, hinge_crit_loss)
    with torch.no_grad(): x = generator(torch.randn(4, config['latent_dim']))   # classes 0, 1, 2, 0
    s = torch.linalg.svdvals((x - SHAPES_GREY).flatten(2))                # each image: the grey + mask x one colour, so rank 1
    assert x.shape == (4, 3, 16, 16) and (s[:, 1] < 1e-4 * s[:, 0]).all(), s
    with pytest.raises(ValueError, match='draws only the shapes'):
        build_networks(config | {'data': 'mnist', 'n_channels': 1})
    folder = tmp_path/'photos'; folder.mkdir()
    for i in range(4): Image.fromarray(np.full((16, 16, 3), 60 * i, dtype=np.uint8)).save(folder/f'{i}.png')
    assert main(['train', '--data', str(folder), '--model', 'layered-r1', '--size', '16', '--max-steps', '1', '--out', str(tmp_path/'m')]) == 1
    assert 'use --model upsample-r1' in capsys.readouterr().err
    old = str(tmp_path/'u')                                              # the recipe before it still trains (and old runs still load)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', '--model', 'upsample-r1', '--size', '16', '--n-features', '8', '--max-steps', '2', '--out', old]) == 0
    assert not any(isinstance(m, PaintLayer) for m in load_generator(f'{old}/checkpoint.pth')[0].modules())
    free = str(tmp_path/'f')                                             # --no-palette: any colour, as before the palette
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['train', '--no-palette', '--size', '16', '--n-features', '8', '--max-steps', '2', '--out', free]) == 0
    g, c, _ = load_generator(f'{free}/checkpoint.pth')
    assert c['palette'] is False and g.generator[-1].palette is None
    before = {k: v for k, v in config.items() if k != 'palette'}            # a layered-r1 run saved before the palette: loads as it was
    assert build_networks(before)[0].generator[-1].palette is None
    assert main(['train', '--palette', '--model', 'upsample-r1', '--size', '16', '--max-steps', '1', '--out', str(tmp_path/'p')]) == 1
    assert 'drop --palette' in capsys.readouterr().err
