/* paced-server: a single-threaded epoll HTTP/1.1 server on 127.0.0.1 that plays a planted
 * OpenAI-compatible event stream, for benchmarking load generators (bench/perf).
 *
 * Usage: paced-server PORT [TTFT_S [ITL_S [N [SPIN_S]]]]   (defaults 0.05 0.01 16 0.0002)
 *
 *   GET  /v1/models            {"object":"list","data":[{"id":"paced","object":"model"}]}
 *   GET  /stats                {"requests":R,"chunks":C,"late_max_s":X,"late_mean_s":Y}
 *                              (lateness = time a chunk was written - its deadline)
 *   GET  /stats/reset          the same, then zeroes the counters
 *   POST /v1/chat/completions  (and /v1/completions, /chat/completions, /completions)
 *        HTTP 200, text/event-stream, chunked, keep-alive. Deadlines are absolute, counted
 *        from the moment the request (head + Content-Length body) was fully read:
 *          arrival + TTFT            a role chunk and content chunk 1
 *          arrival + TTFT + k*ITL    content chunk k+1 (k = 1 .. N-1)
 *        and with the last content chunk a finish chunk carrying usage
 *        {"prompt_tokens":P,"completion_tokens":N,"total_tokens":P+N} (P = body bytes / 4,
 *        at least 1), "data: [DONE]" and the terminating 0-chunk. A body holding
 *        "stream":false gets one JSON answer (Content-Length) at arrival + TTFT + (N-1)*ITL.
 *   anything else              404 (Content-Length 0)
 * The body content is otherwise ignored. One timerfd armed at the earliest deadline of a
 * binary min-heap wakes the loop SPIN_S early (timer slack 1 ns) and the loop spins to the
 * deadline, so chunks leave within microseconds and lateness never accumulates. SIGINT/SIGTERM print the
 * counters on stderr and exit 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_HEAD (64 * 1024)
#define MAX_BODY (64 * 1024 * 1024)

static int64_t ttft_ns = 50000000, itl_ns = 10000000;
static int n_tokens = 16;
static int64_t spin_ns = 200000;   /* wake this early, then spin to the deadline */

static volatile sig_atomic_t stop_flag = 0;
static void on_signal(int s) { (void)s; stop_flag = 1; }

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ------------------------------------------------------------------ buffers */
typedef struct { char *p; size_t len, cap, off; } buf_t;

static void buf_reserve(buf_t *b, size_t extra) {
    if (b->len + extra <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) { perror("realloc"); exit(1); }
    b->p = p; b->cap = cap;
}
static void buf_add(buf_t *b, const char *s, size_t n) { buf_reserve(b, n); memcpy(b->p + b->len, s, n); b->len += n; }
static void buf_compact(buf_t *b) {
    if (b->off == 0) return;
    memmove(b->p, b->p + b->off, b->len - b->off);
    b->len -= b->off; b->off = 0;
}

/* ------------------------------------------------------------------ connections */
enum { READING = 0, STREAMING = 1 };
typedef struct {
    int fd;
    unsigned gen;
    int state;
    int close_after;     /* Connection: close or HTTP/1.0 */
    int want_out;        /* EPOLLOUT registered */
    int draining;        /* last response queued, close once written */
    int kind;            /* 0 chat, 1 completions */
    int stream;
    int next;            /* next content chunk index */
    int prompt_tokens;
    int64_t arrival;
    int64_t head_at;     /* first byte of the request head seen */
    int64_t first_write;
    buf_t in, out;
} conn_t;

static conn_t **conns;
static int conns_cap;
static int epfd, tfd;

/* statistics */
static uint64_t st_requests, st_chunks;
static FILE *req_log;   /* PACED_SERVER_LOG: one line per answered POST */
static double st_late_max, st_late_sum;

/* ------------------------------------------------------------------ timer heap */
typedef struct { int64_t deadline; int fd; unsigned gen; } tev_t;
static tev_t *heap; static size_t heap_len, heap_cap;
static int64_t armed = -1;

static void heap_push(int64_t deadline, int fd, unsigned gen) {
    if (heap_len == heap_cap) {
        heap_cap = heap_cap ? heap_cap * 2 : 1024;
        heap = realloc(heap, heap_cap * sizeof *heap);
        if (!heap) { perror("realloc"); exit(1); }
    }
    size_t i = heap_len++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (heap[parent].deadline <= deadline) break;
        heap[i] = heap[parent]; i = parent;
    }
    heap[i].deadline = deadline; heap[i].fd = fd; heap[i].gen = gen;
}
static tev_t heap_pop(void) {
    tev_t top = heap[0], last = heap[--heap_len];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= heap_len) break;
        if (c + 1 < heap_len && heap[c + 1].deadline < heap[c].deadline) c++;
        if (last.deadline <= heap[c].deadline) break;
        heap[i] = heap[c]; i = c;
    }
    if (heap_len) heap[i] = last;
    return top;
}
static void arm_timer(void) {
    int64_t want = 0;
    if (heap_len) {
        want = heap[0].deadline - spin_ns;
        if (want <= 0) want = 1;
    }
    if (want == armed) return;
    struct itimerspec its = {0};
    if (heap_len) {
        its.it_value.tv_sec = want / 1000000000LL;
        its.it_value.tv_nsec = want % 1000000000LL;
    }
    timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
    armed = want;
}

/* ------------------------------------------------------------------ io */
static void close_conn(conn_t *c) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    conns[c->fd] = NULL;
    free(c->in.p); free(c->out.p);
    free(c);
}

static void set_out_interest(conn_t *c, int want) {
    if (c->want_out == want && !c->draining) return;
    struct epoll_event ev = { .events = c->draining ? EPOLLOUT : (EPOLLIN | EPOLLRDHUP | (want ? EPOLLOUT : 0)), .data.fd = c->fd };
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want;
}

/* Writes what it can; 0 ok, -1 the connection was closed. */
static int flush_out(conn_t *c) {
    while (c->out.off < c->out.len) {
        ssize_t n = write(c->fd, c->out.p + c->out.off, c->out.len - c->out.off);
        if (n > 0) { c->out.off += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { set_out_interest(c, 1); return 0; }
        close_conn(c); return -1;
    }
    c->out.off = c->out.len = 0;
    set_out_interest(c, 0);
    return 0;
}

static void add_chunk(buf_t *b, const char *data, size_t n) {
    char head[32];
    int h = snprintf(head, sizeof head, "%zx\r\n", n);
    buf_reserve(b, (size_t)h + n + 2);
    buf_add(b, head, (size_t)h); buf_add(b, data, n); buf_add(b, "\r\n", 2);
}
static void add_event(buf_t *b, const char *json) {
    char tmp[1024];
    int n = snprintf(tmp, sizeof tmp, "data: %s\n\n", json);
    add_chunk(b, tmp, (size_t)n);
}

static void simple_response(conn_t *c, int status, const char *reason, const char *ctype, const char *body) {
    char head[512];
    size_t blen = body ? strlen(body) : 0;
    int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: %s\r\n\r\n",
                     status, reason, ctype, blen, c->close_after ? "close" : "keep-alive");
    buf_add(&c->out, head, (size_t)n);
    if (blen) buf_add(&c->out, body, blen);
}

static int64_t chunk_deadline(conn_t *c, int k) { return c->arrival + ttft_ns + (int64_t)k * itl_ns; }

static void note_late(int64_t deadline, int64_t now) {
    double late = (double)(now - deadline) / 1e9;
    if (late < 0) late = 0;
    if (late > st_late_max) st_late_max = late;
    st_late_sum += late;
    st_chunks++;
}

static void finish_response(conn_t *c);

/* Emits every chunk whose deadline has passed; schedules the next one. */
static void advance_stream(conn_t *c, int64_t now) {
    if (!c->stream) {
        int64_t d = chunk_deadline(c, n_tokens - 1);
        if (d > now) { heap_push(d, c->fd, c->gen); return; }
        note_late(d, now);
        c->first_write = now;
        char body[1024];
        int n;
        if (c->kind == 0)
            n = snprintf(body, sizeof body, "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"paced\",\"choices\":[{\"index\":0,"
                         "\"message\":{\"role\":\"assistant\",\"content\":\"tok x%d\"},\"finish_reason\":\"length\"}],"
                         "\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}}",
                         n_tokens, c->prompt_tokens, n_tokens, c->prompt_tokens + n_tokens);
        else
            n = snprintf(body, sizeof body, "{\"id\":\"x\",\"object\":\"text_completion\",\"model\":\"paced\",\"choices\":[{\"index\":0,"
                         "\"text\":\"tok x%d\",\"finish_reason\":\"length\"}],"
                         "\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}}",
                         n_tokens, c->prompt_tokens, n_tokens, c->prompt_tokens + n_tokens);
        char head[256];
        int h = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: %s\r\n\r\n",
                         n, c->close_after ? "close" : "keep-alive");
        buf_add(&c->out, head, (size_t)h); buf_add(&c->out, body, (size_t)n);
        finish_response(c);
        return;
    }
    while (c->next < n_tokens) {
        int64_t d = chunk_deadline(c, c->next);
        if (d > now) { heap_push(d, c->fd, c->gen); return; }
        note_late(d, now);
        if (c->next == 0) {
            c->first_write = now;
            const char *head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                               "Transfer-Encoding: chunked\r\n";
            buf_add(&c->out, head, strlen(head));
            if (c->close_after) buf_add(&c->out, "Connection: close\r\n\r\n", 21);
            else buf_add(&c->out, "Connection: keep-alive\r\n\r\n", 26);
            if (c->kind == 0)
                add_event(&c->out, "{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"paced\",\"choices\":[{\"index\":0,"
                                   "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        }
        if (c->kind == 0)
            add_event(&c->out, "{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"paced\",\"choices\":[{\"index\":0,"
                               "\"delta\":{\"content\":\"tok \"},\"finish_reason\":null}]}");
        else
            add_event(&c->out, "{\"id\":\"x\",\"object\":\"text_completion\",\"model\":\"paced\",\"choices\":[{\"index\":0,"
                               "\"text\":\"tok \",\"finish_reason\":null}]}");
        c->next++;
    }
    char json[512];
    if (c->kind == 0)
        snprintf(json, sizeof json, "{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"paced\",\"choices\":[{\"index\":0,"
                 "\"delta\":{},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}}",
                 c->prompt_tokens, n_tokens, c->prompt_tokens + n_tokens);
    else
        snprintf(json, sizeof json, "{\"id\":\"x\",\"object\":\"text_completion\",\"model\":\"paced\",\"choices\":[{\"index\":0,"
                 "\"text\":\"\",\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}}",
                 c->prompt_tokens, n_tokens, c->prompt_tokens + n_tokens);
    add_event(&c->out, json);
    add_event(&c->out, "[DONE]");
    buf_add(&c->out, "0\r\n\r\n", 5);
    finish_response(c);
}

static void process_input(conn_t *c);

/* Writes the queued output, then closes (at once, or from the EPOLLOUT handler). */
static void drain_and_close(conn_t *c) {
    c->draining = 1;
    if (flush_out(c) < 0) return;
    if (c->out.len == 0) { close_conn(c); return; }
    set_out_interest(c, 1);
}

/* The response is fully queued: back to reading (the next pipelined request, if any). */
static void finish_response(conn_t *c) {
    st_requests++;
    if (req_log) fprintf(req_log, "%lld %lld %lld %lld\n", (long long)c->head_at, (long long)c->arrival,
                         (long long)c->first_write, (long long)now_ns());
    c->head_at = 0;
    c->state = READING;
    c->gen++;
    if (c->close_after) { drain_and_close(c); return; }
    process_input(c);
}

static int path_is(const char *path, size_t plen, const char *want) {
    size_t w = strlen(want);
    if (plen < w || memcmp(path, want, w) != 0) return 0;
    return plen == w || path[w] == '?';
}

static const char *find_header(const char *head, size_t hlen, const char *name, size_t *vlen) {
    size_t nlen = strlen(name);
    const char *p = memchr(head, '\n', hlen);
    const char *end = head + hlen;
    while (p && p + 1 < end) {
        p++;
        if ((size_t)(end - p) > nlen + 1 && strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
            const char *v = p + nlen + 1;
            while (v < end && (*v == ' ' || *v == '\t')) v++;
            const char *e = v;
            while (e < end && *e != '\r' && *e != '\n') e++;
            *vlen = (size_t)(e - v);
            return v;
        }
        p = memchr(p, '\n', (size_t)(end - p));
    }
    return NULL;
}

/* Parses complete requests from the input buffer while the connection is READING. */
static void process_input(conn_t *c) {
    int fd = c->fd;
    while (c->state == READING) {
        char *data = c->in.p + c->in.off;
        size_t avail = c->in.len - c->in.off;
        if (avail == 0) break;
        char *end = memmem(data, avail, "\r\n\r\n", 4);
        if (!end) {
            if (avail > MAX_HEAD) { c->close_after = 1; simple_response(c, 431, "Request Header Fields Too Large", "text/plain", ""); drain_and_close(c); return; }
            break;
        }
        size_t hlen = (size_t)(end - data) + 4;
        size_t vlen = 0;
        const char *v = find_header(data, hlen, "Content-Length", &vlen);
        size_t body = v ? (size_t)strtoull(v, NULL, 10) : 0;
        if (find_header(data, hlen, "Transfer-Encoding", &vlen) || body > MAX_BODY) {
            c->close_after = 1;
            simple_response(c, 400, "Bad Request", "text/plain", "chunked or huge request bodies are not supported\n");
            drain_and_close(c);
            return;
        }
        if (avail < hlen + body) break;
        /* request line */
        char *sp1 = memchr(data, ' ', hlen);
        if (!sp1) { close_conn(c); return; }
        char *path = sp1 + 1;
        char *sp2 = memchr(path, ' ', (size_t)(data + hlen - path));
        if (!sp2) { close_conn(c); return; }
        size_t plen = (size_t)(sp2 - path);
        int http10 = (size_t)(data + hlen - sp2) > 9 && memcmp(sp2 + 1, "HTTP/1.0", 8) == 0;
        const char *conn_v = find_header(data, hlen, "Connection", &vlen);
        c->close_after = http10 ? !(conn_v && vlen >= 10 && strncasecmp(conn_v, "keep-alive", 10) == 0)
                                : (conn_v && vlen >= 5 && strncasecmp(conn_v, "close", 5) == 0);
        int is_get = (sp1 - data == 3 && memcmp(data, "GET", 3) == 0);
        int is_post = (sp1 - data == 4 && memcmp(data, "POST", 4) == 0);
        char *bodyp = data + hlen;
        c->in.off += hlen + body;

        if (is_post && (path_is(path, plen, "/v1/chat/completions") || path_is(path, plen, "/chat/completions") ||
                        path_is(path, plen, "/v1/completions") || path_is(path, plen, "/completions"))) {
            c->kind = (path_is(path, plen, "/v1/completions") || path_is(path, plen, "/completions")) ? 1 : 0;
            c->stream = !(memmem(bodyp, body, "\"stream\":false", 14) || memmem(bodyp, body, "\"stream\": false", 15));
            c->prompt_tokens = body / 4 > 0 ? (int)(body / 4) : 1;
            c->state = STREAMING;
            c->next = 0;
            c->gen++;
            c->arrival = now_ns();
            if (!c->head_at) c->head_at = c->arrival;
            advance_stream(c, c->arrival);   /* may finish at once (TTFT = ITL = 0) */
            if (conns[fd] != c) return;   /* closed */
            continue;
        }
        if (is_get && path_is(path, plen, "/v1/models")) {
            simple_response(c, 200, "OK", "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"paced\",\"object\":\"model\",\"owned_by\":\"bench\"}]}");
        } else if (is_get && (path_is(path, plen, "/stats") || path_is(path, plen, "/stats/reset"))) {
            char body_s[256];
            snprintf(body_s, sizeof body_s, "{\"requests\":%llu,\"chunks\":%llu,\"late_max_s\":%.9f,\"late_mean_s\":%.9f}",
                     (unsigned long long)st_requests, (unsigned long long)st_chunks, st_late_max,
                     st_chunks ? st_late_sum / (double)st_chunks : 0.0);
            if (path_is(path, plen, "/stats/reset")) { st_requests = st_chunks = 0; st_late_max = st_late_sum = 0; }
            simple_response(c, 200, "OK", "application/json", body_s);
        } else if (is_get && path_is(path, plen, "/health")) {
            simple_response(c, 200, "OK", "application/json", "{\"status\":\"ok\"}");
        } else {
            simple_response(c, 404, "Not Found", "text/plain", "");
        }
        if (c->close_after) { drain_and_close(c); return; }
    }
    if (conns[fd] == c) {
        buf_compact(&c->in);
        flush_out(c);
    }
}

static void on_readable(conn_t *c) {
    if (c->draining) return;
    for (;;) {
        buf_reserve(&c->in, 16384);
        ssize_t n = read(c->fd, c->in.p + c->in.len, c->in.cap - c->in.len);
        if (n > 0) {
            c->in.len += (size_t)n;
            if ((size_t)n < 16384) break;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        close_conn(c);   /* EOF or error: the client went away */
        return;
    }
    if (c->in.len - c->in.off > (size_t)MAX_HEAD + MAX_BODY) { close_conn(c); return; }
    if (req_log && c->state == READING && c->head_at == 0 && c->in.len > c->in.off) c->head_at = now_ns();
    if (c->state == READING) process_input(c);
}

static void on_accept(int lfd) {
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR) continue;
            if (errno == EMFILE || errno == ENFILE) fprintf(stderr, "paced-server: accept: %s\n", strerror(errno));
            return;
        }
        if (fd >= conns_cap) {
            int cap = conns_cap;
            while (cap <= fd) cap *= 2;
            conns = realloc(conns, (size_t)cap * sizeof *conns);
            memset(conns + conns_cap, 0, (size_t)(cap - conns_cap) * sizeof *conns);
            conns_cap = cap;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conn_t *c = calloc(1, sizeof *c);
        c->fd = fd;
        conns[fd] = c;
        struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.fd = fd };
        epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    }
}

static void on_timer(void) {
    uint64_t expirations;
    while (read(tfd, &expirations, sizeof expirations) > 0) {}
    armed = -1;
    int64_t now = now_ns();
    if (heap_len && heap[0].deadline > now && heap[0].deadline - now <= spin_ns) {
        while ((now = now_ns()) < heap[0].deadline) {}   /* the timer fired spin_ns early */
    }
    while (heap_len && heap[0].deadline <= now) {
        tev_t t = heap_pop();
        conn_t *c = (t.fd < conns_cap) ? conns[t.fd] : NULL;
        if (!c || c->gen != t.gen || c->state != STREAMING) continue;
        advance_stream(c, now);
        if (conns[t.fd] == c && c->state == STREAMING) flush_out(c);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s PORT [TTFT_S [ITL_S [N]]]\n", argv[0]); return 2; }
    int port = atoi(argv[1]);
    if (argc > 2) ttft_ns = (int64_t)(atof(argv[2]) * 1e9 + 0.5);
    if (argc > 3) itl_ns = (int64_t)(atof(argv[3]) * 1e9 + 0.5);
    if (argc > 4) n_tokens = atoi(argv[4]);
    if (argc > 5) spin_ns = (int64_t)(atof(argv[5]) * 1e9 + 0.5);
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    if (getenv("PACED_SERVER_LOG")) req_log = fopen(getenv("PACED_SERVER_LOG"), "w");
    if (n_tokens < 1) n_tokens = 1;

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) { rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_NOFILE, &rl); }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
    if (listen(lfd, 4096) < 0) { perror("listen"); return 1; }

    epfd = epoll_create1(EPOLL_CLOEXEC);
    tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = lfd };
    epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
    ev.data.fd = tfd;
    epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev);
    conns_cap = 1024;
    conns = calloc((size_t)conns_cap, sizeof *conns);

    fprintf(stderr, "paced-server: 127.0.0.1:%d TTFT %.4f s ITL %.4f s N %d\n", port, ttft_ns / 1e9, itl_ns / 1e9, n_tokens);
    struct epoll_event events[512];
    while (!stop_flag) {
        arm_timer();
        int n = epoll_wait(epfd, events, 512, -1);
        if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
        int timer_fired = 0;
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) { on_accept(lfd); continue; }
            if (fd == tfd) { timer_fired = 1; continue; }
            conn_t *c = fd < conns_cap ? conns[fd] : NULL;
            if (!c) continue;
            uint32_t e = events[i].events;
            if (e & EPOLLOUT) {
                if (flush_out(c) < 0) continue;
                if (c->draining && c->out.len == 0) { close_conn(c); continue; }
                if (c->draining) continue;
            }
            if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) on_readable(c);
        }
        if (timer_fired || (heap_len && heap[0].deadline - spin_ns <= now_ns())) on_timer();
    }
    if (req_log) fclose(req_log);
    fprintf(stderr, "paced-server: %llu requests, %llu chunks, lateness max %.6f s mean %.6f s\n",
            (unsigned long long)st_requests, (unsigned long long)st_chunks, st_late_max,
            st_chunks ? st_late_sum / (double)st_chunks : 0.0);
    return 0;
}
