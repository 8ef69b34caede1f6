using Gantry.Server.Static;

namespace Gantry.Server.Tests.Static;

/// <summary>mime.types parsing as uWSGI's uwsgi_build_mime_dict reads it.</summary>
public sealed class MimeTypeTableTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Parse_TypeLines_MapEveryExtensionFirstMentionWins()
    {
        File.WriteAllText(_file, "# comment css\ntext/css\tcss\napplication/x-first  foo bar\napplication/x-second foo\n\ntext/x-c\tcc c\n");
        var table = new MimeTypeTable([_file]);
        Assert.Equal("text/css", table.Find("/srv/a.css"));
        Assert.Equal("application/x-first", table.Find("/srv/x.foo"));
        Assert.Equal("application/x-first", table.Find("/srv/x.bar"));
        Assert.Equal("text/x-c", table.Find("/srv/x.cc"));
        // uWSGI drops a one-letter extension that ends its line.
        Assert.Null(table.Find("/srv/x.c"));
    }

    [Fact]
    public void Find_CaseOrNoExtension_NoType()
    {
        File.WriteAllText(_file, "text/css css\n");
        var table = new MimeTypeTable([_file]);
        Assert.Null(table.Find("/srv/A.CSS"));
        Assert.Null(table.Find("/srv/noext"));
        Assert.Null(table.Find("/srv.d/noext"));
    }

    [Fact]
    public void SystemFile_DebianMediaTypes_KnowsCommonTypes()
    {
        var table = new MimeTypeTable(["/etc/mime.types"]);
        Assert.True(table.Count > 1000);
        Assert.Equal("text/css", table.Find("a.css"));
        Assert.Equal("text/javascript", table.Find("a.js"));
        Assert.Equal("image/png", table.Find("a.png"));
    }

    [Fact]
    public void NoReadableFile_BuiltInTable()
    {
        var table = new MimeTypeTable(["/nonexistent/mime.types"]);
        Assert.Equal("text/html", table.Find("index.html"));
        Assert.Equal("font/woff2", table.Find("f.woff2"));
    }
}
