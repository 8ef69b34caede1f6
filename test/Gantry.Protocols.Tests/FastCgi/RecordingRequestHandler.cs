using System.Text;
using Gantry.Protocols.FastCgi;

namespace Gantry.Protocols.Tests.FastCgi;

/// <summary>
/// Writes every event down as a line and plays the application's part in ending requests: it calls
/// <see cref="FastCgiRequestReader.CompleteRequest"/> (as a connection does when it writes END_REQUEST) after an
/// unknown role, an abort, and at the point <see cref="CompleteOn"/> names.
/// </summary>
internal sealed class RecordingRequestHandler(FastCgiRequestReader reader, string completeOn) : IFastCgiRequestHandler
{
    public const string AtStdinEnd = "stdin-end";
    public const string AtParamsEnd = "params-end";
    public const string AtDataEnd = "data-end";
    public const string Never = "never";

    public List<string> Events { get; } = [];

    public string CompleteOn { get; } = completeOn;

    public void OnBeginRequest(ushort requestId, FastCgiRole role, FastCgiBeginRequestFlags flags)
    {
        Events.Add($"begin {requestId} {role} {flags}");
        if (role is not (FastCgiRole.Responder or FastCgiRole.Authorizer or FastCgiRole.Filter))
        {
            End("end unknown-role");
        }
    }

    public void OnBeginRequestWhileBusy(ushort requestId) => Events.Add($"busy {requestId}");

    public void OnNameValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Events.Add($"param {Text(name)}={Text(value)}");

    public void OnParamsEnd() => Step(AtParamsEnd);

    public void OnStdin(ReadOnlySpan<byte> data) => Events.Add($"stdin {Text(data)}");

    public void OnStdinEnd(long totalBytes) => Step($"{AtStdinEnd} {totalBytes}");

    public void OnData(ReadOnlySpan<byte> data) => Events.Add($"data {Text(data)}");

    public void OnDataEnd(long totalBytes) => Step($"{AtDataEnd} {totalBytes}");

    public void OnAbortRequest(ushort requestId)
    {
        Events.Add($"abort {requestId}");
        End("end");
    }

    public void OnGetValues(ReadOnlySpan<byte> query)
    {
        var names = new NameCollector { Names = [] };
        FastCgiNameValueReader.Read(query, ref names);
        Events.Add("get-values " + string.Join(",", names.Names));
    }

    public void OnUnknownManagementRecord(byte type) => Events.Add($"unknown-management {type}");

    public static string Text(ReadOnlySpan<byte> bytes) =>
        string.Concat(Encoding.Latin1.GetString(bytes).Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\x{(int)c:x2}"));

    private void Step(string line)
    {
        Events.Add(line);
        if (line.StartsWith(CompleteOn, StringComparison.Ordinal))
        {
            End("end");
        }
    }

    private void End(string line)
    {
        Events.Add(line);
        reader.CompleteRequest();
    }

    private struct NameCollector : IFastCgiNameValueHandler
    {
        public List<string> Names;

        public readonly void OnNameValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Names.Add(Text(name));
    }
}
