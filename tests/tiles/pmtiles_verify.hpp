#pragma once
// The checks of go-pmtiles' `verify` (pmtiles/verify.go), ported, with its clustering check made
// to work (upstream adds the offset to the seen set before testing it, so the check never fires)
// and a few the spec states that it leaves out (sorted ids, root within the first 16 KiB).
// Returns the problems found; empty when the archive passes.
#include <filesystem>
#include <string>
#include <vector>

std::vector<std::string> verify_pmtiles(const std::filesystem::path& path);
