namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// The text of every script <see cref="CgiSite"/> writes. <c>MARKERS</c> is replaced by the site's markers folder,
/// where scripts leave files the tests look for (a script that ran outside the directory, a handshake, pids).
/// </summary>
internal static class CgiScripts
{
    public const string Hello = """
        #!/bin/sh
        printf 'Content-Type: text/plain\r\n\r\nhello\n'
        """;

    /// <summary>
    /// Every CGI meta-variable of RFC 3875 §4.1, the ones uWSGI adds (REMOTE_PORT, SCRIPT_FILENAME, DOCUMENT_ROOT,
    /// REQUEST_URI) and every HTTP_* one, a line each ("NAME=value" or "NAME unset"), then the working directory and
    /// the arguments. Nothing else of the server's environment.
    /// </summary>
    public const string EnvironmentDump = """
        #!/usr/bin/python3
        import os, sys
        names = ["AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "GATEWAY_INTERFACE", "PATH_INFO", "PATH_TRANSLATED",
                 "QUERY_STRING", "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_IDENT", "REMOTE_USER", "REMOTE_PORT", "REQUEST_METHOD",
                 "SCRIPT_NAME", "SCRIPT_FILENAME", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "SERVER_SOFTWARE",
                 "DOCUMENT_ROOT", "REQUEST_URI"]
        names += sorted(name for name in os.environ if name.startswith("HTTP_"))
        lines = [f"{name}={os.environ[name]}" if name in os.environ else f"{name} unset" for name in names]
        lines += ["cwd=" + os.getcwd(), "argv=" + "|".join(sys.argv[1:])]
        sys.stdout.write("Content-Type: text/plain\r\n\r\n" + "\n".join(lines) + "\n")
        """;

    /// <summary>Reads exactly CONTENT_LENGTH bytes of stdin and sends them back, with their count in X-Received.</summary>
    public const string PostEcho = """
        #!/usr/bin/python3
        import os, sys
        length = int(os.environ.get("CONTENT_LENGTH") or 0)
        data = sys.stdin.buffer.read(length)
        head = "Content-Type: application/octet-stream\r\nX-Received: %d\r\n\r\n" % len(data)
        sys.stdout.buffer.write(head.encode() + data)
        """;

    /// <summary>Not executable: with <c>--cgi-helper .py=python3</c> it runs, without it it is refused.</summary>
    public const string PlainPython = """
        import sys
        sys.stdout.write("Content-Type: text/plain\r\n\r\nrun by the helper\n")
        """;

    public const string NotFoundStatus = """
        #!/bin/sh
        printf 'Status: 404 Not Here\r\nContent-Type: text/plain\r\n\r\nnope\n'
        """;

    /// <summary>RFC 3875 §6.2.3: an absolute Location is a client redirect (302).</summary>
    public const string ClientRedirect = """
        #!/bin/sh
        printf 'Location: http://example.test/elsewhere\r\n\r\n'
        """;

    /// <summary>RFC 3875 §6.2.2: a Location path and nothing else is a local redirect, served by the server itself.</summary>
    public const string LocalRedirect = """
        #!/bin/sh
        printf 'Location: /cgi-bin/hello.cgi\r\n\r\n'
        """;

    /// <summary>RFC 3875 §5: an nph- script writes the whole HTTP response, status line included.</summary>
    public const string NonParsedHeader = """
        #!/bin/sh
        printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nnph body\n'
        """;

    /// <summary>A body before any head: no CGI response at all.</summary>
    public const string Garbage = """
        #!/bin/sh
        echo 'this is not a header'
        """;

    public const string Stderr = """
        #!/bin/sh
        echo 'a line for the log' >&2
        printf 'Content-Type: text/plain\r\n\r\nhello\n'
        """;

    public const string Index = """
        #!/bin/sh
        printf 'Content-Type: text/plain\r\n\r\nindex SCRIPT_NAME=%s PATH_INFO=%s\n' "$SCRIPT_NAME" "${PATH_INFO-unset}"
        """;

    /// <summary>Outside the CGI directory: if it ever runs, it leaves ran-PID in the markers folder.</summary>
    public const string Outside = """
        #!/bin/sh
        : > MARKERS/ran-$$
        printf 'Content-Type: text/plain\r\n\r\nescaped\n'
        """;

    /// <summary>
    /// Two blocks. With <c>?id=X</c> the second waits for the client's MARKERS/go-X (at most 20 s) and is preceded by
    /// MARKERS/second-X, so a client that holds the first block while second-X is absent has proved it arrived before
    /// the script wrote the second; without a query the blocks are 1 s apart.
    /// </summary>
    public const string Streaming = """
        #!/bin/sh
        printf 'Content-Type: text/plain\r\n\r\nfirst\n'
        case "$QUERY_STRING" in
          id=*)
            id=${QUERY_STRING#id=}
            i=0
            while [ ! -e "MARKERS/go-$id" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
            : > "MARKERS/second-$id" ;;
          *) sleep 1 ;;
        esac
        printf 'second\n'
        """;

    /// <summary>
    /// A head and a first line, a pause (so the first line has usually left), then the script is killed (by itself, as the OOM killer or a crash would): with
    /// <c>?exit</c> it ends normally with status 3 instead, having written all it meant to.
    /// </summary>
    public const string Dies = """
        #!/bin/sh
        printf 'Content-Type: text/plain\r\n\r\nfirst\n'
        if [ "$QUERY_STRING" = exit ]; then exit 3; fi
        sleep 0.2
        kill -9 $$
        """;

    public const string SleepOneSecond = """
        #!/bin/sh
        sleep 1
        printf 'Content-Type: text/plain\r\n\r\nslept\n'
        """;

    /// <summary>
    /// Forks a grandchild (same process group), writes "SCRIPT_PID GRANDCHILD_PID GRANDCHILD_PGRP" to MARKERS/hang-X when
    /// asked with <c>?id=X</c>, and waits for it: no output ever, so only cgi-timeout ends it.
    /// </summary>
    public const string Hang = """
        #!/bin/sh
        sleep 300 &
        case "$QUERY_STRING" in
          id=*)
            id=${QUERY_STRING#id=}
            echo "$$ $! $(cut -d' ' -f5 /proc/$!/stat)" > "MARKERS/hang-$id.tmp"
            mv "MARKERS/hang-$id.tmp" "MARKERS/hang-$id" ;;
        esac
        wait
        """;

    /// <summary>A head, then output without end: only a client that leaves (or a kill) stops it.</summary>
    public const string Endless = """
        #!/bin/sh
        printf 'Content-Type: text/plain\r\n\r\n'
        exec yes 'endless output line'
        """;

    /// <summary>2 MB of body, more than any buffer on the way holds.</summary>
    public const string Large = """
        #!/bin/sh
        printf 'Content-Type: application/octet-stream\r\n\r\n'
        head -c 2000000 /dev/zero | tr '\0' 'x'
        """;

    /// <summary>RFC 3875 §6.3.3: a head without Content-Type (no body follows a 204).</summary>
    public const string NoContent = """
        #!/bin/sh
        printf 'Status: 204 No Content\r\n\r\n'
        """;
}
