"""The download path end to end, against a real HTTP server on 127.0.0.1 serving a small tarball."""
import http.server, tarfile, threading, functools, socket
from pathlib import Path
import pytest
from PIL import Image
from torchvision.datasets.utils import calculate_md5
from gan_lessons.download import ArchiveSource, DownloadError, fetch_archive, download_url
from gan_lessons.data import get_image_files, ImageFiles, make_shapes

class Handler(http.server.SimpleHTTPRequestHandler):
    "Serves a folder; `/cut/NAME` sends the headers of NAME and half its bytes, then hangs up."
    def log_message(self, *args): pass
    def do_GET(self):
        if not self.path.startswith('/cut/'): return super().do_GET()
        data = (Path(self.directory)/self.path[5:]).read_bytes()
        self.send_response(200)
        self.send_header('Content-Length', str(len(data))); self.end_headers()
        self.wfile.write(data[:len(data) // 2]); self.wfile.flush()
        self.close_connection = True

@pytest.fixture(scope='module')
def server(tmp_path_factory):
    "A tarball of 12 real PNG shapes in 'tiny/', served over HTTP on 127.0.0.1."
    root = tmp_path_factory.mktemp('www')
    (root/'tiny').mkdir()
    for i, im in enumerate(make_shapes(12, 40, seed=3)): Image.fromarray(im.permute(1, 2, 0).numpy()).save(root/f'tiny/{i}.png')
    with tarfile.open(root/'tiny.tgz', 'w:gz') as t: t.add(root/'tiny', arcname='tiny')
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{httpd.server_port}', root, calculate_md5(str(root/'tiny.tgz'))
    httpd.shutdown()

def source(url, md5, path='tiny.tgz'): return ArchiveSource('tiny', f'{url}/{path}', md5, 'tiny.tgz', 'tiny', nbytes=None)

def test_download_verify_extract(server, tmp_path, capsys):
    url, root, md5 = server
    folder = fetch_archive(source(url, md5), root=tmp_path)
    assert folder == tmp_path/'tiny' and len(get_image_files(folder)) == 12
    assert calculate_md5(str(tmp_path/'tiny.tgz')) == md5                 # the archive is kept, verified
    assert '100.00%' in capsys.readouterr().out                           # fastprogress's bar ran to the end
    assert ImageFiles(folder, size=32)[0].shape == (3, 32, 32)
    assert not list(tmp_path.glob('*.part')) and not list(tmp_path.glob('.unpacking-*'))

def left(folder):
    "What a failed fetch leaves in `folder`, but for the empty lock file that lets parallel runs take turns (lesson 01c)."
    return [p for p in folder.iterdir() if not (p.name.endswith('.lock') and p.stat().st_size == 0)]

def test_bad_checksum_leaves_nothing(server, tmp_path):
    url, root, md5 = server
    with pytest.raises(DownloadError, match='arrived corrupt.*deleted'):
        fetch_archive(source(url, 'f' * 32), root=tmp_path)
    assert left(tmp_path) == []                                 # no archive, no .part, no folder

def test_interrupted_download_then_rerun(server, tmp_path):
    url, root, md5 = server
    with pytest.raises(DownloadError, match='cut off after .* bytes. The partial file was deleted: run again'):
        fetch_archive(source(url, md5, 'cut/tiny.tgz'), root=tmp_path)
    assert left(tmp_path) == []                                 # the half file was removed
    folder = fetch_archive(source(url, md5), root=tmp_path)               # running again just works
    assert len(get_image_files(folder)) == 12

def test_corrupt_cached_archive_is_refused(server, tmp_path):
    url, root, md5 = server
    (tmp_path/'tiny.tgz').write_bytes(b'half an archive')
    with pytest.raises(DownloadError, match='checksum is wrong'):
        fetch_archive(source(url, md5), root=tmp_path)

def test_offline_error_names_url_and_place(tmp_path):
    with socket.socket() as s:                                            # a port nobody listens on
        s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    url = f'http://127.0.0.1:{port}/bedroom.tgz'
    with pytest.raises(DownloadError) as e: download_url(url, tmp_path/'bedroom.tgz')
    msg = str(e.value)
    assert url in msg and str(tmp_path/'bedroom.tgz') in msg and 'GAN_LESSONS_DATA' in msg
    assert left(tmp_path) == []

def test_archive_without_expected_folder(server, tmp_path):
    url, root, md5 = server
    wrong = ArchiveSource('tiny', f'{url}/tiny.tgz', md5, 'tiny.tgz', 'bedroom')
    with pytest.raises(DownloadError, match="does not hold a folder 'bedroom'"):
        fetch_archive(wrong, root=tmp_path)
    assert not (tmp_path/'bedroom').exists() and not list(tmp_path.glob('.unpacking-*'))

def test_damaged_mnist_files_are_named_not_called_missing(tmp_path):
    "MNIST files that are there but unreadable (a cut-off copy): the error says they are there and broken, not 'could not be downloaded'."
    from gan_lessons.download import get_dataset
    raw = tmp_path/'mnist'/'MNIST'/'raw'; raw.mkdir(parents=True)
    for name in ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'):
        (raw/name).write_bytes(b'\x00' * 100)
    with pytest.raises(DownloadError, match='are in .* but cannot be used.*Delete'):
        get_dataset('mnist', root=tmp_path, download=False)

def test_a_symlink_loop_is_one_clear_error(tmp_path):
    from gan_lessons.download import get_dataset
    (tmp_path/'loop').symlink_to(tmp_path/'loop')
    with pytest.raises(ValueError, match='Unknown data set'): get_dataset(tmp_path/'loop')
