"""A minimal Hugging Face hub on 127.0.0.1 for tests: the calls `indset publish` makes, nothing more.

Speaks: create repo, refs, tree (file listing), validate-yaml, preupload (every file "regular", so content
travels base64 inside the commit: no LFS or Xet), commit (NDJSON), tag. Records every request.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit


@dataclass
class Repo:
    files: dict[str, bytes] = field(default_factory=dict)
    commits: list[dict] = field(default_factory=list)  # {"oid", "summary", "files": {...}}
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def head(self) -> str | None:
        return self.commits[-1]["oid"] if self.commits else None


class FakeHub:
    def __init__(self, token: str | None = None) -> None:
        self.token = token
        self.repos: dict[str, Repo] = {}
        self.requests: list[dict] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _reply(self, status: int, body: object, headers: dict | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                hub.requests.append({"method": method, "path": unquote(url.path), "query": url.query,
                                     "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                if hub.token is not None and self.headers.get("Authorization") != f"Bearer {hub.token}":
                    return self._reply(401, {"error": "Invalid credentials"})
                status, payload, headers = hub.route(method, unquote(url.path), body)
                self._reply(status, payload, headers)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeHub:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def calls(self) -> list[str]:
        return [f"{r['method']} {r['path']}" for r in self.requests]

    # --- routing --------------------------------------------------------------------------------------------
    def route(self, method: str, path: str, body: bytes) -> tuple[int, object, dict | None]:
        if method == "POST" and path == "/api/repos/create":
            req = json.loads(body)
            repo_id = f"{req['organization']}/{req['name']}"
            url = f"{self.url}/datasets/{repo_id}"
            if req.get("type") != "dataset":
                return 400, {"error": "only dataset repos here"}, None
            if repo_id in self.repos:
                return 409, {"error": "You already created this dataset repo", "url": url}, None
            self.repos[repo_id] = Repo()
            return 200, {"url": url, "name": repo_id}, None
        if method == "POST" and path == "/api/validate-yaml":
            return 200, {"errors": [], "warnings": []}, None
        parts = path.split("/")
        # /api/datasets/{org}/{name}/{action}/{rev...}
        if len(parts) < 6 or parts[:3] != ["", "api", "datasets"]:
            return 404, {"error": f"not in the fake hub: {method} {path}"}, None
        repo_id, action, rest = f"{parts[3]}/{parts[4]}", parts[5], "/".join(parts[6:])
        repo = self.repos.get(repo_id)
        if repo is None:
            return 404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"}
        if method == "GET" and action == "refs":
            branches = [{"name": "main", "ref": "refs/heads/main", "targetCommit": repo.head}] if repo.head else []
            tags = [{"name": t, "ref": f"refs/tags/{t}", "targetCommit": oid} for t, oid in repo.tags.items()]
            return 200, {"branches": branches, "converts": [], "tags": tags}, None
        if method == "GET" and action == "tree":
            if repo.head is None:
                return 404, {"error": "Revision not found"}, {"X-Error-Code": "RevisionNotFound"}
            return 200, [{"type": "file", "path": p, "oid": hashlib.sha1(b).hexdigest(), "size": len(b)}
                         for p, b in sorted(repo.files.items())], None
        if method == "POST" and action == "preupload":
            files = json.loads(body)["files"]
            return 200, {"files": [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False}
                                   for f in files]}, None
        if method == "POST" and action == "commit":
            lines = [json.loads(x) for x in body.splitlines() if x.strip()]
            header = next(x["value"] for x in lines if x["key"] == "header")
            files = dict(repo.files)
            for x in lines:
                if x["key"] == "file":
                    files[x["value"]["path"]] = base64.b64decode(x["value"]["content"])
                elif x["key"] == "deletedFile":
                    files.pop(x["value"]["path"])
                elif x["key"] != "header":
                    return 400, {"error": f"fake hub does not take {x['key']}"}, None
            oid = hashlib.sha1(f"{repo.head}{len(repo.commits)}{header['summary']}".encode()).hexdigest()
            repo.files = files
            repo.commits.append({"oid": oid, "summary": header["summary"], "files": dict(files)})
            return 200, {"commitUrl": f"{self.url}/datasets/{repo_id}/commit/{oid}", "commitOid": oid,
                         "success": True}, None
        if method == "POST" and action == "tag":
            tag = json.loads(body)["tag"]
            if tag in repo.tags:
                return 409, {"error": "Tag already exists"}, None
            oid = repo.head if rest in ("main", "") else rest
            if oid not in {c["oid"] for c in repo.commits}:
                return 404, {"error": "Revision not found"}, {"X-Error-Code": "RevisionNotFound"}
            repo.tags[tag] = oid
            return 200, {}, None
        return 404, {"error": f"not in the fake hub: {method} {path}"}, None
