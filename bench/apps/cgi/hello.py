#!/usr/bin/python3
# CGI hello (RFC 3875): a header, a blank line, the body.
print("Content-Type: text/plain")
print()
print("Hello, World!")
