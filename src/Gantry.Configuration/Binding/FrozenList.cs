namespace Gantry.Configuration.Binding;

/// <summary>Turns a builder's list into the immutable list an options record holds.</summary>
internal static class FrozenList
{
    /// <summary>A copy; an empty list becomes the shared empty array, so records built from nothing compare equal (ParityTests).</summary>
    public static IReadOnlyList<T> Of<T>(List<T> list) => list.Count == 0 ? [] : [.. list];
}
