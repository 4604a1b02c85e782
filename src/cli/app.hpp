#pragma once

namespace sahelmap::cli {

/// Parses the command line, runs the command, maps errors to exit codes:
/// 0 ok, 1 runtime error (bad file, unknown CRS, ...), 2 usage error (bad option value).
int run(int argc, char** argv);

}  // namespace sahelmap::cli
