#include "cli/app.hpp"

int main(int argc, char** argv) {
  return sahelmap::cli::run(argc, argv);
}
