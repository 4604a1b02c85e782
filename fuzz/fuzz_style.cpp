// The style parser (toml++ underneath) on arbitrary text: a Style, or one Error line.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_common.hpp"
#include "render/style.hpp"

using namespace sahelmap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const render::Style s = render::Style::parse(text, "fuzz.toml");
    // What the renderer relies on once a style parsed.
    if (!(s.border_width >= 0) || !std::isfinite(s.border_width)) fuzz::fail("border_width not a finite width");
    if (!(s.hatch_spacing > 0) || !std::isfinite(s.hatch_spacing)) fuzz::fail("hatch_spacing not positive");
    for (const auto& b : s.blocs) {
      if (b.id.empty()) fuzz::fail("a bloc without an id");
      if (s.bloc(b.id) == nullptr) fuzz::fail("bloc() cannot find a parsed bloc");
      for (const auto& [role, r] : b.roles) (void)b.label_for(role, "fr"), (void)b.fill_for(role);
    }
  } catch (const Error& e) {
    fuzz::check_message(e);
  }
  return 0;
}
