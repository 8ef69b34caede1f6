namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>
/// Tests that run scripts run one at a time, after the others: they count the process's open descriptors before and
/// after, which a test running beside them would disturb.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CgiProcessCollection
{
    public const string Name = "CGI processes";
}
