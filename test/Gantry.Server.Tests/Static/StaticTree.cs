namespace Gantry.Server.Tests.Static;

/// <summary>
/// A throw-away document tree: root/ with files, a sub-directory with an index, a symlink leaving the root, and a
/// secret/ sibling outside it. Removed on dispose.
/// </summary>
internal sealed class StaticTree : IDisposable
{
    public StaticTree()
    {
        Base = Directory.CreateTempSubdirectory("gantry-static-").FullName;
        Root = Path.Combine(Base, "root");
        Secret = Path.Combine(Base, "secret");
        Directory.CreateDirectory(Path.Combine(Root, "sub"));
        Directory.CreateDirectory(Path.Combine(Root, "bare"));
        Directory.CreateDirectory(Secret);
        Write("root/a.css", "body{}\n");
        Write("root/app.py", "print()\n");
        Write("root/sub/index.html", "<p>index</p>\n");
        Write("root/bare/x.txt", "x\n");
        Write("secret/s.txt", "secret\n");
        Write("root2file.txt", "sibling\n");
        File.CreateSymbolicLink(Path.Combine(Root, "out.txt"), Path.Combine(Secret, "s.txt"));
        File.CreateSymbolicLink(Path.Combine(Root, "in.css"), Path.Combine(Root, "a.css"));
    }

    public string Base { get; }

    public string Root { get; }

    public string Secret { get; }

    public void Write(string relative, string content) => File.WriteAllText(Path.Combine(Base, relative), content);

    public void Dispose() => Directory.Delete(Base, recursive: true);
}
