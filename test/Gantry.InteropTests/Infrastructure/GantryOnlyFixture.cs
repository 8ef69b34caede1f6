namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// gantry alone (no nginx) with a small <c>--buffer-size</c> and a <c>--limit-post</c>, for raw clients sending good
/// and malformed uwsgi and FastCGI input.
/// </summary>
public sealed class GantryOnlyFixture : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public GantryOnlyFixture()
    {
        try
        {
            Gantry = new GantryServer(
                ["--socket", "127.0.0.1:0", "--fastcgi-socket", "127.0.0.1:0", "--buffer-size", "4096", "--limit-post", "1000"],
                _scratch.Path);
        }
        catch
        {
            _scratch.Dispose();
            throw;
        }
    }

    internal GantryServer Gantry { get; }

    public void Dispose()
    {
        Gantry.Dispose();
        _scratch.Dispose();
    }
}
