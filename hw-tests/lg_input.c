/*
 * lg_input.c - opening consoles and reading them all with poll(2) (see lg_input.h).
 */
#define _GNU_SOURCE
#include "hw-tests/lg_input.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define READ_CHUNK 4096

double lg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- INPUT arguments ---- */

/* Split "host:port" (the last colon; [v6]:port also works) into src. */
static int parse_hostport(const char *s, struct lg_source *src, char *err, size_t errlen)
{
    const char *colon = strrchr(s, ':');
    size_t hl;

    if (!colon || colon == s || !colon[1] || strlen(colon + 1) >= sizeof(src->port)) {
        snprintf(err, errlen, "'%s': want HOST:PORT", s);
        return -1;
    }
    hl = (size_t)(colon - s);
    if (s[0] == '[' && hl >= 2 && s[hl - 1] == ']') {
        s++;
        hl -= 2;
    }
    if (hl >= sizeof(src->path)) {
        snprintf(err, errlen, "host name too long");
        return -1;
    }
    memcpy(src->path, s, hl);
    src->path[hl] = 0;
    snprintf(src->port, sizeof(src->port), "%s", colon + 1);
    return 0;
}

/* The SOURCE part: "-", "file:P", "serial:D", "tcp:H:P", "telnet:H:P" or a path. */
static int parse_where(const char *s, struct lg_source *src, char *err, size_t errlen)
{
    struct stat st;

    if (!strcmp(s, "-")) {
        src->kind = LG_SRC_STDIN;
        return 0;
    }
    if (!strncmp(s, "tcp:", 4) || !strncmp(s, "telnet:", 7)) {
        src->kind = s[1] == 'c' ? LG_SRC_TCP : LG_SRC_TELNET;
        return parse_hostport(strchr(s, ':') + 1, src, err, errlen);
    }
    if (!strncmp(s, "file:", 5)) {
        src->kind = LG_SRC_FILE;
        s += 5;
    } else if (!strncmp(s, "serial:", 7)) {
        src->kind = LG_SRC_SERIAL;
        s += 7;
    } else /* a bare path: a character device is a serial port or pty */
        src->kind = stat(s, &st) == 0 && S_ISCHR(st.st_mode) ? LG_SRC_SERIAL : LG_SRC_FILE;
    if (!*s || strlen(s) >= sizeof(src->path)) {
        snprintf(err, errlen, "bad path '%s'", s);
        return -1;
    }
    memcpy(src->path, s, strlen(s) + 1); /* length checked above */
    return 0;
}

/* A mode like "8N1": data bits 5-8, parity N/E/O, stop bits 1-2. */
static int mode_ok(const char *m)
{
    return strlen(m) == 3 && m[0] >= '5' && m[0] <= '8' && strchr("NEO", m[1]) && m[1] &&
           (m[2] == '1' || m[2] == '2');
}

/* One ",key=value" option. */
static int parse_option(const char *opt, struct lg_source *src, char *err, size_t errlen)
{
    const char *v = strchr(opt, '=');
    char *end;

    if (!v)
        goto bad;
    v++;
    if (!strncmp(opt, "timeout=", 8)) {
        src->timeout = strtod(v, &end);
        if (*end || src->timeout <= 0)
            goto bad;
    } else if (!strncmp(opt, "baud=", 5)) {
        src->baud = (uint32_t)strtoul(v, &end, 10);
        if (*end || src->baud == 0)
            goto bad;
    } else if (!strncmp(opt, "mode=", 5) && mode_ok(v)) {
        memcpy(src->mode, v, 4);
    } else if (!strncmp(opt, "wait=", 5)) {
        src->wait = strtod(v, &end);
        if (*end || src->wait <= 0)
            goto bad;
    } else if (!strncmp(opt, "resend=", 7)) {
        src->resend = (int)strtol(v, &end, 10);
        if (*end || !*v || src->resend < 0 || src->resend > 100)
            goto bad;
    } else if (!strncmp(opt, "kernel=", 7) && *v && strlen(v) < sizeof(src->kernel)) {
        snprintf(src->kernel, sizeof(src->kernel), "%s", v);
    } else if (!strcmp(opt, "until=eof") || !strcmp(opt, "until=end")) {
        src->until_eof = opt[6] == 'e' && opt[7] == 'o';
    } else {
        goto bad;
    }
    return 0;
bad:
    snprintf(err, errlen, "bad input option '%s'", opt);
    return -1;
}

int lg_source_parse(const char *arg, const struct lg_source *defaults, struct lg_source *src,
                    char *name, size_t namecap, char *err, size_t errlen)
{
    char buf[LG_PATH * 2], *opts, *tok, *save = NULL, *eq;

    if (strlen(arg) >= sizeof(buf)) {
        snprintf(err, errlen, "input argument too long");
        return -1;
    }
    *src = *defaults;
    snprintf(src->spec, sizeof(src->spec), "%s", arg);
    snprintf(buf, sizeof(buf), "%s", arg);
    name[0] = 0;
    if ((opts = strchr(buf, ',')))
        *opts++ = 0;
    /* NAME=: a name has no '/' or ':' before the '=' (paths and URLs do). */
    eq = strchr(buf, '=');
    if (eq && eq > buf && strcspn(buf, "/:") > (size_t)(eq - buf)) {
        *eq = 0;
        snprintf(name, namecap, "%s", buf);
        memmove(buf, eq + 1, strlen(eq + 1) + 1);
    }
    if (parse_where(buf, src, err, errlen) < 0)
        return -1;
    src->until_eof = -1; /* auto: decided when the input is opened */
    for (tok = opts ? strtok_r(opts, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save))
        if (parse_option(tok, src, err, errlen) < 0)
            return -1;
    return 0;
}

void lg_default_name(const struct lg_source *src, char *name, size_t cap)
{
    const char *slash = strrchr(src->path, '/');

    if (src->kind == LG_SRC_STDIN)
        snprintf(name, cap, "stdin");
    else if (src->kind == LG_SRC_TCP || src->kind == LG_SRC_TELNET)
        snprintf(name, cap, "%s:%s", src->path, src->port);
    else
        snprintf(name, cap, "%s", slash ? slash + 1 : src->path);
}

/* ---- opening ---- */

/* termios speed constant for a baud rate, or 0 if the rate is not standard. */
static speed_t speed_of(uint32_t baud)
{
    static const struct {
        uint32_t baud;
        speed_t s;
    } t[] = {{1200, B1200},     {2400, B2400},     {4800, B4800},    {9600, B9600},
             {19200, B19200},   {38400, B38400},   {57600, B57600},  {115200, B115200},
             {230400, B230400}, {460800, B460800}, {921600, B921600}};
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (t[i].baud == baud)
            return t[i].s;
    return 0;
}

/* Raw mode (no echo, no line editing, no flow control) at baud and mode "8N1". */
static int set_line(int fd, uint32_t baud, const char *mode, char *err, size_t errlen)
{
    static const tcflag_t bits[] = {CS5, CS6, CS7, CS8};
    struct termios t;
    speed_t sp = speed_of(baud);

    if (tcgetattr(fd, &t) < 0)
        return 0; /* not a terminal (a FIFO, say): read it as it is */
    if (!sp) {
        snprintf(err, errlen, "unsupported baud rate %u", baud);
        return -1;
    }
    cfmakeraw(&t);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
    t.c_cflag |= bits[mode[0] - '5'] | CLOCAL | CREAD;
    t.c_cflag |= mode[1] == 'N' ? 0 : PARENB | (mode[1] == 'O' ? PARODD : 0);
    t.c_cflag |= mode[2] == '2' ? CSTOPB : 0;
    t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    cfsetispeed(&t, sp);
    cfsetospeed(&t, sp);
    if (tcsetattr(fd, TCSANOW, &t) < 0) {
        snprintf(err, errlen, "tcsetattr: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* Start a non-blocking TCP connect to the source's host and port. */
static int open_tcp(struct lg_pc *pc)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai;
    int r = getaddrinfo(pc->src.path, pc->src.port, &hints, &ai), fd;

    if (r != 0) {
        snprintf(pc->input_error, sizeof(pc->input_error), "%s: %s", pc->src.path, gai_strerror(r));
        return -1;
    }
    fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    if (fd < 0) {
        snprintf(pc->input_error, sizeof(pc->input_error), "connect %.200s:%s: %s", pc->src.path,
                 pc->src.port, strerror(errno));
        return -1;
    }
    pc->connecting = 1;
    return fd;
}

/*
 * Why a console could not be opened, and what to do. A serial port belongs
 * to a group (Debian: dialout) whose members may open it; a user outside it
 * gets EACCES.
 */
static void open_error(struct lg_pc *pc, int err)
{
    const char *what = pc->src.kind == LG_SRC_STDIN ? "stdin" : pc->src.path;
    struct stat st;
    struct group *g;

    if (err == EACCES && pc->src.kind == LG_SRC_SERIAL && stat(pc->src.path, &st) == 0 &&
        (g = getgrgid(st.st_gid)) && st.st_gid != 0)
        snprintf(pc->input_error, sizeof(pc->input_error),
                 "%.100s: Permission denied; group '%.20s' may open it: sudo usermod -aG %.20s "
                 "$USER, then log in again",
                 what, g->gr_name, g->gr_name);
    else
        snprintf(pc->input_error, sizeof(pc->input_error), "%.200s: %s", what, strerror(err));
}

/* Open a file, device or stdin; resolve until=auto. Returns the fd or -1. */
static int open_local(struct lg_pc *pc)
{
    struct stat st;
    int fd = pc->src.kind == LG_SRC_STDIN ? dup(0) : -1;

    if (pc->src.kind == LG_SRC_SERIAL)
        fd = open(pc->src.path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    else if (pc->src.kind == LG_SRC_FILE)
        fd = open(pc->src.path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        open_error(pc, errno);
        return -1;
    }
    if (pc->src.until_eof < 0)
        pc->src.until_eof = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (pc->src.kind == LG_SRC_SERIAL &&
        set_line(fd, pc->src.baud, pc->src.mode, pc->input_error, sizeof(pc->input_error)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Open one PC's input; on failure the PC is marked done with input_error set. */
static void open_input(struct lg_pc *pc, double t0)
{
    int tcp = pc->src.kind == LG_SRC_TCP || pc->src.kind == LG_SRC_TELNET;

    pc->t_start = lg_now() - t0;
    if (tcp && pc->src.until_eof < 0)
        pc->src.until_eof = 0;
    if (pc->src.kind == LG_SRC_TELNET && !(pc->telnet = calloc(1, sizeof(*pc->telnet)))) {
        snprintf(pc->input_error, sizeof(pc->input_error), "out of memory");
        return;
    }
    if (pc->telnet)
        lg_telnet_init(pc->telnet);
    pc->fd = tcp ? open_tcp(pc) : open_local(pc);
    pc->open = pc->fd >= 0;
    if (!pc->open)
        pc->t_end = pc->t_start;
}

/* ---- reading ---- */

/* Live mode: a line of the grader's own about a PC, in parentheses. */
static void live_say(struct lg_pc *pc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void live_say(struct lg_pc *pc, const char *fmt, ...)
{
    char text[LG_REASON], safe[LG_REASON];
    va_list ap;

    if (!pc->live)
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    lg_safe(text, safe, sizeof(safe));
    fprintf(pc->live, "%7.2fs %-12s | (%s)\n", lg_now() - pc->t0, pc->name, safe);
    fflush(pc->live);
}

/* Live mode: one console line, or a report marker, with the PC's name and time. */
static void live_line(const char *line, size_t len, int flags, void *arg)
{
    struct lg_pc *pc = arg;
    char safe[LG_LINE_MAX + 1];
    const char *at;
    int version, marker;

    lg_pc_line(line, len, flags, pc);
    marker = lg_marker(line, &at, &version);
    if (pc->col.in_report && marker == 0)
        return; /* report lines are graded, not shown */
    lg_safe(marker ? at : line, safe, sizeof(safe));
    fprintf(pc->live, "%7.2fs %-12s | %s\n", lg_now() - pc->t0, pc->name, safe);
    fflush(pc->live);
}

/* Stop reading a PC: pass on a partial last line, close, note the time; live: say why. */
static void finish(struct lg_pc *pc, const char *why)
{
    lg_line_flush(&pc->lb);
    close(pc->fd);
    pc->fd = -1;
    pc->open = 0;
    pc->t_end = lg_now() - pc->t0;
    live_say(pc, "console closed: %s", pc->input_error[0] ? pc->input_error : why);
}

/* Send the request byte: the kernel sends its report again (docs/report-format.md). */
static void ask(struct lg_pc *pc, const char *why)
{
    static const uint8_t req = LG_REQUEST;

    pc->requests++;
    pc->asking = 1;
    pc->t_asked = lg_now() - pc->t0;
    live_say(pc, "asked for another copy (%d of %d): %s", pc->requests, pc->src.resend, why);
    if (write(pc->fd, &req, 1) != 1)
        snprintf(pc->input_error, sizeof(pc->input_error), "write: %s", strerror(errno));
}

/* An end marker came: ask again for a damaged copy, else close a live input. */
static void copy_ended(struct lg_pc *pc)
{
    pc->col.finished = 0;
    pc->asking = 0;
    if (lg_pc_should_ask(pc))
        ask(pc, pc->col.damage);
    else if (!pc->src.until_eof)
        finish(pc, pc->col.last_intact ? "end marker" : "end marker, report damaged");
}

/* A TCP connect finished (POLLOUT): success, or an error that ends the input. */
static void connected(struct lg_pc *pc)
{
    int e = 0;
    socklen_t len = sizeof(e);

    pc->connecting = 0;
    if (getsockopt(pc->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0 || e != 0) {
        snprintf(pc->input_error, sizeof(pc->input_error), "connect %.200s:%s: %s", pc->src.path,
                 pc->src.port, strerror(e ? e : errno));
        finish(pc, "connect failed");
    }
}

/* Telnet: strip commands in place, send the negotiation answers. Returns data bytes left. */
static size_t telnet_step(struct lg_pc *pc, uint8_t *buf, size_t n)
{
    n = lg_telnet_filter(pc->telnet, buf, n);
    if (pc->telnet->nreply && write(pc->fd, pc->telnet->reply, pc->telnet->nreply) < 0)
        snprintf(pc->input_error, sizeof(pc->input_error), "telnet write: %s", strerror(errno));
    pc->telnet->nreply = 0;
    return n;
}

/* Read once from a readable PC and feed what came. */
static void read_input(struct lg_pc *pc)
{
    uint8_t buf[READ_CHUNK];
    ssize_t n = read(pc->fd, buf, sizeof(buf));

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n < 0 && errno != EIO) /* EIO: the other end of a pty closed (QEMU exited) */
        snprintf(pc->input_error, sizeof(pc->input_error), "read: %s", strerror(errno));
    if (n <= 0) {
        finish(pc, "end of input");
        return;
    }
    pc->t_last = lg_now() - pc->t0;
    if (pc->t_first < 0)
        pc->t_first = pc->t_last;
    lg_pc_feed(pc, buf, pc->telnet ? telnet_step(pc, buf, (size_t)n) : (size_t)n);
    if (pc->col.finished)
        copy_ended(pc);
    if (pc->open && !pc->src.until_eof && pc->col.halted)
        finish(pc, "the PC halted");
}

/*
 * Seconds from the start of the run to a PC's deadline: its timeout; or,
 * with wait=, its timeout after its first byte, and wait until that byte.
 */
static double deadline(const struct lg_pc *pc)
{
    if (pc->src.wait <= 0)
        return pc->src.timeout;
    return pc->t_first < 0 ? pc->src.wait : pc->t_first + pc->src.timeout;
}

/*
 * Silence: a request that got no copy, or a report that stopped short (its
 * end marker lost), for resend_wait seconds. Ask (again) while requests
 * remain; after the last one, give up on this input. Returns seconds until
 * this PC's silence would count (-1: not waiting for anything).
 */
static double silence(struct lg_pc *pc, double now)
{
    char why[128];
    double since = pc->asking && pc->t_asked > pc->t_last ? pc->t_asked : pc->t_last;
    int waiting = pc->asking || (pc->col.in_report && lg_pc_can_ask(pc, why, sizeof(why)));
    double left = since + pc->src.resend_wait - now;

    if (!waiting || pc->t_first < 0)
        return -1;
    if (left > 0)
        return left;
    if (pc->requests >= pc->src.resend) {
        finish(pc, "no intact copy came after the last request");
        return -1;
    }
    if (pc->asking)
        ask(pc, "no copy came");
    else
        ask(pc, "the report stopped short: no end marker");
    return pc->src.resend_wait;
}

/* Close every PC whose timeout passed, act on silences; ms until the next event (-1: none open). */
static int expire(struct lg_pc *pcs, int n)
{
    double now = lg_now(), next = -1;

    for (int i = 0; i < n; i++) {
        double left, quiet;
        if (!pcs[i].open)
            continue;
        left = deadline(&pcs[i]) - (now - pcs[i].t0);
        if (left <= 0) {
            pcs[i].timed_out = 1;
            finish(&pcs[i], "timeout");
            continue;
        }
        quiet = pcs[i].connecting ? -1 : silence(&pcs[i], now - pcs[i].t0);
        if (!pcs[i].open)
            continue;
        if (quiet >= 0 && quiet < left)
            left = quiet;
        if (next < 0 || left < next)
            next = left;
    }
    return next < 0 ? -1 : (int)(next * 1000) + 1;
}

/* Fill fds[] with the open PCs (idx[] maps back). Returns the count. */
static int gather(struct lg_pc *pcs, int n, struct pollfd *fds, int *idx)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!pcs[i].open)
            continue;
        fds[k] = (struct pollfd){pcs[i].fd, pcs[i].connecting ? POLLOUT : POLLIN, 0};
        idx[k++] = i;
    }
    return k;
}

/* Tell the caller about every PC whose input ended since the last call (told[] remembers). */
static void tell_ended(struct lg_pc *pcs, int n, char *told, const struct lg_progress *prog)
{
    for (int i = 0; prog && told && i < n; i++) {
        if (pcs[i].open || told[i])
            continue;
        told[i] = 1;
        prog->update(pcs, n, &pcs[i], prog->arg);
    }
}

void lg_run(struct lg_pc *pcs, int n, int live, FILE *out, const struct lg_progress *prog)
{
    struct pollfd *fds = calloc((size_t)n + 1, sizeof(*fds));
    int *idx = calloc((size_t)n + 1, sizeof(*idx)), wait_ms, k;
    char *told = calloc((size_t)n + 1, 1);
    double t0 = lg_now();

    for (int i = 0; i < n; i++) {
        pcs[i].t0 = t0;
        pcs[i].live = live ? out : NULL;
        if (live) {
            pcs[i].lb.fn = live_line;
            pcs[i].lb.arg = &pcs[i];
        }
        open_input(&pcs[i], t0);
    }
    while (fds && idx && (wait_ms = expire(pcs, n)) >= 0) {
        tell_ended(pcs, n, told, prog);
        k = gather(pcs, n, fds, idx);
        if (prog && (wait_ms > LG_PROGRESS_MS || wait_ms < 0))
            wait_ms = LG_PROGRESS_MS;
        if (poll(fds, (nfds_t)k, wait_ms) < 0 && errno != EINTR)
            break;
        for (int j = 0; j < k; j++) {
            struct lg_pc *pc = &pcs[idx[j]];
            if (pc->open && pc->connecting && fds[j].revents)
                connected(pc);
            else if (pc->open && fds[j].revents)
                read_input(pc);
        }
        tell_ended(pcs, n, told, prog);
        if (prog)
            prog->update(pcs, n, NULL, prog->arg);
    }
    tell_ended(pcs, n, told, prog);
    free(fds);
    free(idx);
    free(told);
}
