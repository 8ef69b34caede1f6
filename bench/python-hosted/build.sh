#!/bin/sh
# Publishes gantry.so (NativeAOT shared library, about 3 minutes on two cores) to bench/python-hosted/out/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
dotnet publish bench/python-hosted/Gantry.Hosted.csproj -c Release -r linux-x64 -o bench/python-hosted/out -nologo -v:minimal
