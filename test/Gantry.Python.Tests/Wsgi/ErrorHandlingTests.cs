using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Wsgi;

/// <summary>Exceptions in the application: Failed, one log entry with the traceback, and a clean thread after.</summary>
[Collection(PythonCollection.Name)]
public sealed class ErrorHandlingTests(PythonFixture python)
{
    [Theory]
    [InlineData("before_start_response", "Traceback (most recent call last)", "ZeroDivisionError: division by zero")]
    [InlineData("after_start_response", "Traceback (most recent call last)", "KeyError: 'after start_response'")]
    [InlineData("not_iterable", "", "TypeError: 'int' object is not iterable")]
    public void Application_Raising_FailsLogsTracebackAndTheNextRequestWorks(string callable, string traceback, string logged)
    {
        var errors = python.Logs.WithEvent(2020).Count;
        using var failing = Requests.Create("GET", "/broken");
        using var next = Requests.Create();

        var (response, after, pending) = python.Run(() =>
        {
            var failed = python.Application("errors_app.py", callable).Call(failing);
            var pendingError = CPython.ErrorPending;
            return (failed, python.Application("errors_app.py", "fine").Call(next), pendingError);
        });

        Assert.Equal(ApplicationStep.Failed, response.Step);
        Assert.False(response.Sink.HeadersCommitted);
        Assert.False(pending);
        var entry = python.Logs.WithEvent(2020)[errors];
        Assert.Contains("GET /broken", entry.Message);
        Assert.Contains(traceback, entry.Message);
        Assert.Contains(logged, entry.Message);
        Assert.Equal(ApplicationStep.Completed, after.Step);
        Assert.Equal("fine", after.Sink.BodyText);
    }
}
