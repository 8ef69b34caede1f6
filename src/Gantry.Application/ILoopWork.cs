namespace Gantry.Application;

/// <summary>Work handed to a loop thread with <see cref="ILoopServices.Post"/>.</summary>
public interface ILoopWork
{
    /// <summary>Runs on the loop thread the work was posted to.</summary>
    void Run();
}
