import os, sys, pytest
from pathlib import Path

@pytest.fixture(autouse=True)
def _quiet_plots(monkeypatch):
    monkeypatch.setenv('MPLBACKEND', 'Agg')
