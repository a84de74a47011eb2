"""The loader's worker processes, the path a GPU takes (`GANDataLoader` uses up to 8 workers on CUDA), run here on the CPU:
with workers, the batches are the ones a loader without workers gives from the same seed."""
import torch
from PIL import Image
from gan_lessons.data import ImageFiles, GANDataLoader, make_shapes

def test_workers_give_the_same_batches(tmp_path):
    for i, im in enumerate(make_shapes(16, 32, seed=2)):
        Image.fromarray(im.permute(1, 2, 0).numpy()).save(tmp_path/f'shape_{i:02d}.png')
    def two_epochs(num_workers):
        dl = GANDataLoader(ImageFiles(tmp_path, size=32), bs=4, num_workers=num_workers, seed=3, device='cpu')
        return [b for _ in range(2) for b in dl]
    plain, workers = two_epochs(0), two_epochs(2)
    assert len(plain) == len(workers) == 8
    for (z0, x0), (z1, x1) in zip(plain, workers):
        assert torch.equal(z0, z1) and torch.equal(x0, x1)
    assert not torch.equal(plain[0][1], plain[4][1])    # a new order in the second epoch: the check compares real batches
