/* core/sparc.c — spectral arc length (SPARC), the smoothness measure of
 * Balasubramanian, Melendez-Calderon, Roby-Brami, Burdet (J NeuroEng Rehab
 * 2015): the arc length of the normalised Fourier magnitude spectrum of the
 * speed profile, up to an adaptive cut-off (10 Hz at most, or the last
 * frequency where the magnitude is above 5 % of its peak). A smooth bell
 * gives about -1.6; each extra sub-movement makes it more negative. It does
 * not depend on the movement's amplitude or duration, which is why it is
 * used here rather than a count of velocity peaks (which noise inflates). */
#include "core/scorer.h"

#include <math.h>

#define SPARC_FC_HZ     10.0
#define SPARC_AMP_TH    0.05
#define SPARC_PAD_LOG2  4

/* Magnitude of the DFT of v (zero-padded to npad) at bin k. */
static double dft_mag(const double *v, size_t n, size_t npad, size_t k)
{
    const double w = -2.0 * M_PI * (double)k / (double)npad;
    const double cw = cos(w), sw = sin(w);
    double re = 0, im = 0, zr = 1, zi = 0;
    for (size_t j = 0; j < n; j++) {
        double t;
        re += v[j] * zr;
        im += v[j] * zi;
        t = zr * cw - zi * sw;   /* z *= e^{iw} */
        zi = zr * sw + zi * cw;
        zr = t;
        if ((j & 63) == 63) {    /* renormalise the rotation against drift */
            double m = sqrt(zr * zr + zi * zi);
            zr /= m;
            zi /= m;
        }
    }
    return sqrt(re * re + im * im);
}

double tc_sparc(const double *speed, size_t n, double fs)
{
    size_t npad = 1, kmax, kcut = 0;
    double m0, prev_m, len = 0;

    if (!speed || n < 3 || !(fs > 0))
        return NAN;
    while (npad < n)
        npad <<= 1;
    npad <<= SPARC_PAD_LOG2;
    kmax = (size_t)floor(SPARC_FC_HZ * (double)npad / fs);
    if (kmax > npad / 2)
        kmax = npad / 2;
    if (kmax < 2)
        return NAN;
    m0 = dft_mag(speed, n, npad, 0);
    if (!(m0 > 0))
        return NAN;
    /* Adaptive cut-off: the last bin within 10 Hz above the threshold. */
    for (size_t k = 0; k <= kmax; k++)
        if (dft_mag(speed, n, npad, k) / m0 >= SPARC_AMP_TH)
            kcut = k;
    if (kcut < 1)
        kcut = 1;
    prev_m = 1.0;
    for (size_t k = 1; k <= kcut; k++) {
        double m = dft_mag(speed, n, npad, k) / m0;
        double df = 1.0 / (double)kcut, dm = m - prev_m;
        len += sqrt(df * df + dm * dm);
        prev_m = m;
    }
    return -len;
}
