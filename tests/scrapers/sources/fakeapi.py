"""Loopback stand-ins for the people-search APIs, answering in their documented shapes (tests, benchmarks)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapers.localserver import LocalServer, Reply


def json_reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    """A JSON answer (a str body is sent as it is: malformed on purpose)."""
    return Reply(json.dumps(data) if not isinstance(data, str) else data, status=status,
                 content_type="application/json; charset=utf-8", headers=headers or {})


class FakeGitHub:
    """GitHub's REST API for one organisation: public_members paged by a Link header, users/{login}, and
    X-RateLimit-* headers counting down from `limit`; past it 403 with Remaining 0, as GitHub answers."""

    def __init__(self, data: dict[str, Any], *, limit: int = 60, per_page: int | None = None,
                 status: int | None = None, members_body: str | None = None) -> None:
        self.data, self.limit, self.per_page = data, limit, per_page
        self.status, self.members_body = status, members_body
        self.used = 0
        self.server = LocalServer()
        self.server.routes[f"/orgs/{data['org']}/public_members"] = self.members
        for login in data["users"]:
            self.server.routes[f"/users/{login}"] = lambda handler, login=login: self.answer(self.data["users"][login])

    def headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(max(0, self.limit - self.used)),
                "X-RateLimit-Reset": "1796400000", "X-RateLimit-Used": str(self.used)}

    def answer(self, data: Any) -> Reply:
        if self.used >= self.limit:
            return json_reply({"message": "API rate limit exceeded for 127.0.0.1.",
                          "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"},
                         403, self.headers())
        self.used += 1
        return json_reply(data, headers=self.headers())

    def members(self, handler) -> Reply:  # noqa: ANN001 - the stdlib handler
        if self.status:
            return json_reply({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}, self.status)
        if self.members_body is not None:
            return Reply(self.members_body, content_type="application/json; charset=utf-8")
        query = parse_qs(urlsplit(handler.path).query)
        per_page = self.per_page or int(query.get("per_page", ["30"])[0])
        page = int(query.get("page", ["1"])[0])
        members = self.data["public_members"]
        reply = self.answer(members[(page - 1) * per_page: page * per_page])
        if page * per_page < len(members) and reply.status == 200:
            base = f"{self.server.base_url}/orgs/{self.data['org']}/public_members?per_page={per_page}"
            reply.headers["Link"] = f'<{base}&page={page + 1}>; rel="next", <{base}&page=9>; rel="last"'
        return reply


def github_for(folder: Path) -> FakeGitHub | None:
    """The organisation a generated company publishes in <folder>/github.json, or None when it has none."""
    data_file = folder / "github.json"
    return FakeGitHub(json.loads(data_file.read_text(encoding="utf-8"))) if data_file.is_file() else None
