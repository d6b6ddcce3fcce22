// vision/simd.cpp — instantiate the hot loops per instruction set and pick
// one set for this CPU, once.
#include "vision/simd.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace tc {

#define TC_DW_TARGET __attribute__((target("avx2,fma")))
#define TC_DW_NS avx2
#include "vision/simd_kernels.inc"
#undef TC_DW_TARGET
#undef TC_DW_NS
#define TC_DW_TARGET
#define TC_DW_NS base
#include "vision/simd_kernels.inc"
#undef TC_DW_TARGET
#undef TC_DW_NS

int simd_cpu()
{
    static const int level =
        __builtin_cpu_supports("avx512f") ? 2
        : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1
                                                                          : 0;
    return level;
}

int simd_cap()
{
    static const int cap = [] {
        int c = simd_cpu();
        const char *want = std::getenv("TUCKCAM_SIMD");
        if (want && std::strcmp(want, "avx2") == 0)
            c = std::min(c, 1);
        else if (want && std::strcmp(want, "base") == 0)
            c = 0;
        return c;
    }();
    return cap;
}

const Kernels &simd_kernels()
{
    static const Kernels k = simd_cap() >= 1 ? avx2::table : base::table;
    return k;
}

} // namespace tc
