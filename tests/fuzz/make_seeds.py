#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the libFuzzer seed corpus under tests/fuzz/corpus/<target>/.

Seeds are small and valid (or deliberately near-valid) so that mutation starts from inputs that
reach deep into the readers. Run from anywhere: python3 tests/fuzz/make_seeds.py
"""
import base64
import json
import os
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(d, name), mode) as f:
        f.write(data)


def resp(status, body, **extra):
    r = {"status": status, "headers": {"Content-Type": ["application/json"]}, "body": body, "latency_ms": 12.5}
    r.update(extra)
    return r


def record(i, primary, candidate, **extra):
    rec = {"id": f"c-{i:06d}", "ts": "2026-11-20T10:00:00.123Z",
           "request": {"method": "GET", "url": f"/users/{i}?verbose=true",
                       "headers": {"Accept": ["application/json"]}, "body": ""},
           "primary": primary, "candidate": candidate}
    rec.update(extra)
    return rec


RECORDS = [
    record(1, resp(200, '{"id":"1","name":"Alice"}'), resp(200, '{"id":"1","name":"alice"}'),
           tags={"tenant": "acme"}),
    record(2, resp(200, '{"items":[{"sku":"A","price":10},{"sku":"B","price":2.5}]}'),
           resp(200, '{"items":[{"sku":"B","price":2.5},{"sku":"A","price":10.0}]}'),
           endpoint="GET /users/{id}", weight=100),
    record(3, resp(201, ""), {"error": "timeout", "latency_ms": 3000}),
    record(4, resp(200, "plain text\nline two\n"),
           {"status": 200, "headers": {"Content-Type": "text/plain"},
            "body_base64": base64.b64encode(b"plain text\nline 2\n").decode()}),
    record(5, resp(200, '{"v":1}', state={"before": {"row_version": 7}, "after": {"row_version": 8}}),
           resp(200, '{"v":2}', state={"before": {"row_version": 6}, "after": {"row_version": 8}}),
           secondary=resp(200, '{"v":1}')),
]
ALIASES = {"python_response": RECORDS[0]["primary"], "go_response": RECORDS[0]["candidate"]}


def jsonl_seeds():
    for i, r in enumerate(RECORDS):
        put("jsonl_record", f"record-{i + 1}.jsonl", json.dumps(r, separators=(",", ":")))
    alias = {k: v for k, v in RECORDS[0].items() if k not in ("primary", "candidate")}
    alias.update(ALIASES)
    put("jsonl_record", "aliases.jsonl", json.dumps(alias))
    lines = [json.dumps(r) for r in RECORDS]
    put("jsonl_record", "file-with-bad-lines.jsonl",
        lines[0] + "\n\n" + '{"id":"x","ts":"bad"}\n' + "not json\n" + lines[1] + "\r\n" + lines[2][:40])
    put("jsonl_record", "missing-candidate.jsonl", json.dumps({k: v for k, v in RECORDS[0].items() if k != "candidate"}))
    put("jsonl_record", "bom-and-nul.jsonl", b"\xef\xbb\xbf" + lines[0].encode() + b"\n\x00\n" + lines[3].encode())


def compare_seeds():
    pairs = [
        ('{"id":"123","name":"Alice","tags":["a","b"]}', '{"name":"alice","id":"123","tags":["b","a"]}'),
        ('{"n":10,"f":1e2,"s":"10"}', '{"n":10.0,"f":100,"s":10}'),
        ('[{"sku":"A","q":1},{"sku":"B","q":2},{"sku":"C","q":3}]', '[{"sku":"A","q":1},{"sku":"C","q":3}]'),
        ('{"a":{"b":{"c":[1,2,{"d":null}]}},"~/x":true}', '{"a":{"b":{"c":[1,2,{"d":false}]}},"~/x":true,"e":{}}'),
        ("<html><body>hello</body></html>\n", "<html><body>Hello</body></html>\n"),
        ("line one\nline two\nline three\n", "line one\nline 2\nline three\nline four\n"),
        ("", '{"empty":"primary"}'),
        ('{"big":123456789012345678901234567890,"tiny":1e-400,"u":"\\u00e9\\ud83d\\ude00"}',
         '{"big":123456789012345678901234567891,"tiny":0,"u":"é😀"}'),
    ]
    for i, (a, b) in enumerate(pairs):
        put("compare", f"pair-{i + 1}", a + "\n--\n" + b)
    put("compare", "binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\n--\n" + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDX")


COLUMNS = """id TEXT PRIMARY KEY, ts TEXT NOT NULL, endpoint TEXT,
  req_method TEXT NOT NULL, req_url TEXT NOT NULL, req_headers TEXT, req_body BLOB,
  primary_status INTEGER, primary_headers TEXT, primary_body BLOB, primary_latency_ms REAL, primary_error TEXT,
  candidate_status INTEGER, candidate_headers TEXT, candidate_body BLOB, candidate_latency_ms REAL, candidate_error TEXT,
  secondary_status INTEGER, secondary_headers TEXT, secondary_body BLOB, secondary_latency_ms REAL, secondary_error TEXT,
  primary_state TEXT, candidate_state TEXT, secondary_state TEXT,
  tags TEXT, weight REAL"""


def sqlite_db(name, rows, user_version=1, create=None):
    path = os.path.join(CORPUS, "sqlite", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size=512")
    db.execute(create or f"CREATE TABLE comparisons ({COLUMNS})")
    db.execute(f"PRAGMA user_version={user_version}")
    for r in rows:
        db.execute("INSERT INTO comparisons VALUES (" + ",".join("?" * 27) + ")", r)
    db.commit()
    db.execute("VACUUM")
    db.close()


def row(rec):
    def side(s):
        if not s:
            return [None] * 5
        body = s.get("body")
        if body is None and "body_base64" in s:
            body = base64.b64decode(s["body_base64"])
        hdr = s.get("headers")
        return [s.get("status"), json.dumps(hdr) if hdr is not None else None,
                body.encode() if isinstance(body, str) else body, s.get("latency_ms"), s.get("error")]
    st = lambda s: json.dumps(s["state"]) if s and "state" in s else None
    rq = rec["request"]
    return ([rec["id"], rec["ts"], rec.get("endpoint"), rq["method"], rq["url"], json.dumps(rq["headers"]),
             rq["body"].encode()] + side(rec["primary"]) + side(rec["candidate"]) + side(rec.get("secondary"))
            + [st(rec["primary"]), st(rec["candidate"]), st(rec.get("secondary")),
               json.dumps(rec.get("tags")) if "tags" in rec else None, rec.get("weight")])


def sqlite_seeds():
    rows = [row(r) for r in RECORDS]
    sqlite_db("store-v1.sqlite", rows)
    sqlite_db("store-one-row.sqlite", rows[:1])
    sqlite_db("store-newer-version.sqlite", rows[:2], user_version=2)
    sqlite_db("wrong-schema.sqlite", [], create="CREATE TABLE comparisons (id TEXT, body TEXT)")


def rules_seeds():
    meta = {"reason": "accepted in review", "remove_when": "when the migration ships", "author": "fuzz",
            "created": "2026-11-20", "ticket": "PAY-123", "sample_ids": ["c-000001"]}
    rules = [
        dict(kind="ignore_path", scope={"method": "GET", "endpoints": ["/users/*"]}, path="/**/generated_at", **meta),
        dict(kind="numeric_tolerance", scope="*", path="/price", absolute=0.05, relative=0.01, **meta),
        dict(kind="unordered_array", scope={"endpoints": ["/orders/**"]}, path="/items", key="sku", **meta),
        dict(kind="unordered_array", scope="*", path="/nested/a/b", **meta),
        dict(kind="normalize_value", scope="*", path="/uuid",
             pattern="[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", replacement="<uuid>", **meta),
        dict(kind="normalize_value", scope="*", path="/ts", pattern="\\.[0-9]+Z$", replacement="Z",
             expires="2027-01-31", title="drop millis", reason="precision", enabled=True),
        dict(kind="ignore_header", scope="*", header="x-trace-*", **meta),
        dict(kind="ignore_header", scope="*", header="etag", presence_only=True, **meta),
        dict(kind="status_equivalence", scope={"method": "POST", "endpoints": ["/users"]}, primary=201, candidate=200, **meta),
        dict(kind="text_normalization", scope="*", trim=True, case_fold=True, collapse_whitespace=True, **meta),
    ]
    put("rules_config", "all-kinds.json", json.dumps({"version": 1, "rules": rules}, indent=2))
    for i, r in enumerate(rules):
        put("rules_config", f"rule-{i + 1}.json", json.dumps({"version": 1, "rules": [dict(r, id=f"r-seed{i:04d}")]}))
    put("rules_config", "empty.json", '{"version": 1, "rules": []}')
    put("rules_config", "newer-version.json", '{"version": 2, "rules": []}')
    put("rules_config", "errors.json", json.dumps({"version": 1, "rules": [
        {"kind": "ignore_path", "scope": "*", "path": "no-slash", "reason": ""},
        {"kind": "nope", "scope": {"endpoints": ["bad glob"]}},
        {"kind": "normalize_value", "scope": "*", "path": "/x", "pattern": "(a*)*", "reason": "r", "remove_when": "w"}]}))


if __name__ == "__main__":
    rules_seeds()
    jsonl_seeds()
    compare_seeds()
    sqlite_seeds()
