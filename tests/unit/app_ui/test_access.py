import pytest

from app_ui.access import allow_list, allowed, sign_in_enabled


@pytest.mark.parametrize("email,ok", [
    ("jo@council.gov.uk", True), ("JO@Council.GOV.uk", True), ("sam@nhs.net", True), ("sam@evil-nhs.net", False),
    ("named@partner.org", True), ("other@partner.org", False), (None, False), ("not-an-address", False),
])
def test_allow_list(email, ok):
    assert allowed(email, ["@council.gov.uk", "@nhs.net", "named@partner.org"]) is ok


def test_empty_allow_list_lets_nobody_in():
    assert not allowed("jo@council.gov.uk", [])


def test_rules_from_environment_then_secrets(monkeypatch):
    monkeypatch.setenv("BCF_ALLOWED_USERS", "@a.org, b@c.org")
    assert [r.strip() for r in allow_list({})] == ["@a.org", "b@c.org"]
    monkeypatch.delenv("BCF_ALLOWED_USERS")
    assert allow_list({"bcf": {"allowed_users": ["@x.org"]}}) == ["@x.org"]


def test_sign_in_is_off_without_auth_settings():
    assert not sign_in_enabled({})
    assert sign_in_enabled({"auth": {"client_id": "x"}})


def test_the_sign_in_library_is_installed():
    """st.login refuses to work without Authlib 1.3.2 or later; it is one of the project's dependencies."""
    from importlib.metadata import version

    major, minor, patch = (int(x) for x in version("authlib").split(".")[:3])
    assert (major, minor, patch) >= (1, 3, 2)
