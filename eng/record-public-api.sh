#!/usr/bin/env bash
# Records new public API (RS0016) in each library's PublicAPI.Unshipped.txt: builds the solution with RS0016 as a
# plain warning, then appends every symbol it reports to the PublicAPI.Unshipped.txt next to the project that
# reported it. Run from anywhere; commit the changed PublicAPI.Unshipped.txt files. See docs/public-api.md.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build Poet.sln --no-incremental -p:WarningsNotAsErrors=RS0016 -clp:NoSummary > "$log" 2>&1 || true
sed -n -E "s/^.*warning RS0016: Symbol '(.*)' is not part of the declared public API.*\[(.*\.csproj)\]$/\2\t\1/p" "$log" \
  | sort -u > "$log.symbols"
added=0
while IFS=$'\t' read -r project symbol; do
  file="$(dirname "$project")/PublicAPI.Unshipped.txt"
  [ -f "$file" ] || continue
  grep -qxF -- "$symbol" "$file" || { printf '%s\n' "$symbol" >> "$file"; added=$((added + 1)); }
done < "$log.symbols"
rm -f "$log.symbols"
for file in */PublicAPI.Unshipped.txt; do
  { echo "#nullable enable"; grep -v '^#nullable enable$' "$file" | sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
done
echo "public API: recorded $added new symbol(s) in PublicAPI.Unshipped.txt; commit them."
if grep -q "error RS00" "$log"; then
  grep "error RS00" "$log" | sort -u >&2
  echo "public API: the errors above need a hand (RS0017: recorded API removed or changed; see docs/public-api.md)." >&2
  exit 1
fi
