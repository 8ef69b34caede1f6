using Gantry.Configuration;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>Builds a resolver over a <see cref="ScriptTree"/> and checks a resolution against a table row.</summary>
internal static class ResolverAssert
{
    /// <summary>A resolver with <paramref name="options"/>; "/" stands for the server's directory.</summary>
    public static CgiScriptResolver Resolver(CgiOptions options, string serverDirectory = "/") => new(options, serverDirectory);

    /// <summary>A directory mount, its path relative to <paramref name="tree"/>.</summary>
    public static CgiMount Mount(ScriptTree tree, string mountpoint, string relative) => new(mountpoint, tree[relative]);

    /// <summary>
    /// Checks the outcome and, for a script, its command (relative to the tree), PATH_INFO and SCRIPT_NAME.
    /// </summary>
    public static void Row(ScriptTree tree, CgiResolution actual, string outcome, string? command = null, string? pathInfo = null, string? scriptName = null)
    {
        Assert.Equal(Enum.Parse<CgiOutcome>(outcome), actual.Outcome);
        if (actual.Outcome != CgiOutcome.Script)
        {
            Assert.Null(actual.Script);
            return;
        }
        var script = actual.Script!;
        Assert.Equal(tree[command!], script.Command);
        Assert.Equal(script.Command, script.ScriptFileName);
        Assert.Equal(pathInfo, script.PathInfo);
        Assert.Equal(scriptName, script.ScriptName);
    }
}
