namespace Gantry.Master.Processes;

/// <summary>Starts and signals worker processes: the only operating-system side effects of the master's logic.</summary>
internal interface IWorkerLauncher
{
    /// <summary>Starts a worker process for <paramref name="workerId"/> writing to scoreboard record <paramref name="record"/>; returns its pid.</summary>
    /// <exception cref="InvalidOperationException">The process could not be started.</exception>
    int Spawn(int workerId, int record);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; a process already gone is not an error.</summary>
    void Signal(int pid, int signal);
}
