using System.Text;
using Gantry.Protocols.Uwsgi;

namespace Gantry.Protocols.Tests.Uwsgi;

/// <summary>Keeps every variable it is given, as latin-1 strings.</summary>
internal sealed class RecordingVariableHandler : IUwsgiVariableHandler
{
    public List<(string Key, string Value)> Variables { get; } = [];

    public void OnVariable(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        Variables.Add((Encoding.Latin1.GetString(key), Encoding.Latin1.GetString(value)));

    public string Value(string key) => Variables.Single(v => v.Key == key).Value;
}
