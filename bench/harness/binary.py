"""Which gantry binary a run measures: the repository's out/gantry (published first if missing,
under the same lock file as ./gantry), or a fresh NativeAOT build of the committed HEAD made in
a private directory (--build), so the figures name exactly the code they measure."""
import fcntl
import os
import subprocess

PUBLISH = ["dotnet", "publish", "src/Gantry/Gantry.csproj", "-c", "Release", "-r", "linux-x64",
           "-nologo", "-v:minimal"]
BUILD_INPUTS = ["src", "Directory.Build.props", "Directory.Packages.props", "global.json"]
QUIET_DOTNET = {"DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1"}


def repository_binary(repo):
    """<repo>/out/gantry, published first when missing (other engineers may publish at the
    same moment: out/.publish.lock serialises us with ./gantry)."""
    binary = os.path.join(repo, "out", "gantry")
    if os.access(binary, os.X_OK):
        return binary
    os.makedirs(os.path.join(repo, "out"), exist_ok=True)
    with open(os.path.join(repo, "out", ".publish.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.access(binary, os.X_OK):
            print(f"{binary} is missing: publishing it (about 2 minutes)", flush=True)
            _publish(repo, "out")
    return binary


def build_head(repo, work_dir):
    """Publish the committed HEAD (not the working tree, which other engineers are editing)
    from an exported copy; returns (binary, commit) where commit is the last one that changed
    what the binary is built from (so a bench-only commit does not cause a rebuild)."""
    commit = subprocess.run(["git", "-C", repo, "log", "-1", "--format=%h", "HEAD", "--", *BUILD_INPUTS],
                            check=True, capture_output=True, text=True).stdout.strip()
    source = os.path.join(work_dir, f"src-{commit}")
    binary = os.path.join(source, "out", "gantry")
    if os.access(binary, os.X_OK):
        return binary, commit                     # built by an earlier run
    os.makedirs(source, exist_ok=True)
    archive = subprocess.Popen(["git", "-C", repo, "archive", "HEAD"], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", source], stdin=archive.stdout, check=True)
    if archive.wait() != 0:
        raise RuntimeError("git archive HEAD failed")
    print(f"building gantry from commit {commit} in {source} (about 2 minutes)", flush=True)
    _publish(source, "out")
    return binary, commit


def _publish(cwd, out):
    # nice: the machine is shared, and this is not the measured part.
    subprocess.run(["nice", "-n", "10", *PUBLISH, "-o", out], cwd=cwd, check=True,
                   env=dict(os.environ, **QUIET_DOTNET))
