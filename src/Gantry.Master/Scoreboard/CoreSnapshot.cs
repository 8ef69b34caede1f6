namespace Gantry.Master.Scoreboard;

/// <summary>One loop thread's request state as read at one moment.</summary>
/// <param name="Busy">True while the application runs a request on this thread.</param>
/// <param name="StartMicros">When that request started (epoch µs); 0 when idle.</param>
/// <param name="Requests">Requests finished on this thread.</param>
/// <param name="Request">"peer - METHOD URI" of the current (or last) request.</param>
public readonly record struct CoreSnapshot(bool Busy, long StartMicros, long Requests, string Request);
