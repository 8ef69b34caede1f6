using Gantry.Configuration;
using Gantry.Php.Site;
using Gantry.Posix.Files;

namespace Gantry.Php.Tests.Site;

/// <summary>A real temporary document root (files, directories, symlinks), removed at disposal, and a resolver over it.</summary>
internal sealed class SiteTree : IDisposable
{
    public SiteTree()
    {
        var created = Directory.CreateTempSubdirectory("gantry-php-tests-").FullName;
        Base = FileSystemCalls.RealPath(created)!;
        Root = Path.Combine(Base, "html");
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder holding the root (and things outside it).</summary>
    public string Base { get; }

    public string Root { get; }

    public SiteTree File(string relative, string text = "x")
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return this;
    }

    public SiteTree Dir(string relative)
    {
        Directory.CreateDirectory(Path.Combine(Root, relative));
        return this;
    }

    public SiteTree Symlink(string relative, string target)
    {
        System.IO.File.CreateSymbolicLink(Path.Combine(Root, relative), target);
        return this;
    }

    public PhpSiteResolver Resolver(Func<PhpOptions, PhpOptions>? configure = null)
    {
        var options = new PhpOptions { DocumentRoot = Root, FpmAddresses = ["127.0.0.1:9000"] };
        return new PhpSiteResolver(configure is null ? options : configure(options));
    }

    public void Dispose() => Directory.Delete(Base, recursive: true);
}
