namespace Gantry.Configuration;

/// <summary>One configuration error or warning, with where it was found and how to fix it.</summary>
/// <param name="Origin">Where the setting was read: <c>command line</c>, <c>environment</c>, <c>/srv/app/wsgi.ini:3</c>.</param>
/// <param name="Setting">The setting as written (<c>--buffer-size 70000</c>, <c>buffer-size = 70000</c>), or null for a problem of the whole configuration.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="Option">The canonical option name concerned, when there is one.</param>
public sealed record ConfigurationDiagnostic(string Origin, string? Setting, string Message, string? Option = null)
{
    /// <summary>One line: <c>origin: setting: message</c>.</summary>
    public override string ToString() =>
        Setting is null ? $"{Origin}: {Message}" : $"{Origin}: {Setting}: {Message}";
}
