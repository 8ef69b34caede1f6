using System.Text;
using System.Text.Json;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>A response as <see cref="RawHttpConnection"/> read it.</summary>
internal sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The environ dump of the interop app's default route.</summary>
    public IReadOnlyDictionary<string, string> Environ =>
        JsonSerializer.Deserialize(Body, EnvironJson.Default.DictionaryStringString) ?? throw new InvalidOperationException("empty environ dump");
}
