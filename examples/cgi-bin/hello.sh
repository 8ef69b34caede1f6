#!/bin/sh
# A CGI script (RFC 3875): the head, a blank line, the body. Serve it with
#   ./gantry --http :9090 --cgi /cgi-bin=examples/cgi-bin
# and ask for http://localhost:9090/cgi-bin/hello.sh
echo "Content-Type: text/plain"
echo
echo "Hello from $SCRIPT_NAME (${REQUEST_METHOD} ${PATH_INFO:-/}${QUERY_STRING:+?$QUERY_STRING})"
