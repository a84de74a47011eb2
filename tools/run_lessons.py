"""Run the quick cells of every lesson in a folder (cells flagged `slow` are skipped), two at a time.

For the checks that run outside an nbdev project (tools/test_offline.sh): nbdev_test needs the repository's
settings.ini, this needs only nbdev's notebook runner. Prints each lesson's time; exits 1 if any lesson fails."""
import argparse, os, sys, time
from pathlib import Path
from fastcore.parallel import parallel
from nbdev.test import test_nb

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('folder', help='the folder of notebooks')
p.add_argument('--expect-package', help='fail unless gan_lessons is imported from below this folder')
p.add_argument('--n-workers', type=int, default=2)
args = p.parse_args()
if args.expect_package:
    import gan_lessons
    where = Path(gan_lessons.__file__).resolve()
    if not where.is_relative_to(Path(args.expect_package).resolve()):
        sys.exit(f"gan_lessons is imported from {where}, not from the install in {args.expect_package}")
    print(f"gan_lessons is imported from {where.parent}")
folder = Path(args.folder).resolve()
files = sorted(folder.glob('[0-9]*.ipynb')) + sorted(folder.glob('index.ipynb'))
os.chdir(folder)
start = time.perf_counter()
results = parallel(test_nb, files, skip_flags=['slow'], n_workers=args.n_workers, pause=0.01, do_print=True)
for f, (ok, secs) in sorted(zip(files, results), key=lambda o: -o[1][1]): print(f"{'ok  ' if ok else 'FAIL'} {f.name}: {secs:.0f} s")
failed = [f.name for f, (ok, _) in zip(files, results) if not ok]
print(f"{len(files) - len(failed)} of {len(files)} lessons passed in {time.perf_counter() - start:.0f} s")
sys.exit(1 if failed else 0)
