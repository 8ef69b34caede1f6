"""Which gantry binary a run measures: the repository's out/gantry (published first if missing,
under the same lock file as ./gantry), or a fresh NativeAOT build of a commit made in a private
directory (--build: HEAD; --baseline-commit: any commit, as the before of a before/after run),
so the figures name exactly the code they measure."""
import fcntl
import os
import subprocess

PUBLISH = ["dotnet", "publish", "src/Gantry/Gantry.csproj", "-c", "Release", "-r", "linux-x64",
           "-nologo", "-v:minimal"]
BUILD_INPUTS = ["src", "Directory.Build.props", "Directory.Packages.props", "global.json"]
QUIET_DOTNET = {"DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1"}
BUILD_DIR = "/tmp/gantry-bench-build"     # <BUILD_DIR>/src-<commit>/out/gantry, kept between runs


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


def build_commit(repo, work_dir, rev="HEAD"):
    """Publish the committed `rev` (not the working tree, which other engineers are editing)
    from an exported copy; returns (binary, commit) where commit is the last one up to `rev`
    that changed what the binary is built from (so a bench-only commit does not cause a
    rebuild, and two revisions with the same build inputs share one build)."""
    if subprocess.run(["git", "-C", repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                      capture_output=True).returncode != 0:
        raise ValueError(f"{rev!r} is not a commit of {repo}")
    commit = subprocess.run(["git", "-C", repo, "log", "-1", "--format=%h", rev, "--", *BUILD_INPUTS],
                            check=True, capture_output=True, text=True).stdout.strip()
    source = os.path.join(work_dir, f"src-{commit}")
    binary = os.path.join(source, "out", "gantry")
    if os.access(binary, os.X_OK):
        return binary, commit                     # built by an earlier run
    os.makedirs(source, exist_ok=True)
    archive = subprocess.Popen(["git", "-C", repo, "archive", commit], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", source], stdin=archive.stdout, check=True)
    archive.stdout.close()
    if archive.wait() != 0:
        raise RuntimeError(f"git archive {commit} failed")
    print(f"building gantry from commit {commit} in {source} (about 2 minutes)", flush=True)
    _publish(source, "out")
    return binary, commit


def built_commit(path, work_dir=BUILD_DIR):
    """The commit a binary was built from when build_commit() made it (its directory names
    it), else None: the one publish record the harness keeps."""
    parts = os.path.relpath(os.path.abspath(path), work_dir).split(os.sep)
    if len(parts) == 3 and parts[0].startswith("src-") and parts[1:] == ["out", "gantry"]:
        return parts[0][len("src-"):]
    return None


def _publish(cwd, out):
    # nice: the machine is shared, and this is not the measured part.
    subprocess.run(["nice", "-n", "10", *PUBLISH, "-o", out], cwd=cwd, check=True,
                   env=dict(os.environ, **QUIET_DOTNET))
