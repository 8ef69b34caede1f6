namespace Gantry.Protocols.Tests.FastCgi;

/// <summary>
/// One corpus entry: what a web server writes on one connection, when the simulated application ends its request
/// (see <see cref="RecordingRequestHandler"/>), and the event lines every chunking must produce.
/// </summary>
internal sealed record FastCgiCorpusCase(byte[] Input, IReadOnlyList<string> Expected, string CompleteOn = RecordingRequestHandler.AtStdinEnd);
