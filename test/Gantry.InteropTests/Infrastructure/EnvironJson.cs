using System.Text.Json.Serialization;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>Source-generated JSON for the app's environ dump (the build is trim- and AOT-analysed).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class EnvironJson : JsonSerializerContext;
