using System.Diagnostics;
using System.Text;
using Gantry.Configuration.Sources;
using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Sources;

public sealed class IniFileSnifferTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("[uwsgi]\nhttp = :8000\n", "uwsgi", true)]
    [InlineData("; comment\n  [uwsgi]  \r\nhttp = :8000\r\n", "uwsgi", true)]
    [InlineData("[uwsgi]\n[staging]\n", "staging", true)]
    [InlineData("[uwsgi]\nhttp = :8000\n", "staging", false)]
    [InlineData("import os\nprint('[uwsgi]')\n", "uwsgi", false)]
    [InlineData("# [uwsgi]\n", "uwsgi", false)]
    public void Sniff_TextFile_FindsASectionLineOnly(string text, string section, bool found)
    {
        string path = _directory.Write("file.conf", text);

        Assert.Equal(found ? IniSniffResult.HasSection : IniSniffResult.NoSection, IniFileSniffer.Sniff(path, section, out _));
    }

    [Fact]
    public void Sniff_Utf8ByteOrderMark_StillText()
    {
        string path = Path.Combine(_directory.Path, "bom.conf");
        File.WriteAllText(path, "[uwsgi]\nhttp = :8000\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal(IniSniffResult.HasSection, IniFileSniffer.Sniff(path, "uwsgi", out _));
    }

    [Fact]
    public void Sniff_NulByte_Binary()
    {
        string path = Path.Combine(_directory.Path, "data.bin");
        File.WriteAllBytes(path, [.. "[uwsgi]\n"u8, 0, .. "http = :8000\n"u8]);

        Assert.Equal(IniSniffResult.Binary, IniFileSniffer.Sniff(path, "uwsgi", out _));
    }

    [Fact]
    public void Sniff_SectionBeyondTheLimit_NotLookedFor()
    {
        string path = _directory.Write("big.conf", new string('#', IniFileSniffer.Limit) + "\n[uwsgi]\nhttp = :8000\n");

        Assert.Equal(IniSniffResult.NoSection, IniFileSniffer.Sniff(path, "uwsgi", out _));
    }

    [Fact]
    public void Sniff_EmptyFile_Empty()
    {
        string path = _directory.Write("empty.conf", string.Empty);

        Assert.Equal(IniSniffResult.Empty, IniFileSniffer.Sniff(path, "uwsgi", out _));
    }

    [Fact]
    public async Task Sniff_Fifo_EmptyWithoutOpeningIt()
    {
        // Opening a FIFO for reading blocks until a writer comes; the sniffer must never open one.
        string path = Path.Combine(_directory.Path, "pipe.conf");
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var sniff = await Task.Run(() => IniFileSniffer.Sniff(path, "uwsgi", out _)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(IniSniffResult.Empty, sniff);
    }

    [Fact]
    public void Sniff_CharacterDevice_EmptyWithoutReadingIt()
    {
        Assert.Equal(IniSniffResult.Empty, IniFileSniffer.Sniff("/dev/zero", "uwsgi", out _));
    }

    [Fact]
    public void Sniff_SymbolicLinkToConf_FollowsIt()
    {
        string target = _directory.Write("real.conf", "[uwsgi]\nhttp = :8000\n");
        string link = Path.Combine(_directory.Path, "link.conf");
        File.CreateSymbolicLink(link, target);

        Assert.Equal(IniSniffResult.HasSection, IniFileSniffer.Sniff(link, "uwsgi", out _));
    }

    [Fact]
    public void Sniff_DirectoryAndMissingPath_SaySo()
    {
        Assert.Equal(IniSniffResult.Directory, IniFileSniffer.Sniff(_directory.Path, "uwsgi", out _));
        Assert.Equal(IniSniffResult.NotFound, IniFileSniffer.Sniff(Path.Combine(_directory.Path, "nothere"), "uwsgi", out _));
        Assert.Equal(IniSniffResult.NotFound, IniFileSniffer.Sniff(Path.Combine(_directory.Path, "nothere", "x.conf"), "uwsgi", out _));
    }
}
