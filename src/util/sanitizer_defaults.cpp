// Linked into every executable of the sanitizer build (SAHELMAP_SANITIZE=ON), so that any run of
// it (tests, CLI, by hand) uses the same settings without environment variables.

extern "C" {

// Allocations that third-party libraries keep for the life of the process on purpose. Our own code
// has none: a leak report naming sahelmap code fails the build's tests.
const char* __lsan_default_suppressions() {
  return
      // fontconfig's configuration and pattern caches, held by Pango's font map until exit.
      "leak:libfontconfig.so\n";
}

const char* __lsan_default_options() {
  return "print_suppressions=0";
}

const char* __ubsan_default_options() {
  return "print_stacktrace=1:halt_on_error=1";
}

const char* __asan_default_options() {
  return "detect_stack_use_after_return=1:strict_string_checks=1";
}

}  // extern "C"
