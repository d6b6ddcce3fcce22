/* core/rep_repeats.c — a video's repeated faces in a rep's window.
 *
 * An encoder codes a face that moves slowly (a chin tuck seen from the
 * front is a 3 % zoom) as skipped blocks, so a video's predicted frames
 * often show the face's pixels of the frame before, exactly
 * (pipeline/face_change.c tells them). The landmark models, whose crop
 * follows their last answer, still drift on such a repeat: on
 * fixtures/gt/good_front_hopper.mkv the head's travel fell 6 mm over 4
 * identical frames, and on dim_noisy.mkv it jumps +-1.3 mm frame to frame.
 * Those are not the person's movements, so when a rep is timed a repeated
 * face keeps the raw head travel and activity of the frame before. The
 * online filters and the calibration's noise are left as they are (a
 * repeat held there would read as no noise at all). */
#include "core/scorer_impl.h"

void tc_scorer__hold_repeats(rep_window *w)
{
    for (size_t i = 1; i < w->n; i++)
        if (w->repeat[i]) {
            w->act[i] = w->act[i - 1];
            w->head[i] = w->head[i - 1];
        }
}
