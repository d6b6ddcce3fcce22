# Compiler warnings and sanitizers for every target in the project.
set(TC_C_WARNINGS -Wall -Wextra -Wconversion -Wsign-conversion -Wcast-qual
    -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
    -Wundef -Wpointer-arith)
set(TC_CXX_WARNINGS -Wall -Wextra -Wcast-qual -Wshadow -Wformat=2
    -Wnon-virtual-dtor -Wpointer-arith)
if(TC_WERROR)
  list(APPEND TC_C_WARNINGS -Werror)
  list(APPEND TC_CXX_WARNINGS -Werror)
endif()
add_compile_options("$<$<COMPILE_LANGUAGE:C>:${TC_C_WARNINGS}>"
                    "$<$<COMPILE_LANGUAGE:CXX>:${TC_CXX_WARNINGS}>")

if(TC_FUZZ)
  # every library is instrumented for coverage; the fuzz targets add the
  # libFuzzer driver themselves
  set(TC_SANITIZE ON)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(TC_SANITIZE)
  set(TC_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  add_compile_options(${TC_SAN_FLAGS})
  add_link_options(${TC_SAN_FLAGS})
endif()
