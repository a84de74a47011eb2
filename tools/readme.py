"""Make README.md from nbs/index.ipynb, as `nbdev_readme` does but without Quarto (which these machines cannot install).

nbdev's own processing step (`proc_nbs`: hides `#| hide` cells, renders show_doc...) prepares the notebook; nbconvert
then writes it as GitHub Markdown, with figures in README_files/. Run it after changing index.ipynb:
    python tools/readme.py
"""
import shutil
import yaml
from nbconvert import MarkdownExporter
from nbdev.config import get_config
from nbdev.quarto import proc_nbs

def main():
    cfg = get_config()
    cache = proc_nbs(cfg.nbs_path)
    body, resources = MarkdownExporter().from_filename(str(cache/cfg.readme_nb))
    if body.startswith('---'):                  # nbdev's front matter holds the H1 and the summary: put them back
        front, body = body[3:].split('\n---', 1)
        meta = yaml.safe_load(front)
        body = f"# {meta.get('title', cfg.lib_name)}\n\n> {meta.get('description', '')}\n" + body
    root, assets = cfg.config_path, 'README_files'
    shutil.rmtree(root/assets, ignore_errors=True)
    for name, data in resources.get('outputs', {}).items():
        (root/assets).mkdir(exist_ok=True)
        (root/assets/name).write_bytes(data)
        body = body.replace(f']({name})', f']({assets}/{name})')
    (root/'README.md').write_text(body.lstrip())
    print(f"README.md written from {cfg.nbs_path/cfg.readme_nb} ({len(resources.get('outputs', {}))} figures)")

if __name__ == '__main__': main()
