#!/usr/bin/env python3
"""A shim for the shim client's own tests: echo, error, hang, garbage, crash.

ECHO_VERSION (set by ShimPlacementTest's placement) replaces the version it describes.
"""
import json
import os
import sys
import time

for line in sys.stdin:
    request = json.loads(line)
    rid, op, args = request["id"], request["op"], request.get("args", {})
    print("got " + op, file=sys.stderr, flush=True)
    if op == "describe":
        reply = {"id": rid, "ok": {"name": "echo", "version": os.environ.get("ECHO_VERSION", "9.9"), "capabilities": ["echo"]}}
    elif op == "echo":
        reply = {"id": rid, "ok": args}
    elif op == "fail":
        reply = {"id": rid, "error": {"kind": "rejected", "message": "no thanks"}}
    elif op == "hang":
        time.sleep(60)
        continue
    elif op == "garbage":
        print("this is not json", flush=True)
        continue
    elif op == "crash":
        sys.exit(3)
    elif op == "close":
        print(json.dumps({"id": rid, "ok": {}}), flush=True)
        break
    else:
        reply = {"id": rid, "error": {"kind": "unimplemented", "message": op}}
    print(json.dumps(reply), flush=True)
