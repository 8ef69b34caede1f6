using Gantry.Application;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>A delegate posted to a loop (<see cref="ILoopServices.Post"/>).</summary>
internal sealed class LoopWork(Action action) : ILoopWork
{
    public void Run() => action();
}
