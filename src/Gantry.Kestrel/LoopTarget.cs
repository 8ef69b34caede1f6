using Gantry.Application;
using Gantry.Server.Logging;

namespace Gantry.Kestrel;

/// <summary>One loop thread that HTTPS requests are posted to: its services, its (decorated, routed) application thread, its request log.</summary>
/// <param name="Index">The loop's index (the request log's core).</param>
/// <param name="Loop">Where work is posted (any thread) and timers live (loop thread).</param>
/// <param name="Application">What answers: used only on that loop's thread.</param>
/// <param name="Log">That loop's request log for HTTPS requests (loop thread only).</param>
internal sealed record LoopTarget(int Index, ILoopServices Loop, IApplicationThread Application, RequestLog Log);
