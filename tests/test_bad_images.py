"""Broken files among good ones, as they turn up in real photo collections."""
import warnings
import pytest, torch
from PIL import Image
from gan_lessons.data import ImageFiles, GANDataLoader, make_shapes

@pytest.fixture
def folder(tmp_path):
    "Six good JPEGs, one truncated JPEG (its first 300 bytes), one empty .png."
    for i, im in enumerate(make_shapes(6, 64, seed=1)):
        Image.fromarray(im.permute(1, 2, 0).numpy()).save(tmp_path/f'good_{i}.jpg', quality=95)
    (tmp_path/'cut.jpg').write_bytes((tmp_path/'good_0.jpg').read_bytes()[:300])
    (tmp_path/'empty.png').write_bytes(b'')
    return tmp_path

def test_broken_files_are_skipped_with_a_warning(folder):
    ds = ImageFiles(folder, size=32)
    assert len(ds) == 8
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        batch = [ds[i] for i in range(len(ds))]
    messages = [str(x.message) for x in w]
    assert any('cut.jpg' in m and 'Skipping unreadable image' in m for m in messages)
    assert any('empty.png' in m for m in messages)
    assert ds.bad_files == {folder/'cut.jpg', folder/'empty.png'}
    assert all(x.shape == (3, 32, 32) and torch.isfinite(x).all() for x in batch)

def test_a_whole_epoch_runs_through_broken_files(folder):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        dl = GANDataLoader(ImageFiles(folder, size=16), bs=4, device='cpu', seed=0)
        shapes = [real.shape for _, real in dl]
    assert shapes == [(4, 3, 16, 16)] * 2
