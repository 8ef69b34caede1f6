namespace Gantry.Master.Scoreboard;

/// <summary>One loop thread's request state as read at one moment.</summary>
/// <param name="Busy">True while the application runs a request on this thread.</param>
/// <param name="StartMicros">When the running step of that request started (epoch µs); 0 when idle.</param>
/// <param name="Requests">Requests finished on this thread.</param>
/// <param name="Request">"peer - METHOD URI" of the current (or last) request.</param>
/// <param name="RunningMicros">Response time of every finished request added up, in µs (uWSGI's running_time).</param>
/// <param name="AverageMicros">Response time averaged as uWSGI does (each request halves the weight of the past), in µs.</param>
/// <param name="BeganMicros">When the current (or last) request began (epoch µs), across its pauses.</param>
public readonly record struct CoreSnapshot(
    bool Busy, long StartMicros, long Requests, string Request, long RunningMicros = 0, long AverageMicros = 0, long BeganMicros = 0);
