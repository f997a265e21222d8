"""Driving the app in-process: Starlette's test client and signing in as a demo user."""

from __future__ import annotations

import warnings

from starlette.exceptions import StarletteDeprecationWarning

from chuhai.services.demo_data import DemoLoad

with warnings.catch_warnings():
    # Starlette nudges towards httpx2; the httpx it still supports is what we install.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

__all__ = ["TestClient", "demo_login", "sign_in"]


def demo_login(demo: DemoLoad, role: str) -> tuple[str, str]:
    login = next(item for item in demo.logins if item.role.value == role)
    return login.email, login.password


def sign_in(client: TestClient, demo: DemoLoad, role: str) -> str:
    """Sign ``client`` in as the demo user of ``role``; the CSRF token for writes."""
    email, password = demo_login(demo, role)
    response = client.post("/api/session", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token
