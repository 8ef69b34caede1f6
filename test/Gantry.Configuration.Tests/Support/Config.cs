namespace Gantry.Configuration.Tests.Support;

/// <summary>Shorthands for calling the loader the way the exe does.</summary>
internal static class Config
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    public static ConfigurationResult Load(params string[] args) => ConfigurationLoader.Load(args, NoEnvironment, "/");

    public static ConfigurationResult LoadIn(string directory, params string[] args) =>
        ConfigurationLoader.Load(args, NoEnvironment, directory);

    public static ConfigurationResult LoadWith(IReadOnlyDictionary<string, string> environment, string directory, params string[] args) =>
        ConfigurationLoader.Load(args, environment, directory);

    /// <summary>Loads and asserts success, returning the options.</summary>
    public static GantryOptions Options(params string[] args) => Succeed(Load(args));

    public static GantryOptions Succeed(ConfigurationResult result)
    {
        Assert.True(result.Errors.Count == 0, "unexpected errors:\n" + string.Join("\n", result.Errors));
        Assert.NotNull(result.Options);
        return result.Options!;
    }

    /// <summary>All error lines joined, for Assert.Contains.</summary>
    public static string ErrorText(ConfigurationResult result) => string.Join("\n", result.Errors);

    public static string WarningText(ConfigurationResult result) => string.Join("\n", result.Warnings);
}
