using Gantry.Cgi.Tests.Infrastructure;

namespace Gantry.Cgi.Tests.Exchange;

/// <summary>
/// Local redirects (RFC 3875 §6.2.2: a head that is exactly <c>Location: /path</c>): answered by the server as a GET
/// for that path through the router, the first script's body dropped; a loop of them ends in a 500.
/// </summary>
[Collection(CgiProcessCollection.Name)]
public sealed class CgiExchangeRedirectTests : CgiLoopTest
{
    private const string Target = "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n%s %s %s [%s]' \"$REQUEST_METHOD\" \"$SCRIPT_NAME\" \"$QUERY_STRING\" \"$CONTENT_LENGTH\"\n";

    [Fact]
    public void Exchange_LocalRedirect_TargetAnswersAsGet()
    {
        Tree.Script("cgi/from.cgi", "#!/bin/sh\nprintf 'Location: /cgi/to.cgi?x=1\\r\\n\\r\\nthis body is dropped'\n");
        Tree.Script("cgi/to.cgi", Target);
        StartLoop(withRouter: true);

        var response = Loop.Send(new TestRequest("POST", "/cgi/from.cgi") { Body = "posted"u8.ToArray() });

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("200 OK", response.Status);
        Assert.Equal("GET /cgi/to.cgi x=1 []", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_LocalRedirectToPercentEncodedPath_DecodedBeforeLookup()
    {
        Tree.Script("cgi/from.cgi", "#!/bin/sh\nprintf 'Location: /cgi/t%%6f.cgi\\r\\n\\r\\n'\n");
        Tree.Script("cgi/to.cgi", Target);
        StartLoop(withRouter: true);

        var response = Loop.Send(new TestRequest("GET", "/cgi/from.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("GET /cgi/to.cgi  []", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_LocalRedirectToUnclaimedPath_RoutersNextAnswer()
    {
        Tree.Script("cgi/from.cgi", "#!/bin/sh\nprintf 'Location: /elsewhere\\r\\n\\r\\n'\n");
        StartLoop(withRouter: true);

        var response = Loop.Send(new TestRequest("GET", "/cgi/from.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("404 Not Found", response.Status);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_LocalRedirectLoop_500AfterLimit()
    {
        Tree.Script("cgi/self.cgi", "#!/bin/sh\nprintf 'Location: /cgi/self.cgi\\r\\n\\r\\n'\n");
        StartLoop(withRouter: true);

        var response = Loop.Send(new TestRequest("GET", "/cgi/self.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("500 Internal Server Error", response.Status);
        Assert.Single(Loop.Logger.WithEvent(1207));
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_LocalRedirectWithoutRouter_302ToClient()
    {
        Tree.Script("cgi/from.cgi", "#!/bin/sh\nprintf 'Location: /cgi/to.cgi\\r\\n\\r\\n'\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/from.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("302 Found", response.Status);
        Assert.Equal("/cgi/to.cgi", response.Header("Location"));
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_ClientLeavesDuringRedirectedScript_TargetKilled()
    {
        Tree.Script("cgi/from.cgi", "#!/bin/sh\nprintf 'Location: /cgi/sleeper.cgi\\r\\n\\r\\n'\n");
        Sleeper("cgi/sleeper.cgi");
        StartLoop(withRouter: true);
        var response = Loop.Send(new TestRequest("GET", "/cgi/from.cgi"));
        var (script, child) = WaitForPids();
        Loop.Settle();

        Loop.OnLoop(response.ClientLeaves);

        Assert.Equal(TestOutcome.Aborted, response.Wait());
        ProcessState.WaitUntilGone(script, "the redirect's target script");
        ProcessState.WaitUntilGone(child, "its background child");
        Loop.AssertNothingLeft();
    }
}
