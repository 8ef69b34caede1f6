using Gantry.Application;

namespace Gantry.Python.Tests.Infrastructure;

/// <summary>What one call of the application produced.</summary>
/// <param name="Step">The result of Invoke, or of the last Resume.</param>
/// <param name="Sink">Everything the host wrote.</param>
/// <param name="Continuation">Set when <paramref name="Step"/> is Suspended.</param>
/// <param name="Suspensions">How many times the response paused before <paramref name="Step"/>.</param>
public sealed record WsgiResponse(ApplicationStep Step, RecordingSink Sink, IResponseContinuation? Continuation, int Suspensions);
