"""Make README.md from nbs/index.ipynb, as `nbdev_readme` does but without Quarto (which these machines cannot install).

nbdev's own processing step (`proc_nbs`: hides `#| hide` cells, renders show_doc...) prepares the notebook; nbconvert
then writes it as GitHub Markdown, with figures in README_files/. Run it after changing index.ipynb:
    python tools/readme.py
`python tools/readme.py --check` writes nothing and fails when README.md is out of date (tools/test.sh runs it).
"""
import shutil, sys
import yaml
from nbconvert import MarkdownExporter
from nbdev.config import get_config
from nbdev.quarto import proc_nbs

def main(check:bool=False):
    cfg = get_config()
    cache = proc_nbs(cfg.nbs_path)
    body, resources = MarkdownExporter().from_filename(str(cache/cfg.readme_nb))
    if body.startswith('---'):                  # nbdev's front matter holds the H1 and the summary: put them back
        front, body = body[3:].split('\n---', 1)
        meta = yaml.safe_load(front)
        body = f"# {meta.get('title', cfg.lib_name)}\n\n> {meta.get('description', '')}\n" + body
    root, assets = cfg.config_path, 'README_files'
    for name in resources.get('outputs', {}): body = body.replace(f']({name})', f']({assets}/{name})')
    if check:
        if (root/'README.md').read_text() != body.lstrip():
            print("FAILED: README.md is out of date with nbs/index.ipynb: run python tools/readme.py, then commit.")
            return 1
        print("README.md matches nbs/index.ipynb.")
        return 0
    shutil.rmtree(root/assets, ignore_errors=True)
    for name, data in resources.get('outputs', {}).items():
        (root/assets).mkdir(exist_ok=True)
        (root/assets/name).write_bytes(data)
    (root/'README.md').write_text(body.lstrip())
    print(f"README.md written from {cfg.nbs_path/cfg.readme_nb} ({len(resources.get('outputs', {}))} figures)")

if __name__ == '__main__': sys.exit(main(check='--check' in sys.argv[1:]))
