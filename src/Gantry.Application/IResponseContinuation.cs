namespace Gantry.Application;

/// <summary>A response whose producer paused because the client could not take more yet.</summary>
public interface IResponseContinuation
{
    /// <summary>Continues producing into the same sink. Same results as <see cref="IApplicationThread.Invoke"/>.</summary>
    ApplicationStep Resume(IResponseSink response);

    /// <summary>The client is gone: release the response (WSGI: call the iterable's close()). Never throws.</summary>
    void Abort();
}
