using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Support;

/// <summary>The environ the probe's /environ route saw, as strings (lists and booleans in their JSON text).</summary>
internal sealed class ProbeEnviron
{
    private readonly Dictionary<string, string> _values;

    private ProbeEnviron(Dictionary<string, string> values, HttpProbeResponse response)
    {
        _values = values;
        Response = response;
    }

    /// <summary>The HTTP response that carried the environ.</summary>
    public HttpProbeResponse Response { get; }

    /// <summary>The value of <paramref name="key"/>; fails the test when the environ lacks it.</summary>
    public string this[string key] => _values.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"environ has no {key}; it has {string.Join(", ", _values.Keys.Order())}");

    /// <summary>True when the environ has <paramref name="key"/>.</summary>
    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>Every key.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Sends <paramref name="request"/> (raw, Latin-1) on a new connection and parses the answer.</summary>
    public static async Task<ProbeEnviron> FetchAsync(GantryAddress address, string request)
    {
        var response = await HttpProbe.ExchangeAsync(address, request);
        return Parse(response);
    }

    /// <summary>Parses a 200 response of the /environ route; fails with the response when it is not one.</summary>
    public static ProbeEnviron Parse(HttpProbeResponse response)
    {
        Assert.True(response.StatusCode == 200, "the /environ route did not answer 200:\n" + response);
        using var document = JsonDocument.Parse(response.Body);
        var values = document.RootElement.EnumerateObject().ToDictionary(
            property => property.Name,
            property => property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
        return new ProbeEnviron(values, response);
    }
}
