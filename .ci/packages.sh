#!/usr/bin/env bash
# CI: pack every library into a folder feed (artifacts/packages), then build and run tests/Consumer, an app outside
# the solution that installs POET from that feed only. Proves the packages install and work. Exit code 0 = green.
set -uo pipefail
trap 'echo "packages: FAILED at line $LINENO" >&2' ERR
set -e
cd "$(dirname "$0")/.."

feed="$(pwd)/artifacts/packages"
rm -rf "$feed" tests/Consumer/bin tests/Consumer/obj
mkdir -p "$feed"

# Library projects: Poet.*/Poet.*.csproj except the tests (Directory.Build.props marks exactly these packable).
for project in Poet.*/Poet.*.csproj; do
  case "$project" in *Tests*) continue ;; esac
  dotnet pack "$project" -c Release -o "$feed" -p:ContinuousIntegrationBuild=true --nologo -v quiet
done
ls -1 "$feed"

package=$(ls "$feed"/Poet.Interception.*.nupkg | head -1)
version=$(basename "$package" .nupkg); version=${version#Poet.Interception.}
for symbols in "$feed"/*.nupkg; do
  [ -f "${symbols%.nupkg}.snupkg" ] || { echo "packages: no symbol package next to $symbols" >&2; exit 1; }
done

# Drop any earlier copy of this version from the global package cache, so the consumer gets this build's packages.
cache=$(dotnet nuget locals global-packages --list | sed 's/^[^:]*: *//')
for cached in "$cache"/poet.*/"$version"; do rm -rf "$cached"; done

# Run it in an empty folder, as a new app would be (it writes .poet/ there).
echo "packages: running tests/Consumer against Poet.Interception $version from $feed"
consumer="$(pwd)/tests/Consumer"
workdir=$(mktemp -d)
status=0
(cd "$workdir" && dotnet run --project "$consumer" -c Release -p:PoetVersion="$version" -p:RestoreAdditionalProjectSources="$feed") || status=$?
rm -rf "$workdir"
exit $status
