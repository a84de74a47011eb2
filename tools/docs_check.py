"""Check the documentation pages without Quarto: process the notebooks as nbdev_docs does, render each to HTML, and
open it in headless Chromium to count the figures it really shows and take a full-page screenshot.

    python tools/docs_check.py            # all notebooks; pages and screenshots in .docs_check/
    python tools/docs_check.py --no-browser   # only processing + HTML (no Chromium needed)

1. `nbdev.quarto.proc_nbs` (what `nbdev_proc_nbs` and `nbdev_docs` run): hides `#| hide` cells, renders `show_doc`,
   turns the H1 and summary line into the page title and description. It fails on a broken notebook.
2. nbconvert's HTML exporter renders each processed page, with its figures embedded.
3. Chromium (Debian package `chromium`) loads each page; a script counts the embedded figures that decoded
   (naturalWidth > 0) and measures the page, then a second run takes a screenshot of the whole page. (External
   images, such as the Open-in-Colab badge, are not counted: this check runs offline.)
Each page must have a title, a description, no error output, and show every figure its notebook has (at least one
per lesson). Exit status 1 if any check fails.
"""
import argparse, copy, re, shutil, subprocess, sys, tempfile
from pathlib import Path
import yaml
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
import nbformat

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT/'.docs_check'
CHROMIUM = next((p for p in ('/usr/bin/chromium', '/usr/bin/chromium-browser', shutil.which('chromium') or '',
                             shutil.which('google-chrome') or '') if p and Path(p).exists()), None)
PROBE = """<script>
window.addEventListener('load', () => {
  const imgs = [...document.images].filter(i => i.src.startsWith('data:'));   // the page's own figures
  const ok = imgs.filter(i => i.complete && i.naturalWidth > 0).length;
  const div = document.createElement('div');
  div.id = 'docs-check';
  div.style.display = 'none';           // read by --dump-dom, not drawn in the screenshot
  div.textContent = `images ${ok}/${imgs.length} height ${document.documentElement.scrollHeight}`;
  document.body.appendChild(div);
});
</script>"""

def process():
    "Run nbdev's processing of every notebook (as nbdev_docs does); returns the folder of processed notebooks."
    from nbdev.config import get_config
    from nbdev.quarto import proc_nbs
    return Path(proc_nbs(get_config().nbs_path))

def front_matter(nb):
    "nbdev puts the title and description in a raw cell of YAML front matter."
    for c in nb.cells:
        if c.cell_type == 'raw' and c.source.startswith('---'): return yaml.safe_load(c.source.strip('-\n')) or {}
    return {}

def as_page(nb, meta):
    "What Quarto would do with nbdev's output, for nbconvert: title and description on top, `echo: false` inputs hidden."
    nb = copy.deepcopy(nb)
    cells = [c for c in nb.cells if not (c.cell_type == 'raw' and c.source.startswith('---'))]
    head = f"# {meta.get('title', '')}" + (f"\n\n> {meta['description']}" if meta.get('description') else '')
    for c in cells:
        if c.cell_type == 'code' and '#| echo: false' in c.source: c.metadata.setdefault('tags', []).append('remove_input')
        for o in c.get('outputs', []):
            md = o.get('data', {}).get('text/markdown')
            if md: o['data']['text/markdown'] = re.sub(r'\{target="_blank"[^}]*\}', '', md)
    nb.cells = [nbformat.v4.new_markdown_cell(head)] + cells
    return nb

def exporter():
    ex = HTMLExporter(exclude_input_prompt=True, exclude_output_prompt=True)
    ex.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'}, enabled=True), enabled=True)
    return ex

def chromium(*args, timeout=120):
    return subprocess.run([CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
                           '--user-data-dir=' + tempfile.mkdtemp(prefix='chromium-'), *args],
                          capture_output=True, text=True, timeout=timeout)

def check_page(nb_path, browser=True):
    "Render one processed notebook; returns (name, problems, facts)."
    nb = nbformat.read(nb_path, 4)
    meta, name = front_matter(nb), nb_path.stem
    problems, facts = [], {}
    if not meta.get('title'): problems.append('no title (the notebook needs an H1 in its first cell)')
    if not meta.get('description') and name != 'index': problems.append('no description (a "> summary" line under the H1)')
    pngs = sum('image/png' in o.get('data', {}) for c in nb.cells if c.cell_type == 'code' for o in c.get('outputs', []))
    errors = [o for c in nb.cells if c.cell_type == 'code' for o in c.get('outputs', []) if o.get('output_type') == 'error']
    if errors: problems.append(f'{len(errors)} error outputs')
    if pngs == 0 and re.match(r'\d\d_', name): problems.append('no figures at all')
    html, _ = exporter().from_notebook_node(as_page(nb, meta))
    embedded = html.count('src="data:image/png;base64,')
    if embedded < pngs: problems.append(f'HTML embeds {embedded} of {pngs} figures')
    facts.update(title=meta.get('title', ''), figures=pngs)
    page = OUT/f'{name}.html'
    page.write_text(html.replace('</body>', PROBE + '</body>'))
    if browser:
        dom = chromium('--virtual-time-budget=20000', '--dump-dom', page.as_uri()).stdout
        m = re.search(r'images (\d+)/(\d+) height (\d+)', dom)
        if not m: problems.append('Chromium did not finish loading the page'); return name, problems, facts
        ok, total, height = map(int, m.groups())
        if ok < pngs: problems.append(f'Chromium shows {ok} of {pngs} figures')
        if total - ok: problems.append(f'{total - ok} figures did not decode')
        shot = OUT/f'{name}.png'
        chromium(f'--window-size=1280,{min(height, 30_000)}', f'--screenshot={shot}', '--virtual-time-budget=20000',
                 page.as_uri())
        if not shot.exists() or shot.stat().st_size < 10_000: problems.append('no screenshot')
        facts.update(shown=ok, height=height, screenshot=str(shot.relative_to(ROOT)))
    return name, problems, facts

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--no-browser', action='store_true', help='skip Chromium (processing and HTML only)')
    p.add_argument('names', nargs='*', help='notebook names to check (default: all)')
    args = p.parse_args(argv)
    browser = not args.no_browser
    if browser and CHROMIUM is None:
        print("docs_check: Chromium not found: install it (Debian: apt-get install chromium) or pass --no-browser.", file=sys.stderr)
        return 2
    proc = process()
    shutil.rmtree(OUT, ignore_errors=True); OUT.mkdir()
    pages = sorted(proc.glob('*.ipynb'))
    if args.names: pages = [q for q in pages if q.stem in args.names]
    failed = 0
    for nb_path in pages:
        name, problems, facts = check_page(nb_path, browser)
        failed += bool(problems)
        shown = f"{facts.get('shown', '-')}/{facts['figures']} figures shown" if browser else f"{facts['figures']} figures"
        print(f"{'FAIL' if problems else 'ok  '} {name:16} {shown:22} {facts.get('screenshot', '')}  {facts['title']}")
        for problem in problems: print(f"     - {problem}")
    print(f"{len(pages) - failed} of {len(pages)} pages pass; pages and screenshots in {OUT.relative_to(ROOT)}/")
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
