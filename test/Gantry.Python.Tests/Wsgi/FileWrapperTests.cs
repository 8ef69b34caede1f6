using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Wsgi;

/// <summary>wsgi.file_wrapper: regular files go to the sink as a file range; other file-likes are read.</summary>
[Collection(PythonCollection.Name)]
public sealed class FileWrapperTests(PythonFixture python) : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"gantry-file-wrapper-{Guid.NewGuid():N}.bin");
    private readonly byte[] _content = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();

    public void Dispose() => File.Delete(_file);

    private WsgiResponse Call(string path)
    {
        File.WriteAllBytes(_file, _content);
        using var request = Requests.Create(path: path, query: _file);
        return python.Run(() => python.Application("file_app.py").Call(request));
    }

    private string LastFileClosed()
    {
        using var request = Requests.Create(path: "/closed");
        return python.Run(() => python.Application("file_app.py").Call(request)).Sink.BodyText;
    }

    [Fact]
    public void FileWrapper_RegularFile_GoesToWriteFileAndClosesAfterResume()
    {
        var response = Call("/whole");

        Assert.Equal(ApplicationStep.Suspended, response.Step);
        var (_, offset, count) = Assert.Single(response.Sink.Files);
        Assert.Equal((0L, 10_000L), (offset, count));
        Assert.Equal(_content, response.Sink.Body);
        Assert.Equal("False", LastFileClosed());

        var resumed = python.Run(() => response.Continuation!.Resume(response.Sink));

        Assert.Equal(ApplicationStep.Completed, resumed);
        Assert.Equal("True", LastFileClosed());
    }

    [Fact]
    public void FileWrapper_FileAlreadyRead_StartsAtItsPosition()
    {
        var response = Call("/offset");

        var (_, offset, count) = Assert.Single(response.Sink.Files);
        Assert.Equal((10L, 9_990L), (offset, count));
        python.Run(() => response.Continuation!.Resume(response.Sink));
    }

    [Fact]
    public void FileWrapper_ContentLengthSet_SendsThatMany()
    {
        var response = Call("/content-length");

        var (_, _, count) = Assert.Single(response.Sink.Files);
        Assert.Equal(5L, count);
        Assert.Equal(_content[..5], response.Sink.Body);
        python.Run(() => response.Continuation!.Resume(response.Sink));
    }

    [Fact]
    public void FileWrapper_Aborted_ClosesTheFile()
    {
        var response = Call("/whole");

        python.Run(() => response.Continuation!.Abort());

        Assert.Equal("True", LastFileClosed());
    }

    [Fact]
    public void FileWrapper_NotARegularFile_IsReadInBlocks()
    {
        using var request = Requests.Create(path: "/memory");

        var response = python.Run(() => python.Application("file_app.py").CallToEnd(request));

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Empty(response.Sink.Files);
        Assert.Equal(string.Concat(Enumerable.Repeat("0123456789", 1000)), response.Sink.BodyText);
    }
}
