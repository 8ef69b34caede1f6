"""The whole-machine scenario (issue 5's target): nothing pinned, two worker processes per
server, wrk with two threads. The driver itself stays on the client core and its children
inherit that affinity, so "nothing pinned" is spelled out as every core (`taskset -c 0,1`)."""
import os

CPUS = ",".join(str(c) for c in range(os.cpu_count() or 1))
THREADS = 2
CONNECTIONS = 64
WORKERS = 2


def placement(row, settings):
    """(cpus for the server's processes, cpus for wrk, wrk threads, wrk connections) of a row."""
    if row.whole_machine:
        return CPUS, CPUS, THREADS, CONNECTIONS
    return settings.server_cpu, settings.client_cpu, settings.threads, settings.connections
