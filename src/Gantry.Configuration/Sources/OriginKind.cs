namespace Gantry.Configuration.Sources;

/// <summary>Where a setting came from; decides precedence for single-valued options.</summary>
internal enum OriginKind
{
    /// <summary>A <c>UWSGI_*</c> environment variable (lowest precedence, read first as uWSGI does).</summary>
    Environment,

    /// <summary>A line of an ini file.</summary>
    File,

    /// <summary>An argument of the command line (wins over files and the environment for single values).</summary>
    CommandLine,
}
