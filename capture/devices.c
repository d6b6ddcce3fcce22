/* capture/devices.c — list V4L2 capture devices and their modes. */
#include "capture/capture_impl.h"

#include <dirent.h>
#include <errno.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/v4l2_io.h"

static int by_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);
    return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y); /* video2 < video10 */
}

static void modes(const tc_v4l2_io *io, int fd, const char *path,
                  tc_camera_cb cb, void *user)
{
    struct v4l2_fmtdesc fd_;
    memset(&fd_, 0, sizeof fd_);
    fd_.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    for (fd_.index = 0; fd_.index < 64 &&
         tc_capture__ioctl(io, fd, VIDIOC_ENUM_FMT, &fd_) == 0; fd_.index++) {
        struct v4l2_frmsizeenum fs;
        tc_camera_mode m;
        if (fd_.flags & V4L2_FMT_FLAG_EMULATED)
            continue;
        memset(&m, 0, sizeof m);
        tc_capture__fourcc(m.fourcc, fd_.pixelformat);
        snprintf(m.description, sizeof m.description, "%.31s",
                 (const char *)fd_.description);
        memset(&fs, 0, sizeof fs);
        fs.pixel_format = fd_.pixelformat;
        for (fs.index = 0; fs.index < 256 &&
             tc_capture__ioctl(io, fd, VIDIOC_ENUM_FRAMESIZES, &fs) == 0; fs.index++) {
            int step = fs.type != V4L2_FRMSIZE_TYPE_DISCRETE;
            m.width = (int)(step ? fs.stepwise.max_width : fs.discrete.width);
            m.height = (int)(step ? fs.stepwise.max_height : fs.discrete.height);
            m.stepwise = step;
            m.n_fps = tc_capture__frame_rates(io, fd, fd_.pixelformat, m.width,
                                              m.height, m.fps, 8);
            cb(user, path, NULL, NULL, &m);
            if (step)
                break;
        }
    }
}

int tc_capture__list_devices_io(const char *dir, tc_camera_cb cb, void *user,
                                const tc_v4l2_io *io)
{
    DIR *d = opendir(dir ? dir : "/dev");
    struct dirent *e;
    char *names[256];
    int n = 0, found = 0;
    if (!d)
        return errno == ENOENT && !dir ? 0 : tc_status_from_errno(errno);
    while ((e = readdir(d)) && n < 256)
        if (strncmp(e->d_name, "video", 5) == 0 && (names[n] = strdup(e->d_name)))
            n++;
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    for (int i = 0; i < n; i++) {
        char path[512];
        struct v4l2_capability qc;
        int fd;
        uint32_t caps;
        snprintf(path, sizeof path, "%s/%s", dir ? dir : "/dev", names[i]);
        free(names[i]);
        fd = io->open(io->user, path);
        if (fd < 0)
            continue;
        if (tc_capture__querycap(io, fd, &qc, &caps) == 0) {
            if (caps & V4L2_CAP_VIDEO_CAPTURE) {
                char card[33], bus[33];
                snprintf(card, sizeof card, "%.32s", (const char *)qc.card);
                snprintf(bus, sizeof bus, "%.32s", (const char *)qc.bus_info);
                cb(user, path, card, bus, NULL);
                modes(io, fd, path, cb, user);
                found++;
            }
        }
        io->close(io->user, fd);
    }
    return found;
}

int tc_capture_list_devices(const char *dir, tc_camera_cb cb, void *user)
{
    return tc_capture__list_devices_io(dir, cb, user, tc_capture__libv4l2_io());
}
