"""Optional sign-in: off unless OIDC settings are present in .streamlit/secrets.toml ([auth]).

When on, every page needs a signed-in user whose e-mail address is on the allow-list: exact
addresses or whole domains ('@council.gov.uk'), from BCF_ALLOWED_USERS (comma-separated) or
[bcf] allowed_users in the secrets. Configuring Microsoft Entra ID is described in docs/sign-in.md.
"""

from __future__ import annotations

import os


def allowed(email: str | None, rules: list[str]) -> bool:
    """True when the address matches an exact entry or an '@domain' entry (case-insensitive).

    An empty allow-list lets nobody in, so a misconfiguration fails closed.
    """
    if not email or "@" not in email:
        return False
    email = email.strip().lower()
    domain = "@" + email.rsplit("@", 1)[1]
    for rule in (r.strip().lower() for r in rules):
        if rule and (rule == email or (rule.startswith("@") and rule == domain)):
            return True
    return False


def allow_list(secrets) -> list[str]:
    """The allow-list: BCF_ALLOWED_USERS when set, else [bcf] allowed_users in the secrets."""
    env = os.environ.get("BCF_ALLOWED_USERS", "")
    if env.strip():
        return [x for x in env.split(",") if x.strip()]
    try:
        value = secrets.get("bcf", {}).get("allowed_users", [])
    except Exception:
        value = []
    return list(value) if isinstance(value, (list, tuple)) else [x for x in str(value).split(",") if x.strip()]


def sign_in_enabled(secrets) -> bool:
    """True when the secrets hold an [auth] section, which turns sign-in on; False without a secrets file."""
    try:
        return "auth" in secrets
    except Exception:  # no secrets file at all
        return False


def guard() -> str | None:
    """Stop the page unless the user may enter; returns their e-mail address when sign-in is on."""
    import streamlit as st

    if not sign_in_enabled(st.secrets):
        return None
    if not st.user.get("is_logged_in", False):
        st.title("BCF Planner")
        st.write("Sign in with your organisation's account to use BCF Planner.")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    from app_ui.markdown import md

    email = st.user.get("email")
    if not allowed(email, allow_list(st.secrets)):
        st.title("BCF Planner")
        st.error(
            f"{md(email) if email else 'This account'} is not on the list of people who may use this BCF Planner. Ask "
            "your BCF lead to add your address, then sign in again."
        )
        st.button("Sign out", on_click=st.logout)
        st.stop()
    return email
