using Gantry.Cgi.Tests.Infrastructure;
using Gantry.Configuration;

namespace Gantry.Cgi.Tests.Exchange;

/// <summary>
/// Scripts run end to end on a real loop: the head (RFC 3875 §6) and body reach the sink, NPH scripts' status lines
/// too, a refused head is a 502, the script's environment, arguments, working directory and descriptors are as
/// uWSGI gives them, stderr is logged per line with the script's name. Every test ends with every script reaped and
/// no descriptor left open.
/// </summary>
[Collection(CgiProcessCollection.Name)]
public sealed class CgiExchangeResponseTests : CgiLoopTest
{
    [Fact]
    public void Exchange_HelloScript_StatusHeadersBodyCompleted()
    {
        Tree.Script("cgi/hello.cgi", "#!/bin/sh\nprintf 'Status: 201 Created\\r\\nContent-Type: text/plain\\r\\nX-Script: hello\\r\\nConnection: keep-alive\\r\\n\\r\\nhello, world'\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/hello.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("201 Created", response.Status);
        Assert.Equal("text/plain", response.Header("Content-Type"));
        Assert.Equal("hello", response.Header("X-Script"));
        // Connection-level fields are the front's to write.
        Assert.Null(response.Header("Connection"));
        Assert.Equal("hello, world", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_NoStatusField_200Ok()
    {
        Tree.Script("cgi/plain.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nbody\\n'\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/plain.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("200 OK", response.Status);
        Assert.Equal("body\n", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_NphScript_StatusLineAndFieldsPassedOn()
    {
        Tree.Script("cgi/nph-hello.cgi", "#!/bin/sh\nprintf 'HTTP/1.1 202 Accepted\\r\\nContent-Type: text/plain\\r\\nX-Nph: yes\\r\\n\\r\\nnph body'\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/nph-hello.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("202 Accepted", response.Status);
        Assert.Equal("yes", response.Header("X-Nph"));
        Assert.Equal("nph body", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_NphScriptWithoutFields_StatusAndBody()
    {
        Tree.Script("cgi/nph-bare.cgi", "#!/bin/sh\nprintf 'HTTP/1.0 204\\r\\n\\r\\n'\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/nph-bare.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("204 No Content", response.Status);
        Assert.Empty(response.Headers);
        Loop.AssertNothingLeft();
    }

    [Theory]
    [InlineData("this is not a header\\n\\nbody")]
    [InlineData("")]
    [InlineData("Content-Type: text/plain\\n")]
    [InlineData("HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nnot nph")]
    [InlineData("\\x01\\x02binary")]
    public void Exchange_InvalidHead_502AndLogged(string output)
    {
        Tree.Script("cgi/bad.cgi", $"#!/bin/sh\nprintf '{output}'\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/bad.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("502 Bad Gateway", response.Status);
        Assert.Equal("Bad Gateway", response.Text);
        var logged = Assert.Single(Loop.Logger.WithEvent(1202));
        Assert.Equal(Tree["cgi/bad.cgi"], logged["Script"]);
        Loop.AssertNothingLeft();
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(1000)]
    [InlineData(4096)]
    public void Exchange_HeadLongerThanBufferSize_502(int bufferSize)
    {
        // The head must fit in cgi-buffer-size (the pool may hand out a larger buffer than asked for: 1000 → 1024).
        Tree.Script("cgi/long-head.cgi", $"#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\nX-Long: %s\\r\\n\\r\\nbody' \"$(head -c {bufferSize * 2} /dev/zero | tr '\\0' a)\"\n");
        StartLoop(BaseOptions with { BufferSize = bufferSize });

        var response = Loop.Send(new TestRequest("GET", "/cgi/long-head.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("502 Bad Gateway", response.Status);
        Assert.Contains("within the head limit", Assert.Single(Loop.Logger.WithEvent(1202))["Reason"]);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_HeadFillingBufferExactlyThenBody_Passed()
    {
        // Head and body together exceed the buffer: the head is parsed from the first full buffer, the rest follows.
        Tree.Script("cgi/fill.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\nhead -c 5000 /dev/zero | tr '\\0' b\n");
        StartLoop(BaseOptions with { BufferSize = 1024 });

        var response = Loop.Send(new TestRequest("GET", "/cgi/fill.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal(new string('b', 5000), response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_HeadOnlyThenEnd_CompletedWithEmptyBody()
    {
        Tree.Script("cgi/head-only.cgi", "#!/bin/sh\nprintf 'Status: 204 No Content\\r\\n\\r\\n'\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/head-only.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("204 No Content", response.Status);
        Assert.Empty(response.Body);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_InvalidHeadThenScriptKeepsRunning_GroupKilled()
    {
        Tree.Script("cgi/bad-sleeper.cgi", $"""
            #!/bin/sh
            sleep 1000 &
            echo "$$ $!" > "{Tree["pids.tmp"]}"
            mv "{Tree["pids.tmp"]}" "{Tree["pids"]}"
            printf 'no colon here\n\n'
            wait
            """);
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/bad-sleeper.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("502 Bad Gateway", response.Status);
        var (script, child) = WaitForPids();
        ProcessState.WaitUntilGone(script, "the script");
        ProcessState.WaitUntilGone(child, "the script's child");
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_EnvironmentScript_SeesCgiVariablesArgumentsAndItsDirectory()
    {
        Tree.Script("cgi/sub/env.cgi", """
            #!/bin/sh
            printf 'Content-Type: text/plain\r\n\r\n'
            for name in REQUEST_METHOD SCRIPT_NAME SCRIPT_FILENAME PATH_INFO PATH_TRANSLATED QUERY_STRING DOCUMENT_ROOT GATEWAY_INTERFACE SERVER_SOFTWARE REDIRECT_STATUS HTTP_X_TEST; do
              eval "value=\${$name}"
              printf '%s=%s\n' "$name" "$value"
            done
            printf 'PWD=%s\n' "$(pwd)"
            for word in "$@"; do printf 'ARG=%s\n' "$word"; done
            """);
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/sub/env.cgi/extra/path", "one+two%2B+%3Bls") { Variables = [("HTTP_X_TEST", "header value")] });

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal(
            $"""
            REQUEST_METHOD=GET
            SCRIPT_NAME=/cgi/sub/env.cgi
            SCRIPT_FILENAME={Tree["cgi/sub/env.cgi"]}
            PATH_INFO=/extra/path
            PATH_TRANSLATED={Tree["cgi"]}/extra/path
            QUERY_STRING=one+two%2B+%3Bls
            DOCUMENT_ROOT={Tree["cgi"]}
            GATEWAY_INTERFACE=CGI/1.1
            SERVER_SOFTWARE=gantry/test
            REDIRECT_STATUS=200
            HTTP_X_TEST=header value
            PWD={Tree["cgi/sub"]}
            ARG=one
            ARG=two+
            ARG=;ls

            """,
            response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_IndexedQueryWithLatin1Byte_ArgumentKeepsTheByte()
    {
        // A fixed bug: CgiArguments decodes each word to a .NET string with UTF-8, so a byte that is not UTF-8 (%E9,
        // latin-1 "é", as an old ISINDEX form sends it) reaches argv as EF BF BD. uWSGI passes the decoded bytes.
        Tree.Script("cgi/arg.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\nprintf '%s' \"$1\" | od -An -tx1\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/arg.cgi", "caf%E9"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("63 61 66 e9", response.Text.Trim());
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_Script_GetsOnlyDescriptorsZeroOneTwo()
    {
        // ls opens the directory it lists as 3; nothing else of the server's (its epoll, the other scripts' pipes).
        Tree.Script("cgi/fds.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\nexec ls /proc/self/fd\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/fds.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("0\n1\n2\n3\n", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_Stderr_LoggedPerLineWithScriptName()
    {
        Tree.Script("cgi/stderr.cgi", """
            #!/bin/sh
            echo first >&2
            printf 'second\r\n' >&2
            printf 'Content-Type: text/plain\r\n\r\nok'
            printf 'no newline at the end' >&2
            """);
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/stderr.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("ok", response.Text);
        Loop.WaitForReaped();
        var lines = Loop.Logger.WithEvent(1200);
        Assert.Equal(["first", "second", "no newline at the end"], lines.Select(line => line["Line"]));
        Assert.All(lines, line => Assert.Equal(Tree["cgi/stderr.cgi"], line["Script"]));
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_HelperForSuffix_RunsScriptWithoutExecuteBit()
    {
        Tree.PlainFile("cgi/page.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\nrun by %s with %s' \"$0\" \"$1\"\n");
        StartLoop(BaseOptions with { Helpers = [new CgiHelper(".sh", "sh")] });

        var response = Loop.Send(new TestRequest("GET", "/cgi/page.sh", "word"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal($"run by {Tree["cgi/page.sh"]} with word", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_HelperMissing_502AndLogged()
    {
        Tree.PlainFile("cgi/page.nope", "irrelevant\n");
        StartLoop(BaseOptions with { Helpers = [new CgiHelper(".nope", "no-such-interpreter-for-gantry-tests")] });

        var response = Loop.Send(new TestRequest("GET", "/cgi/page.nope"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("502 Bad Gateway", response.Status);
        Assert.Equal(Tree["cgi/page.nope"], Assert.Single(Loop.Logger.WithEvent(1201))["Script"]);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_MountNamingOneScript_RunsItWithPathInfo()
    {
        Tree.Script("app.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n%s|%s' \"$SCRIPT_NAME\" \"$PATH_INFO\"\n");
        StartLoop(new CgiOptions { Mounts = [new CgiMount("/app", Tree["app.cgi"], IsScript: true)] });

        var response = Loop.Send(new TestRequest("GET", "/app/some/where"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("/app|/some/where", response.Text);
        Loop.AssertNothingLeft();
    }

    [Theory]
    [InlineData("/cgi/missing.cgi", "404 Not Found", "Not Found")]
    [InlineData("/cgi/noexec.cgi", "403 Forbidden", "Forbidden")]
    [InlineData("/cgi/out.cgi", "403 Forbidden", "Forbidden")]
    [InlineData("/cgi/../hello.cgi", "403 Forbidden", "Forbidden")]
    public void Exchange_ResolverRefuses_ErrorAnsweredWithoutProcess(string path, string status, string body)
    {
        Tree.PlainFile("cgi/noexec.cgi");
        Tree.Script("outside.cgi");
        Tree.Symlink("cgi/out.cgi", "../outside.cgi");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", path));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal(status, response.Status);
        Assert.Equal(body, response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_EscapingSymlink_LoggedAsSecurityError()
    {
        Tree.Script("outside.cgi");
        Tree.Symlink("cgi/out.cgi", "../outside.cgi");
        StartLoop();

        Assert.Equal(TestOutcome.Completed, Loop.Send(new TestRequest("GET", "/cgi/out.cgi")).Wait());

        var logged = Assert.Single(Loop.Logger.WithEvent(1204));
        Assert.Equal(Tree["outside.cgi"], logged["Path"]);
        Assert.Equal(Tree["cgi"], logged["Root"]);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_DirectoryWithoutSlash_301WithSlashAndQuery()
    {
        Tree.Directory("cgi/sub");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/sub", "a=1&b=2"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("301 Moved Permanently", response.Status);
        Assert.Equal("/cgi/sub/?a=1&b=2", response.Header("Location"));
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_PathOutsideEveryMount_NotClaimed()
    {
        StartLoop();

        Assert.Equal(TestOutcome.NotClaimed, Loop.Send(new TestRequest("GET", "/static/x.css")).Wait());
        Loop.AssertNothingLeft();
    }
}
