# One place for compiler warnings, applied per target (STYLE.md 11).
# -Wno-missing-field-initializers: GCC 12 warns when a designated initializer leaves a member to
# its default, which is what designated initializers are for (STYLE.md 14; GCC 14 no longer warns).
function(sahelmap_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast -Wno-missing-field-initializers)
endfunction()
