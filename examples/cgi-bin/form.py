#!/usr/bin/python3
"""A CGI script in Python: echoes the query and the posted body (CONTENT_LENGTH bytes of stdin)."""
import os
import sys

length = int(os.environ.get("CONTENT_LENGTH") or 0)
body = sys.stdin.buffer.read(length) if length else b""
sys.stdout.write("Content-Type: text/plain\r\n\r\n")
sys.stdout.write(f"query: {os.environ.get('QUERY_STRING', '')}\n")
sys.stdout.write(f"body: {body.decode('utf-8', 'replace')}\n")
