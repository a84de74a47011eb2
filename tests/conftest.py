import pytest

@pytest.fixture(autouse=True)
def _quiet_plots(monkeypatch):
    monkeypatch.setenv('MPLBACKEND', 'Agg')
