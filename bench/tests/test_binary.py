"""Tests of which binary a run measures (binary.py): building a commit from an exported copy,
on a real git repository in a temporary directory, with only `dotnet publish` replaced (it
takes minutes): cd bench && /usr/bin/python3 -m unittest discover -s tests"""
import contextlib
import io
import os
import subprocess
import tempfile
import unittest
from unittest import mock

from harness import binary, cli


class BuildCommitTests(unittest.TestCase):
    """build_commit() on a real repository; only `dotnet publish` is replaced (minutes)."""

    def setUp(self):
        self.repo = tempfile.mkdtemp()
        self.work = tempfile.mkdtemp()
        self.addCleanup(subprocess.run, ["rm", "-rf", self.repo, self.work])
        self._git("init", "-q")
        self.old = self._commit("src/Gantry.cs", "old")
        self.new = self._commit("src/Gantry.cs", "new")
        self._commit("bench/notes.md", "a bench-only commit")

    def test_buildCommit_olderCommit_exportsThatCommitAndPublishesIt(self):
        with mock.patch.object(binary, "_publish", side_effect=self._fake_publish) as publish, \
                contextlib.redirect_stdout(io.StringIO()):
            path, commit = binary.build_commit(self.repo, self.work, self.old)
        self.assertEqual(commit, self.old)
        self.assertEqual(path, os.path.join(self.work, f"src-{self.old}", "out", "gantry"))
        with open(os.path.join(self.work, f"src-{self.old}", "src", "Gantry.cs")) as f:
            self.assertEqual(f.read(), "old")
        publish.assert_called_once()
        self.assertEqual(binary.built_commit(path, self.work), self.old)

    def test_buildCommit_head_keyedByLastCommitChangingTheBuildAndReused(self):
        with mock.patch.object(binary, "_publish", side_effect=self._fake_publish) as publish, \
                contextlib.redirect_stdout(io.StringIO()):
            first = binary.build_commit(self.repo, self.work)
            second = binary.build_commit(self.repo, self.work, self.new)
        self.assertEqual(first, second)
        self.assertEqual(first[1], self.new)
        publish.assert_called_once()

    def test_buildCommit_unknownRevision_raisesNamingIt(self):
        with self.assertRaisesRegex(ValueError, "no-such-rev"):
            binary.build_commit(self.repo, self.work, "no-such-rev")

    def test_builtCommit_binaryOutsideTheBuildDirectory_isNone(self):
        self.assertIsNone(binary.built_commit("/work/main/out/gantry"))
        self.assertEqual(binary.built_commit(f"{binary.BUILD_DIR}/src-3c9585a/out/gantry"), "3c9585a")

    def _git(self, *argv):
        return subprocess.run(["git", "-C", self.repo, "-c", "user.name=t", "-c", "user.email=t@t", *argv],
                              check=True, capture_output=True, text=True).stdout.strip()

    def _commit(self, path, text):
        os.makedirs(os.path.dirname(os.path.join(self.repo, path)), exist_ok=True)
        with open(os.path.join(self.repo, path), "w") as f:
            f.write(text)
        self._git("add", path)
        self._git("commit", "-q", "-m", text)
        return self._git("log", "-1", "--format=%h")

    @staticmethod
    def _fake_publish(cwd, out):
        os.makedirs(os.path.join(cwd, out))
        path = os.path.join(cwd, out, "gantry")
        with open(path, "w"):
            pass
        os.chmod(path, 0o755)


if __name__ == "__main__":
    unittest.main()


class PrivateCopyTests(unittest.TestCase):
    """cli.private_copy(): the run's own copy of gantry, with gantry.so beside it when published."""

    def setUp(self):
        self.source = tempfile.mkdtemp()
        self.run = tempfile.mkdtemp()
        self.addCleanup(subprocess.run, ["rm", "-rf", self.source, self.run])
        with open(os.path.join(self.source, "gantry"), "w") as f:
            f.write("binary")

    def test_privateCopy_withGantrySo_copiesBoth(self):
        with open(os.path.join(self.source, "gantry.so"), "w") as f:
            f.write("library")

        cli.private_copy(os.path.join(self.source, "gantry"), os.path.join(self.run, "gantry"))

        self.assertEqual(["gantry", "gantry.so"], sorted(os.listdir(self.run)))

    def test_privateCopy_withoutGantrySo_copiesTheBinaryOnly(self):
        cli.private_copy(os.path.join(self.source, "gantry"), os.path.join(self.run, "gantry"))

        self.assertEqual(["gantry"], os.listdir(self.run))
