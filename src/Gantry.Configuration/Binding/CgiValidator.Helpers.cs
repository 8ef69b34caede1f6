using Gantry.Configuration.Sources;

namespace Gantry.Configuration.Binding;

/// <summary>The cgi-helper checks: uWSGI hands the program to execvp as one argv[0], so it is one program name.</summary>
internal static partial class CgiValidator
{
    private const string SymbolPrefix = "sym://";

    private static void CheckHelpers(CgiBuilder cgi, DiagnosticBag diagnostics)
    {
        foreach (string value in cgi.Helpers)
        {
            if (HelperProblem(value) is { } problem)
            {
                diagnostics.Error(Whole, $"cgi-helper = {value}", problem, "cgi-helper");
            }
        }
    }

    private static string? HelperProblem(string value)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            // uWSGI exits here too: "invalid CGI helper syntax, must be ext=command".
            return "must be SUFFIX=PROGRAM, e.g. cgi-helper = .php=php-cgi";
        }
        string program = value[(equals + 1)..];
        if (program.Length == 0)
        {
            return $"names no program; write cgi-helper = {value}/usr/bin/php-cgi";
        }
        if (program.StartsWith(SymbolPrefix, StringComparison.Ordinal))
        {
            return "sym:// helpers call a function loaded into uWSGI's own process (cgi-loadlib); Gantry runs programs only: name the program";
        }
        if (program.Any(char.IsWhiteSpace) && !Exists(program))
        {
            return $"'{program}' is run as one program name, without arguments (as in uWSGI); put the arguments in a wrapper script and name that";
        }
        if (Path.IsPathFullyQualified(program) && !Exists(program))
        {
            return $"no such program: {program}; install it or correct the path";
        }
        return null;
    }
}
