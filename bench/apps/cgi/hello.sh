#!/bin/sh
# CGI hello (RFC 3875): a header, a blank line, the body.
echo "Content-Type: text/plain"
echo
echo "Hello, World!"
