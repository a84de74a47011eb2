"""A threshold that a GAN which learns nothing can pass proves nothing. Each one the lessons assert on a training run,
and each of the course's targets, must fail for a generator trained on the sign-flipped loss and for a constant one."""
import torch
import gan_lessons.toy as toy
from gan_lessons.toy import train_toy_gan, ring_modes, grid_modes, mode_metrics, RING, GRID, TARGETS, TEST_TARGETS, TEST_STEPS, meets
from gan_lessons.data import TensorImages, make_shapes
from gan_lessons.evaluation import shapes_report, missed_targets, SHAPES_TARGETS

torch.set_num_threads(1)
RING_TEST, RING_TARGET, GRID_TEST, GRID_TARGET = TEST_TARGETS['ring'], TARGETS['ring'], TEST_TARGETS['grid'], TARGETS['grid']   # lesson 00's bars

def test_flipped_generator_loss_fails_the_toy_thresholds(monkeypatch):
    "Lesson 00's test-size runs (`TEST_STEPS`), which pass there, fail with the sign-flipped loss."
    flipped = lambda fake_logits: -toy.F.softplus(-fake_logits).mean()       # the generator now wants to look fake
    monkeypatch.setattr(toy, 'non_saturating_loss', flipped)
    _, _, h = train_toy_gan(**(RING | dict(steps=TEST_STEPS['ring'])), seed=0)
    m = mode_metrics(h['samples'], RING['modes'], RING['std'])
    assert not meets(m, RING_TEST) and not meets(m, RING_TARGET), m
    _, _, h = train_toy_gan(**(GRID | dict(steps=TEST_STEPS['grid'])), seed=0)
    m = mode_metrics(h['samples'], GRID['modes'], GRID['std'])
    assert not meets(m, GRID_TEST) and not meets(m, GRID_TARGET), m

def test_constant_generators_fail_the_toy_thresholds():
    for point in (torch.zeros(2), ring_modes()[0]):                           # nowhere, or exactly on one mode
        m = mode_metrics(point.expand(2500, 2), RING['modes'], RING['std'])
        assert not meets(m, RING_TEST) and not meets(m, RING_TARGET), m
        m = mode_metrics(point.expand(2500, 2) * 4, GRID['modes'], GRID['std'])
        assert not meets(m, GRID_TEST) and not meets(m, GRID_TARGET), m

def test_constant_generators_miss_the_shapes_targets():
    real, kinds = make_shapes(300, 32, seed=7, labels=True)
    real = TensorImages(real)[:]
    for image in (real[kinds == 0][0], real[kinds == 2][0], torch.zeros(3, 32, 32)):   # a perfect disc, a triangle, grey
        missed = missed_targets(shapes_report(image.expand(1000, -1, -1, -1), n_real=2000), SHAPES_TARGETS)
        assert missed, 'a constant generator met every shapes target'

def test_flipped_generator_loss_misses_the_shapes_targets(tmp_path, monkeypatch):
    import gan_lessons.cli as cli, gan_lessons.conditional as conditional
    flipped = lambda fake_pred, output, target: -cli.F.binary_cross_entropy_with_logits(fake_pred, torch.ones_like(fake_pred))
    monkeypatch.setattr(cli, 'bce_gen_loss', flipped)
    monkeypatch.setattr(conditional, 'bce_gen_loss', flipped)        # the main job is told the shape (lesson 12's learner)
    assert cli.main(['train', '--out', str(tmp_path/'run'), '--n-features', '8', '--max-steps', '150', '--every', '1000']) == 0
    generator, config, _ = cli.load_generator(tmp_path/'run'/'checkpoint.pth')
    images = cli._draw(generator, config, 500, 0)
    assert len(missed_targets(shapes_report(images, n_real=2000), SHAPES_TARGETS)) >= 4

def test_flipped_generator_loss_fails_lesson_02s_pixel_check():
    import os, pytest
    from pathlib import Path
    from gan_lessons.core import set_seed
    from gan_lessons.download import get_dataset
    from gan_lessons.data import GANDataLoader
    from gan_lessons.core import sample_grid
    from gan_lessons.dcgan import dcgan_generator, dcgan_discriminator, dcgan_init_, train_dcgan, pixel_stats, passes_pixel_check
    data = os.environ.get('GAN_LESSONS_DATA')
    if not data or not (Path(data)/'mnist').exists(): pytest.skip('needs the MNIST files in $GAN_LESSONS_DATA (tools/test.sh sets it)')
    mnist = get_dataset('mnist', size=32)
    set_seed(0)
    g, d = dcgan_init_(dcgan_generator(32, 1, n_features=16)), dcgan_init_(dcgan_discriminator(32, 1, n_features=16))   # lesson 02's short run
    flipped = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999), maximize=True)   # the generator climbs its loss
    train_dcgan(g, d, GANDataLoader(mnist, bs=64, seed=0), max_steps=300, show_progress=False, opt_g=flipped)
    stats = pixel_stats(sample_grid(g, torch.randn(1000, 100, generator=torch.Generator().manual_seed(0))), mnist[:1000])
    assert not passes_pixel_check(stats), stats
