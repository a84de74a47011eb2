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

def test_16_bit_png_keeps_its_grey_levels(tmp_path):
    "A 16-bit greyscale PNG is scaled to 8 bits, not clipped (PIL's plain convert turned 99 % of its pixels white)."
    import numpy as np
    from PIL import Image
    ramp = np.linspace(0, 65535, 64 * 64).reshape(64, 64).astype(np.uint16)
    Image.fromarray(ramp).save(tmp_path/'ramp.png')
    x = ImageFiles(tmp_path, size=64)[0]
    assert abs(x.mean().item()) < 0.02 and x.min() < -0.99 and x.max() > 0.99      # the whole ramp, centred on 0
    assert (x > 0.99).float().mean() < 0.01

def test_decompression_bomb_is_skipped_with_a_warning(tmp_path):
    "A PNG that declares 30,000 x 30,000 pixels is skipped (PIL refuses to decode it), not fatal to the run."
    import struct, zlib, warnings
    from PIL import Image
    Image.new('RGB', (40, 40), (200, 0, 0)).save(tmp_path/'good.png')
    Image.new('RGB', (1, 1)).save(tmp_path/'bomb.png')
    data = bytearray((tmp_path/'bomb.png').read_bytes())
    ihdr = struct.pack('>II', 30_000, 30_000) + data[24:29]                   # width, height, then depth, colour...
    data[16:29] = ihdr; data[29:33] = struct.pack('>I', zlib.crc32(b'IHDR' + ihdr))
    (tmp_path/'bomb.png').write_bytes(bytes(data))
    ds = ImageFiles(tmp_path, size=16)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        images = [ds[i] for i in range(len(ds))]
    assert all(im.shape == (3, 16, 16) for im in images)
    assert any('bomb.png' in str(x.message) for x in w) and len(ds.bad_files) == 1
