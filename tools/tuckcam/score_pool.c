/* tools/tuckcam/score_pool.c — `tuckcam score`'s parent process: start
 * the worker processes (score_worker.c), hand out one video at a time over
 * a pipe, read progress, tables and outcomes back over another and the
 * worker's stderr over a third; a worker that dies costs its one video and
 * a new one takes the rest. Ctrl-C / SIGTERM stop the workers. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "score.h"

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    g_stop = sig;
}

int tc_score__stopped(void)
{
    return g_stop != 0;
}

/* Forward whole stderr lines of a worker; keep the last as its reason. */
static void pump_err(pool *p, worker *w, int eof)
{
    char *s = w->errbuf, *nl;
    size_t left = w->err_len;
    if (!s)
        return;
    while ((nl = memchr(s, '\n', left)) || (eof && left)) {
        size_t n = nl ? (size_t)(nl - s) : left;
        const char *msg = s;
        tc_score__clear_bar(p);
        fprintf(stderr, "%.*s\n", (int)n, s);
        if (n > 9 && strncmp(msg, "tuckcam: ", 9) == 0) {
            msg += 9;
            n -= 9;
        }
        if (n > 7 && strncmp(msg, "error: ", 7) == 0) {
            msg += 7;
            n -= 7;
        }
        snprintf(w->last_err, sizeof w->last_err, "%.*s", (int)n, msg);
        n = nl ? n + (size_t)(msg - s) + 1 : left;
        s += n;
        left -= n;
    }
    if (left && s != w->errbuf)
        memmove(w->errbuf, s, left);
    w->err_len = left;
}

static int read_into(int fd, char **buf, size_t *len)
{
    char tmp[4096];
    ssize_t n = read(fd, tmp, sizeof tmp);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : 0;
    if (n == 0)
        return 0;
    char *nb = realloc(*buf, *len + (size_t)n + 1);
    if (!nb)
        return 0;
    memcpy(nb + *len, tmp, (size_t)n);
    *buf = nb;
    *len += (size_t)n;
    return 1;
}

/* Hand worker w its next job, or tell it to stop; with only held jobs
 * left it waits (job -1, command pipe open) and is asked again. */
static void give_job(pool *p, worker *w)
{
    char line[32];
    int idx = tc_score__next_job(p), n;
    w->job = idx < 0 ? -1 : idx;
    w->done = 0;
    w->last_err[0] = '\0';
    if (idx == -1)
        return;
    n = snprintf(line, sizeof line, "%d\n", w->job);
    if (tc_score__write_all(w->cmd_fd, line, (size_t)n) < 0 || idx < 0) {
        close(w->cmd_fd);
        w->cmd_fd = -1;
    }
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static int spawn(pool *p, worker *w)
{
    int cmd[2], res[2], err[2];
    if (pipe(cmd) != 0 || pipe(res) != 0 || pipe(err) != 0) {
        tc_cli_error("cannot start a worker: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);
    w->pid = fork();
    if (w->pid < 0) {
        tc_cli_error("cannot start a worker: %s", strerror(errno));
        return -1;
    }
    if (w->pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        for (int i = 0; i < p->nw; i++)
            if (&p->w[i] != w) {
                close_fd(&p->w[i].cmd_fd);
                close_fd(&p->w[i].res_fd);
                close_fd(&p->w[i].err_fd);
            }
        close(cmd[1]);
        close(res[0]);
        close(err[0]);
        dup2(err[1], STDERR_FILENO);
        close(err[1]);
        p->c->res_fd = res[1];
        exit(tc_score__worker_main(p->c, cmd[0]));
    }
    close(cmd[0]);
    close(res[1]);
    close(err[1]);
    w->cmd_fd = cmd[1];
    w->res_fd = res[0];
    w->err_fd = err[0];
    w->job = -1;
    w->res_len = w->err_len = 0;
    fcntl(w->res_fd, F_SETFD, FD_CLOEXEC);
    fcntl(w->err_fd, F_SETFD, FD_CLOEXEC);
    fcntl(w->cmd_fd, F_SETFD, FD_CLOEXEC);
    give_job(p, w);
    return 0;
}

/* Handle the complete messages in w->res. */
static void parse_res(pool *p, worker *w)
{
    score_ctx *c = p->c;
    size_t off = 0;
    for (;;) {
        char *s = w->res + off, *nl = memchr(s, '\n', w->res_len - off);
        int idx, rc, reps;
        double done;
        size_t len;
        if (!nl)
            break;
        *nl = '\0';
        if (sscanf(s, "T %d %zu", &idx, &len) == 2) {
            size_t have = w->res_len - off - (size_t)(nl + 1 - s);
            if (have < len) {
                *nl = '\n';
                break;
            }
            tc_score__clear_bar(p);
            fwrite(nl + 1, 1, len, stdout);
            fflush(stdout);
            off += (size_t)(nl + 1 - s) + len;
            continue;
        }
        off += (size_t)(nl + 1 - s);
        if (sscanf(s, "P %d %lf %d", &idx, &done, &reps) == 3) {
            w->done = done;
        } else if (sscanf(s, "D %d %d", &idx, &rc) == 2 && idx >= 0 && (size_t)idx < c->batch.n) {
            pump_err(p, w, 0);
            if (rc == 0) {
                c->batch.jobs[idx].status = TC_SUMMARY_OK;
                p->finished++;
                tc_score__job_message(p, idx, "scored");
            } else {
                tc_score__record_failure(p, idx, w->last_err);
            }
            tc_score__release(p, idx);
            if (w->cmd_fd >= 0)
                give_job(p, w);
        } else if (s[0] == 'M') {
            p->models_failed = 1;
            if (w->job >= 0)
                tc_score__release(p, w->job);
            w->job = -1;
            close_fd(&w->cmd_fd);
        }
    }
    if (off && w->res_len > off)
        memmove(w->res, w->res + off, w->res_len - off);
    w->res_len -= off;
}

/* A worker's pipe closed: reap it; the job it held failed (it crashed). */
static void reap(pool *p, worker *w)
{
    int st = 0;
    pump_err(p, w, 1);
    close_fd(&w->cmd_fd);
    close_fd(&w->res_fd);
    close_fd(&w->err_fd);
    while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
    if (w->job >= 0 && !g_stop) {
        char why[600];
        if (WIFSIGNALED(st))
            snprintf(why, sizeof why, "the worker scoring it stopped with signal %d (%s)%s%s",
                     WTERMSIG(st), strsignal(WTERMSIG(st)), w->last_err[0] ? "; last message: " : "",
                     w->last_err);
        else
            snprintf(why, sizeof why, "the worker scoring it exited with status %d%s%s",
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1,
                     w->last_err[0] ? "; last message: " : "", w->last_err);
        tc_score__record_failure(p, w->job, why);
    }
    if (w->job >= 0 && p->c->out_dir) {
        tc_score__drop_part(p, w->job);
        tc_score__release(p, w->job);
    }
    w->job = -1;
    if (WIFEXITED(st) && WEXITSTATUS(st) == TC_EXIT_MODELS)
        p->models_failed = 1;
}

static int run_pool(pool *p)
{
    struct pollfd *fds = calloc((size_t)p->nw * 2, sizeof *fds);
    int alive = 0, killed = 0;
    if (!fds)
        return -1;
    for (int i = 0; i < p->nw; i++) {
        p->w[i].cmd_fd = p->w[i].res_fd = p->w[i].err_fd = -1;
        p->w[i].pid = 0;
    }
    for (int i = 0; i < p->nw; i++) {
        if (spawn(p, &p->w[i]) < 0)
            break;
        alive++;
    }
    while (alive > 0) {
        for (int i = 0; i < p->nw; i++) {
            fds[2 * i].fd = p->w[i].res_fd;
            fds[2 * i + 1].fd = p->w[i].err_fd;
            fds[2 * i].events = fds[2 * i + 1].events = POLLIN;
        }
        if (g_stop > 0 && !killed) {
            for (int i = 0; i < p->nw; i++)
                if (p->w[i].pid > 0)
                    kill(p->w[i].pid, SIGTERM);
            killed = 1;
        }
        if (poll(fds, (nfds_t)p->nw * 2, 200) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < p->nw; i++) {
            worker *w = &p->w[i];
            if (w->pid > 0 && w->job < 0 && w->cmd_fd >= 0)
                give_job(p, w);     /* waiting for a video another run holds */
            if (fds[2 * i + 1].revents && w->err_fd >= 0) {
                if (read_into(w->err_fd, &w->errbuf, &w->err_len))
                    pump_err(p, w, 0);
                else
                    close_fd(&w->err_fd);
            }
            if (fds[2 * i].revents && w->res_fd >= 0) {
                if (read_into(w->res_fd, &w->res, &w->res_len)) {
                    parse_res(p, w);
                } else {
                    while (w->err_fd >= 0 && read_into(w->err_fd, &w->errbuf, &w->err_len))
                        ;
                    reap(p, w);
                    alive--;
                    if (!g_stop && !p->models_failed &&
                        (p->next < p->ntodo || p->ndeferred) && spawn(p, w) == 0)
                        alive++;
                }
            }
        }
        if (p->models_failed && !g_stop)
            g_stop = -1;
        tc_score__draw_bar(p, 0);
    }
    free(fds);
    for (int i = 0; i < p->nw; i++) {
        free(p->w[i].res);
        free(p->w[i].errbuf);
    }
    return 0;
}

void tc_score__run(pool *p)
{
    struct sigaction sa, old_int, old_term, old_pipe;
    g_stop = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sa.sa_handler = SIG_IGN;        /* a worker gone: EPIPE on its pipe, said as its failure */
    sigaction(SIGPIPE, &sa, &old_pipe);
    p->t0 = tc_score__now();
    if (p->nw > 0) {
        p->w = calloc((size_t)p->nw, sizeof *p->w);
        if (!p->w || run_pool(p) < 0)
            tc_cli_error("out of memory");
    }
    tc_score__clear_bar(p);
    p->interrupted = g_stop > 0;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
}
