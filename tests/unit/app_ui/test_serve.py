import argparse
from pathlib import Path

import pytest

from app_ui import serve
from budget.cli import UserError

AUTH = '[auth]\nclient_id = "x"\nredirect_uri = "https://bcf.example/oauth2callback"\n'


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_secrets_files_are_streamlits_home_then_app_folder(tmp_path):
    assert serve.secrets_files(tmp_path / "app", tmp_path / "home") == [
        tmp_path / "home" / ".streamlit" / "secrets.toml", tmp_path / "app" / ".streamlit" / "secrets.toml"]


def test_read_secrets_merges_files_later_sections_winning_and_skips_missing_ones(tmp_path):
    a = _write(tmp_path / "a.toml", AUTH + '[bcf]\nallowed_users = ["@a.org"]\n')
    b = _write(tmp_path / "b.toml", '[bcf]\nallowed_users = ["@b.org"]\n')
    got = serve.read_secrets([tmp_path / "missing.toml", a, b])
    assert got == {"auth": {"client_id": "x", "redirect_uri": "https://bcf.example/oauth2callback"},
                   "bcf": {"allowed_users": ["@b.org"]}}
    assert serve.read_secrets([tmp_path / "missing.toml"]) == {}


def test_read_secrets_names_a_file_that_is_not_toml(tmp_path):
    bad = _write(tmp_path / "secrets.toml", "[auth\nclient_id = 1\n")
    with pytest.raises(UserError) as e:
        serve.read_secrets([bad])
    assert e.value.messages[0].startswith(f"the sign-in settings file {bad} is not valid TOML (")


def test_gate_refuses_without_sign_in_and_names_the_files_and_the_flag(tmp_path):
    files = [tmp_path / "h.toml", tmp_path / "a.toml"]
    with pytest.raises(UserError) as e:
        serve.gate({}, behind_gateway=False, files=files)
    message = e.value.messages[0]
    assert message.startswith(f"sign-in is not configured (no [auth] section in {files[0]} or {files[1]}), ")
    assert "docs/sign-in.md" in message and "--behind-gateway" in message


def test_gate_behind_a_gateway_says_so(tmp_path):
    line = serve.gate({}, behind_gateway=True, files=[])
    assert line.startswith("Sign-in: off. Started with --behind-gateway: the gateway in front of this server must ")


def test_gate_with_sign_in_counts_the_allow_list(monkeypatch):
    monkeypatch.delenv("BCF_ALLOWED_USERS", raising=False)
    secrets = {"auth": {"client_id": "x"}, "bcf": {"allowed_users": ["@council.gov.uk", "@nhs.net"]}}
    for behind in (False, True):  # sign-in configured is on, whatever the flag
        assert serve.gate(secrets, behind, []) == ("Sign-in: on, through your organisation's accounts; 2 allow-list "
                                                   "entries.")
    monkeypatch.setenv("BCF_ALLOWED_USERS", "jo@council.gov.uk")
    assert serve.gate(secrets, False, []).endswith("; 1 allow-list entry.")


def test_gate_refuses_sign_in_with_nobody_allowed(monkeypatch):
    monkeypatch.delenv("BCF_ALLOWED_USERS", raising=False)
    with pytest.raises(UserError) as e:
        serve.gate({"auth": {"client_id": "x"}}, behind_gateway=True, files=[])
    assert e.value.messages[0].startswith("sign-in is configured but nobody is on the allow-list")


def test_streamlit_command_has_the_production_settings(tmp_path):
    cmd = serve.streamlit_command(tmp_path, "10.0.0.5", 8080)
    assert cmd[1:5] == ["-m", "streamlit", "run", str(tmp_path / "app.py")]
    options = dict(zip(cmd[5::2], cmd[6::2], strict=True))
    assert options == {"--server.address": "10.0.0.5", "--server.port": "8080", "--server.headless": "true",
                       "--server.fileWatcherType": "none", "--server.runOnSave": "false",
                       "--browser.gatherUsageStats": "false", "--global.developmentMode": "false",
                       "--logger.level": "info"}


def _parse(argv):
    parser = argparse.ArgumentParser()
    serve.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


def test_options_default_from_the_environment(monkeypatch):
    monkeypatch.delenv("BCF_ADDRESS", raising=False)
    monkeypatch.delenv("BCF_PORT", raising=False)
    args = _parse([])
    assert (args.address, args.port, args.behind_gateway) == ("0.0.0.0", 8501, False)
    monkeypatch.setenv("BCF_ADDRESS", "127.0.0.1")
    monkeypatch.setenv("BCF_PORT", "9000")
    args = _parse(["--behind-gateway"])
    assert (args.address, args.port, args.behind_gateway) == ("127.0.0.1", 9000, True)
    assert _parse(["--port", "8080"]).port == 8080


@pytest.mark.parametrize("value", ["0", "65536", "http", "-1"])
def test_a_port_out_of_range_is_refused(value):
    with pytest.raises(argparse.ArgumentTypeError, match=r"is not a port number \(1 to 65535\)"):
        serve._port(value)


def test_the_app_folder_holds_app_py():
    assert (serve.app_folder() / "app.py").is_file()
    assert (serve.app_folder() / ".streamlit" / "config.toml").is_file()


def test_upgrade_only_makes_the_store_and_stops_without_asking_for_sign_in(tmp_path, monkeypatch, capsys):
    from budget.cli import main

    monkeypatch.delenv("BCF_DATABASE_URL", raising=False)
    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no sign-in settings
    assert main(["serve", "--upgrade-only"]) == 0
    assert capsys.readouterr().out == f"Scenario store: sqlite:///{tmp_path / 'scenarios.sqlite'}, up to date.\n"
    assert (tmp_path / "scenarios.sqlite").is_file()


def test_upgrade_only_says_why_a_store_cannot_be_used(tmp_path, monkeypatch, capsys):
    from budget.cli import main

    (tmp_path / "scenarios.sqlite").write_bytes(b"not a database " * 100)
    monkeypatch.delenv("BCF_DATABASE_URL", raising=False)
    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path))
    assert main(["serve", "--upgrade-only"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"error: the scenario store is not available: the scenario database file "
                                   f"'{tmp_path / 'scenarios.sqlite'}' is damaged or is not a scenario database")
    assert captured.err.count("\n") == 1
