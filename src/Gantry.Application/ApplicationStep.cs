namespace Gantry.Application;

/// <summary>What became of an application call or of a resumed response.</summary>
public enum ApplicationStep
{
    /// <summary>The response is complete; the application released everything it held for it.</summary>
    Completed,

    /// <summary>The sink asked the producer to pause (output above its high-water mark); resume when writable.</summary>
    Suspended,

    /// <summary>
    /// The host waits on something other than the client (a child's pipe, php-fpm, asyncio, a timer, another thread).
    /// It keeps what it needs in its continuation and, once that happened, calls <see cref="IResponseSink.Continue"/>
    /// on the loop thread; the server then calls <see cref="IResponseContinuation.Resume"/>. A client that goes away
    /// meanwhile gets the continuation <see cref="IResponseContinuation.Abort"/>ed.
    /// </summary>
    Pending,

    /// <summary>
    /// The application failed. If the sink has not committed headers the server answers 500;
    /// otherwise it closes the connection. The application released everything and logged the error.
    /// </summary>
    Failed,
}
