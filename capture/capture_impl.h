/* capture/capture_impl.h — the backend table behind tc_capture (private).
 * A backend fills tc_capture__ops and its own state; capture.c dispatches.
 * Tests plug in fake backends the same way. */
#ifndef TC_CAPTURE_CAPTURE_IMPL_H
#define TC_CAPTURE_CAPTURE_IMPL_H

#include "capture/capture.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_capture__ops {
    const char *name;
    int  (*read)(tc_capture *cap, tc_frame *frame, int timeout_ms);
    void (*destroy)(tc_capture *cap);   /* frees cap->priv only */
} tc_capture__ops;

struct tc_capture {
    const tc_capture__ops *ops;
    void                  *priv;         /* backend state */
    tc_capture_config      cfg;          /* negotiated */
    tc_capture_stats       stats;
    char                   err[256];
};

/** Allocate a handle for backend `ops`; cfg may be NULL for defaults. */
TC_NODISCARD int tc_capture__alloc(tc_capture **out,
                                   const tc_capture__ops *ops,
                                   const tc_capture_config *cfg);
/** Record an error message on the handle and return `code`. */
int tc_capture__fail(tc_capture *cap, int code, const char *fmt, ...)
    TC_PRINTF(3, 4);
/** Send a message to the configured log callback, if any. */
void tc_capture__log(const tc_capture *cap, tc_log_level lvl,
                     const char *fmt, ...) TC_PRINTF(3, 4);

#ifdef __cplusplus
}
#endif
#endif /* TC_CAPTURE_CAPTURE_IMPL_H */
