using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Support;

/// <summary>The Python apps the functional tests serve, kept as .py files under test/Gantry.FunctionalTests/Apps.</summary>
internal static class TestApps
{
    /// <summary>The Apps folder.</summary>
    public static string Folder => Path.Combine(RepoPaths.Root, "test", "Gantry.FunctionalTests", "Apps");

    /// <summary>The PEP 3333 probe: one route per WSGI feature, most of them inside wsgiref.validate.validator.</summary>
    public static string Probe => Path.Combine(Folder, "wsgi_probe.py");

    /// <summary>A stdlib-only app that reports the Python it runs on (for the Python version tests).</summary>
    public static string StdlibOnly => Path.Combine(Folder, "stdlib_only.py");

    /// <summary>The folder of the Flask app <c>shop:app</c> (sessions, JSON, uploads, send_file, static files).</summary>
    public static string FlaskShop => Path.Combine(Folder, "flaskshop");

    /// <summary>The folder of the Django project <c>site_app</c> (CSRF, signed-cookie sessions, streaming, files).</summary>
    public static string DjangoSite => Path.Combine(Folder, "djangosite");
}
